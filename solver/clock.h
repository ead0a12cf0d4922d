/* solver/clock.h - the solver's one clock (internal): monotonic seconds,
 * for time limits and phase deadlines. Header-only. */
#ifndef PM_CLOCK_H
#define PM_CLOCK_H

#include <time.h>

/* Seconds on the monotonic clock since an arbitrary point. */
static inline double pm_clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
