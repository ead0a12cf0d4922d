/* planner/runs/variance.c - baseline and week-over-week variance, earned value,
 * all from captured or stored runs. */
#include "planner/runs/variance.h"

#include <stdlib.h>
#include <string.h>

#include "planner/model/calendar.h"
#include "planner/model/strindex.h"

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

static int task_percent(const pm_run_task *t, const pm_calmap *m,
                        pm_date status)
{
    if (t->actual_finish != PM_NO_DATE) {
        return 100;
    }
    if (t->actual_start == PM_NO_DATE) {
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
static void earned_value(pm_variance *v, const pm_run *cur,
                         const pm_calmap *m, const pm_strindex *cix)
{
    const pm_run *b = v->baseline;
    pm_date status = cur->status_date;
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
        int k = pm_strindex_find(cix, bt->task_id);
        if (k < 0) {
            continue;
        }
        const pm_run_task *t = &cur->tasks[k];
        v->ev += bt->budget * v->tasks[k].percent / 100.0;
        if (t->actual_start != PM_NO_DATE && status != PM_NO_DATE) {
            pm_date end = t->actual_finish != PM_NO_DATE ? t->actual_finish
                                                         : status - 1;
            v->ac += t->daily_cost * workdays(m, t->actual_start, end);
        }
    }
    v->has_spi = cur->tracked && v->pv > 0;
    v->has_cpi = cur->tracked && v->ac > 0;
    v->spi = v->has_spi ? v->ev / v->pv : 0;
    v->cpi = v->has_cpi ? v->ev / v->ac : 0;
    v->eac = v->has_cpi && v->cpi > 0 ? v->bac / v->cpi : v->bac;
    v->percent_complete = v->bac > 0 ? 100.0 * v->ev / v->bac : 0;
}

int pm_variance_compute(pm_variance *v, const pm_run *cur,
                        const pm_run *baseline, const char *baseline_name,
                        const pm_run *previous)
{
    memset(v, 0, sizeof *v);
    v->baseline = baseline;
    v->baseline_name = baseline_name;
    v->previous = previous;
    v->priced = cur->priced;
    v->tracked = cur->tracked;
    v->start = cur->start;
    v->finish = cur->finish;
    pm_calmap m;
    int rc = pm_calmap_init(&m, &cur->cal, cur->start);
    if (rc != PM_OK) {
        return rc;
    }
    pm_strindex bix = PM_STRINDEX_INIT, pix = PM_STRINDEX_INIT,
                cix = PM_STRINDEX_INIT;
    v->tasks = calloc((size_t)cur->n_tasks + 1, sizeof *v->tasks);
    v->removed = malloc(((size_t)(previous ? previous->n_tasks : 0) + 1) *
                        sizeof *v->removed);
    if (!v->tasks || !v->removed || index_run(&bix, baseline) ||
        index_run(&pix, previous) || index_run(&cix, cur)) {
        rc = PM_ENOMEM;
        goto done;
    }
    for (int i = 0; i < cur->n_tasks; i++) {
        const pm_run_task *t = &cur->tasks[i];
        pm_task_variance *tv = &v->tasks[i];
        tv->percent = task_percent(t, &m, cur->status_date);
        int k = pm_strindex_find(&bix, t->task_id);
        if (k >= 0) {
            tv->in_baseline = true;
            tv->base_start = baseline->tasks[k].start;
            tv->base_finish = baseline->tasks[k].finish;
            tv->start_var = shift(&m, tv->base_start, t->start);
            tv->finish_var = shift(&m, tv->base_finish, t->finish);
        }
        k = pm_strindex_find(&pix, t->task_id);
        if (k >= 0) {
            tv->in_previous = true;
            tv->prev_start = previous->tasks[k].start;
            tv->prev_finish = previous->tasks[k].finish;
            tv->prev_start_var = shift(&m, tv->prev_start, t->start);
            tv->prev_finish_var = shift(&m, tv->prev_finish, t->finish);
        } else if (previous) {
            v->n_added++;
        }
    }
    for (int i = 0; previous && i < previous->n_tasks; i++) {
        if (pm_strindex_find(&cix, previous->tasks[i].task_id) < 0) {
            v->removed[v->n_removed++] = i;
        }
    }
    earned_value(v, cur, &m, &cix);
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
