/*
 * xorshift64 (Marsaglia 2003): each round depends on the previous one, so
 * the compiler can neither vectorise nor shorten the loop.  Its own file
 * so callers cannot see through it either.
 */
#include "spin_loop.h"

#define SPIN_SEED	0x9e3779b97f4a7c15ull

uint64_t spin_loop(uint64_t n)
{
	uint64_t x = SPIN_SEED;

	for (uint64_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	return x;
}
