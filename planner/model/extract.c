/* planner/model/extract.c - one project out of a portfolio's joint
 * schedule (extract.h). */
#include "planner/model/extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/calendar.h"

typedef struct {
    bool oom;
} cx;

static char *dup(cx *c, const char *s)
{
    if (!s) {
        return NULL;
    }
    char *d = strdup(s);
    c->oom |= !d;
    return d;
}

static void *dup_mem(cx *c, const void *v, size_t size)
{
    if (!v || size == 0) {
        return NULL;
    }
    void *d = malloc(size);
    c->oom |= !d;
    if (d) {
        memcpy(d, v, size);
    }
    return d;
}

/* The people and pools of all, as they are (the indices stay). */
static void copy_people(cx *c, pm_project *p, const pm_project *all)
{
    p->resources = calloc((size_t)all->n_resources + 1, sizeof *p->resources);
    p->pools = calloc((size_t)all->n_pools + 1, sizeof *p->pools);
    if (!p->resources || !p->pools) {
        c->oom = true;
        return;
    }
    p->n_resources = p->cap_resources = all->n_resources;
    p->n_pools = p->cap_pools = all->n_pools;
    for (int r = 0; r < all->n_resources; r++) {
        const pm_resource *a = &all->resources[r];
        pm_resource *b = &p->resources[r];
        *b = *a;
        b->id = dup(c, a->id);
        b->name = dup(c, a->name);
        b->pools = dup_mem(c, a->pools, (size_t)a->n_pools * sizeof *a->pools);
        b->vacations = dup_mem(c, a->vacations,
                               (size_t)a->n_vacations * sizeof *a->vacations);
    }
    for (int k = 0; k < all->n_pools; k++) {
        const pm_pool *a = &all->pools[k];
        pm_pool *b = &p->pools[k];
        *b = *a;
        b->id = dup(c, a->id);
        b->name = dup(c, a->name);
        b->members = dup_mem(c, a->members,
                             (size_t)a->n_members * sizeof *a->members);
    }
}

/* The tasks under root, their dependencies among them; map[i] is task i
 * of all's index here, or -1. */
static void copy_tasks(cx *c, pm_project *p, const pm_project *all, int root,
                       int *map)
{
    int n = 0;
    size_t cut = strlen(all->tasks[root].wbs) + 1; /* "2." */
    for (int i = 0; i < all->n_tasks; i++) {
        map[i] = -1;
    }
    for (int i = root + 1; i < all->n_tasks &&
                           all->tasks[i].level > all->tasks[root].level;
         i++) {
        map[i] = n++;
    }
    p->tasks = calloc((size_t)n + 1, sizeof *p->tasks);
    if (!p->tasks) {
        c->oom = true;
        return;
    }
    p->n_tasks = p->cap_tasks = n;
    for (int i = root + 1; i < root + 1 + n; i++) {
        const pm_task *a = &all->tasks[i];
        pm_task *b = &p->tasks[map[i]];
        *b = *a;
        b->id = dup(c, a->id);
        b->name = dup(c, a->name);
        b->wbs = dup(c, strlen(a->wbs) > cut ? a->wbs + cut : a->wbs);
        b->needs =
            dup_mem(c, a->needs, (size_t)a->n_needs * sizeof *a->needs);
        b->parent = a->parent == root ? -1 : map[a->parent];
        b->level = a->level - all->tasks[root].level - 1;
    }
    int m = 0;
    for (int d = 0; d < all->n_deps; d++) {
        m += map[all->deps[d].pred] >= 0 && map[all->deps[d].succ] >= 0;
    }
    p->deps = calloc((size_t)m + 1, sizeof *p->deps);
    if (!p->deps) {
        c->oom = true;
        return;
    }
    for (int d = 0; d < all->n_deps; d++) {
        const pm_dep *a = &all->deps[d];
        if (map[a->pred] >= 0 && map[a->succ] >= 0) {
            pm_dep *b = &p->deps[p->n_deps++];
            *b = *a;
            b->pred = map[a->pred];
            b->succ = map[a->succ];
        }
    }
    p->cap_deps = p->n_deps;
}

/* The tasks of p that tasks (n indices into own) name by id, as a new
 * array of *found. */
static int *find_tasks(cx *c, const pm_project *p, const pm_project *own,
                       const int *tasks, int n, int *found)
{
    int *v = calloc((size_t)n + 1, sizeof *v);
    c->oom |= !v;
    *found = 0;
    for (int j = 0; v && j < n; j++) {
        int t = pm_project_find_task(p, own->tasks[tasks[j]].id);
        if (t >= 0) {
            v[(*found)++] = t;
        }
    }
    return v;
}

/* The risk register and change requests of own, their tasks found here by
 * id (owners by id among the people). */
static void copy_registers(cx *c, pm_project *p, const pm_project *own)
{
    p->risks = calloc((size_t)own->n_risks + 1, sizeof *p->risks);
    p->changes = calloc((size_t)own->n_changes + 1, sizeof *p->changes);
    if (!p->risks || !p->changes) {
        c->oom = true;
        return;
    }
    for (int k = 0; k < own->n_risks; k++) {
        const pm_risk *a = &own->risks[k];
        pm_risk *b = &p->risks[p->n_risks++];
        *b = *a;
        b->id = dup(c, a->id);
        b->title = dup(c, a->title);
        b->mitigation = dup(c, a->mitigation);
        b->status = dup(c, a->status);
        b->owner = a->owner >= 0
                       ? pm_project_find_resource(p, own->resources[a->owner].id)
                       : -1;
        b->tasks = find_tasks(c, p, own, a->tasks, a->n_tasks, &b->n_tasks);
    }
    p->cap_risks = p->n_risks;
    for (int k = 0; k < own->n_changes; k++) {
        const pm_change *a = &own->changes[k];
        pm_change *b = &p->changes[p->n_changes++];
        *b = *a;
        b->id = dup(c, a->id);
        b->title = dup(c, a->title);
        b->status = dup(c, a->status);
        b->tasks = find_tasks(c, p, own, a->tasks, a->n_tasks, &b->n_tasks);
    }
    p->cap_changes = p->n_changes;
}

/* The schedule of the tasks kept, slots moved back by shift. */
static pm_schedule *cut_schedule(cx *c, const pm_project *all,
                                 const pm_schedule *s, const int *map, int n,
                                 int shift)
{
    pm_schedule *out = pm_schedule_new(n);
    if (!out) {
        c->oom = true;
        return NULL;
    }
    int kept = 0;
    for (int k = 0; k < s->n_assignments; k++) {
        kept += map[s->assignments[k].task] >= 0;
    }
    out->assignments = calloc((size_t)kept + 1, sizeof *out->assignments);
    if (!out->assignments) {
        c->oom = true;
        return out;
    }
    for (int k = 0; k < s->n_assignments; k++) {
        pm_assignment a = s->assignments[k];
        if (map[a.task] >= 0) {
            a.task = map[a.task];
            a.start -= shift;
            a.finish -= shift;
            out->assignments[out->n_assignments++] = a;
        }
    }
    for (int i = 0; i < all->n_tasks; i++) {
        if (map[i] < 0) {
            continue;
        }
        pm_task_sched t = s->tasks[i];
        t.start -= shift;
        t.finish -= shift;
        t.early_start -= shift;
        t.late_start -= shift;
        /* A task another project's task drives: named, not indexed. */
        t.driver_outside = NULL;
        int by = t.driver >= 0                      ? t.driver
                 : t.driver == PM_DRIVE_RESOURCES ? t.waits_for
                                                    : -1;
        if (by >= 0 && map[by] < 0) {
            t.driver_outside = all->tasks[by].id;
            t.driver = t.driver >= 0 ? PM_DRIVE_OTHER : t.driver;
            t.waits_for = -1;
        } else if (t.driver >= 0) {
            t.driver = map[t.driver];
        } else if (t.waits_for >= 0) {
            t.waits_for = map[t.waits_for];
        }
        out->tasks[map[i]] = t;
        if (t.finish > out->makespan) {
            out->makespan = t.finish;
        }
    }
    /* Proofs speak of the portfolio's finish, not of this project's. */
    out->status = PM_STATUS_FEASIBLE;
    out->lateness = 0;
    for (int i = 0; i < all->n_tasks; i++) {
        if (map[i] >= 0 && s->tasks[i].late) {
            out->lateness += 1;
        }
    }
    out->schedules = s->schedules;
    out->seconds = s->seconds;
    /* A project's shortest possible finish is the portfolio's question:
     * no bound of its own. */
    out->lower_bound = 0;
    snprintf(out->solver, sizeof out->solver, "%s", s->solver);
    return out;
}

int pm_project_extract(pm_project **out_p, pm_schedule **out_s,
                       const pm_project *all, const pm_schedule *s, int root,
                       const pm_project *own)
{
    *out_p = NULL;
    *out_s = NULL;
    cx c = {false};
    pm_project *p = pm_project_new();
    int *map = malloc(((size_t)all->n_tasks + 1) * sizeof *map);
    if (!p || !map) {
        pm_project_free(p);
        free(map);
        return PM_ENOMEM;
    }
    p->name = dup(&c, own->name);
    p->source = dup(&c, own->source);
    p->start = all->start;
    p->status_date = all->status_date;
    p->cal = all->cal;
    p->cal.holidays = dup_mem(&c, all->cal.holidays,
                              (size_t)all->cal.n_holidays *
                                  sizeof *all->cal.holidays);
    p->hard_deadlines = all->hard_deadlines;
    p->finish_first = all->finish_first;
    p->language = own->language;
    p->budget = own->budget;
    p->cost_of_delay = own->cost_of_delay;
    p->tracked = all->tracked;
    copy_people(&c, p, all);
    copy_tasks(&c, p, all, root, map);
    if (!c.oom) {
        copy_registers(&c, p, own);
    }
    /* Slot 0 at the project's own start (the calendars are the same). */
    int shift = 0;
    pm_calmap m;
    if (!c.oom && own->start > all->start &&
        pm_calmap_init(&m, &all->cal, all->start) == PM_OK) {
        shift = pm_calmap_slot_of_date(&m, own->start);
        pm_calmap_reset(&m);
        p->start = own->start;
    }
    pm_schedule *sub =
        c.oom ? NULL : cut_schedule(&c, all, s, map, p->n_tasks, shift);
    free(map);
    if (c.oom) {
        pm_schedule_free(sub);
        pm_project_free(p);
        return PM_ENOMEM;
    }
    *out_p = p;
    *out_s = sub;
    return PM_OK;
}
