/* tests/test_cpm.c - the precedence network and CPM against hand-computed
 * answers: all four dependency types, lags and leads, summaries, releases,
 * cycles. */
#include <string.h>

#include "helpers.h"
#include "solver/network.h"
#include "solver/solve.h"
#include "tap.h"

static const char *header = "project: t\n"
                            "start: 2026-03-02\n"
                            "tasks:\n";

static pm_project *load_tasks(const char *tasks, pm_diag *diag)
{
    static char text[4096];
    snprintf(text, sizeof text, "%s%s", header, tasks);
    return load_yaml("t.yaml", text, diag);
}

/* a(3); b FS+1 after a; c SS+2 after a; d(1) FF after b and FS after c;
 * e(2) FF-1d after c. By hand: ES a0 b4 c2 d6 e3, length 7,
 * LS a0 b5 c2 d6 e5. */
static void test_four_types(void)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_tasks(
        "  - { id: a, duration: 3d }\n"
        "  - { id: b, duration: 2d, after: ['a FS+1d'] }\n"
        "  - { id: c, duration: 4d, after: [{ task: a, type: SS, lag: 2d }] }\n"
        "  - { id: d, duration: 1d, after: ['b FF', c] }\n"
        "  - { id: e, duration: 2d, after: ['c FF-1d'] }\n",
        &diag);
    if (!ok(p != NULL, "project with all dependency types loads")) {
        return;
    }
    pm_network net;
    is_int(pm_network_build(&net, p, &diag), PM_OK, "network builds");
    static const int es[] = {0, 4, 2, 6, 3}, ls[] = {0, 5, 2, 6, 5};
    for (int i = 0; i < 5; i++) {
        is_int(net.es[i], es[i], "early start of %s", p->tasks[i].id);
        is_int(net.ls[i], ls[i], "late start of %s", p->tasks[i].id);
    }
    is_int(net.cpm_length, 7, "critical path length");
    pm_network_reset(&net);

    pm_schedule *s = NULL;
    pm_solve_opts o = PM_SOLVE_OPTS_INIT;
    is_int(pm_solve(&s, p, &o, &diag), PM_OK, "solves");
    static const int tf[] = {0, 1, 0, 0, 2};
    for (int i = 0; i < 5; i++) {
        is_int(s->tasks[i].start, es[i], "no resources: %s starts early",
               p->tasks[i].id);
        is_int(s->tasks[i].total_float, tf[i], "total float of %s",
               p->tasks[i].id);
    }
    is_int(s->status, PM_STATUS_OPTIMAL, "makespan equals the bound");
    is_int(check_schedule(p, s), 0, "checker accepts the schedule");
    pm_schedule_free(s);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

/* A dependency on a summary applies to every leaf below it; a release
 * date holds back its task. */
static void test_summary_and_release(void)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_tasks(
        "  - id: phase\n"
        "    children:\n"
        "      - { id: x, duration: 2d }\n"
        "      - { id: y, duration: 5d }\n"
        "  - { id: z, duration: 1d, after: [phase] }\n"
        "  - { id: r, duration: 1d, release: 2026-03-11 }\n",
        &diag);
    if (!ok(p != NULL, "project with a summary loads")) {
        return;
    }
    is_str(p->tasks[2].wbs, "1.2", "WBS code of y");
    pm_network net;
    is_int(pm_network_build(&net, p, &diag), PM_OK, "network builds");
    is_int(net.es[3], 5, "z waits for the longest leaf of the summary");
    is_int(net.es[4], 7, "r starts on its release date (7th working day)");
    pm_network_reset(&net);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

static void test_cycle(void)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_tasks("  - { id: pour, duration: 1d, after: [cure] }\n"
                               "  - { id: cure, duration: 2d, after: [set] }\n"
                               "  - { id: set, duration: 1d, after: [pour] }\n"
                               "  - { id: free, duration: 1d }\n",
                               &diag);
    if (!ok(p != NULL, "cyclic project still loads")) {
        return;
    }
    is_int(pm_solve_check(p, &diag), PM_EINPUT, "cycle is an input error");
    ok(diag.n == 1 && strstr(diag.entries[0].msg,
                             "dependency cycle: 'pour' -> 'set' -> 'cure' "
                             "-> 'pour'") != NULL,
       "the cycle is named in order");
    if (diag.n > 0) {
        printf("# %s (line %d)\n", diag.entries[0].msg, diag.entries[0].line);
        ok(diag.entries[0].line >= 4 && diag.entries[0].line <= 6,
           "the message points at a dependency of the cycle");
    }
    pm_project_free(p);
    pm_diag_reset(&diag);
}

static void test_fixed_start_conflict(void)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_tasks(
        "  - { id: a, duration: 5d }\n"
        "  - { id: b, duration: 1d, after: [a], start: 2026-03-04 }\n",
        &diag);
    if (!ok(p != NULL, "fixed-start project loads")) {
        return;
    }
    pm_schedule *s = NULL;
    pm_solve_opts o = PM_SOLVE_OPTS_INIT;
    is_int(pm_solve(&s, p, &o, &diag), PM_EINFEASIBLE,
           "fixed start before its predecessor allows is infeasible");
    ok(diag.n > 0 && strstr(diag.entries[0].msg, "must start on 2026-03-04") &&
           strstr(diag.entries[0].msg, "'a' allows 2026-03-09"),
       "the message names both dates");
    pm_project_free(p);
    pm_diag_reset(&diag);
}

int main(void)
{
    test_four_types();
    test_summary_and_release();
    test_cycle();
    test_fixed_start_conflict();
    return tap_done();
}
