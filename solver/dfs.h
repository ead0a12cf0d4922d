/* solver/dfs.h - a complete search for "some schedule finishes by H"
 * (internal): depth-first over start windows, fixing the activity with the
 * least slack at its earliest start or postponing it a slot, with the window propagation of
 * propagate.h at every node. Used to prove a heuristic makespan optimal
 * when the bounds and GLPK have left a gap. */
#ifndef PM_DFS_H
#define PM_DFS_H

#include "solver/rcpsp.h"

typedef enum { PM_DFS_NONE, PM_DFS_FOUND, PM_DFS_UNKNOWN } pm_dfs_result;

/* PM_DFS_NONE: proven that no schedule finishes by H. PM_DFS_FOUND: sol
 * holds one (makespan <= H). PM_DFS_UNKNOWN: the deadline (pm_now()
 * seconds) or memory ran out first. *nodes counts search nodes. */
pm_dfs_result pm_dfs_decide(const pm_rcp *r, int H, double deadline,
                            pm_rcp_sol *sol, long *nodes);

#endif
