/* solver/capacity.c - seats per person and slot, and covering a task's
 * needs from them (capacity.h). */
#include "solver/capacity.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

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
    int *base;   /* seats per resource on a normal working slot */
    int *speed;  /* percent per resource: 100 less the reserve */
    int **avail; /* per resource: seats per slot for [0, avail_len) */
    int *avail_len;
    int **used; /* per resource: seats taken per slot for [0, used_len) */
    int *used_len;
    int *claim;      /* per resource: seats claimed by the task being placed */
    int quiet;       /* from this slot on, no vacation and no usage */
    candidate *cand; /* scratch: pool members */
    int *scratch;    /* scratch: spare seats per pool member */
    long *named;     /* per resource: seat-slots tasks ask of them by name */
    char *used_prev; /* scratch: worked on the task in the previous slot */
    /* Per pool: its members' free seats together per slot for
     * [0, pool_len), pool_base from there on; and per resource the pools
     * it is a member of (CSR). */
    int n_pools;
    int **pool_free;
    int *pool_len, *pool_base;
    int *in_pool_start, *in_pool;
};

/* Pool q's free seats per slot from its members' seats and bookings. */
static void pool_fill(pm_rstate *rs, int q)
{
    const pm_pool *pool = &rs->net->p->pools[q];
    for (int s = 0; s < rs->pool_len[q]; s++) {
        int f = 0;
        for (int m = 0; m < pool->n_members; m++) {
            int r = pool->members[m];
            f += (s < rs->avail_len[r] ? rs->avail[r][s] : rs->base[r]) -
                 (s < rs->used_len[r] ? rs->used[r][s] : 0);
        }
        rs->pool_free[q][s] = f;
    }
}

/* The pools' free seats per slot and who is in which pool. */
static bool pools_init(pm_rstate *rs)
{
    const pm_project *p = rs->net->p;
    int np = p->n_pools, n = rs->n_res;
    rs->n_pools = np;
    rs->pool_free = calloc((size_t)np + 1, sizeof(int *));
    rs->pool_len = calloc((size_t)np + 1, sizeof(int));
    rs->pool_base = calloc((size_t)np + 1, sizeof(int));
    rs->in_pool_start = calloc((size_t)n + 2, sizeof(int));
    if (!rs->pool_free || !rs->pool_len || !rs->pool_base ||
        !rs->in_pool_start) {
        return false;
    }
    size_t total = 0;
    for (int q = 0; q < np; q++) {
        const pm_pool *pool = &p->pools[q];
        int len = 0;
        for (int m = 0; m < pool->n_members; m++) {
            int r = pool->members[m];
            rs->pool_base[q] += rs->base[r];
            len = rs->avail_len[r] > len ? rs->avail_len[r] : len;
            rs->in_pool_start[r + 1]++;
            total++;
        }
        rs->pool_len[q] = len;
        if (len > 0) {
            if (!(rs->pool_free[q] = malloc((size_t)len * sizeof(int)))) {
                return false;
            }
            pool_fill(rs, q);
        }
    }
    for (int r = 0; r < n; r++) {
        rs->in_pool_start[r + 1] += rs->in_pool_start[r];
    }
    rs->in_pool = malloc((total + 1) * sizeof(int));
    int *at = malloc(((size_t)n + 1) * sizeof(int));
    if (!rs->in_pool || !at) {
        free(at);
        return false;
    }
    memcpy(at, rs->in_pool_start, ((size_t)n + 1) * sizeof(int));
    for (int q = 0; q < np; q++) {
        for (int m = 0; m < p->pools[q].n_members; m++) {
            rs->in_pool[at[p->pools[q].members[m]]++] = q;
        }
    }
    free(at);
    return true;
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
    if (!rs->named || !rs->base || !rs->speed || !rs->avail || !rs->avail_len ||
        !rs->used || !rs->used_len || !rs->claim || !rs->cand || !rs->scratch ||
        !rs->used_prev) {
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
            int e =
                pm_calmap_slot_of_date(&net->map, res->vacations[v].last + 1);
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
                int a =
                    pm_calmap_slot_of_date(&net->map, res->vacations[v].first);
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
    if (!pools_init(rs)) {
        pm_rstate_free(rs);
        return NULL;
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
    for (int q = 0; rs->pool_free && q < rs->n_pools; q++) {
        free(rs->pool_free[q]);
    }
    free(rs->pool_free);
    free(rs->pool_len);
    free(rs->pool_base);
    free(rs->in_pool_start);
    free(rs->in_pool);
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
    for (int q = 0; q < rs->n_pools; q++) {
        pool_fill(rs, q);
    }
}

/* Seats of resource r at slot s before any booking (0 on leave), booked
 * there, and free there. */
static inline int seats_at(const pm_rstate *rs, int r, int s)
{
    return s < rs->avail_len[r] ? rs->avail[r][s] : rs->base[r];
}

static inline int used_at(const pm_rstate *rs, int r, int s)
{
    return s < rs->used_len[r] ? rs->used[r][s] : 0;
}

static inline int free_at(const pm_rstate *rs, int r, int s)
{
    return seats_at(rs, r, s) - used_at(rs, r, s);
}

int pm_capacity_seats(const pm_rstate *rs, int r, int s)
{
    return seats_at(rs, r, s);
}

int pm_capacity_used(const pm_rstate *rs, int r, int s)
{
    return used_at(rs, r, s);
}

int pm_capacity_quiet(const pm_rstate *rs)
{
    return rs->quiet;
}

/* The least speed among pool q's members who count (0 when none). */
static int pool_slowest(const pm_rstate *rs, int q)
{
    const pm_pool *pool = &rs->net->p->pools[q];
    int slow = 0;
    for (int m = 0; m < pool->n_members; m++) {
        int r = pool->members[m];
        if (rs->base[r] > 0 && (slow == 0 || rs->speed[r] < slow)) {
            slow = rs->speed[r];
        }
    }
    return slow;
}

/* Adds w to pool q's work and lowers its earliest start to at. */
static void ask_pool(long *work, int *from, int q, long w, int at)
{
    work[q] += w;
    from[q] = at < from[q] ? at : from[q];
}

/* Adds what task j asks of each pool to work[] (seat-slots x speed, both
 * in percent) and lowers from[] to its earliest start. */
static void pool_work(const pm_rstate *rs, int j, const int *slow, long *work,
                      int *from)
{
    const pm_network *net = rs->net;
    const pm_task *t = &net->p->tasks[j];
    int at = pm_net_earliest(net, j);
    bool effort = pm_net_pool_effort(net, j);
    for (int k = 0; k < net->n_needs[j]; k++) {
        const pm_need *nd = &t->needs[k];
        if (nd->pool >= 0) {
            int q = nd->pool;
            ask_pool(work, from, q,
                     effort ? net->work[j]
                            : (long)nd->units * net->dur[j] * slow[q],
                     at);
            continue;
        }
        int r = nd->resource;
        long w = (long)nd->units * net->dur[j] * rs->speed[r];
        for (int i = rs->in_pool_start[r]; i < rs->in_pool_start[r + 1]; i++) {
            ask_pool(work, from, rs->in_pool[i], w, at);
        }
    }
}

/* The first slot by which pool q's members, from slot s on, can have done
 * work w at their speeds, or 0 when they never can (no one counts). */
static int pool_done_by(const pm_rstate *rs, int q, int s, long w)
{
    const pm_pool *pool = &rs->net->p->pools[q];
    long full = 0; /* per slot once no one is on leave */
    int calm = 0;
    for (int m = 0; m < pool->n_members; m++) {
        int r = pool->members[m];
        full += (long)rs->base[r] * rs->speed[r];
        calm = rs->avail_len[r] > calm ? rs->avail_len[r] : calm;
    }
    if (full <= 0) {
        return 0;
    }
    long have = 0;
    for (; s < calm && have < w; s++) {
        for (int m = 0; m < pool->n_members; m++) {
            int r = pool->members[m];
            have += (long)seats_at(rs, r, s) * rs->speed[r];
        }
    }
    if (have < w) {
        long more = (w - have + full - 1) / full;
        s = more > INT_MAX - s ? INT_MAX : s + (int)more;
    }
    return s;
}

int pm_capacity_energy_bound(const pm_rstate *rs)
{
    const pm_network *net = rs->net;
    int np = rs->n_pools, best = 0;
    long *work = calloc((size_t)np + 1, sizeof *work);
    int *from = malloc(((size_t)np + 1) * sizeof *from);
    int *slow = malloc(((size_t)np + 1) * sizeof *slow);
    if (!work || !from || !slow) {
        np = 0; /* no bound beats a wrong one */
    }
    for (int q = 0; q < np; q++) {
        from[q] = INT_MAX;
        slow[q] = pool_slowest(rs, q);
    }
    for (int j = 0; np > 0 && j < net->n; j++) {
        if (net->leaf[j] && net->n_needs[j] > 0 && net->dur[j] > 0) {
            pool_work(rs, j, slow, work, from);
        }
    }
    for (int q = 0; q < np; q++) {
        if (work[q] > 0) {
            int by = pool_done_by(rs, q, from[q], work[q]);
            best = by > best ? by : best;
        }
    }
    free(work);
    free(from);
    free(slow);
    return best;
}

/* Smallest spare seats of resource r over slots [t, t + d). */
static int min_free(const pm_rstate *rs, int r, int t, int d)
{
    int best = INT_MAX;
    for (int s = t; s < t + d; s++) {
        int f = free_at(rs, r, s);
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
    assert(units > 0 && d > 0);
    for (int s = t; s < t + d; s++) {
        rs->used[r][s] += units;
        /* Bookings come from covers that found the seats free: no one is
         * ever over capacity. */
        assert(rs->used[r][s] <= seats_at(rs, r, s));
    }
    for (int e = rs->in_pool_start[r]; e < rs->in_pool_start[r + 1]; e++) {
        int q = rs->in_pool[e];
        if (rs->pool_len[q] < t + d) {
            int len = rs->pool_len[q] ? rs->pool_len[q] : 64;
            while (len < t + d) {
                len *= 2;
            }
            int *v = realloc(rs->pool_free[q], (size_t)len * sizeof(int));
            if (!v) {
                return PM_ENOMEM;
            }
            for (int s = rs->pool_len[q]; s < len; s++) {
                v[s] = rs->pool_base[q];
            }
            rs->pool_free[q] = v;
            rs->pool_len[q] = len;
        }
        for (int s = t; s < t + d; s++) {
            rs->pool_free[q][s] -= units;
        }
    }
    if (t + d > rs->quiet) {
        rs->quiet = t + d;
    }
    return PM_OK;
}

static void grant_add(pm_grants *g, int r, int units, int from, int to)
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
        pm_grant *v = realloc(g->v, (size_t)cap * sizeof *v);
        if (!v) {
            g->oom = true;
            return;
        }
        g->v = v;
        g->cap = cap;
    }
    g->v[g->n++] = (pm_grant){r, units, from, to};
}

/* Clears the claims the grants made. */
static void release_claims(pm_rstate *rs, const pm_grants *g)
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
                       const int *free_units, const char *prefer, bool by_speed,
                       int from, int to, pm_grants *g, long *rate)
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
static bool place_constant(pm_rstate *rs, int j, int t, int d, pm_grants *g,
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
static bool place_by_slot(pm_rstate *rs, int j, int t, pm_grants *g, int *dur)
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
bool pm_capacity_place(pm_rstate *rs, int j, int t, pm_grants *g, int *dur)
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

int pm_capacity_blocked(const pm_rstate *rs, int j, int t, int d)
{
    const pm_network *net = rs->net;
    const pm_task *task = &net->p->tasks[j];
    int lo = t;
    for (int k = 0; k < net->n_needs[j]; k++) {
        const pm_need *nd = &task->needs[k];
        int r = nd->resource, q = nd->pool;
        for (int s = t + d - 1; s >= lo; s--) {
            int spare = r >= 0                ? free_at(rs, r, s)
                        : s < rs->pool_len[q] ? rs->pool_free[q][s]
                                              : rs->pool_base[q];
            if (spare < nd->units) {
                lo = s + 1;
                break;
            }
        }
    }
    return lo > t ? lo - 1 : -1;
}

int pm_capacity_book(pm_rstate *rs, const pm_grants *g)
{
    for (int k = 0; k < g->n; k++) {
        const pm_grant *x = &g->v[k];
        if (take(rs, x->resource, x->from, x->to - x->from, x->units)) {
            return PM_ENOMEM;
        }
    }
    return PM_OK;
}

bool pm_capacity_fits_moved(const pm_rstate *rs, const pm_assignment *as,
                            int n, int delta)
{
    for (int k = 0; k < n; k++) {
        int from = as[k].start + delta, d = as[k].finish - as[k].start;
        if (from < 0 || min_free(rs, as[k].resource, from, d) < as[k].units) {
            return false;
        }
    }
    return true;
}

int pm_capacity_book_assignments(pm_rstate *rs, const pm_assignment *as,
                                 int n)
{
    for (int k = 0; k < n; k++) {
        if (as[k].finish > as[k].start &&
            take(rs, as[k].resource, as[k].start, as[k].finish - as[k].start,
                 as[k].units)) {
            return PM_ENOMEM;
        }
    }
    return PM_OK;
}
