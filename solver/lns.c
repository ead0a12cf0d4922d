/* solver/lns.c - large-neighbourhood search by decomposition (lns.h). */
#include "solver/lns.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "solver/heur_impl.h"

/* Activities per window. On the 7 generated 120-activity instances whose
 * MILP is over the size cap (30 s, makespans summed): 1,254 with 20 and
 * with 32, 1,255 with 24, 1,257 with 48 (docs/benchmarks.md, "Large-
 * neighbourhood search by decomposition"). */
#define WINDOW 32
/* The window's genetic algorithm: individuals, at most this many
 * generations, and fewer when the best window order stays the same. */
#define POPULATION 30
#define GENERATIONS 40
#define STALE_GENERATIONS 8
/* A fifth of the population is elite, a sixth is new each generation; a
 * child takes each key from its elite parent with probability 7/10. */
#define ELITE_SHARE 5
#define MUTANT_SHARE 6
#define ELITE_GENE_TENTHS 7
/* Keys near the current order: its position in the window plus noise of
 * up to this many positions. */
#define NEAR_SPREAD 4

typedef struct {
    int finish; /* the latest finish of the window's activities */
    long sum;   /* their finishes summed */
} window_fit;

typedef struct {
    const pm_rcp *r;
    pm_heur *h;
    int k;          /* activities in the window */
    int *list;      /* the current activity list */
    int *start;     /* starts of the placed activities */
    int *win;       /* window position -> activity */
    int *wpos;      /* activity -> window position, or -1 */
    int *npred;     /* window position -> predecessors in the window */
    int *left;      /* scratch: predecessors not yet in the order */
    int *order;     /* scratch: a decoded window order (positions) */
    uint32_t *keys; /* POPULATION x k random keys */
    uint32_t *next; /* the next generation's */
    window_fit *fit, *next_fit;
    int *rank; /* individuals, best first */
} lns;

static bool fit_less(window_fit a, window_fit b)
{
    return a.finish != b.finish ? a.finish < b.finish : a.sum < b.sum;
}

/* The window order the keys give: of the activities whose predecessors
 * in the window come first, the least key next. */
static void decode(lns *s, const uint32_t *key)
{
    const pm_rcp *r = s->r;
    memcpy(s->left, s->npred, (size_t)s->k * sizeof(int));
    for (int o = 0; o < s->k; o++) {
        int pick = -1;
        for (int i = 0; i < s->k; i++) {
            if (s->left[i] == 0 && (pick < 0 || key[i] < key[pick])) {
                pick = i;
            }
        }
        s->left[pick] = -1;
        s->order[o] = pick;
        int j = s->win[pick];
        for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
            int w = s->wpos[r->succ[e]];
            if (w >= 0) {
                s->left[w]--;
            }
        }
    }
}

/* Places the window in the keys' order after the placed prefix, measures
 * it and takes it back. */
static window_fit measure(lns *s, const uint32_t *key)
{
    decode(s, key);
    window_fit f = {0, 0};
    int placed = 0;
    for (; placed < s->k; placed++) {
        int j = s->win[s->order[placed]];
        int t = pm_heur_place(s->h, j, s->start);
        if (t < 0) {
            f.finish = INT_MAX;
            break;
        }
        s->start[j] = t;
        int end = t + s->r->dur[j];
        f.finish = end > f.finish ? end : f.finish;
        f.sum += end;
    }
    for (int o = 0; o < placed; o++) {
        int j = s->win[s->order[o]];
        pm_heur_unplace(s->h, j, s->start[j]);
    }
    return f;
}

static void rank_population(lns *s)
{
    for (int i = 0; i < POPULATION; i++) {
        int x = i, p = i;
        while (p > 0 && fit_less(s->fit[x], s->fit[s->rank[p - 1]])) {
            s->rank[p] = s->rank[p - 1];
            p--;
        }
        s->rank[p] = x;
    }
}

static void near_keys(lns *s, uint32_t *key)
{
    for (int i = 0; i < s->k; i++) {
        key[i] = ((uint32_t)i << 16) +
                 (uint32_t)pm_heur_rand_below(s->h, NEAR_SPREAD << 16);
    }
}

static void random_keys(lns *s, uint32_t *key)
{
    for (int i = 0; i < s->k; i++) {
        key[i] = (uint32_t)(pm_heur_rand(s->h) >> 32);
    }
}

/* One generation from s->keys into s->next, then swapped. */
static void breed(lns *s)
{
    int k = s->k, elite = POPULATION / ELITE_SHARE,
        fresh = POPULATION / MUTANT_SHARE;
    for (int q = 0; q < POPULATION; q++) {
        uint32_t *c = s->next + (size_t)q * k;
        if (q < elite) {
            memcpy(c, s->keys + (size_t)s->rank[q] * k,
                   (size_t)k * sizeof(uint32_t));
            s->next_fit[q] = s->fit[s->rank[q]];
            continue;
        }
        if (q >= POPULATION - fresh) {
            (q & 1 ? random_keys : near_keys)(s, c);
        } else {
            int a = s->rank[pm_heur_rand_below(s->h, elite)],
                b = s->rank[elite +
                            pm_heur_rand_below(s->h, POPULATION - elite)];
            for (int i = 0; i < k; i++) {
                bool from_a = pm_heur_rand_below(s->h, 10) < ELITE_GENE_TENTHS;
                c[i] = s->keys[(size_t)(from_a ? a : b) * k + i];
            }
        }
        s->next_fit[q] = measure(s, c);
    }
    uint32_t *keys = s->keys;
    s->keys = s->next;
    s->next = keys;
    window_fit *fit = s->fit;
    s->fit = s->next_fit;
    s->next_fit = fit;
    rank_population(s);
}

/* Searches the window's orders; true when one beats the current order
 * (individual 0 of the first generation), left in s->order. */
static bool search_window(lns *s, double deadline)
{
    int k = s->k;
    for (int p = 0; p < POPULATION; p++) {
        uint32_t *key = s->keys + (size_t)p * k;
        if (p == 0) {
            for (int i = 0; i < k; i++) {
                key[i] = (uint32_t)i << 16;
            }
        } else {
            (p < POPULATION / 2 ? near_keys : random_keys)(s, key);
        }
        s->fit[p] = measure(s, key);
    }
    window_fit current = s->fit[0];
    rank_population(s);
    window_fit best = s->fit[s->rank[0]];
    for (int g = 0, stale = 0; g < GENERATIONS && stale < STALE_GENERATIONS &&
                               pm_clock_now() < deadline;
         g++) {
        breed(s);
        window_fit top = s->fit[s->rank[0]];
        stale = fit_less(top, best) ? 0 : stale + 1;
        best = fit_less(top, best) ? top : best;
    }
    if (!fit_less(best, current)) {
        return false;
    }
    decode(s, s->keys + (size_t)s->rank[0] * k);
    return true;
}

/* Sets the window to list positions [p0, p0 + k) and places the activities
 * before it. Returns how many were placed (p0 unless the horizon ran out). */
static int frame(lns *s, int p0)
{
    const pm_rcp *r = s->r;
    int placed = 0;
    for (; placed < p0; placed++) {
        int j = s->list[placed];
        int t = pm_heur_place(s->h, j, s->start);
        if (t < 0) {
            break;
        }
        s->start[j] = t;
    }
    for (int i = 0; i < s->k; i++) {
        s->win[i] = s->list[p0 + i];
        s->wpos[s->win[i]] = i;
    }
    for (int i = 0; i < s->k; i++) {
        int j = s->win[i], c = 0;
        for (int e = r->pred_start[j]; e < r->pred_start[j + 1]; e++) {
            c += s->wpos[r->pred[e]] >= 0;
        }
        s->npred[i] = c;
    }
    return placed;
}

static void unframe(lns *s, int placed)
{
    for (int i = 0; i < s->k; i++) {
        s->wpos[s->win[i]] = -1;
    }
    for (int i = 0; i < placed; i++) {
        pm_heur_unplace(s->h, s->list[i], s->start[s->list[i]]);
    }
}

static void lns_free(lns *s)
{
    free(s->list);
    free(s->start);
    free(s->win);
    free(s->wpos);
    free(s->npred);
    free(s->left);
    free(s->order);
    free(s->keys);
    free(s->next);
    free(s->fit);
    free(s->next_fit);
    free(s->rank);
}

/* Allocates s for r; false when short of memory (then lns_free takes what
 * was allocated). */
static bool lns_init(lns *s, const pm_rcp *r, pm_heur *h)
{
    memset(s, 0, sizeof *s);
    s->r = r;
    s->h = h;
    s->k = r->n < WINDOW ? r->n : WINDOW;
    size_t n = (size_t)r->n + 1, k = (size_t)s->k, pk = POPULATION * k;
    s->list = malloc(n * sizeof(int));
    s->start = malloc(n * sizeof(int));
    s->wpos = malloc(n * sizeof(int));
    s->win = malloc(k * sizeof(int));
    s->npred = malloc(k * sizeof(int));
    s->left = malloc(k * sizeof(int));
    s->order = malloc(k * sizeof(int));
    s->keys = malloc(pk * sizeof(uint32_t));
    s->next = malloc(pk * sizeof(uint32_t));
    s->fit = malloc(POPULATION * sizeof(window_fit));
    s->next_fit = malloc(POPULATION * sizeof(window_fit));
    s->rank = malloc(POPULATION * sizeof(int));
    if (!s->list || !s->start || !s->wpos || !s->win || !s->npred || !s->left ||
        !s->order || !s->keys || !s->next || !s->fit || !s->next_fit ||
        !s->rank) {
        return false; /* lns_free takes what was allocated */
    }
    for (int j = 0; j < r->n; j++) {
        s->wpos[j] = -1;
    }
    return true;
}

int pm_lns_run(const pm_rcp *r, pm_heur *h, pm_rcp_sol *best, double deadline,
               pm_lns_stats *st)
{
    memset(st, 0, sizeof *st);
    int n = r->n;
    if (n < 2) {
        return PM_OK;
    }
    lns s;
    pm_rcp_sol cur = {0}, cand = {0};
    int *cand_list = malloc((size_t)n * sizeof(int));
    long *key = malloc((size_t)n * sizeof(long));
    int rc = PM_OK;
    if (!lns_init(&s, r, h) || !cand_list || !key ||
        pm_rcp_sol_init(&cur, n) != PM_OK ||
        pm_rcp_sol_init(&cand, n) != PM_OK) {
        rc = PM_ENOMEM;
        goto done;
    }
    /* The current list: the best's start order, decoded and justified. */
    for (int j = 0; j < n; j++) {
        key[j] = (long)best->start[j] * (n + 1) + j;
    }
    if ((rc = pm_heur_order(r, key, s.list)) != PM_OK ||
        (rc = pm_heur_sgs(h, s.list, &cur)) != PM_OK ||
        (rc = pm_heur_fbi(h, &cur, s.list)) != PM_OK) {
        goto done;
    }
    while (pm_clock_now() < deadline) {
        int p0 = pm_heur_rand_below(h, n - s.k + 1);
        int placed = frame(&s, p0);
        bool better = placed == p0 && search_window(&s, deadline);
        unframe(&s, placed);
        st->steps++;
        if (!better) {
            continue;
        }
        memcpy(cand_list, s.list, (size_t)n * sizeof(int));
        for (int i = 0; i < s.k; i++) {
            cand_list[p0 + i] = s.win[s.order[i]];
        }
        if ((rc = pm_heur_sgs(h, cand_list, &cand)) != PM_OK ||
            (rc = pm_heur_fbi(h, &cand, cand_list)) != PM_OK) {
            break;
        }
        if (!pm_rcp_better(&cur, &cand)) {
            st->accepted++;
            pm_rcp_sol_copy(&cur, &cand, n);
            memcpy(s.list, cand_list, (size_t)n * sizeof(int));
            if (pm_rcp_better(&cur, best)) {
                st->improved++;
                pm_rcp_sol_copy(best, &cur, n);
            }
        }
    }
done:
    lns_free(&s);
    free(cand_list);
    free(key);
    pm_rcp_sol_reset(&cur);
    pm_rcp_sol_reset(&cand);
    return rc;
}
