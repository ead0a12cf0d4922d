/* render/csv_out.c - the WBS as the CSV table planner reads
 * (docs/project-format.md, "The CSV WBS table"), with the scheduled dates
 * in two extra columns the reader ignores. */
#include <stdio.h>
#include <string.h>

#include "planner/model/calendar.h"
#include "render/render.h"

/* Whether text would start a formula in a spreadsheet. */
static bool formula_like(const char *s)
{
    return s[0] && strchr("=+-@\t\r", s[0]);
}

/* A field, quoted when it holds a separator, quote or line break; text a
 * spreadsheet would take for a formula gets a leading ' (shown as text;
 * planner reads it back without). */
static void field(FILE *f, const char *s, bool last)
{
    s = s ? s : "";
    bool guard = formula_like(s);
    if (guard || strpbrk(s, ",;\"\r\n")) {
        fputc('"', f);
        if (guard) {
            fputc('\'', f);
        }
        for (; *s; s++) {
            if (*s == '"') {
                fputc('"', f);
            }
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputc(last ? '\n' : ',', f);
}

static void needs_text(char *buf, size_t size, const pm_project *p,
                       const pm_task *t)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int k = 0; k < t->n_needs && len < size; k++) {
        const pm_need *nd = &t->needs[k];
        if (nd->resource >= 0) {
            const pm_resource *r = &p->resources[nd->resource];
            int max = r->max_units; /* a share of the availability */
            len += (size_t)snprintf(buf + len, size - len, "%s%s %d%%",
                                    k ? "; " : "", r->id,
                                    max > 0 ? (nd->units * 100 + max / 2) /
                                                  max
                                            : 100);
        } else {
            len += (size_t)snprintf(buf + len, size - len, "%s%s %g",
                                    k ? "; " : "", p->pools[nd->pool].id,
                                    nd->units / 100.0);
        }
    }
}

static void preds_text(char *buf, size_t size, const pm_project *p, int i)
{
    size_t len = 0;
    buf[0] = '\0';
    int spd = p->cal.slots_per_day > 0 ? p->cal.slots_per_day : 1;
    for (int d = 0; d < p->n_deps && len < size; d++) {
        const pm_dep *dep = &p->deps[d];
        if (dep->succ != i) {
            continue;
        }
        len += (size_t)snprintf(buf + len, size - len, "%s%s %s", len ? "; "
                                                                      : "",
                                p->tasks[dep->pred].id,
                                pm_dep_type_name(dep->type));
        if (dep->lag != 0 && len < size) {
            len += (size_t)snprintf(buf + len, size - len, "%+gd",
                                    (double)dep->lag / spd);
        }
    }
}

int pm_render_csv(const char *path, const pm_project *p,
                  const pm_schedule *s, pm_fidelity *fid, pm_diag *diag)
{
    pm_atomic a;
    int rc = pm_atomic_begin(&a, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    FILE *f = fopen(a.tmp_path, "w");
    pm_calmap m;
    if (!f || pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        if (f) {
            fclose(f);
        }
        pm_atomic_abort(&a);
        pm_diag_error(diag, NULL, "cannot write '%s'", path);
        return PM_EIO;
    }
    fputs("wbs,id,name,duration,effort,milestone,owner,needs,predecessors,"
          "priority,release,deadline,start,estimate,scheduled_start,"
          "scheduled_finish\n",
          f);
    int spd = p->cal.slots_per_day > 0 ? p->cal.slots_per_day : 1;
    for (int i = 0; i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        const pm_task_sched *ts = &s->tasks[i];
        bool leaf = !pm_task_is_summary(t);
        char buf[4096], d1[11], d2[11], d3[11];
        field(f, t->wbs, false);
        field(f, t->id, false);
        field(f, t->name, false);
        pm_fidelity_note(fid, PM_FID_KEPT,
                         "tasks (WBS, id, name, duration or effort, needs, "
                         "predecessors, priority, dates)",
                         NULL);
        if (formula_like(t->name)) {
            pm_fidelity_note(fid, PM_FID_APPROX,
                             "names that a spreadsheet would take for a "
                             "formula, written with a leading ' (read "
                             "back without it)",
                             "'%s'", t->id);
        }
        snprintf(buf, sizeof buf, "%gd", (double)t->duration / spd);
        field(f, leaf && !t->milestone && t->effort == 0 ? buf : "", false);
        snprintf(buf, sizeof buf, "%gd", t->effort / 100.0 / spd);
        field(f, leaf && t->effort > 0 ? buf : "", false);
        field(f, t->milestone ? "yes" : "", false);
        field(f, t->owner >= 0 ? p->resources[t->owner].id : "", false);
        needs_text(buf, sizeof buf, p, t);
        field(f, buf, false);
        preds_text(buf, sizeof buf, p, i);
        field(f, buf, false);
        snprintf(buf, sizeof buf, "P%d", t->priority);
        field(f, buf, false);
        field(f, t->release != PM_NO_DATE ? pm_date_format(t->release, d1)
                                          : "",
              false);
        field(f, t->deadline != PM_NO_DATE ? pm_date_format(t->deadline, d2)
                                           : "",
              false);
        field(f, t->fixed_start != PM_NO_DATE
                     ? pm_date_format(t->fixed_start, d3)
                     : "",
              false);
        field(f, pm_estimate_text(buf, sizeof buf, p, t), false);
        field(f, pm_date_format(pm_calmap_start_date(&m, ts->start,
                                                     ts->finish), d1),
              false);
        field(f, pm_date_format(pm_calmap_finish_date(&m, ts->start,
                                                      ts->finish), d2),
              true);
    }
    pm_calmap_reset(&m);
    pm_fidelity_note(fid, PM_FID_DROPPED,
                     "the calendar, pools and people (they stay in the "
                     "project file that names the table)",
                     NULL);
    if (p->n_risks + p->n_changes > 0) {
        pm_fidelity_note(fid, PM_FID_DROPPED,
                         "risks and change requests (they stay in the "
                         "project file)",
                         NULL);
    }
    if (p->tracked) {
        pm_fidelity_note(fid, PM_FID_DROPPED,
                         "progress (the progress table and the runs keep "
                         "it)",
                         NULL);
    }
    rc = ferror(f) ? PM_EIO : PM_OK;
    if (fclose(f) != 0) {
        rc = PM_EIO;
    }
    if (rc != PM_OK) {
        pm_diag_error(diag, NULL, "cannot write '%s'", path);
    }
    return pm_atomic_finish(&a, rc, NULL, diag);
}
