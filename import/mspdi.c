/* import/mspdi.c - Microsoft Project XML (MSPDI) through libxml2.
 *
 * Tasks (outline levels become the WBS), durations, milestones, links of
 * the four types with their lags, constraints, deadlines, priorities,
 * progress, the project calendar with its exceptions (recurring ones
 * expanded, mspdi_calendar.c), resources with their leave, assignments.
 * What does not fit the planner model is counted in the fidelity report
 * (docs/interchange.md); references that point nowhere are errors with
 * their line. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "import/mspdi_impl.h"
#include "import/reader.h"
#include "import/units.h"
#include "import/xml.h"
#include "planner/model/strindex.h"

/* An ISO 8601 duration as MSPDI writes it ("PT8H0M0S", "P2DT4H") in
 * minutes; false when it is not one. */
static bool iso_minutes(const char *s, double *out)
{
    double total = 0;
    bool time = false;
    if (*s++ != 'P') {
        return false;
    }
    while (*s) {
        if (*s == 'T') {
            time = true;
            s++;
            continue;
        }
        char *end;
        double v = strtod(s, &end);
        if (end == s || !isfinite(v) || v < 0) {
            return false;
        }
        switch (*end) {
        case 'D':
            total += v * 1440;
            break;
        case 'H':
            total += v * 60;
            break;
        case 'M':
            total += time ? v : v * 43200;
            break;
        case 'S':
            total += v / 60;
            break;
        default:
            return false;
        }
        s = end + 1;
    }
    *out = total;
    return true;
}

/* ---- Calendars ---- */

pm_loc pm_mspdi_loc(const mctx *c, const xmlNode *n)
{
    return (pm_loc){c->file, (int)xmlGetLineNo(n), 1};
}

/* "2003-01-07T08:00:00" -> the date; PM_NO_DATE when absent, empty or
 * "NA". Anything else that is not a real date (2027-02-31) is an error at
 * its line: a constraint must not vanish silently. */
pm_date pm_mspdi_date(mctx *c, const xmlNode *n, const char *name)
{
    char buf[64];
    const char *s = pm_xml_text(n, name, buf, sizeof buf);
    pm_date d;
    if (!*s || strcmp(s, "NA") == 0) {
        return PM_NO_DATE;
    }
    if (strlen(s) >= 10 && pm_date_parse(s, 10, &d) &&
        (s[10] == '\0' || s[10] == 'T')) {
        return d;
    }
    const xmlNode *e = pm_xml_child(n, name);
    pm_loc l = pm_mspdi_loc(c, e ? e : n);
    pm_diag_error(c->diag, &l, "%s '%s' is not a valid date", name, s);
    return PM_NO_DATE;
}

/* ---- Tasks ---- */

/* MSP priority 0..1000 (500 normal) to P0..P4. */
static int priority_of(long msp)
{
    return msp >= 900   ? 0
           : msp >= 700 ? 1
           : msp >= 400 ? 2
           : msp >= 200 ? 3
                        : 4;
}

static int slots_of_minutes(mctx *c, double minutes, const char *what,
                            const char *task)
{
    double days = minutes / c->minutes_per_day;
    int slots = (int)ceil(days - 1e-9);
    if (fabs(days - slots) > 1e-6) {
        pm_fidelity_note(c->fid, PM_FID_APPROX, what, "'%s': %.2f days", task,
                         days);
    }
    return slots;
}

static void read_constraint(mctx *c, const xmlNode *x, pm_task *t)
{
    static const char *const names[] = {
        "as soon as possible",    "as late as possible",
        "must start on",          "must finish on",
        "start no earlier than",  "start no later than",
        "finish no earlier than", "finish no later than"};
    long type = pm_xml_long(x, "ConstraintType", 0);
    pm_date d = pm_mspdi_date(c, x, "ConstraintDate");
    if (type <= 0 || type > 7) {
        return;
    }
    char what[96];
    if (d == PM_NO_DATE && type != 1) {
        return;
    }
    switch (type) {
    case 2:
        t->fixed_start = d;
        break;
    case 4:
        t->release = d;
        break;
    case 7:
    case 3:
        t->deadline =
            t->deadline == PM_NO_DATE || d < t->deadline ? d : t->deadline;
        break;
    default:
        snprintf(what, sizeof what, "'%s' constraints", names[type]);
        pm_fidelity_note(c->fid, PM_FID_DROPPED, what, "'%s'", t->name);
        return;
    }
    snprintf(what, sizeof what,
             type == 3 ? "'%s' constraints, taken as deadlines"
                       : "'%s' constraints",
             names[type]);
    pm_fidelity_note(c->fid, type == 3 ? PM_FID_APPROX : PM_FID_KEPT, what,
                     "'%s'", t->name);
}

static void read_progress(mctx *c, const xmlNode *x, pm_task *t)
{
    long pct = pm_xml_long(x, "PercentComplete", 0);
    pm_date as = pm_mspdi_date(c, x, "ActualStart");
    pm_date af = pm_mspdi_date(c, x, "ActualFinish");
    if (pct <= 0 && as == PM_NO_DATE) {
        return;
    }
    t->actual_start = as != PM_NO_DATE ? as : pm_mspdi_date(c, x, "Start");
    t->percent_complete = (int)(pct < 0 ? 0 : pct > 100 ? 100 : pct);
    if (pct >= 100) {
        t->actual_finish =
            af != PM_NO_DATE ? af : pm_mspdi_date(c, x, "Finish");
        t->percent_complete = 100;
    }
    c->p->tracked = true;
    pm_fidelity_note(c->fid, PM_FID_KEPT,
                     "progress (actual start, actual finish, % complete)",
                     "'%s' %ld%%", t->name, pct);
}

static void read_task(mctx *c, xmlNode *x, int *parents, int n_levels)
{
    char name[1024], buf[64];
    long uid = pm_xml_long(x, "UID", -1),
         level = pm_xml_long(x, "OutlineLevel", 1);
    pm_xml_text(x, "Name", name, sizeof name);
    if (pm_xml_long(x, "IsNull", 0) ||
        (name[0] == '\0' && !pm_xml_child(x, "Name"))) {
        pm_fidelity_note(c->fid, PM_FID_DROPPED, "blank (null) task rows",
                         "line %ld", xmlGetLineNo(x));
        return;
    }
    if (uid == 0 || level == 0) {
        pm_fidelity_note(c->fid, PM_FID_KEPT,
                         "the project summary task (UID 0), as the project",
                         NULL);
        return;
    }
    pm_loc l = pm_mspdi_loc(c, x);
    if (uid < 0 || level < 1 || level >= n_levels) {
        pm_diag_error(c->diag, &l,
                      "task '%s' has no valid UID or outline level", name);
        return;
    }
    pm_task *t = pm_project_add_task(c->p);
    if (!t) {
        c->oom = true;
        return;
    }
    int ti = c->p->n_tasks - 1;
    snprintf(buf, sizeof buf, "%ld", uid);
    t->id = strdup(buf);
    t->name = strdup(name[0] ? name : buf);
    t->loc = l;
    if (!t->id || !t->name) {
        c->oom = true;
        return;
    }
    t->parent = level > 1 ? parents[level - 1] : -1;
    if (level > 1 && t->parent < 0) {
        pm_diag_error(c->diag, &l,
                      "task '%s' is at outline level %ld without a parent "
                      "at level %ld",
                      name, level, level - 1);
    }
    parents[level] = ti;
    for (int k = (int)level + 1; k < n_levels; k++) {
        parents[k] = -1;
    }
    t->priority = priority_of(pm_xml_long(x, "Priority", 500));
    t->deadline = pm_mspdi_date(c, x, "Deadline");
    double minutes = 0;
    pm_xml_text(x, "Duration", buf, sizeof buf);
    if (buf[0] && !iso_minutes(buf, &minutes)) {
        pm_diag_error(c->diag, &l,
                      "task '%s' has duration '%s', not an "
                      "ISO 8601 duration such as PT8H0M0S",
                      name, buf);
    }
    bool summary = pm_xml_long(x, "Summary", 0) != 0;
    t->milestone = pm_xml_long(x, "Milestone", 0) != 0;
    if (t->milestone && minutes > 0) {
        pm_fidelity_note(c->fid, PM_FID_APPROX,
                         "milestones with a duration, drawn as milestones",
                         "'%s'", name);
    } else if (!summary && !t->milestone) {
        t->duration = slots_of_minutes(
            c, minutes, "durations not in whole days, rounded up", name);
    }
    if (t->milestone) {
        t->duration = 0;
    }
    read_constraint(c, x, t);
    read_progress(c, x, t);
    pm_fidelity_note(c->fid, PM_FID_KEPT,
                     "tasks (name, outline, duration, priority, deadline)",
                     NULL);
}

/* Links of every task, once all tasks are known. */
static void read_links(mctx *c, xmlNode *tasks, const pm_strindex *tix)
{
    char buf[64];
    static const pm_dep_type types[] = {PM_DEP_FF, PM_DEP_FS, PM_DEP_SF,
                                        PM_DEP_SS};
    for (xmlNode *x = pm_xml_child(tasks, "Task"); x; x = x->next) {
        snprintf(buf, sizeof buf, "%ld",
                 pm_xml_is(x, "Task") ? pm_xml_long(x, "UID", -1) : -1);
        int succ = pm_strindex_find(tix, buf);
        for (xmlNode *k = succ >= 0 ? x->children : NULL; k; k = k->next) {
            if (!pm_xml_is(k, "PredecessorLink")) {
                continue;
            }
            pm_loc l = pm_mspdi_loc(c, k);
            long puid = pm_xml_long(k, "PredecessorUID", -1);
            snprintf(buf, sizeof buf, "%ld", puid);
            int pred = pm_strindex_find(tix, buf);
            if (pred < 0) {
                pm_diag_error(c->diag, &l,
                              "link of task '%s' names predecessor UID %ld, "
                              "which is no task",
                              c->p->tasks[succ].id, puid);
                continue;
            }
            long type = pm_xml_long(k, "Type", 1),
                 fmt = pm_xml_long(k, "LagFormat", 7);
            double lag_min = pm_xml_real(k, "LinkLag", 0) / 10.0;
            double days;
            if (fmt == 19 || fmt == 20) {
                /* a percentage of the predecessor's duration */
                days = lag_min * 10 / 100.0 * c->p->tasks[pred].duration;
                pm_fidelity_note(c->fid, PM_FID_APPROX,
                                 "lags as a percentage of the predecessor, "
                                 "taken from its duration",
                                 "line %d", l.line);
            } else if (fmt % 2 == 0 && fmt >= 4 && fmt <= 12) {
                days = lag_min / 1440 * __builtin_popcount(c->p->cal.workdays) /
                       7.0;
                pm_fidelity_note(c->fid, PM_FID_APPROX,
                                 "elapsed lags, converted to working days",
                                 "line %d: %.1f calendar days", l.line,
                                 lag_min / 1440);
            } else {
                days = lag_min / c->minutes_per_day;
            }
            if (fabs(days) > PM_MAX_DAYS) {
                pm_diag_error(c->diag, &l,
                              "link lag of %.0f days is too "
                              "large",
                              days);
                continue;
            }
            if (fabs(days - lround(days)) > 1e-6) {
                pm_fidelity_note(c->fid, PM_FID_APPROX,
                                 "lags not in whole days, rounded",
                                 "line %d: %.2f days", l.line, days);
            }
            pm_dep *d = pm_project_add_dep(c->p);
            if (!d) {
                c->oom = true;
                return;
            }
            d->pred = pred;
            d->succ = succ;
            d->type = type >= 0 && type <= 3 ? types[type] : PM_DEP_FS;
            d->lag = (int)lround(days);
            d->loc = l;
            pm_fidelity_note(c->fid, PM_FID_KEPT,
                             "links (all four types, with lags)", NULL);
        }
    }
}

static void read_assignments(mctx *c, const xmlNode *root,
                             const pm_strindex *tix)
{
    char buf[64];
    for (xmlNode *a =
             pm_xml_child(pm_xml_child(root, "Assignments"), "Assignment");
         a; a = a->next) {
        if (!pm_xml_is(a, "Assignment")) {
            continue;
        }
        long tu = pm_xml_long(a, "TaskUID", -1),
             ru = pm_xml_long(a, "ResourceUID", -1);
        pm_loc l = pm_mspdi_loc(c, a);
        if (ru < 0) {
            continue; /* -65535: the task has no resource */
        }
        snprintf(buf, sizeof buf, "%ld", tu);
        int t = pm_strindex_find(tix, buf);
        snprintf(buf, sizeof buf, "r%ld", ru);
        int r = pm_strindex_find(&c->res, buf);
        if (t < 0 && tu != 0) {
            pm_diag_error(c->diag, &l,
                          "assignment names task UID %ld, which is no "
                          "task",
                          tu);
            continue;
        }
        if (t < 0 || ru == 0) {
            continue; /* on the project summary, or unassigned */
        }
        if (r < 0) {
            bool known = false;
            for (xmlNode *x =
                     pm_xml_child(pm_xml_child(root, "Resources"), "Resource");
                 x; x = x->next) {
                known |=
                    pm_xml_is(x, "Resource") && pm_xml_long(x, "UID", -1) == ru;
            }
            if (!known) {
                pm_diag_error(c->diag, &l,
                              "assignment names resource UID %ld, which is "
                              "no resource",
                              ru);
            }
            continue; /* a material or cost resource: noted already */
        }
        pm_task *task = &c->p->tasks[t];
        if (task->n_children > 0 || pm_xml_long(a, "Units", 1) < 0) {
            continue;
        }
        double units = pm_xml_real(a, "Units", 1.0);
        int max = c->p->resources[r].max_units;
        int share = (int)lround(units * 100 * 100 / (max > 0 ? max : 100));
        if (share > 100) {
            pm_fidelity_note(c->fid, PM_FID_APPROX,
                             "assignments above the resource's max units, "
                             "capped",
                             "'%s' on '%s'", c->p->resources[r].name,
                             task->name);
            share = 100;
        }
        if (share <= 0) {
            continue;
        }
        if (pm_task_add_need(task, r, -1, share, l) != PM_OK) {
            c->oom = true;
            return;
        }
        if (task->owner < 0) {
            task->owner = r;
        }
        pm_fidelity_note(c->fid, PM_FID_KEPT, "assignments (with units)", NULL);
    }
}

/* Assignments on summary tasks: planner schedules leaf work only. */
static void drop_summary_needs(mctx *c)
{
    for (int i = 0; i < c->p->n_tasks; i++) {
        pm_task *t = &c->p->tasks[i];
        if (t->n_children > 0 && t->n_needs > 0) {
            pm_fidelity_note(c->fid, PM_FID_DROPPED,
                             "assignments on summary tasks", "'%s'", t->name);
            free(t->needs);
            t->needs = NULL;
            t->n_needs = 0;
        }
    }
}

static void noted_elsewhere(mctx *c, const xmlNode *root)
{
    int baselines = 0, timephased = 0, ext = 0;
    for (xmlNode *x = pm_xml_child(pm_xml_child(root, "Tasks"), "Task"); x;
         x = x->next) {
        for (xmlNode *k = pm_xml_is(x, "Task") ? x->children : NULL; k;
             k = k->next) {
            baselines += pm_xml_is(k, "Baseline");
            ext += pm_xml_is(k, "ExtendedAttribute");
        }
    }
    for (xmlNode *a =
             pm_xml_child(pm_xml_child(root, "Assignments"), "Assignment");
         a; a = a->next) {
        for (xmlNode *k = pm_xml_is(a, "Assignment") ? a->children : NULL; k;
             k = k->next) {
            timephased += pm_xml_is(k, "TimephasedData");
        }
    }
    for (int i = 0; i < baselines; i++) {
        pm_fidelity_note(c->fid, PM_FID_DROPPED,
                         "task baselines (planner keeps its own, from runs)",
                         NULL);
    }
    for (int i = 0; i < timephased; i++) {
        pm_fidelity_note(c->fid, PM_FID_DROPPED,
                         "timephased data (planner schedules its own)", NULL);
    }
    for (int i = 0; i < ext; i++) {
        pm_fidelity_note(c->fid, PM_FID_DROPPED,
                         "custom fields (extended attributes)", NULL);
    }
}

static void read_project(mctx *c, xmlNode *root)
{
    pm_project *p = c->p;
    char buf[512];
    pm_xml_text(root, "Name", buf, sizeof buf);
    if (!buf[0]) {
        pm_xml_text(root, "Title", buf, sizeof buf);
    }
    p->name = strdup(buf[0] ? buf : c->file);
    p->start = pm_mspdi_date(c, root, "StartDate");
    if (p->start == PM_NO_DATE) {
        pm_loc l = pm_mspdi_loc(c, root);
        pm_diag_error(c->diag, &l, "the project has no StartDate");
        return;
    }
    p->status_date = pm_mspdi_date(c, root, "StatusDate");
    c->minutes_per_day = pm_xml_real(root, "MinutesPerDay", 480);
    if (c->minutes_per_day < 60 || c->minutes_per_day > 1440) {
        c->minutes_per_day = 480;
    }
    c->calendars = pm_xml_child(root, "Calendars");
    /* Recurring exceptions count weeks from Sunday, whatever the
     * project's WeekStartDay (checked against the expansions Project
     * itself writes into older-format WeekDay entries). */
    c->week_start = 0;
    pm_mspdi_read_calendar(c, root);
    pm_mspdi_read_resources(c, root);
    xmlNode *tasks = pm_xml_child(root, "Tasks");
    int parents[64];
    for (int k = 0; k < 64; k++) {
        parents[k] = -1;
    }
    for (xmlNode *x = pm_xml_child(tasks, "Task"); x && !c->oom; x = x->next) {
        if (pm_xml_is(x, "Task")) {
            read_task(c, x, parents, 64);
        }
    }
    /* Children counts for the link and assignment passes. */
    for (int i = 0; i < p->n_tasks; i++) {
        p->tasks[i].n_children = 0;
    }
    for (int i = 0; i < p->n_tasks; i++) {
        if (p->tasks[i].parent >= 0) {
            p->tasks[p->tasks[i].parent].n_children++;
        }
    }
    pm_strindex tix = PM_STRINDEX_INIT;
    for (int i = 0; i < p->n_tasks && !c->oom; i++) {
        int added = pm_strindex_add(&tix, p->tasks[i].id, i);
        c->oom = added < 0;
        if (added == 1) {
            /* Links and assignments name tasks by UID: with two alike,
             * some would silently attach to the wrong one. */
            pm_diag_error(
                c->diag, &p->tasks[i].loc,
                "task UID %s appears twice (first at line %d)", p->tasks[i].id,
                p->tasks[pm_strindex_find(&tix, p->tasks[i].id)].loc.line);
        }
    }
    if (p->n_tasks == 0 && !c->oom) {
        pm_loc l = pm_mspdi_loc(c, tasks ? tasks : root);
        pm_diag_error(c->diag, &l,
                      "the project has no tasks (no <Task> besides the "
                      "project summary)");
    }
    if (!c->oom) {
        read_links(c, tasks, &tix);
        read_assignments(c, root, &tix);
        drop_summary_needs(c);
        noted_elsewhere(c, root);
    }
    pm_strindex_reset(&tix);
    if (p->tracked && p->status_date == PM_NO_DATE) {
        p->status_date = pm_mspdi_date(c, root, "CurrentDate");
        pm_fidelity_note(c->fid, PM_FID_APPROX,
                         "no status date: the file's current date taken", NULL);
    }
}

int pm_import_mspdi(pm_project **out, const char *path, pm_fidelity *fid,
                    pm_diag *diag)
{
    pm_project *p;
    xmlDocPtr doc;
    const char *file;
    *out = NULL;
    int errors = diag->n_errors;
    int rc = pm_xml_open(&p, &doc, &file, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    mctx c = {file, p, fid, diag, 480, 0, NULL, PM_STRINDEX_INIT, false};
    if (!pm_xml_is(root, "Project")) {
        pm_loc l = {file, root ? (int)xmlGetLineNo(root) : 1, 1};
        pm_diag_error(diag, &l,
                      "not a Microsoft Project XML file (the root element "
                      "is not <Project>)");
    } else {
        read_project(&c, root);
    }
    pm_strindex_reset(&c.res);
    xmlFreeDoc(doc);
    return pm_reader_done(out, p, PM_OK, c.oom, errors, diag);
}
