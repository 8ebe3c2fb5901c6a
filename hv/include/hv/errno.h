/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_ERRNO_H
#define HV_ERRNO_H

#include <hoist/hypercall.h>

#define EPERM	HOIST_EPERM
#define ENOENT	HOIST_ENOENT
#define EIO	HOIST_EIO
#define EAGAIN	HOIST_EAGAIN
#define ENOMEM	HOIST_ENOMEM
#define EFAULT	HOIST_EFAULT
#define EBUSY	HOIST_EBUSY
#define EEXIST	HOIST_EEXIST
#define EINVAL	HOIST_EINVAL
#define ENOSPC	HOIST_ENOSPC
#define ENOSYS	HOIST_ENOSYS

#endif /* HV_ERRNO_H */
