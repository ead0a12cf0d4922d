/* render/json.c - the schedule as JSON for scripts ('planner solve --json'). */
#include <stdio.h>
#include <stdlib.h>

#include "planner/model/calendar.h"
#include "planner/model/chain.h"
#include "render/render.h"

void pm_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*c < 0x20) {
                fprintf(f, "\\u%04x", *c);
            } else {
                fputc(*c, f);
            }
        }
    }
    fputc('"', f);
}

/* What holds leaf i where it starts: {"reason": ..., "tasks": [ids]}: the
 * driving predecessor, or for "people" the task whose seats it takes over
 * (none when it waits for a busy pool); "leave" when it waits for one of
 * its people to come back. */
static void driven_by(FILE *f, const pm_project *p, const pm_schedule *s,
                      const pm_calmap *m, int i)
{
    const pm_task_sched *ts = &s->tasks[i];
    int d = ts->driver;
    if (pm_task_is_summary(&p->tasks[i]) || d == PM_DRIVE_NONE) {
        fputs(",\"driven_by\":null", f);
        return;
    }
    static const char *const reasons[] = {
        [-PM_DRIVE_START] = "project start", [-PM_DRIVE_STATUS] = "status date",
        [-PM_DRIVE_RELEASE] = "release",     [-PM_DRIVE_FIXED] = "fixed start",
        [-PM_DRIVE_RESOURCES] = "people",    [-PM_DRIVE_ACTUAL] = "actual start",
        [-PM_DRIVE_OTHER] = "another project"};
    int by = d >= 0 ? d : d == PM_DRIVE_RESOURCES ? ts->waits_for : -1;
    fprintf(f, ",\"driven_by\":{\"reason\":\"%s\",\"tasks\":[",
            d >= 0 ? "predecessor"
            : d == PM_DRIVE_RESOURCES && by < 0 &&
                    pm_schedule_after_leave(p, s, m, i)
                ? "leave"
                : reasons[-d]);
    if (by >= 0) {
        pm_json_string(f, p->tasks[by].id);
    } else if (ts->driver_outside) {
        pm_json_string(f, ts->driver_outside);
    }
    fputs("]}", f);
}

int pm_render_json(FILE *f, const pm_project *p, const pm_schedule *s,
                   bool periods)
{
    pm_calmap m;
    if (pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        return PM_ENOMEM;
    }
    char a[11], b[11];
    double gap = s->lower_bound > 0
                     ? (double)(s->makespan - s->lower_bound) / s->lower_bound
                     : 0.0;
    fprintf(f, "{\"project\":");
    pm_json_string(f, p->name ? p->name : "");
    fprintf(f, ",\"status\":\"%s\",\"solver\":", pm_status_name(s->status));
    pm_json_string(f, s->solver);
    fprintf(f, ",\"makespan\":%d,\"lower_bound\":%d,\"gap\":%.6f,"
               "\"lateness\":%ld,\"seconds\":%.3f,\"schedules\":%ld,"
               "\"search_nodes\":%ld,\"time_limited\":%s",
            s->makespan, s->lower_bound, gap, s->lateness, s->seconds,
            s->schedules, s->search_nodes, s->time_limited ? "true" : "false");
    if (!periods) {
        fprintf(f, ",\"start\":\"%s\",\"finish\":\"%s\"",
                pm_date_format(pm_calmap_slot_date(&m, 0), a),
                pm_date_format(pm_calmap_finish_date(&m, 0, s->makespan), b));
    }
    double *cost = periods ? NULL : pm_schedule_task_costs(p, s);
    if (!periods && !cost) {
        pm_calmap_reset(&m);
        return PM_ENOMEM;
    }
    if (!periods) {
        /* Money when people have day rates, else person-days. */
        fprintf(f, ",\"cost\":%.2f,\"cost_unit\":\"%s\"",
                pm_schedule_cost(p, s, -1),
                pm_project_priced(p) ? "money" : "person-days");
        if (p->budget > 0) {
            fprintf(f, ",\"budget\":%.2f", p->budget);
        }
        fprintf(f, ",\"cost_of_delay\":%.2f", pm_project_cost_of_delay(p));
        if (s->finish_first > 0) {
            fprintf(f, ",\"finish_first\":%d", s->finish_first);
        }
    }
    fprintf(f, ",\"tasks\":[");
    for (int i = 0; i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        const pm_task_sched *ts = &s->tasks[i];
        fprintf(f, "%s\n{\"id\":", i ? "," : "");
        if (periods) {
            fprintf(f, "%s,\"start\":%d,\"finish\":%d}", t->id, ts->start,
                    ts->finish);
            continue;
        }
        pm_json_string(f, t->id);
        fprintf(f, ",\"wbs\":\"%s\",\"name\":", t->wbs);
        pm_json_string(f, t->name);
        fprintf(f,
                ",\"start\":\"%s\",\"finish\":\"%s\",\"start_slot\":%d,"
                "\"finish_slot\":%d,",
                pm_date_format(pm_calmap_start_date(&m, ts->start, ts->finish),
                               a),
                pm_date_format(pm_calmap_finish_date(&m, ts->start,
                                                     ts->finish),
                               b),
                ts->start, ts->finish);
        /* Floats in working days; finished work has none (null). */
        if (pm_task_has_float(p, i)) {
            fprintf(f, "\"total_float\":%g,\"free_float\":%g,",
                    pm_days_of_slots(p, ts->total_float),
                    pm_days_of_slots(p, ts->free_float));
        } else {
            fputs("\"total_float\":null,\"free_float\":null,", f);
        }
        fprintf(f, "\"critical\":%s,\"summary\":%s,\"milestone\":%s,"
                   "\"late\":%s,\"cost\":%.2f,\"assignments\":[",
                ts->critical ? "true" : "false",
                pm_task_is_summary(t) ? "true" : "false",
                t->milestone ? "true" : "false", ts->late ? "true" : "false",
                cost[i]);
        int count, first = pm_schedule_assignments_of(s, i, &count);
        for (int k = first; k < first + count; k++) {
            const pm_assignment *as = &s->assignments[k];
            fprintf(f, "%s{\"resource\":", k > first ? "," : "");
            pm_json_string(f, p->resources[as->resource].id);
            fputs(",\"name\":", f);
            pm_json_string(f, p->resources[as->resource].name);
            fprintf(f, ",\"units\":%d,\"from\":\"%s\",\"to\":\"%s\"}",
                    as->units,
                    pm_date_format(pm_calmap_start_date(&m, as->start,
                                                        as->finish),
                                   a),
                    pm_date_format(pm_calmap_finish_date(&m, as->start,
                                                         as->finish),
                                   b));
        }
        fputs("]", f);
        driven_by(f, p, s, &m, i);
        fputs("}", f);
    }
    fprintf(f, "\n]}\n");
    free(cost);
    pm_calmap_reset(&m);
    return ferror(f) ? PM_EIO : PM_OK;
}

void pm_json_date(FILE *f, const char *key, pm_date d)
{
    char buf[11];
    if (d == PM_NO_DATE) {
        fprintf(f, ", \"%s\": null", key);
    } else {
        fprintf(f, ", \"%s\": \"%s\"", key, pm_date_format(d, buf));
    }
}

int pm_render_history_json(FILE *f, const pm_run *runs, int n,
                           const pm_baseline *bases, int n_bases)
{
    fputs("[", f);
    for (int i = 0; i < n; i++) {
        const pm_run *r = &runs[i];
        fprintf(f, "%s\n  {\"run\": %lld, \"created\": ", i ? "," : "",
                r->id);
        pm_json_string(f, r->created ? r->created : "");
        fputs(", \"project\": ", f);
        pm_json_string(f, r->project ? r->project : "");
        fputs(", \"source\": ", f);
        pm_json_string(f, r->source ? r->source : "");
        pm_json_date(f, "status_date", r->status_date);
        pm_json_date(f, "start", r->start);
        pm_json_date(f, "finish", r->finish);
        fprintf(f, ", \"makespan\": %d, ", r->makespan);
        if (pm_bound_known(r->makespan, r->lower_bound)) {
            fprintf(f, "\"lower_bound\": %d, \"gap\": %.4f", r->lower_bound,
                    r->lower_bound > 0
                        ? (double)(r->makespan - r->lower_bound) /
                              r->lower_bound
                        : 0.0);
        } else { /* a project of a portfolio: no bound of its own */
            fputs("\"lower_bound\": null, \"gap\": null", f);
        }
        fprintf(f, ", \"lateness\": %ld, \"seconds\": %.3f", r->lateness,
                r->seconds);
        fputs(", \"status\": ", f);
        pm_json_string(f, r->status ? r->status : "");
        fputs(", \"solver\": ", f);
        pm_json_string(f, r->solver ? r->solver : "");
        fputs(", \"input_digest\": ", f);
        pm_json_string(f, r->input_digest ? r->input_digest : "");
        fprintf(f, ", \"tracked\": %s", r->tracked ? "true" : "false");
        fputs(", \"scenario\": ", f);
        if (r->scenario) {
            pm_json_string(f, r->scenario);
        } else {
            fputs("null", f);
        }
        fputs(", \"compared_with\": ", f);
        if (r->baseline) {
            pm_json_string(f, r->baseline);
        } else {
            fputs("null", f);
        }
        fprintf(f, ", \"bac\": %.2f, \"pv\": %.2f, \"ev\": %.2f, "
                   "\"ac\": %.2f, \"baselines\": [",
                r->bac, r->pv, r->ev, r->ac);
        int shown = 0;
        for (int b = 0; b < n_bases; b++) {
            if (bases[b].run_id == r->id) {
                fputs(shown++ ? ", " : "", f);
                pm_json_string(f, bases[b].name);
            }
        }
        fputs("]}", f);
    }
    fputs(n ? "\n]\n" : "]\n", f);
    return ferror(f) ? PM_EIO : PM_OK;
}

/* ,"key":{"p50":date,"p80":date,"p95":date} from finish slots. */
static void quantiles(FILE *f, const pm_calmap *m, const char *key,
                      const pm_outlook_task *t)
{
    char a[11], b[11], c[11];
    fprintf(f, ",\"%s\":{\"p50\":\"%s\",\"p80\":\"%s\",\"p95\":\"%s\"}",
            key,
            pm_date_format(pm_calmap_slot_date(m, t->p50 > 0 ? t->p50 - 1 : 0),
                           a),
            pm_date_format(pm_calmap_slot_date(m, t->p80 > 0 ? t->p80 - 1 : 0),
                           b),
            pm_date_format(pm_calmap_slot_date(m, t->p95 > 0 ? t->p95 - 1 : 0),
                           c));
}

int pm_render_outlook_json(FILE *f, const pm_project *p,
                           const pm_schedule *s, const pm_outlook *o)
{
    pm_calmap m;
    if (pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        return PM_ENOMEM;
    }
    char a[11];
    fputs("{\"project\":", f);
    pm_json_string(f, p->name ? p->name : "");
    fprintf(f, ",\"runs\":%d,\"failed\":%d,\"seed\":%u,\"seconds\":%.3f,"
               "\"plan_finish\":\"%s\"",
            o->runs, o->failed, o->seed, o->seconds,
            pm_date_format(pm_calmap_finish_date(&m, 0, s->makespan), a));
    quantiles(f, &m, "finish", &o->finish);
    fputs(",\"histogram\":[", f);
    for (int k = 0; k < o->n_hist; k++) {
        int slot = o->hist_slot[k];
        fprintf(f, "%s{\"finish\":\"%s\",\"runs\":%d}", k ? "," : "",
                pm_date_format(pm_calmap_slot_date(&m, slot > 0 ? slot - 1
                                                                : 0),
                               a),
                o->hist_runs[k]);
    }
    fputs("],\"tasks\":[", f);
    for (int i = 0; i < p->n_tasks && i < o->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        const pm_outlook_task *k = &o->tasks[i];
        fputs(i ? ",\n{\"id\":" : "\n{\"id\":", f);
        pm_json_string(f, t->id);
        fprintf(f, ",\"milestone\":%s,\"summary\":%s,\"criticality\":%.4f",
                t->milestone ? "true" : "false",
                pm_task_is_summary(t) ? "true" : "false", k->critical);
        quantiles(f, &m, "finish", k);
        if (k->on_time >= 0) {
            fprintf(f, ",\"deadline\":\"%s\",\"on_time\":%.4f",
                    pm_date_format(t->deadline, a), k->on_time);
        }
        fputs("}", f);
    }
    fputs("\n]}\n", f);
    pm_calmap_reset(&m);
    return ferror(f) ? PM_EIO : PM_OK;
}
