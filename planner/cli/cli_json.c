/* planner/cli/cli_json.c - what the commands print under --json besides
 * the schedule (render/json.c): the weekly run's summary, the check, and
 * diagnostics, so that a script reads one JSON document on stdout
 * whether the command worked or not. */
#include <stdio.h>

#include "planner/cli/cli.h"
#include "planner/model/calendar.h"
#include "render/render.h"

void cli_json_diagnostics(FILE *f, const pm_diag *d)
{
    static const char *const sev[] = {"error", "warning", "note"};
    fputs("[", f);
    for (int i = 0; i < d->n; i++) {
        const pm_diag_entry *e = &d->entries[i];
        fprintf(f, "%s{\"severity\": \"%s\", \"file\": ", i ? ", " : "",
                sev[e->severity]);
        if (e->file) {
            pm_json_string(f, e->file);
        } else {
            fputs("null", f);
        }
        fprintf(f, ", \"line\": %d, \"column\": %d, \"message\": ", e->line,
                e->col);
        pm_json_string(f, e->msg);
        fputs("}", f);
    }
    fputs("]", f);
}

void cli_json_error(FILE *f, int exit_code, const pm_diag *d)
{
    fprintf(f, "{\"error\": {\"exit\": %d, \"diagnostics\": ", exit_code);
    cli_json_diagnostics(f, d);
    fputs("}}\n", f);
}

static void member_ratio(FILE *f, const char *key, bool known, double v)
{
    if (known) {
        fprintf(f, ", \"%s\": %.4f", key, v);
    } else {
        fprintf(f, ", \"%s\": null", key);
    }
}

/* The Monte Carlo run's finishes, or null without one. */
static void member_risk(FILE *f, const pm_project *p, const pm_outlook *o)
{
    pm_calmap m;
    if (o->runs <= 0 || pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        fputs(", \"risk\": null", f);
        return;
    }
    fprintf(f, ", \"risk\": {\"runs\": %d, \"seed\": %u", o->runs, o->seed);
    pm_json_date(f, "p50", pm_calmap_finish_date(&m, 0, o->finish.p50));
    pm_json_date(f, "p80", pm_calmap_finish_date(&m, 0, o->finish.p80));
    pm_json_date(f, "p95", pm_calmap_finish_date(&m, 0, o->finish.p95));
    fputs("}", f);
    pm_calmap_reset(&m);
}

void cli_json_run(FILE *f, const pm_project *p, const pm_weekly_result *w,
                  const cli_opts *o)
{
    const pm_schedule *s = w->s;
    const pm_variance *v = &w->var;
    double bought, cost;
    pm_schedule_outsourcing(p, s, &bought, &cost);
    fprintf(f, "{\"run\": %lld, \"project\": ", w->cur.id);
    pm_json_string(f, p->name ? p->name : "");
    fputs(", \"scenario\": ", f);
    if (p->scenario >= 0) {
        pm_json_string(f, p->scenarios[p->scenario].id);
    } else {
        fputs("null", f);
    }
    pm_json_date(f, "status_date", p->status_date);
    pm_json_date(f, "start", w->cur.start);
    pm_json_date(f, "finish", w->cur.finish);
    fprintf(f, ", \"duration_days\": %g, \"shortest_possible_days\": ",
            pm_days_of_slots(p, s->makespan));
    if (pm_bound_known(s->makespan, s->lower_bound)) {
        fprintf(f, "%g", pm_days_of_slots(p, s->lower_bound));
    } else {
        fputs("null", f); /* a project of a portfolio: no bound of its own */
    }
    fprintf(f,
            ", \"status\": \"%s\", \"strict_priorities_cost_days\": %g, "
            "\"outsourced_person_days\": %.2f, \"outsourcing_cost\": %.2f, "
            "\"overdue\": %d",
            pm_status_name(s->status),
            s->finish_first > 0
                ? pm_days_of_slots(p, s->makespan - s->finish_first)
                : 0.0,
            bought, cost, w->overdue);
    fputs(", \"baseline\": ", f);
    if (v->baseline) {
        fputs("{\"name\": ", f);
        pm_json_string(f, v->baseline_name ? v->baseline_name : "");
        fprintf(f, ", \"run\": %lld", v->baseline->id);
        pm_json_date(f, "finish", v->baseline->finish);
        fputs("}", f);
    } else {
        fputs("null", f);
    }
    fprintf(f,
            ", \"earned_value\": {\"unit\": \"%s\", \"bac\": %.2f, "
            "\"pv\": %.2f",
            v->priced ? "money" : "person-days", v->bac, v->pv);
    member_ratio(f, "ev", v->tracked, v->ev);
    member_ratio(f, "ac", v->tracked, v->ac);
    member_ratio(f, "spi", v->has_spi, v->spi);
    member_ratio(f, "cpi", v->has_cpi, v->cpi);
    fprintf(f, ", \"eac\": %.2f, \"percent_complete\": %.2f}", v->eac,
            v->percent_complete);
    fprintf(f, ", \"health\": {\"status\": \"%s\", \"why\": ",
            pm_health_name(v->health));
    pm_json_string(f, v->health_why);
    fputs(", \"rule\": ", f);
    pm_json_string(f, PM_HEALTH_RULE);
    fputs("}", f);
    fputs(", \"previous_run\": ", f);
    if (v->previous) {
        fprintf(f, "%lld, \"added\": %d, \"removed\": %d", v->previous->id,
                v->n_added, v->n_removed);
    } else {
        fputs("null", f);
    }
    member_risk(f, p, &w->cur.outlook);
    fprintf(f,
            ", \"seconds\": {\"solve\": %.3f, \"risk\": %.3f, \"store\": "
            "%.3f, \"chart\": %.3f, \"report\": %.3f}",
            w->t_solve, w->t_risk, w->t_store, w->t_chart, w->t_report);
    fputs(", \"slips\": [", f);
    int shown = 0;
    for (int i = 0; w->why && i < w->cur.n_tasks; i++) {
        if (w->why[i] && w->cur.tasks[i].milestone) {
            fputs(shown++ ? ", {\"task\": " : "{\"task\": ", f);
            pm_json_string(f, w->cur.tasks[i].task_id);
            fputs(", \"why\": ", f);
            pm_json_string(f, w->why[i]);
            fputs("}", f);
        }
    }
    fputs("], \"gantt\": ", f);
    char path[4096];
    snprintf(path, sizeof path, "%s/gantt.pdf", o->out_dir);
    pm_json_string(f, path);
    snprintf(path, sizeof path, "%s/status.xlsx", o->out_dir);
    fputs(", \"report\": ", f);
    pm_json_string(f, path);
    fputs(", \"database\": ", f);
    pm_json_string(f, o->db);
    fputs("}\n", f);
}

void cli_json_check(FILE *f, const char *path, const pm_project *p)
{
    fputs("{\"file\": ", f);
    pm_json_string(f, path);
    fprintf(f,
            ", \"ok\": true, \"tasks\": %d, \"dependencies\": %d, "
            "\"resources\": %d, \"pools\": %d}\n",
            p->n_tasks, p->n_deps, p->n_resources, p->n_pools);
}
