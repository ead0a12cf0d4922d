/* planner/runs/history.h - stored runs read back from the database, as plain
 * data (no SQLite types), for variance, history, diff and the report. */
#ifndef PM_HISTORY_H
#define PM_HISTORY_H

#include "planner/model/model.h"

typedef struct {
    char *task_id;    /* owned */
    char *name;       /* owned */
    char *wbs;        /* owned */
    char *parent_id;  /* owned, NULL for top-level tasks */
    bool summary, milestone, critical, late, overdue;
    pm_date start, finish;           /* display dates, inclusive */
    pm_date actual_start, actual_finish; /* PM_NO_DATE if none */
    pm_date deadline;                /* PM_NO_DATE if none */
    int percent_complete;            /* -1 if not reported */
    int total_float;                 /* slots */
    double budget;                   /* planned cost at completion */
    double daily_cost;               /* planned cost per working day */
    int start_slot, finish_slot, free_float; /* slots */
    int remaining;                   /* remaining duration reported, -1 */
    int driver;    /* PM_DRIVE_* (model.h), or >= 0 when driver_id is set */
    char *driver_id; /* owned: the driving predecessor's id, or for
                        PM_DRIVE_RESOURCES the task whose seats it takes
                        over (waits_for), or NULL */
    char *owner_id, *owner_name; /* owned, NULL when no owner */
    int priority;  /* 0..4 */
    int duration;  /* planned duration, slots */
    int estimate[3]; /* three-point estimate, slots (model.h), or 0s */
} pm_run_task;

typedef struct {
    char *pred, *succ; /* owned task ids */
    pm_dep_type type;
    int lag;           /* slots */
} pm_run_dep;

/* A person's share of a task over [start, finish] (inclusive dates). */
typedef struct {
    int task;          /* index into the run's tasks */
    char *resource_id; /* owned */
    char *name;        /* owned: the person's name */
    int units;         /* percent of one person */
    pm_date start, finish;
} pm_run_asg;

/* A person's leave as the run's project file gave it. */
typedef struct {
    char *resource_id; /* owned */
    char *name;        /* owned */
    pm_date first, last;
} pm_run_leave;

/* A person as the run's project file gave them. */
typedef struct {
    char *id, *name; /* owned */
    char *pools;     /* owned: pool ids joined by ",", may be empty */
    int max_units, reserve; /* percent */
    double cost_per_day;
    bool outsourced;  /* capacity a pool may buy, not a person */
} pm_run_resource;

typedef struct {
    char *id, *name; /* owned */
} pm_run_pool;

/* A risk as the run's project file gave it; tasks joined by ", ". */
typedef struct {
    char *id, *title, *owner, *mitigation, *status, *tasks; /* owned */
    int probability; /* percent */
    int impact;      /* 1..5 */
} pm_run_risk;

/* A change request as the run's project file gave it. */
typedef struct {
    char *id, *title, *status, *tasks; /* owned */
    pm_date date;
} pm_run_change;

typedef struct {
    long long id;
    char *created;     /* owned, ISO 8601 UTC */
    char *project;     /* owned */
    char *source;      /* owned */
    char *input_digest; /* owned */
    char *solver;      /* owned */
    char *status;      /* owned: optimal, feasible */
    pm_date status_date; /* PM_NO_DATE if none */
    pm_date start, finish;
    int makespan, lower_bound;
    long lateness;
    double seconds;
    bool tracked;      /* the run had progress */
    bool priced;       /* costs are money (else person-days) */
    int language;      /* PM_LANG_* of the chart and report */
    char *scenario;    /* owned: the what-if scenario's id, NULL for a run
                          of the plan (docs/scenarios.md) */
    char *scenario_name; /* owned, NULL with scenario */
    char *baseline;    /* owned: baseline it was compared with, or NULL */
    long long baseline_run; /* that baseline's run, 0 if none */
    pm_calendar cal;   /* the project calendar (holidays owned) */
    double bac, pv, ev, ac; /* earned value against that baseline */
    pm_run_task *tasks; /* owned, n_tasks, in WBS order; NULL when only
                           the run row was read */
    int n_tasks;
    pm_run_dep *deps;   /* owned, as the project file gave them */
    int n_deps;
    pm_run_asg *asg;    /* owned, by task */
    int n_asg;
    pm_run_leave *leaves; /* owned */
    int n_leaves;
    pm_run_resource *resources; /* owned, in the project's order */
    int n_resources;
    pm_run_pool *pools; /* owned */
    int n_pools;
    pm_run_risk *risks; /* owned */
    int n_risks;
    pm_run_change *changes; /* owned */
    int n_changes;
    pm_outlook outlook; /* owned: the Monte Carlo run over the estimates,
                           tasks indexed like tasks; runs 0: none */
} pm_run;

/* Rebuilds a project and its schedule from a stored run, enough to render
 * the run again: calendar, tasks with their WBS, owners and progress,
 * dependencies, people, and the schedule with its assignments. Returns 0
 * or PM_ENOMEM; the caller frees both. */
int pm_run_rebuild(pm_project **p, pm_schedule **s, const pm_run *r);

/* Captures project p with schedule s as a run (id 0 until stored; created
 * and input_digest copied). Returns 0 or PM_ENOMEM. */
int pm_run_capture(pm_run *out, const pm_project *p, const pm_schedule *s,
                   const char *created, const char *input_digest);

typedef struct {
    char *project; /* owned */
    char *name;    /* owned */
    long long run_id;
    char *created; /* owned */
} pm_baseline;

void pm_baselines_free(pm_baseline *b, int n);

void pm_run_reset(pm_run *r);
void pm_runs_free(pm_run *runs, int n);
/* Index of the task with id in r, or -1. Linear. */
int pm_run_find_task(const pm_run *r, const char *task_id);

#endif
