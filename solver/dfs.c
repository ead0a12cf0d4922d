/* solver/dfs.c - complete chronological search on start windows (dfs.h).
 *
 * Time t is the earliest start among the activities not yet fixed; of those
 * that can start at t, the one with the least latest start is decided:
 * it starts at t, or it starts at the next event after t that could let
 * it start (a finish, a predecessor's lag running out, a step in
 * capacity). The second branch loses no semi-active schedule: an activity
 * that cannot move one slot earlier starts at its earliest start or at
 * such an event. Windows are narrowed by propagate.h at every node; a
 * search that is there to refute H shaves its root windows first.
 *
 * Refuted nodes are remembered by their set of started activities (fixed,
 * starting by t). A node with the same started set is refuted too when
 * each started activity either started no later in the remembered node or
 * no longer matters at the new t, and each other activity's earliest start
 * is no earlier than it was there: any schedule below the new node then
 * fits below the old one (the cutset rule of Demeulemeester and
 * Herroelen's branch and bound, on windows). */
#include "solver/dfs.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "solver/heur.h"
#include "solver/propagate.h"

/* Each level of the stack holds two windows per activity; the search
 * gives up (no answer) rather than hold more than this. */
enum { MAX_STACK_BYTES = 64 << 20 };
/* Memory for refuted nodes; when it is full they are forgotten and
 * collected anew. */
enum { MEMO_BYTES = 32 << 20 };

typedef struct {
    int pick;   /* the activity decided at this node, -1 before choosing */
    int branch; /* the next branch to try: 0 start at t, 1 postpone, 2 done */
    uint64_t key; /* the started set's key, once pick is chosen */
} frame;

/* A refuted node: per activity its start if started, else its earliest
 * start, negated minus one. */
typedef struct memo {
    uint64_t key;
    struct memo *next;
    int slot[];
} memo;

struct pm_dfs {
    const pm_rcp *r;
    pm_prop *prop;
    int H;
    frame *st;  /* the path from the root */
    int *win;   /* per level: es then ls, 2n ints */
    int depth;  /* levels on the stack; 0 when the search is over */
    int cap;    /* levels allocated */
    pm_dfs_result done; /* the answer once known, else PM_DFS_UNKNOWN */
    int shave_at;       /* the root's shaving: the next activity, -1 done */
    bool shave_cut;     /* the shaving round cut something */
    /* The refuted nodes: a hash table over an arena. */
    uint64_t *zobrist; /* per activity, for the started set's key */
    int *reach;        /* per activity: slots after its start it binds */
    bool *max_lag;     /* per activity: a predecessor may start after it */
    memo **bucket;
    size_t n_buckets;
    char *arena;
    size_t arena_used, arena_size, memo_size;
};

static int *es_at(pm_dfs *d, int level)
{
    return d->win + (size_t)level * 2 * (size_t)d->r->n;
}

static bool grow(pm_dfs *d)
{
    if (d->depth < d->cap) {
        return true;
    }
    size_t n = (size_t)d->r->n;
    size_t level = 2 * n * sizeof(int) + sizeof(frame);
    int cap = d->cap ? 2 * d->cap : 64;
    if ((size_t)cap * level > MAX_STACK_BYTES) {
        return false;
    }
    frame *st = realloc(d->st, (size_t)cap * sizeof *st);
    if (!st) {
        return false;
    }
    d->st = st;
    int *win = realloc(d->win, (size_t)cap * 2 * n * sizeof(int) + 1);
    if (!win) {
        return false;
    }
    d->win = win;
    d->cap = cap;
    return true;
}

/* What the cutset rule needs per activity, and the table. False when out
 * of memory (the search then runs without it). */
static bool memo_init(pm_dfs *d)
{
    const pm_rcp *r = d->r;
    int n = r->n;
    d->zobrist = malloc(((size_t)n + 1) * sizeof *d->zobrist);
    d->reach = malloc(((size_t)n + 1) * sizeof *d->reach);
    d->max_lag = calloc((size_t)n + 1, sizeof *d->max_lag);
    d->memo_size = (sizeof(memo) + (size_t)n * sizeof(int) + 7) & ~(size_t)7;
    d->arena_size = MEMO_BYTES;
    d->n_buckets = 1;
    while (d->n_buckets * d->memo_size < d->arena_size) {
        d->n_buckets *= 2;
    }
    d->bucket = calloc(d->n_buckets, sizeof *d->bucket);
    d->arena = malloc(d->arena_size);
    if (!d->zobrist || !d->reach || !d->max_lag || !d->bucket || !d->arena) {
        return false;
    }
    uint64_t s = 0x9E3779B97F4A7C15u;
    for (int j = 0; j < n; j++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        d->zobrist[j] = s;
        d->reach[j] = r->dur[j];
        for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
            if (r->succ_w[e] > d->reach[j]) {
                d->reach[j] = r->succ_w[e];
            }
        }
        for (int e = r->pred_start[j]; e < r->pred_start[j + 1]; e++) {
            d->max_lag[j] |= r->pred_w[e] < 0;
        }
    }
    return true;
}

/* Fixed by time t: by a decision (the search fixes activities at t only)
 * or by propagation. */
static bool started(const int *es, const int *ls, int j, int t)
{
    return es[j] == ls[j] && es[j] <= t;
}

static uint64_t memo_key(const pm_dfs *d, const int *es, const int *ls,
                         int t)
{
    uint64_t key = 0;
    for (int j = 0; j < d->r->n; j++) {
        if (started(es, ls, j, t)) {
            key ^= d->zobrist[j];
        }
    }
    return key;
}

/* Is the node (es, ls) at time t below a refuted one? */
static bool memo_refuted(const pm_dfs *d, const int *es, const int *ls,
                         int t, uint64_t key)
{
    int n = d->r->n;
    for (const memo *m = d->bucket[key & (d->n_buckets - 1)]; m;
         m = m->next) {
        if (m->key != key) {
            continue;
        }
        int j = 0;
        for (; j < n; j++) {
            int v = m->slot[j];
            if (started(es, ls, j, t) != (v >= 0)) {
                break; /* another started set */
            }
            bool fits = v < 0    ? -v - 1 <= es[j]
                        : v < es[j] ? !d->max_lag[j]
                                    : v == es[j] || v + d->reach[j] <= t;
            if (!fits) {
                break;
            }
        }
        if (j == n) {
            return true;
        }
    }
    return false;
}

static void memo_add(pm_dfs *d, const int *es, const int *ls, int t,
                     uint64_t key)
{
    if (d->arena_used + d->memo_size > d->arena_size) {
        memset(d->bucket, 0, d->n_buckets * sizeof *d->bucket);
        d->arena_used = 0; /* full: forget, collect anew */
    }
    memo *m = (memo *)(d->arena + d->arena_used);
    d->arena_used += d->memo_size;
    m->key = key;
    for (int j = 0; j < d->r->n; j++) {
        m->slot[j] = started(es, ls, j, t) ? es[j] : -es[j] - 1;
    }
    memo **b = &d->bucket[key & (d->n_buckets - 1)];
    m->next = *b;
    *b = m;
}

/* Frees the table; the search goes on without the rule (arena NULL). */
static void memo_free(pm_dfs *d)
{
    free(d->zobrist);
    free(d->reach);
    free(d->max_lag);
    free(d->bucket);
    free(d->arena);
    d->zobrist = NULL;
    d->reach = NULL;
    d->max_lag = NULL;
    d->bucket = NULL;
    d->arena = NULL;
}

pm_dfs *pm_dfs_new(const pm_rcp *r, int H, bool refute)
{
    pm_dfs *d = calloc(1, sizeof *d);
    if (!d) {
        return NULL;
    }
    d->r = r;
    d->H = H;
    d->done = PM_DFS_UNKNOWN;
    d->shave_at = refute ? 0 : -1;
    d->prop = pm_prop_new(r, H, refute);
    if (!d->prop || !grow(d)) {
        pm_dfs_free(d);
        return NULL;
    }
    if (!memo_init(d)) {
        memo_free(d); /* short of memory: no cutset rule */
    }
    int *es = es_at(d, 0);
    if (H >= 0 && pm_prop_root(d->prop, es, es + r->n)) {
        d->st[0] = (frame){-1, 0, 0};
        d->depth = 1;
    } else {
        d->done = PM_DFS_NONE;
    }
    return d;
}

void pm_dfs_free(pm_dfs *d)
{
    if (!d) {
        return;
    }
    pm_prop_free(d->prop);
    memo_free(d);
    free(d->st);
    free(d->win);
    free(d);
}

int pm_dfs_horizon(const pm_dfs *d)
{
    return d->H;
}

/* Of the unfixed activities with the earliest start, the one with the
 * least latest start; -1 when all are fixed. */
static int choose(int n, const int *es, const int *ls)
{
    int pick = -1;
    for (int j = 0; j < n; j++) {
        if (es[j] < ls[j] &&
            (pick < 0 || es[j] < es[pick] ||
             (es[j] == es[pick] && ls[j] < ls[pick]))) {
            pick = j;
        }
    }
    return pick;
}

/* The earliest slot after t at which S_i + w can fall (a finish for w =
 * i's duration, a lag running out for a precedence), or INT_MAX. */
static int after(const int *es, const int *ls, int i, int w, int t)
{
    if (es[i] + w > t) {
        return es[i] + w;
    }
    return es[i] == ls[i] || ls[i] + w <= t ? INT_MAX : t + 1;
}

/* The earliest slot after t = es[j] that could let j start, in a schedule
 * where j does not start at t: a finish of another activity, a
 * predecessor's lag running out, or a step in the capacity of a resource
 * j needs. ls[j] + 1 when there is none. */
static int next_event(const pm_rcp *r, const int *es, const int *ls, int j)
{
    int t = es[j], next = ls[j] + 1;
    for (int i = 0; i < r->n; i++) {
        if (i != j && r->dur[i] > 0) {
            int f = after(es, ls, i, r->dur[i], t);
            next = f < next ? f : next;
        }
    }
    for (int e = r->pred_start[j]; e < r->pred_start[j + 1]; e++) {
        int f = after(es, ls, r->pred[e], r->pred_w[e], t);
        next = f < next ? f : next;
    }
    for (int e = r->need_start[j]; e < r->need_start[j + 1]; e++) {
        int k = r->need_res[e];
        for (int u = t + 1; u < next && u < r->cap_len; u++) {
            if (pm_rcp_cap(r, k, u) != pm_rcp_cap(r, k, u - 1)) {
                next = u;
                break;
            }
        }
    }
    return next;
}

pm_dfs_result pm_dfs_run(pm_dfs *d, double deadline, pm_rcp_sol *sol,
                         long *nodes)
{
    const pm_rcp *r = d->r;
    int n = r->n;
    *nodes = 0;
    if (d->done == PM_DFS_FOUND) { /* answered before: the stack's top */
        memcpy(sol->start, es_at(d, d->depth - 1), (size_t)n * sizeof(int));
        pm_rcp_evaluate(r, sol);
    }
    while (d->shave_at >= 0 && d->done == PM_DFS_UNKNOWN && d->depth == 1) {
        if (pm_clock_now() > deadline) {
            return PM_DFS_UNKNOWN;
        }
        int *es = es_at(d, 0);
        if (!pm_prop_shave_step(d->prop, es, es + n, &d->shave_at,
                                &d->shave_cut)) {
            d->depth = 0; /* refuted at the root */
        }
    }
    while (d->done == PM_DFS_UNKNOWN) {
        if (d->depth == 0) {
            d->done = PM_DFS_NONE; /* every branch refuted */
            break;
        }
        if (((*nodes + 1) & 255) == 0 && pm_clock_now() > deadline) {
            return PM_DFS_UNKNOWN;
        }
        ++*nodes;
        frame *f = &d->st[d->depth - 1];
        int *es = es_at(d, d->depth - 1), *ls = es + n;
        if (f->pick < 0) {
            f->pick = choose(n, es, ls);
            if (f->pick < 0) { /* all fixed: a schedule */
                memcpy(sol->start, es, (size_t)n * sizeof(int));
                pm_rcp_evaluate(r, sol);
                if (pm_rcp_check(r, sol) == 0 && sol->makespan <= d->H) {
                    d->done = PM_DFS_FOUND;
                    break;
                }
                d->depth--;
                continue;
            }
            if (d->arena) {
                int t = es[f->pick];
                f->key = memo_key(d, es, ls, t);
                if (memo_refuted(d, es, ls, t, f->key)) {
                    d->depth--;
                    continue;
                }
            }
        }
        if (f->branch >= 2) {
            if (d->arena) {
                memo_add(d, es, ls, es[f->pick], f->key);
            }
            d->depth--;
            continue;
        }
        if (!grow(d)) {
            return PM_DFS_UNKNOWN; /* too deep for memory: no answer */
        }
        f = &d->st[d->depth - 1]; /* grow may have moved the stack */
        es = es_at(d, d->depth - 1);
        ls = es + n;
        int *es2 = es_at(d, d->depth), *ls2 = es2 + n;
        memcpy(es2, es, 2 * (size_t)n * sizeof(int));
        if (f->branch++ == 0) {
            ls2[f->pick] = es2[f->pick]; /* start it at t */
        } else {
            es2[f->pick] = next_event(r, es, ls, f->pick); /* or later */
        }
        if (pm_prop_windows(d->prop, es2, ls2)) {
            d->st[d->depth++] = (frame){-1, 0, 0};
        }
    }
    return d->done;
}
