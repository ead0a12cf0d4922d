/* solver/ga.c - the genetic algorithm over activity lists (heur.h:
 * pm_heur_search): initial lists from priority rules and regret-based
 * sampling, two-point crossover, precedence-preserving swap mutation, the
 * best distinct half survives, decoded lists replaced by the order of
 * their justified schedule, restarts when stale. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/heap.h"
#include "solver/heur_impl.h"

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

/* A population grown with the budget (pm_heur_limits.grow_population, the
 * first search from 60 to 399 activities): the square root of the lists it may
 * decode, between 60 and 480 (and restarts wait LARGE_STALE_GENERATIONS from
 * 240 on). With 60 it converged: 120-activity projects gave the same makespans
 * at 10, 30 and 120 s. Measured (docs/benchmarks.md, "The first search: a
 * population by the budget"): on 14 generated 120-activity instances,
 * --no-milp, 10 s, makespans summed 2,025 with 60, 2,017 with 120, 2,009 with
 * 240, 2,002 with 480, 2,005 with 960; on 120 j60 instances at 0.5 s, 0.44%
 * above the best known with 60, 0.38% with 200. */
#define MIN_LARGE_POP 60
#define MAX_LARGE_POP 480
#define LARGE_STALE_GENERATIONS 100

/* Lists carry decoding genes (pm_heur_search) up to this many
 * activities. */
#define GENES_MAX 500

static int first_population(long max_schedules)
{
    double lists = max_schedules / 3.0; /* evaluate() counts three */
    int pop = (int)sqrt(lists > 0 ? lists : 0);
    pop = pop < MIN_LARGE_POP ? MIN_LARGE_POP : pop;
    pop = pop > MAX_LARGE_POP ? MAX_LARGE_POP : pop;
    return pop & ~1; /* children come in pairs */
}

/* ---- Genetic algorithm ---- */

typedef struct {
    int *list;
    bool parallel; /* decoded by the parallel SGS (a gene of its own) */
    bool backward; /* decoded by the backward SGS (a gene of its own) */
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
    int rc = v->backward   ? pm_heur_sgs_backward(c->h, v->list, &v->sol)
             : v->parallel ? pm_heur_psgs(c->h, v->list, &v->sol)
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
            c->lim->progress(c->lim->ctx, c->best->makespan, c->best->lateness,
                             c->st->schedules);
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
        long pick = (long)(pm_heur_rand(h) % (uint64_t)total);
        int pos = 0;
        long cnt = 0, sls = 0;
        for (int step = top; step > 0; step >>= 1) {
            int q = pos + step;
            if (q <= n &&
                (maxls + 1) * (cnt + h->fen_cnt[q]) - (sls + h->fen_ls[q]) <=
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
        long pick = (long)(pm_heur_rand(h) % (uint64_t)total);
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
    pm_heur_order_list(h, list, false);
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
    int q1 = pm_heur_rand_below(h, n + 1), q2 = pm_heur_rand_below(h, n + 1);
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
        if (pm_heur_rand_below(h, 1000) < per_mille &&
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
    int i = pm_heur_rand_below(h, n), j = list[i];
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
    int to = lo + pm_heur_rand_below(h, hi - lo + 1);
    if (to > i) {
        memmove(list + i, list + i + 1, (size_t)(to - i) * sizeof *list);
    } else if (to < i) {
        memmove(list + to + 1, list + to, (size_t)(i - to) * sizeof *list);
    }
    list[to] = j;
}

/* Which genes the lists carry (besides the order). */
typedef struct {
    bool parallel;  /* serial or parallel SGS */
    bool direction; /* forward or backward SGS */
} genes;

/* A gene flipped one time in twenty. */
static bool inherit(pm_heur *h, bool mother, bool carried)
{
    return mother ^ (carried && pm_heur_rand_below(h, 20) == 0);
}

/* A child of mother and father (crossover, then mutation) into child,
 * decoded; it takes the mother's genes, each flipped one time in
 * twenty. */
static int make_child(run_ctx *c, const indiv *mother, const indiv *father,
                      indiv *child, char *used, genes g)
{
    pm_heur *h = c->h;
    crossover(h, mother->list, father->list, child->list, used);
    mutate(h, child->list, 50);
    child->parallel = inherit(h, mother->parallel, g.parallel);
    child->backward = inherit(h, mother->backward, g.direction);
    return evaluate(c, child);
}

/* A fresh biased sample into v, decoded; the genes it carries drawn at
 * random. */
static int resample(run_ctx *c, indiv *v, genes g)
{
    random_list(c->h, v->list);
    v->parallel = g.parallel && pm_heur_rand_below(c->h, 2);
    v->backward = g.direction && pm_heur_rand_below(c->h, 2);
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
    int stale_generations = STALE_GENERATIONS;
    if (lim->grow_population) {
        pop = first_population(lim->max_schedules);
        stale_generations =
            pop >= 240 ? LARGE_STALE_GENERATIONS : stale_generations;
    }
    /* Exploring, a population EXPLORE_POP times as large: diversity is what
     * the second search lacks (on 120 j60 instances, 0.35% above the best
     * known with the first search's size, 0.33% with twice, 0.25% with
     * four times; more pressure on parents instead gave 0.55%). */
    if (lim->explore) {
        pop *= EXPLORE_POP;
    }
    /* Each list carries a gene for its direction: the serial SGS forward
     * or backward (each then justified). Exploring, another: serial or
     * parallel decoding. Self-adapting, after Hartmann 2002: children
     * take the mother's, flipped one time in twenty; up to GENES_MAX
     * activities. On 20 generated 120-activity instances at 30 s the
     * makespans summed 2,607 and 2,608 (seeds 1 and 2) with the direction
     * gene, 2,610 and 2,612 without (docs/benchmarks.md, "Lists decoded
     * from either end"). */
    genes g = {n <= GENES_MAX && lim->explore, n <= GENES_MAX};
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
            pm_heur_order_list(h, v[made].list, false);
            v[made].parallel = false;
            v[made].backward = false;
        } else if (made < 5) {
            rule_list(h, made, v[made].list);
            v[made].parallel = false;
            v[made].backward = false;
        } else {
            random_list(h, v[made].list);
            v[made].parallel = g.parallel && (made & 1);
            v[made].backward = g.direction && (made & 2);
        }
        rc = evaluate(&c, &v[made]);
    }
    int stale = 0;
    long last_best = LONG_MAX;
    while (rc == PM_OK && !c.stop && made >= pop) {
        /* Children into v[pop .. 2 pop). */
        for (int i = 0; rc == PM_OK && i < pop && !c.stop; i += 2) {
            int a = pm_heur_rand_below(h, pop), b = pm_heur_rand_below(h, pop);
            rc = make_child(&c, &v[a], &v[b], &v[pop + i], used, g);
            if (rc == PM_OK && !c.stop && i + 1 < pop) {
                rc = make_child(&c, &v[b], &v[a], &v[pop + i + 1], used, g);
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
            rc = resample(&c, &v[i], g);
        }
        /* Neighbours of the best replace the last survivors. */
        for (int i = pop - 4;
             !lim->explore && rc == PM_OK && i < pop && i > 0 && !c.stop; i++) {
            memcpy(v[i].list, v[0].list, (size_t)n * sizeof *v[i].list);
            v[i].parallel = v[0].parallel;
            v[i].backward = v[0].backward;
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
        if (stale >= stale_generations) {
            int from = lim->explore ? pop / 2 : 0;
            for (int i = from; rc == PM_OK && i < pop && !c.stop; i++) {
                rc = resample(&c, &v[i], g);
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
