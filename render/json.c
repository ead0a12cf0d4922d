/* render/json.c - the schedule as JSON for scripts ('planner solve --json'). */
#include <stdio.h>

#include "planner/calendar.h"
#include "render/render.h"

static void put_string(FILE *f, const char *s)
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
    put_string(f, p->name ? p->name : "");
    fprintf(f, ",\"status\":\"%s\",\"solver\":", pm_status_name(s->status));
    put_string(f, s->solver);
    fprintf(f, ",\"makespan\":%d,\"lower_bound\":%d,\"gap\":%.6f,"
               "\"lateness\":%ld,\"seconds\":%.3f,\"schedules\":%ld,"
               "\"time_limited\":%s",
            s->makespan, s->lower_bound, gap, s->lateness, s->seconds,
            s->schedules, s->time_limited ? "true" : "false");
    if (!periods) {
        fprintf(f, ",\"start\":\"%s\",\"finish\":\"%s\"",
                pm_date_format(pm_calmap_slot_date(&m, 0), a),
                pm_date_format(pm_calmap_finish_date(&m, 0, s->makespan), b));
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
        put_string(f, t->id);
        fprintf(f, ",\"wbs\":\"%s\",\"name\":", t->wbs);
        put_string(f, t->name);
        fprintf(f,
                ",\"start\":\"%s\",\"finish\":\"%s\",\"start_slot\":%d,"
                "\"finish_slot\":%d,\"total_float\":%d,\"critical\":%s,"
                "\"summary\":%s,\"milestone\":%s,\"late\":%s}",
                pm_date_format(pm_calmap_start_date(&m, ts->start, ts->finish),
                               a),
                pm_date_format(pm_calmap_finish_date(&m, ts->start,
                                                     ts->finish),
                               b),
                ts->start, ts->finish, ts->total_float,
                ts->critical ? "true" : "false",
                pm_task_is_summary(t) ? "true" : "false",
                t->milestone ? "true" : "false", ts->late ? "true" : "false");
    }
    fprintf(f, "\n]}\n");
    pm_calmap_reset(&m);
    return ferror(f) ? PM_EIO : PM_OK;
}
