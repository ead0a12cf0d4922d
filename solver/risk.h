/* solver/risk.h - when the project may really finish: a Monte Carlo run
 * over the tasks' three-point estimates (docs/risk.md).
 *
 * Each sample draws every estimated task's effort or duration from a PERT
 * distribution (a Beta on [optimistic, pessimistic] with its mode at the
 * most likely, weight 4) and schedules the project again with its people:
 * one serial pass in the plan's order, so that the people work in the
 * order the plan gives them (a sample is the plan meeting chance, not a
 * new optimisation). Tasks without an estimate keep their duration. */
#ifndef PM_RISK_H
#define PM_RISK_H

#include <stdbool.h>
#include <stdint.h>

#include "planner/model/model.h"

typedef struct {
    int runs;      /* samples; 0: 1000 */
    unsigned seed; /* same project, plan and seed: the same figures */
} pm_risk_opts;
#define PM_RISK_OPTS_INIT {0, 1}

/* Whether any task of p has a three-point estimate. */
bool pm_project_has_estimates(const pm_project *p);

/* Samples the finish of p around the plan (its schedule) into *out (the
 * caller resets it). Returns 0, PM_ENOMEM or what building the network
 * returns. */
int pm_risk_simulate(pm_outlook *out, const pm_project *p,
                     const pm_schedule *plan, const pm_risk_opts *o,
                     pm_diag *diag);

/* One draw from PERT(o, m, p) with the generator state *rng. */
double pm_pert_sample(uint64_t *rng, double o, double m, double p);

#endif
