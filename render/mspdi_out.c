/* render/mspdi_out.c - a scheduled project as Microsoft Project XML
 * (MSPDI), written with libxml2's xmlTextWriter: the project calendar with
 * its days off, people with their leave as resource calendars, tasks with
 * their outline, scheduled dates, progress, constraints and links, the
 * assignments the schedule made, and the baseline when one is given.
 * docs/interchange.md lists the mapping. */
#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/calendar.h"
#include "render/render.h"

typedef struct {
    xmlTextWriterPtr w;
    const pm_project *p;
    const pm_schedule *s;
    pm_calmap m;
    int minutes_per_day;
    int *uid; /* per task */
    pm_fidelity *fid; /* what was kept, approximated, dropped; may be NULL */
    int rc;
} mout;

static void el(mout *o, const char *name, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (xmlTextWriterWriteElement(o->w, BAD_CAST name, BAD_CAST buf) < 0) {
        o->rc = PM_EIO;
    }
}

static void el_text(mout *o, const char *name, const char *text)
{
    if (xmlTextWriterWriteElement(o->w, BAD_CAST name,
                                  BAD_CAST(text ? text : "")) < 0) {
        o->rc = PM_EIO;
    }
}

static void open_el(mout *o, const char *name)
{
    if (xmlTextWriterStartElement(o->w, BAD_CAST name) < 0) {
        o->rc = PM_EIO;
    }
}

static void close_el(mout *o)
{
    if (xmlTextWriterEndElement(o->w) < 0) {
        o->rc = PM_EIO;
    }
}

/* "2026-03-02T08:00:00", or 17:00 for an end of day. */
static void el_time(mout *o, const char *name, pm_date d, bool end)
{
    char buf[11];
    if (d != PM_NO_DATE) {
        int end_h = 8 + o->minutes_per_day / 60 + 1;
        el(o, name, "%sT%02d:00:00", pm_date_format(d, buf),
           end ? (end_h > 23 ? 23 : end_h) : 8);
    }
}

static void el_minutes(mout *o, const char *name, long minutes)
{
    el(o, name, "PT%ldH%ldM0S", minutes / 60, minutes % 60);
}

/* Days off as one exception each (Type 1: every day of the range). */
static void exceptions(mout *o, const pm_date_range *v, int n)
{
    if (n == 0) {
        return;
    }
    open_el(o, "Exceptions");
    for (int i = 0; i < n; i++) {
        char a[11], b[11];
        open_el(o, "Exception");
        el(o, "EnteredByOccurrences", "0");
        open_el(o, "TimePeriod");
        el(o, "FromDate", "%sT00:00:00", pm_date_format(v[i].first, a));
        el(o, "ToDate", "%sT23:59:00", pm_date_format(v[i].last, b));
        close_el(o);
        el(o, "Occurrences", "1");
        el(o, "Name", "Day off %d", i + 1);
        el(o, "Type", "1");
        el(o, "DayWorking", "0");
        close_el(o);
    }
    close_el(o);
}

static void calendars(mout *o)
{
    const pm_project *p = o->p;
    open_el(o, "Calendars");
    open_el(o, "Calendar");
    el(o, "UID", "1");
    el(o, "Name", "Standard");
    el(o, "IsBaseCalendar", "1");
    el(o, "BaseCalendarUID", "-1");
    open_el(o, "WeekDays");
    for (int type = 1; type <= 7; type++) { /* Sunday .. Saturday */
        bool working = p->cal.workdays & (1u << ((type + 5) % 7));
        open_el(o, "WeekDay");
        el(o, "DayType", "%d", type);
        el(o, "DayWorking", "%d", working);
        if (working) {
            int h = p->cal.hours_per_day;
            open_el(o, "WorkingTimes");
            open_el(o, "WorkingTime");
            el(o, "FromTime", "08:00:00");
            el(o, "ToTime", "%02d:00:00", 8 + (h < 4 ? h : 4));
            close_el(o);
            if (h > 4) {
                open_el(o, "WorkingTime");
                el(o, "FromTime", "13:00:00");
                el(o, "ToTime", "%02d:00:00", 13 + h - 4 > 24 ? 24
                                                            : 13 + h - 4);
                close_el(o);
            }
            close_el(o);
        }
        close_el(o);
    }
    close_el(o);
    exceptions(o, p->cal.holidays, p->cal.n_holidays);
    close_el(o);
    for (int r = 0; r < p->n_resources; r++) {
        open_el(o, "Calendar");
        el(o, "UID", "%d", r + 2);
        el_text(o, "Name", p->resources[r].name);
        el(o, "IsBaseCalendar", "0");
        el(o, "BaseCalendarUID", "1");
        exceptions(o, p->resources[r].vacations,
                   p->resources[r].n_vacations);
        close_el(o);
    }
    close_el(o);
}

static int msp_priority(int prio)
{
    static const int v[] = {950, 800, 500, 300, 100};
    return v[prio < 0 ? 2 : prio > 4 ? 4 : prio];
}

static const char *msp_link_type(pm_dep_type t)
{
    switch (t) {
    case PM_DEP_FF:
        return "0";
    case PM_DEP_SF:
        return "2";
    case PM_DEP_SS:
        return "3";
    default:
        return "1";
    }
}

/* What Project cannot hold of task i, for the export's report. */
static void note_task(mout *o, int i)
{
    const pm_project *p = o->p;
    const pm_task *t = &p->tasks[i];
    pm_fidelity_note(o->fid, PM_FID_KEPT,
                     "tasks (outline, scheduled dates, progress, "
                     "constraints, deadline, priority)",
                     NULL);
    for (int k = 0; k < t->n_needs; k++) {
        const pm_need *nd = &t->needs[k];
        if (nd->pool >= 0) {
            int n, a = pm_schedule_assignments_of(o->s, i, &n);
            pm_fidelity_note(o->fid, PM_FID_APPROX,
                             "pool needs, written as the people the schedule "
                             "assigned (Project has no pools)",
                             "'%s': pool '%s' -> %s%s", t->id,
                             p->pools[nd->pool].id,
                             n > 0 ? p->resources[o->s->assignments[a]
                                                      .resource]
                                         .id
                                   : "no one",
                             n > 1 ? " and others" : "");
        }
    }
    if (t->owner >= 0) {
        pm_fidelity_note(o->fid, PM_FID_DROPPED,
                         "owners (Project has no owner field; the "
                         "assignments say who works)",
                         "'%s': %s", t->id, p->resources[t->owner].id);
    }
}

static void task(mout *o, int i, const pm_run *base)
{
    const pm_project *p = o->p;
    const pm_task *t = &p->tasks[i];
    const pm_task_sched *ts = &o->s->tasks[i];
    int spd = p->cal.slots_per_day > 0 ? p->cal.slots_per_day : 1;
    open_el(o, "Task");
    el(o, "UID", "%d", o->uid[i]);
    el(o, "ID", "%d", i + 1);
    el_text(o, "Name", t->name);
    el_text(o, "WBS", t->wbs);
    el_text(o, "OutlineNumber", t->wbs);
    el(o, "OutlineLevel", "%d", t->level + 1);
    el(o, "Priority", "%d", msp_priority(t->priority));
    pm_date start = pm_calmap_start_date(&o->m, ts->start, ts->finish);
    pm_date finish = pm_calmap_finish_date(&o->m, ts->start, ts->finish);
    el_time(o, "Start", start, false);
    el_time(o, "Finish", finish, !t->milestone);
    /* The scheduled duration: an effort-driven task lasts as long as the
     * people it got take (its Work follows from their units). */
    long minutes = pm_task_is_summary(t)
                       ? 0
                       : (long)(ts->finish - ts->start) * o->minutes_per_day /
                             spd;
    note_task(o, i);
    el_minutes(o, "Duration", minutes);
    el(o, "DurationFormat", "7");
    el(o, "Milestone", "%d", t->milestone);
    el(o, "Summary", "%d", pm_task_is_summary(t));
    el(o, "Critical", "%d", ts->critical);
    el(o, "PercentComplete", "%d",
       t->percent_complete > 0 ? t->percent_complete : 0);
    el_time(o, "ActualStart", t->actual_start, false);
    el_time(o, "ActualFinish", t->actual_finish, true);
    if (t->fixed_start != PM_NO_DATE) {
        el(o, "ConstraintType", "2");
        el_time(o, "ConstraintDate", t->fixed_start, false);
    } else if (t->release != PM_NO_DATE) {
        el(o, "ConstraintType", "4");
        el_time(o, "ConstraintDate", t->release, false);
    } else {
        el(o, "ConstraintType", "0");
    }
    el_time(o, "Deadline", t->deadline, true);
    for (int d = 0; d < p->n_deps; d++) {
        const pm_dep *dep = &p->deps[d];
        if (dep->succ != i) {
            continue;
        }
        open_el(o, "PredecessorLink");
        el(o, "PredecessorUID", "%d", o->uid[dep->pred]);
        el_text(o, "Type", msp_link_type(dep->type));
        el(o, "LinkLag", "%ld",
           (long)dep->lag * o->minutes_per_day / spd * 10);
        el(o, "LagFormat", "7");
        close_el(o);
    }
    for (int k = 0; base && k < base->n_tasks; k++) {
        if (strcmp(base->tasks[k].task_id, t->id) == 0) {
            open_el(o, "Baseline");
            el(o, "Number", "0");
            el_time(o, "Start", base->tasks[k].start, false);
            el_time(o, "Finish", base->tasks[k].finish, true);
            close_el(o);
        }
    }
    close_el(o);
}

static void tasks(mout *o, const pm_run *base)
{
    const pm_project *p = o->p;
    open_el(o, "Tasks");
    open_el(o, "Task"); /* the project summary task */
    el(o, "UID", "0");
    el(o, "ID", "0");
    el_text(o, "Name", p->name);
    el(o, "OutlineLevel", "0");
    el(o, "Summary", "1");
    close_el(o);
    for (int i = 0; i < p->n_tasks && o->rc == PM_OK; i++) {
        task(o, i, base);
    }
    close_el(o);
}

static void resources(mout *o)
{
    const pm_project *p = o->p;
    open_el(o, "Resources");
    for (int r = 0; r < p->n_resources; r++) {
        const pm_resource *res = &p->resources[r];
        open_el(o, "Resource");
        el(o, "UID", "%d", r + 1);
        el(o, "ID", "%d", r + 1);
        el_text(o, "Name", res->name);
        el(o, "Type", "1");
        /* the time kept for other duties is not Project's idea: the
         * person is written with what is left (max units less reserve),
         * and works at that rate on their assignments */
        el(o, "MaxUnits", "%.2f", pm_resource_net_units(res) / 100.0);
        pm_fidelity_note(o->fid, PM_FID_KEPT,
                         "people (name, leave, day rate)", NULL);
        if (res->reserve > 0) {
            pm_fidelity_note(o->fid, PM_FID_APPROX,
                             "reserves, written as lower max units and "
                             "assignment units",
                             "'%s': %d%% reserve, max units %.2f", res->id,
                             res->reserve,
                             pm_resource_net_units(res) / 100.0);
        }
        el(o, "StandardRate", "%.4f",
           res->cost_per_day / (o->minutes_per_day / 60.0));
        el(o, "CalendarUID", "%d", r + 2);
        close_el(o);
    }
    close_el(o);
}

/* One assignment per task and person: the schedule's segments, their
 * units and span (a task that changes people keeps each). */
static void assignments(mout *o)
{
    const pm_schedule *s = o->s;
    open_el(o, "Assignments");
    int uid = 1;
    for (int a = 0; a < s->n_assignments; a++) {
        const pm_assignment *as = &s->assignments[a];
        bool first = true;
        int start = as->start, finish = as->finish;
        for (int b = 0; b < s->n_assignments; b++) {
            const pm_assignment *x = &s->assignments[b];
            if (x->task == as->task && x->resource == as->resource) {
                first &= b >= a;
                start = x->start < start ? x->start : start;
                finish = x->finish > finish ? x->finish : finish;
            }
        }
        if (!first) {
            continue;
        }
        open_el(o, "Assignment");
        el(o, "UID", "%d", uid++);
        el(o, "TaskUID", "%d", o->uid[as->task]);
        el(o, "ResourceUID", "%d", as->resource + 1);
        /* in the schema's order: Finish, Start, Units */
        el_time(o, "Finish", pm_calmap_slot_date(&o->m, finish - 1), true);
        el_time(o, "Start", pm_calmap_slot_date(&o->m, start), false);
        /* units of work per hour: the seats times the person's speed */
        el(o, "Units", "%.2f",
           as->units * pm_resource_speed(&o->p->resources[as->resource]) /
               10000.0);
        close_el(o);
        pm_fidelity_note(o->fid, PM_FID_KEPT, "assignments", NULL);
    }
    close_el(o);
}

int pm_render_mspdi(const char *path, const pm_project *p,
                    const pm_schedule *s, const pm_run *baseline,
                    pm_fidelity *fid, pm_diag *diag)
{
    pm_atomic a;
    int rc = pm_atomic_begin(&a, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    mout o = {.p = p, .s = s, .fid = fid, .rc = PM_OK};
    if (p->n_risks + p->n_changes > 0) {
        pm_fidelity_note(fid, PM_FID_DROPPED,
                         "risks and change requests (no such register in "
                         "Project)",
                         "%d risks, %d change requests", p->n_risks,
                         p->n_changes);
    }
    for (int k = 0; k < p->n_pools; k++) {
        if (p->pools[k].outsource_max > 0) {
            pm_fidelity_note(fid, PM_FID_DROPPED,
                             "outsourcing limits (capacity bought is "
                             "written as a resource where the plan uses it)",
                             "pool '%s'", p->pools[k].id);
        }
    }
    o.minutes_per_day = p->cal.hours_per_day * 60;
    o.uid = calloc((size_t)p->n_tasks + 1, sizeof *o.uid);
    if (!o.uid || pm_calmap_init(&o.m, &p->cal, p->start) != PM_OK) {
        free(o.uid);
        pm_atomic_abort(&a);
        return PM_ENOMEM;
    }
    /* A task keeps its id as UID when that is a number (a round trip of
     * an imported file), else it is numbered in WBS order. */
    int next = 1;
    for (int i = 0; i < p->n_tasks; i++) {
        char *end;
        long v = strtol(p->tasks[i].id, &end, 10);
        if (*end == '\0' && v > 0 && v < 1000000000) {
            o.uid[i] = (int)v;
            next = (int)v >= next ? (int)v + 1 : next;
        }
    }
    for (int i = 0; i < p->n_tasks; i++) {
        if (o.uid[i] == 0) {
            o.uid[i] = next++;
        }
    }
    o.w = xmlNewTextWriterFilename(a.tmp_path, 0);
    if (!o.w) {
        o.rc = PM_EIO;
    } else {
        xmlTextWriterSetIndent(o.w, 1);
        if (xmlTextWriterStartDocument(o.w, NULL, "UTF-8", "yes") < 0) {
            o.rc = PM_EIO;
        }
        open_el(&o, "Project");
        xmlTextWriterWriteAttribute(
            o.w, BAD_CAST "xmlns",
            BAD_CAST "http://schemas.microsoft.com/project");
        el(&o, "SaveVersion", "14");
        el_text(&o, "Name", p->name);
        el_text(&o, "Title", p->name);
        el(&o, "ScheduleFromStart", "1");
        el_time(&o, "StartDate", pm_calmap_slot_date(&o.m, 0), false);
        el_time(&o, "FinishDate",
                pm_calmap_finish_date(&o.m, 0, s->makespan), true);
        el(&o, "CalendarUID", "1");
        el(&o, "MinutesPerDay", "%d", o.minutes_per_day);
        el(&o, "MinutesPerWeek", "%d",
           o.minutes_per_day * __builtin_popcount(p->cal.workdays));
        el(&o, "WeekStartDay", "1");
        el_time(&o, "StatusDate", p->status_date, false);
        calendars(&o);
        tasks(&o, baseline);
        resources(&o);
        assignments(&o);
        close_el(&o);
        if (xmlTextWriterEndDocument(o.w) < 0) {
            o.rc = PM_EIO;
        }
        xmlFreeTextWriter(o.w);
    }
    pm_calmap_reset(&o.m);
    free(o.uid);
    if (o.rc != PM_OK) {
        pm_diag_error(diag, NULL, "cannot write '%s'", path);
    }
    return pm_atomic_finish(&a, o.rc, NULL, diag);
}
