/* solver/heur.h - heuristics for the aggregate problem (internal):
 * serial schedule generation from activity lists, forward-backward
 * improvement (justification), and a genetic algorithm over activity lists
 * with a schedule and time budget. Deterministic for a given seed while the
 * schedule budget, not the clock, ends the search. */
#ifndef PM_HEUR_H
#define PM_HEUR_H

#include <stdint.h>

#include "solver/clock.h"

#include "solver/rcpsp.h"

typedef struct pm_heur pm_heur;

/* Returns a new workspace for r (borrowed; it must outlive the workspace),
 * or NULL when out of memory. */
pm_heur *pm_heur_new(const pm_rcp *r, uint64_t seed);
void pm_heur_free(pm_heur *h);

/* Serial SGS: activities in list order (a topological order), each at the
 * earliest slot its predecessors and the capacity allow. Returns 0, or
 * PM_EINTERNAL if a schedule would run past the horizon. */
int pm_heur_sgs(pm_heur *h, const int *list, pm_rcp_sol *out);

/* Parallel SGS: time moves from event to event (a finish, an earliest
 * start, a step in capacity); at each, the activities whose predecessors
 * allow it start in list order where they fit. Only non-delay schedules,
 * which on scarce resources often beat the serial scheme's. Same returns
 * as pm_heur_sgs. */
int pm_heur_psgs(pm_heur *h, const int *list, pm_rcp_sol *out);

/* Serial SGS backward: list taken from its end, each activity at the
 * latest slot before the horizon that its successors and the capacity
 * allow, then the whole left-justified (the serial SGS in the order of
 * those starts). A list decoded from both ends gives two schedules; on
 * scarce resources either may be the shorter. Same returns as
 * pm_heur_sgs; a release too late for the horizon falls back to the
 * forward pass. */
int pm_heur_sgs_backward(pm_heur *h, const int *list, pm_rcp_sol *out);

/* Forward-backward improvement of s in place: right-justify against its
 * makespan, then left-justify; keeps the result only if not worse.
 * list, if not NULL, receives the activity order of the result. */
int pm_heur_fbi(pm_heur *h, pm_rcp_sol *s, int *list);

typedef struct {
    long max_schedules;  /* schedule budget (each SGS pass counts one) */
    double deadline;     /* monotonic seconds at which to stop; 0: none */
    int target;          /* stop once makespan <= target with no lateness */
    const pm_rcp_sol *start_from; /* joins the first population; or NULL */
    /* Explore rather than intensify: no insertion moves around the best
     * list each generation, and lists decoded by the serial or the
     * parallel SGS as a gene of each says (up to 500 activities). A second
     * search from an incumbent finds more this way (docs/benchmarks.md). */
    bool explore;
    /* A population by the budget (ga.c, first_population) instead of one
     * by the size alone: for a search given time enough for it to need
     * the generations (aggregate.c, LONG_FIRST_SEARCH). */
    bool grow_population;
    void (*progress)(void *ctx, int makespan, long lateness,
                     long schedules);
    void *ctx;
} pm_heur_limits;

typedef struct {
    long schedules;      /* schedules generated */
    bool by_time;        /* the deadline ended the search */
} pm_heur_stats;

/* Priority rules, sampling, then a genetic algorithm with FBI. best must be
 * initialised (pm_rcp_sol_init); it receives the best schedule found.
 * Returns 0 or a negative PM_E* code. */
int pm_heur_search(pm_heur *h, const pm_heur_limits *lim, pm_rcp_sol *best,
                   pm_heur_stats *stats);

/* Builds a topological activity order that follows key (smallest first)
 * among activities whose predecessors are already placed. */
int pm_heur_order(const pm_rcp *r, const long *key, int *list);

#endif
