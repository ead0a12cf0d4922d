/* solver/sgs.c - serial schedule generation with person-level capacity
 * (sgs.h): fixed starts first, then every task at its earliest; the
 * right-justified pass for float; why a fixed start cannot be kept. */
#include "solver/sgs.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/heap.h"

long pm_priority_weight(int priority)
{
    static const long w[5] = {10000, 1000, 100, 10, 1};
    return w[priority < 0 ? 0 : priority > 4 ? 4 : priority];
}

void pm_sgs_result_reset(pm_sgs_result *r)
{
    free(r->start);
    free(r->finish);
    free(r->asg);
    memset(r, 0, sizeof *r);
}

static int add_grants(pm_sgs_result *out, int j, const pm_grants *g)
{
    if (out->n_asg + g->n > out->cap_asg) {
        int cap = out->cap_asg ? out->cap_asg : 64;
        while (cap < out->n_asg + g->n) {
            cap *= 2;
        }
        pm_assignment *v = realloc(out->asg, (size_t)cap * sizeof *v);
        if (!v) {
            return PM_ENOMEM;
        }
        out->asg = v;
        out->cap_asg = cap;
    }
    for (int k = 0; k < g->n; k++) {
        const pm_grant *x = &g->v[k];
        out->asg[out->n_asg++] =
            (pm_assignment){j, x->resource, x->units, x->from, x->to};
    }
    return PM_OK;
}

/* Books the grants for task j in the state and the result. */
static int book(pm_sgs_result *out, pm_rstate *rs, int j, const pm_grants *g)
{
    return pm_capacity_book(rs, g) != PM_OK || add_grants(out, j, g) != PM_OK
               ? PM_ENOMEM
               : PM_OK;
}

/* Earliest start *ts and earliest finish *tf (INT_MIN: none) that task j's
 * release and placed predecessors allow, by the exact rule of each
 * dependency. */
static void earliest(const pm_network *net, const pm_sgs_result *out, int j,
                     int *ts, int *tf)
{
    *ts = net->release[j];
    *tf = INT_MIN;
    for (int e = net->in_start[j]; e < net->in_start[j + 1]; e++) {
        int a = net->in_from[e];
        int from = net->in_kind[e] & PM_EDGE_FROM_FINISH ? out->finish[a]
                                                         : out->start[a];
        int v = from + net->in_lag[e];
        if (net->in_kind[e] & PM_EDGE_TO_FINISH) {
            *tf = v > *tf ? v : *tf;
        } else {
            *ts = v > *ts ? v : *ts;
        }
    }
}

static const char *date_of(const pm_network *net, int slot, char *buf)
{
    return pm_date_format(pm_calmap_slot_date(&net->map, slot), buf);
}

/* The task booked on resource r at slot s in out, or -1. */
static int booked_by(const pm_sgs_result *out, int r, int s)
{
    for (int a = 0; a < out->n_asg; a++) {
        const pm_assignment *as = &out->asg[a];
        if (as->resource == r && as->start <= s && s < as->finish) {
            return as->task;
        }
    }
    return -1;
}

/* Says why task j cannot be covered from slot t for d slots: the first
 * person or pool short of seats there, and on which date. */
static void explain_short(const pm_network *net, const pm_rstate *rs,
                          const pm_sgs_result *out, int j, int t, int d,
                          char *buf, size_t size)
{
    const pm_project *p = net->p;
    const pm_task *task = &p->tasks[j];
    char date[11];
    snprintf(buf, size, "the people it needs are not free");
    for (int s = t; s < t + (d > 0 ? d : 1); s++) {
        for (int k = 0; k < net->n_needs[j]; k++) {
            const pm_need *nd = &task->needs[k];
            if (nd->resource >= 0) {
                int r = nd->resource;
                if (pm_capacity_seats(rs, r, s) - pm_capacity_used(rs, r, s) >=
                    nd->units) {
                    continue;
                }
                int by = booked_by(out, r, s);
                if (pm_capacity_seats(rs, r, s) < nd->units) {
                    snprintf(buf, size, "'%s' is on leave on %s",
                             p->resources[r].id, date_of(net, s, date));
                } else {
                    snprintf(buf, size, "'%s' is booked for '%s' on %s",
                             p->resources[r].id,
                             by >= 0 ? p->tasks[by].id : "another task",
                             date_of(net, s, date));
                }
                return;
            }
            const pm_pool *pool = &p->pools[nd->pool];
            long free_seats = 0;
            for (int m = 0; m < pool->n_members; m++) {
                int r = pool->members[m];
                int f =
                    pm_capacity_seats(rs, r, s) - pm_capacity_used(rs, r, s);
                free_seats += f > 0 ? f : 0;
            }
            if (free_seats < nd->units) {
                snprintf(buf, size,
                         "pool '%s' has %g of the %g people it needs free on "
                         "%s",
                         pool->id, free_seats / 100.0, nd->units / 100.0,
                         date_of(net, s, date));
                return;
            }
        }
    }
}

/* Books every task with a fixed start there, earliest first; fails with a
 * message when the people one needs are not free then. */
static int book_fixed(pm_sgs_result *out, const pm_network *net, pm_rstate *rs,
                      char *placed, pm_grants *g, pm_diag *diag)
{
    const pm_project *p = net->p;
    for (;;) {
        int j = -1;
        for (int i = 0; i < net->n; i++) {
            if (net->leaf[i] && net->fixed[i] >= 0 && !placed[i] &&
                (j < 0 || net->fixed[i] < net->fixed[j])) {
                j = i;
            }
        }
        if (j < 0) {
            return PM_OK;
        }
        int t = net->fixed[j], d = net->dur[j];
        if (d > 0 && net->n_needs[j] > 0) {
            if (!pm_capacity_place(rs, j, t, g, &d)) {
                if (g->oom) {
                    return PM_ENOMEM;
                }
                char why[256], date[11];
                explain_short(net, rs, out, j, t, net->dur[j], why, sizeof why);
                pm_diag_error(diag, &p->tasks[j].loc,
                              "task '%s' must start on %s (fixed start), "
                              "but %s",
                              p->tasks[j].id, date_of(net, t, date), why);
                return PM_EINFEASIBLE;
            }
            if (book(out, rs, j, g) != PM_OK) {
                return PM_ENOMEM;
            }
        }
        out->start[j] = t;
        out->finish[j] = t + d;
        placed[j] = 1;
        assert(d >= 0 && t == net->fixed[j]); /* a fixed start never moves */
    }
}

/* Places task j, not fixed, at the earliest slot from ts where its people
 * are free, finishing no earlier than tf. */
static int place_task(pm_sgs_result *out, const pm_network *net, pm_rstate *rs,
                      int j, int ts, int tf, pm_grants *g, pm_diag *diag)
{
    int d = net->dur[j];
    int t = tf != INT_MIN && tf - d > ts ? tf - d : ts;
    if (d == 0 || net->n_needs[j] == 0) {
        out->start[j] = t;
        out->finish[j] = t + d;
        return PM_OK;
    }
    for (;;) {
        /* Slots where a need alone cannot be met are jumped past: no
         * start up to them can be placed (at least dur[j] slots long). */
        for (;;) {
            int s = pm_capacity_blocked(rs, j, t, net->dur[j]);
            if (s < 0 && pm_capacity_place(rs, j, t, g, &d)) {
                break;
            }
            if (s < 0 && g->oom) {
                return PM_ENOMEM;
            }
            if (t > pm_capacity_quiet(rs)) {
                pm_diag_error(diag, &net->p->tasks[j].loc,
                              "the needs of task '%s' can never be met "
                              "together (a person is asked for more than "
                              "they can give)",
                              net->p->tasks[j].id);
                return PM_EINFEASIBLE;
            }
            t = s >= 0 ? s + 1 : t + 1;
        }
        if (tf == INT_MIN || t + d >= tf) {
            break;
        }
        t = tf - d > t + 1 ? tf - d : t + 1; /* its people were faster */
    }
    if (book(out, rs, j, g) != PM_OK) {
        return PM_ENOMEM;
    }
    out->start[j] = t;
    out->finish[j] = t + d;
    return PM_OK;
}

/* Reports that the fixed start of task j cannot be kept in this pass: a
 * predecessor finishes (or starts) too late. */
static void report_late_pred(const pm_network *net, const pm_sgs_result *out,
                             int j, pm_diag *diag)
{
    const pm_project *p = net->p;
    int pred = -1;
    for (int e = net->in_start[j]; e < net->in_start[j + 1]; e++) {
        int a = net->in_from[e];
        int from = net->in_kind[e] & PM_EDGE_FROM_FINISH ? out->finish[a]
                                                         : out->start[a];
        int to = net->in_kind[e] & PM_EDGE_TO_FINISH ? out->finish[j]
                                                     : out->start[j];
        if (from + net->in_lag[e] > to) {
            pred = a;
            break;
        }
    }
    char a[11], b[11], who[160] = "";
    if (pred >= 0 && p->tasks[pred].n_needs > 0) {
        const pm_need *nd = &p->tasks[pred].needs[0];
        snprintf(who, sizeof who, " (it needs %s '%s')",
                 nd->pool >= 0 ? "pool" : "person",
                 nd->pool >= 0 ? p->pools[nd->pool].id
                               : p->resources[nd->resource].id);
    }
    pm_diag_error(diag, &p->tasks[j].loc,
                  "task '%s' must start on %s (fixed start), but its "
                  "predecessor '%s'%s cannot be done in time with the "
                  "people free before it: it finishes on %s",
                  p->tasks[j].id, date_of(net, out->start[j], a),
                  pred >= 0 ? p->tasks[pred].id : "?", who,
                  pred >= 0 ? pm_date_format(pm_calmap_finish_date(
                                                 &net->map, out->start[pred],
                                                 out->finish[pred]),
                                             b)
                            : "?");
}

int pm_sgs_forward(pm_sgs_result *out, const pm_network *net, pm_rstate *rs,
                   const long *key, pm_diag *diag)
{
    const pm_project *p = net->p;
    int n = net->n;
    memset(out, 0, sizeof *out);
    out->start = calloc((size_t)n + 1, sizeof(int));
    out->finish = calloc((size_t)n + 1, sizeof(int));
    int *waiting = calloc((size_t)n + 1, sizeof(int));
    char *placed = calloc((size_t)n + 1, 1);
    pm_heap h = {malloc(((size_t)n + 1) * sizeof(int)), 0, key};
    pm_grants g = {0};
    int rc = PM_OK;
    if (!out->start || !out->finish || !waiting || !placed || !h.v) {
        rc = PM_ENOMEM;
        goto done;
    }
    pm_rstate_clear(rs);
    if ((rc = book_fixed(out, net, rs, placed, &g, diag)) != PM_OK) {
        goto done;
    }
    for (int j = 0; j < n; j++) {
        waiting[j] = net->in_start[j + 1] - net->in_start[j];
        if (net->leaf[j] && waiting[j] == 0) {
            pm_heap_push(&h, j);
        }
    }
    while (h.n > 0) {
        int j = pm_heap_pop(&h);
        int ts, tf;
        earliest(net, out, j, &ts, &tf);
        if (placed[j]) {
            if (ts > out->start[j] || (tf != INT_MIN && tf > out->finish[j])) {
                report_late_pred(net, out, j, diag);
                rc = PM_EINFEASIBLE;
                goto done;
            }
        } else if ((rc = place_task(out, net, rs, j, ts, tf, &g, diag)) !=
                   PM_OK) {
            goto done;
        }
        int f = out->finish[j];
        out->makespan = f > out->makespan ? f : out->makespan;
        if (f > net->due[j]) {
            out->lateness += (long)(f - net->due[j]) *
                             pm_priority_weight(p->tasks[j].priority);
        }
        for (int e = net->out_start[j]; e < net->out_start[j + 1]; e++) {
            if (--waiting[net->out_to[e]] == 0) {
                pm_heap_push(&h, net->out_to[e]);
            }
        }
    }
done:
    free(waiting);
    free(placed);
    free(h.v);
    free(g.v);
    if (rc != PM_OK) {
        pm_sgs_result_reset(out);
    }
    return rc;
}

bool pm_sgs_fixed_conflict(const pm_network *net, pm_rstate *rs)
{
    pm_sgs_result r = {0};
    pm_diag quiet = PM_DIAG_INIT;
    char *placed = calloc((size_t)net->n + 1, 1);
    r.start = calloc((size_t)net->n + 1, sizeof(int));
    r.finish = calloc((size_t)net->n + 1, sizeof(int));
    pm_grants g = {0};
    bool conflict = false;
    if (placed && r.start && r.finish) {
        pm_rstate_clear(rs);
        conflict =
            book_fixed(&r, net, rs, placed, &g, &quiet) == PM_EINFEASIBLE;
    }
    free(g.v);
    free(placed);
    pm_sgs_result_reset(&r);
    pm_diag_reset(&quiet);
    return conflict;
}
