/* planner/cli/cmd_portfolio.c - 'planner run a.yaml b.yaml' or 'planner run
 * portfolio.yaml': projects that share people and pools scheduled as one
 * (docs/portfolio.md). Each project gets its chart, report and recorded
 * run from its part of the joint schedule; the portfolio gets a chart
 * (every project, and the people's load over all of them) and a report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "planner/cli/cli.h"
#include "planner/model/calendar.h"
#include "planner/model/extract.h"
#include "render/render.h"

/* Reads the portfolio: one portfolio file, or the project files given. */
static int read_portfolio(pm_portfolio *pf, int n, char **paths,
                          pm_diag *diag)
{
    if (n == 1) {
        return pm_import_portfolio_file(pf, paths[0], diag);
    }
    pm_portfolio_entry *e = calloc((size_t)n, sizeof *e);
    if (!e) {
        return PM_ENOMEM;
    }
    for (int k = 0; k < n; k++) {
        e[k].path = paths[k];
        e[k].priority = -1;
    }
    int rc = pm_import_portfolio(pf, "Portfolio", e, n, diag);
    free(e);
    return rc;
}

/* The portfolio's own chart and report, under DIR/portfolio/, pending
 * in pdf and xlsx until the runs are committed. */
static int portfolio_outputs(const pm_project *all, const pm_schedule *s,
                             const cli_opts *o, char **dir, pm_atomic *pdf,
                             pm_atomic *xlsx, pm_diag *diag)
{
    char *pdf_path = NULL, *xlsx_path = NULL;
    int rc = asprintf(dir, "%s/portfolio", o->out_dir) < 0 ? PM_ENOMEM
                                                          : PM_OK;
    if (rc != PM_OK) {
        *dir = NULL;
    }
    if (rc == PM_OK) {
        rc = pm_atomic_ensure_dir(*dir, diag);
    }
    if (rc == PM_OK && (asprintf(&pdf_path, "%s/gantt.pdf", *dir) < 0 ||
                        asprintf(&xlsx_path, "%s/status.xlsx", *dir) < 0)) {
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK) {
        pm_gantt_opts go = cli_gantt_opts(o);
        go.format = PM_GANTT_PDF;
        go.status_date = all->status_date;
        rc = pm_render_gantt_pdf(pdf_path, all, s, &go, pdf, diag);
    }
    if (rc == PM_OK) {
        pm_report_opts ro = PM_REPORT_OPTS_INIT;
        ro.status_date = all->status_date;
        rc = pm_render_xlsx(xlsx_path, all, s, &ro, xlsx, diag);
    }
    free(pdf_path);
    free(xlsx_path);
    return rc;
}

/* One line per project: its finish, against its baseline, its status. */
static void print_project(const pm_project *p, const pm_weekly_result *w,
                          const char *dir)
{
    char a[11], b[11];
    printf("%s: finish %s", p->name ? p->name : "",
           pm_date_format(w->cur.finish, a));
    if (w->var.baseline) {
        printf(" (baseline %s)", pm_date_format(w->var.baseline->finish, b));
    }
    printf(", status %s; run %lld, %s/\n", pm_health_name(w->var.health),
           w->cur.id, dir);
    for (int i = 0; w->why && i < w->cur.n_tasks; i++) {
        if (w->why[i] && w->cur.tasks[i].milestone) {
            printf("  slip: %s\n", w->why[i]);
        }
    }
}

/* A project of the portfolio, cut out and run. */
typedef struct {
    pm_project *p;
    pm_schedule *s;
    char *dir;
    pm_weekly_result w;
} part;

static int run_part(part *x, const pm_portfolio *pf, const pm_schedule *s,
                    int k, pm_store *st, const char *created, bool today,
                    const cli_opts *o, pm_diag *diag)
{
    const char *key = pf->all->tasks[pf->root[k]].id;
    int rc = pm_project_extract(&x->p, &x->s, pf->all, s, pf->root[k],
                                pf->projects[k]);
    if (rc == PM_OK && asprintf(&x->dir, "%s/%s", o->out_dir, key) < 0) {
        x->dir = NULL;
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK) {
        pm_weekly_opts wo = {0};
        wo.out_dir = x->dir;
        wo.db = o->db;
        wo.store = st;
        wo.baseline = o->baseline;
        wo.created = created;
        wo.input_digest = "";
        wo.today_taken = today;
        wo.solve = cli_solve_opts(o);
        wo.gantt = cli_gantt_opts(o);
        wo.given = x->s;
        /* A project alone would have the portfolio's people to itself: no
         * Monte Carlo run of a part (docs/portfolio.md). */
        wo.risk.runs = -1;
        rc = pm_weekly_run(&x->w, x->p, &wo, diag);
    }
    return rc;
}

static void free_part(part *x)
{
    pm_weekly_reset(&x->w); /* removes files left pending */
    free(x->dir);
    pm_schedule_free(x->s);
    pm_project_free(x->p);
}

/* Each project's run joins one transaction, and every file is renamed
 * into place only after it commits: the portfolio's week is recorded and
 * written whole or not at all. */
int cmd_run_portfolio(int n, char **paths, const cli_opts *o, pm_diag *diag)
{
    pm_portfolio pf = {0};
    pm_schedule *s = NULL;
    pm_store *st = NULL;
    part *parts = NULL;
    pm_atomic pdf = {0}, xlsx = {0};
    char *dir = NULL, created[32];
    bool today = false;
    cli_now_iso(created);
    int rc = read_portfolio(&pf, n, paths, diag);
    if (rc == PM_OK) {
        rc = cli_settle(pf.all, o, &today, diag);
    }
    if (rc == PM_OK) {
        pm_solve_opts so = cli_solve_opts(o);
        rc = pm_solve(&s, pf.all, &so, diag);
    }
    if (rc == PM_OK) { /* each project's folder goes in it */
        rc = pm_atomic_ensure_dir(o->out_dir, diag);
    }
    if (rc == PM_OK && !(parts = calloc((size_t)pf.n, sizeof *parts))) {
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK && (rc = pm_store_open(&st, o->db, diag)) == PM_OK) {
        rc = pm_store_begin(st, diag);
    }
    for (int k = 0; rc == PM_OK && k < pf.n; k++) {
        rc = run_part(&parts[k], &pf, s, k, st, created, today, o, diag);
    }
    if (rc == PM_OK) {
        rc = portfolio_outputs(pf.all, s, o, &dir, &pdf, &xlsx, diag);
    }
    if (rc == PM_OK) {
        rc = pm_store_commit(st, diag);
    }
    for (int k = 0; rc == PM_OK && k < pf.n; k++) {
        rc = pm_weekly_commit_files(&parts[k].w, diag);
    }
    if (rc == PM_OK && (rc = pm_atomic_commit(&pdf, diag)) == PM_OK) {
        rc = pm_atomic_commit(&xlsx, diag);
    }
    if (rc == PM_OK && o->json) {
        printf("{\"portfolio\": ");
        pm_json_string(stdout, pf.all->name);
        printf(", \"projects\": [");
        for (int k = 0; k < pf.n; k++) {
            if (k > 0) {
                putchar(',');
            }
            cli_json_run(stdout, parts[k].p, &parts[k].w, o);
        }
        printf("]}\n");
    } else if (rc == PM_OK && !o->quiet) {
        for (int k = 0; k < pf.n; k++) {
            print_project(parts[k].p, &parts[k].w, parts[k].dir);
        }
        pm_calmap m;
        if (pm_calmap_init(&m, &pf.all->cal, pf.all->start) == PM_OK) {
            char a[11];
            printf("%s: %d projects finish %s; wrote %s/gantt.pdf and "
                   "%s/status.xlsx\n",
                   pf.all->name, pf.n,
                   pm_date_format(pm_calmap_finish_date(&m, 0, s->makespan),
                                  a),
                   dir, dir);
            pm_calmap_reset(&m);
        }
    }
    pm_atomic_abort(&pdf);
    pm_atomic_abort(&xlsx);
    for (int k = 0; parts && k < pf.n; k++) {
        free_part(&parts[k]);
    }
    free(parts);
    free(dir);
    pm_store_close(st); /* rolls back what was not committed */
    pm_schedule_free(s);
    pm_portfolio_reset(&pf);
    return rc;
}
