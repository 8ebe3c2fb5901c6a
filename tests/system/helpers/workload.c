/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * workload: a deterministic dom0 workload, run native and hoisted to check
 * that a hoisted kernel computes the same results, and how much slower.
 *
 *   workload [-n ROUNDS | -t SECONDS] [-j JOBS] [-m MIB] [-w MODE]
 *
 * JOBS worker processes (default: online CPUs) each run rounds.  In the
 * default mode (-w mixed) a round is
 *   cpu    an xorshift64 / FNV-1a mix over a fixed number of iterations,
 *   memory mmap MIB MiB (default 16), fill with a pseudo-random pattern
 *          (every page faults in), verify it, checksum it, munmap,
 *   fork   fork + exec of this program in its tiny "--child N" mode,
 *          waitpid, check the exit status,
 *   timers nanosleep(10 ms) and a 5 ms timerfd interval (3 expirations),
 *          checking elapsed >= requested and < requested + TIMER_SLACK_NS.
 * Two more modes isolate one kind of work each:
 *   -w cpu  CPU-bound: a round is CPU_ROUNDS cpu parts, no system call;
 *   -w mem  memory-bound: each job maps one buffer of MIB MiB (default
 *           1024 in this mode) and writes every page of it once (the first
 *           touch: the guest kernel's page faults and zeroing, and under
 *           KVM the host's too); then a round is a sequential write pass
 *           over the whole buffer, a sequential read pass checksumming it,
 *           and a random read pass (one word in 8, at pseudo-random places:
 *           in a large buffer, mostly TLB misses).
 * A round's digest depends only on the job number, MODE and MIB, never on
 * time, so it is the same in every round: a round that differs counts an
 * error.
 *
 * Output (stdout), jobs in order:
 *   -n: workload job=<j> rounds=<n> digest=<hex> errors=<e>      per job
 *       workload digest=<hex> rounds=<total> errors=<e>
 *   -t: workload job=<j> rounds=<n> round_digest=<hex> errors=<e> per job
 *       workload rounds=<total> round_digest=<hex> errors=<e>
 *   both: workload elapsed_ns=<n>      (fork of the first job to the last exit)
 *   -w mem, both: workload touch_ns=<n> rounds_ns=<n>
 *         the first touch and the rounds alone (the slowest job's of each)
 * In -n mode every line but elapsed_ns is identical run to run and native vs
 * hoisted for the same -n/-j/-m/-w; in -t mode round_digest and errors are.
 * Default: -n 3.  Exit status 0 if errors=0, else 1; 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CPU_ITERS	(1u << 18)
#define CPU_ROUNDS	16	/* -w cpu: cpu parts per round */
#define MEM_MIB_DEFAULT	1024	/* -w mem's buffer */
#define MEM_RANDOM_DIV	8	/* -w mem: random reads, one per 8 words */
#define FORKS_PER_ROUND	4
#define SLEEP_NS	10000000ull		/* 10 ms */
#define TFD_INTERVAL_NS	5000000ull		/* 5 ms */
#define TFD_EXPIRATIONS	3
/* Generous: the emulated machine is slow and shared by JOBS processes. */
#define TIMER_SLACK_NS	2000000000ull

#define FNV_OFFSET	0xcbf29ce484222325ull
#define FNV_PRIME	0x100000001b3ull

enum mode { MODE_MIXED, MODE_CPU, MODE_MEM };

struct job_result {
	uint64_t rounds;
	uint64_t touch_ns;	/* -w mem: the first touch of the buffer */
	uint64_t rounds_ns;	/* -w mem: the rounds after it */
	uint64_t digest;	/* -n: fold of all rounds */
	uint64_t round_digest;	/* the (constant) digest of one round */
	uint64_t errors;
	int done;		/* the job reached its end normally */
};

static char self_path[PATH_MAX];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t xorshift64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* FNV-1a over the 8 bytes of v. */
static uint64_t mix(uint64_t h, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= FNV_PRIME;
	}
	return h;
}

static uint64_t job_seed(unsigned job)
{
	return 0x9e3779b97f4a7c15ull * ((uint64_t)job + 1);
}

/* Exit code of "--child N": a function of N the parent can check. */
static int child_code(uint64_t n)
{
	return (int)(mix(FNV_OFFSET, n) & 0x7f);
}

static uint64_t cpu_part(unsigned job)
{
	uint64_t x = job_seed(job), h = FNV_OFFSET;
	unsigned i;

	for (i = 0; i < CPU_ITERS; i++)
		h = mix(h, xorshift64(&x));
	return h;
}

static uint64_t mem_part(unsigned job, size_t bytes, uint64_t *errors)
{
	size_t words = bytes / sizeof(uint64_t), i;
	uint64_t x, sum = FNV_OFFSET, *p;

	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "workload: job %u: mmap %zu: %s\n", job, bytes,
			strerror(errno));
		++*errors;
		return 0;
	}
	x = job_seed(job) ^ 0x5555;
	for (i = 0; i < words; i++)
		p[i] = xorshift64(&x) ^ i;
	x = job_seed(job) ^ 0x5555;
	for (i = 0; i < words; i++) {
		uint64_t want = xorshift64(&x) ^ i;

		if (p[i] != want) {
			fprintf(stderr, "workload: job %u: word %zu is 0x%llx, "
				"wrote 0x%llx\n", job, i,
				(unsigned long long)p[i], (unsigned long long)want);
			++*errors;
			break;
		}
		sum = (sum ^ p[i]) * FNV_PRIME;
	}
	munmap(p, bytes);
	return sum;
}

static uint64_t fork_part(unsigned job, uint64_t *errors)
{
	uint64_t h = FNV_OFFSET;
	int k;

	for (k = 0; k < FORKS_PER_ROUND; k++) {
		uint64_t n = (uint64_t)job * FORKS_PER_ROUND + (uint64_t)k;
		char arg[24];
		int status;
		pid_t pid;

		snprintf(arg, sizeof(arg), "%llu", (unsigned long long)n);
		pid = fork();
		if (pid < 0) {
			fprintf(stderr, "workload: job %u: fork: %s\n", job,
				strerror(errno));
			++*errors;
			continue;
		}
		if (pid == 0) {
			execl(self_path, self_path, "--child", arg, (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid) {
			fprintf(stderr, "workload: job %u: waitpid: %s\n", job,
				strerror(errno));
			++*errors;
			continue;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != child_code(n)) {
			fprintf(stderr, "workload: job %u: child %llu status 0x%x, "
				"expected exit %d\n", job, (unsigned long long)n,
				status, child_code(n));
			++*errors;
			continue;
		}
		h = mix(h, (uint64_t)WEXITSTATUS(status));
	}
	return h;
}

static void check_elapsed(unsigned job, const char *what, uint64_t elapsed,
			  uint64_t requested, uint64_t *errors)
{
	if (elapsed < requested || elapsed >= requested + TIMER_SLACK_NS) {
		fprintf(stderr, "workload: job %u: %s took %llu ns, requested "
			"%llu ns\n", job, what, (unsigned long long)elapsed,
			(unsigned long long)requested);
		++*errors;
	}
}

/* Timing is not part of the digest (it varies); failures count as errors. */
static void timer_part(unsigned job, uint64_t *errors)
{
	struct timespec req = { 0, (long)SLEEP_NS }, rem;
	struct itimerspec its;
	uint64_t t0, expirations = 0, n;
	int fd;

	t0 = now_ns();
	while (nanosleep(&req, &rem) < 0 && errno == EINTR)
		req = rem;
	check_elapsed(job, "nanosleep", now_ns() - t0, SLEEP_NS, errors);

	fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "workload: job %u: timerfd_create: %s\n", job,
			strerror(errno));
		++*errors;
		return;
	}
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = (long)TFD_INTERVAL_NS;
	its.it_interval.tv_nsec = (long)TFD_INTERVAL_NS;
	t0 = now_ns();
	if (timerfd_settime(fd, 0, &its, NULL) < 0) {
		fprintf(stderr, "workload: job %u: timerfd_settime: %s\n", job,
			strerror(errno));
		++*errors;
		close(fd);
		return;
	}
	while (expirations < TFD_EXPIRATIONS) {
		if (read(fd, &n, sizeof(n)) != (ssize_t)sizeof(n)) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "workload: job %u: timerfd read: %s\n",
				job, strerror(errno));
			++*errors;
			break;
		}
		expirations += n;
	}
	/* Expiration k happens no earlier than k intervals after the start. */
	check_elapsed(job, "timerfd", now_ns() - t0,
		      expirations * TFD_INTERVAL_NS, errors);
	close(fd);
}

/*
 * -w mem.  The patterns are cheap on purpose (a multiply per word), so that
 * the passes wait on memory and address translation, not on arithmetic:
 * under nested paging every TLB miss walks the guest's tables and, for
 * each level, the nested ones.
 */
static uint64_t mem_word(unsigned job, size_t i)
{
	return ((uint64_t)i ^ job_seed(job)) * FNV_PRIME;
}

/* Writes every page once; returns the time it took. */
static uint64_t mem_touch(uint64_t *p, size_t words)
{
	uint64_t t0 = now_ns();
	size_t i;

	for (i = 0; i < words; i += 4096 / sizeof(*p))
		p[i] = (uint64_t)i;
	return now_ns() - t0;
}

static uint64_t mem_round(unsigned job, uint64_t *p, size_t words,
			  uint64_t *errors)
{
	uint64_t h = FNV_OFFSET, x = job_seed(job) ^ 0xaaaa;
	size_t i, bad = words;

	for (i = 0; i < words; i++)
		p[i] = mem_word(job, i);
	for (i = 0; i < words; i++) {
		if (p[i] != mem_word(job, i) && bad == words)
			bad = i;
		h = (h ^ p[i]) * FNV_PRIME;
	}
	if (bad != words) {
		fprintf(stderr, "workload: job %u: word %zu is 0x%llx, wrote "
			"0x%llx\n", job, bad, (unsigned long long)p[bad],
			(unsigned long long)mem_word(job, bad));
		++*errors;
	}
	/* Random reads: an index in [0, words) from the high half of x. */
	for (i = 0; i < words / MEM_RANDOM_DIV; i++)
		h = (h ^ p[((xorshift64(&x) >> 32) * words) >> 32]) * FNV_PRIME;
	return h;
}

static void run_mem_job(unsigned job, uint64_t rounds, uint64_t deadline,
			size_t bytes, volatile struct job_result *res)
{
	uint64_t r, d, t0, first = 0, digest = FNV_OFFSET, errors = 0;
	size_t words = bytes / sizeof(uint64_t);
	uint64_t *p;

	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "workload: job %u: mmap %zu: %s\n", job, bytes,
			strerror(errno));
		return;		/* not done: counted as died */
	}
	res->touch_ns = mem_touch(p, words);
	t0 = now_ns();
	for (r = 0; deadline ? (r == 0 || now_ns() < deadline) : r < rounds; r++) {
		d = mem_round(job, p, words, &errors);
		if (r == 0) {
			first = d;
		} else if (d != first) {
			fprintf(stderr, "workload: job %u: round %llu digest "
				"%016llx, round 0 had %016llx\n", job,
				(unsigned long long)r, (unsigned long long)d,
				(unsigned long long)first);
			errors++;
		}
		digest = mix(mix(digest, r), d);
	}
	res->rounds_ns = now_ns() - t0;
	munmap(p, bytes);
	res->rounds = r;
	res->digest = digest;
	res->round_digest = first;
	res->errors = errors;
	res->done = 1;
}

static uint64_t cpu_round(unsigned job)
{
	uint64_t d = FNV_OFFSET;
	int k;

	for (k = 0; k < CPU_ROUNDS; k++)
		d = mix(d, cpu_part(job + (unsigned)k * 256));
	return d;
}

static uint64_t one_round(unsigned job, size_t mem_bytes, uint64_t *errors)
{
	uint64_t d = FNV_OFFSET;

	d = mix(d, cpu_part(job));
	d = mix(d, mem_part(job, mem_bytes, errors));
	d = mix(d, fork_part(job, errors));
	timer_part(job, errors);
	return d;
}

static void run_job(unsigned job, enum mode mode, uint64_t rounds,
		    uint64_t deadline, size_t mem_bytes,
		    volatile struct job_result *res)
{
	uint64_t r, d, first = 0, digest = FNV_OFFSET, errors = 0;

	if (mode == MODE_MEM) {
		run_mem_job(job, rounds, deadline, mem_bytes, res);
		return;
	}
	for (r = 0; deadline ? (r == 0 || now_ns() < deadline) : r < rounds; r++) {
		d = mode == MODE_CPU ? cpu_round(job) :
		    one_round(job, mem_bytes, &errors);
		if (r == 0) {
			first = d;
		} else if (d != first) {
			fprintf(stderr, "workload: job %u: round %llu digest "
				"%016llx, round 0 had %016llx\n", job,
				(unsigned long long)r, (unsigned long long)d,
				(unsigned long long)first);
			errors++;
		}
		digest = mix(mix(digest, r), d);
	}
	res->rounds = r;
	res->digest = digest;
	res->round_digest = first;
	res->errors = errors;
	res->done = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: workload [-n ROUNDS | -t SECONDS] [-j JOBS] "
		"[-m MIB] [-w mixed|cpu|mem]\n");
	exit(2);
}

static unsigned long parse_ulong(const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > max)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	uint64_t rounds = 3, seconds = 0, total_rounds = 0, errors = 0;
	uint64_t digest = FNV_OFFSET, round_digest = FNV_OFFSET, t0, t1;
	uint64_t touch_ns = 0, rounds_ns = 0;
	unsigned long mib = 0;		/* 0: the mode's default */
	enum mode mode = MODE_MIXED;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned jobs = ncpu > 0 ? (unsigned)ncpu : 1, j;
	volatile struct job_result *res;
	ssize_t len;
	int i;

	/* Tiny mode for the fork/exec part: exit with a checkable code. */
	if (argc == 3 && !strcmp(argv[1], "--child"))
		return child_code(strtoull(argv[2], NULL, 10));

	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "-n")) {
			rounds = parse_ulong(argv[++i], 1000000);
			seconds = 0;
		} else if (!strcmp(argv[i], "-t")) {
			seconds = parse_ulong(argv[++i], 86400);
		} else if (!strcmp(argv[i], "-j")) {
			jobs = (unsigned)parse_ulong(argv[++i], 256);
		} else if (!strcmp(argv[i], "-m")) {
			/* -w mem's random reads index the buffer with 32-bit
			 * fractions: at most 2^32 words. */
			mib = parse_ulong(argv[++i], 32768);
		} else if (!strcmp(argv[i], "-w")) {
			i++;
			if (!strcmp(argv[i], "mixed"))
				mode = MODE_MIXED;
			else if (!strcmp(argv[i], "cpu"))
				mode = MODE_CPU;
			else if (!strcmp(argv[i], "mem"))
				mode = MODE_MEM;
			else
				usage();
		} else {
			usage();
		}
	}

	if (!mib)
		mib = mode == MODE_MEM ? MEM_MIB_DEFAULT : 16;
	/* The mixed mode maps its buffer anew in every round. */
	if (mode != MODE_MEM && mib > 1024)
		usage();

	len = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	if (len > 0)
		self_path[len] = '\0';
	else if (strchr(argv[0], '/') && strlen(argv[0]) < sizeof(self_path))
		strcpy(self_path, argv[0]);
	else {
		fprintf(stderr, "workload: cannot find my own path "
			"(mount /proc or run me by path)\n");
		return 1;
	}

	res = mmap(NULL, jobs * sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		perror("workload: mmap");
		return 1;
	}
	fflush(stdout);

	t0 = now_ns();
	for (j = 0; j < jobs; j++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("workload: fork");
			return 1;
		}
		if (pid == 0) {
			run_job(j, mode, rounds,
				seconds ? t0 + seconds * 1000000000ull : 0,
				(size_t)mib << 20, &res[j]);
			_exit(0);
		}
	}
	for (j = 0; j < jobs; j++) {
		int status;

		if (wait(&status) < 0) {
			perror("workload: wait");
			return 1;
		}
	}
	t1 = now_ns();

	for (j = 0; j < jobs; j++) {
		if (!res[j].done) {
			fprintf(stderr, "workload: job %u died\n", j);
			errors++;
			continue;
		}
		if (seconds)
			printf("workload job=%u rounds=%llu round_digest=%016llx "
			       "errors=%llu\n", j,
			       (unsigned long long)res[j].rounds,
			       (unsigned long long)res[j].round_digest,
			       (unsigned long long)res[j].errors);
		else
			printf("workload job=%u rounds=%llu digest=%016llx "
			       "errors=%llu\n", j,
			       (unsigned long long)res[j].rounds,
			       (unsigned long long)res[j].digest,
			       (unsigned long long)res[j].errors);
		total_rounds += res[j].rounds;
		if (res[j].touch_ns > touch_ns)
			touch_ns = res[j].touch_ns;
		if (res[j].rounds_ns > rounds_ns)
			rounds_ns = res[j].rounds_ns;
		errors += res[j].errors;
		digest = mix(digest, res[j].digest);
		round_digest = mix(round_digest, res[j].round_digest);
	}
	if (seconds)
		printf("workload rounds=%llu round_digest=%016llx errors=%llu\n",
		       (unsigned long long)total_rounds,
		       (unsigned long long)round_digest,
		       (unsigned long long)errors);
	else
		printf("workload digest=%016llx rounds=%llu errors=%llu\n",
		       (unsigned long long)digest,
		       (unsigned long long)total_rounds,
		       (unsigned long long)errors);
	printf("workload elapsed_ns=%llu\n", (unsigned long long)(t1 - t0));
	if (mode == MODE_MEM)
		printf("workload touch_ns=%llu rounds_ns=%llu\n",
		       (unsigned long long)touch_ns,
		       (unsigned long long)rounds_ns);
	return errors ? 1 : 0;
}
