/* solver/aggregate.c - the search on the aggregate problem
 * (aggregate.h): phases in shares of the time limit, progress to the
 * caller's callback. */
#include "solver/aggregate.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "solver/clock.h"
#include "solver/dfs.h"
#include "solver/lns.h"

typedef struct {
    const pm_solve_opts *o;
    double t0;
    int lb;
} progress_ctx;

static void heur_progress(void *ctx, int makespan, long lateness,
                          long schedules)
{
    progress_ctx *pc = ctx;
    (void)schedules;
    pm_solve_progress pr = {"heuristic", makespan, lateness, pc->lb,
                            pm_clock_now() - pc->t0};
    pc->o->progress(pc->o->progress_ctx, &pr);
}

static void milp_progress(void *ctx, int makespan, int bound)
{
    progress_ctx *pc = ctx;
    pc->lb = bound > pc->lb ? bound : pc->lb;
    pm_solve_progress pr = {"milp", makespan, 0, pc->lb,
                            pm_clock_now() - pc->t0};
    pc->o->progress(pc->o->progress_ctx, &pr);
}

/* The benchmark baseline: GLPK alone on the time-indexed model with CPM
 * windows over the trivial horizon, no incumbent, no propagation, no
 * callback, default settings. best receives its schedule (makespan -1 if
 * it found none). */
static int glpk_alone(const pm_rcp *r, const pm_solve_opts *o, double t0,
                      pm_rcp_sol *best, int *lb, pm_milp_result *mr)
{
    double limit = o->time_limit_ms > 0 ? o->time_limit_ms / 1000.0 : 10.0;
    *lb = r->cpm;
    for (int j = 0; j < r->n; j++) {
        best->start[j] = 0;
    }
    best->makespan = r->horizon + 1; /* stands for "none yet" */
    best->lateness = 0;
    pm_milp_opts mo = {0};
    mo.deadline = t0 + limit;
    mo.plain = true;
    int rc = pm_milp_improve(r, NULL, best, *lb, &mo, mr);
    if (rc == PM_OK && !mr->improved) {
        best->makespan = -1;
    }
    *lb = mr->lower_bound > *lb ? mr->lower_bound : *lb;
    return rc;
}

/* The complete search, kept between its time slots: two questions, one
 * from each side of the gap. */
typedef struct {
    pm_dfs *low;  /* a schedule by the bound? "no" raises the bound */
    pm_dfs *high; /* one shorter than the best? "no" proves the best */
    long nodes;   /* nodes so far, all questions */
} bound_search;

/* The low question gets this long in each turn, the high one HIGH_SLICES
 * times as long: on the j30 instances whose optimum the heuristics miss,
 * the high question finds it in 0.5 to 4 s, while the low one there climbs
 * from bounds 10 to 20 slots below. */
#define QUESTION_SLICE 0.1
#define HIGH_SLICES 3
/* The low question propagates with time-table edge finding at every node,
 * the high one without: refuting a horizon gains from the stronger
 * pruning, while finding a schedule (and the cutset proofs from above)
 * needs the nodes it costs. Whole j30 at 10 s: 469 proven with neither,
 * 454 with both, 467-468 this way (own-bound gap 0.34%, 0.58%, 0.31%);
 * on the 52 j60 instances a 10 s run left open the bounds summed 4,893
 * with neither, 4,961 with both, 4,954 this way, makespans within noise
 * (docs/benchmarks.md, "Time-table edge finding"). The low question
 * also shaves its root (dfs.h): whole j60 at 10 s, bounds summed 37,052
 * without, 37,469 with it (374 proven against 362; docs/benchmarks.md,
 * "Shaving"). */

/* Asks d (created for horizon H if NULL or asked about another) for
 * slice seconds, not past deadline. PM_DFS_UNKNOWN also when there is no
 * memory for it. */
static pm_dfs_result ask(const pm_rcp *r, pm_dfs **d, int H, double slice,
                         double deadline, pm_rcp_sol *cand, bound_search *bs)
{
    bool low = d == &bs->low;
    double until = pm_clock_now() + slice;
    until = until < deadline ? until : deadline;
    if (*d && pm_dfs_horizon(*d) != H) {
        pm_dfs_free(*d);
        *d = NULL;
    }
    if (!*d && !(*d = pm_dfs_new(r, H, low))) {
        return PM_DFS_UNKNOWN;
    }
    long nodes = 0;
    pm_dfs_result res = pm_dfs_run(*d, until, cand, &nodes);
    bs->nodes += nodes;
    return res;
}

/* What the bounds and GLPK left open: a complete search asks, in turns,
 * whether some schedule finishes by lb ("no": lb + 1 is a bound; "yes":
 * that schedule is optimal) and whether one finishes a slot before the
 * best ("no": the best is optimal; "yes": a better best, and the question
 * moves down), until the gap closes or the deadline comes. Climbing from
 * below keeps the reported bound honest when time runs out; the question
 * from above finds the last improvements and proves the best without
 * every slot between. Unfinished questions stay in bs for the next call.
 * *found_by becomes "search" when it replaces best. */
static int raise_bound(const pm_rcp *r, pm_rcp_sol *best, int *lb,
                       double deadline, bound_search *bs, const char **found_by)
{
    pm_rcp_sol cand = {0};
    if (pm_rcp_sol_init(&cand, r->n) != PM_OK) {
        return PM_ENOMEM;
    }
    while (best->lateness == 0 && best->makespan > *lb && r->n <= 200 &&
           pm_clock_now() < deadline - 0.02) {
        pm_dfs_result res =
            ask(r, &bs->low, *lb, QUESTION_SLICE, deadline, &cand, bs);
        if (res == PM_DFS_NONE) {
            *lb += 1;
        } else if (res == PM_DFS_FOUND) {
            pm_rcp_sol_copy(best, &cand, r->n); /* at the bound: optimal */
            *found_by = "search";
        }
        int shorter = best->makespan - 1;
        if (shorter <= *lb || pm_clock_now() >= deadline - 0.02) {
            continue; /* closed, or the same question as the low one */
        }
        res = ask(r, &bs->high, shorter, HIGH_SLICES * QUESTION_SLICE, deadline,
                  &cand, bs);
        if (res == PM_DFS_NONE) {
            *lb = best->makespan;
        } else if (res == PM_DFS_FOUND) {
            pm_rcp_sol_copy(best, &cand, r->n);
            *found_by = "search";
        }
    }
    pm_rcp_sol_reset(&cand);
    return PM_OK;
}

/* Up to this many activities a late plan's search leaves 2% of the limit
 * to the bound on its finish (raise_finish_bound). On the example (55
 * activities) at three later status dates it raised the bound by 4, 10
 * and 4 days, plans unchanged; a third of the limit there moved the plans
 * of generated late projects either way and raised nothing on those of
 * 150 activities (docs/benchmarks.md, "A late plan's bound on its
 * finish"). */
#define LATE_BOUND_MAX 100

/* A late plan's finish bound: the low question of raise_bound asked of
 * the problem without deadlines, while each question is answered within
 * its slice (a question left open gives the rest of the time to the
 * person level). Deadlines are soft, so a horizon refuted
 * with them says nothing about how soon the project can finish; without
 * them a "no" still raises the bound on the finish of every schedule. A
 * schedule by the bound found there replaces best only when better (it
 * may be later on the deadlines), and ends the climb: no schedule
 * finishes sooner. */
static int raise_finish_bound(const pm_rcp *r, pm_rcp_sol *best, int *lb,
                              double deadline, bound_search *bs,
                              const char **found_by)
{
    pm_rcp free_of_deadlines = *r;
    int *due = malloc(((size_t)r->n + 1) * sizeof *due);
    pm_rcp_sol cand = {0};
    if (!due || pm_rcp_sol_init(&cand, r->n) != PM_OK) {
        free(due);
        return PM_ENOMEM;
    }
    for (int j = 0; j < r->n; j++) {
        due[j] = INT_MAX;
    }
    free_of_deadlines.due = due;
    bound_search fb = {0};
    while (best->makespan > *lb && r->n <= LATE_BOUND_MAX &&
           pm_clock_now() < deadline - 0.02) {
        pm_dfs_result res = ask(&free_of_deadlines, &fb.low, *lb,
                                QUESTION_SLICE, deadline, &cand, &fb);
        if (res == PM_DFS_NONE) {
            *lb += 1;
        } else if (res == PM_DFS_FOUND) {
            pm_rcp_evaluate(r, &cand); /* its lateness, on the deadlines */
            if (pm_rcp_better(&cand, best)) {
                pm_rcp_sol_copy(best, &cand, r->n);
                *found_by = "search";
            }
            break;
        } else {
            break; /* not answered in its slice: the time goes to people */
        }
    }
    bs->nodes += fb.nodes;
    pm_dfs_free(fb.low);
    pm_rcp_sol_reset(&cand);
    free(due);
    return PM_OK;
}

/* The second search is SECOND_RUNS independent runs of the genetic
 * algorithm (seeds of their own), each from the incumbent, with equal
 * parts of the time and of the schedule budget. On the six j30 instances
 * whose optimum one run found only by chance, 42 runs (seeds 1-7) found
 * it 24 times this way against 15 with one run; the j60 sample's gap
 * stayed at 0.25-0.26% (docs/benchmarks.md). */
#define SECOND_RUNS 5

/* Runs the second search under lim (its budget and deadline for all runs
 * together); *h is replaced by each run's workspace. The best schedule of
 * the runs lands in out. Returns 0 or a negative code. */
static int second_search(const pm_rcp *r, unsigned seed,
                         const pm_heur_limits *lim, pm_heur **h,
                         pm_rcp_sol *out, pm_heur_stats *st)
{
    double from = pm_clock_now();
    pm_heur_limits run_lim = *lim;
    run_lim.explore = true;
    run_lim.grow_population = false;
    run_lim.max_schedules = lim->max_schedules / SECOND_RUNS;
    pm_rcp_sol one = {0};
    if (pm_rcp_sol_init(&one, r->n) != PM_OK) {
        return PM_ENOMEM;
    }
    int rc = PM_OK;
    for (int run = 0; run < SECOND_RUNS && rc == PM_OK; run++) {
        pm_heur_free(*h);
        *h = pm_heur_new(r, (uint64_t)seed + 7919 * (uint64_t)(run + 1));
        if (!*h) {
            rc = PM_ENOMEM;
            break;
        }
        run_lim.deadline =
            from + (lim->deadline - from) * (run + 1) / SECOND_RUNS;
        pm_heur_stats s1 = {0};
        rc = pm_heur_search(*h, &run_lim, &one, &s1);
        st->schedules += s1.schedules;
        st->by_time |= s1.by_time;
        if (rc == PM_OK && (run == 0 || pm_rcp_better(&one, out))) {
            pm_rcp_sol_copy(out, &one, r->n);
        }
        if (out->lateness == 0 && out->makespan <= lim->target) {
            break;
        }
    }
    pm_rcp_sol_reset(&one);
    return rc;
}

/* Up to this many activities the complete search decides most questions
 * within seconds (j30), so its first turn runs until 65% of the time limit
 * instead of 50%, at the second heuristic search's expense. On j30 the
 * last optima need both: j3029_8 the search's time (missed with 60%),
 * j3013_5 the heuristic's (missed with 70%, seed 1). On j60 the search
 * until 70% made the gap to the best known worse (0.43% against 0.24% on
 * the every-4th sample, docs/benchmarks.md). */
#define SMALL_PROBLEM 40

/* From this many activities (up to 400) the first heuristic search runs
 * until half the time limit instead of stopping at 5% of its budget, with
 * a population by its budget (ga.c): a larger population needs the
 * generations. On 14 generated 120-activity instances at 30 s the
 * makespans summed 2,025 with the 5% first search, 2,001 until 50% and
 * 1,999 until 70%; on 120 j60 instances at 10 s, 0.25% above the best
 * known with 5%, 0.18% until 50% and 0.17% until 70%, whose bounds were
 * weaker (gap to own bound 4.03% against 3.67%). */
#define LONG_FIRST_SEARCH 60

/* Where a phase that ends at f of the time limit after a 5% first search
 * ends after a first search of share first: the rest scaled into what
 * is left. */
static double squeeze_of(double first)
{
    return (1 - first) / 0.95;
}

static double phase_end(double first, double f)
{
    return first + (f - 0.05) * squeeze_of(first);
}

/* Whether best ends by the bound lb, or on time by goal: no search could
 * give a shorter plan that counts. */
static bool reached(const pm_rcp_sol *best, int lb, int goal)
{
    return best->makespan <= lb ||
           (best->lateness == 0 && best->makespan <= goal);
}

int pm_aggregate_search(pm_rcp_sol *best, int *lb, pm_heur_stats *st,
                        pm_milp_result *mr, pm_search_trace *tr,
                        const pm_rcp *r, const pm_solve_opts *o, int goal,
                        double t0)
{
    tr->found_by = o->glpk_only ? "milp" : "ga";
    pm_heur *h = pm_heur_new(r, o->seed);
    if (!h) {
        return PM_ENOMEM;
    }
    if (o->glpk_only) {
        int rc = glpk_alone(r, o, t0, best, lb, mr);
        pm_heur_free(h);
        return rc;
    }
    /* Budgets in schedules, proportional to the time limit at about this
     * machine's speed, so the clock rarely decides (and results repeat). */
    long n = r->n > 0 ? r->n : 1;
    double limit = o->time_limit_ms > 0 ? o->time_limit_ms / 1000.0 : 10.0;
    double rate = 15000000.0 / n;
    int eb = pm_rcp_energy_bound(r);
    *lb = eb > r->cpm ? eb : r->cpm;
    progress_ctx pc = {o, t0, *lb};
    pm_heur_limits lim = {0};
    lim.target = goal > *lb ? goal : *lb;
    if (o->progress) {
        lim.progress = heur_progress;
        lim.ctx = &pc;
    }
    /* Phases: a search for an incumbent; bounds and the MILP; the
     * complete search for the bound; a longer search from the best if not
     * proven; the MILP again on an improved incumbent; the complete search
     * again. Ends as shares of the time limit, in order, for a first
     * search of 5%; a longer first search (LONG_FIRST_SEARCH) squeezes
     * the later phases into what it leaves. */
    bool long_first = r->n >= LONG_FIRST_SEARCH && r->n < 400;
    double first = long_first ? 0.5 : 0.05, squeeze = squeeze_of(first);
    const double until_milp1 = phase_end(first, 0.3),
                 until_dfs1 = phase_end(first, 0.5),
                 until_dfs1_small = phase_end(first, 0.65),
                 share_heur2 = 0.35 * squeeze,
                 until_heur2 = phase_end(first, 0.85);
    lim.max_schedules =
        o->max_schedules > 0
            ? o->max_schedules
            : (long)(rate * limit * (o->use_milp ? first : 0.95));
    if (lim.max_schedules < 300) {
        lim.max_schedules = 300;
    }
    lim.deadline =
        t0 + (o->use_milp ? (long_first ? first : until_milp1) : 0.97) * limit;
    lim.grow_population = long_first;
    /* Last week's order joins the first population (ties keep it). */
    pm_rcp_sol hint = {0};
    if (o->hint_start && pm_rcp_sol_init(&hint, r->n) == PM_OK) {
        for (int a = 0; a < r->n; a++) {
            int s = o->hint_start[r->task[a]];
            hint.start[a] = s >= 0 ? s : r->es[a];
        }
        lim.start_from = &hint;
    }
    int rc = pm_heur_search(h, &lim, best, st);
    lim.start_from = NULL;
    bound_search bs = {0};
    pm_rcp_sol_reset(&hint);
    memset(mr, 0, sizeof *mr);
    mr->skipped = true;
    pm_milp_opts mo = {0};
    mo.max_binaries = o->max_binaries;
    if (o->progress) {
        mo.progress = milp_progress;
        mo.ctx = &pc;
    }
    for (int round = 0; rc == PM_OK && o->use_milp && round < 2; round++) {
        if (reached(best, *lb, goal)) {
            break;
        }
        pm_milp_result r1;
        mo.deadline = t0 + (round == 0 ? until_milp1 : 0.97) * limit;
        mo.wide_gap_deadline =
            t0 + (round == 0 ? phase_end(first, 0.15) : 0.97) * limit;
        rc = pm_milp_improve(r, h, best, *lb, &mo, &r1);
        if (rc != PM_OK) {
            break;
        }
        *lb = r1.lower_bound > *lb ? r1.lower_bound : *lb;
        if (r1.improved) {
            tr->found_by = "milp";
        }
        bool crashed = mr->crashed;
        *mr = r1;
        mr->crashed |= crashed;
        if (round == 1 || r1.proven || r1.skipped || best->lateness > 0 ||
            reached(best, *lb, goal)) {
            break;
        }
        /* The incumbent is usually optimal by now on small projects: the
         * complete search tries to prove it before the longer search. */
        double until_dfs =
            r->n <= SMALL_PROBLEM ? until_dfs1_small : until_dfs1;
        rc = raise_bound(r, best, lb, t0 + until_dfs * limit, &bs,
                         &tr->found_by);
        if (rc != PM_OK || reached(best, *lb, goal)) {
            break;
        }
        /* Not proven: a longer search from the best, then the MILP
         * again if that found something better. */
        pm_rcp_sol again = {0};
        if (pm_rcp_sol_init(&again, r->n) != PM_OK) {
            rc = PM_ENOMEM;
            break;
        }
        lim.target = goal > *lb ? goal : *lb;
        lim.start_from = best;
        /* A wide gap left the MILP little to do: the search gets its time. */
        double share = r1.wide_gap ? share_heur2 + 0.3 * squeeze : share_heur2;
        lim.max_schedules = o->max_schedules > 0 ? o->max_schedules
                                                 : (long)(rate * limit * share);
        lim.deadline = t0 + until_heur2 * limit;
        rc = second_search(r, o->seed, &lim, &h, &again, st);
        bool better = rc == PM_OK && pm_rcp_better(&again, best);
        if (better) {
            pm_rcp_sol_copy(best, &again, r->n);
            tr->found_by = "ga";
        }
        pm_rcp_sol_reset(&again);
        if (!better) {
            break;
        }
    }
    /* A late plan skips GLPK and the complete search, which answer for
     * the finish alone: large-neighbourhood search until 93% of the limit,
     * then a bound on the finish without the deadlines until 95% (up to
     * LATE_BOUND_MAX activities; above, the search until 95%), so the
     * person level starts no later than for a plan on time. */
    bool late = best->lateness > 0 && r->n <= LATE_BOUND_MAX;
    if (rc == PM_OK && o->use_milp && mr->skipped &&
        !reached(best, *lb, goal) &&
        pm_clock_now() < t0 + phase_end(first, 0.9) * limit) {
        /* Too large for one model, or late: neighbourhoods of it instead. */
        pm_lns_stats ls;
        rc = pm_lns_run(r, h, best, t0 + (late ? 0.93 : 0.95) * limit, &ls);
        mr->lns_steps = ls.steps;
        if (ls.improved > 0) {
            tr->found_by = "lns";
        }
    }
    if (rc == PM_OK && o->use_milp && !reached(best, *lb, goal)) {
        rc = best->lateness > 0
                 ? raise_finish_bound(r, best, lb, t0 + 0.95 * limit, &bs,
                                      &tr->found_by)
                 : raise_bound(r, best, lb, t0 + 0.97 * limit, &bs,
                               &tr->found_by);
    }
    tr->search_nodes = bs.nodes;
    pm_dfs_free(bs.low);
    pm_dfs_free(bs.high);
    pm_heur_free(h);
    return rc;
}
