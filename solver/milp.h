/* solver/milp.h - the exact part of the engine (internal): a time-indexed
 * MILP of the aggregate problem solved with GLPK.
 *
 * Given an incumbent of makespan UB, the model asks for a schedule that
 * finishes by UB - 1: binaries x[j][t] "activity j starts at slot t" over
 * windows from forward CPM and a backward pass from UB - 1 (deadlines
 * included), disaggregated precedences, one capacity row per resource and
 * slot where the demand could exceed the (time-varying) capacity, and the
 * makespan as objective. Before branching, LP relaxations for shorter
 * horizons are solved to raise the lower bound (a horizon whose LP is
 * infeasible admits no schedule). Inside glp_intopt, a callback turns each
 * node's LP solution into a priority list, schedules it with the serial SGS
 * and FBI, and hands any schedule that fits the horizon to GLPK
 * (glp_ios_heur_sol). */
#ifndef PM_MILP_H
#define PM_MILP_H

#include "solver/heur.h"
#include "solver/rcpsp.h"

typedef struct {
    int lower_bound;    /* proven bound on the makespan, slots */
    bool improved;      /* the incumbent was replaced */
    bool proven;        /* incumbent makespan == lower_bound */
    bool time_limited;  /* the deadline stopped GLPK */
    bool skipped;       /* the model was over the size cap */
    long binaries;      /* size of the last model */
    long rows;
    long heur_accepted; /* schedules handed to GLPK by the callback */
    long lns_steps;     /* neighbourhoods solved when the model was too big */
    bool crashed;       /* GLPK's process ended without a result */
    bool wide_gap;      /* branch and bound got the shorter time */
} pm_milp_result;

typedef struct {
    double deadline;     /* monotonic seconds */
    /* When the bounds leave a wide gap (more than 2 slots and 3%), branch
     * and bound rarely closes it: it stops at this earlier time instead
     * (0: no difference). */
    double wide_gap_deadline;
    long max_binaries;   /* size cap; 0: default */
    bool plain;          /* benchmark baseline: no LP bounds, no callback */
    void (*progress)(void *ctx, int makespan, int bound);
    void *ctx;
} pm_milp_opts;

/* Tries to improve inc (a feasible schedule with no lateness) and to prove
 * a lower bound >= lb. inc is replaced when a better schedule is found.
 * Returns 0 or a negative PM_E* code. */
int pm_milp_improve(const pm_rcp *r, pm_heur *h, pm_rcp_sol *inc, int lb,
                    const pm_milp_opts *o, pm_milp_result *res);

#endif
