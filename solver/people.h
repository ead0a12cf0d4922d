/* solver/people.h - the schedule of one network (internal to the
 * solver): the aggregate search for an order, then the person-level
 * passes under strict priorities or not, a search at person level, float
 * from a right-justified pass (docs/solver.md, step 9). */
#ifndef PM_PEOPLE_H
#define PM_PEOPLE_H

#include "planner/model/model.h"
#include "solver/network.h"
#include "solver/solve.h"

/* Schedules net (its res_off may switch bought capacity off) within o's
 * limits from t0 (pm_clock_now() seconds). Returns 0 with *out a new
 * schedule, or a negative PM_E* code with diag saying why (PM_EINFEASIBLE:
 * needs that can never be met, a fixed start no order keeps). */
int pm_people_solve(pm_schedule **out, const pm_network *net,
                    const pm_solve_opts *o, double t0, pm_diag *diag);

#endif
