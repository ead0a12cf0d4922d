/* planner/runs/variance.c - baseline and week-over-week variance, earned value,
 * all from captured or stored runs. */
#include "planner/runs/variance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/calendar.h"
#include "planner/model/l10n.h"
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

pm_health pm_health_of_index(double x)
{
    return x < 0.85 ? PM_RED : x < 0.95 ? PM_AMBER : PM_GREEN;
}

const char *pm_health_name(pm_health h)
{
    return h == PM_RED ? "red" : h == PM_AMBER ? "amber" : "green";
}

/* Appends reason why of colour h to buf when h is the verdict's colour:
 * the reasons given are those of the worst colour found. */
static void reason(const pm_variance *v, int lang, pm_health h,
                   const char *why, char *buf, size_t size)
{
    size_t len = strlen(buf);
    if (h == v->health && len + strlen(why) + 3 < size) {
        snprintf(buf + len, size - len, "%s%s", len ? pm_tr(lang, "; ") : "",
                 why);
    }
}

/* The colour each part of the rule gives, and the worst: v->health. */
static void health(pm_variance *v, const pm_run *cur)
{
    for (int i = 0; i < cur->n_tasks; i++) {
        const pm_run_task *t = &cur->tasks[i];
        v->late_tasks += !t->summary && t->late;
        v->slipped_milestones += t->milestone && v->tasks[i].in_baseline &&
                                 v->tasks[i].finish_var > 0;
        v->deadlines_at_risk +=
            !t->late && pm_outlook_deadline_unlikely(&cur->outlook, i);
    }
    pm_health h = v->finish_var > 5   ? PM_RED
                  : v->finish_var > 0 ? PM_AMBER
                                      : PM_GREEN;
    h = v->late_tasks > 0 ? PM_RED : h;
    h = (v->slipped_milestones > 0 || v->deadlines_at_risk > 0) && h < PM_AMBER
            ? PM_AMBER
            : h;
    pm_health spi = v->has_spi ? pm_health_of_index(v->spi) : PM_GREEN;
    pm_health cpi = v->has_cpi ? pm_health_of_index(v->cpi) : PM_GREEN;
    h = spi > h ? spi : h;
    v->health = cpi > h ? cpi : h;
    pm_health_why(v, PM_LANG_EN, v->health_why, sizeof v->health_why);
}

void pm_health_why(const pm_variance *v, int lang, char *out, size_t size)
{
    char buf[160];
    out[0] = '\0';
    if (v->finish_var > 0) {
        snprintf(buf, sizeof buf,
                 pm_tr(lang, "forecast finish %d working day%s after the "
                             "baseline"),
                 v->finish_var, v->finish_var == 1 ? "" : "s");
        reason(v, lang, v->finish_var > 5 ? PM_RED : PM_AMBER, buf, out, size);
    }
    if (v->late_tasks > 0) {
        snprintf(buf, sizeof buf,
                 pm_tr(lang, v->late_tasks == 1 ? "%d task past its deadline"
                                                : "%d tasks past their "
                                                  "deadline"),
                 v->late_tasks);
        reason(v, lang, PM_RED, buf, out, size);
    }
    if (v->slipped_milestones > 0) {
        snprintf(buf, sizeof buf,
                 pm_tr(lang, "%d milestone%s later than the baseline"),
                 v->slipped_milestones, v->slipped_milestones == 1 ? "" : "s");
        reason(v, lang, PM_AMBER, buf, out, size);
    }
    if (v->deadlines_at_risk > 0) {
        snprintf(buf, sizeof buf,
                 pm_tr(lang, v->deadlines_at_risk == 1
                                 ? "%d deadline met in under half the "
                                   "simulated runs"
                                 : "%d deadlines met in under half the "
                                   "simulated runs"),
                 v->deadlines_at_risk);
        reason(v, lang, PM_AMBER, buf, out, size);
    }
    const struct {
        const char *name;
        double x;
        bool known;
    } idx[] = {{"SPI", v->spi, v->has_spi}, {"CPI", v->cpi, v->has_cpi}};
    for (size_t k = 0; k < 2; k++) {
        if (idx[k].known && pm_health_of_index(idx[k].x) != PM_GREEN) {
            snprintf(buf, sizeof buf, "%s %.2f", idx[k].name, idx[k].x);
            reason(v, lang, pm_health_of_index(idx[k].x), buf, out, size);
        }
    }
    if (v->health == PM_GREEN) {
        snprintf(out, size, "%s",
                 pm_tr(lang, v->baseline ? "on or before the baseline finish, "
                                           "no deadline missed"
                                         : "no baseline to compare with yet, "
                                           "no deadline missed"));
    }
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
    if (baseline) {
        v->finish_var = shift(&m, baseline->finish, cur->finish);
    }
    health(v, cur);
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
