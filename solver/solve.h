/* solver/solve.h - turn a project into a dated, resource-feasible schedule.
 * Reads the project and never changes it; the schedule has its own lifetime.
 * The solver does no I/O. */
#ifndef PM_SOLVE_H
#define PM_SOLVE_H

#include <stdbool.h>

#include "planner/model/model.h"

/* What a progress callback is told: the best schedule so far. */
typedef struct {
    const char *phase;  /* "heuristic", "milp" */
    int makespan;       /* slots */
    long lateness;      /* priority-weighted slots late */
    int lower_bound;    /* slots */
    double seconds;     /* since the solve began */
} pm_solve_progress;

typedef struct {
    int time_limit_ms; /* 0: no limit */
    unsigned seed;     /* same input + seed -> same schedule */
    bool use_milp;     /* false: heuristics only */
    long max_schedules; /* heuristic budget; 0: chosen from the size */
    bool glpk_only;    /* benchmark baseline: GLPK on the plain model */
    long max_binaries; /* size cap of the MILP; 0: the default */
    /* Called on each improvement, from the solving thread; may be NULL. */
    void (*progress)(void *ctx, const pm_solve_progress *pr);
    void *progress_ctx;
    /* Start slots of last week's schedule per task (-1 unknown), or NULL:
     * its order joins the first search, so a plan that is still as good
     * stays as it was instead of being reshuffled. */
    const int *hint_start;
} pm_solve_opts;
#define PM_SOLVE_OPTS_INIT {10000, 1, true, 0, false, 0, NULL, NULL, NULL}

/* 0 on success, *out is a new schedule the caller frees with
 * pm_schedule_free(). Negative PM_E* on failure: *out is NULL and diag holds
 * the reason (PM_EINPUT: a dependency cycle; PM_EINFEASIBLE: demands no
 * capacity can meet, a fixed start its predecessors forbid). Warnings (a
 * fixed start moved by resource limits) are added to diag on success. */
int pm_solve(pm_schedule **out, const pm_project *p, const pm_solve_opts *o,
             pm_diag *diag);

/* Checks the precedence network only (cycles, fixed starts); what
 * 'planner check' runs after import. Returns 0, PM_EINPUT or
 * PM_EINFEASIBLE. */
int pm_solve_check(const pm_project *p, pm_diag *diag);

#endif
