/* planner/cli/cmd_risk.c - 'planner risk PROJECT': when the project may
 * really finish, from its tasks' three-point estimates (solver/risk.h). */
#include <stdio.h>
#include <stdlib.h>

#include "planner/cli/cli.h"
#include "planner/model/calendar.h"
#include "render/render.h"
#include "solver/risk.h"

/* The date a finish slot falls on. */
static const char *date_of(const pm_calmap *m, int slot, char *buf)
{
    return pm_date_format(pm_calmap_slot_date(m, slot > 0 ? slot - 1 : 0),
                          buf);
}

static int by_criticality(const void *a, const void *b, void *arg)
{
    const pm_outlook *o = arg;
    double x = o->tasks[*(const int *)a].critical;
    double y = o->tasks[*(const int *)b].critical;
    return (x < y) - (x > y);
}

static void print_outlook(const pm_project *p, const pm_schedule *s,
                          const pm_outlook *o, const pm_calmap *m)
{
    char a[11], b[11], c[11], d[11];
    printf("%s: %d runs (seed %u) in %.2f s; the plan finishes %s\n",
           p->name ? p->name : "", o->runs, o->seed, o->seconds,
           date_of(m, s->makespan, a));
    if (o->failed > 0) {
        printf("%d runs left out: a fixed start could not be kept\n",
               o->failed);
    }
    printf("finish: P50 %s, P80 %s, P95 %s\n", date_of(m, o->finish.p50, a),
           date_of(m, o->finish.p80, b), date_of(m, o->finish.p95, c));
    for (int i = 0; i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        const pm_outlook_task *k = &o->tasks[i];
        if (!t->milestone && t->deadline == PM_NO_DATE) {
            continue;
        }
        printf("  %s %s: plan %s, P50 %s, P80 %s, P95 %s", t->wbs, t->name,
               date_of(m, s->tasks[i].finish, a), date_of(m, k->p50, b),
               date_of(m, k->p80, c), date_of(m, k->p95, d));
        if (k->on_time >= 0) {
            printf("; by its deadline %s in %.0f%% of runs",
                   pm_date_format(t->deadline, a), 100 * k->on_time);
        }
        putchar('\n');
    }
    int *order = malloc(((size_t)p->n_tasks + 1) * sizeof *order), n = 0;
    for (int i = 0; order && i < p->n_tasks; i++) {
        if (!pm_task_is_summary(&p->tasks[i]) && o->tasks[i].critical > 0) {
            order[n++] = i;
        }
    }
    if (order && n > 0) {
        qsort_r(order, (size_t)n, sizeof *order, by_criticality, (void *)o);
        fputs("most often critical:", stdout);
        for (int k = 0; k < n && k < 8; k++) {
            const pm_task *t = &p->tasks[order[k]];
            printf("%s %s %s %.0f%%", k ? "," : "", t->wbs, t->name,
                   100 * o->tasks[order[k]].critical);
        }
        putchar('\n');
    }
    free(order);
}

int cmd_risk(const char *path, const cli_opts *o, pm_diag *diag)
{
    pm_project *p = NULL;
    pm_schedule *s = NULL;
    pm_outlook out = {0};
    pm_calmap m = {0};
    int rc = cli_load_solve(&p, &s, path, o, diag);
    if (rc == PM_OK && !pm_project_has_estimates(p)) {
        pm_diag_error(diag, NULL,
                      "'%s' has no three-point estimates (give tasks "
                      "'estimate: 3d..5d..9d')",
                      path);
        rc = PM_EINPUT;
    }
    pm_risk_opts ro = PM_RISK_OPTS_INIT;
    ro.runs = o->runs;
    ro.seed = o->seed;
    if (rc == PM_OK) {
        rc = pm_risk_simulate(&out, p, s, &ro, diag);
    }
    if (rc == PM_OK && pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK && o->json) {
        rc = pm_render_outlook_json(stdout, p, s, &out);
    } else if (rc == PM_OK && !o->quiet) {
        print_outlook(p, s, &out, &m);
    }
    pm_calmap_reset(&m);
    pm_outlook_reset(&out);
    pm_schedule_free(s);
    pm_project_free(p);
    return rc;
}
