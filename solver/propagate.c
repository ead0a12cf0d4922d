/* solver/propagate.c - window narrowing for destructive bounds and smaller
 * MILPs. Every rule only removes start times that no schedule finishing by
 * H can use, so the narrowed windows stay valid. */
#include "solver/propagate.h"

#include "solver/clock.h"
#include "solver/sort.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct pm_prop {
    const pm_rcp *r;
    int H;
    int *es, *ls; /* the windows being narrowed */
    int *prof;    /* n_res x H: compulsory demand per slot */
    int *cap;     /* n_res x H: capacity per slot */
    int *maxcap;  /* per resource: largest capacity over [0, H) */
    int *pair;    /* pairs that can never overlap, 2 per pair, listed on
                   * first use up to PAIR_LIST activities; else NULL */
    long n_pairs;
    bool pairs_listed;
    bool edge_finding; /* run ttef() in pm_prop_windows */
    /* Time-table edge finding (ttef): */
    long *capcum; /* n_res x (H + 1): capacity summed over [0, t) */
    long *ttcum;  /* H + 1: one resource's compulsory demand summed */
    int *snap;    /* 2 x n: es, end at the latest start */
    long *key;    /* per activity: a sort key (value, activity) */
    int *by_es, *by_end, *by_free; /* one resource's activities, sorted */
    long *free_e;  /* per activity: its energy outside the compulsory part */
    int *se;       /* 2 x n: by_es's starts and ends, packed */
    long *se_free; /* by_es's free_e, packed */
    int *probe;    /* 2 x n: windows under a shaving probe */
};

/* Activities up to which time-table edge finding runs: it costs about the
 * square of the activities on a resource per call. */
#define TTEF_MAX 400

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
        for (int e = r->need_start[j]; e < r->need_start[j + 1] && a < b; e++) {
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
    int left = p->es[j] + d - a; /* j as early as possible */
    int right = b - p->ls[j];    /* j as late as possible */
    long m = d;
    m = left < m ? left : m;
    m = right < m ? right : m;
    m = (b - a) < m ? (b - a) : m;
    return m > 0 ? m : 0;
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
    long *need = malloc(((size_t)nr + 1) * sizeof(long));
    bool ok = true;
    if (!pts || !need) {
        goto done;
    }
    int np = 0;
    for (int j = 0; j < n; j++) {
        if (r->dur[j] > 0) {
            pts[np++] = p->es[j];
            pts[np++] = p->ls[j] + r->dur[j];
        }
    }
    qsort(pts, (size_t)np, sizeof(int), pm_cmp_int);
    int m = 0;
    for (int x = 0; x < np; x++) {
        if (m == 0 || pts[x] != pts[m - 1]) {
            pts[m++] = pts[x];
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
                const long *c = p->capcum + (long)k * (H + 1);
                ok = need[k] <= c[b] - c[a];
            }
        }
    }
done:
    free(pts);
    free(need);
    return ok;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Sorts p->key[0..m) (value x 2^32 + activity) and writes the activities
 * in that order to out. */
static void sort_keys(pm_prop *p, int m, int *out)
{
    qsort(p->key, (size_t)m, sizeof(long), cmp_long);
    for (int x = 0; x < m; x++) {
        out[x] = (int)(p->key[x] & 0xFFFFFFFFL);
    }
}

/* Fills out[0..m) with the activities of list sorted by val ascending. */
static void sort_by(pm_prop *p, const int *list, int m, const int *val,
                    int *out)
{
    for (int x = 0; x < m; x++) {
        p->key[x] = (long)val[list[x]] * 4294967296L + list[x];
    }
    sort_keys(p, m, out);
}

static int overlap(int s, int e, int a, int b)
{
    int lo = s > a ? s : a, hi = e < b ? e : b;
    return hi > lo ? hi - lo : 0;
}

/* Activity j needs q and may add at most slack beyond its compulsory part
 * cp_in inside [a, b): starts that would add more are cut from its window
 * (from the left: any start before b - allow overlaps the interval by more
 * than allow; from the right likewise). */
static bool ttef_adjust(pm_prop *p, int j, int q, int a, int b, long slack,
                        int cp_in, bool *changed)
{
    int d = p->r->dur[j];
    long allow_l = cp_in + slack / q;
    int allow = allow_l < d ? (int)allow_l : d;
    if (overlap(p->es[j], p->es[j] + d, a, b) > allow && b - allow > p->es[j]) {
        p->es[j] = b - allow;
        *changed = true;
    }
    if (overlap(p->ls[j], p->ls[j] + d, a, b) > allow &&
        a + allow - d < p->ls[j]) {
        p->ls[j] = a + allow - d;
        *changed = true;
    }
    return p->es[j] <= p->ls[j];
}

/* Slots of j's compulsory part: between its latest start and its
 * earliest end. */
static int compulsory(const pm_rcp *r, const int *es, const int *end, int j)
{
    int len = es[j] + 2 * r->dur[j] - end[j];
    return len > 0 ? len : 0;
}

/* Time-table edge finding (Vilim 2011) on each resource: for intervals
 * [a, b) from an earliest start to a latest end, the energy that must fall
 * inside is the compulsory profile's plus the rest of every activity
 * whose window lies inside. More than the capacity over the interval
 * proves no schedule; otherwise an activity whose earliest (latest) start
 * would put more of itself inside than the slack left has its window cut.
 * Windows, compulsory parts and the profile are read once at the start,
 * so that every count is of one consistent snapshot; cuts only narrow. */
static bool ttef(pm_prop *p, bool *changed)
{
    const pm_rcp *r = p->r;
    int n = r->n, H = p->H;
    if (H <= 0) {
        return true;
    }
    profile(p);
    int *es0 = p->snap, *end0 = p->snap + n; /* j's compulsory part is
                                              * [end0 - d, es0 + d) */
    for (int j = 0; j < n; j++) {
        es0[j] = p->es[j];
        end0[j] = p->ls[j] + r->dur[j];
    }
    int *list = p->by_free + n; /* scratch: one resource's activities */
    for (int k = 0; k < r->n_res; k++) {
        int m = 0;
        long max_free = 0;
        for (int j = 0; j < n; j++) {
            int q = r->req[(long)j * r->n_res + k];
            if (q <= 0 || r->dur[j] == 0) {
                continue;
            }
            p->free_e[j] = (long)q * (r->dur[j] - compulsory(r, es0, end0, j));
            max_free = p->free_e[j] > max_free ? p->free_e[j] : max_free;
            list[m++] = j;
        }
        if (m < 2 || max_free == 0) {
            continue;
        }
        const int *row = p->prof + (long)k * H;
        const long *cc = p->capcum + (long)k * (H + 1);
        long *tt = p->ttcum;
        tt[0] = 0;
        for (int t = 0; t < H; t++) {
            tt[t + 1] = tt[t] + row[t];
        }
        sort_by(p, list, m, es0, p->by_es);
        int *se_es = p->se, *se_end = p->se + m; /* by_es order, packed */
        long *se_free = p->se_free;
        for (int x = 0; x < m; x++) {
            se_es[x] = es0[p->by_es[x]];
            se_end[x] = end0[p->by_es[x]];
            se_free[x] = p->free_e[p->by_es[x]];
        }
        sort_by(p, list, m, end0, p->by_end);
        for (int x = 0; x < m; x++) { /* the most free energy first */
            p->key[x] = -p->free_e[list[x]] * 4294967296L + list[x];
        }
        sort_keys(p, m, p->by_free);
        for (int y = 0; y < m; y++) {
            int b = end0[p->by_end[y]];
            if ((y + 1 < m && end0[p->by_end[y + 1]] == b) || b > H) {
                continue; /* each end once */
            }
            long inside = 0;
            for (int x = m - 1; x >= 0; x--) {
                if (se_end[x] <= b) {
                    inside += se_free[x];
                }
                int a = se_es[x];
                if ((x > 0 && se_es[x - 1] == a) || a >= b || a < 0) {
                    continue;
                }
                long need = tt[b] - tt[a] + inside, avail = cc[b] - cc[a];
                if (need > avail) {
                    return false;
                }
                long slack = avail - need;
                for (int z = 0; z < m && p->free_e[p->by_free[z]] > slack;
                     z++) {
                    int i = p->by_free[z];
                    if (es0[i] >= a && end0[i] <= b) {
                        continue; /* counted whole */
                    }
                    int q = r->req[(long)i * r->n_res + k];
                    int d = r->dur[i];
                    int cp_in = overlap(end0[i] - d, es0[i] + d, a, b);
                    if (!ttef_adjust(p, i, q, a, b, slack, cp_in, changed)) {
                        return false;
                    }
                }
            }
        }
    }
    return true;
}

pm_prop *pm_prop_new(const pm_rcp *r, int H, bool edge_finding)
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
    p->edge_finding = edge_finding && r->n <= TTEF_MAX;
    size_t cells = (size_t)nr * (size_t)H + 1;
    p->prof = malloc(cells * sizeof(int));
    p->probe = malloc(2 * ((size_t)r->n + 1) * sizeof(int));
    p->cap = malloc(cells * sizeof(int));
    int *maxcap = p->maxcap = calloc((size_t)nr + 1, sizeof(int));
    size_t n = (size_t)r->n + 1;
    p->capcum = malloc(((size_t)nr * ((size_t)H + 1) + 1) * sizeof(long));
    if (p->edge_finding) {
        p->ttcum = malloc(((size_t)H + 1) * sizeof(long));
        p->snap = malloc(2 * n * sizeof(int));
        p->key = malloc(n * sizeof(long));
        p->by_es = malloc(n * sizeof(int));
        p->by_end = malloc(n * sizeof(int));
        p->by_free = malloc(2 * n * sizeof(int));
        p->free_e = malloc(n * sizeof(long));
        p->se = malloc(2 * n * sizeof(int));
        p->se_free = malloc(n * sizeof(long));
    }
    bool ef_ready = p->ttcum && p->snap && p->key && p->by_es && p->by_end &&
                    p->by_free && p->free_e && p->se && p->se_free;
    if (!p->prof || !p->cap || !p->capcum || !maxcap || !p->probe ||
        (p->edge_finding && !ef_ready)) {
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
        long *cc = p->capcum + (long)k * (H + 1);
        cc[0] = 0;
        for (int t = 0; t < H; t++) {
            cc[t + 1] = cc[t] + p->cap[(long)k * H + t];
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
    free(p->capcum);
    free(p->ttcum);
    free(p->snap);
    free(p->key);
    free(p->by_es);
    free(p->by_end);
    free(p->by_free);
    free(p->free_e);
    free(p->se);
    free(p->se_free);
    free(p->probe);
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
        if (ok && !changed && p->edge_finding) {
            ok = ttef(p, &changed); /* the dearest rule, once the rest rest */
        }
    }
    return ok;
}

/* Is the window [es[j], ls[j]] cut to [lo, hi] refuted by propagation?
 * The probe runs on copies. */
static bool refuted(pm_prop *p, const int *es, const int *ls, int j, int lo,
                    int hi)
{
    int n = p->r->n, *tes = p->probe, *tls = p->probe + n;
    memcpy(tes, es, (size_t)n * sizeof(int));
    memcpy(tls, ls, (size_t)n * sizeof(int));
    tes[j] = lo;
    tls[j] = hi;
    return !pm_prop_windows(p, tes, tls);
}

/* Cuts starts from one end of j's window while a probe refutes them:
 * the first half of the window (from the left; the last half from the
 * right), then halves of that while the probe stands. */
static bool shave_side(pm_prop *p, int *es, int *ls, int j, bool left,
                       bool *cut)
{
    int step = (ls[j] - es[j] + 1) / 2;
    while (step > 0 && es[j] < ls[j]) {
        int lo = left ? es[j] : ls[j] - step + 1;
        int hi = left ? es[j] + step - 1 : ls[j];
        if (!refuted(p, es, ls, j, lo, hi)) {
            step /= 2;
            continue;
        }
        if (left) {
            es[j] = hi + 1;
        } else {
            ls[j] = lo - 1;
        }
        *cut = true;
        if (!pm_prop_windows(p, es, ls)) {
            return false;
        }
        int w = ls[j] - es[j] + 1;
        step = step < w ? step : w / 2;
    }
    return true;
}

bool pm_prop_shave_step(pm_prop *p, int *es, int *ls, int *at, bool *cut)
{
    int j = *at;
    if (j >= p->r->n) { /* no activities */
        *at = -1;
        return true;
    }
    if (!shave_side(p, es, ls, j, true, cut) ||
        !shave_side(p, es, ls, j, false, cut)) {
        return false;
    }
    if (++*at == p->r->n) { /* the round is over: another if it cut */
        *at = *cut ? 0 : -1;
        *cut = false;
    }
    return true;
}

bool pm_prop_shave(pm_prop *p, int *es, int *ls, double deadline)
{
    int at = 0;
    bool cut = false;
    while (at >= 0 && pm_clock_now() <= deadline) {
        if (!pm_prop_shave_step(p, es, ls, &at, &cut)) {
            return false;
        }
    }
    return true;
}

/* The windows before any rule: from the earliest starts (releases
 * included) to H and the deadlines. */
static void initial_windows(const pm_rcp *r, int H, int *es, int *ls)
{
    for (int j = 0; j < r->n; j++) {
        es[j] = pm_rcp_earliest(r, j);
        ls[j] = H - r->dur[j];
        if (r->due[j] != INT_MAX && r->due[j] - r->dur[j] < ls[j]) {
            ls[j] = r->due[j] - r->dur[j];
        }
    }
}

bool pm_prop_root(pm_prop *p, int *es, int *ls)
{
    initial_windows(p->r, p->H, es, ls);
    return pm_prop_windows(p, es, ls) && energetic(p);
}

bool pm_propagate(const pm_rcp *r, int H, bool edge_finding, int *es, int *ls)
{
    if (H < 0) {
        return false;
    }
    pm_prop *p = pm_prop_new(r, H, edge_finding);
    if (!p) { /* short of memory: precedences only */
        initial_windows(r, H, es, ls);
        pm_prop q = {.r = r, .H = H, .es = es, .ls = ls};
        bool dummy = false;
        return temporal(&q, &dummy);
    }
    bool ok = pm_prop_root(p, es, ls);
    pm_prop_free(p);
    return ok;
}
