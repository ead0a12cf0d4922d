/* import/mspdi_calendar.c - MSPDI calendars: the project's working week
 * and days off, recurring exceptions expanded (daily, every n days,
 * weekly, monthly and yearly by day or position), and work resources with
 * their leave (mspdi_impl.h). */
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/mspdi_impl.h"
#include "import/xml.h"

static xmlNode *calendar(const mctx *c, long uid)
{
    for (xmlNode *k = c->calendars ? c->calendars->children : NULL; k;
         k = k->next) {
        if (pm_xml_is(k, "Calendar") && pm_xml_long(k, "UID", -1) == uid) {
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
    return (int)(pm_date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
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
    xmlNode *tp = pm_xml_child(e, "TimePeriod");
    pm_date from = pm_mspdi_date(c, tp, "FromDate");
    pm_date to = pm_mspdi_date(c, tp, "ToDate");
    if (from == PM_NO_DATE || to == PM_NO_DATE || to < from ||
        to - from > 366 * 50) {
        return false;
    }
    long type = pm_xml_long(e, "Type", 1), period = pm_xml_long(e, "Period", 1);
    long dow = pm_xml_long(e, "DaysOfWeek", 0),
         mday = pm_xml_long(e, "MonthDay", 0);
    long pos = pm_xml_long(e, "MonthPosition", -1) + 1;
    long item = pm_xml_long(e, "MonthItem", -1),
         month = pm_xml_long(e, "Month", -1) + 1;
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
    case 4:
    case 5:
    case 2:
    case 3: {
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
    for (xmlNode *e =
             pm_xml_child(pm_xml_child(cal, "Exceptions"), "Exception");
         e; e = e->next) {
        if (!pm_xml_is(e, "Exception")) {
            continue;
        }
        pm_xml_text(e, "Name", name, sizeof name);
        if (pm_xml_long(e, "DayWorking", 0) != 0) {
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
                             pm_xml_long(e, "Occurrences", 1) > 1
                                 ? "recurring calendar exceptions, expanded "
                                   "to days off"
                                 : "calendar exceptions (days off)",
                             "%s: '%s'", owner, name);
        }
    }
    /* Files with <Exceptions> repeat them there for older readers. */
    bool has_new =
        pm_xml_child(pm_xml_child(cal, "Exceptions"), "Exception") != NULL;
    for (xmlNode *w = pm_xml_child(pm_xml_child(cal, "WeekDays"), "WeekDay");
         w && !has_new; w = w->next) {
        if (!pm_xml_is(w, "WeekDay") || pm_xml_long(w, "DayType", -1) != 0) {
            continue;
        }
        xmlNode *tp = pm_xml_child(w, "TimePeriod");
        pm_date from = pm_mspdi_date(c, tp, "FromDate");
        pm_date to = pm_mspdi_date(c, tp, "ToDate");
        if (pm_xml_long(w, "DayWorking", 0) != 0 || from == PM_NO_DATE ||
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
        pm_fidelity_note(c->fid, PM_FID_KEPT, "calendar exceptions (days off)",
                         "%s", owner);
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
    for (xmlNode *w = pm_xml_child(pm_xml_child(cal, "WeekDays"), "WeekDay"); w;
         w = w->next) {
        long type = pm_xml_is(w, "WeekDay") ? pm_xml_long(w, "DayType", 0) : 0;
        if (type >= 1 && type <= 7) {
            any = true;
            if (pm_xml_long(w, "DayWorking", 0)) {
                mask |= 1u << ((type + 5) % 7);
            }
        }
    }
    if (!any && depth < 8) {
        xmlNode *base = calendar(c, pm_xml_long(cal, "BaseCalendarUID", -1));
        return base ? workdays_of(c, base, depth + 1) : 0x1f;
    }
    return any ? mask : 0x1f;
}

void pm_mspdi_read_calendar(mctx *c, const xmlNode *root)
{
    pm_calendar *cal = &c->p->cal;
    xmlNode *k = calendar(c, pm_xml_long(root, "CalendarUID", 1));
    cal->hours_per_day = (int)lround(c->minutes_per_day / 60);
    if (cal->hours_per_day < 1 || cal->hours_per_day > 24) {
        cal->hours_per_day = 8;
    }
    if (!k) {
        pm_fidelity_note(c->fid, PM_FID_APPROX,
                         "no project calendar: Monday to Friday assumed", NULL);
        return;
    }
    cal->workdays = workdays_of(c, k, 0);
    char name[128];
    pm_xml_text(k, "Name", name, sizeof name);
    read_exceptions(c, k, &cal->holidays, &cal->n_holidays, name);
    xmlNode *base = calendar(c, pm_xml_long(k, "BaseCalendarUID", -1));
    if (base) {
        pm_xml_text(base, "Name", name, sizeof name);
        read_exceptions(c, base, &cal->holidays, &cal->n_holidays, name);
    }
    normalize(cal->holidays, &cal->n_holidays);
    pm_fidelity_note(c->fid, PM_FID_KEPT,
                     "project calendar (working weekdays,"
                     " hours per day, days off)",
                     "'%s'", name);
}

/* ---- Resources ---- */

void pm_mspdi_read_resources(mctx *c, const xmlNode *root)
{
    char buf[512], id[32];
    for (xmlNode *r = pm_xml_child(pm_xml_child(root, "Resources"), "Resource");
         r; r = r->next) {
        if (!pm_xml_is(r, "Resource")) {
            continue;
        }
        long uid = pm_xml_long(r, "UID", -1);
        pm_xml_text(r, "Name", buf, sizeof buf);
        if (uid <= 0 || buf[0] == '\0') {
            continue; /* UID 0 and blank rows are placeholders */
        }
        long type = pm_xml_long(r, "Type", 1);
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
        res->loc = pm_mspdi_loc(c, r);
        double max = pm_xml_real(r, "MaxUnits", 1.0);
        res->max_units = (int)lround((max > 0 ? max : 1.0) * 100);
        if (res->max_units > 100) {
            pm_fidelity_note(c->fid, PM_FID_APPROX,
                             "resources above 100% max units (teams), "
                             "taken as one full-time person",
                             "'%s' %d%%", buf, res->max_units);
            res->max_units = 100;
        }
        double rate = pm_xml_real(r, "StandardRate", 0);
        res->cost_per_day = rate > 0 ? rate * c->minutes_per_day / 60 : 0;
        if (!res->id || !res->name ||
            pm_strindex_add(&c->res, res->id, c->p->n_resources - 1) < 0) {
            c->oom = true;
            return;
        }
        pm_fidelity_note(c->fid, PM_FID_KEPT,
                         "work resources (name, max units, standard rate)",
                         "'%s'", buf);
        xmlNode *cal = calendar(c, pm_xml_long(r, "CalendarUID", -1));
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
