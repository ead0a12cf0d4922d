/* import/yaml.c - the native YAML project file (docs/project-format.md).
 *
 * The document is read into a tree that keeps where each value starts
 * (yaml_tree.c), then walked against the schema: unknown keys are errors,
 * every value is checked (yaml_walk.c), references are resolved once all
 * ids are known. This file reads the calendar, pools, people and tasks;
 * yaml_registers.c the risks and change requests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/units.h"
#include "import/yaml_impl.h"

static int cmp_range(const void *a, const void *b)
{
    const pm_date_range *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

static void add_workday(yctx *c, const ynode *n, void *arg)
{
    unsigned *mask = arg;
    const char *s = pm_yaml_scalar(c, n, "workday");
    int w;
    if (!s) {
        return;
    }
    if (!pm_parse_weekday(s, &w)) {
        pm_loc l = pm_yaml_at(c, n);
        pm_diag_error(c->diag, &l,
                      "workday '%.40s' is not valid (expected mon, tue, wed, "
                      "thu, fri, sat or sun)",
                      s);
        return;
    }
    *mask |= 1u << w;
}

static void read_calendar(yctx *c, const ynode *n)
{
    static const char *const keys[] = {"workdays", "hours_per_day", "holidays",
                                       "granularity", NULL};
    if (!pm_yaml_check_map(c, n, "calendar", keys)) {
        return;
    }
    pm_calendar *cal = &c->p->cal;
    const ynode *v;
    if ((v = pm_yaml_get(n, "workdays"))) {
        unsigned mask = 0;
        int before = c->diag->n_errors;
        pm_yaml_each(c, v, add_workday, &mask);
        if (mask == 0 && c->diag->n_errors == before) {
            pm_loc l = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &l, "the calendar has no working day");
        }
        cal->workdays = mask;
    }
    if ((v = pm_yaml_get(n, "hours_per_day"))) {
        const char *s = pm_yaml_scalar(c, v, "hours_per_day");
        double h;
        if (s && (!pm_parse_number(s, 1, 24, &h) || h != (int)h)) {
            pm_loc l = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &l,
                          "hours_per_day '%.40s' is not valid (expected a "
                          "whole number from 1 to 24)",
                          s);
        } else if (s) {
            cal->hours_per_day = (int)h;
        }
    }
    if ((v = pm_yaml_get(n, "holidays"))) {
        pm_yaml_ranges(c, v, "holiday", &cal->holidays, &cal->n_holidays);
        if (cal->n_holidays > 1) {
            qsort(cal->holidays, (size_t)cal->n_holidays, sizeof *cal->holidays,
                  cmp_range);
        }
    }
    cal->slots_per_day = 1;
    if ((v = pm_yaml_get(n, "granularity"))) {
        const char *s = pm_yaml_scalar(c, v, "granularity");
        if (s && strcmp(s, "day") == 0) {
            cal->slots_per_day = 1;
        } else if (s && strcmp(s, "halfday") == 0) {
            cal->slots_per_day = 2;
        } else if (s && strcmp(s, "hour") == 0) {
            cal->slots_per_day = -1; /* set below from hours_per_day */
        } else if (s) {
            pm_loc l = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &l,
                          "granularity '%.40s' is not valid (expected day, "
                          "halfday or hour)",
                          s);
        }
    }
    if (cal->slots_per_day < 0) {
        cal->slots_per_day = cal->hours_per_day;
    }
}

static void read_pool(yctx *c, const ynode *n, void *arg)
{
    (void)arg;
    static const char *const keys[] = {"id", "name", "outsourcing", NULL};
    static const char *const okeys[] = {"max_units", "cost_per_day", NULL};
    if (!pm_yaml_check_map(c, n, "pool", keys)) {
        return;
    }
    const ynode *v = pm_yaml_get(n, "id");
    const char *id;
    if (!v) {
        pm_loc l = pm_yaml_at(c, n);
        pm_diag_error(c->diag, &l, "pool has no 'id'");
        return;
    }
    if (!pm_yaml_id(c, v, "pool id", &id)) {
        return;
    }
    pm_pool *pool = pm_project_add_pool(c->p);
    if (!pool) {
        c->oom = 1;
        return;
    }
    pool->loc = pm_yaml_at(c, n);
    pool->id = pm_yaml_dup(c, id);
    const ynode *nm = pm_yaml_get(n, "name");
    const char *name = nm ? pm_yaml_scalar(c, nm, "pool name") : NULL;
    pool->name = pm_yaml_dup(c, name ? name : id);
    if (pool->id && pm_strindex_add(&c->pix, pool->id, c->p->n_pools - 1)) {
        pm_loc l = pm_yaml_at(c, v);
        pm_diag_error(c->diag, &l, "duplicate pool id '%s'", id);
    }
    if ((v = pm_yaml_get(n, "outsourcing")) &&
        pm_yaml_check_map(c, v, "outsourcing", okeys)) {
        const ynode *m = pm_yaml_get(v, "max_units");
        const char *s = m ? pm_yaml_scalar(c, m, "max_units") : NULL;
        if (s && !pm_parse_units(s, &pool->outsource_max)) {
            pm_loc l = pm_yaml_at(c, m);
            pm_diag_error(c->diag, &l,
                          "max_units '%.40s' is not valid (expected e.g. "
                          "'2' or '50%%')",
                          s);
        }
        pm_yaml_amount(c, pm_yaml_get(v, "cost_per_day"), "cost_per_day",
                       &pool->outsource_cost_per_day);
    }
}

static void add_member_pool(yctx *c, const ynode *n, void *arg)
{
    pm_resource *r = &c->p->resources[*(int *)arg];
    const char *id;
    if (!pm_yaml_id(c, n, "pool", &id)) {
        return;
    }
    int k = pm_strindex_find(&c->pix, id);
    if (k < 0) {
        pm_loc l = pm_yaml_at(c, n);
        pm_diag_error(c->diag, &l, "unknown pool '%s'", id);
        return;
    }
    int *v = realloc(r->pools, (size_t)(r->n_pools + 1) * sizeof *v);
    if (!v) {
        c->oom = 1;
        return;
    }
    v[r->n_pools++] = k;
    r->pools = v;
}

static void read_resource(yctx *c, const ynode *n, void *arg)
{
    (void)arg;
    static const char *const keys[] = {
        "id",           "name",      "pools",        "reserve",
        "cost_per_day", "vacations", "availability", NULL};
    if (!pm_yaml_check_map(c, n, "resource", keys)) {
        return;
    }
    const ynode *v = pm_yaml_get(n, "id");
    const char *id;
    if (!v) {
        pm_loc l = pm_yaml_at(c, n);
        pm_diag_error(c->diag, &l, "resource has no 'id'");
        return;
    }
    if (!pm_yaml_id(c, v, "resource id", &id)) {
        return;
    }
    pm_resource *r = pm_project_add_resource(c->p);
    if (!r) {
        c->oom = 1;
        return;
    }
    int idx = c->p->n_resources - 1;
    r->loc = pm_yaml_at(c, n);
    r->id = pm_yaml_dup(c, id);
    const ynode *nm = pm_yaml_get(n, "name");
    const char *name = nm ? pm_yaml_scalar(c, nm, "resource name") : NULL;
    r->name = pm_yaml_dup(c, name ? name : id);
    if (r->id && pm_strindex_add(&c->rix, r->id, idx)) {
        pm_loc l = pm_yaml_at(c, v);
        pm_diag_error(c->diag, &l, "duplicate resource id '%s'", id);
    }
    if ((v = pm_yaml_get(n, "pools"))) {
        pm_yaml_each(c, v, add_member_pool, &idx);
    }
    r = &c->p->resources[idx];
    const char *s;
    if ((v = pm_yaml_get(n, "reserve")) &&
        (s = pm_yaml_scalar(c, v, "reserve")) &&
        !pm_parse_percent(s, &r->reserve)) {
        pm_loc l = pm_yaml_at(c, v);
        pm_diag_error(c->diag, &l,
                      "reserve '%.40s' is not valid (expected a percentage "
                      "such as '15%%')",
                      s);
    }
    if ((v = pm_yaml_get(n, "availability")) &&
        (s = pm_yaml_scalar(c, v, "availability"))) {
        int u = 0;
        if (!pm_parse_percent(s, &u) || u == 0) {
            pm_loc l = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &l,
                          "availability '%.40s' is not valid (expected a "
                          "percentage from 1%% to 100%%)",
                          s);
        } else {
            r->max_units = u;
        }
    }
    pm_yaml_amount(c, pm_yaml_get(n, "cost_per_day"), "cost_per_day",
                   &r->cost_per_day);
    if ((v = pm_yaml_get(n, "vacations"))) {
        pm_yaml_ranges(c, v, "vacation", &r->vacations, &r->n_vacations);
    }
}

static void read_need(yctx *c, const ynode *n, void *arg)
{
    int ti = *(int *)arg;
    static const char *const keys[] = {"resource", "pool", "units", NULL};
    if (!pm_yaml_check_map(c, n, "need", keys)) {
        return;
    }
    const ynode *rv = pm_yaml_get(n, "resource"), *pv = pm_yaml_get(n, "pool");
    const char *id;
    int res = -1, pool = -1, units = -1;
    pm_loc l = pm_yaml_at(c, n);
    if ((rv != NULL) == (pv != NULL)) {
        pm_diag_error(c->diag, &l,
                      "a need names either a 'resource' or a 'pool'");
        return;
    }
    if (rv) {
        if (!pm_yaml_id(c, rv, "resource", &id)) {
            return;
        }
        if ((res = pm_strindex_find(&c->rix, id)) < 0) {
            pm_loc lr = pm_yaml_at(c, rv);
            pm_diag_error(c->diag, &lr, "unknown resource '%s'", id);
            return;
        }
    } else {
        if (!pm_yaml_id(c, pv, "pool", &id)) {
            return;
        }
        if ((pool = pm_strindex_find(&c->pix, id)) < 0) {
            pm_loc lp = pm_yaml_at(c, pv);
            pm_diag_error(c->diag, &lp, "unknown pool '%s'", id);
            return;
        }
    }
    const ynode *uv = pm_yaml_get(n, "units");
    const char *s;
    if (uv && (s = pm_yaml_scalar(c, uv, "units")) &&
        !pm_parse_units(s, &units)) {
        pm_loc lu = pm_yaml_at(c, uv);
        pm_diag_error(c->diag, &lu,
                      "units '%.40s' is not valid (expected e.g. '2', '0.5' "
                      "or '50%%')",
                      s);
        return;
    }
    if (pm_task_add_need(&c->p->tasks[ti], res, pool, units, l) != PM_OK) {
        c->oom = 1;
    }
}

static void read_after(yctx *c, const ynode *n, void *arg)
{
    int ti = *(int *)arg;
    static const char *const keys[] = {"task", "type", "lag", NULL};
    pm_loc l = pm_yaml_at(c, n);
    if (n->kind == Y_SCALAR) {
        if (pm_raw_deps_add(&c->deps, ti, n->text, l) != PM_OK) {
            c->oom = 1;
        }
        return;
    }
    if (!pm_yaml_check_map(c, n, "dependency", keys)) {
        return;
    }
    const ynode *tv = pm_yaml_get(n, "task"), *yv = pm_yaml_get(n, "type"),
                *lv = pm_yaml_get(n, "lag");
    const char *id, *type = "FS", *lag = "+0d";
    if (!tv) {
        pm_diag_error(c->diag, &l, "dependency has no 'task'");
        return;
    }
    if (!pm_yaml_id(c, tv, "task", &id) ||
        (yv && !(type = pm_yaml_scalar(c, yv, "type"))) ||
        (lv && !(lag = pm_yaml_scalar(c, lv, "lag")))) {
        return;
    }
    pm_dep_type t;
    if (!pm_parse_dep_type(type, &t)) {
        pm_loc ly = pm_yaml_at(c, yv);
        pm_diag_error(c->diag, &ly,
                      "dependency type '%.20s' is not valid (expected FS, "
                      "SS, FF or SF)",
                      type);
        return;
    }
    int slots;
    if (!pm_parse_duration(lag, &c->p->cal, true, &slots)) {
        pm_loc ll = pm_yaml_at(c, lv);
        pm_diag_error(c->diag, &ll,
                      "lag '%.40s' is not valid (expected e.g. '3d', '-1d', "
                      "'4h')",
                      lag);
        return;
    }
    char text[256];
    snprintf(text, sizeof text, "%s %s%s%s", id, pm_dep_type_name(t),
             (lag[0] == '-' || lag[0] == '+') ? "" : "+", lag);
    if (pm_raw_deps_add(&c->deps, ti, text, l) != PM_OK) {
        c->oom = 1;
    }
}

static void read_task_list(yctx *c, const ynode *n, int parent, int depth);

static void read_task(yctx *c, const ynode *n, int parent, int depth)
{
    static const char *const keys[] = {
        "id",        "name",     "children", "duration", "effort",
        "milestone", "owner",    "needs",    "after",    "priority",
        "release",   "deadline", "start",    "notes",    "estimate", NULL};
    if (!pm_yaml_check_map(c, n, "task", keys)) {
        return;
    }
    const ynode *v = pm_yaml_get(n, "id");
    const char *id;
    pm_loc l = pm_yaml_at(c, n);
    if (!v) {
        pm_diag_error(c->diag, &l, "task has no 'id'");
        return;
    }
    if (!pm_yaml_id(c, v, "task id", &id)) {
        return;
    }
    pm_task *t = pm_project_add_task(c->p);
    if (!t) {
        c->oom = 1;
        return;
    }
    int ti = c->p->n_tasks - 1;
    t->loc = l;
    t->parent = parent;
    t->id = pm_yaml_dup(c, id);
    const ynode *nm = pm_yaml_get(n, "name");
    const char *name = nm ? pm_yaml_scalar(c, nm, "task name") : NULL;
    t->name = pm_yaml_dup(c, name ? name : id);
    if (t->id && pm_strindex_add(&c->tix, t->id, ti) == 1) {
        pm_loc lv = pm_yaml_at(c, v);
        const pm_loc *at = &c->p->tasks[pm_strindex_find(&c->tix, id)].loc;
        if (at->file && lv.file && strcmp(at->file, lv.file) != 0) {
            pm_diag_error(c->diag, &lv,
                          "duplicate task id '%s' (first defined at %s:%d)",
                          id, at->file, at->line);
        } else {
            pm_diag_error(c->diag, &lv,
                          "duplicate task id '%s' (first defined at line %d)",
                          id, at->line);
        }
    }
    const char *s;
    if ((v = pm_yaml_get(n, "duration")) &&
        (s = pm_yaml_scalar(c, v, "duration")) &&
        !pm_parse_duration(s, &c->p->cal, false, &t->duration)) {
        pm_loc lv = pm_yaml_at(c, v);
        pm_diag_error(c->diag, &lv,
                      "duration '%.40s' is not valid (expected e.g. '3d', "
                      "'4h', '2w')",
                      s);
    }
    if ((v = pm_yaml_get(n, "effort")) &&
        (s = pm_yaml_scalar(c, v, "effort"))) {
        int slots;
        if (!pm_parse_duration(s, &c->p->cal, false, &slots) || slots == 0) {
            pm_loc lv = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &lv,
                          "effort '%.40s' is not valid (expected e.g. '15d' "
                          "or '40h')",
                          s);
        } else if (pm_yaml_get(n, "duration")) {
            pm_loc lv = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &lv,
                          "task '%s' gives both duration and effort; give "
                          "one",
                          id);
        } else {
            t->effort = slots * 100;
        }
    }
    if ((v = pm_yaml_get(n, "estimate")) &&
        (s = pm_yaml_scalar(c, v, "estimate"))) {
        const char *why;
        if (!pm_parse_estimate(s, &c->p->cal, t->estimate, &why)) {
            pm_loc lv = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &lv, "estimate '%.40s' is not valid: %s",
                          s, why);
            memset(t->estimate, 0, sizeof t->estimate);
        }
    }
    if ((v = pm_yaml_get(n, "milestone"))) {
        pm_yaml_bool(c, v, "milestone", &t->milestone);
    }
    if ((v = pm_yaml_get(n, "owner")) && pm_yaml_id(c, v, "owner", &s)) {
        t->owner = pm_strindex_find(&c->rix, s);
        if (t->owner < 0) {
            pm_loc lv = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &lv, "unknown resource '%s' in owner", s);
        }
    }
    if ((v = pm_yaml_get(n, "priority")) &&
        (s = pm_yaml_scalar(c, v, "priority")) &&
        !pm_parse_priority(s, &t->priority)) {
        pm_loc lv = pm_yaml_at(c, v);
        pm_diag_error(c->diag, &lv,
                      "priority '%.20s' is not valid (expected P0 to P4)", s);
    }
    if ((v = pm_yaml_get(n, "release"))) {
        pm_yaml_date(c, v, "release", &t->release);
    }
    if ((v = pm_yaml_get(n, "deadline"))) {
        pm_yaml_date(c, v, "deadline", &t->deadline);
    }
    if ((v = pm_yaml_get(n, "start"))) {
        pm_yaml_date(c, v, "start", &t->fixed_start);
    }
    if ((v = pm_yaml_get(n, "notes"))) {
        pm_yaml_scalar(c, v, "notes");
    }
    if ((v = pm_yaml_get(n, "needs"))) {
        pm_yaml_each(c, v, read_need, &ti);
    }
    if ((v = pm_yaml_get(n, "after"))) {
        pm_yaml_each(c, v, read_after, &ti);
    }
    if ((v = pm_yaml_get(n, "children"))) {
        read_task_list(c, v, ti, depth + 1);
    }
}

static void read_task_list(yctx *c, const ynode *n, int parent, int depth)
{
    pm_loc l = pm_yaml_at(c, n);
    if (depth > 20) {
        pm_diag_error(c->diag, &l, "the WBS is nested more than 20 levels");
        return;
    }
    if (n->kind != Y_SEQ) {
        pm_diag_error(c->diag, &l, "tasks must be a list, not %s",
                      pm_yaml_kind(n));
        return;
    }
    for (int i = 0; i < n->n && !c->oom; i++) {
        read_task(c, n->kids[i], parent, depth);
    }
}

/* Path of a file named in the project file, relative to its folder. */
static char *relative_path(const char *base, const char *name)
{
    char *out = NULL;
    const char *slash = strrchr(base, '/');
    if (name[0] == '/' || !slash) {
        return strdup(name);
    }
    if (asprintf(&out, "%.*s/%s", (int)(slash - base), base, name) < 0) {
        return NULL;
    }
    return out;
}

static void read_root(yctx *c, const ynode *root)
{
    static const char *const keys[] = {
        "project",   "start",      "calendar",    "pools",         "resources",
        "tasks",     "tasks_csv",  "status_date", "risks",         "changes",
        "deadlines", "priorities", "budget",      "cost_of_delay", "language",
        "scenarios", NULL};
    if (!pm_yaml_check_map(c, root, "the project file", keys)) {
        return;
    }
    pm_project *p = c->p;
    const ynode *v = pm_yaml_get(root, "project");
    const char *s;
    pm_loc l = pm_yaml_at(c, root);
    if (!v) {
        pm_diag_error(c->diag, &l, "the project file has no 'project' name");
    } else if ((s = pm_yaml_scalar(c, v, "project"))) {
        p->name = pm_yaml_dup(c, s);
    }
    if (!(v = pm_yaml_get(root, "start"))) {
        pm_diag_error(c->diag, &l, "the project file has no 'start' date");
    } else {
        pm_yaml_date(c, v, "start", &p->start);
    }
    if ((v = pm_yaml_get(root, "status_date"))) {
        pm_yaml_date(c, v, "status_date", &p->status_date);
    }
    static const char *const modes[] = {"soft", "hard", NULL};
    if ((v = pm_yaml_get(root, "deadlines"))) {
        p->hard_deadlines = pm_yaml_match_word(c, v, "deadlines", modes) == 1;
    }
    static const char *const rules[] = {"strict", "finish", NULL};
    if ((v = pm_yaml_get(root, "priorities"))) {
        p->finish_first = pm_yaml_match_word(c, v, "priorities", rules) == 1;
    }
    static const char *const languages[] = {"en", "zh", NULL};
    if ((v = pm_yaml_get(root, "language"))) {
        int k = pm_yaml_match_word(c, v, "language", languages);
        p->language = k == 1 ? PM_LANG_ZH : PM_LANG_EN;
    }
    pm_yaml_amount(c, pm_yaml_get(root, "budget"), "budget", &p->budget);
    pm_yaml_amount(c, pm_yaml_get(root, "cost_of_delay"), "cost_of_delay",
                   &p->cost_of_delay);
    if ((v = pm_yaml_get(root, "calendar"))) {
        read_calendar(c, v);
    }
    if ((v = pm_yaml_get(root, "pools"))) {
        if (v->kind != Y_SEQ) {
            pm_loc lv = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &lv, "pools must be a list");
        } else {
            pm_yaml_each(c, v, read_pool, NULL);
        }
    }
    if ((v = pm_yaml_get(root, "resources"))) {
        if (v->kind != Y_SEQ) {
            pm_loc lv = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &lv, "resources must be a list");
        } else {
            pm_yaml_each(c, v, read_resource, NULL);
        }
    }
    const ynode *csv = pm_yaml_get(root, "tasks_csv");
    if ((v = pm_yaml_get(root, "tasks"))) {
        if (csv) {
            pm_loc lv = pm_yaml_at(c, csv);
            pm_diag_error(c->diag, &lv,
                          "give either 'tasks' or 'tasks_csv', not both");
        }
        read_task_list(c, v, -1, 0);
        if (v->kind == Y_SEQ && v->n == 0) {
            pm_loc lv = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &lv, "the project has no tasks");
        }
    } else if (csv && (s = pm_yaml_scalar(c, csv, "tasks_csv"))) {
        char *path = relative_path(c->path, s);
        if (!path) {
            c->oom = 1;
        } else if (c->diag->n_errors == 0) {
            int rc = pm_csv_read_tasks(p, path, &c->tix, &c->deps, c->diag);
            if (rc == PM_ENOMEM) {
                c->oom = 1;
            } else if (rc == PM_EIO) {
                pm_loc lv = pm_yaml_at(c, csv);
                pm_diag_note(c->diag, &lv, "named here");
            }
        }
        free(path);
    } else if (!csv) {
        pm_diag_error(c->diag, &l, "the project file has no 'tasks'");
    }
    pm_yaml_read_registers(c, root);
}

int pm_import_yaml_text(pm_project **out, const char *name, const char *text,
                        size_t len, pm_diag *diag)
{
    return pm_import_yaml_text_as(out, name, text, len, NULL, diag);
}

/* Points the nodes' file names at copies the project keeps, so that the
 * places in the model outlive the tree and the caller's strings. */
typedef struct {
    const char *from, *to;
} file_home;

static void rehome(yctx *c, ynode *n, file_home *h)
{
    if (!n) {
        return;
    }
    if (n->file && n->file != h->from) {
        h->from = n->file;
        h->to = strcmp(n->file, c->file) == 0
                    ? c->file
                    : pm_project_keep(c->p, n->file);
        c->oom |= !h->to;
    }
    n->file = h->to ? h->to : c->file;
    for (int i = 0; i < n->n; i++) {
        rehome(c, n->kids[i], h);
    }
}

int pm_yaml_read_project(pm_project **out, const char *name, ynode *root,
                         const char *scenario, pm_diag *diag)
{
    *out = NULL;
    yctx c = {.diag = diag, .path = name};
    c.p = pm_project_new();
    if (!c.p) {
        return PM_ENOMEM;
    }
    c.p->source = strdup(name);
    c.file = c.p->source;
    if (!c.file) {
        pm_project_free(c.p);
        return PM_ENOMEM;
    }
    int errors = diag->n_errors, rc = PM_OK;
    ynode grave = {.kind = Y_SEQ};
    if (!root) {
        pm_loc l = {c.file, 1, 1};
        pm_diag_error(diag, &l, "the project file is empty");
        rc = PM_EINPUT;
    }
    if (rc == PM_OK) {
        file_home h = {NULL, NULL};
        rehome(&c, root, &h);
        rc = c.oom ? PM_ENOMEM : PM_OK;
    }
    if (rc == PM_OK) {
        rc = pm_yaml_scenarios(&c, root, scenario, &grave);
    }
    if (rc == PM_OK) {
        read_root(&c, root);
        if (!c.oom && diag->n_errors == errors) {
            rc = pm_raw_deps_resolve(c.p, &c.deps, &c.tix, diag);
        }
        if (rc == PM_OK && !c.oom && diag->n_errors == errors) {
            rc = pm_project_finish(c.p, diag);
        }
        if (c.oom) {
            rc = PM_ENOMEM;
        } else if (rc == PM_OK && diag->n_errors > errors) {
            rc = PM_EINPUT;
        }
    }
    for (int i = 0; i < grave.n; i++) {
        pm_ytree_free(grave.kids[i]);
    }
    free(grave.kids);
    pm_raw_deps_reset(&c.deps);
    pm_strindex_reset(&c.tix);
    pm_strindex_reset(&c.rix);
    pm_strindex_reset(&c.pix);
    if (rc != PM_OK) {
        pm_project_free(c.p);
        return rc;
    }
    *out = c.p;
    return PM_OK;
}

int pm_import_yaml_text_as(pm_project **out, const char *name,
                           const char *text, size_t len, const char *scenario,
                           pm_diag *diag)
{
    *out = NULL;
    int line, col;
    if (!pm_utf8_check(text, len, &line, &col)) {
        pm_loc l = {name, line, col};
        pm_diag_error(diag, &l, "the file is not valid UTF-8");
        return PM_EINPUT;
    }
    ynode *root = NULL;
    int rc = pm_ytree_read(&root, name, text, len, diag);
    if (rc == PM_OK) {
        rc = pm_yaml_read_project(out, name, root, scenario, diag);
    }
    pm_ytree_free(root);
    return rc;
}

int pm_import_yaml(pm_project **out, const char *path, pm_diag *diag)
{
    return pm_import_yaml_as(out, path, NULL, diag);
}

int pm_import_yaml_as(pm_project **out, const char *path, const char *scenario,
                      pm_diag *diag)
{
    char *text;
    size_t len;
    *out = NULL;
    int rc = pm_read_file(&text, &len, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    rc = pm_import_yaml_text_as(out, path, text, len, scenario, diag);
    free(text);
    return rc;
}
