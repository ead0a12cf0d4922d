/* solver/fill.h - a person-level schedule written into the schedule the
 * solver hands out (internal to the solver): dates, total and free float,
 * critical flags, what drives each task, summaries from their children. */
#ifndef PM_FILL_H
#define PM_FILL_H

#include "planner/model/model.h"
#include "solver/float.h"
#include "solver/network.h"
#include "solver/sgs.h"

/* Fills s's task entries from best and its float fl (pm_float_compute()).
 * s must have net->n tasks. */
void pm_schedule_fill(pm_schedule *s, const pm_network *net,
                      const pm_sgs_result *best, const pm_float *fl);

#endif
