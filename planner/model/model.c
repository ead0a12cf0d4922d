/* planner/model/model.c - project construction, lookup, derivation and
 * freeing. */
#include "planner/model/model.h"
#include "planner/model/l10n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pm_project *pm_project_new(void)
{
    pm_project *p = calloc(1, sizeof *p);
    if (!p) {
        return NULL;
    }
    p->start = PM_NO_DATE;
    p->status_date = PM_NO_DATE;
    p->cal.workdays = 0x1f; /* Monday to Friday */
    p->cal.hours_per_day = 8;
    p->cal.slots_per_day = 1;
    p->scenario = -1;
    return p;
}

void pm_project_free(pm_project *p)
{
    if (!p) {
        return;
    }
    for (int i = 0; i < p->n_tasks; i++) {
        pm_task *t = &p->tasks[i];
        free(t->id);
        free(t->name);
        free(t->wbs);
        free(t->needs);
    }
    for (int i = 0; i < p->n_resources; i++) {
        pm_resource *r = &p->resources[i];
        free(r->id);
        free(r->name);
        free(r->pools);
        free(r->vacations);
    }
    for (int i = 0; i < p->n_pools; i++) {
        free(p->pools[i].id);
        free(p->pools[i].name);
        free(p->pools[i].members);
    }
    for (int i = 0; i < p->n_risks; i++) {
        free(p->risks[i].id);
        free(p->risks[i].title);
        free(p->risks[i].mitigation);
        free(p->risks[i].status);
        free(p->risks[i].tasks);
    }
    for (int i = 0; i < p->n_changes; i++) {
        free(p->changes[i].id);
        free(p->changes[i].title);
        free(p->changes[i].status);
        free(p->changes[i].tasks);
    }
    free(p->risks);
    free(p->changes);
    for (int i = 0; i < p->n_scenarios; i++) {
        free(p->scenarios[i].id);
        free(p->scenarios[i].name);
    }
    free(p->scenarios);
    for (int i = 0; i < p->n_kept; i++) {
        free(p->kept[i]);
    }
    free(p->kept);
    free(p->tasks);
    free(p->deps);
    free(p->resources);
    free(p->pools);
    free(p->cal.holidays);
    free(p->name);
    free(p->source);
    free(p);
}

/* Grows *arr (elements of size sz) so one more fits; returns the new zeroed
 * element or NULL when out of memory. */
static void *append(void **arr, int *n, int *cap, size_t sz)
{
    if (*n == *cap) {
        int ncap = *cap ? *cap * 2 : 16;
        void *v = realloc(*arr, (size_t)ncap * sz);
        if (!v) {
            return NULL;
        }
        *arr = v;
        *cap = ncap;
    }
    char *el = (char *)*arr + (size_t)(*n)++ * sz;
    memset(el, 0, sz);
    return el;
}

pm_task *pm_project_add_task(pm_project *p)
{
    pm_task *t = append((void **)&p->tasks, &p->n_tasks, &p->cap_tasks,
                        sizeof *t);
    if (t) {
        t->parent = -1;
        t->owner = -1;
        t->priority = 2;
        t->release = PM_NO_DATE;
        t->deadline = PM_NO_DATE;
        t->fixed_start = PM_NO_DATE;
        t->actual_start = PM_NO_DATE;
        t->actual_finish = PM_NO_DATE;
        t->percent_complete = -1;
        t->remaining = -1;
    }
    return t;
}

pm_dep *pm_project_add_dep(pm_project *p)
{
    return append((void **)&p->deps, &p->n_deps, &p->cap_deps,
                  sizeof(pm_dep));
}

pm_risk *pm_project_add_risk(pm_project *p)
{
    pm_risk *r = append((void **)&p->risks, &p->n_risks, &p->cap_risks,
                        sizeof *r);
    if (r) {
        r->owner = -1;
    }
    return r;
}

pm_change *pm_project_add_change(pm_project *p)
{
    pm_change *c = append((void **)&p->changes, &p->n_changes,
                          &p->cap_changes, sizeof *c);
    if (c) {
        c->date = PM_NO_DATE;
    }
    return c;
}

pm_resource *pm_project_add_resource(pm_project *p)
{
    pm_resource *r = append((void **)&p->resources, &p->n_resources,
                            &p->cap_resources, sizeof *r);
    if (r) {
        r->max_units = 100;
        r->outsourced_pool = -1;
    }
    return r;
}

pm_pool *pm_project_add_pool(pm_project *p)
{
    return append((void **)&p->pools, &p->n_pools, &p->cap_pools,
                  sizeof(pm_pool));
}

const char *pm_project_keep(pm_project *p, const char *s)
{
    char **v = realloc(p->kept, (size_t)(p->n_kept + 1) * sizeof *v);
    if (!v) {
        return NULL;
    }
    p->kept = v;
    char *copy = strdup(s);
    if (!copy) {
        return NULL;
    }
    p->kept[p->n_kept++] = copy;
    return copy;
}

int pm_project_find_task(const pm_project *p, const char *id)
{
    for (int i = 0; i < p->n_tasks; i++) {
        if (strcmp(p->tasks[i].id, id) == 0) {
            return i;
        }
    }
    return -1;
}

int pm_project_find_resource(const pm_project *p, const char *id)
{
    for (int i = 0; i < p->n_resources; i++) {
        if (strcmp(p->resources[i].id, id) == 0) {
            return i;
        }
    }
    return -1;
}

int pm_project_find_pool(const pm_project *p, const char *id)
{
    for (int i = 0; i < p->n_pools; i++) {
        if (strcmp(p->pools[i].id, id) == 0) {
            return i;
        }
    }
    return -1;
}

int pm_resource_speed(const pm_resource *r)
{
    return 100 - r->reserve;
}

int pm_resource_seats(const pm_resource *r)
{
    return pm_resource_speed(r) > 0 ? r->max_units : 0;
}

int pm_resource_net_units(const pm_resource *r)
{
    return r->max_units * pm_resource_speed(r) / 100;
}

static int derive_wbs(pm_project *p)
{
    int *next_child = calloc((size_t)p->n_tasks + 1, sizeof *next_child);
    if (!next_child) {
        return PM_ENOMEM;
    }
    int top = 0;
    for (int i = 0; i < p->n_tasks; i++) {
        pm_task *t = &p->tasks[i];
        int k;
        char *code = NULL;
        if (t->parent < 0) {
            t->level = 0;
            k = ++top;
            if (asprintf(&code, "%d", k) < 0) {
                code = NULL;
            }
        } else {
            pm_task *par = &p->tasks[t->parent];
            t->level = par->level + 1;
            par->n_children++;
            k = ++next_child[t->parent];
            if (asprintf(&code, "%s.%d", par->wbs, k) < 0) {
                code = NULL;
            }
        }
        if (!code) {
            free(next_child);
            return PM_ENOMEM;
        }
        free(t->wbs);
        t->wbs = code;
    }
    free(next_child);
    return PM_OK;
}

/* One member per pool that may buy capacity, standing for it. */
static int add_outsourcing(pm_project *p)
{
    for (int k = 0; k < p->n_pools; k++) {
        const pm_pool *pool = &p->pools[k];
        bool have = false;
        for (int r = 0; r < p->n_resources; r++) {
            have |= p->resources[r].outsourced_pool == k;
        }
        if (pool->outsource_max <= 0 || have) {
            continue;
        }
        pm_resource *r = pm_project_add_resource(p);
        if (!r) {
            return PM_ENOMEM;
        }
        pool = &p->pools[k];
        r->outsourced_pool = k;
        r->max_units = pool->outsource_max;
        r->cost_per_day = pool->outsource_cost_per_day;
        r->pools = malloc(sizeof *r->pools);
        if (!r->pools || asprintf(&r->id, "outsourced-%s", pool->id) < 0 ||
            asprintf(&r->name, "%s (outsourced)", pool->name) < 0) {
            return PM_ENOMEM;
        }
        r->pools[0] = k;
        r->n_pools = 1;
        r->loc = pool->loc;
    }
    return PM_OK;
}

static int derive_pool_members(pm_project *p)
{
    for (int i = 0; i < p->n_pools; i++) {
        free(p->pools[i].members);
        p->pools[i].members = NULL;
        p->pools[i].n_members = 0;
    }
    for (int r = 0; r < p->n_resources; r++) {
        for (int k = 0; k < p->resources[r].n_pools; k++) {
            pm_pool *pool = &p->pools[p->resources[r].pools[k]];
            int *v = realloc(pool->members,
                             (size_t)(pool->n_members + 1) * sizeof *v);
            if (!v) {
                return PM_ENOMEM;
            }
            v[pool->n_members++] = r;
            pool->members = v;
        }
    }
    return PM_OK;
}

/* Checks a summary task carries no work of its own. */
static void check_summary(const pm_task *t, pm_diag *diag)
{
    if (t->milestone) {
        pm_diag_error(diag, &t->loc,
                      "task '%s' has subtasks and cannot be a milestone",
                      t->id);
    } else if (t->n_needs > 0) {
        pm_diag_error(diag, &t->needs[0].loc,
                      "task '%s' has subtasks and cannot have resource "
                      "needs of its own; put them on a subtask",
                      t->id);
    } else if (t->duration > 0 || t->effort > 0 || t->estimate[1] > 0) {
        pm_diag_error(diag, &t->loc,
                      "task '%s' has subtasks; its duration follows from "
                      "them and cannot be given",
                      t->id);
    }
}

/* Resolves default units and derives the duration of a leaf task. */
static void derive_leaf(pm_project *p, pm_task *t, pm_diag *diag)
{
    long rate = 0; /* work per slot, seats x speed (percent x percent) */
    for (int k = 0; k < t->n_needs; k++) {
        pm_need *n = &t->needs[k];
        if (n->units < 0) {
            n->units = 100;
        }
        if (n->resource >= 0) {
            /* A named need is a share of the person's availability: 100%
             * of a half-time person is 50 seats. */
            const pm_resource *r = &p->resources[n->resource];
            if (n->units > 100) {
                pm_diag_error(diag, &n->loc,
                              "task '%s' needs %d%% of '%s'; a person gives "
                              "at most 100%% of their time",
                              t->id, n->units, r->id);
            }
            n->units = (int)(((long)n->units * r->max_units + 50) / 100);
            if (n->units < 1) {
                n->units = 1;
            }
            rate += (long)n->units * pm_resource_speed(r);
        } else {
            rate += (long)n->units * 100; /* at full speed: see model.h */
        }
    }
    if (t->milestone) {
        if (t->duration > 0 || t->effort > 0 || t->estimate[1] > 0) {
            pm_diag_error(diag, &t->loc,
                          "milestone '%s' cannot have a duration, effort or "
                          "estimate",
                          t->id);
        }
        t->duration = 0;
        return;
    }
    if (t->duration == 0 && t->effort == 0 && t->estimate[1] > 0) {
        t->duration = t->estimate[1]; /* the most likely is the plan */
    }
    if (t->effort > 0) {
        if (rate <= 0) {
            rate = 100 * 100; /* effort with no demand: one person */
        }
        long d = ((long)t->effort * 100 + rate - 1) / rate;
        t->duration = (int)d;
    }
    if (t->duration == 0) {
        t->milestone = true; /* zero-length work is a milestone */
    }
}

/* Dates of task t that cannot hold before the project starts. */
static void check_dates(const pm_project *p, const pm_task *t, pm_diag *diag)
{
    const struct {
        pm_date d;
        const char *what;
    } dates[] = {{t->deadline, "deadline"}, {t->fixed_start, "fixed start"}};
    for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++) {
        char a[11], b[11];
        if (dates[k].d != PM_NO_DATE && dates[k].d < p->start) {
            pm_diag_error(diag, &t->loc,
                          "task '%s' has its %s %s before the project "
                          "start %s",
                          t->id, dates[k].what, pm_date_format(dates[k].d, a),
                          pm_date_format(p->start, b));
        }
    }
}

int pm_project_finish(pm_project *p, pm_diag *diag)
{
    int errors = diag->n_errors;
    for (int i = 0; i < p->n_tasks; i++) {
        p->tasks[i].n_children = 0;
        if (p->tasks[i].parent >= i) {
            pm_diag_error(diag, &p->tasks[i].loc,
                          "task '%s' is listed before its parent",
                          p->tasks[i].id);
            return PM_EINPUT;
        }
    }
    if (derive_wbs(p) != PM_OK || add_outsourcing(p) != PM_OK ||
        derive_pool_members(p) != PM_OK) {
        return PM_ENOMEM;
    }
    for (int i = 0; i < p->n_tasks; i++) {
        pm_task *t = &p->tasks[i];
        check_dates(p, t, diag);
        if (pm_task_is_summary(t)) {
            check_summary(t, diag);
        } else {
            derive_leaf(p, t, diag);
        }
    }
    return diag->n_errors > errors ? PM_EINPUT : PM_OK;
}

double pm_days_of_slots(const pm_project *p, int n)
{
    return (double)n / (p->cal.slots_per_day > 0 ? p->cal.slots_per_day : 1);
}

bool pm_task_has_float(const pm_project *p, int i)
{
    if (!p->tracked) {
        return true;
    }
    int end = i + 1;
    while (end < p->n_tasks && p->tasks[end].level > p->tasks[i].level) {
        end++;
    }
    for (int k = i; k < end; k++) {
        if (!pm_task_is_summary(&p->tasks[k]) && !pm_task_done(&p->tasks[k])) {
            return true;
        }
    }
    return false;
}

pm_schedule *pm_schedule_new(int n_tasks)
{
    pm_schedule *s = calloc(1, sizeof *s);
    if (!s) {
        return NULL;
    }
    s->n_tasks = n_tasks;
    s->tasks = calloc((size_t)(n_tasks > 0 ? n_tasks : 1), sizeof *s->tasks);
    if (!s->tasks) {
        free(s);
        return NULL;
    }
    for (int i = 0; i < n_tasks; i++) {
        s->tasks[i].driver = PM_DRIVE_NONE;
        s->tasks[i].waits_for = -1;
    }
    return s;
}

pm_schedule *pm_schedule_copy(const pm_schedule *s)
{
    pm_schedule *c = pm_schedule_new(s->n_tasks);
    pm_assignment *a =
        malloc(((size_t)s->n_assignments + 1) * sizeof *s->assignments);
    if (!c || !a) {
        pm_schedule_free(c);
        free(a);
        return NULL;
    }
    pm_task_sched *tasks = c->tasks;
    *c = *s;
    c->tasks = tasks;
    memcpy(c->tasks, s->tasks, (size_t)s->n_tasks * sizeof *s->tasks);
    c->assignments = a;
    if (s->n_assignments > 0) {
        memcpy(a, s->assignments, (size_t)s->n_assignments * sizeof *a);
    }
    return c;
}

void pm_schedule_free(pm_schedule *s)
{
    if (!s) {
        return;
    }
    free(s->tasks);
    free(s->assignments);
    free(s);
}

const char *pm_status_name(pm_status s)
{
    switch (s) {
    case PM_STATUS_OPTIMAL:
        return "optimal";
    case PM_STATUS_FEASIBLE:
        return "feasible";
    case PM_STATUS_INFEASIBLE:
        return "infeasible";
    }
    return "unknown";
}

const char *pm_dep_type_name(pm_dep_type t)
{
    static const char *const names[] = {"FS", "SS", "FF", "SF"};
    return names[t];
}

bool pm_project_priced(const pm_project *p)
{
    for (int r = 0; r < p->n_resources; r++) {
        if (p->resources[r].cost_per_day > 0) {
            return true;
        }
    }
    return false;
}

static double day_rate(const pm_resource *r, bool priced)
{
    return priced ? r->cost_per_day : 1.0;
}

double pm_task_daily_cost(const pm_project *p, int i)
{
    const pm_task *t = &p->tasks[i];
    if (pm_task_is_summary(t)) {
        return 0;
    }
    bool priced = pm_project_priced(p);
    double cost = 0;
    for (int k = 0; k < t->n_needs; k++) {
        const pm_need *nd = &t->needs[k];
        double rate = 0;
        if (nd->resource >= 0) {
            rate = day_rate(&p->resources[nd->resource], priced);
        } else {
            const pm_pool *pool = &p->pools[nd->pool];
            for (int m = 0; m < pool->n_members; m++) {
                rate += day_rate(&p->resources[pool->members[m]], priced);
            }
            rate = pool->n_members ? rate / pool->n_members : 0;
        }
        cost += nd->units / 100.0 * rate;
    }
    return cost;
}

double pm_task_budget(const pm_project *p, int i)
{
    int per_day = p->cal.slots_per_day > 0 ? p->cal.slots_per_day : 1;
    return pm_task_daily_cost(p, i) * p->tasks[i].duration / per_day;
}

static int by_task(const void *a, const void *b)
{
    const pm_assignment *x = a, *y = b;
    if (x->task != y->task) {
        return x->task < y->task ? -1 : 1;
    }
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return (x->resource > y->resource) - (x->resource < y->resource);
}

void pm_schedule_sort_assignments(pm_schedule *s)
{
    if (s->n_assignments > 1) {
        qsort(s->assignments, (size_t)s->n_assignments,
              sizeof *s->assignments, by_task);
    }
}

int pm_schedule_assignments_of(const pm_schedule *s, int i, int *count)
{
    int lo = 0, hi = s->n_assignments;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (s->assignments[mid].task < i) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    int end = lo;
    while (end < s->n_assignments && s->assignments[end].task == i) {
        end++;
    }
    *count = end - lo;
    return lo;
}

double pm_project_cost_of_delay(const pm_project *p)
{
    if (p->cost_of_delay > 0) {
        return p->cost_of_delay;
    }
    double team = 0;
    for (int r = 0; r < p->n_resources; r++) {
        const pm_resource *res = &p->resources[r];
        if (res->outsourced_pool < 0) {
            team += res->cost_per_day * res->max_units / 100.0;
        }
    }
    return team;
}

/* What the people the schedule gives leaf i cost, or -1 when it gives
 * none. */
static double assigned_cost(const pm_project *p, const pm_schedule *s, int i)
{
    bool priced = pm_project_priced(p);
    int count, first = pm_schedule_assignments_of(s, i, &count);
    if (count == 0) {
        return -1;
    }
    double cost = 0;
    for (int a = first; a < first + count; a++) {
        const pm_assignment *as = &s->assignments[a];
        cost += as->units / 100.0 *
                pm_days_of_slots(p, as->finish - as->start) *
                day_rate(&p->resources[as->resource], priced);
    }
    return cost;
}

double pm_schedule_cost(const pm_project *p, const pm_schedule *s, int i)
{
    if (i < 0 || pm_task_is_summary(&p->tasks[i])) {
        double sum = 0;
        int end = i < 0 ? p->n_tasks : i + 1;
        while (i >= 0 && end < p->n_tasks &&
               p->tasks[end].level > p->tasks[i].level) {
            end++;
        }
        for (int k = i < 0 ? 0 : i; k < end; k++) {
            if (!pm_task_is_summary(&p->tasks[k])) {
                sum += pm_schedule_cost(p, s, k);
            }
        }
        return sum;
    }
    double cost = pm_task_started(&p->tasks[i]) ? -1
                                                : assigned_cost(p, s, i);
    return cost >= 0 ? cost : pm_task_budget(p, i);
}

double *pm_schedule_task_costs(const pm_project *p, const pm_schedule *s)
{
    double *cost = calloc((size_t)p->n_tasks + 1, sizeof *cost);
    if (!cost) {
        return NULL;
    }
    /* Preorder: every child after its parent, so children add up first
     * when walked backwards. */
    for (int i = p->n_tasks - 1; i >= 0; i--) {
        if (!pm_task_is_summary(&p->tasks[i])) {
            cost[i] = pm_schedule_cost(p, s, i);
        }
        if (p->tasks[i].parent >= 0) {
            cost[p->tasks[i].parent] += cost[i];
        }
    }
    return cost;
}

void pm_schedule_outsourcing(const pm_project *p, const pm_schedule *s,
                             double *person_days, double *cost)
{
    int spd = p->cal.slots_per_day > 0 ? p->cal.slots_per_day : 1;
    *person_days = *cost = 0;
    for (int a = 0; a < s->n_assignments; a++) {
        const pm_assignment *as = &s->assignments[a];
        const pm_resource *r = &p->resources[as->resource];
        if (r->outsourced_pool < 0) {
            continue;
        }
        double days = as->units / 100.0 * (as->finish - as->start) / spd;
        *person_days += days;
        *cost += days * r->cost_per_day;
    }
}

char *pm_estimate_text(char *buf, size_t size, const pm_project *p,
                       const pm_task *t)
{
    double spd = p->cal.slots_per_day > 0 ? p->cal.slots_per_day : 1;
    if (t->estimate[1] > 0) {
        snprintf(buf, size, "%gd..%gd..%gd", t->estimate[0] / spd,
                 t->estimate[1] / spd, t->estimate[2] / spd);
    } else if (size > 0) {
        buf[0] = '\0';
    }
    return buf;
}

void pm_outlook_reset(pm_outlook *o)
{
    free(o->tasks);
    free(o->hist_slot);
    free(o->hist_runs);
    memset(o, 0, sizeof *o);
}

double pm_outlook_share_by(const pm_outlook *o, int slot)
{
    int n = 0;
    for (int k = 0; k < o->n_hist && o->hist_slot[k] <= slot; k++) {
        n += o->hist_runs[k];
    }
    return o->runs > 0 ? (double)n / o->runs : 0;
}

bool pm_outlook_deadline_unlikely(const pm_outlook *o, int i)
{
    return o && o->runs > 0 && i < o->n_tasks && o->tasks[i].on_time >= 0 &&
           o->tasks[i].on_time < 0.5;
}

char *pm_project_title(const pm_project *p, char *buf, size_t size)
{
    const char *name = p->name ? p->name : "";
    if (p->scenario >= 0 && p->scenario < p->n_scenarios) {
        snprintf(buf, size, pm_tr(p->language, "%s \xe2\x80\x94 what-if: %s"),
                 name, p->scenarios[p->scenario].name);
    } else {
        snprintf(buf, size, "%s", name);
    }
    return buf;
}
