/* solver/heur.c - serial and parallel SGS on activity lists,
 * forward-backward improvement, and a genetic algorithm (two-point
 * crossover, precedence-preserving swap mutation, the best distinct half
 * survives; decoded lists are replaced by the order of their justified
 * schedule). */
#include "solver/heur.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "solver/heap.h"

struct pm_heur {
    const pm_rcp *r;
    int H;            /* slots in the usage arrays */
    int *use;         /* n_res x H units in use */
    uint64_t rng;
    int *heap;        /* scratch for pm_heur_order-like passes */
    int *waiting;
    long *key;
    int *order;
    int *ps_left, *ps_est; /* parallel SGS: predecessors left, earliest */
    pm_rcp_sol back;  /* scratch: right-justified schedule */
    pm_rcp_sol fwd;   /* scratch: re-left-justified schedule */
    /* Sampling on large problems (random_list): Fenwick trees over the
     * eligible activities' counts and latest starts, and a max-heap of
     * their latest starts (key = -ls, lazily cleaned). NULL when small. */
    long *fen_cnt, *fen_ls, *neg_ls;
    int *ls_heap;
};

/* The second search's population over the first's (see pm_heur_search). */
#define EXPLORE_POP 4

/* Generations without a better best before fresh samples replace the
 * population: the whole of it in the first search, so that it leaves the
 * region its elite holds (on the 12 j30 instances the heuristics missed in
 * 1 s, seeds 1-6, --no-milp: the optimum in 59 of 72 runs against 28 when
 * only the worse half was replaced; j60 every-4th sample, --no-milp: 0.45%
 * above the best known at 0.5 s, was 0.60%; at 5 s 0.26%, was 0.46%);
 * only the worse half in the second search, which starts from the
 * incumbent to improve on it (the whole there: j60 sample at 10 s 0.29%
 * and 0.26% with seeds 1 and 2, against 0.26% and 0.22% this way).
 * Every 20 generations: 53/72; every 50: 57/72. */
#define STALE_GENERATIONS 30

/* Above this many activities, regret sampling uses the Fenwick trees:
 * O(log n) a pick instead of a scan of every eligible activity. */
#define LARGE_SAMPLING 2000

static uint64_t next_rand(pm_heur *h)
{
    /* xorshift64* */
    h->rng ^= h->rng >> 12;
    h->rng ^= h->rng << 25;
    h->rng ^= h->rng >> 27;
    return h->rng * 2685821657736338717ull;
}

static int rand_below(pm_heur *h, int n)
{
    return n <= 1 ? 0 : (int)((next_rand(h) >> 33) % (uint64_t)n);
}

void pm_heur_free(pm_heur *h)
{
    if (!h) {
        return;
    }
    free(h->use);
    free(h->heap);
    free(h->waiting);
    free(h->key);
    free(h->order);
    free(h->ps_left);
    free(h->ps_est);
    free(h->fen_cnt);
    free(h->fen_ls);
    free(h->neg_ls);
    free(h->ls_heap);
    pm_rcp_sol_reset(&h->back);
    pm_rcp_sol_reset(&h->fwd);
    free(h);
}

pm_heur *pm_heur_new(const pm_rcp *r, uint64_t seed)
{
    pm_heur *h = calloc(1, sizeof *h);
    if (!h) {
        return NULL;
    }
    h->r = r;
    h->rng = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    h->H = r->horizon + 2;
    size_t n = (size_t)r->n + 1;
    h->use = calloc((size_t)r->n_res * (size_t)h->H + 1, sizeof(int));
    h->heap = malloc(n * sizeof(int));
    h->waiting = malloc(n * sizeof(int));
    h->key = malloc(n * sizeof(long));
    h->order = malloc(n * sizeof(int));
    h->ps_left = malloc(n * sizeof(int));
    h->ps_est = malloc(n * sizeof(int));
    if (r->n > LARGE_SAMPLING) {
        h->fen_cnt = calloc(n + 1, sizeof(long));
        h->fen_ls = calloc(n + 1, sizeof(long));
        h->neg_ls = malloc(n * sizeof(long));
        h->ls_heap = malloc(n * sizeof(int));
        if (!h->fen_cnt || !h->fen_ls || !h->neg_ls || !h->ls_heap) {
            pm_heur_free(h);
            return NULL;
        }
        for (int j = 0; j < r->n; j++) {
            h->neg_ls[j] = -(long)r->ls[j];
        }
    }
    if (!h->use || !h->heap ||
        !h->waiting || !h->key || !h->order || !h->ps_left || !h->ps_est ||
        pm_rcp_sol_init(&h->back, r->n) != PM_OK ||
        pm_rcp_sol_init(&h->fwd, r->n) != PM_OK) {
        pm_heur_free(h);
        return NULL;
    }
    return h;
}

/* Does j fit at slot s beside what is placed? */
static inline bool fits_at(const pm_heur *h, int j, int s)
{
    const pm_rcp *r = h->r;
    for (int e = r->need_start[j]; e < r->need_start[j + 1]; e++) {
        int k = r->need_res[e];
        if (h->use[(long)k * h->H + s] + r->need_q[e] > pm_rcp_cap(r, k, s)) {
            return false;
        }
    }
    return true;
}

/* Latest slot in [t, t + d) where j does not fit, or -1 if it fits. */
static int conflict(const pm_heur *h, int j, int t)
{
    for (int s = t + h->r->dur[j] - 1; s >= t; s--) {
        if (!fits_at(h, j, s)) {
            return s;
        }
    }
    return -1;
}

/* Earliest slot in [t0, ...) where j fits with its predecessors placed
 * already; -1 past the horizon. */
static int earliest_fit(const pm_heur *h, int j, int t0)
{
    int t = t0, d = h->r->dur[j];
    if (h->r->need_start[j] == h->r->need_start[j + 1]) {
        return t;
    }
    for (;;) {
        if (t + d > h->H) {
            return -1;
        }
        int s = conflict(h, j, t);
        if (s < 0) {
            return t;
        }
        t = s + 1;
    }
}

/* First slot in [t, t + d) where j does not fit, or -1. */
static int first_conflict(const pm_heur *h, int j, int t)
{
    for (int s = t; s < t + h->r->dur[j]; s++) {
        if (!fits_at(h, j, s)) {
            return s;
        }
    }
    return -1;
}

/* Latest slot <= ub (and >= lo) where j fits; -1 if none. */
static int latest_fit(const pm_heur *h, int j, int ub, int lo)
{
    int t = ub, d = h->r->dur[j];
    if (h->r->need_start[j] == h->r->need_start[j + 1]) {
        return t >= lo ? t : -1;
    }
    while (t >= lo) {
        int s = first_conflict(h, j, t);
        if (s < 0) {
            return t;
        }
        t = s - d;
    }
    return -1;
}

static void commit(pm_heur *h, int j, int t, int sign)
{
    const pm_rcp *r = h->r;
    for (int e = r->need_start[j]; e < r->need_start[j + 1]; e++) {
        int *u = h->use + (long)r->need_res[e] * h->H;
        int q = sign * r->need_q[e];
        for (int s = t; s < t + r->dur[j]; s++) {
            u[s] += q;
        }
    }
}

int pm_heur_sgs(pm_heur *h, const int *list, pm_rcp_sol *out)
{
    const pm_rcp *r = h->r;
    int placed = 0, rc = PM_OK;
    for (; placed < r->n; placed++) {
        int j = list[placed];
        int t0 = r->rel[j];
        for (int e = r->pred_start[j]; e < r->pred_start[j + 1]; e++) {
            int v = out->start[r->pred[e]] + r->pred_w[e];
            t0 = v > t0 ? v : t0;
        }
        int t = earliest_fit(h, j, t0 < 0 ? 0 : t0);
        if (t < 0) {
            rc = PM_EINTERNAL;
            break;
        }
        out->start[j] = t;
        commit(h, j, t, +1);
    }
    for (int i = 0; i < placed; i++) {
        commit(h, list[i], out->start[list[i]], -1);
    }
    if (rc == PM_OK) {
        pm_rcp_evaluate(r, out);
    }
    return rc;
}

int pm_heur_psgs(pm_heur *h, const int *list, pm_rcp_sol *out)
{
    const pm_rcp *r = h->r;
    int n = r->n, placed = 0, rc = PM_OK, t = 0;
    int *left = h->ps_left, *est = h->ps_est;
    for (int j = 0; j < n; j++) {
        left[j] = r->pred_start[j + 1] - r->pred_start[j];
        est[j] = r->rel[j] > 0 ? r->rel[j] : 0;
        out->start[j] = -1;
    }
    while (rc == PM_OK && placed < n) {
        /* Start, in list order, whatever may and fits at t; a start can
         * free a successor at t (zero or negative lags): scan again. */
        for (bool again = true; again && rc == PM_OK;) {
            again = false;
            for (int p = 0; p < n; p++) {
                int j = list[p];
                if (out->start[j] >= 0 || left[j] > 0 || est[j] > t) {
                    continue;
                }
                if (t + r->dur[j] > h->H) {
                    rc = PM_EINTERNAL;
                    break;
                }
                if (conflict(h, j, t) >= 0) {
                    continue;
                }
                out->start[j] = t;
                commit(h, j, t, +1);
                placed++;
                again = true;
                for (int e = r->succ_start[j]; e < r->succ_start[j + 1];
                     e++) {
                    int v = t + r->succ_w[e], b = r->succ[e];
                    est[b] = v > est[b] ? v : est[b];
                    left[b]--;
                }
            }
        }
        /* The next event: a finish, an earliest start, a capacity step. */
        int next = t + 1 < r->cap_len ? t + 1 : INT_MAX;
        for (int j = 0; j < n; j++) {
            int v = out->start[j] >= 0 ? out->start[j] + r->dur[j]
                    : left[j] == 0 ? est[j]
                                   : INT_MAX;
            next = v > t && v < next ? v : next;
        }
        t = next == INT_MAX ? t + 1 : next;
        if (placed < n && t >= h->H) {
            rc = PM_EINTERNAL;
        }
    }
    for (int j = 0; j < n; j++) {
        if (out->start[j] >= 0) {
            commit(h, j, out->start[j], -1);
        }
    }
    if (rc == PM_OK) {
        pm_rcp_evaluate(r, out);
    }
    return rc;
}

/* Topological order by h->key; forward (preds first) or backward. */
static void order_by_key(pm_heur *h, int *list, bool backward)
{
    const pm_rcp *r = h->r;
    pm_heap q = {h->heap, 0, h->key};
    int k = 0;
    for (int j = 0; j < r->n; j++) {
        h->waiting[j] = backward ? r->succ_start[j + 1] - r->succ_start[j]
                                 : r->pred_start[j + 1] - r->pred_start[j];
        if (h->waiting[j] == 0) {
            pm_heap_push(&q, j);
        }
    }
    while (q.n > 0) {
        int j = pm_heap_pop(&q);
        list[k++] = j;
        const int *st = backward ? r->pred_start : r->succ_start;
        const int *to = backward ? r->pred : r->succ;
        for (int e = st[j]; e < st[j + 1]; e++) {
            if (--h->waiting[to[e]] == 0) {
                pm_heap_push(&q, to[e]);
            }
        }
    }
}

int pm_heur_order(const pm_rcp *r, const long *key, int *list)
{
    pm_heur tmp = {0};
    tmp.r = r;
    tmp.heap = malloc(((size_t)r->n + 1) * sizeof(int));
    tmp.waiting = malloc(((size_t)r->n + 1) * sizeof(int));
    tmp.key = (long *)key;
    if (!tmp.heap || !tmp.waiting) {
        free(tmp.heap);
        free(tmp.waiting);
        return PM_ENOMEM;
    }
    order_by_key(&tmp, list, false);
    free(tmp.heap);
    free(tmp.waiting);
    return PM_OK;
}

/* Right-justifies s into h->back against makespan s->makespan. Returns
 * false if some activity found no place (then nothing is kept). */
static bool backward_pass(pm_heur *h, const pm_rcp_sol *s)
{
    const pm_rcp *r = h->r;
    int *start = h->back.start;
    for (int j = 0; j < r->n; j++) {
        h->key[j] = -((long)s->start[j] + r->dur[j]);
    }
    order_by_key(h, h->order, true);
    int placed = 0;
    bool ok = true;
    for (; placed < r->n; placed++) {
        int j = h->order[placed];
        int ub = s->makespan - r->dur[j];
        for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
            int v = start[r->succ[e]] - r->succ_w[e];
            ub = v < ub ? v : ub;
        }
        int t = latest_fit(h, j, ub, r->rel[j]);
        if (t < 0) {
            ok = false;
            break;
        }
        start[j] = t;
        commit(h, j, t, +1);
    }
    for (int i = 0; i < placed; i++) {
        commit(h, h->order[i], start[h->order[i]], -1);
    }
    return ok;
}

int pm_heur_fbi(pm_heur *h, pm_rcp_sol *s, int *list)
{
    const pm_rcp *r = h->r;
    if (!backward_pass(h, s)) {
        return PM_OK;
    }
    for (int j = 0; j < r->n; j++) {
        h->key[j] = h->back.start[j];
    }
    int *order = list ? list : h->order;
    order_by_key(h, order, false);
    int rc = pm_heur_sgs(h, order, &h->fwd);
    if (rc != PM_OK) {
        return rc;
    }
    if (!pm_rcp_better(s, &h->fwd)) {
        pm_rcp_sol_copy(s, &h->fwd, r->n);
    } else if (list) {
        /* Keep list consistent with s: order of s's starts. */
        for (int j = 0; j < r->n; j++) {
            h->key[j] = s->start[j];
        }
        order_by_key(h, list, false);
    }
    return PM_OK;
}

/* ---- Genetic algorithm ---- */

typedef struct {
    int *list;
    bool parallel; /* decoded by the parallel SGS (a gene of its own) */
    pm_rcp_sol sol;
    uint64_t hash; /* of the start times: equal schedules, equal hash */
} indiv;

static int indiv_init(indiv *v, int n)
{
    v->list = malloc(((size_t)n + 1) * sizeof(int));
    if (!v->list || pm_rcp_sol_init(&v->sol, n) != PM_OK) {
        free(v->list);
        v->list = NULL;
        return PM_ENOMEM;
    }
    return PM_OK;
}

static void indiv_reset(indiv *v)
{
    free(v->list);
    pm_rcp_sol_reset(&v->sol);
}

typedef struct {
    pm_heur *h;
    const pm_heur_limits *lim;
    pm_heur_stats *st;
    pm_rcp_sol *best;
    bool stop;
} run_ctx;

static bool reached(const run_ctx *c)
{
    return c->best->lateness == 0 && c->best->makespan <= c->lim->target;
}

/* Decodes v->list (SGS + FBI), updates the best and the budget. */
static int evaluate(run_ctx *c, indiv *v)
{
    int rc = v->parallel ? pm_heur_psgs(c->h, v->list, &v->sol)
                         : pm_heur_sgs(c->h, v->list, &v->sol);
    if (rc == PM_OK) {
        rc = pm_heur_fbi(c->h, &v->sol, v->list);
    }
    c->st->schedules += 3;
    if (rc != PM_OK) {
        return rc;
    }
    uint64_t hv = 1469598103934665603ull;
    for (int j = 0; j < c->h->r->n; j++) {
        hv = (hv ^ (uint64_t)(unsigned)v->sol.start[j]) * 1099511628211ull;
    }
    v->hash = hv;
    if (c->best->makespan < 0 || pm_rcp_better(&v->sol, c->best)) {
        pm_rcp_sol_copy(c->best, &v->sol, c->h->r->n);
        if (c->lim->progress) {
            c->lim->progress(c->lim->ctx, c->best->makespan,
                             c->best->lateness, c->st->schedules);
        }
    }
    if (c->st->schedules >= c->lim->max_schedules || reached(c)) {
        c->stop = true;
    } else if (c->lim->deadline > 0 && (c->st->schedules % 64) < 3 &&
               pm_clock_now() >= c->lim->deadline) {
        c->stop = true;
        c->st->by_time = true;
    }
    return PM_OK;
}

static void fen_add(long *t, int n, int j, long v)
{
    for (int i = j + 1; i <= n; i += i & -i) {
        t[i] += v;
    }
}

/* The same sampling as random_list() (weight maxls - ls + 1 over the
 * eligible activities), in O(log n) a pick: the weights' prefix sums are
 * (maxls + 1) x count - sum of ls, both kept in Fenwick trees indexed by
 * activity, and the pick descends the trees. */
static void random_list_large(pm_heur *h, int *list)
{
    const pm_rcp *r = h->r;
    int n = r->n, k = 0, top = 1;
    while (top * 2 <= n) {
        top *= 2;
    }
    memset(h->fen_cnt, 0, ((size_t)n + 1) * sizeof(long));
    memset(h->fen_ls, 0, ((size_t)n + 1) * sizeof(long));
    pm_heap mh = {h->ls_heap, 0, h->neg_ls};
    long ne = 0, sum_ls = 0;
    for (int j = 0; j < n; j++) {
        h->waiting[j] = r->pred_start[j + 1] - r->pred_start[j];
        if (h->waiting[j] == 0) {
            fen_add(h->fen_cnt, n, j, 1);
            fen_add(h->fen_ls, n, j, r->ls[j]);
            pm_heap_push(&mh, j);
            ne++;
            sum_ls += r->ls[j];
        }
    }
    while (ne > 0) {
        while (h->waiting[mh.v[0]] < 0) { /* picked already */
            pm_heap_pop(&mh);
        }
        long maxls = r->ls[mh.v[0]];
        long total = (maxls + 1) * ne - sum_ls;
        long pick = (long)(next_rand(h) % (uint64_t)total);
        int pos = 0;
        long cnt = 0, sls = 0;
        for (int step = top; step > 0; step >>= 1) {
            int q = pos + step;
            if (q <= n && (maxls + 1) * (cnt + h->fen_cnt[q]) -
                                  (sls + h->fen_ls[q]) <=
                              pick) {
                pos = q;
                cnt += h->fen_cnt[q];
                sls += h->fen_ls[q];
            }
        }
        int j = pos; /* the first activity whose prefix passes pick */
        fen_add(h->fen_cnt, n, j, -1);
        fen_add(h->fen_ls, n, j, -(long)r->ls[j]);
        h->waiting[j] = -1;
        ne--;
        sum_ls -= r->ls[j];
        list[k++] = j;
        for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
            int s = r->succ[e];
            if (--h->waiting[s] == 0) {
                fen_add(h->fen_cnt, n, s, 1);
                fen_add(h->fen_ls, n, s, r->ls[s]);
                pm_heap_push(&mh, s);
                ne++;
                sum_ls += r->ls[s];
            }
        }
    }
}

/* Regret-based biased random sampling on latest starts. */
static void random_list(pm_heur *h, int *list)
{
    const pm_rcp *r = h->r;
    if (h->fen_cnt) {
        random_list_large(h, list);
        return;
    }
    int *elig = h->heap, ne = 0, k = 0;
    for (int j = 0; j < r->n; j++) {
        h->waiting[j] = r->pred_start[j + 1] - r->pred_start[j];
        if (h->waiting[j] == 0) {
            elig[ne++] = j;
        }
    }
    while (ne > 0) {
        long maxls = LONG_MIN, total = 0;
        for (int i = 0; i < ne; i++) {
            maxls = r->ls[elig[i]] > maxls ? r->ls[elig[i]] : maxls;
        }
        for (int i = 0; i < ne; i++) {
            total += maxls - r->ls[elig[i]] + 1;
        }
        long pick = (long)(next_rand(h) % (uint64_t)total);
        int i = 0;
        for (; i < ne - 1; i++) {
            pick -= maxls - r->ls[elig[i]] + 1;
            if (pick < 0) {
                break;
            }
        }
        int j = elig[i];
        elig[i] = elig[--ne];
        list[k++] = j;
        for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
            if (--h->waiting[r->succ[e]] == 0) {
                elig[ne++] = r->succ[e];
            }
        }
    }
}

static void rule_list(pm_heur *h, int rule, int *list)
{
    const pm_rcp *r = h->r;
    for (int j = 0; j < r->n; j++) {
        long ls = r->ls[j], es = r->es[j], d = r->dur[j], work = 0;
        for (int e = r->need_start[j]; e < r->need_start[j + 1]; e++) {
            work += (long)r->need_q[e] * d;
        }
        switch (rule) {
        case 0: /* latest start */
            h->key[j] = ls;
            break;
        case 1: /* latest finish */
            h->key[j] = ls + d;
            break;
        case 2: /* minimum slack */
            h->key[j] = (ls - es) * 4096 + ls;
            break;
        case 3: /* priority class */
            h->key[j] = (long)r->weight[j] * -(1L << 32) + ls;
            break;
        default: /* greatest resource work */
            h->key[j] = -work * 65536 + ls;
            break;
        }
    }
    order_by_key(h, list, false);
}

/* Two-point crossover: mother's prefix, father's order in the middle,
 * mother's order for the rest. Keeps a topological order. */
static void crossover(pm_heur *h, const int *mo, const int *fa, int *child,
                      char *used)
{
    int n = h->r->n;
    if (n <= 0) {
        return;
    }
    int q1 = rand_below(h, n + 1), q2 = rand_below(h, n + 1);
    if (q1 > q2) {
        int t = q1;
        q1 = q2;
        q2 = t;
    }
    memset(used, 0, (size_t)n);
    int k = 0;
    for (int i = 0; i < q1; i++) {
        child[k++] = mo[i];
        used[mo[i]] = 1;
    }
    for (int i = 0; i < n && k < q2; i++) {
        if (!used[fa[i]]) {
            child[k++] = fa[i];
            used[fa[i]] = 1;
        }
    }
    for (int i = 0; i < n && k < n; i++) {
        if (!used[mo[i]]) {
            child[k++] = mo[i];
            used[mo[i]] = 1;
        }
    }
}

static bool has_edge(const pm_rcp *r, int a, int b)
{
    for (int e = r->succ_start[a]; e < r->succ_start[a + 1]; e++) {
        if (r->succ[e] == b) {
            return true;
        }
    }
    return false;
}

static void mutate(pm_heur *h, int *list, int per_mille)
{
    for (int i = 0; i + 1 < h->r->n; i++) {
        if (rand_below(h, 1000) < per_mille &&
            !has_edge(h->r, list[i], list[i + 1])) {
            int t = list[i];
            list[i] = list[i + 1];
            list[i + 1] = t;
        }
    }
}

/* Moves one activity to a random place between its last predecessor and
 * its first successor in the list (a precedence-safe insertion). */
static void insert_move(pm_heur *h, int *list)
{
    const pm_rcp *r = h->r;
    int n = r->n;
    if (n < 3) {
        return;
    }
    int *pos = h->waiting; /* scratch */
    for (int i = 0; i < n; i++) {
        pos[list[i]] = i;
    }
    int i = rand_below(h, n), j = list[i];
    int lo = 0, hi = n - 1;
    for (int e = r->pred_start[j]; e < r->pred_start[j + 1]; e++) {
        int q = pos[r->pred[e]] + 1;
        lo = q > lo ? q : lo;
    }
    for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
        int q = pos[r->succ[e]] - 1;
        hi = q < hi ? q : hi;
    }
    if (hi <= lo) {
        return;
    }
    int to = lo + rand_below(h, hi - lo + 1);
    if (to > i) {
        memmove(list + i, list + i + 1, (size_t)(to - i) * sizeof *list);
    } else if (to < i) {
        memmove(list + to + 1, list + to, (size_t)(i - to) * sizeof *list);
    }
    list[to] = j;
}

/* A child of mother and father (crossover, then mutation) into child,
 * decoded; with genes, it takes the mother's, flipped one time in
 * twenty. */
static int make_child(run_ctx *c, const indiv *mother, const indiv *father,
                      indiv *child, char *used, bool genes)
{
    pm_heur *h = c->h;
    crossover(h, mother->list, father->list, child->list, used);
    mutate(h, child->list, 50);
    child->parallel = mother->parallel ^ (genes && rand_below(h, 20) == 0);
    return evaluate(c, child);
}

/* A fresh biased sample into v, decoded; with genes, serial or parallel
 * at random. */
static int resample(run_ctx *c, indiv *v, bool genes)
{
    random_list(c->h, v->list);
    v->parallel = genes && rand_below(c->h, 2);
    return evaluate(c, v);
}

static int cmp_indiv(const void *a, const void *b)
{
    const indiv *x = a, *y = b;
    if (pm_rcp_better(&x->sol, &y->sol)) {
        return -1;
    }
    if (pm_rcp_better(&y->sol, &x->sol)) {
        return 1;
    }
    return 0;
}

int pm_heur_search(pm_heur *h, const pm_heur_limits *lim, pm_rcp_sol *best,
                   pm_heur_stats *stats)
{
    const pm_rcp *r = h->r;
    int n = r->n;
    memset(stats, 0, sizeof *stats);
    best->makespan = -1;
    run_ctx c = {h, lim, stats, best, false};
    if (n == 0) {
        best->makespan = 0;
        best->lateness = 0;
        return PM_OK;
    }
    int pop = n < 60 ? 40 : n < 400 ? 60 : 30;
    /* Exploring, a population EXPLORE_POP times as large: diversity is what
     * the second search lacks (on 120 j60 instances, 0.35% above the best
     * known with the first search's size, 0.33% with twice, 0.25% with
     * four times; more pressure on parents instead gave 0.55%). */
    if (lim->explore) {
        pop *= EXPLORE_POP;
    }
    /* Exploring, each list carries a gene: serial or parallel decoding
     * (self-adapting, after Hartmann 2002); children take the mother's,
     * flipped one time in twenty. */
    bool par = n <= 500 && lim->explore;
    indiv *v = calloc((size_t)pop * 2, sizeof *v);
    char *used = malloc((size_t)n + 1);
    int rc = used && v ? PM_OK : PM_ENOMEM;
    for (int i = 0; rc == PM_OK && i < pop * 2; i++) {
        rc = indiv_init(&v[i], n);
    }
    /* Initial population: the rules, then biased random sampling. */
    int made = 0;
    for (; rc == PM_OK && made < pop && !c.stop; made++) {
        if (made == 0 && lim->start_from) {
            for (int j = 0; j < n; j++) {
                h->key[j] = lim->start_from->start[j];
            }
            order_by_key(h, v[made].list, false);
            v[made].parallel = false;
        } else if (made < 5) {
            rule_list(h, made, v[made].list);
            v[made].parallel = false;
        } else {
            random_list(h, v[made].list);
            v[made].parallel = par && (made & 1);
        }
        rc = evaluate(&c, &v[made]);
    }
    int stale = 0;
    long last_best = LONG_MAX;
    while (rc == PM_OK && !c.stop && made >= pop) {
        /* Children into v[pop .. 2 pop). */
        for (int i = 0; rc == PM_OK && i < pop && !c.stop; i += 2) {
            int a = rand_below(h, pop), b = rand_below(h, pop);
            rc = make_child(&c, &v[a], &v[b], &v[pop + i], used, par);
            if (rc == PM_OK && !c.stop && i + 1 < pop) {
                rc = make_child(&c, &v[b], &v[a], &v[pop + i + 1], used, par);
            }
        }
        if (c.stop) {
            break;
        }
        qsort(v, (size_t)pop * 2, sizeof *v, cmp_indiv);
        /* Keep distinct schedules: a copy of one already kept is moved
         * behind the survivors and replaced by a fresh sample. */
        int kept = 0;
        for (int i = 0; i < pop * 2 && kept < pop; i++) {
            bool dup = false;
            for (int q = 0; q < kept && !dup; q++) {
                dup = v[q].hash == v[i].hash &&
                      v[q].sol.makespan == v[i].sol.makespan;
            }
            if (!dup) {
                indiv t = v[kept];
                v[kept++] = v[i];
                v[i] = t;
            }
        }
        for (int i = kept; rc == PM_OK && i < pop && !c.stop; i++) {
            rc = resample(&c, &v[i], par);
        }
        /* Neighbours of the best replace the last survivors. */
        for (int i = pop - 4;
             !lim->explore && rc == PM_OK && i < pop && i > 0 && !c.stop;
             i++) {
            memcpy(v[i].list, v[0].list, (size_t)n * sizeof *v[i].list);
            v[i].parallel = v[0].parallel;
            insert_move(h, v[i].list);
            insert_move(h, v[i].list);
            rc = evaluate(&c, &v[i]);
        }
        /* Stuck for STALE_GENERATIONS: fresh samples replace the whole
         * population (the best so far stays in best), or only its worse
         * half when exploring from an incumbent. */
        long cur = best->lateness * 1000000L + best->makespan;
        stale = cur < last_best ? 0 : stale + 1;
        last_best = cur < last_best ? cur : last_best;
        if (stale >= STALE_GENERATIONS) {
            int from = lim->explore ? pop / 2 : 0;
            for (int i = from; rc == PM_OK && i < pop && !c.stop; i++) {
                rc = resample(&c, &v[i], par);
            }
            stale = 0;
        }
    }
    for (int i = 0; v && i < pop * 2; i++) {
        indiv_reset(&v[i]);
    }
    free(v);
    free(used);
    return rc;
}
