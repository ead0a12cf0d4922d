/* solver/sgs.c - serial schedule generation with person-level capacity. */
#include "solver/sgs.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/heap.h"

/* A member who may cover part of a pool need. */
typedef struct {
    int resource;
    int spare;   /* seats free over the slots in question */
    bool prefer; /* worked on the task in the previous slot */
    bool bought; /* outsourced capacity: after every person */
    long load;   /* seat-slots other tasks ask of them by name */
    int speed;   /* percent; counts only for effort-driven tasks */
} candidate;

struct pm_rstate {
    const pm_network *net;
    int n_res;
    int *base;      /* seats per resource on a normal working slot */
    int *speed;     /* percent per resource: 100 less the reserve */
    int **avail;    /* per resource: seats per slot for [0, avail_len) */
    int *avail_len;
    int **used;     /* per resource: seats taken per slot for [0, used_len) */
    int *used_len;
    int *claim;     /* per resource: seats claimed by the task being placed */
    int quiet;      /* from this slot on, no vacation and no usage */
    candidate *cand; /* scratch: pool members */
    int *scratch;   /* scratch: spare seats per pool member */
    long *named;    /* per resource: seat-slots tasks ask of them by name */
    char *used_prev; /* scratch: worked on the task in the previous slot */
};

long pm_priority_weight(int priority)
{
    static const long w[5] = {10000, 1000, 100, 10, 1};
    return w[priority < 0 ? 0 : priority > 4 ? 4 : priority];
}

pm_rstate *pm_rstate_new(const pm_network *net)
{
    const pm_project *p = net->p;
    pm_rstate *rs = calloc(1, sizeof *rs);
    if (!rs) {
        return NULL;
    }
    int n = p->n_resources;
    rs->net = net;
    rs->n_res = n;
    rs->base = calloc((size_t)n + 1, sizeof(int));
    rs->speed = calloc((size_t)n + 1, sizeof(int));
    rs->avail = calloc((size_t)n + 1, sizeof(int *));
    rs->avail_len = calloc((size_t)n + 1, sizeof(int));
    rs->used = calloc((size_t)n + 1, sizeof(int *));
    rs->used_len = calloc((size_t)n + 1, sizeof(int));
    rs->claim = calloc((size_t)n + 1, sizeof(int));
    rs->cand = calloc((size_t)n + 1, sizeof(candidate));
    rs->scratch = calloc((size_t)n + 1, sizeof(int));
    rs->used_prev = calloc((size_t)n + 1, 1);
    rs->named = calloc((size_t)n + 1, sizeof(long));
    if (!rs->named || !rs->base || !rs->speed || !rs->avail ||
        !rs->avail_len || !rs->used || !rs->used_len || !rs->claim ||
        !rs->cand || !rs->scratch || !rs->used_prev) {
        pm_rstate_free(rs);
        return NULL;
    }
    for (int j = 0; j < p->n_tasks; j++) {
        for (int k = 0; net->leaf[j] && k < net->n_needs[j]; k++) {
            const pm_need *nd = &p->tasks[j].needs[k];
            if (nd->resource >= 0) {
                rs->named[nd->resource] += (long)nd->units * net->dur[j];
            }
        }
    }
    for (int r = 0; r < n; r++) {
        const pm_resource *res = &p->resources[r];
        rs->base[r] = pm_net_seats(net, r);
        rs->speed[r] = pm_resource_speed(res);
        int len = 0;
        for (int v = 0; v < res->n_vacations; v++) {
            int e = pm_calmap_slot_of_date(&net->map,
                                           res->vacations[v].last + 1);
            len = e > len ? e : len;
        }
        if (len > 0) {
            rs->avail[r] = malloc((size_t)len * sizeof(int));
            if (!rs->avail[r]) {
                pm_rstate_free(rs);
                return NULL;
            }
            for (int s = 0; s < len; s++) {
                rs->avail[r][s] = rs->base[r];
            }
            for (int v = 0; v < res->n_vacations; v++) {
                int a = pm_calmap_slot_of_date(&net->map,
                                               res->vacations[v].first);
                int e = pm_calmap_slot_of_date(&net->map,
                                               res->vacations[v].last + 1);
                for (int s = a; s < e; s++) {
                    rs->avail[r][s] = 0;
                }
            }
        }
        rs->avail_len[r] = len;
        rs->quiet = len > rs->quiet ? len : rs->quiet;
    }
    return rs;
}

void pm_rstate_free(pm_rstate *rs)
{
    if (!rs) {
        return;
    }
    for (int r = 0; r < rs->n_res; r++) {
        if (rs->avail) {
            free(rs->avail[r]);
        }
        if (rs->used) {
            free(rs->used[r]);
        }
    }
    free(rs->base);
    free(rs->speed);
    free(rs->avail);
    free(rs->avail_len);
    free(rs->used);
    free(rs->used_len);
    free(rs->claim);
    free(rs->cand);
    free(rs->scratch);
    free(rs->used_prev);
    free(rs->named);
    free(rs);
}

void pm_rstate_clear(pm_rstate *rs)
{
    int quiet = 0;
    for (int r = 0; r < rs->n_res; r++) {
        if (rs->used[r]) {
            memset(rs->used[r], 0, (size_t)rs->used_len[r] * sizeof(int));
        }
        quiet = rs->avail_len[r] > quiet ? rs->avail_len[r] : quiet;
    }
    rs->quiet = quiet;
}

/* Seats of resource r at slot s before any booking (0 on leave). */
static int seats_at(const pm_rstate *rs, int r, int s)
{
    return s < rs->avail_len[r] ? rs->avail[r][s] : rs->base[r];
}

/* Seats of resource r booked at slot s. */
static int used_at(const pm_rstate *rs, int r, int s)
{
    return s < rs->used_len[r] ? rs->used[r][s] : 0;
}

/* Smallest spare seats of resource r over slots [t, t + d). */
static int min_free(const pm_rstate *rs, int r, int t, int d)
{
    int best = INT_MAX;
    for (int s = t; s < t + d; s++) {
        int f = seats_at(rs, r, s) - used_at(rs, r, s);
        if (f < best) {
            best = f;
            if (best <= 0) {
                break;
            }
        }
    }
    return best;
}

static int take(pm_rstate *rs, int r, int t, int d, int units)
{
    if (rs->used_len[r] < t + d) {
        int len = rs->used_len[r] ? rs->used_len[r] : 64;
        while (len < t + d) {
            len *= 2;
        }
        int *v = realloc(rs->used[r], (size_t)len * sizeof(int));
        if (!v) {
            return PM_ENOMEM;
        }
        memset(v + rs->used_len[r], 0,
               (size_t)(len - rs->used_len[r]) * sizeof(int));
        rs->used[r] = v;
        rs->used_len[r] = len;
    }
    for (int s = t; s < t + d; s++) {
        rs->used[r][s] += units;
    }
    if (t + d > rs->quiet) {
        rs->quiet = t + d;
    }
    return PM_OK;
}

/* Seats of one person given to the task being placed over [from, to). */
typedef struct {
    int resource;
    int units;
    int from, to;
} grant;

typedef struct {
    grant *v;
    int n, cap;
    bool oom;
} grants;

static void grant_add(grants *g, int r, int units, int from, int to)
{
    /* Extend the person's segment that ends where this one starts. */
    for (int k = g->n - 1; k >= 0; k--) {
        if (g->v[k].resource == r && g->v[k].units == units &&
            g->v[k].to == from) {
            g->v[k].to = to;
            return;
        }
    }
    if (g->n == g->cap) {
        int cap = g->cap ? g->cap * 2 : 16;
        grant *v = realloc(g->v, (size_t)cap * sizeof *v);
        if (!v) {
            g->oom = true;
            return;
        }
        g->v = v;
        g->cap = cap;
    }
    g->v[g->n++] = (grant){r, units, from, to};
}

/* Clears the claims the grants made. */
static void release_claims(pm_rstate *rs, const grants *g)
{
    for (int k = 0; k < g->n; k++) {
        rs->claim[g->v[k].resource] = 0;
    }
}

/* Spare seats of r at slot s, less what the task claims there already. */
static int spare(const pm_rstate *rs, int r, int s)
{
    return min_free(rs, r, s, 1) - rs->claim[r];
}

/* Whether candidate a comes before b: who worked on the task in the
 * previous slot, then people before bought capacity, then people few tasks
 * ask for by name (so they stay free for those), then (for effort-driven
 * work) the faster, then the most spare. */
static bool cand_before(const candidate *a, const candidate *b)
{
    if (a->prefer != b->prefer) {
        return a->prefer;
    }
    if (a->bought != b->bought) {
        return !a->bought;
    }
    if (a->speed != b->speed) {
        return a->speed > b->speed;
    }
    if (a->load != b->load) {
        return a->load < b->load;
    }
    return a->spare > b->spare;
}

/* Covers one pool need of units seats from members' spare seats given by
 * free_units; prefer[] marks who worked on it in the previous slot (may be
 * NULL). Adds claims and grants over [from, to) and the work per slot
 * (seats x speed) to *rate; returns false if the members cannot cover it.
 * by_speed: the task is effort-driven, so faster people go first. */
static bool cover_pool(pm_rstate *rs, const pm_pool *pool, int units,
                       const int *free_units, const char *prefer,
                       bool by_speed, int from, int to, grants *g, long *rate)
{
    int nc = 0;
    long total = 0;
    for (int m = 0; m < pool->n_members; m++) {
        int r = pool->members[m];
        int f = free_units[m];
        if (f <= 0) {
            continue;
        }
        candidate c = {r,
                       f,
                       prefer && prefer[r],
                       rs->net->p->resources[r].outsourced_pool >= 0,
                       rs->named[r],
                       by_speed ? rs->speed[r] : 0};
        int pos = nc++;
        while (pos > 0 && cand_before(&c, &rs->cand[pos - 1])) {
            rs->cand[pos] = rs->cand[pos - 1];
            pos--;
        }
        rs->cand[pos] = c;
        total += f;
    }
    if (total < units) {
        return false;
    }
    int left = units;
    for (int c = 0; c < nc && left > 0; c++) {
        int r = rs->cand[c].resource;
        int u = rs->cand[c].spare < left ? rs->cand[c].spare : left;
        rs->claim[r] += u;
        grant_add(g, r, u, from, to);
        *rate += (long)u * rs->speed[r];
        left -= u;
    }
    return true;
}

/* The same people for the whole of [t, t + d), each giving constant
 * seats; *rate gets the work they do per slot. */
static bool place_constant(pm_rstate *rs, int j, int t, int d, grants *g,
                           long *rate)
{
    const pm_task *task = &rs->net->p->tasks[j];
    bool by_speed = rs->net->work[j] > 0;
    for (int k = 0; k < rs->net->n_needs[j]; k++) {
        const pm_need *nd = &task->needs[k];
        if (nd->resource >= 0) {
            int r = nd->resource;
            if (min_free(rs, r, t, d) - rs->claim[r] < nd->units) {
                return false;
            }
            rs->claim[r] += nd->units;
            grant_add(g, r, nd->units, t, t + d);
            *rate += (long)nd->units * rs->speed[r];
            continue;
        }
        const pm_pool *pool = &rs->net->p->pools[nd->pool];
        for (int m = 0; m < pool->n_members; m++) {
            int r = pool->members[m];
            rs->scratch[m] = min_free(rs, r, t, d) - rs->claim[r];
        }
        if (!cover_pool(rs, pool, nd->units, rs->scratch, NULL, by_speed, t,
                        t + d, g, rate)) {
            return false;
        }
    }
    return true;
}

/* Slot by slot from t: pool needs may change people where a vacation or
 * another booking forces it, keeping yesterday's people where they are
 * free. A task of fixed duration takes its dur slots; an effort-driven one
 * runs until its people have done its work. *dur gets the slots taken. */
static bool place_by_slot(pm_rstate *rs, int j, int t, grants *g, int *dur)
{
    const pm_network *net = rs->net;
    const pm_task *task = &net->p->tasks[j];
    long work = net->work[j], done = 0;
    /* The slowest people finish by dur_max; the guard only stops a walk
     * that could not end. */
    int last = work > 0 ? t + 2 * net->dur_max[j] + 2 : t + net->dur[j];
    int s = t;
    for (; s < last && (work > 0 ? done < work : true); s++) {
        long rate = 0;
        for (int k = 0; k < net->n_needs[j]; k++) {
            const pm_need *nd = &task->needs[k];
            if (nd->resource >= 0) {
                if (spare(rs, nd->resource, s) < nd->units) {
                    return false;
                }
                rs->claim[nd->resource] += nd->units;
                grant_add(g, nd->resource, nd->units, s, s + 1);
                rate += (long)nd->units * rs->speed[nd->resource];
                continue;
            }
            const pm_pool *pool = &net->p->pools[nd->pool];
            for (int m = 0; m < pool->n_members; m++) {
                rs->scratch[m] = spare(rs, pool->members[m], s);
            }
            if (!cover_pool(rs, pool, nd->units, rs->scratch, rs->used_prev,
                            work > 0, s, s + 1, g, &rate)) {
                return false;
            }
        }
        done += rate;
        /* Claims hold for one slot only; remember who worked. */
        memset(rs->used_prev, 0, (size_t)rs->n_res + 1);
        for (int k = 0; k < g->n; k++) {
            if (g->v[k].to == s + 1) {
                rs->claim[g->v[k].resource] = 0;
                rs->used_prev[g->v[k].resource] = 1;
            }
        }
    }
    if (work > 0 && done < work) {
        return false;
    }
    *dur = s - t;
    return true;
}

/* Tries to cover all needs of task j from slot t, keeping the same people
 * throughout if it can. On success g holds the grants and *dur the slots
 * the task takes (its duration, or for an effort-driven task what its
 * people need); claims are cleared either way. */
static bool try_place(pm_rstate *rs, int j, int t, grants *g, int *dur)
{
    const pm_network *net = rs->net;
    long work = net->work[j];
    /* An effort-driven task: the people chosen for d slots may need
     * longer; d only grows (spare seats over a longer span never grow), up
     * to what the slowest need. */
    for (int d = net->dur[j];;) {
        long rate = 0;
        g->n = 0;
        bool ok = place_constant(rs, j, t, d, g, &rate);
        release_claims(rs, g);
        if (!ok || g->oom) {
            break;
        }
        if (work == 0) {
            *dur = d;
            return true;
        }
        int need = rate > 0 ? (int)((work + rate - 1) / rate) : INT_MAX;
        if (need <= d) {
            for (int k = 0; k < g->n; k++) {
                g->v[k].to = t + need;
            }
            *dur = need;
            return true;
        }
        if (need > 2 * net->dur_max[j] + 1) {
            break;
        }
        d = need;
    }
    if (g->oom || (work == 0 && net->dur[j] <= 1)) {
        return false;
    }
    g->n = 0;
    memset(rs->used_prev, 0, (size_t)rs->n_res + 1);
    bool ok = place_by_slot(rs, j, t, g, dur);
    release_claims(rs, g);
    return ok && !g->oom;
}

void pm_sgs_result_reset(pm_sgs_result *r)
{
    free(r->start);
    free(r->finish);
    free(r->asg);
    memset(r, 0, sizeof *r);
}

static int add_grants(pm_sgs_result *out, int j, const grants *g)
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
        const grant *x = &g->v[k];
        out->asg[out->n_asg++] =
            (pm_assignment){j, x->resource, x->units, x->from, x->to};
    }
    return PM_OK;
}

static int take_all(pm_rstate *rs, const grants *g)
{
    for (int k = 0; k < g->n; k++) {
        const grant *x = &g->v[k];
        if (take(rs, x->resource, x->from, x->to - x->from, x->units)) {
            return PM_ENOMEM;
        }
    }
    return PM_OK;
}

/* Books the grants for task j in the state and the result. */
static int book(pm_sgs_result *out, pm_rstate *rs, int j, const grants *g)
{
    return take_all(rs, g) != PM_OK || add_grants(out, j, g) != PM_OK
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
                if (seats_at(rs, r, s) - used_at(rs, r, s) >= nd->units) {
                    continue;
                }
                int by = booked_by(out, r, s);
                if (seats_at(rs, r, s) < nd->units) {
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
                int f = seats_at(rs, r, s) - used_at(rs, r, s);
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
static int book_fixed(pm_sgs_result *out, const pm_network *net,
                      pm_rstate *rs, char *placed, grants *g, pm_diag *diag)
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
            if (!try_place(rs, j, t, g, &d)) {
                if (g->oom) {
                    return PM_ENOMEM;
                }
                char why[256], date[11];
                explain_short(net, rs, out, j, t, net->dur[j], why,
                              sizeof why);
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
    }
}

/* Places task j, not fixed, at the earliest slot from ts where its people
 * are free, finishing no earlier than tf. */
static int place_task(pm_sgs_result *out, const pm_network *net,
                      pm_rstate *rs, int j, int ts, int tf, grants *g,
                      pm_diag *diag)
{
    int d = net->dur[j];
    int t = tf != INT_MIN && tf - d > ts ? tf - d : ts;
    if (d == 0 || net->n_needs[j] == 0) {
        out->start[j] = t;
        out->finish[j] = t + d;
        return PM_OK;
    }
    for (;;) {
        while (!try_place(rs, j, t, g, &d)) {
            if (g->oom) {
                return PM_ENOMEM;
            }
            if (t > rs->quiet) {
                pm_diag_error(diag, &net->p->tasks[j].loc,
                              "the needs of task '%s' can never be met "
                              "together (a person is asked for more than "
                              "they can give)",
                              net->p->tasks[j].id);
                return PM_EINFEASIBLE;
            }
            t++;
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
                  pred >= 0
                      ? pm_date_format(pm_calmap_finish_date(
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
    grants g = {0};
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
    grants g = {0};
    bool conflict = false;
    if (placed && r.start && r.finish) {
        pm_rstate_clear(rs);
        conflict = book_fixed(&r, net, rs, placed, &g, &quiet) ==
                   PM_EINFEASIBLE;
    }
    free(g.v);
    free(placed);
    pm_sgs_result_reset(&r);
    pm_diag_reset(&quiet);
    return conflict;
}

int pm_sgs_latest(int *late, const pm_network *net, pm_rstate *rs,
                  const pm_sgs_result *r)
{
    int n = net->n;
    int *waiting = calloc((size_t)n + 1, sizeof(int));
    int *late_fin = calloc((size_t)n + 1, sizeof(int));
    long *key = malloc(((size_t)n + 1) * sizeof(long));
    pm_heap h = {malloc(((size_t)n + 1) * sizeof(int)), 0, key};
    grants g = {0};
    int rc = PM_OK;
    if (!waiting || !late_fin || !key || !h.v) {
        rc = PM_ENOMEM;
        goto done;
    }
    pm_rstate_clear(rs);
    for (int j = 0; j < n; j++) {
        late[j] = r->start[j];
        late_fin[j] = r->finish[j];
        /* Latest finish first: a max-heap through negated keys. */
        key[j] = -(long)r->finish[j];
        waiting[j] = net->out_start[j + 1] - net->out_start[j];
        if (net->leaf[j] && waiting[j] == 0) {
            pm_heap_push(&h, j);
        }
    }
    while (h.n > 0) {
        int j = pm_heap_pop(&h);
        /* Limits on j's start and finish from its placed successors. */
        long lim_s = INT_MAX, lim_f = r->makespan;
        for (int e = net->out_start[j]; e < net->out_start[j + 1]; e++) {
            int k = net->out_to[e];
            long v = (long)(net->out_kind[e] & PM_EDGE_TO_FINISH ? late_fin[k]
                                                                  : late[k]) -
                     net->out_lag[e];
            if (net->out_kind[e] & PM_EDGE_FROM_FINISH) {
                lim_f = v < lim_f ? v : lim_f;
            } else {
                lim_s = v < lim_s ? v : lim_s;
            }
        }
        int d0 = r->finish[j] - r->start[j], d = d0;
        long t = lim_f - d0 < lim_s ? lim_f - d0 : lim_s;
        if (d0 > 0 && net->n_needs[j] > 0) {
            while (t > r->start[j] &&
                   !(try_place(rs, j, (int)t, &g, &d) && t + d <= lim_f)) {
                if (g.oom) {
                    rc = PM_ENOMEM;
                    goto done;
                }
                t--;
            }
            if (t <= r->start[j]) {
                t = r->start[j];
                d = d0;
                if (!try_place(rs, j, (int)t, &g, &d) || t + d > lim_f) {
                    g.n = 0; /* keep the original place, uncounted */
                    d = d0;
                }
            }
            if (take_all(rs, &g) != PM_OK) {
                rc = PM_ENOMEM;
                goto done;
            }
        }
        late[j] = t < r->start[j] ? r->start[j] : (int)t;
        late_fin[j] = late[j] + d;
        for (int e = net->in_start[j]; e < net->in_start[j + 1]; e++) {
            if (--waiting[net->in_from[e]] == 0) {
                pm_heap_push(&h, net->in_from[e]);
            }
        }
    }
done:
    free(waiting);
    free(late_fin);
    free(key);
    free(h.v);
    free(g.v);
    return rc;
}
