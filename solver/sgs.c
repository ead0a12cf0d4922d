/* solver/sgs.c - serial schedule generation with person-level capacity. */
#include "solver/sgs.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "solver/heap.h"

struct pm_rstate {
    const pm_network *net;
    int n_res;
    int *base;      /* net units per resource on a normal working slot */
    int **avail;    /* per resource: units per slot for [0, avail_len) */
    int *avail_len;
    int **used;     /* per resource: units taken per slot for [0, used_len) */
    int *used_len;
    int *claim;     /* per resource: units claimed by the task being placed */
    int quiet;      /* from this slot on, no vacation and no usage */
    int *cand;      /* scratch: member indices */
    long *cand_free; /* scratch: preference and spare units per member */
    int *scratch;   /* scratch: spare units per pool member */
    long *named;    /* per resource: unit-slots tasks ask of them by name */
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
    rs->avail = calloc((size_t)n + 1, sizeof(int *));
    rs->avail_len = calloc((size_t)n + 1, sizeof(int));
    rs->used = calloc((size_t)n + 1, sizeof(int *));
    rs->used_len = calloc((size_t)n + 1, sizeof(int));
    rs->claim = calloc((size_t)n + 1, sizeof(int));
    rs->cand = calloc((size_t)n + 1, sizeof(int));
    rs->cand_free = calloc((size_t)n + 1, sizeof(long));
    rs->scratch = calloc((size_t)n + 1, sizeof(int));
    rs->used_prev = calloc((size_t)n + 1, 1);
    rs->named = calloc((size_t)n + 1, sizeof(long));
    if (!rs->named || !rs->base || !rs->avail || !rs->avail_len || !rs->used ||
        !rs->used_len || !rs->claim || !rs->cand || !rs->cand_free ||
        !rs->scratch || !rs->used_prev) {
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
        rs->base[r] = pm_net_units(net, r);
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
    free(rs->avail);
    free(rs->avail_len);
    free(rs->used);
    free(rs->used_len);
    free(rs->claim);
    free(rs->cand);
    free(rs->cand_free);
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

/* Smallest spare units of resource r over slots [t, t + d). */
static int min_free(const pm_rstate *rs, int r, int t, int d)
{
    int best = INT_MAX;
    const int *av = rs->avail[r], *us = rs->used[r];
    int alen = rs->avail_len[r], ulen = rs->used_len[r];
    for (int s = t; s < t + d; s++) {
        int f = (s < alen ? av[s] : rs->base[r]) - (s < ulen ? us[s] : 0);
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

/* Units of one person given to the task being placed over [from, to). */
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

/* Spare units of r at slot s, less what the task claims there already. */
static int spare(const pm_rstate *rs, int r, int s)
{
    return min_free(rs, r, s, 1) - rs->claim[r];
}

/* Covers one pool need from members' spare units given by free_of();
 * prefers members in prefer[] (kept from the previous slot), then the most
 * spare. Adds claims; returns false if the members cannot cover it. */
static bool cover_pool(pm_rstate *rs, const pm_pool *pool, int units,
                       const int *free_units, const char *prefer,
                       int from, int to, grants *g)
{
    int nc = 0;
    long total = 0;
    for (int m = 0; m < pool->n_members; m++) {
        int r = pool->members[m];
        int f = free_units[m];
        if (f <= 0) {
            continue;
        }
        /* Prefer who worked on it in the previous slot, then people few
         * tasks ask for by name (so they stay free for those), then the
         * most spare. */
        long load = rs->named[r] < (1L << 28) - 1 ? rs->named[r]
                                                  : (1L << 28) - 1;
        /* Bought capacity (outsourcing) comes after every person. */
        bool bought = rs->net->p->resources[r].outsourced_pool >= 0;
        long score = (prefer && prefer[r] ? 1L << 52 : 0) +
                     (bought ? 0 : 1L << 50) +
                     (((1L << 28) - 1 - load) << 20) + f;
        int pos = nc++;
        while (pos > 0 && rs->cand_free[pos - 1] < score) {
            rs->cand[pos] = rs->cand[pos - 1];
            rs->cand_free[pos] = rs->cand_free[pos - 1];
            pos--;
        }
        rs->cand[pos] = r;
        rs->cand_free[pos] = score;
        total += f;
    }
    if (total < units) {
        return false;
    }
    int left = units;
    for (int c = 0; c < nc && left > 0; c++) {
        int r = rs->cand[c];
        int f = (int)(rs->cand_free[c] & ((1L << 20) - 1));
        int u = f < left ? f : left;
        rs->claim[r] += u;
        grant_add(g, r, u, from, to);
        left -= u;
    }
    return true;
}

/* The same people for the whole task, each giving constant units. */
static bool place_constant(pm_rstate *rs, int j, int t, grants *g)
{
    const pm_task *task = &rs->net->p->tasks[j];
    int d = rs->net->dur[j];
    for (int k = 0; k < rs->net->n_needs[j]; k++) {
        const pm_need *nd = &task->needs[k];
        if (nd->resource >= 0) {
            int r = nd->resource;
            if (min_free(rs, r, t, d) - rs->claim[r] < nd->units) {
                return false;
            }
            rs->claim[r] += nd->units;
            grant_add(g, r, nd->units, t, t + d);
            continue;
        }
        const pm_pool *pool = &rs->net->p->pools[nd->pool];
        for (int m = 0; m < pool->n_members; m++) {
            int r = pool->members[m];
            rs->scratch[m] = min_free(rs, r, t, d) - rs->claim[r];
        }
        if (!cover_pool(rs, pool, nd->units, rs->scratch, NULL, t, t + d,
                        g)) {
            return false;
        }
    }
    return true;
}

/* Slot by slot: pool needs may change people where a vacation or another
 * booking forces it, keeping yesterday's people where they are free. */
static bool place_by_slot(pm_rstate *rs, int j, int t, grants *g)
{
    const pm_task *task = &rs->net->p->tasks[j];
    int d = rs->net->dur[j];
    for (int s = t; s < t + d; s++) {
        for (int k = 0; k < rs->net->n_needs[j]; k++) {
            const pm_need *nd = &task->needs[k];
            if (nd->resource >= 0) {
                if (spare(rs, nd->resource, s) < nd->units) {
                    return false;
                }
                rs->claim[nd->resource] += nd->units;
                grant_add(g, nd->resource, nd->units, s, s + 1);
                continue;
            }
            const pm_pool *pool = &rs->net->p->pools[nd->pool];
            for (int m = 0; m < pool->n_members; m++) {
                rs->scratch[m] = spare(rs, pool->members[m], s);
            }
            if (!cover_pool(rs, pool, nd->units, rs->scratch, rs->used_prev,
                            s, s + 1, g)) {
                return false;
            }
        }
        /* Claims hold for one slot only; remember who worked. */
        memset(rs->used_prev, 0, (size_t)rs->n_res + 1);
        for (int k = 0; k < g->n; k++) {
            if (g->v[k].to == s + 1) {
                rs->claim[g->v[k].resource] = 0;
                rs->used_prev[g->v[k].resource] = 1;
            }
        }
    }
    return true;
}

/* Tries to cover all needs of task j over [t, t + d), keeping the same
 * people throughout if it can. On success g holds the grants; claims are
 * cleared either way. */
static bool try_place(pm_rstate *rs, int j, int t, grants *g)
{
    g->n = 0;
    bool ok = place_constant(rs, j, t, g);
    for (int k = 0; k < g->n; k++) {
        rs->claim[g->v[k].resource] = 0;
    }
    if (ok || rs->net->dur[j] <= 1) {
        return ok;
    }
    g->n = 0;
    memset(rs->used_prev, 0, (size_t)rs->n_res + 1);
    ok = place_by_slot(rs, j, t, g);
    for (int k = 0; k < g->n; k++) {
        rs->claim[g->v[k].resource] = 0;
    }
    return ok && !g->oom;
}

void pm_sgs_result_reset(pm_sgs_result *r)
{
    free(r->start);
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

int pm_sgs_forward(pm_sgs_result *out, const pm_network *net, pm_rstate *rs,
                   const long *key, pm_diag *diag)
{
    const pm_project *p = net->p;
    int n = net->n;
    memset(out, 0, sizeof *out);
    out->start = calloc((size_t)n + 1, sizeof(int));
    int *waiting = calloc((size_t)n + 1, sizeof(int));
    pm_heap h = {malloc(((size_t)n + 1) * sizeof(int)), 0, key};
    grants g = {0};
    int rc = PM_OK;
    if (!out->start || !waiting || !h.v) {
        rc = PM_ENOMEM;
        goto done;
    }
    pm_rstate_clear(rs);
    for (int j = 0; j < n; j++) {
        waiting[j] = net->in_start[j + 1] - net->in_start[j];
        if (net->leaf[j] && waiting[j] == 0) {
            pm_heap_push(&h, j);
        }
    }
    while (h.n > 0) {
        int j = pm_heap_pop(&h);
        int t = net->release[j];
        for (int e = net->in_start[j]; e < net->in_start[j + 1]; e++) {
            int v = out->start[net->in_from[e]] + net->in_w[e];
            t = v > t ? v : t;
        }
        if (net->fixed[j] > t) {
            t = net->fixed[j];
        }
        if (net->dur[j] > 0 && net->n_needs[j] > 0) {
            while (!try_place(rs, j, t, &g)) {
                if (g.oom) {
                    rc = PM_ENOMEM;
                    goto done;
                }
                if (t > rs->quiet) {
                    pm_diag_error(diag, &p->tasks[j].loc,
                                  "the needs of task '%s' can never be met "
                                  "together (a person is asked for more than "
                                  "they can give)",
                                  p->tasks[j].id);
                    rc = PM_EINFEASIBLE;
                    goto done;
                }
                t++;
            }
            if (take_all(rs, &g) != PM_OK || add_grants(out, j, &g) != PM_OK) {
                rc = PM_ENOMEM;
                goto done;
            }
        }
        out->start[j] = t;
        int f = t + net->dur[j];
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
    free(h.v);
    free(g.v);
    if (rc != PM_OK) {
        pm_sgs_result_reset(out);
    }
    return rc;
}

int pm_sgs_latest(int *late, const pm_network *net, pm_rstate *rs,
                  const int *start, int makespan)
{
    int n = net->n;
    int *waiting = calloc((size_t)n + 1, sizeof(int));
    long *key = malloc(((size_t)n + 1) * sizeof(long));
    pm_heap h = {malloc(((size_t)n + 1) * sizeof(int)), 0, key};
    grants g = {0};
    int rc = PM_OK;
    if (!waiting || !key || !h.v) {
        rc = PM_ENOMEM;
        goto done;
    }
    pm_rstate_clear(rs);
    for (int j = 0; j < n; j++) {
        late[j] = start[j];
        /* Latest finish first: a max-heap through negated keys. */
        key[j] = -((long)start[j] + net->dur[j]);
        waiting[j] = net->out_start[j + 1] - net->out_start[j];
        if (net->leaf[j] && waiting[j] == 0) {
            pm_heap_push(&h, j);
        }
    }
    while (h.n > 0) {
        int j = pm_heap_pop(&h);
        int d = net->dur[j];
        int t = makespan - d;
        for (int e = net->out_start[j]; e < net->out_start[j + 1]; e++) {
            int v = late[net->out_to[e]] - net->out_w[e];
            t = v < t ? v : t;
        }
        if (d > 0 && net->n_needs[j] > 0) {
            while (t > start[j] && !try_place(rs, j, t, &g)) {
                t--;
            }
            if (t <= start[j]) {
                t = start[j];
                if (!try_place(rs, j, t, &g)) {
                    g.n = 0; /* keep the original place, uncounted */
                }
            }
            if (take_all(rs, &g) != PM_OK) {
                rc = PM_ENOMEM;
                goto done;
            }
        }
        late[j] = t < start[j] ? start[j] : t;
        for (int e = net->in_start[j]; e < net->in_start[j + 1]; e++) {
            if (--waiting[net->in_from[e]] == 0) {
                pm_heap_push(&h, net->in_from[e]);
            }
        }
    }
done:
    free(waiting);
    free(key);
    free(h.v);
    free(g.v);
    return rc;
}
