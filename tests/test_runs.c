/* tests/test_runs.c - runs as data: variance and earned value on runs
 * built by hand (figures worked out below, not by the code under test),
 * and slip explanations from two captured runs of a small project. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "planner/runs/explain.h"
#include "planner/runs/history.h"
#include "planner/runs/variance.h"
#include "solver/solve.h"
#include "tap.h"

#define D(y, m, d) pm_date_from_ymd(y, m, d)

/* A run of two leaf tasks on a Monday-to-Friday calendar from
 * 2026-03-02: a (budget 500, 100 a day) and b (budget 1000, 200 a day). */
static void two_tasks(pm_run *r, pm_date a0, pm_date a1, pm_date b0,
                      pm_date b1)
{
    memset(r, 0, sizeof *r);
    r->start = D(2026, 3, 2);
    r->finish = b1;
    r->cal.workdays = 0x1f;
    r->cal.hours_per_day = 8;
    r->cal.slots_per_day = 1;
    r->priced = true;
    r->n_tasks = 2;
    r->tasks = calloc(2, sizeof *r->tasks);
    const char *ids[2] = {"a", "b"};
    for (int i = 0; i < 2; i++) {
        pm_run_task *t = &r->tasks[i];
        t->task_id = strdup(ids[i]);
        t->name = strdup(ids[i]);
        t->wbs = strdup(i ? "2" : "1");
        t->actual_start = t->actual_finish = t->deadline = PM_NO_DATE;
        t->percent_complete = -1;
        t->remaining = -1;
        t->budget = i ? 1000 : 500;
        t->daily_cost = i ? 200 : 100;
        t->duration = 5;
    }
    r->tasks[0].start = a0;
    r->tasks[0].finish = a1;
    r->tasks[1].start = b0;
    r->tasks[1].finish = b1;
}

static bool near(double a, double b)
{
    return fabs(a - b) < 1e-9;
}

/* 1. Earned value at two status dates, and without progress. */
static void test_earned_value(void)
{
    pm_run base, cur;
    pm_variance v;
    /* Baseline: a on 03-02..03-06, b on 03-09..03-13. */
    two_tasks(&base, D(2026, 3, 2), D(2026, 3, 6), D(2026, 3, 9),
              D(2026, 3, 13));
    /* Monday 03-09: a done as planned, b not started.
     * PV = 500 (all of a) + 0; EV = 500; AC = 5 days x 100 = 500. */
    two_tasks(&cur, D(2026, 3, 2), D(2026, 3, 6), D(2026, 3, 9),
              D(2026, 3, 13));
    cur.tracked = true;
    cur.status_date = D(2026, 3, 9);
    cur.tasks[0].actual_start = D(2026, 3, 2);
    cur.tasks[0].actual_finish = D(2026, 3, 6);
    if (ok(pm_variance_compute(&v, &cur, &base, "initial", NULL) == PM_OK,
           "variance on 03-09 computes")) {
        ok(near(v.bac, 1500) && near(v.pv, 500) && near(v.ev, 500) &&
               near(v.ac, 500),
           "BAC 1500, PV 500, EV 500, AC 500 (%g %g %g %g)", v.bac, v.pv,
           v.ev, v.ac);
        ok(v.has_spi && v.has_cpi && near(v.spi, 1) && near(v.cpi, 1) &&
               near(v.eac, 1500),
           "SPI 1, CPI 1, EAC 1500");
        pm_variance_reset(&v);
    }
    /* Wednesday 03-11: b started 03-09, 20% done, and now finishes
     * Monday 03-16. PV = 500 + 1000 x 2/5 (03-09, 03-10 of its five
     * days) = 900; EV = 500 + 20% x 1000 = 700; AC = 500 + 2 days x 200 =
     * 900; SPI = 7/9, CPI = 7/9, EAC = 1500 / (7/9). */
    cur.status_date = D(2026, 3, 11);
    cur.tasks[1].actual_start = D(2026, 3, 9);
    cur.tasks[1].percent_complete = 20;
    cur.tasks[1].finish = D(2026, 3, 16);
    if (ok(pm_variance_compute(&v, &cur, &base, "initial", NULL) == PM_OK,
           "variance on 03-11 computes")) {
        ok(near(v.pv, 900) && near(v.ev, 700) && near(v.ac, 900),
           "PV 900, EV 700, AC 900 (%g %g %g)", v.pv, v.ev, v.ac);
        ok(near(v.spi, 7.0 / 9) && near(v.cpi, 7.0 / 9) &&
               near(v.eac, 1500 * 9.0 / 7),
           "SPI and CPI 7/9, EAC 1928.57");
        is_int(v.tasks[1].finish_var, 1,
               "b finishes one working day after its baseline (Friday to "
               "Monday)");
        is_int(v.tasks[1].percent, 20, "b is 20%% done");
        pm_variance_reset(&v);
    }
    /* Without progress nothing is earned or spent that anyone knows. */
    cur.tracked = false;
    if (ok(pm_variance_compute(&v, &cur, &base, "initial", NULL) == PM_OK,
           "variance without progress computes")) {
        ok(!v.has_spi && !v.has_cpi && near(v.eac, v.bac),
           "no SPI, no CPI, EAC = BAC");
        pm_variance_reset(&v);
    }
    pm_run_reset(&base);
    pm_run_reset(&cur);
}

/* 2. Health by the stated rule: the finish against the baseline, a
 * deadline, SPI and CPI. */
static void test_health(void)
{
    pm_run base, cur;
    pm_variance v;
    two_tasks(&base, D(2026, 3, 2), D(2026, 3, 6), D(2026, 3, 9),
              D(2026, 3, 13));
    const struct {
        pm_date finish; /* b's, the project's */
        bool late;      /* a past its deadline */
        pm_health want;
        const char *why;
    } cases[] = {
        {D(2026, 3, 13), false, PM_GREEN,
         "on or before the baseline finish, no deadline missed"},
        /* Friday 03-13 to Friday 03-20: five working days. */
        {D(2026, 3, 20), false, PM_AMBER,
         "forecast finish 5 working days after the baseline"},
        {D(2026, 3, 23), false, PM_RED,
         "forecast finish 6 working days after the baseline"},
        {D(2026, 3, 13), true, PM_RED, "1 task past its deadline"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        two_tasks(&cur, D(2026, 3, 2), D(2026, 3, 6), D(2026, 3, 9),
                  cases[k].finish);
        cur.tasks[0].late = cases[k].late;
        if (ok(pm_variance_compute(&v, &cur, &base, "initial", NULL) ==
                   PM_OK,
               "case %zu computes", k + 1)) {
            is_int(v.health, cases[k].want, "case %zu: %s", k + 1,
                   pm_health_name(cases[k].want));
            is_str(v.health_why, cases[k].why, "case %zu: why", k + 1);
            pm_variance_reset(&v);
        }
        pm_run_reset(&cur);
    }
    /* On time, but earning 0.9 of the plan: amber; 0.8: red. */
    two_tasks(&cur, D(2026, 3, 2), D(2026, 3, 6), D(2026, 3, 9),
              D(2026, 3, 13));
    cur.tracked = true;
    cur.status_date = D(2026, 3, 9);
    cur.tasks[0].actual_start = D(2026, 3, 2);
    cur.tasks[0].percent_complete = 90; /* EV 450 of PV 500 */
    if (ok(pm_variance_compute(&v, &cur, &base, "initial", NULL) == PM_OK,
           "SPI case computes")) {
        ok(near(v.spi, 0.9) && v.health == PM_AMBER &&
               strstr(v.health_why, "SPI 0.90") != NULL,
           "SPI 0.90 is amber (%s)", v.health_why);
        pm_variance_reset(&v);
    }
    cur.tasks[0].percent_complete = 80;
    if (ok(pm_variance_compute(&v, &cur, &base, "initial", NULL) == PM_OK,
           "SPI case computes")) {
        ok(v.health == PM_RED && strstr(v.health_why, "SPI 0.80") != NULL,
           "SPI 0.80 is red (%s)", v.health_why);
        pm_variance_reset(&v);
    }
    pm_run_reset(&cur);
    pm_run_reset(&base);
    ok(pm_health_of_index(0.95) == PM_GREEN &&
           pm_health_of_index(0.9499) == PM_AMBER &&
           pm_health_of_index(0.85) == PM_AMBER &&
           pm_health_of_index(0.8499) == PM_RED,
       "SPI and CPI bands: 0.95 and 0.85 are the edges");
}

static pm_run capture(const char *text, pm_date status)
{
    pm_run r = {0};
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_yaml("runs.yaml", text, &diag);
    pm_schedule *s = NULL;
    pm_solve_opts o = PM_SOLVE_OPTS_INIT;
    o.use_milp = false;
    o.max_schedules = 300;
    if (p) {
        p->status_date = status;
    }
    if (p && pm_solve(&s, p, &o, &diag) == PM_OK) {
        pm_run_capture(&r, p, s, "t", "d");
    }
    pm_schedule_free(s);
    pm_project_free(p);
    pm_diag_reset(&diag);
    return r;
}

/* 2. A milestone slips because the task before it takes longer, and
 * because a person's new leave falls in a task's window: the explanation
 * names the task and the leave. */
static void test_explain(void)
{
    static const char *const fmt =
        "project: slips\nstart: 2026-03-02\n"
        "resources: [{ id: ann, name: Ann%s }]\n"
        "tasks:\n"
        "  - { id: build, duration: %s, needs: [{ resource: ann }] }\n"
        "  - { id: test, duration: 2d, after: [build],\n"
        "      needs: [{ resource: ann }] }\n"
        "  - { id: done, milestone: true, after: [test] }\n";
    char a[512], b[512], c[512];
    snprintf(a, sizeof a, fmt, "", "3d");
    snprintf(b, sizeof b, fmt, "", "5d");
    snprintf(c, sizeof c, fmt, ", vacations: [2026-03-05..2026-03-06]",
             "3d");
    pm_run prev = capture(a, D(2026, 3, 2));
    pm_run longer = capture(b, D(2026, 3, 2));
    pm_run leave = capture(c, D(2026, 3, 2));
    char **why = NULL;
    int done = pm_run_find_task(&prev, "done");
    if (ok(prev.n_tasks == 3 && longer.n_tasks == 3 && leave.n_tasks == 3 &&
               done >= 0,
           "three small runs are captured") &&
        ok(pm_explain_slips(&why, &prev, &longer) == PM_OK,
           "slips explain")) {
        ok(why[done] && strstr(why[done], "'build'") &&
               strstr(why[done], "moved 2 working days later"),
           "the milestone's slip names 'build', in working days (%s)",
           why[done] ? why[done] : "none");
        ok(why[pm_run_find_task(&prev, "build")] != NULL &&
               why[pm_run_find_task(&prev, "test")] != NULL,
           "and so do the tasks that moved");
        pm_explain_free(why, longer.n_tasks);
        why = NULL;
    }
    if (ok(pm_explain_slips(&why, &prev, &leave) == PM_OK,
           "slips from a leave explain")) {
        ok(why[done] && strstr(why[done], "Ann is on leave "
                                          "2026-03-05..2026-03-06"),
           "the milestone's slip names Ann's new leave (%s)",
           why[done] ? why[done] : "none");
        pm_explain_free(why, leave.n_tasks);
    }
    pm_run_reset(&prev);
    pm_run_reset(&longer);
    pm_run_reset(&leave);
}

int main(void)
{
    test_earned_value();
    test_health();
    test_explain();
    return tap_done();
}
