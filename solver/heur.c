/* solver/heur.c - schedule generation on the aggregate problem: serial
 * and parallel SGS on activity lists, priority-rule orders and
 * forward-backward improvement (the genetic algorithm that drives them is
 * ga.c). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "solver/heap.h"
#include "solver/heur_impl.h"

void pm_heur_free(pm_heur *h)
{
    if (!h) {
        return;
    }
    free(h->avail);
    free(h->cap);
    free(h->heap);
    free(h->waiting);
    free(h->key);
    free(h->order);
    free(h->packed);
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
    size_t cells = (size_t)r->n_res * (size_t)h->H + 1;
    h->avail = malloc(cells * sizeof(int));
    h->cap = malloc(cells * sizeof(int));
    h->heap = malloc(n * sizeof(int));
    h->waiting = malloc(n * sizeof(int));
    h->key = malloc(n * sizeof(long));
    h->order = malloc(n * sizeof(int));
    h->packed = malloc(n * sizeof(uint64_t));
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
    if (!h->avail || !h->cap || !h->packed || !h->heap || !h->waiting ||
        !h->key || !h->order || !h->ps_left || !h->ps_est ||
        pm_rcp_sol_init(&h->back, r->n) != PM_OK ||
        pm_rcp_sol_init(&h->fwd, r->n) != PM_OK) {
        pm_heur_free(h);
        return NULL;
    }
    for (int k = 0; k < r->n_res; k++) {
        for (int t = 0; t < h->H; t++) {
            h->cap[(long)k * h->H + t] = pm_rcp_cap(r, k, t);
        }
    }
    memcpy(h->avail, h->cap, cells * sizeof(int));
    return h;
}

/* Latest slot in [from, t + d) where j does not fit, or -1 if none does
 * (the caller knows [t, from) free). Each resource's row is scanned from
 * the end down to the latest conflict found so far. */
static int conflict_from(const pm_heur *h, int j, int t, int from)
{
    const pm_rcp *r = h->r;
    int last = t + r->dur[j] - 1, lo = from;
    for (int e = r->need_start[j], end = r->need_start[j + 1]; e < end; e++) {
        const int *row = h->avail + (long)r->need_res[e] * h->H;
        int q = r->need_q[e];
        for (int s = last; s >= lo; s--) {
            if (row[s] < q) {
                lo = s + 1;
                break;
            }
        }
    }
    return lo > from ? lo - 1 : -1;
}

static int conflict(const pm_heur *h, int j, int t)
{
    return conflict_from(h, j, t, t);
}

/* Earliest slot in [t0, ...) where j fits with its predecessors placed
 * already; -1 past the horizon. After a conflict at s every slot from
 * s + 1 to the window's end is free for j (the scans stop only at a
 * conflict), so the next window is scanned only past that end. */
static int earliest_fit(const pm_heur *h, int j, int t0)
{
    int t = t0, d = h->r->dur[j], from = t0;
    if (h->r->need_start[j] == h->r->need_start[j + 1]) {
        return t;
    }
    for (;;) {
        if (t + d > h->H) {
            return -1;
        }
        int s = conflict_from(h, j, t, from);
        if (s < 0) {
            return t;
        }
        from = t + d > s + 1 ? t + d : s + 1;
        t = s + 1;
    }
}

/* First slot in [t, to] where j does not fit, or -1 if none does (the
 * caller knows (to, t + d) free). */
static int first_conflict_to(const pm_heur *h, int j, int t, int to)
{
    const pm_rcp *r = h->r;
    int first = to + 1;
    for (int e = r->need_start[j], e_end = r->need_start[j + 1]; e < e_end;
         e++) {
        const int *row = h->avail + (long)r->need_res[e] * h->H;
        int q = r->need_q[e];
        for (int s = t; s < first; s++) {
            if (row[s] < q) {
                first = s;
                break;
            }
        }
    }
    return first <= to ? first : -1;
}

/* Latest slot <= ub (and >= lo) where j fits; -1 if none. The mirror of
 * earliest_fit: after a conflict at s every slot from the window's start
 * to s - 1 is free for j, so the next window is scanned only before it. */
static int latest_fit(const pm_heur *h, int j, int ub, int lo)
{
    int t = ub, d = h->r->dur[j], to = ub + d - 1;
    if (h->r->need_start[j] == h->r->need_start[j + 1]) {
        return t >= lo ? t : -1;
    }
    while (t >= lo) {
        int s = first_conflict_to(h, j, t, to);
        if (s < 0) {
            return t;
        }
        to = t - 1 < s - 1 ? t - 1 : s - 1;
        t = s - d;
    }
    return -1;
}

/* Places (sign +1) or takes back (-1) j at slot t. */
static void commit(pm_heur *h, int j, int t, int sign)
{
    const pm_rcp *r = h->r;
    int end = t + r->dur[j];
    for (int e = r->need_start[j], e_end = r->need_start[j + 1]; e < e_end;
         e++) {
        int *row = h->avail + (long)r->need_res[e] * h->H;
        int q = sign * r->need_q[e];
        for (int s = t; s < end; s++) {
            row[s] -= q;
        }
        h->work += r->need_q[e] > 0 ? end - t : 0;
    }
    h->placed += sign;
    if (sign > 0) {
        h->dirty_end = end > h->dirty_end ? end : h->dirty_end;
    } else if (h->placed == 0) {
        h->dirty_end = 0;
        h->work = 0;
    }
}

/* When the count activities placed are all that is placed and copying
 * the free capacity back touches fewer cells than taking them back one by
 * one, copies it back and returns true; the caller takes them back
 * otherwise. */
static bool restore_cap(pm_heur *h, int count)
{
    const pm_rcp *r = h->r;
    if (h->placed != count || (long)r->n_res * h->dirty_end > h->work) {
        return false;
    }
    for (int k = 0; k < r->n_res; k++) {
        long row = (long)k * h->H;
        memcpy(h->avail + row, h->cap + row,
               (size_t)h->dirty_end * sizeof(int));
    }
    h->placed = 0;
    h->dirty_end = 0;
    h->work = 0;
    return true;
}

/* Takes back the count first activities of list, placed at start[]. */
static void unplace_list(pm_heur *h, const int *list, const int *start,
                         int count)
{
    if (restore_cap(h, count)) {
        return;
    }
    for (int i = 0; i < count; i++) {
        commit(h, list[i], start[list[i]], -1);
    }
}

int pm_heur_place(pm_heur *h, int j, const int *start)
{
    const pm_rcp *r = h->r;
    int t0 = r->rel[j];
    for (int e = r->pred_start[j]; e < r->pred_start[j + 1]; e++) {
        int v = start[r->pred[e]] + r->pred_w[e];
        t0 = v > t0 ? v : t0;
    }
    int t = earliest_fit(h, j, t0 < 0 ? 0 : t0);
    if (t >= 0) {
        commit(h, j, t, +1);
    }
    return t;
}

void pm_heur_unplace(pm_heur *h, int j, int t)
{
    commit(h, j, t, -1);
}

int pm_heur_sgs(pm_heur *h, const int *list, pm_rcp_sol *out)
{
    const pm_rcp *r = h->r;
    int placed = 0, rc = PM_OK;
    for (; placed < r->n; placed++) {
        int j = list[placed];
        int t = pm_heur_place(h, j, out->start);
        if (t < 0) {
            rc = PM_EINTERNAL;
            break;
        }
        out->start[j] = t;
    }
    unplace_list(h, list, out->start, placed);
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
                for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
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
                    : left[j] == 0     ? est[j]
                                       : INT_MAX;
            next = v > t && v < next ? v : next;
        }
        t = next == INT_MAX ? t + 1 : next;
        if (placed < n && t >= h->H) {
            rc = PM_EINTERNAL;
        }
    }
    if (!restore_cap(h, placed)) {
        for (int j = 0; j < n; j++) {
            if (out->start[j] >= 0) {
                commit(h, j, out->start[j], -1);
            }
        }
    }
    if (rc == PM_OK) {
        pm_rcp_evaluate(r, out);
    }
    return rc;
}

/* A binary min-heap of words (packed_order). */
static void word_push(uint64_t *v, int *n, uint64_t x)
{
    int i = (*n)++;
    while (i > 0 && v[(i - 1) / 2] > x) {
        v[i] = v[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    v[i] = x;
}

static uint64_t word_pop(uint64_t *v, int *n)
{
    uint64_t top = v[0], x = v[--*n];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= *n) {
            break;
        }
        c += c + 1 < *n && v[c + 1] < v[c];
        if (v[c] >= x) {
            break;
        }
        v[i] = v[c];
        i = c;
    }
    v[i] = x;
    return top;
}

/* Topological order by h->key, ties by the smaller index, with the key
 * (less the least) and the index packed in one word the heap compares
 * directly; false when the keys span too much for that. */
static bool packed_order(pm_heur *h, int *list, bool backward)
{
    const pm_rcp *r = h->r;
    int n = r->n, bits = 1, k = 0, size = 0;
    if (!h->packed || n == 0) {
        return false;
    }
    while ((1L << bits) < n) {
        bits++;
    }
    long lo = h->key[0], hi = h->key[0];
    for (int j = 1; j < n; j++) {
        lo = h->key[j] < lo ? h->key[j] : lo;
        hi = h->key[j] > hi ? h->key[j] : hi;
    }
    if ((uint64_t)hi - (uint64_t)lo >= (UINT64_C(1) << (62 - bits))) {
        return false;
    }
    const int *in_st = backward ? r->succ_start : r->pred_start;
    const int *st = backward ? r->pred_start : r->succ_start;
    const int *to = backward ? r->pred : r->succ;
    for (int j = 0; j < n; j++) {
        h->waiting[j] = in_st[j + 1] - in_st[j];
        if (h->waiting[j] == 0) {
            word_push(h->packed, &size,
                      ((uint64_t)(h->key[j] - lo) << bits) | (uint64_t)j);
        }
    }
    uint64_t mask = (UINT64_C(1) << bits) - 1;
    while (size > 0) {
        int j = (int)(word_pop(h->packed, &size) & mask);
        list[k++] = j;
        for (int e = st[j]; e < st[j + 1]; e++) {
            int b = to[e];
            if (--h->waiting[b] == 0) {
                word_push(h->packed, &size,
                          ((uint64_t)(h->key[b] - lo) << bits) | (uint64_t)b);
            }
        }
    }
    return true;
}

/* Topological order by h->key; forward (preds first) or backward. */
void pm_heur_order_list(pm_heur *h, int *list, bool backward)
{
    if (packed_order(h, list, backward)) {
        return;
    }
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
    pm_heur_order_list(&tmp, list, false);
    free(tmp.heap);
    free(tmp.waiting);
    return PM_OK;
}

/* Places the activities of order, in that order, each at the latest slot
 * that ends by end and that its successors placed already and the
 * capacity allow; the starts land in h->back, and the capacity is given
 * back. Returns false if some activity found no place (from its release
 * on); h->back is then incomplete. */
static bool place_latest(pm_heur *h, const int *order, int end)
{
    const pm_rcp *r = h->r;
    int *start = h->back.start;
    int placed = 0;
    bool ok = true;
    for (; placed < r->n; placed++) {
        int j = order[placed];
        int ub = end - r->dur[j];
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
    unplace_list(h, order, start, placed);
    return ok;
}

/* Right-justifies s into h->back against makespan s->makespan. Returns
 * false if some activity found no place (then nothing is kept). */
static bool backward_pass(pm_heur *h, const pm_rcp_sol *s)
{
    const pm_rcp *r = h->r;
    for (int j = 0; j < r->n; j++) {
        h->key[j] = -((long)s->start[j] + r->dur[j]);
    }
    pm_heur_order_list(h, h->order, true);
    return place_latest(h, h->order, s->makespan);
}

int pm_heur_sgs_backward(pm_heur *h, const int *list, pm_rcp_sol *out)
{
    const pm_rcp *r = h->r;
    for (int i = 0; i < r->n; i++) {
        h->order[i] = list[r->n - 1 - i];
    }
    if (!place_latest(h, h->order, r->horizon)) {
        return pm_heur_sgs(h, list, out); /* a release too late to mirror */
    }
    for (int j = 0; j < r->n; j++) {
        h->key[j] = h->back.start[j];
    }
    pm_heur_order_list(h, h->order, false);
    return pm_heur_sgs(h, h->order, out);
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
    pm_heur_order_list(h, order, false);
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
        pm_heur_order_list(h, list, false);
    }
    return PM_OK;
}
