/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The hoist command: a table of sub-commands, each in its own file, all
 * running against a struct hoist_env that says where the device, the host
 * facts and the output come from (the real ones in main.c, fakes in the
 * unit tests).
 */
#ifndef HOIST_TOOLS_HOIST_H
#define HOIST_TOOLS_HOIST_H

#include <pthread.h>
#include <stdio.h>

#include "lib/dev.h"
#include "lib/domcfg.h"
#include "lib/err.h"
#include "lib/host.h"
#include "lib/kimage.h"
#include "lib/kv.h"
#include "lib/store.h"

/* Exit statuses, as xl uses them. */
#define HOIST_EXIT_OK		0
#define HOIST_EXIT_FAIL		1

/* Process-level operations, faked in the unit tests (sys_linux.c). */
struct sys_ops {
	/*
	 * Goes on in a new background process: fork, setsid, fork again (so
	 * init adopts it), cwd "/", stdin /dev/null, stdout and stderr
	 * appended to /var/log/hoist/NAME.log (when /var/log exists) or
	 * /dev/null.  0 in that process, 1 in the caller, -errno.
	 */
	int (*daemonize)(const char *name);
	void (*sleep)(unsigned seconds);
	long (*getpid)(void);
};

extern const struct sys_ops sys_linux_ops;

struct hoist_env {
	const struct hoist_dev_ops *dev;
	const struct host_ops *host;
	const struct sys_ops *sys;
	const struct store_ops *store;
	FILE *out;
	FILE *err;
	int in_fd;		/* console input (Ctrl-] leaves); -1: none */
};

struct hoist_opt {
	const char *flags;	/* "-c, --clear" */
	const char *text;
};

typedef int (*hoist_cmd_fn)(struct hoist_env *env, int argc, char **argv);

struct hoist_cmd {
	const char *name;
	hoist_cmd_fn fn;
	const char *args;	/* synopsis after the name, "" if none */
	const char *summary;	/* one line for the command list */
	const char *desc;	/* paragraph(s) for `hoist help CMD` */
	const struct hoist_opt *opts;	/* NULL-terminated, or NULL */
};

extern const struct hoist_cmd hoist_cmds[];
extern const unsigned hoist_nr_cmds;

/* Entry point behind main(): argv[0] is the program name. */
int hoist_main(struct hoist_env *env, int argc, char **argv);
const struct hoist_cmd *hoist_cmd_find(const char *name);

/* "hoist: <message>\n" on env->err. */
void hoist_err(struct hoist_env *env, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The message for a failed open of /dev/hoist; returns HOIST_EXIT_FAIL. */
int hoist_err_open(struct hoist_env *env, int err);
/* The message for a failed request; returns HOIST_EXIT_FAIL. */
int hoist_err_request(struct hoist_env *env, const char *what, int err);

/* Is arg "-h" or "--help"? */
int hoist_is_help(const char *arg);
/* Decimal u32 with nothing else around it.  0 or -EINVAL. */
int hoist_parse_u32(const char *s, uint32_t *val);

/* The common start of a command: prints its help and returns 1 when
 * an argument is -h or --help (the caller then returns 0). */
int hoist_want_help(struct hoist_env *env, const char *cmd, int argc,
		    char **argv);
/* "hoist: CMD: unknown option '-x'; try 'hoist help CMD'": returns 1. */
int hoist_err_usage(struct hoist_env *env, const char *cmd, const char *what,
		    const char *arg);

/* For commands taking one DOMAIN (argv[1]): 0, or 1 with the usage
 * error printed. */
int hoist_domain_arg(struct hoist_env *env, const char *cmd, int argc,
		     char **argv);
/* The message for a failed request about domain q; returns 1. */
int hoist_err_domain(struct hoist_env *env, const char *cmd, const char *q,
		     int err);

/* Commands (cmd_*.c). */
int cmd_create(struct hoist_env *env, int argc, char **argv);
int cmd_list(struct hoist_env *env, int argc, char **argv);
int cmd_destroy(struct hoist_env *env, int argc, char **argv);
int cmd_shutdown(struct hoist_env *env, int argc, char **argv);
int cmd_reboot(struct hoist_env *env, int argc, char **argv);
int cmd_sysrq(struct hoist_env *env, int argc, char **argv);
int cmd_pause(struct hoist_env *env, int argc, char **argv);
int cmd_unpause(struct hoist_env *env, int argc, char **argv);
int cmd_console(struct hoist_env *env, int argc, char **argv);
int cmd_vcpu_list(struct hoist_env *env, int argc, char **argv);
int cmd_help(struct hoist_env *env, int argc, char **argv);
int cmd_version(struct hoist_env *env, int argc, char **argv);
int cmd_info(struct hoist_env *env, int argc, char **argv);
int cmd_dmesg(struct hoist_env *env, int argc, char **argv);
int cmd_stats(struct hoist_env *env, int argc, char **argv);

/* Help text of one command (cmd_help.c). */
void hoist_print_usage(FILE *out);
void hoist_print_cmd_help(FILE *out, const struct hoist_cmd *cmd);

/* info (cmd_info.c): the keys in print order, and building the lines. */
struct info_key {
	const char *name;
	int hv;			/* needs the module */
};
extern const struct info_key info_keys[];
extern const unsigned info_nr_keys;
const struct info_key *info_key_find(const char *name);
/* hoist == NULL: the module is not loaded.  xenstored: "running" or
 * "not running", NULL to leave the key out. */
void info_build(struct kv_list *list, const struct host_facts *host,
		const struct hoist_info *hoist, const char *xenstored);
void info_format_version(char *buf, size_t size, const struct hoist_info *hi);
const char *info_domains_allowed(const struct hoist_info *hi);
void info_format_caps(char *buf, size_t size, const struct hoist_info *hi);
void info_format_svm_features(char *buf, size_t size, uint32_t edx);
const char *info_cc_compiler(void);

/* dmesg (cmd_dmesg.c): the log bytes as they should appear. */
void dmesg_write(FILE *out, const char *log, size_t len);

/* stats (cmd_stats.c): the table for n CPUs. */
void stats_print_table(FILE *out, const struct hoist_cpu_stats *stats,
		       size_t n);

/*
 * Domains as the commands see them (domain.c): the hypervisor's list with
 * a Domain-0 row first, built from the host's facts (dom0.c).
 */
#define DOMAINS_MAX	(HOIST_MAX_DOMAINS + 1)
#define DOM0_NAME	"Domain-0"

struct domains {
	struct hoist_domain_info d[DOMAINS_MAX];
	size_t n;
};

/* Domain-0 as a domain: MemTotal, online CPUs, busy time (/proc/stat). */
void dom0_info(const struct host_ops *host, struct hoist_domain_info *info);
/* Domain-0's vCPUs: one per online CPU, running on it.  0 or -errno. */
int dom0_vcpus(const struct host_ops *host, struct hoist_vcpu_info **vcpus,
	       size_t *n);
/* Fetches the list; prints the error and returns 1 on failure. */
int domains_fetch(struct hoist_env *env, struct hoist_dev *dev,
		  struct domains *doms);
/* By id when q is all digits, else by name (as libxl does); or NULL. */
const struct hoist_domain_info *domains_find(const struct domains *doms,
					     const char *q);
/* Fetch + find; "hoist: Domain 'q' does not exist." and 1 when not. */
int domain_resolve(struct hoist_env *env, struct hoist_dev *dev,
		   const char *q, struct hoist_domain_info *info);
/* Opens the device and resolves q: 0, or 1 with the error printed. */
int domain_open(struct hoist_env *env, struct hoist_dev *dev, const char *q,
		struct hoist_domain_info *info);

/* list (cmd_list.c): xl's table and a JSON form. */
void list_state(char state[7], const struct hoist_domain_info *info);
void list_print_header(FILE *out);
void list_print_row(FILE *out, const struct hoist_domain_info *info);
void list_print_json(FILE *out, const struct hoist_domain_info *d, size_t n);

/* vcpu-list (cmd_vcpu_list.c): xl's table. */
void vcpu_list_print_header(FILE *out);
void vcpu_list_print_row(FILE *out, const char *name,
			 const struct hoist_vcpu_info *v);

/*
 * Building a domain (build.c), for create and for the monitor's restart.
 * domain_images_read: reads the kernel (decoding a bzImage) and the
 * ramdisk once, for the functions taking img.
 * domain_check_images: kernel loadable, layout fits (create, create -n).
 * domain_build: create it, load it, set vCPU 0 at the entry; paused.
 * First, when host is given, a domain larger than the memory dom0 has
 * free (MemAvailable) is refused with both figures, before anything is
 * allocated.
 * domain_start: unpause.  On failure both destroy what they created and
 * leave the message in e.  domain_build without img reads the files
 * (the monitor's restart reads them again).
 */
struct domain_images {
	char *kernel_file, *ramdisk;	/* the files as read */
	size_t kernel_file_len, ramdisk_len;
	struct kimage kernel;		/* the ELF to load */
};

int domain_images_read(const struct domcfg *d, struct domain_images *img,
		       struct errbuf *e);
void domain_images_free(struct domain_images *img);
int domain_check_images(const struct domcfg *d,
			const struct domain_images *img, struct errbuf *e);
int domain_build_images(struct hoist_env *env, struct hoist_dev *dev,
			const struct domcfg *d,
			const struct domain_images *img, uint32_t *domid,
			struct errbuf *e);
int domain_build(struct hoist_env *env, struct hoist_dev *dev,
		 const struct domcfg *d, uint32_t *domid, struct errbuf *e);
int domain_start(struct hoist_env *env, struct hoist_dev *dev,
		 const struct domcfg *d, uint32_t domid, struct errbuf *e);
/*
 * DOMAIN_DESTROY, then the domain's store nodes (RELEASE, rm).  0, or
 * -errno from the destroy (-ENOENT: gone already; the nodes are removed
 * all the same).  A store that cannot be cleaned leaves its message in
 * store_e (store_e->msg[0] != 0) without failing the destroy: the domain
 * is gone either way.
 */
int domain_teardown(struct hoist_env *env, struct hoist_dev *dev,
		    uint32_t domid, struct errbuf *store_e);

/*
 * The xenstore (store_dom.c).  Whether a domain gets a store: a kernel
 * that says it is Linux (Xen/GUEST_OS note) talks xenbus and gets one,
 * as every xl domain does; the freestanding test guests do not.
 */
#define STORE_PATH_MAX	256

struct store_domain {
	uint32_t domid;
	const char *name;
	char uuid[37];
	uint64_t mem_kb;
	uint32_t vcpus;
	uint32_t store_port;	/* the guest's end of the store channel */
	uint64_t store_gfn;	/* HOIST_GUEST_STORE_PFN */
};

/* Connects; with launch, a daemon that does not answer is started
 * first.  0, or -errno with the message in e. */
int store_connect(const struct store_ops *ops, int launch, struct store **s,
		  struct errbuf *e);
/* The layout above in one transaction, then INTRODUCE (a failed
 * introduce removes the nodes again).  0, or -errno with e. */
int store_domain_write(const struct store_ops *ops, struct store *s,
		       const struct store_domain *sd, struct errbuf *e);
/* RELEASE (its failure ignored: the daemon may have released it), rm
 * /local/domain/N and the /vm/UUID it names.  0 or -errno. */
int store_domain_remove(const struct store_ops *ops, struct store *s,
			uint32_t domid);
/* Connect (no launch), remove, close.  0 (also when no daemon runs: its
 * tree went with it), or -errno with e. */
int store_domain_cleanup(const struct store_ops *ops, uint32_t domid,
			 struct errbuf *e);

/*
 * The guest's control nodes (control.c), as xl's shutdown, reboot and
 * sysrq write them: control/shutdown = "poweroff" | "reboot" only when
 * the guest announced control/feature-<what> = 1 (-EOPNOTSUPP when it
 * did not), control/sysrq = the key.  0, or -errno with e.
 */
int control_shutdown(const struct store_ops *ops, struct store *s,
		     uint32_t domid, const char *what, struct errbuf *e);
int control_sysrq(const struct store_ops *ops, struct store *s,
		  uint32_t domid, char key, struct errbuf *e);

/*
 * The monitor (monitor.c), xl's per-domain daemon: waits for the domain
 * to shut down and applies on_poweroff/on_reboot/on_watchdog/on_crash.
 * monitor_spawn: 0 in the caller (the monitor runs on in the background)
 * or -errno.  monitor_run: the loop itself; returns an exit status.
 */
int monitor_spawn(struct hoist_env *env, struct hoist_dev *dev,
		  const struct domcfg *d, uint32_t domid);
int monitor_run(struct hoist_env *env, struct hoist_dev *dev,
		const struct domcfg *d, uint32_t domid);

/*
 * console (console.c): prints domid's output until it is gone, and
 * forwards env->in_fd to the guest meanwhile (console_input.c); Ctrl-]
 * on it detaches (ends the process with status 0).  Returns an exit
 * status.
 */
#define CONSOLE_ESCAPE	0x1d	/* Ctrl-], as in xl console */
int console_attach(struct hoist_env *env, struct hoist_dev *dev,
		   uint32_t domid);

struct console_input {
	struct hoist_env *env;
	struct hoist_dev *dev;
	uint32_t domid;
	int fd;
	int wake[2];		/* console_input_stop() -> the thread */
	pthread_t thread;
	int running;
};

/* Starts forwarding fd (see console_input.c for what is read when).
 * 0 or -errno; console_input_stop() is due either way. */
int console_input_start(struct console_input *ci, struct hoist_env *env,
			struct hoist_dev *dev, uint32_t domid, int fd);
/* Stops the thread and restores the terminal (idempotent). */
void console_input_stop(struct console_input *ci);

#endif /* HOIST_TOOLS_HOIST_H */
