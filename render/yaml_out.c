/* render/yaml_out.c - a project as the native YAML file
 * (docs/project-format.md), for 'planner import'. Every string is written
 * double-quoted with escapes, so any text survives the round trip. */
#include <stdio.h>

#include "render/render.h"

static void put_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c;
         c++) {
        if (*c == '"' || *c == '\\') {
            fprintf(f, "\\%c", *c);
        } else if (*c == '\n') {
            fputs("\\n", f);
        } else if (*c == '\t') {
            fputs("\\t", f);
        } else if (*c < 0x20) {
            fprintf(f, "\\x%02x", *c);
        } else {
            fputc(*c, f);
        }
    }
    fputc('"', f);
}

static void put_range(FILE *f, pm_date_range r)
{
    char a[11], b[11];
    if (r.first == r.last) {
        fprintf(f, "%s", pm_date_format(r.first, a));
    } else {
        fprintf(f, "%s..%s", pm_date_format(r.first, a),
                pm_date_format(r.last, b));
    }
}

static void put_calendar(FILE *f, const pm_calendar *cal)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu",
                                       "fri", "sat", "sun"};
    fputs("calendar:\n  workdays: [", f);
    const char *sep = "";
    for (int d = 0; d < 7; d++) {
        if (cal->workdays & (1u << d)) {
            fprintf(f, "%s%s", sep, days[d]);
            sep = ", ";
        }
    }
    fprintf(f, "]\n  hours_per_day: %d\n", cal->hours_per_day);
    if (cal->n_holidays > 0) {
        fputs("  holidays:\n", f);
        for (int i = 0; i < cal->n_holidays; i++) {
            fputs("    - ", f);
            put_range(f, cal->holidays[i]);
            fputc('\n', f);
        }
    }
}

static void put_resources(FILE *f, const pm_project *p)
{
    if (p->n_resources == 0) {
        return;
    }
    fputs("resources:\n", f);
    for (int i = 0; i < p->n_resources; i++) {
        const pm_resource *r = &p->resources[i];
        if (r->outsourced_pool >= 0) {
            continue; /* stands for the pool's outsourcing */
        }
        fputs("  - id: ", f);
        put_str(f, r->id);
        fputs("\n    name: ", f);
        put_str(f, r->name);
        fputc('\n', f);
        if (r->max_units != 100) {
            fprintf(f, "    availability: %d%%\n", r->max_units);
        }
        if (r->reserve > 0) {
            fprintf(f, "    reserve: %d%%\n", r->reserve);
        }
        if (r->cost_per_day > 0) {
            fprintf(f, "    cost_per_day: %.2f\n", r->cost_per_day);
        }
        if (r->n_vacations > 0) {
            fputs("    vacations:\n", f);
            for (int k = 0; k < r->n_vacations; k++) {
                fputs("      - ", f);
                put_range(f, r->vacations[k]);
                fputc('\n', f);
            }
        }
    }
}

static void put_date_key(FILE *f, int ind, const char *key, pm_date d)
{
    char buf[11];
    if (d != PM_NO_DATE) {
        fprintf(f, "%*s%s: %s\n", ind, "", key, pm_date_format(d, buf));
    }
}

static void put_task(FILE *f, const pm_project *p, int i, int ind)
{
    const pm_task *t = &p->tasks[i];
    fprintf(f, "%*s- id: ", ind, "");
    put_str(f, t->id);
    fprintf(f, "\n%*sname: ", ind + 2, "");
    put_str(f, t->name);
    fputc('\n', f);
    int in = ind + 2;
    if (!pm_task_is_summary(t)) {
        if (t->milestone) {
            fprintf(f, "%*smilestone: true\n", in, "");
        } else if (t->effort > 0) {
            fprintf(f, "%*seffort: %gd\n", in, "",
                    t->effort / 100.0 / p->cal.slots_per_day);
        } else {
            fprintf(f, "%*sduration: %gd\n", in, "",
                    (double)t->duration / p->cal.slots_per_day);
        }
    }
    char est[96];
    if (pm_estimate_text(est, sizeof est, p, t)[0]) {
        fprintf(f, "%*sestimate: %s\n", in, "", est);
    }
    if (t->priority != 2) {
        fprintf(f, "%*spriority: P%d\n", in, "", t->priority);
    }
    if (t->owner >= 0) {
        fprintf(f, "%*sowner: ", in, "");
        put_str(f, p->resources[t->owner].id);
        fputc('\n', f);
    }
    put_date_key(f, in, "release", t->release);
    put_date_key(f, in, "deadline", t->deadline);
    put_date_key(f, in, "start", t->fixed_start);
    if (t->n_needs > 0) {
        fprintf(f, "%*sneeds:\n", in, "");
        for (int k = 0; k < t->n_needs; k++) {
            const pm_need *nd = &t->needs[k];
            fprintf(f, "%*s- { %s: ", in + 2, "",
                    nd->resource >= 0 ? "resource" : "pool");
            put_str(f, nd->resource >= 0 ? p->resources[nd->resource].id
                                         : p->pools[nd->pool].id);
            if (nd->resource >= 0) {
                /* back to a share of the person's availability */
                int max = p->resources[nd->resource].max_units;
                fprintf(f, ", units: \"%d%%\" }\n",
                        max > 0 ? (nd->units * 100 + max / 2) / max : 100);
            } else {
                fprintf(f, ", units: %g }\n", nd->units / 100.0);
            }
        }
    }
    bool any = false;
    for (int d = 0; d < p->n_deps; d++) {
        const pm_dep *dep = &p->deps[d];
        if (dep->succ != i) {
            continue;
        }
        if (!any) {
            fprintf(f, "%*safter:\n", in, "");
            any = true;
        }
        fprintf(f, "%*s- { task: ", in + 2, "");
        put_str(f, p->tasks[dep->pred].id);
        fprintf(f, ", type: %s, lag: %gd }\n", pm_dep_type_name(dep->type),
                (double)dep->lag / p->cal.slots_per_day);
    }
    if (pm_task_is_summary(t)) {
        fprintf(f, "%*schildren:\n", in, "");
        for (int c = i + 1; c < p->n_tasks; c++) {
            if (p->tasks[c].parent == i) {
                put_task(f, p, c, in + 2);
            }
        }
    }
}

int pm_write_yaml(FILE *f, const pm_project *p, const char *source)
{
    char buf[11];
    fprintf(f, "# Imported by planner from %s\n", source ? source : "?");
    fputs("project: ", f);
    put_str(f, p->name);
    fprintf(f, "\nstart: %s\n", pm_date_format(p->start, buf));
    if (p->status_date != PM_NO_DATE) {
        fprintf(f, "status_date: %s\n", pm_date_format(p->status_date, buf));
    }
    put_calendar(f, &p->cal);
    put_resources(f, p);
    fputs(p->n_tasks ? "tasks:\n" : "tasks: []\n", f);
    for (int i = 0; i < p->n_tasks; i++) {
        if (p->tasks[i].parent < 0) {
            put_task(f, p, i, 2);
        }
    }
    return ferror(f) ? PM_EIO : PM_OK;
}

int pm_write_progress_csv(FILE *f, const pm_project *p)
{
    char a[11], b[11];
    fputs("task,actual_start,actual_finish,percent_complete\n", f);
    for (int i = 0; i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        if (pm_task_is_summary(t) || !pm_task_started(t)) {
            continue;
        }
        fputc('"', f);
        for (const char *c = t->id; *c; c++) {
            if (*c == '"') {
                fputc('"', f);
            }
            fputc(*c, f);
        }
        fprintf(f, "\",%s,%s,%d\n", pm_date_format(t->actual_start, a),
                pm_task_done(t) ? pm_date_format(t->actual_finish, b) : "",
                t->percent_complete >= 0 ? t->percent_complete : 0);
    }
    return ferror(f) ? PM_EIO : PM_OK;
}
