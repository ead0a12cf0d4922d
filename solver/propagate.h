/* solver/propagate.h - constraint propagation on start windows (internal).
 *
 * For a horizon H (every activity finishes by H), narrows each activity's
 * window [es, ls] of start slots with: precedences (both directions),
 * deadlines, time-tabling on compulsory parts against the time-varying
 * capacity, pairs that can never overlap (their demands exceed the largest
 * capacity), time-table edge finding (the energy that must fall inside
 * an interval against the capacity it offers, cutting windows), and an
 * energetic feasibility test on intervals. An empty window proves that no
 * schedule finishes by H: a destructive lower bound. */
#ifndef PM_PROPAGATE_H
#define PM_PROPAGATE_H

#include <stdbool.h>

#include "solver/rcpsp.h"

/* es and ls have r->n entries. es starts from r->es (releases included);
 * ls from H. All the rules above (edge finding if asked). Returns false
 * when H is proven infeasible. */
bool pm_propagate(const pm_rcp *r, int H, bool edge_finding, int *es,
                  int *ls);

/* For a search that propagates at every node: what depends only on the
 * problem and H (capacities per slot, the pairs that can never overlap),
 * prepared once. edge_finding: whether pm_prop_windows runs time-table
 * edge finding (it costs more than the other rules together; above 400
 * activities it never runs). NULL when out of memory. */
typedef struct pm_prop pm_prop;
pm_prop *pm_prop_new(const pm_rcp *r, int H, bool edge_finding);
void pm_prop_free(pm_prop *p);
/* Narrows windows given (e.g. after a search decision) with every rule
 * but the energetic test (edge finding as chosen above): at a search node
 * that test cost four times the others together and pruned almost nothing
 * (j30: the same node counts, five times the nodes per second without
 * it). */
bool pm_prop_windows(pm_prop *p, int *es, int *ls);
/* pm_propagate with p's horizon and edge finding, for a caller that goes
 * on with p (H >= 0): the windows from scratch, every rule. */
bool pm_prop_root(pm_prop *p, int *es, int *ls);

/* Shaving (probing) of windows propagated already (pm_prop_root or
 * pm_prop_windows): for each activity, propagation is tried on the first
 * and the last part of its window alone (a half, then quarters...);
 * starts it refutes are cut, the windows propagated again, and the round
 * repeated while something is cut, until the deadline (pm_clock_now()
 * seconds; cut short, what was cut stays valid). Returns false when H is
 * proven infeasible. Costs up to about 4 log2(window) propagations per
 * activity and round. */
bool pm_prop_shave(pm_prop *p, int *es, int *ls, double deadline);
/* The same one activity at a time, for a caller that spreads the rounds
 * over its time slices: shaves activity *at's window (*cut set when
 * something was cut) and moves *at on; after the last activity, to 0 for
 * another round if *cut (then cleared), else to -1: done. Start with
 * *at = 0, *cut = false. */
bool pm_prop_shave_step(pm_prop *p, int *es, int *ls, int *at, bool *cut);

#endif
