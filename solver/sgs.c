/* solver/sgs.c - serial schedule generation with person-level capacity. */
#include "solver/sgs.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

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
    int *cand_free; /* scratch: spare units per member */
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
    rs->cand_free = calloc((size_t)n + 1, sizeof(int));
    if (!rs->base || !rs->avail || !rs->avail_len || !rs->used ||
        !rs->used_len || !rs->claim || !rs->cand || !rs->cand_free) {
        pm_rstate_free(rs);
        return NULL;
    }
    for (int r = 0; r < n; r++) {
        const pm_resource *res = &p->resources[r];
        rs->base[r] = pm_resource_net_units(res);
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

typedef struct {
    int resource;
    int units;
} grant;

/* Tries to cover all needs of task j over [t, t + d). On success fills
 * g (n_g grants) and returns true; claims are cleared either way. */
static bool try_place(pm_rstate *rs, int j, int t, grant *g, int *n_g)
{
    const pm_task *task = &rs->net->p->tasks[j];
    int d = rs->net->dur[j];
    bool ok = true;
    *n_g = 0;
    for (int k = 0; k < task->n_needs && ok; k++) {
        const pm_need *nd = &task->needs[k];
        if (nd->resource >= 0) {
            int r = nd->resource;
            if (min_free(rs, r, t, d) - rs->claim[r] < nd->units) {
                ok = false;
                break;
            }
            rs->claim[r] += nd->units;
            g[(*n_g)++] = (grant){r, nd->units};
            continue;
        }
        const pm_pool *pool = &rs->net->p->pools[nd->pool];
        int nc = 0;
        long total = 0;
        for (int m = 0; m < pool->n_members; m++) {
            int r = pool->members[m];
            int f = min_free(rs, r, t, d) - rs->claim[r];
            if (f > 0) {
                /* Insertion sort: most spare first, then member order. */
                int pos = nc++;
                while (pos > 0 && rs->cand_free[pos - 1] < f) {
                    rs->cand[pos] = rs->cand[pos - 1];
                    rs->cand_free[pos] = rs->cand_free[pos - 1];
                    pos--;
                }
                rs->cand[pos] = r;
                rs->cand_free[pos] = f;
                total += f;
            }
        }
        if (total < nd->units) {
            ok = false;
            break;
        }
        int left = nd->units;
        for (int c = 0; c < nc && left > 0; c++) {
            int u = rs->cand_free[c] < left ? rs->cand_free[c] : left;
            rs->claim[rs->cand[c]] += u;
            g[(*n_g)++] = (grant){rs->cand[c], u};
            left -= u;
        }
    }
    for (int k = 0; k < *n_g; k++) {
        rs->claim[g[k].resource] = 0;
    }
    return ok;
}

static int max_grants(const pm_project *p, int j)
{
    int n = 0;
    for (int k = 0; k < p->tasks[j].n_needs; k++) {
        const pm_need *nd = &p->tasks[j].needs[k];
        n += nd->resource >= 0 ? 1 : p->pools[nd->pool].n_members;
    }
    return n;
}

void pm_sgs_result_reset(pm_sgs_result *r)
{
    free(r->start);
    free(r->asg);
    memset(r, 0, sizeof *r);
}

static int add_grants(pm_sgs_result *out, int j, const grant *g, int n_g)
{
    if (out->n_asg + n_g > out->cap_asg) {
        int cap = out->cap_asg ? out->cap_asg : 64;
        while (cap < out->n_asg + n_g) {
            cap *= 2;
        }
        pm_assignment *v = realloc(out->asg, (size_t)cap * sizeof *v);
        if (!v) {
            return PM_ENOMEM;
        }
        out->asg = v;
        out->cap_asg = cap;
    }
    for (int k = 0; k < n_g; k++) {
        out->asg[out->n_asg++] =
            (pm_assignment){j, g[k].resource, g[k].units};
    }
    return PM_OK;
}

/* Binary heap of eligible tasks ordered by key, then index. */
typedef struct {
    int *v;
    int n;
    const long *key;
} heap;

static bool before(const heap *h, int a, int b)
{
    return h->key[a] != h->key[b] ? h->key[a] < h->key[b] : a < b;
}

static void heap_push(heap *h, int x)
{
    int i = h->n++;
    h->v[i] = x;
    while (i > 0 && before(h, h->v[i], h->v[(i - 1) / 2])) {
        int p = (i - 1) / 2, t = h->v[p];
        h->v[p] = h->v[i];
        h->v[i] = t;
        i = p;
    }
}

static int heap_pop(heap *h)
{
    int top = h->v[0];
    h->v[0] = h->v[--h->n];
    int i = 0;
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && before(h, h->v[l], h->v[m])) {
            m = l;
        }
        if (r < h->n && before(h, h->v[r], h->v[m])) {
            m = r;
        }
        if (m == i) {
            break;
        }
        int t = h->v[m];
        h->v[m] = h->v[i];
        h->v[i] = t;
        i = m;
    }
    return top;
}

int pm_sgs_forward(pm_sgs_result *out, const pm_network *net, pm_rstate *rs,
                   const long *key, pm_diag *diag)
{
    const pm_project *p = net->p;
    int n = net->n;
    memset(out, 0, sizeof *out);
    out->start = calloc((size_t)n + 1, sizeof(int));
    int *waiting = calloc((size_t)n + 1, sizeof(int));
    heap h = {malloc(((size_t)n + 1) * sizeof(int)), 0, key};
    int gmax = 1;
    for (int j = 0; j < n; j++) {
        int g = max_grants(p, j);
        gmax = g > gmax ? g : gmax;
    }
    grant *g = malloc((size_t)gmax * sizeof *g);
    int rc = PM_OK;
    if (!out->start || !waiting || !h.v || !g) {
        rc = PM_ENOMEM;
        goto done;
    }
    pm_rstate_clear(rs);
    for (int j = 0; j < n; j++) {
        waiting[j] = net->in_start[j + 1] - net->in_start[j];
        if (net->leaf[j] && waiting[j] == 0) {
            heap_push(&h, j);
        }
    }
    while (h.n > 0) {
        int j = heap_pop(&h);
        int t = net->release[j];
        for (int e = net->in_start[j]; e < net->in_start[j + 1]; e++) {
            int v = out->start[net->in_from[e]] + net->in_w[e];
            t = v > t ? v : t;
        }
        if (net->fixed[j] > t) {
            t = net->fixed[j];
        }
        int n_g = 0;
        if (net->dur[j] > 0 && p->tasks[j].n_needs > 0) {
            while (!try_place(rs, j, t, g, &n_g)) {
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
            for (int k = 0; k < n_g; k++) {
                if (take(rs, g[k].resource, t, net->dur[j], g[k].units)) {
                    rc = PM_ENOMEM;
                    goto done;
                }
            }
            if (add_grants(out, j, g, n_g) != PM_OK) {
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
                heap_push(&h, net->out_to[e]);
            }
        }
    }
done:
    free(waiting);
    free(h.v);
    free(g);
    if (rc != PM_OK) {
        pm_sgs_result_reset(out);
    }
    return rc;
}

int pm_sgs_latest(int *late, const pm_network *net, pm_rstate *rs,
                  const int *start, int makespan)
{
    const pm_project *p = net->p;
    int n = net->n;
    int *waiting = calloc((size_t)n + 1, sizeof(int));
    long *key = malloc(((size_t)n + 1) * sizeof(long));
    heap h = {malloc(((size_t)n + 1) * sizeof(int)), 0, key};
    int gmax = 1;
    for (int j = 0; j < n; j++) {
        int gm = max_grants(p, j);
        gmax = gm > gmax ? gm : gmax;
    }
    grant *g = malloc((size_t)gmax * sizeof *g);
    int rc = PM_OK;
    if (!waiting || !key || !h.v || !g) {
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
            heap_push(&h, j);
        }
    }
    while (h.n > 0) {
        int j = heap_pop(&h);
        int d = net->dur[j];
        int t = makespan - d;
        for (int e = net->out_start[j]; e < net->out_start[j + 1]; e++) {
            int v = late[net->out_to[e]] - net->out_w[e];
            t = v < t ? v : t;
        }
        int n_g = 0;
        if (d > 0 && p->tasks[j].n_needs > 0) {
            while (t > start[j] && !try_place(rs, j, t, g, &n_g)) {
                t--;
            }
            if (t <= start[j]) {
                t = start[j];
                if (!try_place(rs, j, t, g, &n_g)) {
                    n_g = 0; /* keep the original place, uncounted */
                }
            }
            for (int k = 0; k < n_g; k++) {
                if (take(rs, g[k].resource, t, d, g[k].units)) {
                    rc = PM_ENOMEM;
                    goto done;
                }
            }
        }
        late[j] = t < start[j] ? start[j] : t;
        for (int e = net->in_start[j]; e < net->in_start[j + 1]; e++) {
            if (--waiting[net->in_from[e]] == 0) {
                heap_push(&h, net->in_from[e]);
            }
        }
    }
done:
    free(waiting);
    free(key);
    free(h.v);
    free(g);
    return rc;
}
