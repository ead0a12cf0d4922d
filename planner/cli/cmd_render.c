/* planner/cli/cmd_render.c - rendering without a new run: 'gantt PROJECT'
 * schedules and draws without touching the database; 'gantt --run N' and
 * 'report --run N' draw a stored run again, exactly as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "planner/cli/cli.h"
#include "planner/runs/explain.h"
#include "planner/runs/variance.h"
#include "render/render.h"
#include "solver/risk.h"

static int out_path(char **path, const cli_opts *o, const char *name,
                    pm_diag *diag)
{
    int rc = pm_atomic_ensure_dir(o->out_dir, diag);
    if (rc == PM_OK && asprintf(path, "%s/%s", o->out_dir, name) < 0) {
        *path = NULL;
        rc = PM_ENOMEM;
    }
    return rc;
}

static int draw_gantt(const cli_opts *o, const pm_project *p,
                      const pm_schedule *s, const pm_variance *v,
                      bool baseline_bars, const pm_outlook *outlook,
                      pm_diag *diag)
{
    char *pdf = NULL;
    static const char *const names[] = {"gantt.pdf", "gantt.png",
                                        "gantt.svg"};
    int rc = out_path(&pdf, o, names[o->chart_format], diag);
    if (rc == PM_OK) {
        pm_gantt_opts go = cli_gantt_opts(o);
        go.status_date = p->status_date;
        go.variance = v;
        go.baseline_bars = baseline_bars;
        go.outlook = outlook && outlook->runs > 0 ? outlook : NULL;
        rc = pm_render_gantt_pdf(pdf, p, s, &go, NULL, diag);
    }
    if (rc == PM_OK && !o->quiet) {
        printf(o->chart_format ? "wrote %.*s-N%s, a file per page\n"
                               : "wrote %.*s%s\n",
               (int)(strlen(pdf) - 4), pdf, pdf + strlen(pdf) - 4);
    }
    free(pdf);
    return rc;
}

/* A stored run: --run N, else the newest. */
typedef struct {
    pm_store *st;
    pm_run run;
    pm_project *p;
    pm_schedule *s;
} stored;

static int open_stored(stored *x, const cli_opts *o, pm_diag *diag)
{
    long long id = o->run;
    int rc = pm_store_open_existing(&x->st, o->db, diag);
    if (rc == PM_OK && id == 0 &&
        (rc = pm_store_previous_run(&id, x->st, NULL, 0, diag)) == PM_OK &&
        id == 0) {
        pm_diag_error(diag, NULL, "database '%s' has no runs yet", o->db);
        rc = PM_EINPUT;
    }
    if (rc == PM_OK) {
        rc = pm_store_load_run(&x->run, x->st, id, diag);
    }
    if (rc == PM_OK) {
        rc = pm_run_rebuild(&x->p, &x->s, &x->run);
    }
    return rc;
}

static void close_stored(stored *x)
{
    pm_schedule_free(x->s);
    pm_project_free(x->p);
    pm_run_reset(&x->run);
    pm_store_close(x->st);
}

/* What a stored run was compared with: its baseline and the run before
 * it, the variance and the slip explanations. */
typedef struct {
    pm_run base, prev;
    pm_variance var;
    char **why;
    bool has_base; /* a baseline other than the run itself */
} comparison;

static int compare_stored(comparison *k, stored *x, pm_diag *diag)
{
    const pm_run *r = &x->run;
    long long prev_id = 0;
    int rc = PM_OK;
    if (r->baseline_run > 0 && r->baseline_run != r->id) {
        rc = pm_store_load_run(&k->base, x->st, r->baseline_run, diag);
        k->has_base = rc == PM_OK;
    }
    if (rc == PM_OK &&
        (rc = pm_store_previous_run(&prev_id, x->st, r->project,
                                    r->id, diag)) == PM_OK &&
        prev_id > 0 &&
        (rc = pm_store_load_run(&k->prev, x->st, prev_id, diag)) == PM_OK) {
        rc = pm_explain_slips(&k->why, &k->prev, r);
    }
    if (rc == PM_OK) {
        const pm_run *b = k->has_base ? &k->base : r->baseline_run ? r : NULL;
        rc = pm_variance_compute(&k->var, r, b, r->baseline,
                                 prev_id ? &k->prev : NULL);
    }
    return rc;
}

static void comparison_reset(comparison *k, int n_tasks)
{
    pm_explain_free(k->why, n_tasks);
    pm_variance_reset(&k->var);
    pm_run_reset(&k->base);
    pm_run_reset(&k->prev);
}

int cmd_gantt(const char *path, const cli_opts *o, pm_diag *diag)
{
    if (path && o->run) {
        pm_diag_error(diag, NULL,
                      "give a project file or --run N, not both");
        return PM_EINPUT;
    }
    if (path) {
        pm_project *p = NULL;
        pm_schedule *s = NULL;
        int rc = cli_load_solve(&p, &s, path, o, diag);
        /* With progress, the chart shows it (percent complete, rolled up
         * for summaries): the run compared with nothing. */
        pm_run run = {0};
        pm_variance var = {0};
        pm_outlook outlook = {0};
        bool progress = rc == PM_OK && p->tracked;
        if (progress &&
            (pm_run_capture(&run, p, s, "", "") != PM_OK ||
             pm_variance_compute(&var, &run, NULL, NULL, NULL) != PM_OK)) {
            rc = PM_ENOMEM;
        }
        /* With estimates, the milestones' P80 marks (as the weekly run). */
        if (rc == PM_OK && pm_project_has_estimates(p)) {
            pm_risk_opts ro = {o->runs, o->seed};
            rc = pm_risk_simulate(&outlook, p, s, &ro, diag);
        }
        if (rc == PM_OK) {
            rc = draw_gantt(o, p, s, progress ? &var : NULL, false, &outlook,
                            diag);
        }
        pm_outlook_reset(&outlook);
        pm_variance_reset(&var);
        pm_run_reset(&run);
        pm_schedule_free(s);
        pm_project_free(p);
        return rc;
    }
    stored x = {0};
    comparison k = {0};
    int rc = open_stored(&x, o, diag);
    if (rc == PM_OK) {
        rc = compare_stored(&k, &x, diag);
    }
    if (rc == PM_OK) {
        rc = draw_gantt(o, x.p, x.s, &k.var, k.has_base, &x.run.outlook,
                        diag);
    }
    comparison_reset(&k, x.run.n_tasks);
    close_stored(&x);
    return rc;
}

int cmd_report(const cli_opts *o, pm_diag *diag)
{
    stored x = {0};
    comparison k = {0};
    pm_run *hist = NULL;
    char *xlsx = NULL;
    int n_hist = 0;
    int rc = open_stored(&x, o, diag);
    const pm_run *r = &x.run;
    if (rc == PM_OK) {
        rc = compare_stored(&k, &x, diag);
    }
    if (rc == PM_OK) {
        rc = pm_store_recent_runs(&hist, &n_hist, x.st, r->project, r->id, 26,
                                  diag);
    }
    if (rc == PM_OK) {
        rc = out_path(&xlsx, o, "status.xlsx", diag);
    }
    if (rc == PM_OK) {
        pm_report_opts ro = PM_REPORT_OPTS_INIT;
        ro.status_date = r->status_date;
        ro.run_id = r->id;
        ro.variance = &k.var;
        ro.history = hist;
        ro.n_history = n_hist;
        ro.why = k.why;
        ro.current = r;
        ro.outlook = r->outlook.runs > 0 ? &r->outlook : NULL;
        rc = pm_render_xlsx(xlsx, x.p, x.s, &ro, NULL, diag);
    }
    if (rc == PM_OK && !o->quiet) {
        printf("wrote %s (run %lld)\n", xlsx, r->id);
    }
    free(xlsx);
    pm_runs_free(hist, n_hist);
    comparison_reset(&k, r->n_tasks);
    close_stored(&x);
    return rc;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* Writes the export and prints what it kept, approximated and dropped on
 * stderr (not with -q). */
static int write_export(const char *to, int format, const pm_project *p,
                        const pm_schedule *s, const pm_run *base,
                        const cli_opts *o, pm_diag *diag)
{
    pm_fidelity fid = {0};
    int rc = format == 'c' ? pm_render_csv(to, p, s, &fid, diag)
                           : pm_render_mspdi(to, p, s, base, &fid, diag);
    if (rc == PM_OK && !o->quiet) {
        cli_print_fidelity(stderr, &fid, to, false);
    }
    pm_fidelity_reset(&fid);
    return rc;
}

int cmd_export(const char *path, const cli_opts *o, pm_diag *diag)
{
    const char *to = o->import_to;
    if (!to) {
        pm_diag_error(diag, NULL,
                      "give the file to write: planner export PROJECT "
                      "-o FILE.xml (or --run N)");
        return PM_EINPUT;
    }
    int format = o->format ? o->format
                 : ends_with(to, ".csv") ? 'c'
                 : ends_with(to, ".xml") ? 'm'
                                         : 0;
    if (!format) {
        pm_diag_error(diag, NULL,
                      "cannot tell the format of '%s': name it .xml or "
                      ".csv, or give --mspdi or --csv",
                      to);
        return PM_EINPUT;
    }
    if (path && o->run) {
        pm_diag_error(diag, NULL,
                      "give a project file or --run N, not both");
        return PM_EINPUT;
    }
    int rc;
    if (path) {
        pm_project *p = NULL;
        pm_schedule *s = NULL;
        rc = cli_load_solve(&p, &s, path, o, diag);
        if (rc == PM_OK) {
            rc = write_export(to, format, p, s, NULL, o, diag);
        }
        pm_schedule_free(s);
        pm_project_free(p);
    } else {
        stored x = {0};
        pm_run base = {0};
        rc = open_stored(&x, o, diag);
        if (rc == PM_OK && x.run.baseline_run > 0 &&
            x.run.baseline_run != x.run.id) {
            rc = pm_store_load_run(&base, x.st, x.run.baseline_run, diag);
        }
        if (rc == PM_OK) {
            const pm_run *b = base.id ? &base
                              : x.run.baseline_run ? &x.run
                                                   : NULL;
            rc = write_export(to, format, x.p, x.s, b, o, diag);
        }
        pm_run_reset(&base);
        close_stored(&x);
    }
    if (rc == PM_OK && !o->quiet) {
        printf("wrote %s\n", to);
    }
    return rc;
}
