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

/* Names the scenario in the notes from entry `from` on: each variant's
 * solve may note the same thing with its own figures. */
static void name_notes(pm_diag *diag, int from, const char *scenario)
{
    for (int i = from; scenario && i < diag->n; i++) {
        pm_diag_entry *e = &diag->entries[i];
        char *msg = NULL;
        if (e->severity == PM_DIAG_NOTE &&
            asprintf(&msg, "scenario '%s': %s", scenario, e->msg) >= 0) {
            free(e->msg);
            e->msg = msg;
        }
    }
}

/* Loads and schedules the project under scenario (NULL: the plan), with
 * the Monte Carlo run when it has estimates. */
static int load_variant(variant *x, const char *path, const char *scenario,
                        const cli_opts *o, pm_diag *diag)
{
    cli_opts own = *o;
    own.scenario = scenario;
    int first = diag->n;
    int rc = cli_load_solve(&x->p, &x->s, path, &own, diag);
    name_notes(diag, first, scenario);
    if (rc == PM_OK && pm_project_has_estimates(x->p)) {
        pm_risk_opts ro = {o->runs, o->seed};
        rc = pm_risk_simulate(&x->outlook, x->p, x->s, &ro, diag);
    }
    if (rc == PM_OK) {
        const pm_project *p = x->p;
        x->v.p = p;
        x->v.s = x->s;
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

/* A row: its label, then a cell per variant. */
static void print_row(const char *label, char (*cells)[48], int n)
{
    printf("%-30s", label);
    for (int k = 0; k < n; k++) {
        printf(" %18s", cells[k]);
    }
    putchar('\n');
}

/* The value, then its change against the plan's (not for the plan). */
static void with_change(char *buf, const char *fmt, const char *change_fmt,
                        double v, double base, bool first)
{
    char change[24] = "";
    if (!first) {
        snprintf(change, sizeof change, change_fmt, v - base);
    }
    snprintf(buf, 48, fmt, v);
    strncat(buf, change, 47 - strlen(buf));
}

static void print_text(const variant *v, const pm_variant_facts *f, int n)
{
    const pm_project *p = v[0].p;
    char(*cells)[48] = calloc((size_t)n, sizeof *cells);
    if (!cells) {
        return;
    }
    printf("%s\n%-30s", p->name ? p->name : "", "");
    for (int k = 0; k < n; k++) {
        printf(" %18.18s", v[k].v.id);
    }
    putchar('\n');
    for (int k = 0; k < n; k++) {
        pm_date_format(f[k].finish, cells[k]);
    }
    print_row("finish", cells, n);
    for (int k = 0; k < n; k++) {
        with_change(cells[k], "%g", " (%+g)", f[k].days, f[0].days, k == 0);
    }
    print_row("working days", cells, n);
    for (int k = 0; k < n; k++) {
        with_change(cells[k], "%.0f", " (%+.0f)", f[k].cost, f[0].cost,
                    k == 0);
    }
    print_row(f[0].priced ? "planned cost" : "planned person-days", cells, n);
    for (int k = 0; k < n; k++) {
        snprintf(cells[k], 48, "%.1f d, %.0f", f[k].bought_days,
                 f[k].bought_cost);
    }
    print_row("outsourced", cells, n);
    for (int k = 0; k < n; k++) {
        snprintf(cells[k], 48, "%d", f[k].late);
    }
    print_row("late tasks", cells, n);
    if (v[0].v.outlook) {
        for (int k = 0; k < n; k++) {
            snprintf(cells[k], 48, "-");
            if (f[k].p80 != PM_NO_DATE) {
                pm_date_format(f[k].p80, cells[k]);
            }
        }
        print_row("P80 finish (simulated)", cells, n);
    }
    for (int i = 0; i < p->n_tasks; i++) {
        if (!p->tasks[i].milestone || pm_task_is_summary(&p->tasks[i])) {
            continue;
        }
        char label[64];
        snprintf(label, sizeof label, "  %s %s", p->tasks[i].wbs,
                 p->tasks[i].id);
        for (int k = 0; k < n; k++) {
            pm_date_format(f[k].finishes[i], cells[k]);
        }
        print_row(label, cells, n);
    }
    free(cells);
}

static void print_json(const variant *v, const pm_variant_facts *fa, int n)
{
    const pm_project *p = v[0].p;
    fputs("{\"project\": ", stdout);
    pm_json_string(stdout, p->name ? p->name : "");
    fputs(", \"variants\": [", stdout);
    for (int k = 0; k < n; k++) {
        const pm_variant_facts *f = &fa[k];
        fputs(k ? ",\n  {\"id\": " : "\n  {\"id\": ", stdout);
        pm_json_string(stdout, v[k].v.id);
        fputs(", \"name\": ", stdout);
        pm_json_string(stdout, v[k].v.name);
        printf(", \"scenario\": %s", k ? "true" : "false");
        pm_json_date(stdout, "finish", f->finish);
        printf(", \"working_days\": %g, \"cost\": %.2f, \"priced\": %s, "
               "\"outsourced_person_days\": %.2f, \"outsourcing_cost\": "
               "%.2f, \"late_tasks\": %d",
               f->days, f->cost, f->priced ? "true" : "false", f->bought_days,
               f->bought_cost, f->late);
        pm_json_date(stdout, "p80", f->p80);
        fputs(", \"milestones\": [", stdout);
        int shown = 0;
        for (int i = 0; i < p->n_tasks; i++) {
            if (!p->tasks[i].milestone || pm_task_is_summary(&p->tasks[i])) {
                continue;
            }
            fputs(shown++ ? ", {\"id\": " : "{\"id\": ", stdout);
            pm_json_string(stdout, p->tasks[i].id);
            pm_json_date(stdout, "finish", f->finishes[i]);
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
    /* The variants in place (each pointing at its own outlook), and what
     * each says, worked out once. */
    pm_variant *cols = rc == PM_OK ? calloc((size_t)count, sizeof *cols)
                                   : NULL;
    pm_variant_facts *facts =
        rc == PM_OK ? calloc((size_t)count, sizeof *facts) : NULL;
    if (rc == PM_OK && (!cols || !facts)) {
        rc = PM_ENOMEM;
    }
    for (int k = 0; rc == PM_OK && k < count; k++) {
        v[k].v.outlook = v[k].outlook.runs > 0 ? &v[k].outlook : NULL;
        cols[k] = v[k].v;
        rc = pm_variant_facts_of(&cols[k], &facts[k]);
    }
    if (rc == PM_OK) {
        rc = pm_render_compare_xlsx(xlsx, cols, facts, count, diag);
    }
    if (rc == PM_OK && o->json) {
        print_json(v, facts, count);
    } else if (rc == PM_OK && !o->quiet) {
        print_text(v, facts, count);
        printf("wrote %s\n", xlsx);
    }
    for (int k = 0; facts && k < count; k++) {
        pm_variant_facts_reset(&facts[k]);
    }
    free(facts);
    free(cols);
    free(xlsx);
    for (int k = 0; k < count; k++) {
        free_variant(&v[k]);
    }
    free_variant(&plan);
    free(v);
    return rc;
}
