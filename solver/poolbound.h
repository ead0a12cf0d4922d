/* solver/poolbound.h - a lower bound on the finish from each pool's
 * seat-slots when tasks take whole slots (internal to the solver).
 *
 * An effort-driven task holds its seats for whole slots: one day of effort
 * at a 20% reserve takes two days of someone's time. The speed bound
 * (capacity.h) counts the effort only and misses that. Per pool, a linear
 * programme (GLPK) assigns each task's seat-slots to the members' speed
 * classes: a task of effort W needing u seats lasts D whole slots, D
 * between what the fastest and the slowest members would take, holds
 * u x D seat-slots, and the speeds of those seat-slots must do W. The
 * choice of D and the split over classes are relaxed (fractions allowed),
 * so every schedule the person level can build is a solution: a task that
 * changes people slot by slot still holds u seats in every slot it runs.
 * Fixed-duration pool needs hold u x duration seat-slots in any class;
 * named needs of members hold theirs in the person's class. The bound is
 * the first horizon whose programme is feasible, the classes' seats
 * counted over the calendar (leave included) from the earliest start among
 * the pool's tasks. */
#ifndef PM_POOLBOUND_H
#define PM_POOLBOUND_H

#include "solver/capacity.h"
#include "solver/network.h"

/* Raises *bound (slots, a valid lower bound on the makespan on entry) to
 * the pools' whole-slot bound where that is higher. Stops at deadline
 * (monotonic seconds, solver/clock.h) with what it has proven so far.
 * Returns 0 or PM_ENOMEM (then *bound is unchanged). */
int pm_poolbound_raise(const pm_network *net, const pm_rstate *rs,
                       double deadline, int *bound);

#endif
