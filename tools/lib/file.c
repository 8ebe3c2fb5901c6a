/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Whole-file reads with errors as -errno. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/file.h"

static int read_fd(int fd, char *buf, size_t len, size_t *got)
{
	*got = 0;
	while (*got < len) {
		ssize_t r = read(fd, buf + *got, len - *got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;	/* the file shrank under us: take what is there */
		*got += (size_t)r;
	}
	return 0;
}

int file_read_all(const char *path, char **buf, size_t *len)
{
	struct stat st;
	size_t got;
	char *data;
	int fd, ret;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		goto out;
	}
	ret = S_ISDIR(st.st_mode) ? -EISDIR :
	      (uint64_t)st.st_size > FILE_READ_MAX ? -EFBIG : 0;
	if (ret)
		goto out;
	data = malloc((size_t)st.st_size + 1);
	if (!data) {
		ret = -ENOMEM;
		goto out;
	}
	ret = read_fd(fd, data, (size_t)st.st_size, &got);
	if (ret) {
		free(data);
		goto out;
	}
	data[got] = '\0';
	*buf = data;
	*len = got;
out:
	close(fd);
	return ret;
}
