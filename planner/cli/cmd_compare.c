/* planner/cli/cmd_compare.c - 'planner compare PROJECT [SCENARIO]...': the
 * plan and its what-if scenarios (docs/scenarios.md) scheduled the same
 * way and shown side by side: printed, as JSON, and as compare.xlsx. No
 * database: a comparison records nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/cli/cli.h"
#include "planner/model/calendar.h"
#include "planner/model/l10n.h"
#include "render/render.h"
#include "solver/risk.h"

typedef struct {
    pm_variant v;
    pm_project *p;
    pm_schedule *s;
    pm_outlook outlook;
} variant;

/* Loads and schedules the project under scenario (NULL: the plan), with
 * the Monte Carlo run when it has estimates. */
static int load_variant(variant *x, const char *path, const char *scenario,
                        const cli_opts *o, pm_diag *diag)
{
    cli_opts own = *o;
    own.scenario = scenario;
    int rc = cli_load_solve(&x->p, &x->s, path, &own, diag);
    if (rc == PM_OK && pm_project_has_estimates(x->p)) {
        pm_risk_opts ro = {o->runs, o->seed};
        rc = pm_risk_simulate(&x->outlook, x->p, x->s, &ro, diag);
    }
    if (rc == PM_OK) {
        const pm_project *p = x->p;
        x->v.p = p;
        x->v.s = x->s;
        x->v.outlook = x->outlook.runs > 0 ? &x->outlook : NULL;
        x->v.id = p->scenario >= 0 ? p->scenarios[p->scenario].id : "plan";
        x->v.name = p->scenario >= 0 ? p->scenarios[p->scenario].name
                                     : pm_tr(p->language, "the plan");
    }
    return rc;
}

static void free_variant(variant *x)
{
    pm_outlook_reset(&x->outlook);
    pm_schedule_free(x->s);
    pm_project_free(x->p);
}

static void print_row(const char *label, const variant *v, int n,
                      void (*cell)(const variant *, const variant *, char *,
                                   size_t))
{
    printf("%-30s", label);
    for (int k = 0; k < n; k++) {
        char buf[64];
        cell(&v[k], &v[0], buf, sizeof buf);
        printf(" %18s", buf);
    }
    putchar('\n');
}

static void cell_finish(const variant *x, const variant *base, char *buf,
                        size_t n)
{
    (void)base;
    pm_variant_facts f;
    pm_variant_facts_of(&x->v, &f);
    pm_date_format(f.finish, buf);
    (void)n;
}

static void cell_days(const variant *x, const variant *base, char *buf,
                      size_t n)
{
    pm_variant_facts f, b;
    pm_variant_facts_of(&x->v, &f);
    pm_variant_facts_of(&base->v, &b);
    if (x == base) {
        snprintf(buf, n, "%g", f.days);
    } else {
        snprintf(buf, n, "%g (%+g)", f.days, f.days - b.days);
    }
}

static void cell_cost(const variant *x, const variant *base, char *buf,
                      size_t n)
{
    pm_variant_facts f, b;
    pm_variant_facts_of(&x->v, &f);
    pm_variant_facts_of(&base->v, &b);
    if (x == base) {
        snprintf(buf, n, "%.0f", f.cost);
    } else {
        snprintf(buf, n, "%.0f (%+.0f)", f.cost, f.cost - b.cost);
    }
}

static void cell_bought(const variant *x, const variant *base, char *buf,
                        size_t n)
{
    (void)base;
    pm_variant_facts f;
    pm_variant_facts_of(&x->v, &f);
    snprintf(buf, n, "%.1f d, %.0f", f.bought_days, f.bought_cost);
}

static void cell_late(const variant *x, const variant *base, char *buf,
                      size_t n)
{
    (void)base;
    pm_variant_facts f;
    pm_variant_facts_of(&x->v, &f);
    snprintf(buf, n, "%d", f.late);
}

static void cell_p80(const variant *x, const variant *base, char *buf,
                     size_t n)
{
    (void)base;
    pm_variant_facts f;
    pm_variant_facts_of(&x->v, &f);
    snprintf(buf, n, "%s", f.p80 == PM_NO_DATE ? "-" : "");
    if (f.p80 != PM_NO_DATE) {
        pm_date_format(f.p80, buf);
    }
}

static void print_text(const variant *v, int n)
{
    const pm_project *p = v[0].p;
    printf("%s\n%-30s", p->name ? p->name : "", "");
    for (int k = 0; k < n; k++) {
        printf(" %18.18s", v[k].v.id);
    }
    putchar('\n');
    pm_variant_facts b;
    pm_variant_facts_of(&v[0].v, &b);
    print_row("finish", v, n, cell_finish);
    print_row("working days", v, n, cell_days);
    print_row(b.priced ? "planned cost" : "planned person-days", v, n,
              cell_cost);
    print_row("outsourced", v, n, cell_bought);
    print_row("late tasks", v, n, cell_late);
    if (v[0].v.outlook) {
        print_row("P80 finish (simulated)", v, n, cell_p80);
    }
    for (int i = 0; i < p->n_tasks; i++) {
        if (!p->tasks[i].milestone || pm_task_is_summary(&p->tasks[i])) {
            continue;
        }
        char label[64];
        snprintf(label, sizeof label, "  %s %s", p->tasks[i].wbs,
                 p->tasks[i].id);
        printf("%-30.30s", label);
        for (int k = 0; k < n; k++) {
            char d[11];
            printf(" %18s",
                   pm_date_format(pm_variant_finish(&v[k].v, i), d));
        }
        putchar('\n');
    }
}

static void print_json(const variant *v, int n)
{
    const pm_project *p = v[0].p;
    fputs("{\"project\": ", stdout);
    pm_json_string(stdout, p->name ? p->name : "");
    fputs(", \"variants\": [", stdout);
    for (int k = 0; k < n; k++) {
        pm_variant_facts f;
        pm_variant_facts_of(&v[k].v, &f);
        fputs(k ? ",\n  {\"id\": " : "\n  {\"id\": ", stdout);
        pm_json_string(stdout, v[k].v.id);
        fputs(", \"name\": ", stdout);
        pm_json_string(stdout, v[k].v.name);
        printf(", \"scenario\": %s", k ? "true" : "false");
        pm_json_date(stdout, "finish", f.finish);
        printf(", \"working_days\": %g, \"cost\": %.2f, \"priced\": %s, "
               "\"outsourced_person_days\": %.2f, \"outsourcing_cost\": "
               "%.2f, \"late_tasks\": %d",
               f.days, f.cost, f.priced ? "true" : "false", f.bought_days,
               f.bought_cost, f.late);
        pm_json_date(stdout, "p80", f.p80);
        fputs(", \"milestones\": [", stdout);
        int shown = 0;
        for (int i = 0; i < p->n_tasks; i++) {
            if (!p->tasks[i].milestone || pm_task_is_summary(&p->tasks[i])) {
                continue;
            }
            fputs(shown++ ? ", {\"id\": " : "{\"id\": ", stdout);
            pm_json_string(stdout, p->tasks[i].id);
            pm_json_date(stdout, "finish", pm_variant_finish(&v[k].v, i));
            fputs("}", stdout);
        }
        fputs("]}", stdout);
    }
    fputs("\n]}\n", stdout);
}

int cmd_compare(const char *path, int n, char **scenarios, const cli_opts *o,
                pm_diag *diag)
{
    variant *v = NULL;
    int count = 0, rc = PM_OK;
    variant plan = {0};
    rc = load_variant(&plan, path, NULL, o, diag);
    int want = rc == PM_OK ? (n > 0 ? n : plan.p->n_scenarios) : 0;
    if (rc == PM_OK && want == 0) {
        pm_diag_error(diag, NULL,
                      "'%s' has no scenarios to compare (add a 'scenarios' "
                      "list, see docs/scenarios.md)",
                      path);
        rc = PM_EINPUT;
    }
    if (rc == PM_OK && !(v = calloc((size_t)want + 1, sizeof *v))) {
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK) {
        v[count++] = plan;
        memset(&plan, 0, sizeof plan);
    }
    for (int k = 0; rc == PM_OK && k < want; k++) {
        const char *id = n > 0 ? scenarios[k] : v[0].p->scenarios[k].id;
        rc = load_variant(&v[count], path, id, o, diag);
        if (rc == PM_OK) {
            count++;
        } else {
            free_variant(&v[count]);
        }
    }
    char *xlsx = NULL;
    if (rc == PM_OK &&
        (rc = pm_atomic_ensure_dir(o->out_dir, diag)) == PM_OK &&
        asprintf(&xlsx, "%s/compare.xlsx", o->out_dir) < 0) {
        xlsx = NULL;
        rc = PM_ENOMEM;
    }
    pm_variant *cols = rc == PM_OK ? calloc((size_t)count, sizeof *cols)
                                   : NULL;
    if (rc == PM_OK && !cols) {
        rc = PM_ENOMEM;
    }
    for (int k = 0; k < count; k++) { /* each to its own outlook */
        v[k].v.outlook = v[k].outlook.runs > 0 ? &v[k].outlook : NULL;
        if (cols) {
            cols[k] = v[k].v;
        }
    }
    if (rc == PM_OK) {
        rc = pm_render_compare_xlsx(xlsx, cols, count, diag);
    }
    if (rc == PM_OK && o->json) {
        print_json(v, count);
    } else if (rc == PM_OK && !o->quiet) {
        print_text(v, count);
        printf("wrote %s\n", xlsx);
    }
    free(cols);
    free(xlsx);
    for (int k = 0; k < count; k++) {
        free_variant(&v[k]);
    }
    free_variant(&plan);
    free(v);
    return rc;
}
