/* planner/model/chain.h - what drives a task's dates in a schedule: the
 * predecessor whose dependency binds, or the task whose people it takes
 * over, back to the project start, a date or someone's leave. */
#ifndef PM_CHAIN_H
#define PM_CHAIN_H

#include <stdbool.h>

#include "planner/model/calendar.h"
#include "planner/model/model.h"

/* Whether one of leaf i's people is on leave on the working day before i
 * starts (m maps s's slots to dates): what a task waiting for people and
 * taking over from no one waits for. */
bool pm_schedule_after_leave(const pm_project *p, const pm_schedule *s,
                             const pm_calmap *m, int i);

/* Marks on[] (one per task, cleared first) the driving chain of task i:
 * i, then, back from each leaf on it, its driving predecessor or the task
 * whose people it takes over (waits_for). A summary's chain starts from
 * its leaves that finish where it does. Returns the tasks marked, or -1
 * when out of memory. */
int pm_schedule_chain(const pm_project *p, const pm_schedule *s, int i,
                      bool *on);

#endif
