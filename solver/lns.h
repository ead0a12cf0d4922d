/* solver/lns.h - large-neighbourhood search with GLPK for problems too
 * large for one MILP (internal).
 *
 * Each step frees the activities that start in a random window of the
 * current schedule (at most 40), fixes all others, and solves a small
 * time-indexed MILP over the freed ones: their windows lie between their
 * fixed predecessors and successors, the capacity is what the fixed ones
 * leave, and the objective pulls the freed activities as early as
 * possible. The whole schedule is then re-left-justified in the new start
 * order (SGS + FBI) and kept if it is not worse. */
#ifndef PM_LNS_H
#define PM_LNS_H

#include "solver/heur.h"
#include "solver/rcpsp.h"

typedef struct {
    long steps;       /* neighbourhoods solved */
    long accepted;    /* steps that kept a schedule at least as good */
    long improved;    /* steps that made the schedule strictly better */
} pm_lns_stats;

/* Improves best in place until the deadline (monotonic seconds). */
int pm_lns_run(const pm_rcp *r, pm_heur *h, pm_rcp_sol *best,
               double deadline, uint64_t seed, pm_lns_stats *st);

#endif
