/* solver/rng.h - the solver's pseudo-random numbers (internal): xorshift64*,
 * fast, and the same sequence from the same seed on every machine. */
#ifndef PM_RNG_H
#define PM_RNG_H

#include <stdint.h>

/* The next number of the sequence in *state (never 0). */
static inline uint64_t pm_rng_next(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ull;
}

/* A number in (0, 1). */
static inline double pm_rng_unit(uint64_t *state)
{
    return ((double)(pm_rng_next(state) >> 11) + 0.5) / 9007199254740992.0;
}

#endif
