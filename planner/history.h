/* planner/history.h - stored runs read back from the database, as plain
 * data (no SQLite types), for variance, history, diff and the report. */
#ifndef PM_HISTORY_H
#define PM_HISTORY_H

#include "planner/model.h"

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
} pm_run_task;

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
    char *baseline;    /* owned: baseline it was compared with, or NULL */
    double bac, pv, ev, ac; /* earned value against that baseline */
    pm_run_task *tasks; /* owned, n_tasks, in WBS order; NULL when only
                           the run row was read */
    int n_tasks;
} pm_run;

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
