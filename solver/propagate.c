/* solver/propagate.c - window narrowing for destructive bounds and smaller
 * MILPs. Every rule only removes start times that no schedule finishing by
 * H can use, so the narrowed windows stay valid. */
#include "solver/propagate.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct pm_prop {
    const pm_rcp *r;
    int H;
    int *es, *ls;  /* the windows being narrowed */
    int *prof;     /* n_res x H: compulsory demand per slot */
    int *cap;      /* n_res x H: capacity per slot */
    int *maxcap;   /* per resource: largest capacity over [0, H) */
    int *pair;     /* pairs that can never overlap, 2 per pair, listed on
                    * first use up to PAIR_LIST activities; else NULL */
    long n_pairs;
    bool pairs_listed;
};

/* Up to this many activities the pairs that can never overlap are listed
 * once (at most n^2/2 of them); above, they are found anew each round. */
#define PAIR_LIST 1000

/* Precedences forward and backward; false on an empty window. */
static bool temporal(pm_prop *p, bool *changed)
{
    const pm_rcp *r = p->r;
    for (int k = 0; k < r->n; k++) {
        int j = r->topo[k];
        for (int e = r->pred_start[j]; e < r->pred_start[j + 1]; e++) {
            int v = p->es[r->pred[e]] + r->pred_w[e];
            if (v > p->es[j]) {
                p->es[j] = v;
                *changed = true;
            }
        }
    }
    for (int k = r->n - 1; k >= 0; k--) {
        int j = r->topo[k];
        for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
            int v = p->ls[r->succ[e]] - r->succ_w[e];
            if (v < p->ls[j]) {
                p->ls[j] = v;
                *changed = true;
            }
        }
    }
    for (int j = 0; j < r->n; j++) {
        if (p->ls[j] < p->es[j]) {
            return false;
        }
    }
    return true;
}

static void profile(pm_prop *p)
{
    const pm_rcp *r = p->r;
    memset(p->prof, 0, (size_t)r->n_res * (size_t)p->H * sizeof(int));
    for (int j = 0; j < r->n; j++) {
        int a = p->ls[j], b = p->es[j] + r->dur[j];
        for (int e = r->need_start[j]; e < r->need_start[j + 1] && a < b;
             e++) {
            int q = r->need_q[e];
            int *row = p->prof + (long)r->need_res[e] * p->H;
            for (int t = a; t < b; t++) {
                row[t] += q;
            }
        }
    }
}

/* Does j fit at start t against the compulsory profile of the others?
 * Returns a conflicting slot, or -1. */
static int tt_conflict(const pm_prop *p, int j, int t, bool latest_first)
{
    const pm_rcp *r = p->r;
    int d = r->dur[j];
    int ca = p->ls[j], cb = p->es[j] + d; /* j's own compulsory part */
    for (int i = 0; i < d; i++) {
        int s = latest_first ? t + d - 1 - i : t + i;
        int own = s >= ca && s < cb;
        for (int e = r->need_start[j]; e < r->need_start[j + 1]; e++) {
            int q = r->need_q[e];
            long at = (long)r->need_res[e] * p->H + s;
            if (p->prof[at] - (own ? q : 0) + q > p->cap[at]) {
                return s;
            }
        }
    }
    return -1;
}

static bool timetable(pm_prop *p, bool *changed)
{
    const pm_rcp *r = p->r;
    profile(p);
    long cells = (long)r->n_res * p->H;
    for (long c = 0; c < cells; c++) {
        if (p->prof[c] > p->cap[c]) {
            return false; /* compulsory parts alone overload a slot */
        }
    }
    for (int j = 0; j < r->n; j++) {
        /* A fixed activity is all compulsory part: checked just above. */
        if (r->dur[j] == 0 || p->es[j] == p->ls[j] ||
            r->need_start[j] == r->need_start[j + 1]) {
            continue;
        }
        int t = p->es[j], s;
        while (t <= p->ls[j] && (s = tt_conflict(p, j, t, true)) >= 0) {
            t = s + 1;
        }
        if (t > p->ls[j]) {
            return false;
        }
        if (t != p->es[j]) {
            p->es[j] = t;
            *changed = true;
        }
        t = p->ls[j];
        while (t >= p->es[j] && (s = tt_conflict(p, j, t, false)) >= 0) {
            t = s - r->dur[j];
        }
        if (t < p->es[j]) {
            return false;
        }
        if (t != p->ls[j]) {
            p->ls[j] = t;
            *changed = true;
        }
    }
    return true;
}

/* Can i and j never overlap: together they need more of some resource
 * than it ever has? (Only resources i needs can clash.) */
static bool clash(const pm_prop *p, int i, int j)
{
    const pm_rcp *r = p->r;
    if (r->dur[i] == 0 || r->dur[j] == 0) {
        return false;
    }
    for (int e = r->need_start[i]; e < r->need_start[i + 1]; e++) {
        int k = r->need_res[e];
        if (r->need_q[e] + r->req[(long)j * r->n_res + k] > p->maxcap[k]) {
            return true;
        }
    }
    return false;
}

static void list_pairs(pm_prop *p)
{
    int n = p->r->n;
    p->pairs_listed = true;
    if (n > PAIR_LIST) {
        return;
    }
    long cap = 16;
    p->pair = malloc((size_t)cap * 2 * sizeof(int));
    for (int i = 0; p->pair && i < n; i++) {
        for (int j = i + 1; p->pair && j < n; j++) {
            if (!clash(p, i, j)) {
                continue;
            }
            if (p->n_pairs == cap) {
                cap *= 2;
                int *g = realloc(p->pair, (size_t)cap * 2 * sizeof(int));
                if (!g) {
                    free(p->pair); /* short of memory: found anew instead */
                    p->pair = NULL;
                    p->n_pairs = 0;
                    break;
                }
                p->pair = g;
            }
            p->pair[2 * p->n_pairs] = i;
            p->pair[2 * p->n_pairs + 1] = j;
            p->n_pairs++;
        }
    }
}

/* i and j can never overlap: if one order is impossible, the other is
 * enforced. False when neither order fits the windows. */
static bool order_pair(pm_prop *p, int i, int j, bool *changed)
{
    const pm_rcp *r = p->r;
    bool i_first = p->es[i] + r->dur[i] <= p->ls[j];
    bool j_first = p->es[j] + r->dur[j] <= p->ls[i];
    if (!i_first && !j_first) {
        return false;
    }
    if (i_first && j_first) {
        return true;
    }
    int a = i_first ? i : j, b = i_first ? j : i; /* a precedes b */
    if (p->es[b] < p->es[a] + r->dur[a]) {
        p->es[b] = p->es[a] + r->dur[a];
        *changed = true;
    }
    if (p->ls[a] > p->ls[b] - r->dur[a]) {
        p->ls[a] = p->ls[b] - r->dur[a];
        *changed = true;
    }
    return p->ls[a] >= p->es[a] && p->ls[b] >= p->es[b];
}

/* Pairs whose demands exceed the largest capacity of some resource. */
static bool disjunctive(pm_prop *p, bool *changed)
{
    if (!p->pairs_listed) {
        list_pairs(p);
    }
    if (p->pair) {
        for (long x = 0; x < p->n_pairs; x++) {
            if (!order_pair(p, p->pair[2 * x], p->pair[2 * x + 1], changed)) {
                return false;
            }
        }
        return true;
    }
    int n = p->r->n;
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            if (clash(p, i, j) && !order_pair(p, i, j, changed)) {
                return false;
            }
        }
    }
    return true;
}

/* Least work of j inside [a, b) given its window. */
static long min_overlap(const pm_prop *p, int j, int a, int b)
{
    int d = p->r->dur[j];
    int left = p->es[j] + d - a;          /* j as early as possible */
    int right = b - p->ls[j];             /* j as late as possible */
    long m = d;
    m = left < m ? left : m;
    m = right < m ? right : m;
    m = (b - a) < m ? (b - a) : m;
    return m > 0 ? m : 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Every interval [a, b) between window ends: the least work that must fall
 * inside it may not exceed the capacity it offers. Capacity comes from
 * prefix sums, demand from each activity's needs. */
static bool energetic(pm_prop *p)
{
    const pm_rcp *r = p->r;
    if (r->n > 150) {
        return true;
    }
    int n = r->n, H = p->H, nr = r->n_res;
    int *pts = malloc((size_t)(2 * n + 2) * sizeof(int));
    long *cum = malloc((size_t)nr * ((size_t)H + 1) * sizeof(long));
    long *need = malloc(((size_t)nr + 1) * sizeof(long));
    bool ok = true;
    if (!pts || !cum || !need) {
        goto done;
    }
    int np = 0;
    for (int j = 0; j < n; j++) {
        if (r->dur[j] > 0) {
            pts[np++] = p->es[j];
            pts[np++] = p->ls[j] + r->dur[j];
        }
    }
    qsort(pts, (size_t)np, sizeof(int), cmp_int);
    int m = 0;
    for (int x = 0; x < np; x++) {
        if (m == 0 || pts[x] != pts[m - 1]) {
            pts[m++] = pts[x];
        }
    }
    for (int k = 0; k < nr; k++) {
        long *c = cum + (long)k * (H + 1);
        c[0] = 0;
        for (int t = 0; t < H; t++) {
            c[t + 1] = c[t] + p->cap[(long)k * H + t];
        }
    }
    for (int x = 0; x < m && ok; x++) {
        for (int y = x + 1; y < m && ok; y++) {
            int a = pts[x], b = pts[y];
            if (a < 0 || b > H) {
                continue;
            }
            memset(need, 0, (size_t)nr * sizeof(long));
            for (int j = 0; j < n; j++) {
                long w = min_overlap(p, j, a, b);
                for (int e = r->need_start[j]; w && e < r->need_start[j + 1];
                     e++) {
                    need[r->need_res[e]] += r->need_q[e] * w;
                }
            }
            for (int k = 0; k < nr && ok; k++) {
                const long *c = cum + (long)k * (H + 1);
                ok = need[k] <= c[b] - c[a];
            }
        }
    }
done:
    free(pts);
    free(cum);
    free(need);
    return ok;
}

pm_prop *pm_prop_new(const pm_rcp *r, int H)
{
    if (H < 0) {
        H = 0;
    }
    int nr = r->n_res;
    pm_prop *p = calloc(1, sizeof *p);
    if (!p) {
        return NULL;
    }
    p->r = r;
    p->H = H;
    size_t cells = (size_t)nr * (size_t)H + 1;
    p->prof = malloc(cells * sizeof(int));
    p->cap = malloc(cells * sizeof(int));
    int *maxcap = p->maxcap = calloc((size_t)nr + 1, sizeof(int));
    if (!p->prof || !p->cap || !maxcap) {
        pm_prop_free(p);
        return NULL;
    }
    for (int k = 0; k < nr; k++) {
        maxcap[k] = r->cap_base[k];
        for (int t = 0; t < H; t++) {
            int c = pm_rcp_cap(r, k, t);
            p->cap[(long)k * H + t] = c;
            maxcap[k] = c > maxcap[k] ? c : maxcap[k];
        }
    }
    return p;
}

void pm_prop_free(pm_prop *p)
{
    if (!p) {
        return;
    }
    free(p->prof);
    free(p->cap);
    free(p->maxcap);
    free(p->pair);
    free(p);
}

bool pm_prop_windows(pm_prop *p, int *es, int *ls)
{
    p->es = es;
    p->ls = ls;
    bool ok = true, changed = true;
    for (int round = 0; ok && changed && round < 50; round++) {
        changed = false;
        ok = temporal(p, &changed) && timetable(p, &changed) &&
             disjunctive(p, &changed);
    }
    return ok;
}

bool pm_propagate(const pm_rcp *r, int H, int *es, int *ls)
{
    if (H < 0) {
        return false;
    }
    for (int j = 0; j < r->n; j++) {
        es[j] = r->es[j] > r->rel[j] ? r->es[j] : r->rel[j];
        ls[j] = H - r->dur[j];
        if (r->due[j] != INT_MAX && r->due[j] - r->dur[j] < ls[j]) {
            ls[j] = r->due[j] - r->dur[j];
        }
    }
    pm_prop *p = pm_prop_new(r, H);
    if (!p) { /* short of memory: precedences only */
        pm_prop q = {.r = r, .H = H, .es = es, .ls = ls};
        bool dummy = false;
        return temporal(&q, &dummy);
    }
    bool ok = pm_prop_windows(p, es, ls) && energetic(p);
    pm_prop_free(p);
    return ok;
}
