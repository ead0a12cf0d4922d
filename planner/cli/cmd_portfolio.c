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

/* The portfolio's own chart and report, under DIR/portfolio/. */
static int portfolio_outputs(const pm_project *all, const pm_schedule *s,
                             const cli_opts *o, char **dir, pm_diag *diag)
{
    char *pdf = NULL, *xlsx = NULL;
    int rc = asprintf(dir, "%s/portfolio", o->out_dir) < 0 ? PM_ENOMEM
                                                          : PM_OK;
    if (rc != PM_OK) {
        *dir = NULL;
    }
    if (rc == PM_OK) {
        rc = pm_atomic_ensure_dir(*dir, diag);
    }
    if (rc == PM_OK && (asprintf(&pdf, "%s/gantt.pdf", *dir) < 0 ||
                        asprintf(&xlsx, "%s/status.xlsx", *dir) < 0)) {
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK) {
        pm_gantt_opts go = cli_gantt_opts(o);
        go.format = PM_GANTT_PDF;
        go.status_date = all->status_date;
        go.depth = o->depth;
        rc = pm_render_gantt_pdf(pdf, all, s, &go, NULL, diag);
    }
    if (rc == PM_OK) {
        pm_report_opts ro = PM_REPORT_OPTS_INIT;
        ro.status_date = all->status_date;
        rc = pm_render_xlsx(xlsx, all, s, &ro, NULL, diag);
    }
    free(pdf);
    free(xlsx);
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

int cmd_run_portfolio(int n, char **paths, const cli_opts *o, pm_diag *diag)
{
    pm_portfolio pf = {0};
    pm_schedule *s = NULL;
    bool today = false;
    int rc = read_portfolio(&pf, n, paths, diag);
    if (rc == PM_OK) {
        rc = cli_settle(pf.all, o, &today, diag);
    }
    if (rc == PM_OK) { /* each project's folder goes in it */
        rc = pm_atomic_ensure_dir(o->out_dir, diag);
    }
    if (rc == PM_OK) {
        pm_solve_opts so = cli_solve_opts(o);
        rc = pm_solve(&s, pf.all, &so, diag);
    }
    char created[32];
    cli_now_iso(created);
    if (rc == PM_OK && o->json) {
        printf("{\"portfolio\": ");
        pm_json_string(stdout, pf.all->name);
        printf(", \"projects\": [");
    }
    for (int k = 0; rc == PM_OK && k < pf.n; k++) {
        pm_project *p = NULL;
        pm_schedule *ps = NULL;
        char *dir = NULL;
        const char *key = pf.all->tasks[pf.root[k]].id;
        rc = pm_project_extract(&p, &ps, pf.all, s, pf.root[k],
                                pf.projects[k]);
        if (rc == PM_OK && asprintf(&dir, "%s/%s", o->out_dir, key) < 0) {
            dir = NULL;
            rc = PM_ENOMEM;
        }
        pm_weekly_result w = {0};
        if (rc == PM_OK) {
            pm_weekly_opts wo = {0};
            wo.out_dir = dir;
            wo.db = o->db;
            wo.baseline = o->baseline;
            wo.created = created;
            wo.input_digest = "";
            wo.today_taken = today;
            wo.solve = cli_solve_opts(o);
            wo.gantt = cli_gantt_opts(o);
            wo.given = ps;
            /* A project alone would have the portfolio's people to
             * itself: no Monte Carlo run of a part (docs/portfolio.md). */
            wo.risk.runs = -1;
            rc = pm_weekly_run(&w, p, &wo, diag);
        }
        if (rc == PM_OK && o->json) {
            if (k > 0) {
                putchar(',');
            }
            cli_json_run(stdout, p, &w, o);
        } else if (rc == PM_OK && !o->quiet) {
            print_project(p, &w, dir);
        }
        pm_weekly_reset(&w);
        free(dir);
        pm_schedule_free(ps);
        pm_project_free(p);
    }
    char *dir = NULL;
    if (rc == PM_OK) {
        rc = portfolio_outputs(pf.all, s, o, &dir, diag);
    }
    if (rc == PM_OK && o->json) {
        printf("]}\n");
    } else if (rc == PM_OK && !o->quiet) {
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
    free(dir);
    pm_schedule_free(s);
    pm_portfolio_reset(&pf);
    return rc;
}
