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
#include "planner/weekly/weekly.h"
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
    pm_fidelity fid = {0};
    int rc = pm_import_file_as(p, path, o->scenario, &fid, diag);
    if (rc == PM_OK && fid.n > 0 && !o->quiet && !o->json) {
        cli_print_fidelity(stderr, &fid, path, false);
    }
    pm_fidelity_reset(&fid);
    if (rc == PM_OK) {
        rc = cli_settle(*p, o, today_used, diag);
    }
    if (rc != PM_OK) {
        pm_project_free(*p);
        *p = NULL;
    }
    return rc;
}

int cli_settle(pm_project *p, const cli_opts *o, bool *today_used,
               pm_diag *diag)
{
    int rc = PM_OK;
    if (today_used) {
        *today_used = false;
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
        p->status_date = d;
    }
    if (rc == PM_OK && p->status_date == PM_NO_DATE &&
        (today_used || o->progress)) {
        p->status_date = cli_today();
        if (today_used) {
            *today_used = true;
        }
    }
    if (rc == PM_OK && o->progress) {
        rc = pm_import_progress(p, o->progress, diag);
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

pm_solve_opts cli_solve_opts(const cli_opts *o)
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
    return so;
}

pm_gantt_opts cli_gantt_opts(const cli_opts *o)
{
    pm_gantt_opts go = PM_GANTT_OPTS_INIT;
    go.page_w = o->page_w;
    go.page_h = o->page_h;
    go.columns = o->columns;
    go.scale = o->scale;
    go.fit = o->fit;
    go.depth = o->depth;
    go.today = o->today_line ? cli_today() : PM_NO_DATE;
    go.float_tails = o->float_tails;
    go.chain = o->chain;
    go.format = o->chart_format;
    go.dpi = o->dpi;
    go.generated = cli_today();
    return go;
}

int cli_load_solve(pm_project **p, pm_schedule **s, const char *path,
                   const cli_opts *o, pm_diag *diag)
{
    *s = NULL;
    int rc = cli_load(p, path, o, NULL, diag);
    if (rc == PM_OK) {
        pm_solve_opts so = cli_solve_opts(o);
        rc = pm_solve(s, *p, &so, diag);
    }
    return rc;
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
    printf("status: %s (%s)\n", pm_health_name(v->health), v->health_why);
}

/* When the Monte Carlo run over the estimates says it may finish. */
static void print_risk(const pm_project *p, const pm_outlook *o)
{
    pm_calmap m;
    if (o->runs <= 0 || pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        return;
    }
    char a[11], b[11], c[11];
    printf("risk: P50 %s, P80 %s, P95 %s (%d runs, seed %u)\n",
           pm_date_format(pm_calmap_finish_date(&m, 0, o->finish.p50), a),
           pm_date_format(pm_calmap_finish_date(&m, 0, o->finish.p80), b),
           pm_date_format(pm_calmap_finish_date(&m, 0, o->finish.p95), c),
           o->runs, o->seed);
    pm_calmap_reset(&m);
}

/* Milestones that moved later since the last run, and why. */
static void print_slips(const pm_weekly_result *w)
{
    for (int i = 0; w->why && i < w->cur.n_tasks; i++) {
        if (w->why[i] && w->cur.tasks[i].milestone) {
            printf("slip: %s\n", w->why[i]);
        }
    }
}

int cmd_run(const char *path, const cli_opts *o, pm_diag *diag)
{
    pm_project *p = NULL;
    pm_weekly_result w = {0};
    char created[32];
    pm_weekly_opts wo = {0};
    wo.out_dir = o->out_dir;
    wo.db = o->db;
    wo.baseline = o->baseline;
    wo.created = cli_now_iso(created);
    wo.solve = cli_solve_opts(o);
    wo.gantt = cli_gantt_opts(o);
    wo.risk.runs = o->runs;
    wo.risk.seed = o->seed;
    char *digest = NULL;
    char *scenario_dir = NULL;
    int rc = cli_load(&p, path, o, &wo.today_taken, diag);
    if (rc == PM_OK) {
        digest = input_digest(p);
        wo.input_digest = digest;
    }
    /* A scenario's chart and report go beside the plan's, not over them. */
    if (rc == PM_OK && p->scenario >= 0 &&
        (rc = pm_atomic_ensure_dir(o->out_dir, diag)) == PM_OK) {
        if (asprintf(&scenario_dir, "%s/%s", o->out_dir,
                     p->scenarios[p->scenario].id) < 0) {
            scenario_dir = NULL;
            rc = PM_ENOMEM;
        }
        wo.out_dir = scenario_dir;
    }
    if (rc == PM_OK) {
        rc = pm_weekly_run(&w, p, &wo, diag);
    }
    if (rc == PM_OK && o->json) {
        cli_json_run(stdout, p, &w, o);
    } else if (rc == PM_OK && !o->quiet) {
        print_summary(p, w.s, false);
        print_variance(&w.var);
        print_risk(p, &w.cur.outlook);
        print_slips(&w);
        if (p->scenario >= 0) {
            printf("scenario '%s' (%s): a what-if, recorded apart from the "
                   "plan's runs\n",
                   p->scenarios[p->scenario].id,
                   p->scenarios[p->scenario].name);
        }
        printf("wrote %s/gantt.pdf and %s/status.xlsx; run %lld recorded "
               "in %s\n",
               wo.out_dir, wo.out_dir, w.cur.id, o->db);
    }
    free(scenario_dir);
    free(digest);
    pm_weekly_reset(&w);
    pm_project_free(p);
    return rc;
}

int cmd_check(const char *path, const cli_opts *o, pm_diag *diag)
{
    pm_project *p = NULL;
    int rc = cli_load(&p, path, o, NULL, diag);
    if (rc == PM_OK) {
        rc = pm_solve_check(p, diag);
    }
    /* Each scenario must read as well as the plan. */
    for (int k = 0; rc == PM_OK && o->scenario == NULL && k < p->n_scenarios;
         k++) {
        cli_opts own = *o;
        own.scenario = p->scenarios[k].id;
        pm_project *q = NULL;
        rc = cli_load(&q, path, &own, NULL, diag);
        if (rc == PM_OK) {
            rc = pm_solve_check(q, diag);
        }
        pm_project_free(q);
    }
    if (rc == PM_OK && o->json) {
        cli_json_check(stdout, path, p);
    } else if (rc == PM_OK && !o->quiet) {
        printf("%s: ok (%d tasks, %d dependencies, %d resources, %d pools",
               path, p->n_tasks, p->n_deps, p->n_resources, p->n_pools);
        if (p->n_scenarios > 0) {
            printf(", %d scenario%s", p->n_scenarios,
                   p->n_scenarios == 1 ? "" : "s");
        }
        puts(")");
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
    int rc = cli_load_solve(&p, &s, path, o, diag);
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

