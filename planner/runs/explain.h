/* planner/runs/explain.h - why a task finishes later than in an earlier run,
 * in plain words, from two stored (or captured) runs alone.
 *
 * The driving chain comes from the later run: each task's driving
 * predecessor (the one whose dependency fixes its start), back to a task
 * held by something else (its actual start, the status date, a release
 * date, people). Along the chain, what changed since the earlier run is
 * named: a later actual start or finish, more remaining work, a start
 * missed and moved to the status date, a new task, a new dependency, a
 * person's new leave in the task's window, waiting for people. */
#ifndef PM_EXPLAIN_H
#define PM_EXPLAIN_H

#include "planner/runs/history.h"

/* For every task of cur that finishes later than in prev, (*out)[i] is a
 * new string explaining it; NULL for the others. *out has cur->n_tasks
 * entries; free it with pm_explain_free(). Returns 0 or PM_ENOMEM. */
int pm_explain_slips(char ***out, const pm_run *prev, const pm_run *cur);
void pm_explain_free(char **why, int n);

#endif
