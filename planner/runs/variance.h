/* planner/runs/variance.h - this run against a baseline and against the
 * previous run: date variances in working days, earned value, and what
 * changed (docs/weekly.md).
 *
 * Earned value, at the status date, over the leaf tasks of the baseline:
 *   BAC  sum of the baseline budgets (what the people the plan gives each
 *        task cost: pm_schedule_cost())
 *   PV   each budget times the share of its baseline working days that lie
 *        before the status date
 *   EV   each budget times its percent complete now (as reported; else
 *        from the remaining duration; else the share of its planned
 *        duration already under way)
 *   AC   each task's planned daily cost times the working days it has been
 *        under way (actual start to actual finish or the status date): no
 *        timesheets, so the planned people are taken to have worked at
 *        their planned units
 *   SPI = EV / PV, CPI = EV / AC, EAC = BAC / CPI.
 * Without progress nothing is known to be earned or spent: SPI and CPI are
 * not available (has_spi, has_cpi false; shown "n/a"), nor while PV or AC
 * is still 0, and EAC is then BAC.
 * Costs are money when the project has day rates, else person-days. */
#ifndef PM_VARIANCE_H
#define PM_VARIANCE_H

#include "planner/runs/history.h"
#include "planner/model/model.h"

typedef struct {
    bool in_baseline;
    pm_date base_start, base_finish;
    int start_var, finish_var;   /* working days, > 0: later than baseline */
    bool in_previous;
    pm_date prev_start, prev_finish;
    int prev_start_var, prev_finish_var; /* working days vs previous run */
    int percent;                 /* percent complete now, 0..100 */
} pm_task_variance;

/* The project's health at a glance, by PM_HEALTH_RULE. */
typedef enum { PM_GREEN, PM_AMBER, PM_RED } pm_health;

/* The rule behind pm_health, as the report states it. */
#define PM_HEALTH_RULE                                                      \
    "Red: the forecast finish is more than 5 working days after the "     \
    "baseline finish, a task finishes after its deadline, or SPI or CPI "  \
    "is below 0.85. Amber: the forecast finish is 1 to 5 working days "    \
    "after the baseline finish, a milestone is later than in the "         \
    "baseline, a deadline is met in fewer than half the runs of the "      \
    "simulation over the estimates, or SPI or CPI is below 0.95. Green: "  \
    "none of these."

/* The colour SPI or CPI x gives by PM_HEALTH_RULE. */
pm_health pm_health_of_index(double x);

typedef struct {
    const pm_run *baseline;  /* borrowed, NULL when there is none */
    const char *baseline_name;
    const pm_run *previous;  /* borrowed, NULL on the first run */
    pm_task_variance *tasks; /* owned, indexed like the run's tasks (which
                                are the project's, in order) */
    int *removed;            /* owned: previous-run tasks no longer in the
                                project (indices into previous->tasks) */
    int n_removed;
    int n_added;             /* tasks not in the previous run */
    pm_date start, finish;   /* this schedule */
    bool priced;             /* costs in money (else person-days) */
    bool tracked;            /* the project has progress: EV means something */
    double bac, pv, ev, ac, spi, cpi, eac;
    bool has_spi, has_cpi;   /* spi, cpi mean something (see above) */
    double percent_complete; /* EV / BAC x 100 */
    int finish_var;          /* working days the forecast finish is after
                                the baseline's (0 without a baseline) */
    int late_tasks;          /* leaves finishing after their deadline */
    int slipped_milestones;  /* milestones later than in the baseline */
    int deadlines_at_risk;   /* tasks on time by the plan whose deadline
                                the simulation meets in under half its
                                runs */
    pm_health health;        /* by PM_HEALTH_RULE */
    char health_why[256];    /* what made it so, e.g. "forecast finish 8
                                working days after the baseline" */
} pm_variance;

/* Compares run cur with the baseline and previous runs (either may be
 * NULL); v->tasks is indexed like cur->tasks. Returns 0 or PM_ENOMEM. */
int pm_variance_compute(pm_variance *v, const pm_run *cur,
                        const pm_run *baseline, const char *baseline_name,
                        const pm_run *previous);
void pm_variance_reset(pm_variance *v);
/* "green", "amber" or "red". */
const char *pm_health_name(pm_health h);
/* What made v's health so (v->health_why) in language lang (PM_LANG_*). */
void pm_health_why(const pm_variance *v, int lang, char *out, size_t size);

#endif
