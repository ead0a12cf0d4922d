/* solver/aggregate.h - the search on the aggregate problem (internal to
 * the solver): the genetic algorithm, bounds and GLPK, large
 * neighbourhoods, the complete search, each in its share of the time
 * limit (docs/solver.md, steps 4 to 8). */
#ifndef PM_AGGREGATE_H
#define PM_AGGREGATE_H

#include "solver/heur.h"
#include "solver/milp.h"
#include "solver/rcpsp.h"
#include "solver/solve.h"

/* What the aggregate search did: the part that found the schedule it
 * returns ("ga", "milp", "lns" or "search") and the complete search's
 * nodes. */
typedef struct {
    const char *found_by;
    long search_nodes;
} pm_search_trace;

/* Runs the heuristics, then (if allowed and useful) the MILP and the
 * complete search, on r, from t0 (pm_clock_now() seconds), until a
 * schedule on time ends by the larger of its own bound and goal (a bound
 * of the problem r relaxes: nothing shorter would count). best (sized
 * for r) receives the schedule, *lb the best proven lower bound on its
 * makespan, *st the heuristics' counts, *mr the MILP's outcome, *tr who
 * found it. Returns 0 or a negative PM_E* code. */
int pm_aggregate_search(pm_rcp_sol *best, int *lb, pm_heur_stats *st,
                        pm_milp_result *mr, pm_search_trace *tr,
                        const pm_rcp *r, const pm_solve_opts *o, int goal,
                        double t0);

#endif
