/* solver/sgs.h - serial schedule generation over person-level capacity
 * (internal to the solver; capacity.h says how needs are covered). Fixed
 * starts never move: those tasks are booked first, and a pass that cannot
 * keep one fails. */
#ifndef PM_SGS_H
#define PM_SGS_H

#include "planner/model/model.h"
#include "solver/capacity.h"
#include "solver/network.h"

/* Result of one schedule generation. */
typedef struct {
    int *start;              /* per task, slots (leaves only) */
    int *finish;             /* per task, slots, exclusive (leaves only) */
    pm_assignment *asg;      /* owned */
    int n_asg;
    int cap_asg;
    int makespan;
    long lateness;           /* priority-weighted slots late */
} pm_sgs_result;

void pm_sgs_result_reset(pm_sgs_result *r);

/* Serial SGS: books the tasks with a fixed start there first, then
 * repeatedly takes the eligible leaf (all predecessors placed) with the
 * smallest key and starts it at the earliest slot where its predecessors
 * and capacity allow. key has one entry per task. Returns 0, PM_ENOMEM, or
 * PM_EINFEASIBLE (with a message in diag naming the task, the person or
 * pool and the date) when a task's needs can never be met together or a
 * fixed start cannot be kept in this pass. */
int pm_sgs_forward(pm_sgs_result *out, const pm_network *net, pm_rstate *rs,
                   const long *key, pm_diag *diag);

/* Whether the tasks with a fixed start cannot all be booked there (people
 * on leave, or booked by other fixed work): then no order helps. */
bool pm_sgs_fixed_conflict(const pm_network *net, pm_rstate *rs);

/* Weight of one slot of lateness for priority P0..P4. */
long pm_priority_weight(int priority);

#endif
