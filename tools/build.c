/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Building a domain from its description: read the images (a bzImage
 * is decoded to its ELF), check they fit (before anything exists),
 * DOMAIN_CREATE, load through DOMAIN_WRITE, DOMAIN_BOOT with the console
 * page.  Whatever fails after DOMAIN_CREATE
 * destroys the domain again, so a failed create leaves nothing behind.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hoist.h"
#include "lib/file.h"
#include "lib/host.h"
#include "lib/loader.h"

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
			 struct errbuf *e)
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
				    layout.start_info, layout.console_gfn);
	if (ret)
		return errbuf_set(e, ret, "booting '%s': %s", d->name,
				  strerror(-ret));
	return 0;
}

int domain_build_images(struct hoist_dev *dev, const struct host_ops *host,
			const struct domcfg *d,
			const struct domain_images *img, uint32_t *domid,
			struct errbuf *e)
{
	/* Check the layout first: a kernel that does not fit creates nothing. */
	int ret = domain_check_images(d, img, e);
	uint64_t kib;

	/* So does a domain larger than dom0's free memory. */
	if (!ret && host && !free_kib(host, &kib) &&
	    d->memory_mib > kib / 1024)
		ret = no_room(d, kib, e);
	if (!ret) {
		ret = hoist_dev_domain_create(dev, d->name, d->memory_mib * 1024,
					      d->vcpus, domid);
		if (ret)
			create_error(host, d, ret, e);
	}
	if (!ret) {
		ret = load_and_boot(dev, d, img, *domid, e);
		if (ret)
			hoist_dev_domain_destroy(dev, *domid);
	}
	return ret;
}

int domain_build(struct hoist_dev *dev, const struct host_ops *host,
		 const struct domcfg *d, uint32_t *domid, struct errbuf *e)
{
	struct domain_images img;
	int ret = domain_images_read(d, &img, e);

	if (!ret)
		ret = domain_build_images(dev, host, d, &img, domid, e);
	domain_images_free(&img);
	return ret;
}

int domain_start(struct hoist_dev *dev, const struct domcfg *d,
		 uint32_t domid, struct errbuf *e)
{
	int ret = hoist_dev_domain_unpause(dev, domid);

	if (ret) {
		errbuf_set(e, ret, "starting '%s': %s", d->name,
			   strerror(-ret));
		hoist_dev_domain_destroy(dev, domid);
	}
	return ret;
}
