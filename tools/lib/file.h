/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Reading a whole file (a config, a kernel, a ramdisk) into memory. */
#ifndef HOIST_TOOLS_FILE_H
#define HOIST_TOOLS_FILE_H

#include <stddef.h>

/* Files larger than this are refused (no guest needs a 1 GiB kernel). */
#define FILE_READ_MAX	(1024ul * 1024 * 1024)

/*
 * *buf = malloc'd contents plus a NUL after them (so text can be used as
 * a C string), *len = size.  0 or -errno (-EFBIG above FILE_READ_MAX,
 * -EISDIR for a directory).
 */
int file_read_all(const char *path, char **buf, size_t *len);

#endif /* HOIST_TOOLS_FILE_H */
