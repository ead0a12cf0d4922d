/* solver/propagate.h - constraint propagation on start windows (internal).
 *
 * For a horizon H (every activity finishes by H), narrows each activity's
 * window [es, ls] of start slots with: precedences (both directions),
 * deadlines, time-tabling on compulsory parts against the time-varying
 * capacity, pairs that can never overlap (their demands exceed the largest
 * capacity), and an energetic feasibility test on intervals. An empty
 * window proves that no schedule finishes by H: a destructive lower bound. */
#ifndef PM_PROPAGATE_H
#define PM_PROPAGATE_H

#include <stdbool.h>

#include "solver/rcpsp.h"

/* es and ls have r->n entries. es starts from r->es (releases included);
 * ls from H. Returns false when H is proven infeasible. */
bool pm_propagate(const pm_rcp *r, int H, int *es, int *ls);
/* The same from the windows given (already narrowed, e.g. by a search
 * decision). */
bool pm_propagate_windows(const pm_rcp *r, int H, int *es, int *ls);

#endif
