/* tests/test_solver.c - resource leveling: every schedule the solver returns
 * is checked by an independent checker (helpers.h) on hand-made projects,
 * the bundled examples and PSPLIB J30 instances. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "solver/dfs.h"
#include "solver/heur.h"
#include "solver/lns.h"
#include "solver/network.h"
#include "solver/propagate.h"
#include "solver/rcpsp.h"
#include "solver/solve.h"
#include "tap.h"

static pm_schedule *solve_ms(const pm_project *p, int ms, pm_diag *diag)
{
    pm_schedule *s = NULL;
    pm_solve_opts o = PM_SOLVE_OPTS_INIT;
    o.time_limit_ms = ms;
    if (pm_solve(&s, p, &o, diag) != PM_OK) {
        return NULL;
    }
    return s;
}

static pm_schedule *solve(const pm_project *p, pm_diag *diag)
{
    return solve_ms(p, 2000, diag);
}

/* Same input and seed, same schedule. */
static void test_determinism(const char *path)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = NULL;
    if (pm_import_file(&p, path, &diag) != PM_OK) {
        ok(0, "%s loads", path);
        return;
    }
    /* Determinism is promised while the schedule budget, not the clock,
     * ends the search: give a budget and plenty of time. */
    pm_solve_opts o = PM_SOLVE_OPTS_INIT;
    o.use_milp = false;
    o.max_schedules = 3000;
    o.time_limit_ms = 60000;
    pm_schedule *a = NULL, *b = NULL;
    pm_solve(&a, p, &o, &diag);
    pm_solve(&b, p, &o, &diag);
    int same = a && b && a->makespan == b->makespan;
    for (int i = 0; same && i < p->n_tasks; i++) {
        same = a->tasks[i].start == b->tasks[i].start;
    }
    ok(same, "%s: two solves with the same seed agree", path);
    pm_schedule_free(a);
    pm_schedule_free(b);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

/* A P0 deadline wins the one person over a longer P3 task. */
static void test_deadline_priority(void)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_yaml(
        "dl.yaml",
        "project: dl\nstart: 2026-03-02\n"
        "resources: [{ id: ann }]\n"
        "tasks:\n"
        "  - { id: long, duration: 10d, needs: [{ resource: ann }],"
        " priority: P3 }\n"
        "  - { id: urgent, duration: 3d, needs: [{ resource: ann }],"
        " priority: P0, deadline: 2026-03-04 }\n"
        "  - { id: after, duration: 2d, after: ['urgent FS-1d'] }\n",
        &diag);
    if (!ok(p != NULL, "deadline project loads")) {
        return;
    }
    pm_schedule *s = solve(p, &diag);
    if (ok(s != NULL, "solves")) {
        is_int(s->tasks[1].start, 0, "the P0 task with a deadline goes first");
        ok(!s->tasks[1].late && s->lateness == 0, "nothing is late");
        is_int(s->tasks[2].start, 2, "a lead of one day overlaps its "
               "predecessor");
        is_int(check_schedule(p, s), 0, "checker accepts the schedule");
    }
    pm_schedule_free(s);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

/* Two tasks need the one DBA full time: they cannot overlap. A vacation
 * pushes the second past it; a reserve stretches effort. */
static void test_leveling(void)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_yaml(
        "lev.yaml",
        "project: lev\nstart: 2026-03-02\n"
        "pools: [{ id: dba }]\n"
        "resources:\n"
        "  - { id: ann, pools: [dba], vacations: [2026-03-09..2026-03-13] }\n"
        "  - { id: ben, reserve: 20% }\n"
        "tasks:\n"
        "  - { id: a, duration: 5d, needs: [{ pool: dba, units: 1 }] }\n"
        "  - { id: b, duration: 3d, needs: [{ pool: dba, units: 1 }] }\n"
        "  - { id: c, effort: 8d, needs: [{ resource: ben }] }\n",
        &diag);
    if (!ok(p != NULL, "leveling project loads")) {
        return;
    }
    is_int(p->tasks[2].duration, 10, "8d effort at 80%% takes 10 days");
    pm_schedule *s = solve(p, &diag);
    if (!ok(s != NULL, "solves")) {
        return;
    }
    int a = s->tasks[0].start, b = s->tasks[1].start;
    ok(a + 5 <= b || b + 3 <= a, "a and b do not overlap (a %d, b %d)", a, b);
    /* a first (0-4), b after the vacation (slots 5-9): finish 13; the
     * other order would finish at 15. */
    is_int(a, 0, "the longer task goes first");
    is_int(b, 10, "the second task waits for the vacation week to pass");
    is_int(s->makespan, 13, "makespan 13 working days");
    is_int(check_schedule(p, s), 0, "checker accepts the schedule");
    pm_schedule_free(s);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

static void test_impossible_demand(void)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_yaml(
        "imp.yaml",
        "project: imp\nstart: 2026-03-02\n"
        "pools: [{ id: dba }]\n"
        "resources:\n"
        "  - { id: ann, pools: [dba], reserve: 15% }\n"
        "  - { id: bo, pools: [dba], reserve: 15% }\n"
        "tasks:\n"
        "  - { id: mig, duration: 5d, needs: [{ pool: dba, units: 3 }] }\n",
        &diag);
    if (!ok(p != NULL, "project loads")) {
        return;
    }
    pm_schedule *s = NULL;
    pm_solve_opts o = PM_SOLVE_OPTS_INIT;
    is_int(pm_solve(&s, p, &o, &diag), PM_EINFEASIBLE,
           "a demand above the pool's capacity is infeasible");
    ok(diag.n > 0 &&
           strcmp(diag.entries[0].msg,
                  "task 'mig' needs 3 of pool 'dba', which never has more "
                  "than 2") == 0,
       "the diagnosis names the task, the pool and the numbers");
    is_int(diag.n > 0 ? diag.entries[0].line : 0, 8,
           "and points at the need");
    pm_project_free(p);
    pm_diag_reset(&diag);
}

static void test_example(const char *path)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = NULL;
    if (!ok(pm_import_file(&p, path, &diag) == PM_OK, "%s loads", path)) {
        return;
    }
    pm_schedule *s = solve(p, &diag);
    if (ok(s != NULL, "%s solves", path)) {
        is_int(check_schedule(p, s), 0, "%s: checker accepts the schedule",
               path);
        ok(s->lower_bound <= s->makespan, "%s: bound <= makespan", path);
    }
    pm_schedule_free(s);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

/* Reads lb and ub of an instance from known.csv beside it. */
static bool known_bounds(const char *dir, const char *name, int *lb, int *ub)
{
    char path[512], line[128];
    snprintf(path, sizeof path, "%s/known.csv", dir);
    FILE *f = fopen(path, "r");
    bool found = false;
    while (f && fgets(line, sizeof line, f)) {
        char inst[64];
        if (sscanf(line, "%63[^,],%d,%d", inst, lb, ub) == 3 &&
            strcmp(inst, name) == 0) {
            found = true;
            break;
        }
    }
    if (f) {
        fclose(f);
    }
    return found;
}

/* MPM-Time from the instance header, which PSPLIB computed. */
static int mpm_time(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[256];
    int v = -1, want = 0;
    while (f && fgets(line, sizeof line, f)) {
        if (want) {
            int a, b, c, d, e;
            if (sscanf(line, "%d %d %d %d %d %d", &a, &b, &c, &d, &e, &v) ==
                6) {
                break;
            }
        }
        want |= strstr(line, "MPM-Time") != NULL;
    }
    if (f) {
        fclose(f);
    }
    return v;
}

static void test_psplib(const char *dir)
{
    static const char *const names[] = {"j301_1", "j301_2", "j305_1",
                                        "j309_1", "j3013_1", "j3048_10"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[512];
        int lb, ub;
        snprintf(path, sizeof path, "%s/%s.sm", dir, names[i]);
        pm_diag diag = PM_DIAG_INIT;
        pm_project *p = NULL;
        if (!ok(pm_import_psplib(&p, path, &diag) == PM_OK, "%s loads",
                names[i])) {
            pm_diag_reset(&diag);
            continue;
        }
        is_int(p->n_tasks, 32, "%s has 32 jobs", names[i]);
        pm_network net;
        if (pm_network_build(&net, p, &diag) == PM_OK) {
            is_int(net.cpm_length, mpm_time(path),
                   "%s: critical path equals the file's MPM-Time", names[i]);
            pm_network_reset(&net);
        }
        /* The search alone, with a schedule budget and time to spare:
         * the same result on any machine and under sanitizers. */
        pm_solve_opts o = PM_SOLVE_OPTS_INIT;
        o.use_milp = false;
        o.max_schedules = 200000;
        o.time_limit_ms = 120000;
        pm_schedule *s = NULL;
        pm_solve(&s, p, &o, &diag);
        if (ok(s != NULL, "%s solves", names[i]) &&
            known_bounds(dir, names[i], &lb, &ub)) {
            is_int(check_schedule(p, s), 0, "%s: schedule is feasible",
                   names[i]);
            if (strcmp(names[i], "j3013_1") != 0) {
                is_int(s->makespan, ub, "%s: the optimum is found",
                       names[i]);
            } else {
                /* A hard one: the search alone is allowed 5%. */
                ok(s->makespan * 100 <= ub * 105, "%s: within 5%% (%d, %d)",
                   names[i], s->makespan, ub);
            }
            ok(s->makespan >= lb, "%s: makespan %d >= known lb %d",
               names[i], s->makespan, lb);
            ok(s->lower_bound <= ub, "%s: our bound %d <= best known %d",
               names[i], s->lower_bound, ub);
        }
        pm_schedule_free(s);
        /* The whole engine, bounds and GLPK included, with a short limit:
         * whatever it claims must hold, and the easy ones are proven. */
        s = solve_ms(p, 1500, &diag);
        if (ok(s != NULL, "%s: engine solves", names[i]) &&
            known_bounds(dir, names[i], &lb, &ub)) {
            is_int(check_schedule(p, s), 0, "%s: engine schedule feasible",
                   names[i]);
            ok(s->lower_bound <= ub && s->makespan >= lb,
               "%s: bound %d <= best known %d <= makespan %d", names[i],
               s->lower_bound, ub, s->makespan);
            if (s->status == PM_STATUS_OPTIMAL) {
                is_int(s->makespan, ub, "%s: proven optimal is optimal",
                       names[i]);
            } else {
                ok(i >= 2, "%s: easy instance proven optimal", names[i]);
            }
        }
        pm_schedule_free(s);
        pm_project_free(p);
        pm_diag_reset(&diag);
    }
}

/* Violations of s against r's definitions (each precedence, each
 * resource's capacity in each slot), counted here without the engine's
 * checker; also when the makespan is not the latest finish. */
static int rcp_violations(const pm_rcp *r, const pm_rcp_sol *s)
{
    int bad = 0, end = 0;
    for (int j = 0; j < r->n; j++) {
        for (int e = r->pred_start[j]; e < r->pred_start[j + 1]; e++) {
            bad += s->start[j] < s->start[r->pred[e]] + r->pred_w[e];
        }
        bad += s->start[j] < r->rel[j];
        end = s->start[j] + r->dur[j] > end ? s->start[j] + r->dur[j] : end;
    }
    for (int q = 0; q < r->n_res; q++) {
        for (int t = 0; t < end; t++) {
            int used = 0;
            for (int j = 0; j < r->n; j++) {
                if (s->start[j] <= t && t < s->start[j] + r->dur[j]) {
                    used += r->req[(long)j * r->n_res + q];
                }
            }
            bad += used > pm_rcp_cap(r, q, t);
        }
    }
    return bad + (s->makespan != end);
}

typedef int (*decoder)(pm_heur *h, const int *list, pm_rcp_sol *out);

/* Decodes count random precedence-feasible lists with decode (the
 * parallel or the backward SGS); counts lists decoded, schedules the rcp
 * checker rejects, and schedules finishing before ub. */
static void decode_random(const pm_rcp *r, decoder decode, int count, int ub,
                          int *decoded, int *bad, int *below)
{
    pm_heur *h = pm_heur_new(r, 7);
    long *key = malloc(((size_t)r->n + 1) * sizeof *key);
    int *list = malloc(((size_t)r->n + 1) * sizeof *list);
    pm_rcp_sol sol = {0};
    *decoded = *bad = *below = 0;
    uint64_t x = 88172645463325252ull;
    bool ready = h && key && list && pm_rcp_sol_init(&sol, r->n) == PM_OK;
    for (int k = 0; ready && k < count; k++) {
        for (int j = 0; j < r->n; j++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            key[j] = (long)(x % 1000);
        }
        if (pm_heur_order(r, key, list) != PM_OK ||
            decode(h, list, &sol) != PM_OK) {
            (*bad)++;
            continue;
        }
        (*decoded)++;
        *bad += pm_rcp_check(r, &sol) != 0 || rcp_violations(r, &sol) != 0;
        *below += sol.makespan < ub;
    }
    pm_rcp_sol_reset(&sol);
    free(key);
    free(list);
    pm_heur_free(h);
}

/* The large-neighbourhood search from a poor schedule (the serial SGS on
 * the topological order that takes the highest activity number first):
 * in half a second it must find a shorter schedule (from 30
 * activities), every one it keeps feasible, none below the bound lb. */
static void lns_from_poor(const pm_rcp *r, const char *name, int lb)
{
    pm_heur *h = pm_heur_new(r, 1);
    long *key = malloc(((size_t)r->n + 1) * sizeof(long));
    int *list = malloc(((size_t)r->n + 1) * sizeof(int));
    pm_rcp_sol sol = {0};
    if (!ok(h && key && list && pm_rcp_sol_init(&sol, r->n) == PM_OK,
            "%s: LNS workspace", name)) {
        goto done;
    }
    for (int j = 0; j < r->n; j++) {
        key[j] = -j;
    }
    if (!ok(pm_heur_order(r, key, list) == PM_OK &&
                pm_heur_sgs(h, list, &sol) == PM_OK,
            "%s: a poor schedule to start from", name)) {
        goto done;
    }
    int poor = sol.makespan;
    pm_lns_stats st;
    is_int(pm_lns_run(r, h, &sol, pm_clock_now() + 0.5, &st), PM_OK,
           "%s: LNS runs", name);
    is_int(rcp_violations(r, &sol), 0, "%s: its schedule is feasible", name);
    /* Small projects may start at their best already. */
    ok((sol.makespan < poor || r->n < 30) && sol.makespan <= poor &&
           sol.makespan >= lb,
       "%s: %d activities, makespan %d -> %d (bound %d) in %ld windows, "
       "%ld better",
       name, r->n, poor, sol.makespan, lb, st.steps, st.improved);
done:
    pm_rcp_sol_reset(&sol);
    free(key);
    free(list);
    pm_heur_free(h);
}

/* The complete search on a j30 instance whose optimum is known (lb == ub
 * in known.csv, from outside this project): no schedule by ub - 1, one by
 * ub that the rcp checker accepts; cut into many short slots, it gives the
 * same answer after the same number of nodes as in one go. */
static void test_complete_search(const char *dir)
{
    const char *name = "j3015_5";
    char path[512];
    int lb, ub;
    snprintf(path, sizeof path, "%s/%s.sm", dir, name);
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = NULL;
    pm_network net;
    pm_rcp r;
    if (!ok(known_bounds(dir, name, &lb, &ub) && lb == ub,
            "%s: optimum known", name) ||
        !ok(pm_import_psplib(&p, path, &diag) == PM_OK, "%s loads", name) ||
        !ok(pm_network_build(&net, p, &diag) == PM_OK, "%s: network", name)) {
        pm_project_free(p);
        pm_diag_reset(&diag);
        return;
    }
    if (!ok(pm_rcp_build(&r, &net) == PM_OK, "%s: aggregate problem",
            name)) {
        pm_network_reset(&net);
        pm_project_free(p);
        return;
    }
    pm_rcp_sol sol = {0};
    pm_rcp_sol_init(&sol, r.n);
    long nodes = 0, total = 0, once = 0;
    pm_dfs *d = pm_dfs_new(&r, ub - 1, false);
    is_int(d ? (int)pm_dfs_run(d, pm_clock_now() + 120, &sol, &once) : -1,
           PM_DFS_NONE, "%s: no schedule finishes by %d", name, ub - 1);
    ok(once > 1000, "%s: it takes a real search (%ld nodes)", name, once);
    pm_dfs_free(d);
    d = pm_dfs_new(&r, ub - 1, false);
    int calls = 0;
    pm_dfs_result res = PM_DFS_UNKNOWN;
    while (d && res == PM_DFS_UNKNOWN && calls < 100000) {
        res = pm_dfs_run(d, pm_clock_now() - 1, &sol, &nodes); /* 256 nodes */
        total += nodes;
        calls++;
    }
    is_int((int)res, PM_DFS_NONE, "%s: the same answer in %d slots", name,
           calls);
    is_int((int)total, (int)once, "%s: after the same number of nodes",
           name);
    pm_dfs_free(d);
    d = pm_dfs_new(&r, ub, false);
    is_int(d ? (int)pm_dfs_run(d, pm_clock_now() + 120, &sol, &nodes) : -1,
           PM_DFS_FOUND, "%s: a schedule finishes by %d", name, ub);
    is_int(pm_rcp_check(&r, &sol), 0, "%s: and it is feasible", name);
    ok(sol.makespan <= ub, "%s: makespan %d <= %d", name, sol.makespan, ub);
    pm_dfs_free(d);
    /* The parallel and the backward SGS on 200 random precedence-feasible
     * lists: every schedule passes both checkers and none beats the known
     * optimum. */
    int decoded, bad, below;
    decode_random(&r, pm_heur_psgs, 200, ub, &decoded, &bad, &below);
    is_int(decoded, 200, "%s: the parallel SGS decodes 200 lists", name);
    is_int(bad, 0, "%s: every parallel schedule is feasible", name);
    is_int(below, 0, "%s: none finishes before the optimum", name);
    decode_random(&r, pm_heur_sgs_backward, 200, ub, &decoded, &bad, &below);
    is_int(decoded, 200, "%s: the backward SGS decodes 200 lists", name);
    is_int(bad, 0, "%s: every backward schedule is feasible", name);
    is_int(below, 0, "%s: none finishes before the optimum", name);
    lns_from_poor(&r, name, ub);
    pm_rcp_sol_reset(&sol);
    pm_rcp_reset(&r);
    pm_network_reset(&net);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

/* The parallel and the backward SGS where capacity changes from slot to
 * slot (calendars, vacations, reserves): every schedule passes the
 * checkers and none ends before the critical path. */
static void test_parallel_sgs_calendar(const char *path)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = NULL;
    pm_network net;
    pm_rcp r;
    if (!ok(pm_import_file(&p, path, &diag) == PM_OK, "%s loads", path) ||
        !ok(pm_network_build(&net, p, &diag) == PM_OK, "%s: network",
            path)) {
        pm_project_free(p);
        pm_diag_reset(&diag);
        return;
    }
    if (ok(pm_rcp_build(&r, &net) == PM_OK, "%s: aggregate problem", path)) {
        int decoded, bad, below;
        ok(r.cap_len > 0, "%s: capacity varies by slot", path);
        decode_random(&r, pm_heur_psgs, 50, r.cpm, &decoded, &bad, &below);
        is_int(decoded, 50, "%s: the parallel SGS decodes 50 lists", path);
        is_int(bad, 0, "%s: every parallel schedule is feasible", path);
        is_int(below, 0, "%s: none beats the critical path", path);
        decode_random(&r, pm_heur_sgs_backward, 50, r.cpm, &decoded, &bad,
                      &below);
        is_int(decoded, 50, "%s: the backward SGS decodes 50 lists", path);
        is_int(bad, 0, "%s: every backward schedule is feasible", path);
        is_int(below, 0, "%s: none beats the critical path", path);
        lns_from_poor(&r, path, r.cpm);
        pm_rcp_reset(&r);
    }
    pm_network_reset(&net);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

/* Adds (sign 1) or removes (-1) j's demand over [s, s + d) in use. */
static void tiny_book(const pm_rcp *r, int j, int s, int H, int *use,
                      int sign)
{
    for (int t = s; t < s + r->dur[j]; t++) {
        for (int q = 0; q < r->n_res; q++) {
            use[q * H + t] += sign * r->req[(long)j * r->n_res + q];
        }
    }
}

/* Plain backtracking over start slots in topological order, for tiny
 * problems: is there a schedule of r finishing by H? It checks only the
 * definitions (each precedence once both ends are placed, capacity per
 * slot), nothing the engine's search uses. use is n_res x H scratch. With
 * feasible (n x H) it goes through every schedule and marks the start of
 * each activity in each. */
static bool tiny_fits(const pm_rcp *r, int H, int k, int *start, int *use,
                      bool *feasible)
{
    if (k == r->n) {
        for (int j = 0; feasible && j < r->n; j++) {
            feasible[(long)j * H + start[j]] = true;
        }
        return true;
    }
    bool any = false;
    int j = r->topo[k], d = r->dur[j];
    for (int s = r->rel[j]; s + d <= H; s++) {
        bool ok = true;
        for (int x = 0; x < k && ok; x++) { /* precedences both ways */
            int i = r->topo[x];
            for (int e = r->pred_start[j]; e < r->pred_start[j + 1]; e++) {
                ok &= r->pred[e] != i || s >= start[i] + r->pred_w[e];
            }
            for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
                ok &= r->succ[e] != i || start[i] >= s + r->succ_w[e];
            }
        }
        for (int t = s; t < s + d && ok; t++) {
            for (int q = 0; q < r->n_res; q++) {
                int need = r->req[(long)j * r->n_res + q];
                ok &= use[q * H + t] + need <= pm_rcp_cap(r, q, t);
            }
        }
        if (!ok) {
            continue;
        }
        start[j] = s;
        tiny_book(r, j, s, H, use, 1);
        bool found = tiny_fits(r, H, k + 1, start, use, feasible);
        tiny_book(r, j, s, H, use, -1);
        if (found && !feasible) {
            return true;
        }
        any |= found;
    }
    return any;
}

/* A random tiny project as YAML (7-8 tasks, two pools sharing a person,
 * a vacation, every dependency type, lags from -1 to 2 days). Returns
 * whether it has a lead (a negative lag). */
static bool tiny_yaml(int run, uint64_t *seed, char *yaml, size_t size)
{
    static const char *types[] = {"FS", "SS", "FF", "SF"};
    int len = snprintf(yaml, size,
                       "project: tiny\nstart: 2026-03-02\n"
                       "pools: [{ id: p }, { id: q }]\nresources:\n"
                       "  - { id: a, pools: [p], vacations: "
                       "[2026-03-0%d..2026-03-0%d] }\n"
                       "  - { id: b, pools: [p, q] }\n"
                       "  - { id: c, pools: [q] }\ntasks:\n",
                       3 + run % 3, 3 + run % 3 + run % 2);
    int n = 7 + run % 2;
    bool lead = false;
    for (int j = 0; j < n; j++) {
        *seed = *seed * 6364136223846793005u + 1442695040888963407u;
        unsigned x = (unsigned)(*seed >> 33);
        len += snprintf(yaml + len, size - (size_t)len,
                        "  - { id: t%d, duration: %ud, needs: [{ pool: "
                        "%c, units: %u }]",
                        j, 1 + x % 4, x / 3 % 2 ? 'p' : 'q',
                        1 + x / 6 % 2);
        if (j > 0 && x / 12 % 3 != 0) {
            int lag = (int)(x / 36 % 4) - 1;
            lead |= lag < 0;
            len += snprintf(yaml + len, size - (size_t)len,
                            ", after: [{ task: t%u, type: %s, lag: %dd }]",
                            x / 144 % (unsigned)j, types[x / 1000 % 4],
                            lag);
        }
        len += snprintf(yaml + len, size - (size_t)len, " }\n");
    }
    return lead;
}

/* Loads a tiny project into p, net and r; false (reported) on failure,
 * with nothing left to free. */
static bool tiny_build(const char *yaml, int run, pm_project **p,
                       pm_network *net, pm_rcp *r)
{
    pm_diag diag = PM_DIAG_INIT;
    *p = load_yaml("tiny.yaml", yaml, &diag);
    bool built = *p && pm_network_build(net, *p, &diag) == PM_OK;
    pm_diag_reset(&diag);
    if (!built) {
        ok(false, "tiny project %d builds", run);
        pm_project_free(*p);
        return false;
    }
    if (pm_rcp_build(r, net) != PM_OK) {
        ok(false, "tiny project %d: aggregate problem", run);
        pm_network_reset(net);
        pm_project_free(*p);
        return false;
    }
    return true;
}

static void tiny_free(pm_project *p, pm_network *net, pm_rcp *r)
{
    pm_rcp_reset(r);
    pm_network_reset(net);
    pm_project_free(p);
}

/* The shortest makespan by backtracking (-1 when out of memory). */
static int tiny_shortest(const pm_rcp *r)
{
    int *start = calloc((size_t)r->n + 1, sizeof(int));
    for (int H = r->cpm; start; H++) {
        int *use = calloc((size_t)r->n_res * (size_t)H + 1, sizeof(int));
        if (!use) {
            break;
        }
        bool fits = tiny_fits(r, H, 0, start, use, NULL);
        free(use);
        if (fits) {
            free(start);
            return H;
        }
    }
    free(start);
    return -1;
}

/* Time-table edge finding and shaving against every schedule of random
 * tiny projects, at the shortest makespan and two slots above: each start
 * some schedule uses stays in the narrowed window, and the windows are
 * never wider than without the rule and narrower in some cases (it does
 * something). */
static void test_edge_finding_exact(void)
{
    uint64_t seed = 777;
    int runs = 60, cases = 0, kept[2] = {0, 0}, inside[2] = {0, 0},
        narrower[2] = {0, 0};
    for (int run = 0; run < runs; run++) {
        char yaml[4096];
        tiny_yaml(run, &seed, yaml, sizeof yaml);
        pm_project *p = NULL;
        pm_network net;
        pm_rcp r;
        if (!tiny_build(yaml, run, &p, &net, &r)) {
            continue;
        }
        int shortest = tiny_shortest(&r), n = r.n;
        for (int H = shortest; shortest > 0 && H <= shortest + 2; H++) {
            bool *feasible = calloc((size_t)n * (size_t)H, sizeof(bool));
            int *start = calloc((size_t)n, sizeof(int));
            int *use = calloc((size_t)r.n_res * (size_t)H + 1, sizeof(int));
            int *win = malloc(6 * (size_t)n * sizeof(int));
            pm_prop *plain = pm_prop_new(&r, H, false),
                    *ef = pm_prop_new(&r, H, true);
            if (!feasible || !start || !use || !win || !plain || !ef ||
                !tiny_fits(&r, H, 0, start, use, feasible)) {
                ok(false, "tiny project %d: schedules by %d listed", run, H);
            } else {
                /* Three windows: plain rules, with edge finding (against
                 * plain), shaved (against edge finding). */
                int *es[3], *ls[3];
                for (int w = 0; w < 3; w++) {
                    es[w] = win + 2 * w * n;
                    ls[w] = es[w] + n;
                    for (int j = 0; j < n; j++) {
                        es[w][j] = r.es[j] > r.rel[j] ? r.es[j] : r.rel[j];
                        ls[w][j] = H - r.dur[j];
                    }
                }
                bool fits[3] = {pm_prop_windows(plain, es[0], ls[0]),
                                pm_prop_windows(ef, es[1], ls[1]),
                                pm_prop_windows(ef, es[2], ls[2]) &&
                                    pm_prop_shave(ef, es[2], ls[2], 1e300)};
                cases++;
                for (int w = 1; w < 3; w++) {
                    bool all_in = fits[w - 1] && fits[w], within = all_in,
                         tighter = false;
                    for (int j = 0; j < n && all_in; j++) {
                        for (int t = 0; t < H; t++) {
                            all_in &= !feasible[(long)j * H + t] ||
                                      (es[w][j] <= t && t <= ls[w][j]);
                        }
                        within &= es[w][j] >= es[w - 1][j] &&
                                  ls[w][j] <= ls[w - 1][j];
                        tighter |= es[w][j] > es[w - 1][j] ||
                                   ls[w][j] < ls[w - 1][j];
                    }
                    if (!all_in) {
                        printf("# tiny project %d: %s lost a start by %d\n%s",
                               run, w == 1 ? "edge finding" : "shaving", H,
                               yaml);
                    }
                    inside[w - 1] += all_in;
                    kept[w - 1] += within;
                    narrower[w - 1] += within && tighter;
                }
            }
            pm_prop_free(plain);
            pm_prop_free(ef);
            free(win);
            free(use);
            free(start);
            free(feasible);
        }
        tiny_free(p, &net, &r);
    }
    ok(cases == 3 * runs, "%d horizons over %d tiny projects", cases, runs);
    for (int w = 0; w < 2; w++) {
        const char *rule = w == 0 ? "edge finding" : "shaving";
        is_int(inside[w], cases, "%s keeps every start a schedule uses",
               rule);
        is_int(kept[w], cases, "%s never widens a window", rule);
        ok(narrower[w] >= 5, "%s narrows windows further in %d of %d cases",
           rule, narrower[w], cases);
    }
}

/* The complete search against plain backtracking on random tiny projects
 * with every dependency type, leads (negative lags), vacations and two
 * pools sharing a person: the same shortest makespan, and no schedule
 * one slot shorter. Its pruning (postponing to the next event, refuted
 * nodes remembered) must lose no schedule. */
static void test_complete_search_exact(void)
{
    uint64_t seed = 12345;
    int agree[2] = {0, 0}, runs = 60, with_lead = 0;
    for (int run = 0; run < runs; run++) {
        char yaml[4096];
        bool lead = tiny_yaml(run, &seed, yaml, sizeof yaml);
        pm_project *p = NULL;
        pm_network net;
        pm_rcp r;
        if (!tiny_build(yaml, run, &p, &net, &r)) {
            continue;
        }
        int H = tiny_shortest(&r);
        pm_rcp_sol sol = {0};
        pm_rcp_sol_init(&sol, r.n);
        /* Without, then with edge finding and the root shaved: */
        for (int ef = 0; ef < 2; ef++) {
            long nodes;
            pm_dfs *below = pm_dfs_new(&r, H - 1, ef),
                   *at = pm_dfs_new(&r, H, ef);
            pm_dfs_result none =
                below ? pm_dfs_run(below, pm_clock_now() + 60, &sol, &nodes)
                      : PM_DFS_UNKNOWN;
            pm_dfs_result found =
                at ? pm_dfs_run(at, pm_clock_now() + 60, &sol, &nodes)
                   : PM_DFS_UNKNOWN;
            if (none == PM_DFS_NONE && found == PM_DFS_FOUND &&
                pm_rcp_check(&r, &sol) == 0 && sol.makespan <= H) {
                agree[ef]++;
                with_lead += lead && ef;
            } else {
                printf("# tiny project %d, refuting %d: shortest %d; "
                       "search: %d below, %d at it\n%s",
                       run, ef, H, (int)none, (int)found, yaml);
            }
            pm_dfs_free(below);
            pm_dfs_free(at);
        }
        pm_rcp_sol_reset(&sol);
        tiny_free(p, &net, &r);
    }
    is_int(agree[0], runs,
           "complete search = backtracking on %d tiny projects", runs);
    is_int(agree[1], runs,
           "the same with edge finding at every node and the root shaved");
    ok(with_lead > 5, "%d of them have leads", with_lead);
}

/* Over the MILP's size cap, large-neighbourhood search takes over. */
static void test_lns(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/j3013_1.sm", dir);
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = NULL;
    if (!ok(pm_import_psplib(&p, path, &diag) == PM_OK, "j3013_1 loads")) {
        pm_diag_reset(&diag);
        return;
    }
    pm_solve_opts o = PM_SOLVE_OPTS_INIT;
    o.time_limit_ms = 1500;
    o.max_binaries = 20; /* under one per activity: every model is over */
    o.max_schedules = 2000; /* a weak start leaves LNS work to do */
    pm_schedule *s = NULL;
    if (ok(pm_solve(&s, p, &o, &diag) == PM_OK, "solves with a tiny cap")) {
        ok(strstr(s->solver, "lns") != NULL, "LNS ran (%s)", s->solver);
        is_int(check_schedule(p, s), 0, "LNS schedule is feasible");
    }
    pm_schedule_free(s);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

/* One list, decoded from both ends. A pool of two; 'long' (3 days, one
 * person), 'both' (1 day, both people), then 'after' (3 days, one). In
 * the order long, both, after the forward SGS starts 'long' on day 0, so
 * 'both' waits for it (day 3) and 'after' ends on day 7. Backward,
 * 'after' and 'long' end together and 'both' comes before them:
 * left-justified, 'both' on day 0 and the other two on day 1, ending on
 * day 4. */
static void test_backward_sgs(void)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_yaml(
        "ends.yaml",
        "project: ends\nstart: 2026-03-02\ncalendar: { workdays: [mon, tue, "
        "wed, thu, fri, sat, sun] }\npools: [{ id: m }]\nresources:\n"
        "  - { id: a, pools: [m] }\n  - { id: b, pools: [m] }\ntasks:\n"
        "  - { id: long, duration: 3d, needs: [{ pool: m }] }\n"
        "  - { id: both, duration: 1d, needs: [{ pool: m, units: 2 }] }\n"
        "  - { id: after, duration: 3d, needs: [{ pool: m }], after: [both] "
        "}\n",
        &diag);
    pm_network net;
    pm_rcp r;
    if (!ok(p && pm_network_build(&net, p, &diag) == PM_OK,
            "ends.yaml loads")) {
        pm_project_free(p);
        pm_diag_reset(&diag);
        return;
    }
    if (!ok(pm_rcp_build(&r, &net) == PM_OK && r.n == 3,
            "ends.yaml: three activities")) {
        pm_network_reset(&net);
        pm_project_free(p);
        pm_diag_reset(&diag);
        return;
    }
    pm_heur *h = pm_heur_new(&r, 1);
    pm_rcp_sol fwd = {0}, back = {0};
    long key[3];
    int list[3], slot = p->cal.slots_per_day;
    for (int a = 0; a < 3; a++) { /* long, both, after */
        key[a] = a;
    }
    if (ok(h && pm_rcp_sol_init(&fwd, 3) == PM_OK &&
               pm_rcp_sol_init(&back, 3) == PM_OK &&
               pm_heur_order(&r, key, list) == PM_OK,
           "ends.yaml: workspace and list")) {
        is_int(pm_heur_sgs(h, list, &fwd), PM_OK, "forward SGS decodes");
        is_int(fwd.makespan, 7 * slot, "forward: ends on day 7");
        is_int(pm_heur_sgs_backward(h, list, &back), PM_OK,
               "backward SGS decodes");
        is_int(back.makespan, 4 * slot, "backward: ends on day 4");
        is_int(back.start[1], 0, "backward: 'both' first, on day 0");
        is_int(back.start[0], slot, "backward: 'long' on day 1");
        is_int(back.start[2], slot, "backward: 'after' on day 1");
        is_int(rcp_violations(&r, &back), 0, "backward: feasible");
    }
    pm_rcp_sol_reset(&fwd);
    pm_rcp_sol_reset(&back);
    pm_heur_free(h);
    pm_rcp_reset(&r);
    pm_network_reset(&net);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

int main(int argc, char **argv)
{
    test_backward_sgs();
    test_leveling();
    test_impossible_demand();
    test_deadline_priority();
    test_complete_search_exact();
    test_edge_finding_exact();
    for (int i = 1; i < argc; i++) {
        if (strstr(argv[i], ".yaml")) {
            test_example(argv[i]);
            test_determinism(argv[i]);
            test_parallel_sgs_calendar(argv[i]);
        } else {
            test_psplib(argv[i]);
            test_complete_search(argv[i]);
            test_lns(argv[i]);
        }
    }
    return tap_done();
}
