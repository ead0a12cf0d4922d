/* import/gan.c - GanttProject files (.gan) through libxml2: nested tasks,
 * dependencies of the four types with their lags, milestones, priorities,
 * resources, allocations, vacations, the working week and holidays. What
 * does not fit is counted in the fidelity report (docs/interchange.md). */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "import/reader.h"
#include "import/xml.h"
#include "planner/model/strindex.h"

typedef struct {
    const char *file;
    pm_project *p;
    pm_fidelity *fid;
    pm_diag *diag;
    pm_strindex tix, rix;
    bool oom;
} gctx;

static pm_date attr_date(const xmlNode *n, const char *name)
{
    char buf[64];
    const char *s = pm_xml_attr(n, name, buf, sizeof buf);
    pm_date d;
    return strlen(s) >= 10 && pm_date_parse(s, 10, &d) ? d : PM_NO_DATE;
}

static pm_loc at(const gctx *c, const xmlNode *n)
{
    return (pm_loc){c->file, (int)xmlGetLineNo(n), 1};
}

static void read_calendar(gctx *c, const xmlNode *root)
{
    pm_calendar *cal = &c->p->cal;
    xmlNode *cals = pm_xml_child(root, "calendars");
    xmlNode *week =
        pm_xml_child(pm_xml_child(cals, "day-types"), "default-week");
    if (week) {
        static const char *const days[] = {"mon", "tue", "wed", "thu",
                                           "fri", "sat", "sun"};
        unsigned mask = 0;
        for (int d = 0; d < 7; d++) {
            /* 1 marks a weekend (non-working) day */
            if (pm_xml_attr_long(week, days[d], d >= 5) == 0) {
                mask |= 1u << d;
            }
        }
        cal->workdays = mask ? mask : 0x1f;
        pm_fidelity_note(c->fid, PM_FID_KEPT, "working week", NULL);
    }
    for (xmlNode *d = cals ? cals->children : NULL; d; d = d->next) {
        char type[32];
        if (!pm_xml_is(d, "date")) {
            continue;
        }
        pm_xml_attr(d, "type", type, sizeof type);
        long y = pm_xml_attr_long(d, "year", 0),
             m = pm_xml_attr_long(d, "month", 0),
             day = pm_xml_attr_long(d, "date", 0);
        if (strcmp(type, "HOLIDAY") != 0 || y < 1900 || y > 2999 || m < 1 ||
            m > 12 || day < 1 || day > 31) {
            pm_fidelity_note(c->fid, PM_FID_DROPPED,
                             "calendar days other than holidays, or "
                             "recurring ones",
                             "line %ld", xmlGetLineNo(d));
            continue;
        }
        pm_date h = pm_date_from_ymd((int)y, (int)m, (int)day);
        pm_date_range *v =
            realloc(cal->holidays, (size_t)(cal->n_holidays + 1) * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        v[cal->n_holidays++] = (pm_date_range){h, h};
        cal->holidays = v;
        pm_fidelity_note(c->fid, PM_FID_KEPT, "holidays", NULL);
    }
}

/* GanttProject priorities: 3 lowest, 0 low, 1 normal, 2 high, 4 highest. */
static int priority_of(long g)
{
    static const int map[] = {3, 2, 1, 4, 0};
    return g >= 0 && g <= 4 ? map[g] : 2;
}

static void read_tasks(gctx *c, const xmlNode *parent_node, int parent,
                       int depth)
{
    for (xmlNode *x = parent_node ? parent_node->children : NULL; x;
         x = x->next) {
        if (!pm_xml_is(x, "task") || c->oom) {
            continue;
        }
        char id[64], name[1024];
        pm_xml_attr(x, "id", id, sizeof id);
        pm_xml_attr(x, "name", name, sizeof name);
        pm_loc l = at(c, x);
        if (!id[0] || depth > 60) {
            pm_diag_error(c->diag, &l,
                          depth > 60 ? "tasks nest too deeply"
                                     : "task has no id");
            continue;
        }
        pm_task *t = pm_project_add_task(c->p);
        if (!t) {
            c->oom = true;
            return;
        }
        int ti = c->p->n_tasks - 1;
        t->id = strdup(id);
        t->name = strdup(name[0] ? name : id);
        t->loc = l;
        t->parent = parent;
        if (!t->id || !t->name) {
            c->oom = true;
            return;
        }
        if (pm_strindex_add(&c->tix, t->id, ti) == 1) {
            pm_diag_error(c->diag, &l, "duplicate task id '%s'", id);
        }
        char buf[16];
        t->milestone =
            strcmp(pm_xml_attr(x, "meeting", buf, sizeof buf), "true") == 0;
        long dur = pm_xml_attr_long(x, "duration", 0);
        t->duration = t->milestone || dur < 0 ? 0 : (int)dur;
        t->priority = priority_of(pm_xml_attr_long(x, "priority", 1));
        pm_date start = attr_date(x, "start");
        if (start != PM_NO_DATE) {
            t->release = start;
            if (c->p->start == PM_NO_DATE || start < c->p->start) {
                c->p->start = start;
            }
        }
        if (pm_xml_attr_long(x, "complete", 0) > 0) {
            pm_fidelity_note(c->fid, PM_FID_DROPPED,
                             "% complete (a .gan file has no status date; "
                             "give progress with --progress)",
                             "'%s' %ld%%", t->name,
                             pm_xml_attr_long(x, "complete", 0));
        }
        pm_fidelity_note(c->fid, PM_FID_KEPT,
                         "tasks (name, nesting, duration, priority)", NULL);
        pm_fidelity_note(c->fid, PM_FID_APPROX,
                         "task start dates, kept as 'not before' dates", NULL);
        read_tasks(c, x, ti, depth + 1);
    }
}

/* <depend id="SUCC" type="1..4" difference="LAG"> inside the predecessor. */
static void read_depends(gctx *c, const xmlNode *parent_node)
{
    static const pm_dep_type types[] = {PM_DEP_FS, PM_DEP_SS, PM_DEP_FS,
                                        PM_DEP_FF, PM_DEP_SF};
    for (xmlNode *x = parent_node ? parent_node->children : NULL; x;
         x = x->next) {
        if (!pm_xml_is(x, "task")) {
            continue;
        }
        char id[64], sid[64], hard[32];
        int pred =
            pm_strindex_find(&c->tix, pm_xml_attr(x, "id", id, sizeof id));
        for (xmlNode *d = x->children; d && pred >= 0; d = d->next) {
            if (!pm_xml_is(d, "depend")) {
                continue;
            }
            pm_loc l = at(c, d);
            int succ = pm_strindex_find(&c->tix,
                                        pm_xml_attr(d, "id", sid, sizeof sid));
            if (succ < 0) {
                pm_diag_error(c->diag, &l,
                              "dependency of task '%s' names task id '%s', "
                              "which is no task",
                              id, sid);
                continue;
            }
            long type = pm_xml_attr_long(d, "type", 2);
            long lag = pm_xml_attr_long(d, "difference", 0);
            if (lag > 36500 || lag < -36500) {
                pm_diag_error(c->diag, &l, "dependency lag %ld is too large",
                              lag);
                continue;
            }
            pm_dep *dep = pm_project_add_dep(c->p);
            if (!dep) {
                c->oom = true;
                return;
            }
            dep->pred = pred;
            dep->succ = succ;
            dep->type = type >= 1 && type <= 4 ? types[type] : PM_DEP_FS;
            dep->lag = (int)lag;
            dep->loc = l;
            pm_fidelity_note(c->fid, PM_FID_KEPT,
                             "dependencies (all four types, with lags)", NULL);
            if (strcmp(pm_xml_attr(d, "hardness", hard, sizeof hard),
                       "Rubber") == 0) {
                pm_fidelity_note(c->fid, PM_FID_APPROX,
                                 "'rubber' dependencies, kept as strong ones",
                                 "'%s' -> '%s'", id, sid);
            }
        }
        read_depends(c, x);
    }
}

static void read_resources(gctx *c, const xmlNode *root)
{
    char id[64], rid[80], name[512];
    for (xmlNode *r = pm_xml_child(pm_xml_child(root, "resources"), "resource");
         r; r = r->next) {
        if (!pm_xml_is(r, "resource")) {
            continue;
        }
        pm_xml_attr(r, "id", id, sizeof id);
        pm_xml_attr(r, "name", name, sizeof name);
        snprintf(rid, sizeof rid, "r%s", id);
        pm_resource *res = pm_project_add_resource(c->p);
        if (!res) {
            c->oom = true;
            return;
        }
        res->id = strdup(rid);
        res->name = strdup(name[0] ? name : rid);
        res->max_units = 100;
        res->loc = at(c, r);
        if (!res->id || !res->name) {
            c->oom = true;
            return;
        }
        if (pm_strindex_add(&c->rix, res->id, c->p->n_resources - 1) == 1) {
            pm_loc l = at(c, r);
            pm_diag_error(c->diag, &l, "duplicate resource id '%s'", id);
        }
        pm_fidelity_note(c->fid, PM_FID_KEPT, "resources", NULL);
    }
    for (xmlNode *v = pm_xml_child(pm_xml_child(root, "vacations"), "vacation");
         v; v = v->next) {
        if (!pm_xml_is(v, "vacation")) {
            continue;
        }
        char buf[64];
        snprintf(rid, sizeof rid, "r%s",
                 pm_xml_attr(v, "resourceid", buf, sizeof buf));
        int k = pm_strindex_find(&c->rix, rid);
        pm_date a = attr_date(v, "start"), b = attr_date(v, "end");
        pm_loc l = at(c, v);
        if (k < 0 || a == PM_NO_DATE || b == PM_NO_DATE || b < a) {
            pm_diag_error(c->diag, &l,
                          k < 0 ? "vacation of resource '%s', "
                                  "which is no resource"
                                : "vacation of '%s' has no "
                                  "valid start and end",
                          buf);
            continue;
        }
        pm_resource *res = &c->p->resources[k];
        pm_date_range *vv = realloc(
            res->vacations, (size_t)(res->n_vacations + 1) * sizeof *vv);
        if (!vv) {
            c->oom = true;
            return;
        }
        /* GanttProject's end date is the first day back */
        vv[res->n_vacations++] = (pm_date_range){a, b > a ? b - 1 : a};
        res->vacations = vv;
        pm_fidelity_note(c->fid, PM_FID_KEPT, "vacations", NULL);
    }
}

static void read_allocations(gctx *c, const xmlNode *root)
{
    char tid[64], rid[80], buf[64];
    for (xmlNode *a =
             pm_xml_child(pm_xml_child(root, "allocations"), "allocation");
         a; a = a->next) {
        if (!pm_xml_is(a, "allocation")) {
            continue;
        }
        pm_loc l = at(c, a);
        int t = pm_strindex_find(&c->tix,
                                 pm_xml_attr(a, "task-id", tid, sizeof tid));
        snprintf(rid, sizeof rid, "r%s",
                 pm_xml_attr(a, "resource-id", buf, sizeof buf));
        int r = pm_strindex_find(&c->rix, rid);
        if (t < 0 || r < 0) {
            pm_diag_error(c->diag, &l,
                          t < 0 ? "allocation names task id '%s', which is "
                                  "no task"
                                : "allocation names resource id '%s', which "
                                  "is no resource",
                          t < 0 ? tid : buf);
            continue;
        }
        pm_task *task = &c->p->tasks[t];
        bool summary = false;
        for (int k = t + 1; k < c->p->n_tasks && !summary; k++) {
            summary = c->p->tasks[k].parent == t;
        }
        if (summary) {
            pm_fidelity_note(c->fid, PM_FID_DROPPED,
                             "allocations on summary tasks", "'%s'",
                             task->name);
            continue;
        }
        char load[32];
        double l2 = strtod(pm_xml_attr(a, "load", load, sizeof load), NULL);
        int units = l2 > 0 && l2 <= 100 ? (int)(l2 + 0.5) : 100;
        if (pm_task_add_need(task, r, -1, units, l) != PM_OK) {
            c->oom = true;
            return;
        }
        if (strcmp(pm_xml_attr(a, "responsible", buf, sizeof buf), "true") ==
            0) {
            task->owner = r;
        }
        pm_fidelity_note(c->fid, PM_FID_KEPT, "allocations (with load)", NULL);
    }
}

int pm_import_gan(pm_project **out, const char *path, pm_fidelity *fid,
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
    p->start = PM_NO_DATE;
    xmlNode *root = xmlDocGetRootElement(doc);
    gctx c = {file, p, fid, diag, PM_STRINDEX_INIT, PM_STRINDEX_INIT, false};
    if (!pm_xml_is(root, "project")) {
        pm_loc l = {file, root ? (int)xmlGetLineNo(root) : 1, 1};
        pm_diag_error(diag, &l,
                      "not a GanttProject file (the root element is not "
                      "<project>)");
    } else {
        char name[512];
        pm_xml_attr(root, "name", name, sizeof name);
        p->name = strdup(name[0] ? name : path);
        read_calendar(&c, root);
        read_resources(&c, root);
        read_tasks(&c, pm_xml_child(root, "tasks"), -1, 0);
        /* A summary's duration and start follow from its subtasks. */
        for (int i = 0; i < p->n_tasks; i++) {
            if (p->tasks[i].parent >= 0) {
                pm_task *par = &p->tasks[p->tasks[i].parent];
                par->duration = 0;
                par->milestone = false;
                par->release = PM_NO_DATE;
            }
        }
        read_depends(&c, pm_xml_child(root, "tasks"));
        read_allocations(&c, root);
        if (p->start == PM_NO_DATE) {
            p->start = pm_date_from_ymd(2000, 1, 3);
            pm_fidelity_note(fid, PM_FID_KEPT, "an empty project (no tasks)",
                             NULL);
        }
    }
    pm_strindex_reset(&c.tix);
    pm_strindex_reset(&c.rix);
    xmlFreeDoc(doc);
    return pm_reader_done(out, p, PM_OK, c.oom, errors, diag);
}
