/* planner/weekly/weekly.h - the weekly run as a library function: a loaded
 * project is scheduled (last week's order from the store as a hint), its
 * status date settled, compared with its baseline and the previous run,
 * recorded in the store in one transaction, and rendered (Gantt chart and
 * status report). The files are written under temporary names and renamed
 * into place only after the database has committed, so a failure leaves
 * last week's files and database whole.
 *
 * The one module that uses every layer below the command line: import is
 * done by the caller, then solver, runs, store and render. It never
 * prints; notes and warnings go to diag. */
#ifndef PM_WEEKLY_H
#define PM_WEEKLY_H

#include <stdbool.h>

#include "planner/model/model.h"
#include "planner/runs/history.h"
#include "planner/runs/variance.h"
#include "planner/store/store.h"
#include "render/render.h"
#include "solver/risk.h"
#include "solver/solve.h"

typedef struct {
    const char *out_dir;      /* gantt.pdf and status.xlsx go here;
                                 created when the schedule is done */
    const char *db;           /* the SQLite file, created if absent */
    const char *baseline;     /* compare with this baseline; NULL: the
                                 project's "initial" one, which its first
                                 run becomes */
    bool today_taken;         /* the status date is today by default, not
                                 chosen (it is then moved to the project
                                 start when today lies outside a plan
                                 without progress) */
    const char *created;      /* the run's time, ISO 8601 UTC */
    const char *input_digest; /* of the input files, recorded with the run */
    pm_solve_opts solve;      /* engine options; hint_start is set here */
    pm_gantt_opts gantt;      /* chart options; the status date, variance
                                 and baseline bars are set here */
    const pm_schedule *given; /* a project of a portfolio: its part of the
                                 joint schedule, not a solve of its own;
                                 NULL */
    pm_store *store;          /* a project of a portfolio: the store, in a
                                 transaction the caller commits; the run
                                 joins it and its files stay pending
                                 (pm_weekly_commit_files()). NULL: db */
    pm_risk_opts risk;        /* the Monte Carlo run over three-point
                                 estimates, when the project has some;
                                 runs < 0: none */
} pm_weekly_opts;

/* What a weekly run leaves for the caller to report. */
typedef struct {
    pm_schedule *s;    /* owned: the schedule */
    pm_run cur;        /* this run as recorded (cur.id is its number) */
    pm_run base, prev; /* the baseline and the previous run, if any */
    bool have_base, have_prev;
    pm_variance var; /* against the baseline and the previous run */
    char **why;      /* per task: why it finishes later than in the
                        previous run, or NULL */
    pm_run *hist;    /* recent runs with their tasks, oldest first */
    int n_hist;
    int overdue; /* tasks moved to the status date */
    pm_atomic pdf, xlsx; /* with a caller's store: the files, pending */
    /* Wall time of each part, seconds: the solve, the Monte Carlo run,
     * comparing and recording in the store (commit included), the chart,
     * the report. */
    double t_solve, t_risk, t_store, t_chart, t_report;
} pm_weekly_result;

/* Runs the week for project p (whose status date may be moved, see
 * today_taken; its schedule's overdue flags are set). Returns 0 with *out
 * filled (the caller frees it with pm_weekly_reset()), or a negative PM_E*
 * code with diag saying why: then nothing was recorded and no file
 * replaced, and *out holds nothing to free beyond what reset frees. */
int pm_weekly_run(pm_weekly_result *out, pm_project *p, const pm_weekly_opts *o,
                  pm_diag *diag);
/* Puts the pending files of a run that joined the caller's store in
 * place (after the caller committed it). */
int pm_weekly_commit_files(pm_weekly_result *r, pm_diag *diag);
/* Frees r; pending files not committed are removed. */
void pm_weekly_reset(pm_weekly_result *r);

#endif
