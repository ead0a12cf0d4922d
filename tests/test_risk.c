/* tests/test_risk.c - the Monte Carlo over three-point estimates: the PERT
 * sampler against its known distribution (mean, variance, and the whole
 * CDF by a Kolmogorov-Smirnov distance to the Beta density integrated
 * here), seeded runs that repeat, and a one-task project whose finish
 * quantiles and chance of meeting a deadline are worked out from that
 * distribution. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "solver/risk.h"
#include "solver/solve.h"
#include "tap.h"

/* The PERT(o, m, p) CDF at x, by Simpson's rule on the Beta density. */
static double pert_cdf(double o, double m, double p, double x)
{
    double a = 1 + 4 * (m - o) / (p - o), b = 1 + 4 * (p - m) / (p - o);
    double u = (x - o) / (p - o);
    if (u <= 0) {
        return 0;
    }
    if (u >= 1) {
        return 1;
    }
    const int n = 2000; /* even */
    double total = 0, part = 0;
    for (int pass = 0; pass < 2; pass++) {
        double hi = pass ? u : 1, h = hi / n, sum = 0;
        for (int k = 0; k <= n; k++) {
            double t = k * h;
            double f = pow(t, a - 1) * pow(1 - t, b - 1);
            sum += f * (k == 0 || k == n ? 1 : k % 2 ? 4 : 2);
        }
        *(pass ? &part : &total) = sum * h / 3;
    }
    return part / total;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_sampler(void)
{
    const double o = 2, m = 3, p = 10;
    enum { N = 100000 };
    double *x = malloc(N * sizeof *x);
    uint64_t rng = 12345;
    double sum = 0, sq = 0;
    bool inside = true;
    for (int k = 0; k < N; k++) {
        x[k] = pm_pert_sample(&rng, o, m, p);
        inside &= x[k] >= o && x[k] <= p;
        sum += x[k];
        sq += x[k] * x[k];
    }
    double mean = sum / N, var = sq / N - mean * mean;
    /* PERT: mean (o + 4m + p) / 6; variance (mean - o)(p - mean) / 7. */
    double want_mean = (o + 4 * m + p) / 6;
    double want_var = (want_mean - o) * (p - want_mean) / 7;
    ok(inside, "every draw lies in [optimistic, pessimistic]");
    ok(fabs(mean - want_mean) < 0.01,
       "mean %.4f, PERT's is %.4f", mean, want_mean);
    ok(fabs(var - want_var) < 0.02 * want_var,
       "variance %.4f, PERT's is %.4f", var, want_var);
    qsort(x, N, sizeof *x, cmp_double);
    double d = 0;
    for (int k = 0; k < N; k += 97) { /* a spread of points is enough */
        double f = pert_cdf(o, m, p, x[k]);
        double e1 = fabs((double)(k + 1) / N - f), e0 = fabs((double)k / N - f);
        d = fmax(d, fmax(e1, e0));
    }
    /* 1.63 / sqrt(N) is the 1% critical distance. */
    ok(d < 1.63 / sqrt(N), "Kolmogorov-Smirnov distance %.5f to the Beta "
       "CDF (1%% critical value %.5f)", d, 1.63 / sqrt(N));
    uint64_t r1 = 7, r2 = 7;
    bool same = true;
    for (int k = 0; k < 1000; k++) {
        same &= pm_pert_sample(&r1, o, m, p) == pm_pert_sample(&r2, o, m, p);
    }
    ok(same, "the same seed gives the same draws");
    ok(pm_pert_sample(&rng, 4, 4, 4) == 4, "a fixed estimate is that value");
    free(x);
}

/* One 5-day task with estimate 3d..5d..12d from Monday 2026-03-02, then a
 * milestone with a deadline: its finish quantiles and on-time chance. */
static void test_one_task(void)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_yaml(
        "one.yaml",
        "project: one\nstart: 2026-03-02\n"
        "calendar: { workdays: [mon, tue, wed, thu, fri, sat, sun] }\n"
        "resources: [{ id: ann }]\n"
        "tasks:\n"
        "  - { id: a, estimate: 3d..5d..12d, needs: [{ resource: ann }] }\n"
        "  - { id: m, milestone: true, after: [a], deadline: 2026-03-08 }\n",
        &diag);
    pm_schedule *s = NULL;
    pm_solve_opts so = PM_SOLVE_OPTS_INIT;
    so.use_milp = false;
    if (!ok(p && pm_solve(&s, p, &so, &diag) == PM_OK, "the task solves")) {
        pm_project_free(p);
        pm_diag_reset(&diag);
        return;
    }
    is_int(s->tasks[0].finish, 5, "the plan takes the most likely, 5 days");
    pm_risk_opts o = PM_RISK_OPTS_INIT;
    o.runs = 20000;
    o.seed = 3;
    pm_outlook out = {0}, again = {0};
    if (ok(pm_risk_simulate(&out, p, s, &o, &diag) == PM_OK &&
               out.runs == 20000,
           "20000 runs")) {
        /* A sample of x days lasts round(x) days, at least 1: the finish
         * is k days when x lies in [k - 0.5, k + 0.5). The q-quantile is
         * the least k whose cumulative share reaches q. */
        const double q[3] = {0.5, 0.8, 0.95};
        int want[3];
        for (int j = 0; j < 3; j++) {
            int k = 3;
            while (pert_cdf(3, 5, 12, k + 0.5) < q[j]) {
                k++;
            }
            want[j] = k;
        }
        ok(abs(out.tasks[0].p50 - want[0]) <= 0 &&
               abs(out.tasks[0].p80 - want[1]) <= 0 &&
               abs(out.tasks[0].p95 - want[2]) <= 0,
           "P50/P80/P95 %d/%d/%d days, from the distribution %d/%d/%d",
           out.tasks[0].p50, out.tasks[0].p80, out.tasks[0].p95, want[0],
           want[1], want[2]);
        is_int(out.finish.p80, out.tasks[1].p80,
               "the milestone and the project finish with the task");
        /* The deadline is the end of day 7: a task of up to 7 days. */
        double chance = pert_cdf(3, 5, 12, 7.5);
        ok(fabs(out.tasks[1].on_time - chance) < 0.015,
           "by its deadline in %.3f of runs; the distribution says %.3f",
           out.tasks[1].on_time, chance);
        ok(out.tasks[0].critical == 1.0 && out.tasks[1].on_time >= 0 &&
               out.tasks[0].on_time < 0,
           "the only task is always critical; only the milestone has a "
           "deadline");
        int hist = 0;
        for (int k = 0; k < out.n_hist; k++) {
            hist += out.hist_runs[k];
        }
        is_int(hist, out.runs, "the histogram counts every run");
        ok(pm_risk_simulate(&again, p, s, &o, &diag) == PM_OK &&
               again.finish.p80 == out.finish.p80 &&
               again.tasks[1].on_time == out.tasks[1].on_time &&
               again.n_hist == out.n_hist,
           "the same seed gives the same figures");
    }
    pm_outlook_reset(&out);
    pm_outlook_reset(&again);
    pm_schedule_free(s);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

int main(void)
{
    test_sampler();
    test_one_task();
    return tap_done();
}
