/* solver/float.h - how far each task of a schedule can slip with its
 * people as planned (internal to the solver).
 *
 * The plan hands seats from task to task: when a task starts, its people
 * take over seats that stood idle or that tasks finishing earlier gave
 * back (the longest idle first). Each such hand-over becomes a dependency
 * of the later task on the earlier one, beside the project's own (a
 * resource flow network). A task's latest start keeps every dependency of
 * both kinds and the project finish, and keeps the task off its people's
 * leave; moving whole, with the same people. Critical work is therefore a
 * chain: each critical task is held by a critical predecessor, by the
 * critical task whose people it takes over, or by a date, the project
 * start or someone's leave. */
#ifndef PM_FLOAT_H
#define PM_FLOAT_H

#include "solver/capacity.h"
#include "solver/network.h"
#include "solver/sgs.h"

typedef struct {
    int *late;      /* per task: latest start slot, >= its start */
    int *waits_for; /* per task: the task whose seats it takes over as that
                       one finishes (no slack), or -1 */
    int *res_slack; /* per task: slots before its next hand-over would
                       move the task taking its seats over; INT_MAX */
} pm_float;

/* Computes f for schedule r (rs is cleared and left empty). Returns 0 or
 * PM_ENOMEM; on success the caller frees f with pm_float_reset(). */
int pm_float_compute(pm_float *f, const pm_network *net, pm_rstate *rs,
                     const pm_sgs_result *r);
void pm_float_reset(pm_float *f);

#endif
