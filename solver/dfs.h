/* solver/dfs.h - a complete search for "some schedule finishes by H"
 * (internal): depth-first and chronological over start windows, starting
 * the activity that can start earliest (the least latest start of those)
 * now or postponing it to the next event that could let it start, with
 * the window propagation of propagate.h at every node and refuted nodes
 * remembered by their started activities (the cutset rule). Used from
 * below to raise the bound and from above to find a shorter schedule or
 * prove the best optimal, when the heuristics, bounds and GLPK have left
 * a gap.
 * The search keeps its own stack, so a question cut short by the clock can
 * be taken up again later where it stopped. */
#ifndef PM_DFS_H
#define PM_DFS_H

#include <stdbool.h>

#include "solver/rcpsp.h"

typedef enum { PM_DFS_NONE, PM_DFS_FOUND, PM_DFS_UNKNOWN } pm_dfs_result;

typedef struct pm_dfs pm_dfs;

/* A search for a schedule finishing by H. refute: the search is there to
 * refute H (the question from below), so it propagates more at a price:
 * time-table edge finding at every node, and its root windows shaved
 * first (propagate.h; the shaving is spread over the calls like the
 * search). NULL when out of memory. */
pm_dfs *pm_dfs_new(const pm_rcp *r, int H, bool refute);
void pm_dfs_free(pm_dfs *d);
int pm_dfs_horizon(const pm_dfs *d);

/* Searches on until the answer or the deadline (pm_clock_now() seconds,
 * solver/clock.h).
 * PM_DFS_NONE: proven that no schedule finishes by H. PM_DFS_FOUND: sol
 * holds one (makespan <= H). PM_DFS_UNKNOWN: the deadline or memory ran
 * out first; calling again continues. *nodes counts the nodes of this
 * call. */
pm_dfs_result pm_dfs_run(pm_dfs *d, double deadline, pm_rcp_sol *sol,
                         long *nodes);

#endif
