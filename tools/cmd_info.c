/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist info [KEY]: `xl info` for Hoist.  Host keys come from uname,
 * /sys and /proc; hypervisor keys from HOIST_IOC_INFO and are left out
 * when the module is not loaded; xenstored says whether hoist-xenstored
 * answers on its socket.  A fact that cannot be read is left out
 * rather than guessed.
 */
#include <string.h>

#include <hoist/image.h>	/* HOIST_CHUNK_SIZE: what hv_chunks_* count */

#include "hoist.h"

const struct info_key info_keys[] = {
	{ "host", 0 },
	{ "release", 0 },
	{ "version", 0 },
	{ "machine", 0 },
	{ "nr_cpus", 0 },
	{ "max_cpu_id", 0 },
	{ "total_memory", 0 },
	{ "free_memory", 0 },
	{ "hoisted", 0 },
	{ "hoist_version", 1 },
	{ "hoist_caps", 1 },
	{ "cpus_hoisted", 1 },
	{ "cpus_present", 1 },
	{ "domains", 1 },
	{ "domains_allowed", 1 },
	{ "hypervisor_memory", 1 },
	{ "hypervisor_free_memory", 1 },
	{ "hypervisor_pages", 1 },
	{ "hypervisor_free_pages", 1 },
	{ "hypervisor_load_memory", 1 },
	{ "hypervisor_max_memory", 1 },
	{ "hv_chunks_added", 1 },
	{ "hv_chunks_returned", 1 },
	{ "hv_access_blocked", 1 },
	{ "max_phys_bits", 1 },
	{ "asids", 1 },
	{ "svm_features", 1 },
	{ "xenstored", 0 },
	{ "cc_compiler", 0 },
};

const unsigned info_nr_keys = sizeof(info_keys) / sizeof(info_keys[0]);

/* CPUID 0x8000000A EDX bits, named as Linux names them in cpuinfo. */
static const char *const svm_feature_names[32] = {
	[0] = "npt", [1] = "lbrv", [2] = "svm_lock", [3] = "nrip_save",
	[4] = "tsc_scale", [5] = "vmcb_clean", [6] = "flushbyasid",
	[7] = "decodeassists", [10] = "pausefilter", [12] = "pfthreshold",
	[13] = "avic", [15] = "v_vmsave_vmload", [16] = "vgif",
	[18] = "x2avic", [20] = "v_spec_ctrl", [28] = "svme_addr_chk",
};

#define SVM_FEATURE_NPT	(1u << 0)
#define PAGES_PER_MIB	(1024u * 1024u / 4096u)
#define CHUNK_MIB	(HOIST_CHUNK_SIZE >> 20)

const struct info_key *info_key_find(const char *name)
{
	unsigned i;

	for (i = 0; i < info_nr_keys; i++)
		if (!strcmp(info_keys[i].name, name))
			return &info_keys[i];
	return NULL;
}

/*
 * Whether the hypervisor creates domains, and if not why: it refuses while
 * a CPU could run dom0's code natively (docs/security.md).
 */
const char *info_domains_allowed(const struct hoist_info *hi)
{
	if (hi->flags & HOIST_INFO_CPU_EXPOSED)
		return "no (a CPU ran natively since the module was loaded: "
		       "rmmod hoist, bring every CPU online, insmod hoist)";
	if (hi->flags & HOIST_INFO_CPU_MISSING)
		return "no (a CPU is offline: rmmod hoist, bring every CPU "
		       "online, insmod hoist)";
	return "yes";
}

void info_format_version(char *buf, size_t size, const struct hoist_info *hi)
{
	snprintf(buf, size, "%u.%u%s", (unsigned)(hi->version >> 16),
		 (unsigned)(hi->version & 0xffff), hi->extra);
}

void info_format_caps(char *buf, size_t size, const struct hoist_info *hi)
{
	int len = snprintf(buf, size, "svm");

	if ((hi->svm_features & SVM_FEATURE_NPT) && len >= 0 &&
	    (size_t)len < size)
		len += snprintf(buf + len, size - (size_t)len, " npt");
	if (hi->npt_levels && len >= 0 && (size_t)len < size)
		snprintf(buf + len, size - (size_t)len, " npt-levels=%u",
			 (unsigned)hi->npt_levels);
}

void info_format_svm_features(char *buf, size_t size, uint32_t edx)
{
	size_t len = 0;
	unsigned bit;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (bit = 0; bit < 32 && len < size; bit++) {
		char unnamed[8];
		const char *name = svm_feature_names[bit];
		int n;

		if (!(edx & (1u << bit)))
			continue;
		if (!name) {
			snprintf(unnamed, sizeof(unnamed), "bit%u", bit);
			name = unnamed;
		}
		n = snprintf(buf + len, size - len, "%s%s", len ? " " : "",
			     name);
		if (n < 0)
			break;
		len += (size_t)n;
	}
}

const char *info_cc_compiler(void)
{
#if defined(__clang__)
	return "clang " __clang_version__;
#elif defined(__GNUC__)
	return "gcc " __VERSION__;
#else
	return NULL;
#endif
}

void info_build(struct kv_list *l, const struct host_facts *h,
		const struct hoist_info *hi, const char *xenstored)
{
	char buf[KV_VALUE_MAX];
	const char *cc = info_cc_compiler();

	kv_init(l);
	if (h->have_uname) {
		kv_add(l, "host", "%s", h->uts.nodename);
		kv_add(l, "release", "%s", h->uts.release);
		kv_add(l, "version", "%s", h->uts.version);
		kv_add(l, "machine", "%s", h->uts.machine);
	}
	if (h->have_cpus) {
		kv_add(l, "nr_cpus", "%u", (unsigned)h->nr_cpus);
		kv_add(l, "max_cpu_id", "%u", (unsigned)h->max_cpu_id);
	}
	if (h->have_mem) {
		/* MiB, rounded down, as xl prints its memory figures. */
		kv_add(l, "total_memory", "%llu",
		       (unsigned long long)(h->total_kib / 1024));
		kv_add(l, "free_memory", "%llu",
		       (unsigned long long)(h->free_kib / 1024));
	}
	kv_add(l, "hoisted", "%s", hi && hi->cpus_hoisted ? "yes" : "no");
	if (hi) {
		info_format_version(buf, sizeof(buf), hi);
		kv_add(l, "hoist_version", "%s", buf);
		info_format_caps(buf, sizeof(buf), hi);
		kv_add(l, "hoist_caps", "%s", buf);
		kv_add(l, "cpus_hoisted", "%u", (unsigned)hi->cpus_hoisted);
		kv_add(l, "cpus_present", "%u", (unsigned)hi->cpus_present);
		kv_add(l, "domains", "%u", (unsigned)hi->domains);
		kv_add(l, "domains_allowed", "%s", info_domains_allowed(hi));
		kv_add(l, "hypervisor_memory", "%llu",
		       (unsigned long long)(hi->hv_pages_total / PAGES_PER_MIB));
		kv_add(l, "hypervisor_free_memory", "%llu",
		       (unsigned long long)(hi->hv_pages_free / PAGES_PER_MIB));
		/*
		 * The same in 4 KiB pages, exact; then how it grows: 2 MiB
		 * chunks, those given at load kept until rmmod, the rest
		 * given as domains need them and taken back after.
		 */
		kv_add(l, "hypervisor_pages", "%llu",
		       (unsigned long long)hi->hv_pages_total);
		kv_add(l, "hypervisor_free_pages", "%llu",
		       (unsigned long long)hi->hv_pages_free);
		kv_add(l, "hypervisor_load_memory", "%llu",
		       (unsigned long long)hi->hv_chunks_load * CHUNK_MIB);
		kv_add(l, "hypervisor_max_memory", "%llu",
		       (unsigned long long)hi->hv_chunks_max * CHUNK_MIB);
		kv_add(l, "hv_chunks_added", "%llu",
		       (unsigned long long)hi->hv_chunks_added);
		kv_add(l, "hv_chunks_returned", "%llu",
		       (unsigned long long)hi->hv_chunks_returned);
		kv_add(l, "hv_access_blocked", "%llu",
		       (unsigned long long)hi->hv_access_blocked);
		kv_add(l, "max_phys_bits", "%u", (unsigned)hi->max_phys_bits);
		kv_add(l, "asids", "%u", (unsigned)hi->asids);
		info_format_svm_features(buf, sizeof(buf), hi->svm_features);
		kv_add(l, "svm_features", "%s", buf);
	}
	if (xenstored)
		kv_add(l, "xenstored", "%s", xenstored);
	if (cc)
		kv_add(l, "cc_compiler", "%s", cc);
}

/* Whether hoist-xenstored answers on its socket (the store's state). */
static const char *xenstored_state(const struct store_ops *ops)
{
	struct store *s;
	int err;

	s = ops->open(&err);
	if (!s)
		return "not running";
	ops->close(s);
	return "running";
}

int cmd_info(struct hoist_env *env, int argc, char **argv)
{
	const struct info_key *key = NULL;
	struct host_facts host;
	struct hoist_info hi;
	struct hoist_dev dev;
	struct kv_list list;
	const char *value;
	int loaded, ret;

	if (argc > 1 && hoist_is_help(argv[1])) {
		hoist_print_cmd_help(env->out, hoist_cmd_find("info"));
		return HOIST_EXIT_OK;
	}
	if (argc > 2) {
		hoist_err(env, "info: unexpected argument '%s'; try 'hoist "
			  "help info'", argv[2]);
		return HOIST_EXIT_FAIL;
	}
	if (argc == 2) {
		if (argv[1][0] == '-') {
			hoist_err(env, "info: unknown option '%s'; try 'hoist "
				  "help info'", argv[1]);
			return HOIST_EXIT_FAIL;
		}
		key = info_key_find(argv[1]);
		if (!key) {
			hoist_err(env, "info: unknown key '%s'; 'hoist info' "
				  "lists the keys", argv[1]);
			return HOIST_EXIT_FAIL;
		}
	}

	host_facts_read(env->host, &host);

	ret = hoist_dev_open(&dev, env->dev);
	if (ret && !hoist_dev_not_loaded(ret))
		return hoist_err_open(env, ret);
	loaded = !ret;
	if (loaded) {
		ret = hoist_dev_info(&dev, &hi);
		hoist_dev_close(&dev);
		if (ret)
			return hoist_err_request(env,
				"reading hypervisor information", ret);
		if (hi.version != HOIST_VERSION_CODE)
			hoist_err(env, "warning: the module is version %u.%u, "
				  "this tool %u.%u", (unsigned)(hi.version >> 16),
				  (unsigned)(hi.version & 0xffff),
				  HOIST_VERSION_MAJOR, HOIST_VERSION_MINOR);
	}

	info_build(&list, &host, loaded ? &hi : NULL,
		   xenstored_state(env->store));
	if (!key) {
		kv_print(env->out, &list);
		return HOIST_EXIT_OK;
	}
	value = kv_get(&list, key->name);
	if (!value) {
		if (key->hv && !loaded)
			hoist_err(env, "info: %s: not available: the hoist "
				  "module is not loaded", key->name);
		else
			hoist_err(env, "info: %s: not available", key->name);
		return HOIST_EXIT_FAIL;
	}
	fprintf(env->out, "%s\n", value);
	return HOIST_EXIT_OK;
}
