/* planner/weekly/weekly.c - the weekly run (weekly.h): schedule, settle the
 * status date, compare, record, render, then commit the database and
 * rename the files into place. */
#include "planner/weekly/weekly.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "planner/model/calendar.h"
#include "planner/runs/explain.h"
#include "planner/store/store.h"

/* The last runs shown in the report's trend sheets and charts. */
#define TREND_RUNS 26

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Start slots of the project's last recorded run, per task (-1 where a
 * task is new), or NULL when there is none. Only reads: a database that
 * cannot be read here is reported when the run is recorded. */
static int *last_starts(const pm_project *p, const char *db)
{
    if (!pm_store_may_exist(db)) {
        return NULL;
    }
    pm_diag quiet = PM_DIAG_INIT;
    pm_store *st = NULL;
    pm_run prev = {0};
    long long id = 0;
    int *hint = NULL;
    pm_calmap m;
    if (pm_store_open_existing(&st, db, &quiet) == PM_OK &&
        pm_store_previous_run(&id, st, p->name ? p->name : "", 0, &quiet) ==
            PM_OK &&
        id > 0 && pm_store_load_run(&prev, st, id, &quiet) == PM_OK &&
        pm_calmap_init(&m, &p->cal, p->start) == PM_OK) {
        hint = malloc(((size_t)p->n_tasks + 1) * sizeof *hint);
        for (int i = 0; hint && i < p->n_tasks; i++) {
            int k = pm_run_find_task(&prev, p->tasks[i].id);
            hint[i] =
                k >= 0 ? pm_calmap_slot_of_date(&m, prev.tasks[k].start) : -1;
        }
        pm_calmap_reset(&m);
    }
    pm_run_reset(&prev);
    pm_store_close(st);
    pm_diag_reset(&quiet);
    return hint;
}

/* The status date the report is as of. Today, taken by default, may lie
 * outside a plan without progress (made months ahead, or run again later):
 * then the report is as of the project start, which a plan without
 * progress describes. A status date after the finish of a plan whose work
 * is not all reported done gets a warning: the report cannot be "on
 * track" then. */
static void settle_status_date(pm_project *p, const pm_schedule *s, bool today,
                               pm_diag *diag)
{
    pm_calmap m;
    if (pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        return;
    }
    pm_date first = pm_calmap_slot_date(&m, 0);
    pm_date last = pm_calmap_finish_date(&m, 0, s->makespan);
    char a[11], b[11], c[11];
    if (today && !p->tracked &&
        (p->status_date < first || p->status_date > last)) {
        pm_diag_note(diag, NULL,
                     "today (%s) lies outside the plan (%s .. %s) and no "
                     "progress was given: the report is as of the project "
                     "start; give --status-date to report as of another day",
                     pm_date_format(p->status_date, a),
                     pm_date_format(first, b), pm_date_format(last, c));
        p->status_date = first;
    } else if (p->status_date > last) {
        int open = 0;
        for (int i = 0; i < p->n_tasks; i++) {
            open += !pm_task_is_summary(&p->tasks[i]) &&
                    !pm_task_done(&p->tasks[i]);
        }
        if (open > 0) {
            pm_diag_warning(diag, NULL,
                            "the status date %s is after the planned finish "
                            "%s, but %d tasks are not reported done: give "
                            "their progress (--progress) or an earlier "
                            "status date",
                            pm_date_format(p->status_date, a),
                            pm_date_format(last, b), open);
        }
    }
    pm_calmap_reset(&m);
}

/* Flags tasks that have not started though the baseline had them start
 * before the status date; they were moved to the status date. Returns how
 * many. */
static int flag_overdue(const pm_project *p, pm_schedule *s, const pm_run *base,
                        pm_diag *diag)
{
    int n = 0;
    char names[200] = "";
    for (int i = 0; base && p->tracked && i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        int k = pm_task_is_summary(t) || pm_task_started(t)
                    ? -1
                    : pm_run_find_task(base, t->id);
        if (k >= 0 && base->tasks[k].start < p->status_date) {
            s->tasks[i].overdue = true;
            size_t len = strlen(names);
            if (n < 5) {
                snprintf(names + len, sizeof names - len, "%s'%s'",
                         n ? ", " : "", t->id);
            } else if (n == 5) {
                snprintf(names + len, sizeof names - len, ", ...");
            }
            n++;
        }
    }
    if (n > 0) {
        pm_diag_note(diag, NULL,
                     "%d task%s should have started by the status date by "
                     "the baseline and did not (%s); moved to the status "
                     "date",
                     n, n == 1 ? "" : "s", names);
    }
    return n;
}

/* Reads the baseline and the previous run of the project. */
static int compare(pm_weekly_result *w, pm_store *st, const pm_project *p,
                   const pm_weekly_opts *o, const char *base_name,
                   pm_diag *diag)
{
    const char *project = p->name ? p->name : "";
    long long base_id = 0, prev_id = 0;
    int rc = pm_store_get_baseline(&base_id, st, project, base_name, diag);
    if (rc == PM_OK && base_id == 0 && o->baseline) {
        pm_diag_error(diag, NULL,
                      "project '%s' has no baseline '%s' in '%s' (see "
                      "'planner baseline list')",
                      project, o->baseline, o->db);
        return PM_EINPUT;
    }
    if (rc == PM_OK && base_id > 0 &&
        (rc = pm_store_load_run(&w->base, st, base_id, diag)) == PM_OK) {
        w->have_base = true;
    }
    if (rc == PM_OK) {
        rc = pm_store_previous_run(&prev_id, st, project, 0, diag);
    }
    if (rc == PM_OK && prev_id > 0 &&
        (rc = pm_store_load_run(&w->prev, st, prev_id, diag)) == PM_OK) {
        w->have_prev = true;
    }
    return rc;
}

/* Records the run in a new transaction; the first run of a project
 * becomes its baseline. */
static int record(pm_weekly_result *w, pm_store *st, const pm_project *p,
                  const pm_weekly_opts *o, const char *base_name, pm_diag *diag)
{
    w->overdue = flag_overdue(p, w->s, w->have_base ? &w->base : NULL, diag);
    int rc = pm_run_capture(&w->cur, p, w->s, o->created,
                            o->input_digest ? o->input_digest : "");
    if (rc == PM_OK && o->risk.runs >= 0 && pm_project_has_estimates(p)) {
        double t0 = now();
        rc = pm_risk_simulate(&w->cur.outlook, p, w->s, &o->risk, diag);
        w->t_risk = now() - t0;
    }
    if (rc == PM_OK && !o->store) {
        rc = pm_store_begin(st, diag);
    }
    if (rc == PM_OK) {
        rc = pm_store_add_run(st, &w->cur, diag);
    }
    if (rc == PM_OK && !w->have_base && p->scenario < 0) {
        rc = pm_store_set_baseline(st, base_name, w->cur.id, o->created, diag);
    }
    return rc;
}

/* The chart and the report under temporary names (renamed after the
 * commit). */
typedef struct {
    pm_atomic pdf, xlsx;
} outputs;

static int render(outputs *out, pm_weekly_result *w, pm_store *st,
                  const pm_project *p, const pm_weekly_opts *o,
                  const char *base_name, pm_diag *diag)
{
    const pm_run *base = w->have_base ? &w->base : &w->cur;
    int rc = pm_variance_compute(&w->var, &w->cur, base, base_name,
                                 w->have_prev ? &w->prev : NULL);
    if (rc == PM_OK) {
        rc = pm_store_set_run_value(st, w->cur.id, base_name, base->id,
                                    w->var.bac, w->var.pv, w->var.ev, w->var.ac,
                                    diag);
    }
    if (rc == PM_OK && w->have_prev) {
        rc = pm_explain_slips(&w->why, &w->prev, &w->cur);
    }
    if (rc == PM_OK) {
        rc = pm_store_recent_runs(&w->hist, &w->n_hist, st, w->cur.project, 0,
                                  TREND_RUNS, diag);
    }
    char *pdf = NULL, *xlsx = NULL;
    if (rc == PM_OK && (asprintf(&pdf, "%s/gantt.pdf", o->out_dir) < 0 ||
                        asprintf(&xlsx, "%s/status.xlsx", o->out_dir) < 0)) {
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK) {
        pm_gantt_opts go = o->gantt;
        go.format = PM_GANTT_PDF; /* the run's chart is gantt.pdf */
        go.status_date = p->status_date;
        go.variance = &w->var;
        go.baseline_bars = w->have_base;
        go.outlook = w->cur.outlook.runs > 0 ? &w->cur.outlook : NULL;
        double t0 = now();
        rc = pm_render_gantt_pdf(pdf, p, w->s, &go, &out->pdf, diag);
        w->t_chart = now() - t0;
    }
    if (rc == PM_OK) {
        pm_report_opts ro = PM_REPORT_OPTS_INIT;
        ro.status_date = p->status_date;
        ro.run_id = w->cur.id;
        ro.variance = &w->var;
        ro.history = w->hist;
        ro.n_history = w->n_hist;
        ro.why = w->why;
        ro.current = &w->cur;
        ro.outlook = w->cur.outlook.runs > 0 ? &w->cur.outlook : NULL;
        double t0 = now();
        rc = pm_render_xlsx(xlsx, p, w->s, &ro, &out->xlsx, diag);
        w->t_report = now() - t0;
    }
    free(pdf);
    free(xlsx);
    return rc;
}

int pm_weekly_run(pm_weekly_result *out, pm_project *p, const pm_weekly_opts *o,
                  pm_diag *diag)
{
    memset(out, 0, sizeof *out);
    const char *base_name = o->baseline ? o->baseline : PM_BASELINE_INITIAL;
    pm_solve_opts so = o->solve;
    int rc = PM_OK;
    double t0 = now();
    if (o->given) {
        out->s = pm_schedule_copy(o->given);
        rc = out->s ? PM_OK : PM_ENOMEM;
    } else {
        int *hint = last_starts(p, o->db);
        so.hint_start = hint;
        rc = pm_solve(&out->s, p, &so, diag);
        free(hint);
    }
    out->t_solve = now() - t0;
    if (rc == PM_OK) {
        settle_status_date(p, out->s, o->today_taken, diag);
    }
    pm_store *st = o->store;
    outputs files = {0};
    if (rc == PM_OK) {
        rc = pm_atomic_ensure_dir(o->out_dir, diag);
    }
    if (rc == PM_OK && !st) {
        rc = pm_store_open(&st, o->db, diag);
    }
    if (rc == PM_OK) {
        rc = compare(out, st, p, o, base_name, diag);
    }
    if (rc == PM_OK) {
        rc = record(out, st, p, o, base_name, diag);
    }
    if (rc == PM_OK) {
        rc = render(&files, out, st, p, o, base_name, diag);
    }
    /* The store's share: the whole run but the parts timed apart. */
    out->t_store = now() - t0 - out->t_solve - out->t_risk - out->t_chart -
                   out->t_report;
    if (o->store) { /* the caller commits, then renames */
        out->pdf = files.pdf;
        out->xlsx = files.xlsx;
        return rc;
    }
    /* Database first: a crash before the renames leaves last week's files
     * whole and this run recorded. */
    if (rc == PM_OK) {
        double t1 = now();
        rc = pm_store_commit(st, diag);
        out->t_store += now() - t1;
    }
    if (rc == PM_OK) {
        rc = pm_atomic_commit(&files.pdf, diag);
    }
    if (rc == PM_OK) {
        rc = pm_atomic_commit(&files.xlsx, diag);
    }
    pm_atomic_abort(&files.pdf); /* no-ops once committed */
    pm_atomic_abort(&files.xlsx);
    pm_store_close(st); /* rolls back what was not committed */
    return rc;
}

int pm_weekly_commit_files(pm_weekly_result *r, pm_diag *diag)
{
    int rc = pm_atomic_commit(&r->pdf, diag);
    if (rc == PM_OK) {
        rc = pm_atomic_commit(&r->xlsx, diag);
    }
    return rc;
}

void pm_weekly_reset(pm_weekly_result *r)
{
    pm_atomic_abort(&r->pdf); /* no-ops once committed */
    pm_atomic_abort(&r->xlsx);
    pm_explain_free(r->why, r->cur.n_tasks);
    pm_variance_reset(&r->var);
    pm_runs_free(r->hist, r->n_hist);
    pm_run_reset(&r->cur);
    pm_run_reset(&r->base);
    pm_run_reset(&r->prev);
    pm_schedule_free(r->s);
    memset(r, 0, sizeof *r);
}
