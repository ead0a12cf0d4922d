/* planner/runs/rebuild.c - a stored run turned back into a project and its
 * schedule, so that 'planner gantt|report --run N' draws exactly what that
 * run drew (history.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/calendar.h"
#include "planner/runs/history.h"
#include "planner/model/strindex.h"

typedef struct {
    pm_project *p;
    pm_strindex rix;  /* resource id -> index */
    bool oom;
} rctx;

static char *dup(rctx *c, const char *s)
{
    char *d = strdup(s ? s : "");
    c->oom |= !d;
    return d;
}

/* The index of resource id, added with name when new. */
static int person(rctx *c, const char *id, const char *name)
{
    int k = pm_strindex_find(&c->rix, id);
    if (k >= 0 || c->oom) {
        return k;
    }
    pm_resource *r = pm_project_add_resource(c->p);
    if (!r) {
        c->oom = true;
        return -1;
    }
    r->id = dup(c, id);
    r->name = dup(c, name ? name : id);
    r->max_units = 100;
    k = c->p->n_resources - 1;
    if (r->id && pm_strindex_add(&c->rix, r->id, k) < 0) {
        c->oom = true;
    }
    return k;
}

/* Pools, then people in the project's order with their pools (members
 * derived as pm_project_finish() would). */
static void add_people(rctx *c, const pm_run *r)
{
    pm_project *p = c->p;
    pm_strindex pix = PM_STRINDEX_INIT;
    for (int i = 0; i < r->n_pools && !c->oom; i++) {
        pm_pool *pool = pm_project_add_pool(p);
        if (!pool) {
            c->oom = true;
            break;
        }
        pool->id = dup(c, r->pools[i].id);
        pool->name = dup(c, r->pools[i].name);
        c->oom |= pool->id && pm_strindex_add(&pix, pool->id, i) < 0;
    }
    for (int i = 0; i < r->n_resources && !c->oom; i++) {
        const pm_run_resource *rr = &r->resources[i];
        int k = person(c, rr->id, rr->name);
        if (k < 0) {
            break;
        }
        pm_resource *res = &p->resources[k];
        res->max_units = rr->max_units;
        res->reserve = rr->reserve;
        res->cost_per_day = rr->cost_per_day;
        for (const char *s = rr->pools; s && *s && !c->oom;) {
            size_t n = strcspn(s, ",");
            char *id = strndup(s, n);
            int pi = id ? pm_strindex_find(&pix, id) : -1;
            free(id);
            c->oom |= !id;
            if (pi >= 0) {
                int *v = realloc(res->pools, (size_t)(res->n_pools + 1) *
                                                 sizeof *v);
                int *m = realloc(p->pools[pi].members,
                                 (size_t)(p->pools[pi].n_members + 1) *
                                     sizeof *m);
                if (v) {
                    res->pools = v;
                }
                if (m) {
                    p->pools[pi].members = m;
                }
                if (!v || !m) {
                    c->oom = true;
                    break;
                }
                v[res->n_pools++] = pi;
                m[p->pools[pi].n_members++] = k;
                if (rr->outsourced) {
                    res->outsourced_pool = pi;
                }
            }
            s += n + (s[n] == ',');
        }
    }
    pm_strindex_reset(&pix);
}

static void add_tasks(rctx *c, const pm_run *r, pm_strindex *tix)
{
    pm_project *p = c->p;
    for (int i = 0; i < r->n_tasks && !c->oom; i++) {
        const pm_run_task *rt = &r->tasks[i];
        pm_task *t = pm_project_add_task(p);
        if (!t) {
            c->oom = true;
            return;
        }
        t->id = dup(c, rt->task_id);
        t->name = dup(c, rt->name);
        t->wbs = dup(c, rt->wbs);
        t->parent = rt->parent_id ? pm_strindex_find(tix, rt->parent_id) : -1;
        memcpy(t->estimate, rt->estimate, sizeof t->estimate);
        t->level = t->parent >= 0 ? p->tasks[t->parent].level + 1 : 0;
        if (t->parent >= 0) {
            p->tasks[t->parent].n_children++;
        }
        t->milestone = rt->milestone;
        t->duration = rt->duration;
        t->priority = rt->priority;
        t->deadline = rt->deadline;
        t->actual_start = rt->actual_start;
        t->actual_finish = rt->actual_finish;
        t->percent_complete = rt->percent_complete;
        t->remaining = rt->remaining;
        t->owner = rt->owner_id ? person(c, rt->owner_id, rt->owner_name)
                                : -1;
        if (t->id && pm_strindex_add(tix, t->id, i) < 0) {
            c->oom = true;
        }
    }
}

static void add_deps(rctx *c, const pm_run *r, const pm_strindex *tix)
{
    for (int i = 0; i < r->n_deps && !c->oom; i++) {
        int a = pm_strindex_find(tix, r->deps[i].pred);
        int b = pm_strindex_find(tix, r->deps[i].succ);
        if (a < 0 || b < 0) {
            continue;
        }
        pm_dep *d = pm_project_add_dep(c->p);
        if (!d) {
            c->oom = true;
            return;
        }
        d->pred = a;
        d->succ = b;
        d->type = r->deps[i].type;
        d->lag = r->deps[i].lag;
    }
}

static void add_leaves(rctx *c, const pm_run *r)
{
    for (int i = 0; i < r->n_leaves && !c->oom; i++) {
        const pm_run_leave *l = &r->leaves[i];
        int k = person(c, l->resource_id, l->name);
        if (k < 0) {
            return;
        }
        pm_resource *res = &c->p->resources[k];
        pm_date_range *v = realloc(res->vacations,
                                   (size_t)(res->n_vacations + 1) * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        v[res->n_vacations++] = (pm_date_range){l->first, l->last};
        res->vacations = v;
    }
}

static pm_schedule *rebuild_schedule(rctx *c, const pm_run *r,
                                     const pm_strindex *tix)
{
    pm_schedule *s = pm_schedule_new(r->n_tasks);
    pm_calmap m;
    if (!s || pm_calmap_init(&m, &c->p->cal, c->p->start) != PM_OK) {
        pm_schedule_free(s);
        c->oom = true;
        return NULL;
    }
    for (int i = 0; i < r->n_tasks; i++) {
        const pm_run_task *rt = &r->tasks[i];
        pm_task_sched *ts = &s->tasks[i];
        ts->start = rt->start_slot;
        ts->finish = rt->finish_slot;
        ts->total_float = rt->total_float;
        ts->free_float = rt->free_float;
        ts->critical = rt->critical;
        ts->late = rt->late;
        ts->overdue = rt->overdue;
        ts->driver = rt->driver;
        if (rt->driver == PM_DRIVE_RESOURCES && rt->driver_id) {
            ts->waits_for = pm_strindex_find(tix, rt->driver_id);
        }
    }
    s->assignments = calloc((size_t)r->n_asg + 1, sizeof *s->assignments);
    c->oom |= !s->assignments;
    for (int i = 0; i < r->n_asg && !c->oom; i++) {
        const pm_run_asg *a = &r->asg[i];
        int k = person(c, a->resource_id, a->name);
        s->assignments[s->n_assignments++] = (pm_assignment){
            a->task, k, a->units, pm_calmap_slot_of_date(&m, a->start),
            pm_calmap_slot_of_date(&m, a->finish + 1)};
    }
    pm_schedule_sort_assignments(s); /* runs stored in any order */
    pm_calmap_reset(&m);
    s->makespan = r->makespan;
    s->lower_bound = r->lower_bound;
    s->lateness = r->lateness;
    s->seconds = r->seconds;
    s->status = r->status && strcmp(r->status, "optimal") == 0
                    ? PM_STATUS_OPTIMAL
                    : PM_STATUS_FEASIBLE;
    snprintf(s->solver, sizeof s->solver, "%s", r->solver ? r->solver : "");
    return s;
}

int pm_run_rebuild(pm_project **out_p, pm_schedule **out_s, const pm_run *r)
{
    *out_p = NULL;
    *out_s = NULL;
    rctx c = {pm_project_new(), PM_STRINDEX_INIT, false};
    if (!c.p) {
        return PM_ENOMEM;
    }
    pm_project *p = c.p;
    pm_strindex tix = PM_STRINDEX_INIT;
    p->name = dup(&c, r->project);
    p->source = dup(&c, r->source);
    p->start = r->start;
    p->status_date = r->status_date;
    p->tracked = r->tracked;
    p->language = r->language;
    if (r->scenario) {
        p->scenarios = calloc(1, sizeof *p->scenarios);
        c.oom |= !p->scenarios;
        if (p->scenarios) {
            p->n_scenarios = 1;
            p->scenario = 0;
            p->scenarios[0].id = dup(&c, r->scenario);
            p->scenarios[0].name =
                dup(&c, r->scenario_name ? r->scenario_name : r->scenario);
        }
    }
    free(p->cal.holidays);
    p->cal = r->cal;
    p->cal.holidays = NULL;
    if (r->cal.n_holidays > 0) {
        size_t size = (size_t)r->cal.n_holidays * sizeof *p->cal.holidays;
        p->cal.holidays = malloc(size);
        c.oom |= !p->cal.holidays;
        if (p->cal.holidays) {
            memcpy(p->cal.holidays, r->cal.holidays, size);
        }
    }
    add_people(&c, r);
    add_tasks(&c, r, &tix);
    add_deps(&c, r, &tix);
    add_leaves(&c, r);
    pm_schedule *s = c.oom ? NULL : rebuild_schedule(&c, r, &tix);
    pm_strindex_reset(&tix);
    pm_strindex_reset(&c.rix);
    if (c.oom) {
        pm_schedule_free(s);
        pm_project_free(p);
        return PM_ENOMEM;
    }
    *out_p = p;
    *out_s = s;
    return PM_OK;
}
