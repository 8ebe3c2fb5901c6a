/* SPDX-License-Identifier: GPL-2.0 */
/* Extended state (x87, SSE, AVX, ...) and debug registers, by instruction. */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include <hv/types.h>

#define FXSAVE_MXCSR_OFFSET	24	/* in the legacy region of any area */
#define MXCSR_DEFAULT		0x1f80	/* every SIMD exception masked */

/* Pages an FPU area of size bytes takes */
static inline u32 fpu_area_pages(u32 size)
{
	return (u32)(ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT);
}

/* A zeroed FPU area made the state a CPU resets to. */
static inline void fpu_init_area(u8 *area)
{
	*(u32 *)(area + FXSAVE_MXCSR_OFFSET) = MXCSR_DEFAULT;
}

static inline u64 xgetbv(u32 idx)
{
	u32 lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(idx));
	return ((u64)hi << 32) | lo;
}

static inline void xsetbv(u32 idx, u64 v)
{
	__asm__ __volatile__("xsetbv" : : "c"(idx), "a"((u32)v),
			     "d"((u32)(v >> 32)));
}

static inline void xsave(void *area, u64 mask)
{
	__asm__ __volatile__("xsave64 (%0)" : : "r"(area), "a"((u32)mask),
			     "d"((u32)(mask >> 32)) : "memory");
}

static inline void xrstor(const void *area, u64 mask)
{
	__asm__ __volatile__("xrstor64 (%0)" : : "r"(area), "a"((u32)mask),
			     "d"((u32)(mask >> 32)) : "memory");
}

static inline void fxsave(void *area)
{
	__asm__ __volatile__("fxsave64 (%0)" : : "r"(area) : "memory");
}

static inline void fxrstor(const void *area)
{
	__asm__ __volatile__("fxrstor64 (%0)" : : "r"(area) : "memory");
}

#define DEFINE_DR(n) \
static inline u64 read_dr##n(void) \
{ \
	u64 v; \
	__asm__ __volatile__("mov %%dr" #n ", %0" : "=r"(v)); \
	return v; \
} \
static inline void write_dr##n(u64 v) \
{ \
	__asm__ __volatile__("mov %0, %%dr" #n : : "r"(v)); \
}
DEFINE_DR(0)
DEFINE_DR(1)
DEFINE_DR(2)
DEFINE_DR(3)

#endif /* ARCH_FPU_H */
