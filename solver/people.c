/* solver/people.c - the schedule of one network at person level
 * (people.h): priority rules and classes, passes that may fail for one
 * order only, the search over lists, the solver label. */
#include "solver/people.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/aggregate.h"
#include "solver/clock.h"
#include "solver/fill.h"
#include "solver/float.h"
#include "solver/poolbound.h"
#include "solver/rcpsp.h"
#include "solver/rng.h"
#include "solver/sgs.h"

enum { RULE_LST, RULE_LFT, RULE_MSLK, RULE_PRIO, RULE_GRPW, N_RULES };
static const char *const rule_names[N_RULES] = {"lst", "lft", "mslk", "prio",
                                                "grpw"};

static void rule_keys(long *key, const pm_network *net, int rule)
{
    const pm_project *p = net->p;
    for (int j = 0; j < net->n; j++) {
        long ls = net->ls[j], es = net->es[j], d = net->dur[j];
        long work = 0;
        for (int k = 0; k < net->n_needs[j]; k++) {
            work += (long)p->tasks[j].needs[k].units * d;
        }
        switch (rule) {
        case RULE_LST:
            key[j] = ls;
            break;
        case RULE_LFT:
            key[j] = ls + d;
            break;
        case RULE_MSLK:
            key[j] = (ls - es) * 4096 + ls;
            break;
        case RULE_PRIO:
            key[j] = (long)p->tasks[j].priority * (1L << 40) + ls;
            break;
        default:
            key[j] = ls * (1L << 20) - work;
            break;
        }
    }
}

/* Term 5 of the objective: priority-weighted starts (high-priority work
 * early), a tie-break between schedules equal in lateness and finish. */
static long early_score(const pm_network *net, const pm_sgs_result *r)
{
    long score = 0;
    for (int j = 0; j < net->n; j++) {
        if (net->leaf[j] && net->p->tasks[j].priority < 2) {
            score +=
                pm_priority_weight(net->p->tasks[j].priority) * r->start[j];
        }
    }
    return score;
}

static bool better(const pm_network *net, const pm_sgs_result *a,
                   const pm_sgs_result *b)
{
    if (a->lateness != b->lateness) {
        return a->lateness < b->lateness;
    }
    if (a->makespan != b->makespan) {
        return a->makespan < b->makespan;
    }
    return early_score(net, a) < early_score(net, b);
}

/* Priority class of each leaf: its own priority, or that of any task
 * waiting for it (transitively) when more urgent, so that the work a P0
 * task needs is P0 work too. All 0 under 'priorities: finish'. Returns
 * whether the classes differ at all. */
static bool priority_classes(int *cls, const pm_network *net)
{
    const pm_project *p = net->p;
    for (int j = 0; j < net->n; j++) {
        cls[j] = p->finish_first ? 0 : p->tasks[j].priority;
    }
    for (int k = net->n_leaves - 1; k >= 0; k--) {
        int j = net->topo[k];
        for (int e = net->out_start[j]; e < net->out_start[j + 1]; e++) {
            int c = cls[net->out_to[e]];
            cls[j] = c < cls[j] ? c : cls[j];
        }
    }
    bool differ = false;
    for (int k = 1; k < net->n_leaves; k++) {
        differ |= cls[net->topo[k]] != cls[net->topo[0]];
    }
    return differ;
}

typedef struct {
    long key;
    int task;
} ranked;

static int by_key(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->key != y->key) {
        return x->key < y->key ? -1 : 1;
    }
    return x->task - y->task;
}

/* Fills order with the leaves sorted by key (ties by index). */
static int order_of(int *order, const pm_network *net, const long *key)
{
    ranked *v = malloc(((size_t)net->n_leaves + 1) * sizeof *v);
    if (!v) {
        return PM_ENOMEM;
    }
    for (int k = 0; k < net->n_leaves; k++) {
        v[k] = (ranked){key[net->topo[k]], net->topo[k]};
    }
    qsort(v, (size_t)net->n_leaves, sizeof *v, by_key);
    for (int k = 0; k < net->n_leaves; k++) {
        order[k] = v[k].task;
    }
    free(v);
    return PM_OK;
}

/* Keys from a list order: the class first (cls may be NULL), then the
 * place in the list. */
static void keys_of(long *key, const pm_network *net, const int *order,
                    const int *cls)
{
    for (int k = 0; k < net->n_leaves; k++) {
        int j = order[k];
        key[j] = (cls ? (long)cls[j] : 0) * (net->n_leaves + 1L) + k;
    }
}

/* Reorders key so that classes come first and the old keys order within a
 * class. */
static int classed(long *key, const pm_network *net, const int *cls, int *order)
{
    if (order_of(order, net, key) != PM_OK) {
        return PM_ENOMEM;
    }
    keys_of(key, net, order, cls);
    return PM_OK;
}

/* A person-level schedule pass that may fail for this order only (a fixed
 * start its predecessors' people cannot serve in time): the first such
 * failure is kept in *fail. */
typedef struct {
    pm_diag fail;
    int failures;
} pass_log;

static int pass(pm_sgs_result *out, const pm_network *net, pm_rstate *rs,
                const long *key, pass_log *log)
{
    pm_diag d = PM_DIAG_INIT;
    int rc = pm_sgs_forward(out, net, rs, key, &d);
    if (rc == PM_EINFEASIBLE && log->failures++ == 0) {
        pm_diag_append(&log->fail, &d);
    }
    pm_diag_reset(&d);
    return rc;
}

/* Passes on the first failure the log kept; returns PM_EINFEASIBLE. */
static int report_failure(pm_diag *diag, const pass_log *log)
{
    pm_diag_append(diag, &log->fail);
    if (log->fail.n == 0) {
        pm_diag_error(diag, NULL, "no schedule keeps every fixed start");
    }
    return PM_EINFEASIBLE;
}

/* Keeps cur in *best (and its keys in best_key) if it is better or there
 * is no best yet; returns whether it did. cur is emptied either way. */
static bool keep_better(const pm_network *net, pm_sgs_result *best,
                        long *best_key, pm_sgs_result *cur, const long *key)
{
    bool win = !best->start || better(net, cur, best);
    if (win) {
        pm_sgs_result_reset(best);
        *best = *cur;
        memcpy(best_key, key, (size_t)net->n * sizeof *key);
    } else {
        pm_sgs_result_reset(cur);
    }
    memset(cur, 0, sizeof *cur);
    return win;
}

/* Task placements a second of the time limit for the person-level
 * restarts (person_restarts). */
#define PERSON_RATE 300000.0

/* Moves a random task of order (n tasks) to a random place at most 20
 * away, drawing from the xorshift state *x; returns false when the place
 * drawn is its own (order unchanged). */
static bool random_move(uint64_t *x, int *order, int n)
{
    uint64_t r = pm_rng_next(x);
    int from = (int)(r % (uint64_t)n);
    int span = n < 20 ? n : 20;
    int to = from + (int)((r >> 32) % (uint64_t)(2 * span + 1)) - span;
    to = to < 0 ? 0 : to >= n ? n - 1 : to;
    if (to == from) {
        return false;
    }
    int moved = order[from];
    if (from < to) {
        memmove(order + from, order + from + 1,
                (size_t)(to - from) * sizeof *order);
    } else {
        memmove(order + to + 1, order + to,
                (size_t)(from - to) * sizeof *order);
    }
    order[to] = moved;
    return true;
}

/* A search at person level, from the best list: move one task to a
 * nearby place in the list (its class keeps it among its peers), decode,
 * keep the new list when the schedule is no worse. Ends after max_stall
 * lists without a better schedule, or when a pass as long as the last one
 * (pass_time at first) would end past the deadline. Returns whether it
 * improved on *best. */
static bool person_search(const pm_network *net, pm_rstate *rs, const int *cls,
                          long *best_key, pm_sgs_result *best, double deadline,
                          double pass_time, unsigned seed, pass_log *log,
                          long *tried)
{
    int n = net->n_leaves;
    int *order = malloc(((size_t)n + 1) * sizeof *order);
    int *trial = malloc(((size_t)n + 1) * sizeof *trial);
    long *key = malloc(((size_t)net->n + 1) * sizeof *key);
    bool improved = false;
    if (!order || !trial || !key || n < 2 ||
        order_of(order, net, best_key) != PM_OK) {
        goto done;
    }
    uint64_t x = 0x9e3779b97f4a7c15ull ^ ((uint64_t)seed << 1);
    long stall = 0, max_stall = 2000;
    memcpy(key, best_key, (size_t)net->n * sizeof *key);
    while (stall < max_stall && pm_clock_now() + pass_time < deadline) {
        memcpy(trial, order, (size_t)n * sizeof *trial);
        if (!random_move(&x, trial, n)) {
            stall++;
            continue;
        }
        keys_of(key, net, trial, cls);
        pm_sgs_result cur = {0};
        (*tried)++;
        double pass_t0 = pm_clock_now();
        int rc = pass(&cur, net, rs, key, log);
        pass_time = pm_clock_now() - pass_t0;
        if (rc != PM_OK) {
            pm_sgs_result_reset(&cur);
            stall++;
            continue;
        }
        bool strictly = better(net, &cur, best);
        bool worse = better(net, best, &cur);
        if (!worse) {
            memcpy(order, trial, (size_t)n * sizeof *order);
            pm_sgs_result_reset(best);
            *best = cur;
            memcpy(best_key, key, (size_t)net->n * sizeof *key);
        } else {
            pm_sgs_result_reset(&cur);
        }
        stall = strictly ? 0 : stall + 1;
        improved |= strictly;
    }
done:
    free(order);
    free(trial);
    free(key);
    return improved;
}

/* Restarts of the person-level search, each from the best list shaken
 * by RESTART_MOVES random moves and searched as person_search() does; a
 * restart's result replaces *best only when strictly better (iterated
 * local search). Ends after MAX_RESTARTS restarts, when *tried reaches
 * max_tries, or when a pass as long as pass_time would end past
 * deadline. On 300-task generated projects whose first search stalled
 * above the bound, 6 of 10 runs (seeds 2 and 3) ended a day shorter, none
 * longer (docs/benchmarks.md, "Restarts at person level"). Returns
 * whether it improved on *best. */
#define RESTART_MOVES 8
#define MAX_RESTARTS 20
static bool person_restarts(const pm_network *net, pm_rstate *rs,
                            const int *cls, long *best_key, pm_sgs_result *best,
                            double deadline, double pass_time, unsigned seed,
                            pass_log *log, long *tried, long max_tries)
{
    int n = net->n_leaves;
    if (n < 2) {
        return false;
    }
    int *order = malloc(((size_t)n + 1) * sizeof *order);
    long *key = malloc(((size_t)net->n + 1) * sizeof *key);
    bool improved = false;
    uint64_t x = 0x2545f4914f6cdd1dull ^ ((uint64_t)seed << 3);
    for (int round = 1;
         order && key && round <= MAX_RESTARTS && *tried < max_tries &&
         pm_clock_now() + pass_time < deadline;
         round++) {
        if (order_of(order, net, best_key) != PM_OK) {
            break;
        }
        for (int m = 0; m < RESTART_MOVES; m++) {
            random_move(&x, order, n);
        }
        keys_of(key, net, order, cls);
        pm_sgs_result cur = {0};
        (*tried)++;
        if (pass(&cur, net, rs, key, log) != PM_OK) {
            pm_sgs_result_reset(&cur);
            continue;
        }
        person_search(net, rs, cls, key, &cur, deadline, pass_time,
                      seed + (unsigned)round, log, tried);
        if (better(net, &cur, best)) {
            pm_sgs_result_reset(best);
            *best = cur;
            memcpy(best_key, key, (size_t)net->n * sizeof *key);
            improved = true;
        } else {
            pm_sgs_result_reset(&cur);
        }
    }
    free(order);
    free(key);
    return improved;
}

int pm_people_solve(pm_schedule **out, const pm_network *net,
                    const pm_solve_opts *o, double t0, pm_diag *diag)
{
    int n = net->n;
    pm_rstate *rs = pm_rstate_new(net);
    long *key = malloc(((size_t)n + 1) * sizeof *key);
    long *best_key = malloc(((size_t)n + 1) * sizeof *best_key);
    long *first_key = malloc(((size_t)n + 1) * sizeof *first_key);
    pm_float fl = {0};
    int *cls = malloc(((size_t)n + 1) * sizeof *cls);
    int *order = malloc(((size_t)n + 1) * sizeof *order);
    pm_sgs_result best = {0}, cur = {0}, first = {0};
    pm_rcp rcp = {0};
    pm_rcp_sol agg = {0};
    pm_heur_stats hst = {0};
    pm_milp_result mr = {0};
    pass_log log = {PM_DIAG_INIT, 0};
    int best_rule = -1, rc = PM_OK, agg_lb = 0, finish_first = 0;
    long person_tries = 0;
    bool by_person = false;
    pm_search_trace tr = {0};
    if (!rs || !key || !best_key || !first_key || !cls || !order) {
        rc = PM_ENOMEM;
        goto done;
    }
    bool classes = priority_classes(cls, net);
    /* One person-level pass first, timed: the final passes take about as
     * long each, so the search leaves them that time (when it matters:
     * on large projects). A fixed start that cannot be kept whatever the
     * order (people on leave or booked by other fixed work) ends it
     * here. */
    double pass_t0 = pm_clock_now();
    if (!o->glpk_only) {
        rule_keys(key, net, 0);
        if ((rc = classed(key, net, cls, order)) != PM_OK) {
            goto done;
        }
        memcpy(first_key, key, (size_t)n * sizeof *key);
        rc = pass(&first, net, rs, key, &log);
        if (rc == PM_EINFEASIBLE && pm_sgs_fixed_conflict(net, rs)) {
            report_failure(diag, &log); /* whatever the order */
            goto done;
        }
        if (rc != PM_OK && rc != PM_EINFEASIBLE) {
            goto done;
        }
        rc = PM_OK;
    }
    double pass_time = pm_clock_now() - pass_t0;
    double limit = o->time_limit_ms > 0 ? o->time_limit_ms / 1000.0 : 10.0;
    pm_solve_opts so = *o;
    if (3 * pass_time > 0.01 * limit) {
        double left = limit - 3 * pass_time - (pass_t0 - t0);
        so.time_limit_ms =
            (int)(1000 * (left > 0.1 * limit ? left : 0.1 * limit));
    }
    /* The aggregate problem relaxes the people's speeds; their energy
     * may bound the finish higher, and so may whole slots: a task holds
     * its seats for whole slots, which its effort alone does not count (a
     * twentieth of the limit, 1 s at most). */
    int people_lb = pm_capacity_energy_bound(rs);
    people_lb = people_lb > net->cpm_length ? people_lb : net->cpm_length;
    double bound_time = 0.05 * limit < 1 ? 0.05 * limit : 1;
    if ((rc = pm_poolbound_raise(net, rs, pm_clock_now() + bound_time,
                                 &people_lb)) != PM_OK) {
        goto done;
    }
    /* An aggregate schedule that ends by that bound is as short as the
     * people's can be: the aggregate search stops there and leaves its
     * time to the search at person level. */
    if ((rc = pm_rcp_build(&rcp, net)) != PM_OK ||
        (rc = pm_rcp_sol_init(&agg, rcp.n)) != PM_OK ||
        (rc = pm_aggregate_search(&agg, &agg_lb, &hst, &mr, &tr, &rcp, &so,
                                  people_lb, t0)) != PM_OK) {
        goto done;
    }
    agg_lb = people_lb > agg_lb ? people_lb : agg_lb;
    if (agg.makespan < 0) {
        pm_diag_error(diag, NULL,
                      "GLPK alone found no schedule within the time limit");
        rc = PM_EINFEASIBLE;
        goto done;
    }
    /* Person level: place tasks in the order of the aggregate schedule,
     * which keeps it whenever the people can be assigned as they are;
     * the plain rules compete too. Priority classes come first in every
     * order. */
    for (int rule = -1; rule < (o->glpk_only ? 0 : N_RULES); rule++) {
        if (rule == 0) {
            if (first.start &&
                keep_better(net, &best, best_key, &first, first_key)) {
                best_rule = 0;
            }
            continue;
        }
        if (rule < 0) {
            for (int j = 0; j < n; j++) {
                key[j] = 0;
            }
            for (int a = 0; a < rcp.n; a++) {
                key[rcp.task[a]] = agg.start[a];
            }
        } else if (pm_clock_now() + pass_time > t0 + limit) {
            break; /* out of time: the other rules rarely win */
        } else {
            rule_keys(key, net, rule);
        }
        if (classes && rule < 0 && !o->glpk_only) {
            /* What the plan would finish without strict priorities. */
            if ((rc = pass(&cur, net, rs, key, &log)) == PM_OK) {
                finish_first = cur.makespan;
            } else if (rc != PM_EINFEASIBLE) {
                goto done;
            }
            pm_sgs_result_reset(&cur);
        }
        if ((rc = classed(key, net, cls, order)) != PM_OK) {
            goto done;
        }
        rc = pass(&cur, net, rs, key, &log);
        if (rc == PM_EINFEASIBLE) {
            continue;
        }
        if (rc != PM_OK) {
            goto done;
        }
        if (keep_better(net, &best, best_key, &cur, key)) {
            best_rule = rule;
        }
    }
    rc = PM_OK;
    if (best.start && !o->glpk_only &&
        (best.lateness > 0 || best.makespan > agg_lb)) {
        /* The aggregate problem relaxes the people's speeds and the
         * priority classes: search on at person level. */
        by_person =
            person_search(net, rs, cls, best_key, &best, t0 + 0.97 * limit,
                          pass_time, o->seed, &log, &person_tries);
        /* Still above: restarts, within a budget of task placements per
         * second of the limit (about a sixth of what this machine places
         * in whole days) so that the budget, not the clock, ends them.
         * When the aggregate search stopped at the people's bound it left
         * them its time: three times the budget in whole days, where a
         * placement walks the fewest slots. */
        double share = 3.0 / net->p->cal.slots_per_day;
        if (agg.lateness > 0 || agg.makespan > people_lb || share < 1) {
            share = 1;
        }
        long max_tries =
            (long)(share * PERSON_RATE / (net->n_leaves + 1) * limit);
        if (best.lateness > 0 || best.makespan > agg_lb) {
            by_person |= person_restarts(
                net, rs, cls, best_key, &best, t0 + 0.97 * limit, pass_time,
                o->seed, &log, &person_tries, person_tries + max_tries);
        }
    }
    if (!best.start) {
        rc = report_failure(diag, &log); /* no order kept a fixed start */
        goto done;
    }
    rc = pm_float_compute(&fl, net, rs, &best);
    if (rc != PM_OK) {
        goto done;
    }
    pm_schedule *s = pm_schedule_new(n);
    if (!s) {
        rc = PM_ENOMEM;
        goto done;
    }
    pm_schedule_fill(s, net, &best, &fl);
    s->makespan = best.makespan;
    s->lateness = best.lateness;
    s->schedules = hst.schedules + person_tries;
    s->search_nodes = tr.search_nodes;
    s->time_limited = hst.by_time || mr.time_limited;
    s->lower_bound = agg_lb;
    /* Optimal: no lateness beyond what no schedule avoids, and the finish
     * at its bound (which for a late plan counts no deadline). */
    s->status = s->makespan <= s->lower_bound &&
                        s->lateness <= pm_rcp_lateness_floor(&rcp)
                    ? PM_STATUS_OPTIMAL
                    : PM_STATUS_FEASIBLE;
    s->finish_first =
        finish_first > 0 && finish_first < best.makespan ? finish_first : 0;
    /* The part that found the schedule (a person-level rule when one beat
     * the aggregate schedule's order, "ls" when the person-level search
     * improved on it), then the exact parts that ran besides it:
     * "ga+milp+search", "search+milp", "sgs-lft+milp", "ls+milp". */
    const char *finder = by_person        ? "ls"
                         : best_rule >= 0 ? rule_names[best_rule]
                                          : tr.found_by;
    snprintf(s->solver, sizeof s->solver, "%s%s",
             !by_person && best_rule >= 0 ? "sgs-" : "", finder);
    bool ran[3] = {!mr.skipped, mr.lns_steps > 0, tr.search_nodes > 0};
    static const char *const part[3] = {"milp", "lns", "search"};
    for (int k = 0; k < 3; k++) {
        if (ran[k] && strcmp(part[k], finder) != 0) {
            size_t len = strlen(s->solver);
            snprintf(s->solver + len, sizeof s->solver - len, "+%s", part[k]);
        }
    }
    if (mr.crashed) {
        pm_diag_warning(diag, NULL,
                        "GLPK stopped without a result; the schedule comes "
                        "from the heuristics alone");
    }
    s->assignments = best.asg;
    s->n_assignments = best.n_asg;
    best.asg = NULL;
    pm_schedule_sort_assignments(s);
    *out = s;
done:
    pm_diag_reset(&log.fail);
    pm_rcp_sol_reset(&agg);
    pm_rcp_reset(&rcp);
    pm_sgs_result_reset(&best);
    pm_sgs_result_reset(&cur);
    pm_sgs_result_reset(&first);
    pm_rstate_free(rs);
    free(key);
    free(best_key);
    free(first_key);
    pm_float_reset(&fl);
    free(cls);
    free(order);
    return rc;
}
