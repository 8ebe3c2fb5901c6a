/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copying to and from the memory of the guest that made a hypercall.
 * Pointers are the guest's virtual addresses; every page touched, page
 * tables included, must belong to that guest, else -EFAULT.
 */
#ifndef HV_GUEST_ACCESS_H
#define HV_GUEST_ACCESS_H

#include <hv/types.h>

struct vcpu;

int copy_from_guest(struct vcpu *v, void *dst, u64 gva, size_t len);
int copy_to_guest(struct vcpu *v, u64 gva, const void *src, size_t len);

#endif /* HV_GUEST_ACCESS_H */
