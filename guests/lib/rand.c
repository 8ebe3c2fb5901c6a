/*
 * The fuzzing guests' random numbers: xorshift64*, seeded through
 * splitmix64 so that any seed (0 too) gives a good start.  Not for
 * anything but choosing inputs: a seed printed by a guest replays its run.
 */
#include "guest.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

void rnd_seed(uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	rng_state = (z ^ (z >> 31)) | 1;
}

uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

uint64_t rnd_below(uint64_t n)
{
	return rnd() % n;
}
