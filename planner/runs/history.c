/* planner/runs/history.c - runs as plain data: capture from a schedule,
 * free. */
#include "planner/runs/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/calendar.h"

void pm_run_reset(pm_run *r)
{
    pm_outlook_reset(&r->outlook);
    for (int i = 0; i < r->n_tasks; i++) {
        pm_run_task *t = &r->tasks[i];
        free(t->task_id);
        free(t->name);
        free(t->wbs);
        free(t->parent_id);
        free(t->driver_id);
        free(t->owner_id);
        free(t->owner_name);
    }
    for (int i = 0; i < r->n_deps; i++) {
        free(r->deps[i].pred);
        free(r->deps[i].succ);
    }
    for (int i = 0; i < r->n_asg; i++) {
        free(r->asg[i].resource_id);
        free(r->asg[i].name);
    }
    for (int i = 0; i < r->n_leaves; i++) {
        free(r->leaves[i].resource_id);
        free(r->leaves[i].name);
    }
    for (int i = 0; i < r->n_risks; i++) {
        pm_run_risk *k = &r->risks[i];
        free(k->id);
        free(k->title);
        free(k->owner);
        free(k->mitigation);
        free(k->status);
        free(k->tasks);
    }
    for (int i = 0; i < r->n_changes; i++) {
        pm_run_change *k = &r->changes[i];
        free(k->id);
        free(k->title);
        free(k->status);
        free(k->tasks);
    }
    for (int i = 0; i < r->n_resources; i++) {
        free(r->resources[i].id);
        free(r->resources[i].name);
        free(r->resources[i].pools);
    }
    for (int i = 0; i < r->n_pools; i++) {
        free(r->pools[i].id);
        free(r->pools[i].name);
    }
    free(r->resources);
    free(r->pools);
    free(r->risks);
    free(r->changes);
    free(r->tasks);
    free(r->deps);
    free(r->asg);
    free(r->leaves);
    free(r->created);
    free(r->scenario);
    free(r->scenario_name);
    free(r->project);
    free(r->source);
    free(r->input_digest);
    free(r->solver);
    free(r->status);
    free(r->baseline);
    free(r->cal.holidays);
    memset(r, 0, sizeof *r);
}

void pm_runs_free(pm_run *runs, int n)
{
    for (int i = 0; i < n; i++) {
        pm_run_reset(&runs[i]);
    }
    free(runs);
}

int pm_run_find_task(const pm_run *r, const char *task_id)
{
    for (int i = 0; i < r->n_tasks; i++) {
        if (strcmp(r->tasks[i].task_id, task_id) == 0) {
            return i;
        }
    }
    return -1;
}

void pm_baselines_free(pm_baseline *b, int n)
{
    for (int i = 0; i < n; i++) {
        free(b[i].project);
        free(b[i].name);
        free(b[i].created);
    }
    free(b);
}

/* strdup that counts a failure; NULL stays NULL. */
static char *dup(const char *s, bool *oom)
{
    if (!s) {
        return NULL;
    }
    char *c = strdup(s);
    *oom |= !c;
    return c;
}

static void capture_task(pm_run_task *rt, const pm_project *p,
                         const pm_schedule *s, const pm_calmap *m, int i,
                         bool *oom)
{
    const pm_task *t = &p->tasks[i];
    const pm_task_sched *ts = &s->tasks[i];
    rt->task_id = dup(t->id, oom);
    rt->name = dup(t->name, oom);
    rt->wbs = dup(t->wbs, oom);
    rt->parent_id = t->parent >= 0 ? dup(p->tasks[t->parent].id, oom) : NULL;
    rt->summary = pm_task_is_summary(t);
    rt->milestone = t->milestone;
    rt->critical = ts->critical;
    rt->late = ts->late;
    rt->overdue = ts->overdue;
    rt->start = pm_calmap_start_date(m, ts->start, ts->finish);
    rt->finish = pm_calmap_finish_date(m, ts->start, ts->finish);
    rt->actual_start = t->actual_start;
    rt->actual_finish = t->actual_finish;
    rt->deadline = t->deadline;
    rt->percent_complete = t->percent_complete;
    rt->remaining = t->remaining;
    rt->total_float = ts->total_float;
    rt->free_float = ts->free_float;
    rt->start_slot = ts->start;
    rt->finish_slot = ts->finish;
    /* What the plan costs; per working day for the actual cost of work
     * under way. */
    rt->budget = rt->summary ? 0 : pm_schedule_cost(p, s, i);
    int days = ts->finish - ts->start;
    rt->daily_cost = !rt->summary && !pm_task_started(t) && days > 0
                         ? rt->budget / pm_days_of_slots(p, days)
                         : pm_task_daily_cost(p, i);
    rt->driver = ts->driver;
    rt->priority = t->priority;
    rt->duration = t->duration;
    memcpy(rt->estimate, t->estimate, sizeof rt->estimate);
    if (t->owner >= 0) {
        const pm_resource *o = &p->resources[t->owner];
        rt->owner_id = dup(o->id, oom);
        rt->owner_name = dup(o->name ? o->name : o->id, oom);
    }
    int by = ts->driver >= 0                      ? ts->driver
             : ts->driver == PM_DRIVE_RESOURCES ? ts->waits_for
                                                : -1;
    if (by >= 0) {
        rt->driver_id = dup(p->tasks[by].id, oom);
    } else if (ts->driver_outside) { /* another project's, by its id */
        rt->driver_id = dup(ts->driver_outside, oom);
    }
}

/* Task ids joined by ", ". */
static char *task_list(const pm_project *p, const int *tasks, int n,
                       bool *oom)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        *oom = true;
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        fprintf(f, "%s%s", i ? ", " : "", p->tasks[tasks[i]].id);
    }
    if (fclose(f) != 0) {
        free(text);
        *oom = true;
        return NULL;
    }
    return text;
}

static void capture_people(pm_run *out, const pm_project *p, bool *oom)
{
    out->resources = calloc((size_t)p->n_resources + 1,
                            sizeof *out->resources);
    out->pools = calloc((size_t)p->n_pools + 1, sizeof *out->pools);
    *oom |= !out->resources || !out->pools;
    for (int i = 0; !*oom && i < p->n_pools; i++) {
        pm_run_pool *k = &out->pools[out->n_pools++];
        k->id = dup(p->pools[i].id, oom);
        k->name = dup(p->pools[i].name, oom);
    }
    for (int i = 0; !*oom && i < p->n_resources; i++) {
        const pm_resource *r = &p->resources[i];
        pm_run_resource *k = &out->resources[out->n_resources++];
        k->id = dup(r->id, oom);
        k->name = dup(r->name ? r->name : r->id, oom);
        k->max_units = r->max_units;
        k->reserve = r->reserve;
        k->cost_per_day = r->cost_per_day;
        k->outsourced = r->outsourced_pool >= 0;
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        if (!f) {
            *oom = true;
            return;
        }
        for (int j = 0; j < r->n_pools; j++) {
            fprintf(f, "%s%s", j ? "," : "", p->pools[r->pools[j]].id);
        }
        *oom |= fclose(f) != 0;
        k->pools = text;
    }
}

static void capture_registers(pm_run *out, const pm_project *p, bool *oom)
{
    capture_people(out, p, oom);
    out->risks = calloc((size_t)p->n_risks + 1, sizeof *out->risks);
    out->changes = calloc((size_t)p->n_changes + 1, sizeof *out->changes);
    *oom |= !out->risks || !out->changes;
    for (int i = 0; !*oom && i < p->n_risks; i++) {
        const pm_risk *r = &p->risks[i];
        pm_run_risk *k = &out->risks[out->n_risks++];
        k->id = dup(r->id, oom);
        k->title = dup(r->title, oom);
        k->owner = r->owner >= 0 ? dup(p->resources[r->owner].name, oom)
                                 : NULL;
        k->mitigation = dup(r->mitigation, oom);
        k->status = dup(r->status, oom);
        k->tasks = task_list(p, r->tasks, r->n_tasks, oom);
        k->probability = r->probability;
        k->impact = r->impact;
    }
    for (int i = 0; !*oom && i < p->n_changes; i++) {
        const pm_change *ch = &p->changes[i];
        pm_run_change *k = &out->changes[out->n_changes++];
        k->id = dup(ch->id, oom);
        k->title = dup(ch->title, oom);
        k->status = dup(ch->status, oom);
        k->tasks = task_list(p, ch->tasks, ch->n_tasks, oom);
        k->date = ch->date;
    }
}

int pm_run_capture(pm_run *out, const pm_project *p, const pm_schedule *s,
                   const char *created, const char *input_digest)
{
    memset(out, 0, sizeof *out);
    pm_calmap m;
    int rc = pm_calmap_init(&m, &p->cal, p->start);
    if (rc != PM_OK) {
        return rc;
    }
    bool oom = false;
    out->created = dup(created, &oom);
    out->project = dup(p->name ? p->name : "", &oom);
    out->source = dup(p->source ? p->source : "", &oom);
    out->input_digest = dup(input_digest, &oom);
    out->solver = dup(s->solver, &oom);
    out->status = dup(pm_status_name(s->status), &oom);
    out->status_date = p->status_date;
    out->start = pm_calmap_slot_date(&m, 0);
    out->finish = pm_calmap_finish_date(&m, 0, s->makespan);
    out->makespan = s->makespan;
    out->lower_bound = s->lower_bound;
    out->lateness = s->lateness;
    out->seconds = s->seconds;
    out->tracked = p->tracked;
    out->priced = pm_project_priced(p);
    out->language = p->language;
    if (p->scenario >= 0) {
        out->scenario = dup(p->scenarios[p->scenario].id, &oom);
        out->scenario_name = dup(p->scenarios[p->scenario].name, &oom);
    }
    out->cal = p->cal;
    out->cal.holidays = NULL;
    if (p->cal.n_holidays > 0) {
        out->cal.holidays =
            malloc((size_t)p->cal.n_holidays * sizeof *out->cal.holidays);
        oom |= !out->cal.holidays;
        if (out->cal.holidays) {
            memcpy(out->cal.holidays, p->cal.holidays,
                   (size_t)p->cal.n_holidays * sizeof *out->cal.holidays);
        }
    }
    int n_leaves = 0;
    for (int r = 0; r < p->n_resources; r++) {
        n_leaves += p->resources[r].n_vacations;
    }
    out->tasks = calloc((size_t)p->n_tasks + 1, sizeof *out->tasks);
    out->deps = calloc((size_t)p->n_deps + 1, sizeof *out->deps);
    out->asg = calloc((size_t)s->n_assignments + 1, sizeof *out->asg);
    out->leaves = calloc((size_t)n_leaves + 1, sizeof *out->leaves);
    oom |= !out->tasks || !out->deps || !out->asg || !out->leaves;
    for (int i = 0; !oom && i < p->n_tasks; i++) {
        capture_task(&out->tasks[out->n_tasks++], p, s, &m, i, &oom);
    }
    for (int d = 0; !oom && d < p->n_deps; d++) {
        const pm_dep *dep = &p->deps[d];
        pm_run_dep *rd = &out->deps[out->n_deps++];
        rd->pred = dup(p->tasks[dep->pred].id, &oom);
        rd->succ = dup(p->tasks[dep->succ].id, &oom);
        rd->type = dep->type;
        rd->lag = dep->lag;
    }
    for (int a = 0; !oom && a < s->n_assignments; a++) {
        const pm_assignment *as = &s->assignments[a];
        pm_run_asg *ra = &out->asg[out->n_asg++];
        ra->task = as->task;
        const pm_resource *res = &p->resources[as->resource];
        ra->resource_id = dup(res->id, &oom);
        ra->name = dup(res->name ? res->name : res->id, &oom);
        ra->units = as->units;
        ra->start = pm_calmap_slot_date(&m, as->start);
        ra->finish = pm_calmap_slot_date(&m, as->finish - 1);
    }
    for (int r = 0; !oom && r < p->n_resources; r++) {
        const pm_resource *res = &p->resources[r];
        for (int v = 0; !oom && v < res->n_vacations; v++) {
            pm_run_leave *l = &out->leaves[out->n_leaves++];
            l->resource_id = dup(res->id, &oom);
            l->name = dup(res->name ? res->name : res->id, &oom);
            l->first = res->vacations[v].first;
            l->last = res->vacations[v].last;
        }
    }
    if (!oom) {
        capture_registers(out, p, &oom);
    }
    pm_calmap_reset(&m);
    if (oom) {
        pm_run_reset(out);
        return PM_ENOMEM;
    }
    return PM_OK;
}
