/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* From the kernel file to the ELF inside it (see kimage.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bzimage.h"
#include "lib/kimage.h"
#include "lib/xz.h"

static int open_bzimage(const char *path, const uint8_t *buf, size_t len,
			struct kimage *k, struct errbuf *e)
{
	struct bzimage bz;
	struct errbuf why;
	int ret = bzimage_parse(buf, len, &bz, &why);

	if (ret)
		return errbuf_set(e, ret, "kernel '%s': %s", path, why.msg);
	switch (bz.comp) {
	case BZ_COMP_NONE:
		k->elf = bz.payload;
		k->elf_len = bz.payload_len;
		k->format = "bzImage";
		return 0;
	case BZ_COMP_XZ:
		ret = xz_decode(bz.payload, bz.payload_len, bz.size_hint,
				KIMAGE_MAX_ELF, &k->decoded, &k->elf_len, &why);
		if (ret)
			return errbuf_set(e, ret, "kernel '%s': bzImage "
					  "payload: %s", path, why.msg);
		k->elf = k->decoded;
		k->format = "bzImage (xz)";
		return 0;
	case BZ_COMP_UNKNOWN:
		return errbuf_set(e, -ENOEXEC, "kernel '%s': bzImage payload "
				  "in an unknown format (not xz): only "
				  "xz-compressed kernels (CONFIG_KERNEL_XZ) "
				  "are supported", path);
	default:
		return errbuf_set(e, -ENOEXEC, "kernel '%s': bzImage payload "
				  "is %s-compressed: only xz-compressed kernels "
				  "(CONFIG_KERNEL_XZ, as Debian's) are "
				  "supported", path, bzimage_comp_name(bz.comp));
	}
}

int kimage_open(const char *path, const uint8_t *buf, size_t len,
		struct kimage *k, struct errbuf *e)
{
	memset(k, 0, sizeof(*k));
	if (bzimage_detect(buf, len))
		return open_bzimage(path, buf, len, k, e);
	k->elf = buf;
	k->elf_len = len;
	k->format = "ELF";
	return 0;
}

void kimage_free(struct kimage *k)
{
	free(k->decoded);
	memset(k, 0, sizeof(*k));
}
