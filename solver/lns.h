/* solver/lns.h - large-neighbourhood search by decomposition, for
 * problems too large for one MILP (internal).
 *
 * The current schedule is an activity list that the serial SGS decodes.
 * Each step takes a window of consecutive activities of that list (32),
 * places everything before it, and re-orders the window alone with a
 * small genetic algorithm (random keys, a biased crossover from an elite)
 * against the window's own objective: the latest finish of its
 * activities, then their finishes summed. A window order better than the
 * current one is decoded with the rest of the list (SGS + FBI) and the
 * whole schedule kept if it is not worse: an equal one moves the search
 * along the plateau. After Debels and Vanhoucke's decomposition-based
 * genetic algorithm (Operations Research 55(3), 2007): the window's own
 * objective tells better orders apart where the makespan cannot. */
#ifndef PM_LNS_H
#define PM_LNS_H

#include "solver/heur.h"
#include "solver/rcpsp.h"

typedef struct {
    long steps;    /* windows searched */
    long accepted; /* steps that kept a schedule at least as good */
    long improved; /* steps that made the schedule strictly better */
} pm_lns_stats;

/* Improves best in place until the deadline (monotonic seconds), drawing
 * on h's random numbers. Returns 0 or a negative PM_E* code. */
int pm_lns_run(const pm_rcp *r, pm_heur *h, pm_rcp_sol *best,
               double deadline, pm_lns_stats *st);

#endif
