/* import/mspdi.c - Microsoft Project XML (MSPDI) through libxml2.
 *
 * Tasks (outline levels become the WBS), durations, milestones, links of
 * the four types with their lags, constraints, deadlines, priorities,
 * progress, the project calendar with its exceptions (recurring ones
 * expanded), resources with their leave, assignments. What does not fit the
 * planner model is counted in the fidelity report (docs/interchange.md);
 * references that point nowhere are errors with their line. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "import/reader.h"
#include "import/xml.h"
#include "import/units.h"
#include "planner/model/strindex.h"

typedef struct {
    const char *file;
    pm_project *p;
    pm_fidelity *fid;
    pm_diag *diag;
    double minutes_per_day;
    int week_start; /* 0 Sunday .. 6 Saturday */
    xmlNode *calendars;
    pm_strindex res; /* resource UID (as the id "r<UID>") -> index */
    bool oom;
} mctx;

/* ---- Small DOM helpers ---- */

static bool named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next) {
        if (named(c, name)) {
            return c;
        }
    }
    return NULL;
}

/* The text of child 'name' into buf (empty when absent). */
static const char *text(const xmlNode *n, const char *name, char *buf,
                        size_t size)
{
    buf[0] = '\0';
    xmlNode *c = child(n, name);
    if (c) {
        xmlChar *s = xmlNodeGetContent(c);
        if (s) {
            snprintf(buf, size, "%s", (const char *)s);
            xmlFree(s);
        }
    }
    return buf;
}

static long number(const xmlNode *n, const char *name, long dflt)
{
    char buf[64], *end;
    const char *s = text(n, name, buf, sizeof buf);
    double v = strtod(s, &end);
    return *s && end != s && isfinite(v) && fabs(v) < 1e15 ? (long)v : dflt;
}

static double real(const xmlNode *n, const char *name, double dflt)
{
    char buf[64], *end;
    const char *s = text(n, name, buf, sizeof buf);
    double v = strtod(s, &end);
    return *s && end != s && isfinite(v) ? v : dflt;
}

static pm_loc loc_of(const mctx *c, const xmlNode *n)
{
    return (pm_loc){c->file, (int)xmlGetLineNo(n), 1};
}

/* "2003-01-07T08:00:00" -> the date; PM_NO_DATE when absent, empty or
 * "NA". Anything else that is not a real date (2027-02-31) is an error at
 * its line: a constraint must not vanish silently. */
static pm_date date_of(mctx *c, const xmlNode *n, const char *name)
{
    char buf[64];
    const char *s = text(n, name, buf, sizeof buf);
    pm_date d;
    if (!*s || strcmp(s, "NA") == 0) {
        return PM_NO_DATE;
    }
    if (strlen(s) >= 10 && pm_date_parse(s, 10, &d) &&
        (s[10] == '\0' || s[10] == 'T')) {
        return d;
    }
    const xmlNode *e = child(n, name);
    pm_loc l = loc_of(c, e ? e : n);
    pm_diag_error(c->diag, &l, "%s '%s' is not a valid date", name, s);
    return PM_NO_DATE;
}

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

static xmlNode *calendar(const mctx *c, long uid)
{
    for (xmlNode *k = c->calendars ? c->calendars->children : NULL; k;
         k = k->next) {
        if (named(k, "Calendar") && number(k, "UID", -1) == uid) {
            return k;
        }
    }
    return NULL;
}

static int add_range(pm_date_range **v, int *n, pm_date first, pm_date last)
{
    pm_date_range *r = realloc(*v, (size_t)(*n + 1) * sizeof *r);
    if (!r) {
        return PM_ENOMEM;
    }
    r[(*n)++] = (pm_date_range){first, last};
    *v = r;
    return PM_OK;
}

/* Day of week 0 = Monday of date d; MSPDI numbers Sunday 1 .. Saturday 7
 * and DaysOfWeek bits Sunday 1, Monday 2, ... Saturday 64. */
static int msp_weekday_bit(pm_date d)
{
    return 1 << ((pm_date_weekday(d) + 1) % 7);
}

static int days_in_month(int y, int m)
{
    return (int)(pm_date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1,
                                  1) -
                 pm_date_from_ymd(y, m, 1));
}

/* The nth (1..4, or 5 = last) weekday wd (MSPDI 0 = Sunday .. 6) of a
 * month. */
static pm_date nth_weekday(int y, int m, int nth, int wd)
{
    pm_date first = pm_date_from_ymd(y, m, 1);
    int want = (wd + 6) % 7; /* 0 = Monday */
    if (nth >= 5) {
        pm_date last = first + days_in_month(y, m) - 1;
        return last - ((pm_date_weekday(last) - want + 7) % 7);
    }
    return first + (want - pm_date_weekday(first) + 7) % 7 + 7 * (nth - 1);
}

/* The days an exception covers, from its recurrence (Type 1 daily, 7
 * every Period days, 6 weekly, 4/5 monthly by day/position, 2/3 yearly by
 * day/position), within [FromDate, ToDate]. Calls add for each. Returns
 * false for a recurrence it does not know. */
static bool exception_days(mctx *c, const xmlNode *e,
                           void (*add)(void *, pm_date), void *arg)
{
    int week_start = c->week_start;
    xmlNode *tp = child(e, "TimePeriod");
    pm_date from = date_of(c, tp, "FromDate");
    pm_date to = date_of(c, tp, "ToDate");
    if (from == PM_NO_DATE || to == PM_NO_DATE || to < from ||
        to - from > 366 * 50) {
        return false;
    }
    long type = number(e, "Type", 1), period = number(e, "Period", 1);
    long dow = number(e, "DaysOfWeek", 0), mday = number(e, "MonthDay", 0);
    long pos = number(e, "MonthPosition", -1) + 1;
    long item = number(e, "MonthItem", -1), month = number(e, "Month", -1) + 1;
    period = period > 0 ? period : 1;
    int y0, m0, d0;
    pm_date_to_ymd(from, &y0, &m0, &d0);
    switch (type) {
    case 1: /* every day */
        for (pm_date d = from; d <= to; d++) {
            add(arg, d);
        }
        return true;
    case 7: /* every period days */
        for (pm_date d = from; d <= to; d += period) {
            add(arg, d);
        }
        return true;
    case 6: { /* weekly: days of week, every period weeks; weeks start on
               * the project's first day of the week */
        int ws = (week_start + 6) % 7; /* MSP 0 = Sunday -> 0 = Monday */
        pm_date first = from - (pm_date_weekday(from) - ws + 7) % 7;
        for (pm_date d = from; d <= to; d++) {
            long week = (d - first) / 7;
            if ((dow & msp_weekday_bit(d)) && week % period == 0) {
                add(arg, d);
            }
        }
        return true;
    }
    case 4: case 5: case 2: case 3: {
        bool yearly = type == 2 || type == 3;
        bool by_pos = type == 5 || type == 3;
        for (int k = 0;; k += yearly ? 12 : (int)period) {
            int y = y0 + (m0 - 1 + k) / 12, m = (m0 - 1 + k) % 12 + 1;
            if (yearly) {
                m = month >= 1 && month <= 12 ? (int)month : m0;
                y = y0 + k / 12;
            }
            if (pm_date_from_ymd(y, m, 1) > to) {
                break;
            }
            pm_date d;
            if (by_pos) {
                /* MonthItem 3..9: Sunday..Saturday (0..2, any day or
                 * weekday or weekend day, are not supported) */
                if (item < 3 || item > 9 || pos < 1) {
                    return false;
                }
                d = nth_weekday(y, m, (int)pos, (int)item - 3);
            } else {
                int md = mday >= 1 ? (int)mday : d0;
                if (md > days_in_month(y, m)) {
                    continue;
                }
                d = pm_date_from_ymd(y, m, md);
            }
            if (d >= from && d <= to) {
                add(arg, d);
            }
        }
        return true;
    }
    default:
        return false;
    }
}

typedef struct {
    pm_date_range **v;
    int *n;
    bool oom;
} day_sink;

static void add_day(void *arg, pm_date d)
{
    day_sink *s = arg;
    if (*s->n > 0 && (*s->v)[*s->n - 1].last + 1 == d) {
        (*s->v)[*s->n - 1].last = d; /* extend a run of days */
    } else if (add_range(s->v, s->n, d, d) != PM_OK) {
        s->oom = true;
    }
}

/* Non-working exceptions of calendar cal into ranges (holidays or
 * leave); working ones are noted as dropped. */
static void read_exceptions(mctx *c, const xmlNode *cal, pm_date_range **v,
                            int *n, const char *owner)
{
    char name[160];
    day_sink sink = {v, n, false};
    /* Project 2007+ writes <Exceptions>; older files write WeekDay
     * elements with DayType 0 and a TimePeriod. */
    for (xmlNode *e = child(child(cal, "Exceptions"), "Exception"); e;
         e = e->next) {
        if (!named(e, "Exception")) {
            continue;
        }
        text(e, "Name", name, sizeof name);
        if (number(e, "DayWorking", 0) != 0) {
            pm_fidelity_note(c->fid, PM_FID_DROPPED,
                             "calendar exceptions that make days working "
                             "(extra working days)",
                             "%s: '%s'", owner, name);
        } else if (!exception_days(c, e, add_day, &sink)) {
            pm_fidelity_note(c->fid, PM_FID_DROPPED,
                             "calendar exceptions with a recurrence planner "
                             "does not know",
                             "%s: '%s' (line %ld)", owner, name,
                             xmlGetLineNo(e));
        } else {
            pm_fidelity_note(c->fid, PM_FID_KEPT,
                             number(e, "Occurrences", 1) > 1
                                 ? "recurring calendar exceptions, expanded "
                                   "to days off"
                                 : "calendar exceptions (days off)",
                             "%s: '%s'", owner, name);
        }
    }
    /* Files with <Exceptions> repeat them there for older readers. */
    bool has_new = child(child(cal, "Exceptions"), "Exception") != NULL;
    for (xmlNode *w = child(child(cal, "WeekDays"), "WeekDay"); w && !has_new;
         w = w->next) {
        if (!named(w, "WeekDay") || number(w, "DayType", -1) != 0) {
            continue;
        }
        xmlNode *tp = child(w, "TimePeriod");
        pm_date from = date_of(c, tp, "FromDate");
        pm_date to = date_of(c, tp, "ToDate");
        if (number(w, "DayWorking", 0) != 0 || from == PM_NO_DATE ||
            to == PM_NO_DATE || to < from) {
            pm_fidelity_note(c->fid, PM_FID_DROPPED,
                             "calendar exceptions that make days working "
                             "(extra working days)",
                             "%s (line %ld)", owner, xmlGetLineNo(w));
            continue;
        }
        for (pm_date d = from; d <= to; d++) {
            add_day(&sink, d);
        }
        pm_fidelity_note(c->fid, PM_FID_KEPT,
                         "calendar exceptions (days off)", "%s", owner);
    }
    c->oom |= sink.oom;
}

static int cmp_range(const void *a, const void *b)
{
    const pm_date_range *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

/* Sorts ranges and merges those that overlap or touch. */
static void normalize(pm_date_range *v, int *n)
{
    if (*n == 0) {
        return;
    }
    qsort(v, (size_t)*n, sizeof *v, cmp_range);
    int k = 0;
    for (int i = 0; i < *n; i++) {
        if (k > 0 && v[i].first <= v[k - 1].last + 1) {
            if (v[i].last > v[k - 1].last) {
                v[k - 1].last = v[i].last;
            }
        } else {
            v[k++] = v[i];
        }
    }
    *n = k;
}

/* Working weekdays of a calendar (its base calendar's where it has none),
 * as pm_calendar.workdays. */
static unsigned workdays_of(mctx *c, const xmlNode *cal, int depth)
{
    unsigned mask = 0;
    bool any = false;
    for (xmlNode *w = child(child(cal, "WeekDays"), "WeekDay"); w;
         w = w->next) {
        long type = named(w, "WeekDay") ? number(w, "DayType", 0) : 0;
        if (type >= 1 && type <= 7) {
            any = true;
            if (number(w, "DayWorking", 0)) {
                mask |= 1u << ((type + 5) % 7);
            }
        }
    }
    if (!any && depth < 8) {
        xmlNode *base = calendar(c, number(cal, "BaseCalendarUID", -1));
        return base ? workdays_of(c, base, depth + 1) : 0x1f;
    }
    return any ? mask : 0x1f;
}

static void read_project_calendar(mctx *c, const xmlNode *root)
{
    pm_calendar *cal = &c->p->cal;
    xmlNode *k = calendar(c, number(root, "CalendarUID", 1));
    cal->hours_per_day = (int)lround(c->minutes_per_day / 60);
    if (cal->hours_per_day < 1 || cal->hours_per_day > 24) {
        cal->hours_per_day = 8;
    }
    if (!k) {
        pm_fidelity_note(c->fid, PM_FID_APPROX,
                         "no project calendar: Monday to Friday assumed",
                         NULL);
        return;
    }
    cal->workdays = workdays_of(c, k, 0);
    char name[128];
    text(k, "Name", name, sizeof name);
    read_exceptions(c, k, &cal->holidays, &cal->n_holidays, name);
    xmlNode *base = calendar(c, number(k, "BaseCalendarUID", -1));
    if (base) {
        text(base, "Name", name, sizeof name);
        read_exceptions(c, base, &cal->holidays, &cal->n_holidays, name);
    }
    normalize(cal->holidays, &cal->n_holidays);
    pm_fidelity_note(c->fid, PM_FID_KEPT, "project calendar (working weekdays,"
                     " hours per day, days off)", "'%s'", name);
}

/* ---- Resources ---- */

static void read_resources(mctx *c, const xmlNode *root)
{
    char buf[512], id[32];
    for (xmlNode *r = child(child(root, "Resources"), "Resource"); r;
         r = r->next) {
        if (!named(r, "Resource")) {
            continue;
        }
        long uid = number(r, "UID", -1);
        text(r, "Name", buf, sizeof buf);
        if (uid <= 0 || buf[0] == '\0') {
            continue; /* UID 0 and blank rows are placeholders */
        }
        long type = number(r, "Type", 1);
        if (type != 1) {
            pm_fidelity_note(c->fid, PM_FID_DROPPED,
                             "material and cost resources", "'%s'", buf);
            continue;
        }
        pm_resource *res = pm_project_add_resource(c->p);
        if (!res) {
            c->oom = true;
            return;
        }
        snprintf(id, sizeof id, "r%ld", uid);
        res->id = strdup(id);
        res->name = strdup(buf);
        res->loc = loc_of(c, r);
        double max = real(r, "MaxUnits", 1.0);
        res->max_units = (int)lround((max > 0 ? max : 1.0) * 100);
        if (res->max_units > 100) {
            pm_fidelity_note(c->fid, PM_FID_APPROX,
                             "resources above 100% max units (teams), "
                             "taken as one full-time person",
                             "'%s' %d%%", buf, res->max_units);
            res->max_units = 100;
        }
        double rate = real(r, "StandardRate", 0);
        res->cost_per_day = rate > 0 ? rate * c->minutes_per_day / 60 : 0;
        if (!res->id || !res->name ||
            pm_strindex_add(&c->res, res->id, c->p->n_resources - 1) < 0) {
            c->oom = true;
            return;
        }
        pm_fidelity_note(c->fid, PM_FID_KEPT,
                         "work resources (name, max units, standard rate)",
                         "'%s'", buf);
        xmlNode *cal = calendar(c, number(r, "CalendarUID", -1));
        if (cal) {
            read_exceptions(c, cal, &res->vacations, &res->n_vacations, buf);
            normalize(res->vacations, &res->n_vacations);
            if (workdays_of(c, cal, 0) != c->p->cal.workdays) {
                pm_fidelity_note(c->fid, PM_FID_DROPPED,
                                 "resource working weeks that differ from "
                                 "the project calendar",
                                 "'%s'", buf);
            }
        }
    }
}

/* ---- Tasks ---- */

/* MSP priority 0..1000 (500 normal) to P0..P4. */
static int priority_of(long msp)
{
    return msp >= 900 ? 0 : msp >= 700 ? 1 : msp >= 400 ? 2 : msp >= 200 ? 3
                                                                          : 4;
}

static int slots_of_minutes(mctx *c, double minutes, const char *what,
                            const char *task)
{
    double days = minutes / c->minutes_per_day;
    int slots = (int)ceil(days - 1e-9);
    if (fabs(days - slots) > 1e-6) {
        pm_fidelity_note(c->fid, PM_FID_APPROX, what, "'%s': %.2f days",
                         task, days);
    }
    return slots;
}

static void read_constraint(mctx *c, const xmlNode *x, pm_task *t)
{
    static const char *const names[] = {
        "as soon as possible", "as late as possible", "must start on",
        "must finish on", "start no earlier than", "start no later than",
        "finish no earlier than", "finish no later than"};
    long type = number(x, "ConstraintType", 0);
    pm_date d = date_of(c, x, "ConstraintDate");
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
        t->deadline = t->deadline == PM_NO_DATE || d < t->deadline
                          ? d
                          : t->deadline;
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
    long pct = number(x, "PercentComplete", 0);
    pm_date as = date_of(c, x, "ActualStart");
    pm_date af = date_of(c, x, "ActualFinish");
    if (pct <= 0 && as == PM_NO_DATE) {
        return;
    }
    t->actual_start = as != PM_NO_DATE ? as : date_of(c, x, "Start");
    t->percent_complete = (int)(pct < 0 ? 0 : pct > 100 ? 100 : pct);
    if (pct >= 100) {
        t->actual_finish = af != PM_NO_DATE ? af : date_of(c, x, "Finish");
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
    long uid = number(x, "UID", -1), level = number(x, "OutlineLevel", 1);
    text(x, "Name", name, sizeof name);
    if (number(x, "IsNull", 0) || (name[0] == '\0' && !child(x, "Name"))) {
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
    pm_loc l = loc_of(c, x);
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
    t->priority = priority_of(number(x, "Priority", 500));
    t->deadline = date_of(c, x, "Deadline");
    double minutes = 0;
    text(x, "Duration", buf, sizeof buf);
    if (buf[0] && !iso_minutes(buf, &minutes)) {
        pm_diag_error(c->diag, &l, "task '%s' has duration '%s', not an "
                      "ISO 8601 duration such as PT8H0M0S", name, buf);
    }
    bool summary = number(x, "Summary", 0) != 0;
    t->milestone = number(x, "Milestone", 0) != 0;
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
    for (xmlNode *x = child(tasks, "Task"); x; x = x->next) {
        snprintf(buf, sizeof buf, "%ld", named(x, "Task")
                                             ? number(x, "UID", -1)
                                             : -1);
        int succ = pm_strindex_find(tix, buf);
        for (xmlNode *k = succ >= 0 ? x->children : NULL; k; k = k->next) {
            if (!named(k, "PredecessorLink")) {
                continue;
            }
            pm_loc l = loc_of(c, k);
            long puid = number(k, "PredecessorUID", -1);
            snprintf(buf, sizeof buf, "%ld", puid);
            int pred = pm_strindex_find(tix, buf);
            if (pred < 0) {
                pm_diag_error(c->diag, &l,
                              "link of task '%s' names predecessor UID %ld, "
                              "which is no task",
                              c->p->tasks[succ].id, puid);
                continue;
            }
            long type = number(k, "Type", 1), fmt = number(k, "LagFormat", 7);
            double lag_min = real(k, "LinkLag", 0) / 10.0;
            double days;
            if (fmt == 19 || fmt == 20) {
                /* a percentage of the predecessor's duration */
                days = lag_min * 10 / 100.0 * c->p->tasks[pred].duration;
                pm_fidelity_note(c->fid, PM_FID_APPROX,
                                 "lags as a percentage of the predecessor, "
                                 "taken from its duration",
                                 "line %d", l.line);
            } else if (fmt % 2 == 0 && fmt >= 4 && fmt <= 12) {
                days = lag_min / 1440 *
                       __builtin_popcount(c->p->cal.workdays) / 7.0;
                pm_fidelity_note(c->fid, PM_FID_APPROX,
                                 "elapsed lags, converted to working days",
                                 "line %d: %.1f calendar days", l.line,
                                 lag_min / 1440);
            } else {
                days = lag_min / c->minutes_per_day;
            }
            if (fabs(days) > PM_MAX_DAYS) {
                pm_diag_error(c->diag, &l, "link lag of %.0f days is too "
                              "large", days);
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
    for (xmlNode *a = child(child(root, "Assignments"), "Assignment"); a;
         a = a->next) {
        if (!named(a, "Assignment")) {
            continue;
        }
        long tu = number(a, "TaskUID", -1), ru = number(a, "ResourceUID", -1);
        pm_loc l = loc_of(c, a);
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
                          "task", tu);
            continue;
        }
        if (t < 0 || ru == 0) {
            continue; /* on the project summary, or unassigned */
        }
        if (r < 0) {
            bool known = false;
            for (xmlNode *x = child(child(root, "Resources"), "Resource"); x;
                 x = x->next) {
                known |= named(x, "Resource") && number(x, "UID", -1) == ru;
            }
            if (!known) {
                pm_diag_error(c->diag, &l,
                              "assignment names resource UID %ld, which is "
                              "no resource", ru);
            }
            continue; /* a material or cost resource: noted already */
        }
        pm_task *task = &c->p->tasks[t];
        if (task->n_children > 0 || number(a, "Units", 1) < 0) {
            continue;
        }
        double units = real(a, "Units", 1.0);
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
        pm_fidelity_note(c->fid, PM_FID_KEPT, "assignments (with units)",
                         NULL);
    }
}

/* Assignments on summary tasks: planner schedules leaf work only. */
static void drop_summary_needs(mctx *c)
{
    for (int i = 0; i < c->p->n_tasks; i++) {
        pm_task *t = &c->p->tasks[i];
        if (t->n_children > 0 && t->n_needs > 0) {
            pm_fidelity_note(c->fid, PM_FID_DROPPED,
                             "assignments on summary tasks", "'%s'",
                             t->name);
            free(t->needs);
            t->needs = NULL;
            t->n_needs = 0;
        }
    }
}

static void noted_elsewhere(mctx *c, const xmlNode *root)
{
    int baselines = 0, timephased = 0, ext = 0;
    for (xmlNode *x = child(child(root, "Tasks"), "Task"); x; x = x->next) {
        for (xmlNode *k = named(x, "Task") ? x->children : NULL; k;
             k = k->next) {
            baselines += named(k, "Baseline");
            ext += named(k, "ExtendedAttribute");
        }
    }
    for (xmlNode *a = child(child(root, "Assignments"), "Assignment"); a;
         a = a->next) {
        for (xmlNode *k = named(a, "Assignment") ? a->children : NULL; k;
             k = k->next) {
            timephased += named(k, "TimephasedData");
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
    text(root, "Name", buf, sizeof buf);
    if (!buf[0]) {
        text(root, "Title", buf, sizeof buf);
    }
    p->name = strdup(buf[0] ? buf : c->file);
    p->start = date_of(c, root, "StartDate");
    if (p->start == PM_NO_DATE) {
        pm_loc l = loc_of(c, root);
        pm_diag_error(c->diag, &l, "the project has no StartDate");
        return;
    }
    p->status_date = date_of(c, root, "StatusDate");
    c->minutes_per_day = real(root, "MinutesPerDay", 480);
    if (c->minutes_per_day < 60 || c->minutes_per_day > 1440) {
        c->minutes_per_day = 480;
    }
    c->calendars = child(root, "Calendars");
    /* Recurring exceptions count weeks from Sunday, whatever the
     * project's WeekStartDay (checked against the expansions Project
     * itself writes into older-format WeekDay entries). */
    c->week_start = 0;
    read_project_calendar(c, root);
    read_resources(c, root);
    xmlNode *tasks = child(root, "Tasks");
    int parents[64];
    for (int k = 0; k < 64; k++) {
        parents[k] = -1;
    }
    for (xmlNode *x = child(tasks, "Task"); x && !c->oom; x = x->next) {
        if (named(x, "Task")) {
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
            pm_diag_error(c->diag, &p->tasks[i].loc,
                          "task UID %s appears twice (first at line %d)",
                          p->tasks[i].id,
                          p->tasks[pm_strindex_find(&tix, p->tasks[i].id)]
                              .loc.line);
        }
    }
    if (p->n_tasks == 0 && !c->oom) {
        pm_loc l = loc_of(c, tasks ? tasks : root);
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
        p->status_date = date_of(c, root, "CurrentDate");
        pm_fidelity_note(c->fid, PM_FID_APPROX,
                         "no status date: the file's current date taken",
                         NULL);
    }
}

int pm_import_mspdi(pm_project **out, const char *path, pm_fidelity *fid,
                    pm_diag *diag)
{
    *out = NULL;
    char *data;
    size_t len;
    int rc = pm_read_file(&data, &len, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    pm_project *p = pm_project_new();
    const char *file = p ? pm_project_keep(p, path) : NULL;
    if (!file) {
        free(data);
        pm_project_free(p);
        return PM_ENOMEM;
    }
    p->source = strdup(path);
    int errors = diag->n_errors;
    xmlDocPtr doc = pm_xml_read(data, len, path, file, diag);
    free(data);
    if (!doc) {
        pm_project_free(p);
        return PM_EINPUT;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    mctx c = {file, p, fid, diag, 480, 0, NULL, PM_STRINDEX_INIT, false};
    if (!named(root, "Project")) {
        pm_loc l = {file, root ? (int)xmlGetLineNo(root) : 1, 1};
        pm_diag_error(diag, &l,
                      "not a Microsoft Project XML file (the root element "
                      "is not <Project>)");
    } else {
        read_project(&c, root);
    }
    pm_strindex_reset(&c.res);
    xmlFreeDoc(doc);
    rc = c.oom ? PM_ENOMEM : diag->n_errors > errors ? PM_EINPUT : PM_OK;
    if (rc == PM_OK) {
        rc = pm_project_finish(p, diag);
    }
    if (rc != PM_OK) {
        pm_project_free(p);
        return rc;
    }
    *out = p;
    return PM_OK;
}
