/* planner/cli/cmd_schedule.c - the commands that schedule: run (the weekly
 * job: schedule, compare, record, render), check and solve. */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "import/import.h"
#include "planner/model/calendar.h"
#include "planner/runs/explain.h"
#include "planner/cli/cli.h"
#include "planner/store/store.h"
#include "planner/runs/variance.h"
#include "render/render.h"
#include "solver/solve.h"

pm_date cli_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return pm_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

const char *cli_now_iso(char *buf)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/* SHA-256 over the project file and every file it pulled in. */
static char *input_digest(const pm_project *p)
{
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    const char *files[1 + 64];
    int n = 0;
    files[n++] = p->source;
    for (int i = 0; i < p->n_kept && n < 65; i++) {
        files[n++] = p->kept[i];
    }
    for (int i = 0; i < n; i++) {
        gchar *data = NULL;
        gsize len = 0;
        if (files[i] && g_file_get_contents(files[i], &data, &len, NULL)) {
            g_checksum_update(ck, (const guchar *)data, (gssize)len);
            g_free(data);
        }
    }
    char *out = strdup(g_checksum_get_string(ck));
    g_checksum_free(ck);
    return out;
}

/* Reads the project, sets the status date (option, else the file's, else
 * today when today_used is given or progress is read: *today_used then
 * tells whether today was taken) and reads the progress table. */
int cli_load(pm_project **p, const char *path, const cli_opts *o,
             bool *today_used, pm_diag *diag)
{
    if (today_used) {
        *today_used = false;
    }
    pm_fidelity fid = {0};
    int rc = pm_import_file_fid(p, path, &fid, diag);
    if (rc == PM_OK && fid.n > 0 && !o->quiet && !o->json) {
        cli_print_fidelity(stderr, &fid, path, false);
    }
    pm_fidelity_reset(&fid);
    if (rc != PM_OK) {
        return rc;
    }
    if (o->status_date) {
        pm_date d;
        if (!pm_date_parse(o->status_date, strlen(o->status_date), &d)) {
            pm_diag_error(diag, NULL,
                          "--status-date '%s' is not a valid date "
                          "(expected YYYY-MM-DD)",
                          o->status_date);
            rc = PM_EINPUT;
        }
        (*p)->status_date = d;
    }
    if (rc == PM_OK && (*p)->status_date == PM_NO_DATE &&
        (today_used || o->progress)) {
        (*p)->status_date = cli_today();
        if (today_used) {
            *today_used = true;
        }
    }
    if (rc == PM_OK && o->progress) {
        rc = pm_import_progress(*p, o->progress, diag);
    }
    if (rc != PM_OK) {
        pm_project_free(*p);
        *p = NULL;
    }
    return rc;
}

/* Progress of a long solve on stderr, at most once a second. */
static void show_progress(void *ctx, const pm_solve_progress *pr)
{
    static double last = -1;
    (void)ctx;
    if (last >= 0 && pr->seconds - last < 1.0) {
        return;
    }
    last = pr->seconds;
    double gap = pr->lower_bound > 0
                     ? 100.0 * (pr->makespan - pr->lower_bound) /
                           pr->lower_bound
                     : 0.0;
    fprintf(stderr, "%s: %5.1f s  %-9s best %d, bound %d, gap %.1f%%%s\n",
            pm_prog, pr->seconds, pr->phase, pr->makespan, pr->lower_bound, gap,
            pr->lateness > 0 ? " (late work)" : "");
}

int cli_solve(pm_schedule **s, const pm_project *p, const cli_opts *o,
              pm_diag *diag)
{
    return cli_solve_hint(s, p, o, NULL, diag);
}

int cli_solve_hint(pm_schedule **s, const pm_project *p, const cli_opts *o,
                   const int *hint, pm_diag *diag)
{
    pm_solve_opts so = PM_SOLVE_OPTS_INIT;
    if (!o->quiet && isatty(STDERR_FILENO)) {
        so.progress = show_progress;
    }
    so.time_limit_ms = (int)(o->time_limit * 1000);
    so.seed = o->seed;
    so.use_milp = !o->no_milp;
    so.max_schedules = o->schedules;
    so.glpk_only = o->glpk_only;
    so.hint_start = hint;
    return pm_solve(s, p, &so, diag);
}

/* What the run or solve tells on stdout: the span, the finish against the
 * lower bound in working days (periods for PSPLIB instances, whose unit
 * is abstract), critical and late work, outsourcing, and what strict
 * priorities cost. */
static void print_summary(const pm_project *p, const pm_schedule *s,
                          bool periods)
{
    pm_calmap m;
    if (pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        return;
    }
    char a[11], b[11];
    int critical = 0, late = 0, leaves = 0;
    for (int i = 0; i < p->n_tasks; i++) {
        if (!pm_task_is_summary(&p->tasks[i])) {
            leaves++;
            critical += s->tasks[i].critical;
            late += s->tasks[i].late;
        }
    }
    double gap = s->lower_bound > 0
                     ? 100.0 * (s->makespan - s->lower_bound) / s->lower_bound
                     : 0.0;
    printf("%s: %d tasks, %s .. %s\n", p->name ? p->name : p->source, leaves,
           pm_date_format(pm_calmap_slot_date(&m, 0), a),
           pm_date_format(pm_calmap_finish_date(&m, 0, s->makespan), b));
    printf("duration %g %s, lower bound %g (gap %.1f%%), %s by %s in "
           "%.2f s\n",
           pm_days_of_slots(p, s->makespan),
           periods ? "periods" : "working days",
           pm_days_of_slots(p, s->lower_bound), gap,
           pm_status_name(s->status), s->solver, s->seconds);
    printf("%d critical, %d late\n", critical, late);
    if (s->finish_first > 0) {
        printf("strict priorities: %g working days longer than the "
               "shortest plan found (%g); 'priorities: finish' keeps that "
               "one\n",
               pm_days_of_slots(p, s->makespan - s->finish_first),
               pm_days_of_slots(p, s->finish_first));
    }
    double bought, cost;
    pm_schedule_outsourcing(p, s, &bought, &cost);
    if (bought > 0) {
        printf("outsourced: %.1f person-days, cost %.2f\n", bought, cost);
    }
    pm_calmap_reset(&m);
}

int cli_ensure_dir(const char *dir, pm_diag *diag)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            pm_diag_error(diag, NULL, "'%s' is not a folder", dir);
            return PM_EIO;
        }
        return PM_OK;
    }
    if (mkdir(dir, 0777) != 0) {
        pm_diag_error(diag, NULL, "cannot create folder '%s': %s", dir,
                      strerror(errno));
        return PM_EIO;
    }
    return PM_OK;
}

/* Flags tasks that have not started though the baseline had them start
 * before the status date; they were moved to the status date. */
static int flag_overdue(const pm_project *p, pm_schedule *s,
                        const pm_run *base, pm_diag *diag)
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

/* The last runs of the project up to run 'upto' (0: all), with their
 * tasks, for the trend charts. */
#define TREND_RUNS 26

int cli_load_history(pm_store *st, const char *project, long long upto,
                     pm_run **out, int *n, pm_diag *diag)
{
    int rc = pm_store_list_runs(st, project, out, n, diag);
    while (rc == PM_OK && upto > 0 && *n > 0 && (*out)[*n - 1].id > upto) {
        pm_run_reset(&(*out)[--*n]);
    }
    int first = *n > TREND_RUNS ? *n - TREND_RUNS : 0;
    for (int i = first; rc == PM_OK && i < *n; i++) {
        pm_run full;
        rc = pm_store_load_run(st, (*out)[i].id, &full, diag);
        if (rc == PM_OK) {
            pm_run_reset(&(*out)[i]);
            (*out)[i] = full;
        }
    }
    if (rc == PM_OK && first > 0) {
        for (int i = 0; i < first; i++) {
            pm_run_reset(&(*out)[i]);
        }
        memmove(*out, *out + first, (size_t)(*n - first) * sizeof **out);
        *n -= first;
    }
    return rc;
}

/* The run's outputs: written to temporary files first, renamed into place
 * only after the run is committed to the database. */
typedef struct {
    pm_atomic pdf, xlsx;
} outputs;

static int render_outputs(outputs *out, const cli_opts *o,
                          const pm_project *p, const pm_schedule *s,
                          const pm_report_opts *ro, bool baseline_bars,
                          pm_diag *diag)
{
    char *pdf = NULL, *xlsx = NULL;
    int rc = PM_OK;
    if (asprintf(&pdf, "%s/gantt.pdf", o->out_dir) < 0) {
        pdf = NULL;
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK && asprintf(&xlsx, "%s/status.xlsx", o->out_dir) < 0) {
        xlsx = NULL;
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK) {
        pm_gantt_opts go = PM_GANTT_OPTS_INIT;
        go.page_w = o->page_w;
        go.page_h = o->page_h;
        go.columns = o->columns;
        go.scale = o->scale;
        go.fit = o->fit;
        go.depth = o->depth;
        go.today = o->today_line ? cli_today() : PM_NO_DATE;
        go.float_tails = o->float_tails;
        go.status_date = p->status_date;
        go.generated = cli_today();
        go.variance = ro->variance;
        go.baseline_bars = baseline_bars;
        rc = pm_render_gantt_pdf(pdf, p, s, &go, &out->pdf, diag);
    }
    if (rc == PM_OK) {
        rc = pm_render_xlsx(xlsx, p, s, ro, &out->xlsx, diag);
    }
    free(pdf);
    free(xlsx);
    return rc;
}

static void print_variance(const pm_variance *v)
{
    char a[11], b[11];
    if (v->baseline) {
        printf("baseline '%s' (run %lld) finishes %s; forecast %s\n",
               v->baseline_name, v->baseline->id,
               pm_date_format(v->baseline->finish, a),
               pm_date_format(v->finish, b));
    }
    if (v->baseline && v->tracked) {
        char spi[16] = "n/a", cpi[16] = "n/a";
        if (v->has_spi) {
            snprintf(spi, sizeof spi, "%.2f", v->spi);
        }
        if (v->has_cpi) {
            snprintf(cpi, sizeof cpi, "%.2f", v->cpi);
        }
        printf("earned value (%s): PV %.1f, EV %.1f, AC %.1f, SPI %s, "
               "CPI %s, EAC %.1f, %.0f%% complete\n",
               v->priced ? "cost" : "person-days", v->pv, v->ev, v->ac, spi,
               cpi, v->eac, v->percent_complete);
    }
    if (v->previous) {
        printf("since run %lld: %d tasks added, %d removed\n",
               v->previous->id, v->n_added, v->n_removed);
    }
}

/* The state of one weekly run, in the order it is built. */
typedef struct {
    pm_project *p;
    pm_schedule *s;
    pm_store *st;
    const char *base_name;
    pm_run cur;          /* this run, captured */
    pm_run base, prev;   /* the baseline and the previous run */
    bool have_base, have_prev;
    pm_variance var;
    pm_run *hist;        /* recent runs, with tasks */
    int n_hist;
    char **why;          /* per task: why it finishes later than last run */
    outputs out;
    char created[32];
} weekly;

static void weekly_reset(weekly *w)
{
    pm_explain_free(w->why, w->cur.n_tasks);
    pm_variance_reset(&w->var);
    pm_runs_free(w->hist, w->n_hist);
    pm_run_reset(&w->cur);
    pm_run_reset(&w->base);
    pm_run_reset(&w->prev);
    pm_atomic_abort(&w->out.pdf); /* no-ops once committed */
    pm_atomic_abort(&w->out.xlsx);
    pm_store_close(w->st);
    pm_schedule_free(w->s);
    pm_project_free(w->p);
}

/* Reads the baseline and the previous run of the project. */
static int weekly_compare(weekly *w, const cli_opts *o, pm_diag *diag)
{
    const char *project = w->p->name ? w->p->name : "";
    long long base_id = 0, prev_id = 0;
    int rc = pm_store_get_baseline(w->st, project, w->base_name, &base_id,
                                   diag);
    if (rc == PM_OK && base_id == 0 && o->baseline) {
        pm_diag_error(diag, NULL,
                      "project '%s' has no baseline '%s' in '%s' (see "
                      "'planner baseline list')",
                      project, o->baseline, o->db);
        return PM_EINPUT;
    }
    if (rc == PM_OK && base_id > 0 &&
        (rc = pm_store_load_run(w->st, base_id, &w->base, diag)) == PM_OK) {
        w->have_base = true;
    }
    if (rc == PM_OK) {
        rc = pm_store_previous_run(w->st, project, 0, &prev_id, diag);
    }
    if (rc == PM_OK && prev_id > 0 &&
        (rc = pm_store_load_run(w->st, prev_id, &w->prev, diag)) == PM_OK) {
        w->have_prev = true;
    }
    return rc;
}

/* Records the run in the open transaction; the first run of a project
 * becomes its baseline. */
static int weekly_record(weekly *w, pm_diag *diag)
{
    flag_overdue(w->p, w->s, w->have_base ? &w->base : NULL, diag);
    char *digest = input_digest(w->p);
    int rc = pm_run_capture(&w->cur, w->p, w->s, w->created,
                            digest ? digest : "");
    free(digest);
    if (rc == PM_OK) {
        rc = pm_store_begin(w->st, diag);
    }
    if (rc == PM_OK) {
        rc = pm_store_add_run(w->st, &w->cur, diag);
    }
    if (rc == PM_OK && !w->have_base) {
        rc = pm_store_set_baseline(w->st, w->base_name, w->cur.id,
                                   w->created, diag);
    }
    return rc;
}

static int weekly_report(weekly *w, const cli_opts *o, pm_diag *diag)
{
    const pm_run *base = w->have_base ? &w->base : &w->cur;
    int rc = pm_variance_compute(&w->var, &w->cur, base, w->base_name,
                                 w->have_prev ? &w->prev : NULL);
    if (rc == PM_OK) {
        rc = pm_store_set_run_value(w->st, w->cur.id, w->base_name,
                                    base->id, w->var.bac, w->var.pv,
                                    w->var.ev, w->var.ac, diag);
    }
    if (rc == PM_OK && w->have_prev) {
        rc = pm_explain_slips(&w->why, &w->prev, &w->cur);
    }
    if (rc == PM_OK) {
        rc = cli_load_history(w->st, w->cur.project, 0, &w->hist,
                              &w->n_hist, diag);
    }
    if (rc == PM_OK) {
        pm_report_opts ro = PM_REPORT_OPTS_INIT;
        ro.status_date = w->p->status_date;
        ro.run_id = w->cur.id;
        ro.variance = &w->var;
        ro.history = w->hist;
        ro.n_history = w->n_hist;
        ro.why = w->why;
        ro.current = &w->cur;
        rc = render_outputs(&w->out, o, w->p, w->s, &ro, w->have_base,
                            diag);
    }
    return rc;
}

/* Milestones that moved later since the last run, and why. */
static void print_slips(const weekly *w)
{
    for (int i = 0; w->why && i < w->cur.n_tasks; i++) {
        if (w->why[i] && w->cur.tasks[i].milestone) {
            printf("slip: %s\n", w->why[i]);
        }
    }
}

/* Start slots of the project's last recorded run, per task (-1 where a
 * task is new), or NULL when there is none. Only reads: a database that
 * cannot be read here is reported when the run is recorded. */
static int *last_starts(const pm_project *p, const cli_opts *o)
{
    if (access(o->db, F_OK) != 0) {
        return NULL;
    }
    pm_diag quiet = PM_DIAG_INIT;
    pm_store *st = NULL;
    pm_run prev = {0};
    long long id = 0;
    int *hint = NULL;
    pm_calmap m;
    if (pm_store_open_existing(&st, o->db, &quiet) == PM_OK &&
        pm_store_previous_run(st, p->name ? p->name : "", 0, &id, &quiet) ==
            PM_OK &&
        id > 0 && pm_store_load_run(st, id, &prev, &quiet) == PM_OK &&
        pm_calmap_init(&m, &p->cal, p->start) == PM_OK) {
        hint = malloc(((size_t)p->n_tasks + 1) * sizeof *hint);
        for (int i = 0; hint && i < p->n_tasks; i++) {
            int k = pm_run_find_task(&prev, p->tasks[i].id);
            hint[i] = k >= 0 ? pm_calmap_slot_of_date(&m, prev.tasks[k].start)
                             : -1;
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
static void settle_status_date(pm_project *p, const pm_schedule *s,
                               bool today, pm_diag *diag)
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

int cmd_run(const char *path, const cli_opts *o, pm_diag *diag)
{
    weekly w = {0};
    w.base_name = o->baseline ? o->baseline : PM_BASELINE_INITIAL;
    cli_now_iso(w.created);
    bool today = false;
    int rc = cli_load(&w.p, path, o, &today, diag);
    if (rc == PM_OK) {
        int *hint = last_starts(w.p, o);
        rc = cli_solve_hint(&w.s, w.p, o, hint, diag);
        free(hint);
    }
    if (rc == PM_OK) {
        settle_status_date(w.p, w.s, today, diag);
    }
    if (rc == PM_OK) {
        rc = cli_ensure_dir(o->out_dir, diag);
    }
    if (rc == PM_OK) {
        rc = pm_store_open(&w.st, o->db, diag);
    }
    if (rc == PM_OK) {
        rc = weekly_compare(&w, o, diag);
    }
    if (rc == PM_OK) {
        rc = weekly_record(&w, diag);
    }
    if (rc == PM_OK) {
        rc = weekly_report(&w, o, diag);
    }
    /* Database first: a crash before the renames leaves last week's files
     * whole and this run recorded. */
    if (rc == PM_OK) {
        rc = pm_store_commit(w.st, diag);
    }
    if (rc == PM_OK) {
        rc = pm_atomic_commit(&w.out.pdf, diag);
    }
    if (rc == PM_OK) {
        rc = pm_atomic_commit(&w.out.xlsx, diag);
    }
    if (rc == PM_OK && !o->quiet) {
        print_summary(w.p, w.s, false);
        print_variance(&w.var);
        print_slips(&w);
        printf("wrote %s/gantt.pdf and %s/status.xlsx; run %lld recorded "
               "in %s\n",
               o->out_dir, o->out_dir, w.cur.id, o->db);
    }
    weekly_reset(&w);
    return rc;
}

int cmd_check(const char *path, const cli_opts *o, pm_diag *diag)
{
    pm_project *p = NULL;
    int rc = cli_load(&p, path, o, NULL, diag);
    if (rc == PM_OK) {
        rc = pm_solve_check(p, diag);
    }
    if (rc == PM_OK && !o->quiet) {
        printf("%s: ok (%d tasks, %d dependencies, %d resources, %d pools)\n",
               path, p->n_tasks, p->n_deps, p->n_resources, p->n_pools);
    }
    pm_project_free(p);
    return rc;
}

static bool is_psplib(const char *path)
{
    size_t n = strlen(path);
    return n > 3 && strcmp(path + n - 3, ".sm") == 0;
}

int cmd_solve(const char *path, const cli_opts *o, pm_diag *diag)
{
    pm_project *p = NULL;
    pm_schedule *s = NULL;
    int rc = cli_load(&p, path, o, NULL, diag);
    if (rc == PM_OK) {
        rc = cli_solve(&s, p, o, diag);
    }
    if (rc == PM_OK) {
        if (o->json) {
            rc = pm_render_json(stdout, p, s, is_psplib(path));
        } else if (!o->quiet) {
            print_summary(p, s, is_psplib(path));
        }
    }
    pm_schedule_free(s);
    pm_project_free(p);
    return rc;
}

