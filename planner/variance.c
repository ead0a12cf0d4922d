/* planner/variance.c - baseline and week-over-week variance, earned value. */
#include "planner/variance.h"

#include <stdlib.h>
#include <string.h>

#include "planner/calendar.h"
#include "planner/strindex.h"

/* Working days in [a, b], 0 when b < a. */
static int workdays(const pm_calmap *m, pm_date a, pm_date b)
{
    if (a == PM_NO_DATE || b == PM_NO_DATE || b < a) {
        return 0;
    }
    return pm_calmap_index(m, b + 1) - pm_calmap_index(m, a);
}

/* Signed working days from a to b (> 0: b is later). */
static int shift(const pm_calmap *m, pm_date a, pm_date b)
{
    return pm_calmap_index(m, b) - pm_calmap_index(m, a);
}

static int task_percent(const pm_task *t, const pm_calmap *m,
                        pm_date status)
{
    if (pm_task_done(t)) {
        return 100;
    }
    if (!pm_task_started(t)) {
        return 0;
    }
    if (t->percent_complete >= 0) {
        return t->percent_complete;
    }
    int per_day = m->cal->slots_per_day > 0 ? m->cal->slots_per_day : 1;
    int elapsed = workdays(m, t->actual_start, status - 1);
    int total = t->remaining >= 0 ? elapsed + t->remaining / per_day
                                  : t->duration / per_day;
    if (total <= 0) {
        return 0;
    }
    int pct = (int)(100L * elapsed / total);
    return pct > 99 ? 99 : pct;
}

static int index_run(pm_strindex *ix, const pm_run *r)
{
    for (int i = 0; r && i < r->n_tasks; i++) {
        if (pm_strindex_add(ix, r->tasks[i].task_id, i) < 0) {
            return PM_ENOMEM;
        }
    }
    return PM_OK;
}

/* Earned value over the baseline's leaf tasks (see variance.h). */
static void earned_value(pm_variance *v, const pm_project *p,
                         const pm_calmap *m, const pm_strindex *cur)
{
    const pm_run *b = v->baseline;
    pm_date status = p->status_date;
    for (int i = 0; b && i < b->n_tasks; i++) {
        const pm_run_task *bt = &b->tasks[i];
        if (bt->summary) {
            continue;
        }
        v->bac += bt->budget;
        int planned = workdays(m, bt->start, bt->finish);
        if (status != PM_NO_DATE && planned > 0) {
            pm_date last = status - 1 < bt->finish ? status - 1 : bt->finish;
            v->pv += bt->budget * workdays(m, bt->start, last) / planned;
        } else if (status != PM_NO_DATE && bt->finish < status) {
            v->pv += bt->budget;
        }
        int k = pm_strindex_find(cur, bt->task_id);
        if (k < 0) {
            continue;
        }
        const pm_task *t = &p->tasks[k];
        v->ev += bt->budget * v->tasks[k].percent / 100.0;
        if (pm_task_started(t) && status != PM_NO_DATE) {
            pm_date end = pm_task_done(t) ? t->actual_finish : status - 1;
            v->ac += pm_task_daily_cost(p, k) *
                     workdays(m, t->actual_start, end);
        }
    }
    v->spi = v->pv > 0 ? v->ev / v->pv : 0;
    v->cpi = v->ac > 0 ? v->ev / v->ac : 0;
    v->eac = v->cpi > 0 ? v->bac / v->cpi : v->bac;
    v->percent_complete = v->bac > 0 ? 100.0 * v->ev / v->bac : 0;
}

int pm_variance_compute(pm_variance *v, const pm_project *p,
                        const pm_schedule *s, const pm_run *baseline,
                        const char *baseline_name, const pm_run *previous)
{
    memset(v, 0, sizeof *v);
    v->baseline = baseline;
    v->baseline_name = baseline_name;
    v->previous = previous;
    v->priced = pm_project_priced(p);
    v->tracked = p->tracked;
    pm_calmap m;
    int rc = pm_calmap_init(&m, &p->cal, p->start);
    if (rc != PM_OK) {
        return rc;
    }
    pm_strindex bix = PM_STRINDEX_INIT, pix = PM_STRINDEX_INIT,
                cix = PM_STRINDEX_INIT;
    v->tasks = calloc((size_t)p->n_tasks + 1, sizeof *v->tasks);
    v->removed = malloc(((size_t)(previous ? previous->n_tasks : 0) + 1) *
                        sizeof *v->removed);
    if (!v->tasks || !v->removed || index_run(&bix, baseline) ||
        index_run(&pix, previous)) {
        rc = PM_ENOMEM;
        goto done;
    }
    v->start = pm_calmap_slot_date(&m, 0);
    v->finish = pm_calmap_finish_date(&m, 0, s->makespan);
    for (int i = 0; i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        const pm_task_sched *ts = &s->tasks[i];
        pm_task_variance *tv = &v->tasks[i];
        pm_date start = pm_calmap_start_date(&m, ts->start, ts->finish);
        pm_date finish = pm_calmap_finish_date(&m, ts->start, ts->finish);
        if (pm_strindex_add(&cix, t->id, i) < 0) {
            rc = PM_ENOMEM;
            goto done;
        }
        tv->percent = task_percent(t, &m, p->status_date);
        int k = pm_strindex_find(&bix, t->id);
        if (k >= 0) {
            tv->in_baseline = true;
            tv->base_start = baseline->tasks[k].start;
            tv->base_finish = baseline->tasks[k].finish;
            tv->start_var = shift(&m, tv->base_start, start);
            tv->finish_var = shift(&m, tv->base_finish, finish);
        }
        k = pm_strindex_find(&pix, t->id);
        if (k >= 0) {
            tv->in_previous = true;
            tv->prev_start = previous->tasks[k].start;
            tv->prev_finish = previous->tasks[k].finish;
            tv->prev_start_var = shift(&m, tv->prev_start, start);
            tv->prev_finish_var = shift(&m, tv->prev_finish, finish);
        } else if (previous) {
            v->n_added++;
        }
    }
    for (int i = 0; previous && i < previous->n_tasks; i++) {
        if (pm_strindex_find(&cix, previous->tasks[i].task_id) < 0) {
            v->removed[v->n_removed++] = i;
        }
    }
    earned_value(v, p, &m, &cix);
done:
    pm_strindex_reset(&bix);
    pm_strindex_reset(&pix);
    pm_strindex_reset(&cix);
    pm_calmap_reset(&m);
    if (rc != PM_OK) {
        pm_variance_reset(v);
    }
    return rc;
}

void pm_variance_reset(pm_variance *v)
{
    free(v->tasks);
    free(v->removed);
    memset(v, 0, sizeof *v);
}
