/* solver/propagate.c - window narrowing for destructive bounds and smaller
 * MILPs. Every rule only removes start times that no schedule finishing by
 * H can use, so the narrowed windows stay valid. */
#include "solver/propagate.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const pm_rcp *r;
    int H;
    int *es, *ls;
    int *prof;     /* n_res x H: compulsory demand per slot */
    int *maxcap;   /* per resource: largest capacity over [0, H) */
} prop;

/* Precedences forward and backward; false on an empty window. */
static bool temporal(prop *p, bool *changed)
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

static void profile(prop *p)
{
    const pm_rcp *r = p->r;
    memset(p->prof, 0, (size_t)r->n_res * (size_t)p->H * sizeof(int));
    for (int j = 0; j < r->n; j++) {
        int a = p->ls[j], b = p->es[j] + r->dur[j];
        for (int k = 0; k < r->n_res && a < b; k++) {
            int q = r->req[(long)j * r->n_res + k];
            for (int t = a; q && t < b; t++) {
                p->prof[(long)k * p->H + t] += q;
            }
        }
    }
}

/* Does j fit at start t against the compulsory profile of the others? */
static int tt_conflict(const prop *p, int j, int t, bool latest_first)
{
    const pm_rcp *r = p->r;
    int d = r->dur[j];
    int ca = p->ls[j], cb = p->es[j] + d; /* j's own compulsory part */
    for (int i = 0; i < d; i++) {
        int s = latest_first ? t + d - 1 - i : t + i;
        for (int k = 0; k < r->n_res; k++) {
            int q = r->req[(long)j * r->n_res + k];
            if (!q) {
                continue;
            }
            int other = p->prof[(long)k * p->H + s] -
                        (s >= ca && s < cb ? q : 0);
            if (other + q > pm_rcp_cap(r, k, s)) {
                return s;
            }
        }
    }
    return -1;
}

static bool timetable(prop *p, bool *changed)
{
    const pm_rcp *r = p->r;
    profile(p);
    for (int j = 0; j < r->n; j++) {
        if (r->dur[j] == 0) {
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

/* Pairs whose demands exceed the largest capacity of some resource cannot
 * overlap; if one order is impossible, the other is enforced. */
static bool disjunctive(prop *p, bool *changed)
{
    const pm_rcp *r = p->r;
    for (int i = 0; i < r->n; i++) {
        if (r->dur[i] == 0) {
            continue;
        }
        for (int j = i + 1; j < r->n; j++) {
            if (r->dur[j] == 0) {
                continue;
            }
            bool clash = false;
            for (int k = 0; k < r->n_res && !clash; k++) {
                clash = r->req[(long)i * r->n_res + k] +
                            r->req[(long)j * r->n_res + k] >
                        p->maxcap[k];
            }
            if (!clash) {
                continue;
            }
            bool i_first = p->es[i] + r->dur[i] <= p->ls[j];
            bool j_first = p->es[j] + r->dur[j] <= p->ls[i];
            if (!i_first && !j_first) {
                return false;
            }
            int a = i, b = j; /* a must precede b */
            if (i_first && j_first) {
                continue;
            }
            if (!i_first) {
                a = j;
                b = i;
            }
            if (p->es[b] < p->es[a] + r->dur[a]) {
                p->es[b] = p->es[a] + r->dur[a];
                *changed = true;
            }
            if (p->ls[a] > p->ls[b] - r->dur[a]) {
                p->ls[a] = p->ls[b] - r->dur[a];
                *changed = true;
            }
            if (p->ls[a] < p->es[a] || p->ls[b] < p->es[b]) {
                return false;
            }
        }
    }
    return true;
}

/* Least work of j inside [a, b) given its window. */
static long min_overlap(const prop *p, int j, int a, int b)
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

static bool energetic(prop *p)
{
    const pm_rcp *r = p->r;
    if (r->n > 150) {
        return true;
    }
    int n = r->n;
    int *pts = malloc((size_t)(2 * n + 2) * sizeof(int));
    if (!pts) {
        return true;
    }
    int np = 0;
    for (int j = 0; j < n; j++) {
        if (r->dur[j] > 0) {
            pts[np++] = p->es[j];
            pts[np++] = p->ls[j] + r->dur[j];
        }
    }
    bool ok = true;
    for (int x = 0; x < np && ok; x++) {
        for (int y = 0; y < np && ok; y++) {
            int a = pts[x], b = pts[y];
            if (b <= a) {
                continue;
            }
            for (int k = 0; k < r->n_res && ok; k++) {
                long need = 0, have = 0;
                for (int j = 0; j < n; j++) {
                    int q = r->req[(long)j * r->n_res + k];
                    if (q) {
                        need += q * min_overlap(p, j, a, b);
                    }
                }
                if (need == 0) {
                    continue;
                }
                for (int t = a; t < b; t++) {
                    have += pm_rcp_cap(r, k, t);
                }
                ok = need <= have;
            }
        }
    }
    free(pts);
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
    return pm_propagate_windows(r, H, es, ls);
}

bool pm_propagate_windows(const pm_rcp *r, int H, int *es, int *ls)
{
    if (H < 0) {
        return false;
    }
    prop p = {r, H, es, ls, NULL, NULL};
    p.prof = malloc(((size_t)r->n_res * (size_t)H + 1) * sizeof(int));
    p.maxcap = calloc((size_t)r->n_res + 1, sizeof(int));
    if (!p.prof || !p.maxcap) {
        free(p.prof);
        free(p.maxcap);
        bool dummy = false;
        return temporal(&p, &dummy);
    }
    for (int k = 0; k < r->n_res; k++) {
        p.maxcap[k] = r->cap_base[k];
        for (int t = 0; t < H && t < r->cap_len; t++) {
            int c = pm_rcp_cap(r, k, t);
            p.maxcap[k] = c > p.maxcap[k] ? c : p.maxcap[k];
        }
    }
    bool ok = true, changed = true;
    for (int round = 0; ok && changed && round < 50; round++) {
        changed = false;
        ok = temporal(&p, &changed) && timetable(&p, &changed) &&
             disjunctive(&p, &changed);
    }
    if (ok) {
        ok = energetic(&p);
    }
    free(p.prof);
    free(p.maxcap);
    return ok;
}
