/* solver/risk.c - Monte Carlo over three-point estimates (risk.h). */
#include "solver/risk.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/capacity.h"
#include "solver/clock.h"
#include "solver/float.h"
#include "solver/network.h"
#include "solver/rng.h"
#include "solver/sgs.h"
#include "solver/sort.h"

/* The runs' raw figures. */
typedef struct {
    int runs, failed, n;
    int *finish;   /* runs x n, a row per run: each task's finish slot (a
                      summary's: its last leaf's) */
    int *makespan; /* per run: the project's finish slot */
    int *critical; /* per task: runs in which it was critical */
    int *met;      /* per task: runs finishing by its deadline */
} pm_risk_sim;

bool pm_project_has_estimates(const pm_project *p)
{
    for (int i = 0; i < p->n_tasks; i++) {
        if (p->tasks[i].estimate[1] > 0) {
            return true;
        }
    }
    return false;
}

/* A standard normal draw (Box-Muller). */
static double normal(uint64_t *rng)
{
    double u = pm_rng_unit(rng), v = pm_rng_unit(rng);
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* A Gamma(a, 1) draw for a >= 1 (Marsaglia and Tsang). */
static double gamma_draw(uint64_t *rng, double a)
{
    double d = a - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x = normal(rng), v = 1.0 + c * x;
        if (v <= 0) {
            continue;
        }
        v = v * v * v;
        double u = pm_rng_unit(rng);
        if (log(u) < 0.5 * x * x + d - d * v + d * log(v)) {
            return d * v;
        }
    }
}

double pm_pert_sample(uint64_t *rng, double o, double m, double p)
{
    if (p <= o) {
        return o;
    }
    /* Beta(a, b) on [o, p] with mode m: a = 1 + 4 (m - o) / (p - o). */
    double a = 1 + 4 * (m - o) / (p - o), b = 1 + 4 * (p - m) / (p - o);
    double x = gamma_draw(rng, a), y = gamma_draw(rng, b);
    return o + (p - o) * x / (x + y);
}

static void sim_reset(pm_risk_sim *r)
{
    free(r->finish);
    free(r->makespan);
    free(r->critical);
    free(r->met);
    memset(r, 0, sizeof *r);
}

/* The finish slot of task i (-1: the project) that a share q of the runs
 * reach (nearest rank). */
static int quantile(const pm_risk_sim *r, int i, double q)
{
    if (r->runs == 0) {
        return 0;
    }
    int *v = malloc((size_t)r->runs * sizeof *v);
    if (!v) {
        return 0;
    }
    for (int k = 0; k < r->runs; k++) {
        v[k] = i < 0 ? r->makespan[k] : r->finish[(long)k * r->n + i];
    }
    qsort(v, (size_t)r->runs, sizeof *v, pm_cmp_int);
    int rank = (int)ceil(q * r->runs) - 1;
    rank = rank < 0 ? 0 : rank >= r->runs ? r->runs - 1 : rank;
    int out = v[rank];
    free(v);
    return out;
}

/* What a sample changes: per leaf, its planned duration, longest
 * duration and work, and the size its estimate refers to. */
typedef struct {
    int *dur, *dur_max;
    long *work;
    double *planned; /* slots of effort or duration; 0: not sampled */
} base;

static int keep_base(base *b, const pm_network *net, const pm_project *p)
{
    int n = net->n;
    b->dur = malloc(((size_t)n + 1) * sizeof *b->dur);
    b->dur_max = malloc(((size_t)n + 1) * sizeof *b->dur_max);
    b->work = malloc(((size_t)n + 1) * sizeof *b->work);
    b->planned = calloc((size_t)n + 1, sizeof *b->planned);
    if (!b->dur || !b->dur_max || !b->work || !b->planned) {
        return PM_ENOMEM;
    }
    memcpy(b->dur, net->dur, (size_t)n * sizeof *b->dur);
    memcpy(b->dur_max, net->dur_max, (size_t)n * sizeof *b->dur_max);
    memcpy(b->work, net->work, (size_t)n * sizeof *b->work);
    for (int j = 0; j < n; j++) {
        const pm_task *t = &p->tasks[j];
        bool done = p->tracked && pm_task_done(t);
        if (net->leaf[j] && t->estimate[1] > 0 && !done && net->dur[j] > 0) {
            b->planned[j] = t->effort > 0 ? t->effort / 100.0 : t->duration;
        }
    }
    return PM_OK;
}

static void free_base(base *b)
{
    free(b->dur);
    free(b->dur_max);
    free(b->work);
    free(b->planned);
}

/* Sets the network's durations for one sample. */
static void draw(pm_network *net, const pm_project *p, const base *b,
                 uint64_t *rng)
{
    for (int j = 0; j < net->n; j++) {
        if (b->planned[j] <= 0) {
            continue;
        }
        const int *e = p->tasks[j].estimate;
        double f = pm_pert_sample(rng, e[0], e[1], e[2]) / b->planned[j];
        int d = (int)lround(b->dur[j] * f);
        net->dur[j] = d < 1 ? 1 : d;
        d = (int)lround(b->dur_max[j] * f);
        net->dur_max[j] = d < net->dur[j] ? net->dur[j] : d;
        net->work[j] = b->work[j] > 0 ? lround(b->work[j] * f) : 0;
    }
}

/* Records run k of r from schedule res and its float. */
static void record(pm_risk_sim *r, int k, const pm_network *net,
                   const pm_project *p, const pm_sgs_result *res,
                   const pm_float *fl)
{
    int *row = r->finish + (long)k * r->n;
    for (int j = 0; j < r->n; j++) {
        row[j] = net->leaf[j] ? res->finish[j] : 0;
    }
    /* Summaries: their last leaf; children come after their parent. */
    for (int j = r->n - 1; j >= 0; j--) {
        int up = p->tasks[j].parent;
        if (up >= 0 && row[j] > row[up]) {
            row[up] = row[j];
        }
    }
    r->makespan[k] = res->makespan;
    bool *crit = calloc((size_t)r->n + 1, sizeof *crit);
    for (int j = r->n - 1; crit && j >= 0; j--) {
        const pm_task *t = &p->tasks[j];
        if (net->leaf[j]) {
            crit[j] = !(p->tracked && pm_task_done(t)) &&
                      fl->late[j] <= res->start[j];
            r->met[j] += net->due[j] != INT_MAX && res->finish[j] <= net->due[j];
        }
        r->critical[j] += crit[j];
        if (t->parent >= 0) {
            crit[t->parent] |= crit[j];
        }
    }
    free(crit);
}

static int simulate(pm_risk_sim *out, const pm_project *p,
                    const pm_schedule *plan, const pm_risk_opts *o,
                    pm_diag *diag)
{
    memset(out, 0, sizeof *out);
    /* The plan's solve reported the network's warnings already: only a
     * failure is passed on. */
    pm_network net;
    pm_diag own = PM_DIAG_INIT;
    int rc = pm_network_build(&net, p, &own);
    if (rc != PM_OK) {
        pm_diag_append(diag, &own);
    }
    pm_diag_reset(&own);
    if (rc != PM_OK) {
        return rc;
    }
    int n = net.n, runs = o->runs > 0 ? o->runs : 1000;
    base b = {0};
    pm_rstate *rs = pm_rstate_new(&net);
    long *key = malloc(((size_t)n + 1) * sizeof *key);
    bool *off = calloc((size_t)p->n_resources + 1, sizeof *off);
    out->n = n;
    out->finish = malloc(((size_t)runs * n + 1) * sizeof *out->finish);
    out->makespan = malloc(((size_t)runs + 1) * sizeof *out->makespan);
    out->critical = calloc((size_t)n + 1, sizeof *out->critical);
    out->met = calloc((size_t)n + 1, sizeof *out->met);
    rc = rs && key && off && out->finish && out->makespan && out->critical &&
                 out->met
             ? keep_base(&b, &net, p)
             : PM_ENOMEM;
    /* The plan's people: capacity it did not buy stays unbought. */
    for (int r = 0; rc == PM_OK && r < p->n_resources; r++) {
        off[r] = p->resources[r].outsourced_pool >= 0;
    }
    for (int a = 0; rc == PM_OK && a < plan->n_assignments; a++) {
        off[plan->assignments[a].resource] = false;
    }
    net.res_off = off;
    for (int j = 0; rc == PM_OK && j < n; j++) {
        key[j] = (long)plan->tasks[j].start * (n + 1) + j;
    }
    uint64_t rng = 0x9E3779B97F4A7C15ull ^ ((uint64_t)o->seed * 0xD1B54A32D192ED03ull);
    rng = rng ? rng : 1;
    for (int k = 0; rc == PM_OK && k < runs; k++) {
        draw(&net, p, &b, &rng);
        pm_sgs_result res = {0};
        pm_float fl = {0};
        pm_diag quiet = PM_DIAG_INIT;
        int r1 = pm_sgs_forward(&res, &net, rs, key, &quiet);
        if (r1 == PM_OK) {
            r1 = pm_float_compute(&fl, &net, rs, &res);
            if (r1 == PM_OK) {
                record(out, out->runs++, &net, p, &res, &fl);
            }
        } else if (r1 == PM_EINFEASIBLE) {
            out->failed++;
            r1 = PM_OK;
        }
        rc = r1;
        pm_float_reset(&fl);
        pm_sgs_result_reset(&res);
        pm_diag_reset(&quiet);
    }
    net.res_off = NULL;
    free_base(&b);
    free(key);
    free(off);
    pm_rstate_free(rs);
    pm_network_reset(&net);
    return rc;
}

int pm_risk_simulate(pm_outlook *out, const pm_project *p,
                     const pm_schedule *plan, const pm_risk_opts *o,
                     pm_diag *diag)
{
    memset(out, 0, sizeof *out);
    double t0 = pm_clock_now();
    pm_risk_sim r;
    int rc = simulate(&r, p, plan, o, diag);
    int n = r.n;
    out->tasks = calloc((size_t)n + 1, sizeof *out->tasks);
    out->hist_slot = malloc(((size_t)r.runs + 1) * sizeof *out->hist_slot);
    out->hist_runs = malloc(((size_t)r.runs + 1) * sizeof *out->hist_runs);
    int *sorted = malloc(((size_t)r.runs + 1) * sizeof *sorted);
    if (rc == PM_OK &&
        (!out->tasks || !out->hist_slot || !out->hist_runs || !sorted)) {
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK) {
        out->runs = r.runs;
        out->failed = r.failed;
        out->seed = o->seed;
        out->n_tasks = n;
        const double q[3] = {0.50, 0.80, 0.95};
        for (int i = -1; i < n; i++) {
            pm_outlook_task *t = i < 0 ? &out->finish : &out->tasks[i];
            int *at[3] = {&t->p50, &t->p80, &t->p95};
            for (int k = 0; k < 3; k++) {
                *at[k] = quantile(&r, i, q[k]);
            }
            if (i >= 0 && r.runs > 0) {
                t->critical = (double)r.critical[i] / r.runs;
                t->on_time = p->tasks[i].deadline == PM_NO_DATE
                                 ? -1
                                 : (double)r.met[i] / r.runs;
            }
        }
        memcpy(sorted, r.makespan, (size_t)r.runs * sizeof *sorted);
        qsort(sorted, (size_t)r.runs, sizeof *sorted, pm_cmp_int);
        for (int k = 0; k < r.runs; k++) {
            if (out->n_hist == 0 ||
                out->hist_slot[out->n_hist - 1] != sorted[k]) {
                out->hist_slot[out->n_hist] = sorted[k];
                out->hist_runs[out->n_hist++] = 0;
            }
            out->hist_runs[out->n_hist - 1]++;
        }
    }
    free(sorted);
    sim_reset(&r);
    if (rc != PM_OK) {
        pm_outlook_reset(out);
    }
    out->seconds = pm_clock_now() - t0;
    return rc;
}
