/* solver/sgs.h - serial schedule generation over person-level capacity
 * (internal to the solver).
 *
 * Capacity is tracked per person and slot: a person offers their net units
 * (availability less reserve) on every working slot except vacations. A
 * named need takes units of that person; a pool need is covered by members
 * whose spare units over the task's whole duration add up to the demand, so
 * a task keeps the same people from start to finish and no person is ever
 * over capacity. */
#ifndef PM_SGS_H
#define PM_SGS_H

#include "planner/model.h"
#include "solver/network.h"

typedef struct pm_rstate pm_rstate;

/* Returns a new empty capacity state for the project, or NULL. */
pm_rstate *pm_rstate_new(const pm_network *net);
void pm_rstate_free(pm_rstate *rs);
/* Removes all usage. */
void pm_rstate_clear(pm_rstate *rs);

/* Result of one schedule generation. */
typedef struct {
    int *start;              /* per task, slots (leaves only) */
    pm_assignment *asg;      /* owned */
    int n_asg;
    int cap_asg;
    int makespan;
    long lateness;           /* priority-weighted slots late */
} pm_sgs_result;

void pm_sgs_result_reset(pm_sgs_result *r);

/* Serial SGS: repeatedly takes the eligible leaf (all predecessors placed)
 * with the smallest key and starts it at the earliest slot where its
 * predecessors and capacity allow. key has one entry per task. Returns 0,
 * PM_ENOMEM, or PM_EINFEASIBLE (with a message) if a task's needs can never
 * be met together. */
int pm_sgs_forward(pm_sgs_result *out, const pm_network *net, pm_rstate *rs,
                   const long *key, pm_diag *diag);

/* Latest starts that keep every finish <= makespan, given the schedule
 * start[] (placed right to left, reverse topological, latest finish first),
 * each never earlier than start[]. late[] gets one entry per task. */
int pm_sgs_latest(int *late, const pm_network *net, pm_rstate *rs,
                  const int *start, int makespan);

/* Weight of one slot of lateness for priority P0..P4. */
long pm_priority_weight(int priority);

#endif
