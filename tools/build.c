/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Building a domain from its description: read the images (a bzImage
 * is decoded to its ELF), check they fit (before anything exists),
 * DOMAIN_CREATE, the store's event channel, load through DOMAIN_WRITE,
 * DOMAIN_BOOT with the console and store pages, the domain's store nodes
 * and INTRODUCE; domain_start unpauses.  Whatever fails after
 * DOMAIN_CREATE destroys the domain and removes its nodes again, so a
 * failed create leaves nothing behind, in the hypervisor or the store.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hoist.h"
#include "lib/file.h"
#include "lib/host.h"
#include "lib/elf.h"
#include "lib/loader.h"

/* A fresh random UUID from Linux, for /vm/UUID. */
#define HOST_RANDOM_UUID	"/proc/sys/kernel/random/uuid"

void domain_images_free(struct domain_images *img)
{
	kimage_free(&img->kernel);
	free(img->kernel_file);
	free(img->ramdisk);
	memset(img, 0, sizeof(*img));
}

static int read_image(const char *what, const char *path, char **buf,
		      size_t *len, struct errbuf *e)
{
	int ret = file_read_all(path, buf, len);

	if (ret)
		return errbuf_set(e, ret, "%s '%s': %s", what, path,
				  strerror(-ret));
	return 0;
}

int domain_images_read(const struct domcfg *d, struct domain_images *img,
		       struct errbuf *e)
{
	int ret;

	memset(img, 0, sizeof(*img));
	ret = read_image("kernel", d->kernel, &img->kernel_file,
			 &img->kernel_file_len, e);
	if (!ret)
		ret = kimage_open(d->kernel, (const uint8_t *)img->kernel_file,
				  img->kernel_file_len, &img->kernel, e);
	if (!ret && d->ramdisk)
		ret = read_image("ramdisk", d->ramdisk, &img->ramdisk,
				 &img->ramdisk_len, e);
	if (ret)
		domain_images_free(img);
	return ret;
}

static void pvh_input_init(struct pvh_input *in, const struct domcfg *d,
			   const struct domain_images *img)
{
	memset(in, 0, sizeof(*in));
	in->kernel_path = d->kernel;
	in->kernel = img->kernel.elf;
	in->kernel_len = img->kernel.elf_len;
	in->ramdisk_path = d->ramdisk;
	in->ramdisk = (const uint8_t *)img->ramdisk;
	in->ramdisk_len = img->ramdisk_len;
	in->cmdline = d->cmdline;
	in->mem_bytes = d->memory_mib * 1024 * 1024;
	in->vcpus = d->vcpus;
}

int domain_check_images(const struct domcfg *d,
			const struct domain_images *img, struct errbuf *e)
{
	struct pvh_layout layout;
	struct pvh_input in;

	pvh_input_init(&in, d, img);
	return pvh_load(&in, NULL, &layout, e);
}

/*
 * The memory dom0 can give a new domain: MemAvailable, what Linux can
 * hand out without swapping (the module checks the same figure before it
 * allocates).  -errno when it cannot be read.
 */
static int free_kib(const struct host_ops *host, uint64_t *kib)
{
	char text[8192];
	long n = host->read_file(HOST_MEMINFO, text, sizeof(text));

	if (n < 0)
		return (int)n;
	return meminfo_parse(text, "MemAvailable", kib);
}

static int no_room(const struct domcfg *d, uint64_t kib, struct errbuf *e)
{
	return errbuf_set(e, -ENOMEM, "not enough free memory for '%s': "
			  "memory = %llu MiB asked, %llu MiB free", d->name,
			  (unsigned long long)d->memory_mib,
			  (unsigned long long)(kib / 1024));
}

static int create_error(const struct host_ops *host, const struct domcfg *d,
			int err, struct errbuf *e)
{
	uint64_t kib;

	switch (err) {
	case -EEXIST:
		return errbuf_set(e, err, "a domain named '%s' already exists",
				  d->name);
	case -ENOMEM:
		if (host && !free_kib(host, &kib))
			return no_room(d, kib, e);
		return errbuf_set(e, err, "not enough free memory for '%s' "
				  "(memory = %llu MiB)", d->name,
				  (unsigned long long)d->memory_mib);
	case -EACCES:
	case -EPERM:
		return errbuf_set(e, err, "creating '%s': permission denied: "
				  "run as root", d->name);
	case -EBUSY:
		return errbuf_set(e, err, "creating '%s': the hypervisor creates "
				  "no domain while a CPU is offline or has run "
				  "outside it since it was loaded (hoist info "
				  "domains_allowed)", d->name);
	default:
		return errbuf_set(e, err, "creating '%s': %s", d->name,
				  strerror(-err));
	}
}

struct dev_writer {
	struct hoist_dev *dev;
	uint32_t domid;
};

static int dev_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	struct dev_writer *w = ctx;

	return hoist_dev_domain_write(w->dev, w->domid, gpa, buf, len);
}

/* Loads and boots the created domain (still paused). */
static int load_and_boot(struct hoist_dev *dev, const struct domcfg *d,
			 const struct domain_images *img, uint32_t domid,
			 const struct store_domain *sd, struct errbuf *e)
{
	struct dev_writer dw = { dev, domid };
	struct guest_writer w = { dev_write, &dw };
	struct pvh_layout layout;
	struct pvh_input in;
	struct errbuf why;
	int ret;

	pvh_input_init(&in, d, img);
	ret = pvh_load(&in, &w, &layout, &why);
	if (ret)
		return errbuf_set(e, ret, "loading '%s': %s", d->name, why.msg);
	ret = hoist_dev_domain_boot(dev, domid, layout.entry,
				    layout.start_info, layout.console_gfn,
				    sd ? sd->store_gfn : 0,
				    sd ? sd->store_port : 0);
	if (ret)
		return errbuf_set(e, ret, "booting '%s': %s", d->name,
				  strerror(-ret));
	return 0;
}

/* Linux talks xenbus (see hoist.h); a test guest has no GUEST_OS note. */
static int wants_store(const struct domain_images *img)
{
	struct elf_kernel k;
	struct errbuf why;

	return !elf_parse_kernel(img->kernel.elf, img->kernel.elf_len, &k,
				 &why) && !strcmp(k.guest_os, "linux");
}

static int uuid_ok(const char *u)
{
	int i;

	for (i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? u[i] != '-' :
		    !((u[i] >= '0' && u[i] <= '9') ||
		      (u[i] >= 'a' && u[i] <= 'f')))
			return 0;
	}
	return u[36] == '\0' || u[36] == '\n';
}

static int new_uuid(const struct host_ops *host, char uuid[37],
		    struct errbuf *e)
{
	char text[64];
	long n = host->read_file(HOST_RANDOM_UUID, text, sizeof(text));

	if (n < 0)
		return errbuf_set(e, (int)n, "reading %s: %s", HOST_RANDOM_UUID,
				  strerror((int)-n));
	if (n < 36 || !uuid_ok(text))
		return errbuf_set(e, -EIO, "%s: not a UUID", HOST_RANDOM_UUID);
	memcpy(uuid, text, 36);
	uuid[36] = '\0';
	return 0;
}

/*
 * The store's channel and a connection to the daemon (started if need
 * be), before anything is loaded.  A module without event channels
 * (ENOTTY: older than issue 13) builds the domain without a store, with
 * a warning, so guests keep booting on it.  0 and *s NULL: no store.
 */
static int store_prepare(struct hoist_env *env, struct hoist_dev *dev,
			 const struct domcfg *d, struct store_domain *sd,
			 struct store **s, struct errbuf *e)
{
	int ret = hoist_dev_evtchn_alloc_unbound(dev, sd->domid,
						 &sd->store_port);
	struct errbuf why;

	*s = NULL;
	if (ret == -ENOTTY || ret == -ENOSYS) {
		fprintf(env->err, "hoist: warning: the hoist module has no "
			"event channels to dom0: '%s' gets no xenstore\n",
			d->name);
		return 0;
	}
	if (ret)
		return errbuf_set(e, ret, "creating '%s': the xenstore event "
				  "channel: %s", d->name, strerror(-ret));
	ret = new_uuid(env->host, sd->uuid, &why);
	if (!ret)
		ret = store_connect(env->store, 1, s, &why);
	if (ret)
		return errbuf_set(e, ret, "creating '%s': %s", d->name,
				  why.msg);
	return 0;
}

static void store_domain_init(struct store_domain *sd,
			      const struct domcfg *d, uint32_t domid)
{
	memset(sd, 0, sizeof(*sd));
	sd->domid = domid;
	sd->name = d->name;
	sd->mem_kb = d->memory_mib * 1024;
	sd->vcpus = d->vcpus;
	sd->store_gfn = HOIST_GUEST_STORE_PFN;
}

/* After DOMAIN_CREATE: everything up to a paused, introduced domain. */
static int build_created(struct hoist_env *env, struct hoist_dev *dev,
			 const struct domcfg *d,
			 const struct domain_images *img, uint32_t domid,
			 struct errbuf *e)
{
	struct store_domain sd;
	struct store *s = NULL;
	struct errbuf why;
	int ret = 0;

	store_domain_init(&sd, d, domid);
	if (wants_store(img))
		ret = store_prepare(env, dev, d, &sd, &s, e);
	if (!ret)
		ret = load_and_boot(dev, d, img, domid, s ? &sd : NULL, e);
	if (!ret && s) {
		ret = store_domain_write(env->store, s, &sd, &why);
		if (ret)
			errbuf_set(e, ret, "creating '%s': %s", d->name,
				   why.msg);
	}
	if (s)
		env->store->close(s);
	return ret;
}

int domain_build_images(struct hoist_env *env, struct hoist_dev *dev,
			const struct domcfg *d,
			const struct domain_images *img, uint32_t *domid,
			struct errbuf *e)
{
	/* Check the layout first: a kernel that does not fit creates nothing. */
	int ret = domain_check_images(d, img, e);
	const struct host_ops *host = env->host;
	uint64_t kib;

	/* So does a domain larger than dom0's free memory. */
	if (!ret && host && !free_kib(host, &kib) &&
	    d->memory_mib > kib / 1024)
		ret = no_room(d, kib, e);
	if (!ret) {
		ret = hoist_dev_domain_create(dev, d->name, d->memory_mib * 1024,
					      d->vcpus, d->max_grant_frames,
					      domid);
		if (ret)
			create_error(host, d, ret, e);
	}
	if (!ret) {
		ret = build_created(env, dev, d, img, *domid, e);
		/* The nodes are never committed half: a failed write or
		 * introduce has removed them already. */
		if (ret)
			hoist_dev_domain_destroy(dev, *domid);
	}
	return ret;
}

int domain_build(struct hoist_env *env, struct hoist_dev *dev,
		 const struct domcfg *d, uint32_t *domid, struct errbuf *e)
{
	struct domain_images img;
	int ret = domain_images_read(d, &img, e);

	if (!ret)
		ret = domain_build_images(env, dev, d, &img, domid, e);
	domain_images_free(&img);
	return ret;
}

int domain_start(struct hoist_env *env, struct hoist_dev *dev,
		 const struct domcfg *d, uint32_t domid, struct errbuf *e)
{
	struct errbuf store_e;
	int ret = hoist_dev_domain_unpause(dev, domid);

	if (ret) {
		errbuf_set(e, ret, "starting '%s': %s", d->name,
			   strerror(-ret));
		domain_teardown(env, dev, domid, &store_e);
	}
	return ret;
}

int domain_teardown(struct hoist_env *env, struct hoist_dev *dev,
		    uint32_t domid, struct errbuf *store_e)
{
	int ret = hoist_dev_domain_destroy(dev, domid);

	memset(store_e, 0, sizeof(*store_e));
	if (ret && ret != -ENOENT)
		return ret;
	if (store_domain_cleanup(env->store, domid, store_e) == 0)
		memset(store_e, 0, sizeof(*store_e));
	return ret;
}
