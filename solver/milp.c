/* solver/milp.c - time-indexed MILP of the aggregate problem with GLPK. */
#include "solver/milp.h"
#include "solver/propagate.h"
#include "solver/triplets.h"

#include <errno.h>
#include <fcntl.h>
#include <glpk.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A model for horizon H: windows, columns, and the GLPK problem. */
typedef struct {
    const pm_rcp *r;
    bool plain;     /* CPM windows only, no propagation */
    int H;          /* every activity finishes by H */
    int *es, *ls;   /* start windows */
    int *col0;      /* first column of activity j (1-based) */
    int ncols;      /* x columns + the makespan column */
    int cmax;       /* column of the makespan */
    glp_prob *lp;
    pm_triplets mat; /* the constraint matrix */
    int nrows;
} model;

static void model_reset(model *m)
{
    free(m->es);
    free(m->ls);
    free(m->col0);
    pm_triplets_reset(&m->mat);
    if (m->lp) {
        glp_delete_prob(m->lp);
    }
    memset(m, 0, sizeof *m);
}

/* Binaries of the model: the windows' slots (col0 set on the way). */
static long count_bins(model *m)
{
    long bins = 0;
    for (int j = 0; j < m->r->n; j++) {
        m->col0[j] = (int)bins + 1;
        bins += m->ls[j] - m->es[j] + 1;
    }
    return bins;
}

/* Windows for horizon H, narrowed by propagation and then, unless plain
 * or the model is over max_binaries anyway, by shaving (propagate.h) for
 * a third of the time left until deadline: a probe that refutes the first
 * or last part of a window cuts it, which can prove H infeasible before
 * any LP and leaves a smaller, tighter model. Returns false if some
 * window is empty (then no schedule finishes by H). */
static bool windows(model *m, long max_binaries, double deadline)
{
    const pm_rcp *r = m->r;
    if (!m->plain) {
        pm_prop *p = m->H >= 0 ? pm_prop_new(r, m->H, true) : NULL;
        if (!p) { /* H < 0, or short of memory: what pm_propagate can do */
            return pm_propagate(r, m->H, true, m->es, m->ls);
        }
        bool ok = pm_prop_root(p, m->es, m->ls);
        if (ok && count_bins(m) <= max_binaries) {
            double now = pm_clock_now();
            ok = pm_prop_shave(p, m->es, m->ls, now + (deadline - now) / 3);
        }
        pm_prop_free(p);
        return ok;
    }
    for (int k = r->n - 1; k >= 0; k--) {
        int j = r->topo[k];
        m->es[j] = r->es[j];
        long ls = (long)m->H - r->dur[j];
        for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
            long v = (long)m->ls[r->succ[e]] - r->succ_w[e];
            ls = v < ls ? v : ls;
        }
        m->ls[j] = (int)ls;
        if (ls < m->es[j]) {
            return false;
        }
    }
    return true;
}

static int col(const model *m, int j, int t)
{
    return m->col0[j] + (t - m->es[j]);
}

static bool add(model *m, int row, int c, double v)
{
    return pm_triplets_add(&m->mat, row, c, v);
}

static int new_row(model *m, int type, double lo, double hi)
{
    int row = glp_add_rows(m->lp, 1);
    glp_set_row_bnds(m->lp, row, type, lo, hi);
    m->nrows = row;
    return row;
}

/* Builds the model for horizon H, its windows shaved until deadline
 * unless plain. Returns 0, 1 if a window is empty (no schedule), 2 if
 * over the size cap, or PM_ENOMEM. */
static int model_build(model *m, const pm_rcp *r, int H, int lb,
                       long max_binaries, long max_nnz, bool plain,
                       double deadline)
{
    memset(m, 0, sizeof *m);
    m->r = r;
    m->plain = plain;
    m->H = H;
    size_t n = (size_t)r->n + 1;
    m->es = malloc(n * sizeof(int));
    m->ls = malloc(n * sizeof(int));
    m->col0 = malloc(n * sizeof(int));
    if (!m->es || !m->ls || !m->col0) {
        return PM_ENOMEM;
    }
    if (!windows(m, max_binaries, deadline)) {
        return 1;
    }
    long bins = count_bins(m);
    if (bins > max_binaries) {
        return 2;
    }
    m->lp = glp_create_prob();
    glp_set_obj_dir(m->lp, GLP_MIN);
    m->ncols = (int)bins + 1;
    m->cmax = m->ncols;
    glp_add_cols(m->lp, m->ncols);
    for (int c = 1; c < m->cmax; c++) {
        glp_set_col_kind(m->lp, c, GLP_BV);
    }
    glp_set_col_kind(m->lp, m->cmax, GLP_IV);
    glp_set_col_bnds(m->lp, m->cmax, GLP_DB, lb, H);
    glp_set_obj_coef(m->lp, m->cmax, 1.0);
    bool ok = true;
    /* Each activity starts once; the makespan covers every finish. */
    for (int j = 0; j < r->n && ok; j++) {
        int row = new_row(m, GLP_FX, 1, 1);
        for (int t = m->es[j]; t <= m->ls[j] && ok; t++) {
            ok = add(m, row, col(m, j, t), 1);
        }
        if (r->succ_start[j] == r->succ_start[j + 1] && ok) {
            row = new_row(m, GLP_LO, 0, 0);
            ok = add(m, row, m->cmax, 1);
            for (int t = m->es[j]; t <= m->ls[j] && ok; t++) {
                ok = add(m, row, col(m, j, t), -(double)(t + r->dur[j]));
            }
        }
    }
    /* The baseline uses the textbook aggregated precedence rows:
     * sum t x_jt - sum t x_it >= w. */
    for (int i = 0; m->plain && i < r->n && ok; i++) {
        for (int e = r->succ_start[i]; e < r->succ_start[i + 1] && ok; e++) {
            int j = r->succ[e];
            int row = new_row(m, GLP_LO, r->succ_w[e], 0);
            for (int t = m->es[j]; t <= m->ls[j] && ok; t++) {
                ok = add(m, row, col(m, j, t), t);
            }
            for (int t = m->es[i]; t <= m->ls[i] && ok; t++) {
                ok = add(m, row, col(m, i, t), -t);
            }
        }
    }
    /* Disaggregated precedences: j cannot have started by t unless i had
     * started by t - w. */
    for (int i = 0; !m->plain && i < r->n && ok; i++) {
        for (int e = r->succ_start[i]; e < r->succ_start[i + 1] && ok; e++) {
            int j = r->succ[e], w = r->succ_w[e];
            int from = m->es[j] > m->es[i] + w ? m->es[j] : m->es[i] + w;
            int to = m->ls[j] - 1 < m->ls[i] + w - 1 ? m->ls[j] - 1
                                                     : m->ls[i] + w - 1;
            for (int t = from; t <= to && ok; t++) {
                int row = new_row(m, GLP_UP, 0, 0);
                for (int s = m->es[j]; s <= t && ok; s++) {
                    ok = add(m, row, col(m, j, s), 1);
                }
                for (int s = m->es[i]; s <= t - w && ok; s++) {
                    ok = add(m, row, col(m, i, s), -1);
                }
                if (m->mat.nnz > max_nnz) {
                    return 2;
                }
            }
        }
    }
    /* Capacity per resource and slot, where it can bind. */
    for (int k = 0; k < r->n_res && ok; k++) {
        for (int t = 0; t < H && ok; t++) {
            long most = 0;
            for (int j = 0; j < r->n; j++) {
                int q = r->req[(long)j * r->n_res + k];
                if (q > 0 && m->es[j] <= t && t < m->ls[j] + r->dur[j]) {
                    most += q;
                }
            }
            int cap = pm_rcp_cap(r, k, t);
            if (most <= cap) {
                continue;
            }
            int row = new_row(m, GLP_UP, 0, cap);
            for (int j = 0; j < r->n && ok; j++) {
                int q = r->req[(long)j * r->n_res + k];
                if (q <= 0) {
                    continue;
                }
                int a = t - r->dur[j] + 1 > m->es[j] ? t - r->dur[j] + 1
                                                    : m->es[j];
                int b = t < m->ls[j] ? t : m->ls[j];
                for (int s = a; s <= b && ok; s++) {
                    ok = add(m, row, col(m, j, s), q);
                }
            }
            if (m->mat.nnz > max_nnz) {
                return 2;
            }
        }
    }
    if (!ok) {
        return PM_ENOMEM;
    }
    glp_load_matrix(m->lp, (int)m->mat.nnz, m->mat.ia, m->mat.ja,
                    m->mat.ar);
    return PM_OK;
}

/* LP relaxation feasibility for horizon H: 1 infeasible (proof that no
 * schedule finishes by H), 0 feasible or unknown, 2 over the cap. */
static int lp_infeasible(const pm_rcp *r, int H, int lb, double deadline,
                         long max_bins)
{
    model m;
    int rc = model_build(&m, r, H, lb, max_bins, 4 * max_bins + 200000,
                         false, deadline);
    if (rc != PM_OK) {
        model_reset(&m);
        return rc == 1 ? 1 : rc == 2 ? 2 : 0;
    }
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.presolve = GLP_ON;
    double left = deadline - pm_clock_now();
    if (left <= 0.01) {
        model_reset(&m);
        return 0;
    }
    sp.tm_lim = (int)(left * 1000);
    int ret = glp_simplex(m.lp, &sp);
    int infeasible = ret == GLP_ENOPFS ||
                     (ret == 0 && glp_get_status(m.lp) == GLP_NOFEAS);
    model_reset(&m);
    return infeasible;
}

/* Where the search reports what it finds: the parent's copy of the
 * incumbent and bound when GLPK runs in a child process. */
typedef struct {
    int fd;                  /* pipe to the parent, or -1 */
} sink;

static void sink_write(sink *k, const int *v, size_t n)
{
    const char *p = (const char *)v;
    size_t left = n * sizeof(int);
    while (k->fd >= 0 && left > 0) {
        ssize_t w = write(k->fd, p, left);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) {
                continue;
            }
            k->fd = -1;
            return;
        }
        p += w;
        left -= (size_t)w;
    }
}

enum { MSG_SOLUTION = 1, MSG_BOUND = 2, MSG_DONE = 3 };

static void sink_solution(sink *k, const pm_rcp_sol *s, int n)
{
    int head[3] = {MSG_SOLUTION, s->makespan, n};
    sink_write(k, head, 3);
    sink_write(k, s->start, (size_t)n);
}

static void sink_bound(sink *k, int bound)
{
    int msg[2] = {MSG_BOUND, bound};
    sink_write(k, msg, 2);
}

typedef struct {
    model *m;
    sink *out;
    int reported_bound;
    pm_heur *h;
    pm_rcp_sol *cand;
    int *list;
    long *key;
    double *x;
    pm_milp_result *res;
    int best_found;     /* makespan of the best schedule given to GLPK */
    double bound;       /* best bound seen in the tree */
    double deadline;
} cb_ctx;

static void lp_guided(cb_ctx *c, glp_tree *T)
{
    const pm_rcp *r = c->m->r;
    glp_prob *lp = glp_ios_get_prob(T);
    for (int j = 0; j < r->n; j++) {
        double e = 0;
        for (int t = c->m->es[j]; t <= c->m->ls[j]; t++) {
            e += t * glp_get_col_prim(lp, col(c->m, j, t));
        }
        c->key[j] = (long)llround(e * 1024.0);
    }
    if (pm_heur_order(r, c->key, c->list) != PM_OK ||
        pm_heur_sgs(c->h, c->list, c->cand) != PM_OK ||
        pm_heur_fbi(c->h, c->cand, NULL) != PM_OK) {
        return;
    }
    if (c->cand->lateness > 0 || c->cand->makespan > c->m->H ||
        c->cand->makespan >= c->best_found) {
        return;
    }
    for (int j = 0; j < r->n; j++) {
        if (c->cand->start[j] < c->m->es[j] || c->cand->start[j] > c->m->ls[j]) {
            return; /* outside the windows: not a point of this model */
        }
    }
    memset(c->x, 0, ((size_t)c->m->ncols + 1) * sizeof(double));
    for (int j = 0; j < r->n; j++) {
        c->x[col(c->m, j, c->cand->start[j])] = 1;
    }
    c->x[c->m->cmax] = c->cand->makespan;
    if (glp_ios_heur_sol(T, c->x) == 0) {
        c->best_found = c->cand->makespan;
        c->res->heur_accepted++;
        sink_solution(c->out, c->cand, r->n);
    }
}

/* GLPK found a better integer point: pass it on. */
static void report_bingo(cb_ctx *c, glp_tree *T)
{
    const pm_rcp *r = c->m->r;
    glp_prob *lp = glp_ios_get_prob(T);
    for (int j = 0; j < r->n; j++) {
        for (int t = c->m->es[j]; t <= c->m->ls[j]; t++) {
            if (glp_mip_col_val(lp, col(c->m, j, t)) > 0.5) {
                c->cand->start[j] = t;
                break;
            }
        }
    }
    pm_rcp_evaluate(r, c->cand);
    if (c->cand->makespan < c->best_found) {
        c->best_found = c->cand->makespan;
        sink_solution(c->out, c->cand, r->n);
    }
}

static void callback(glp_tree *T, void *info)
{
    cb_ctx *c = info;
    int best = glp_ios_best_node(T);
    if (best > 0) {
        double b = glp_ios_node_bound(T, best);
        if (b > c->bound) {
            c->bound = b;
            int ib = (int)ceil(b - 1e-6);
            if (ib > c->reported_bound) {
                c->reported_bound = ib;
                sink_bound(c->out, ib);
            }
        }
    }
    if (glp_ios_reason(T) == GLP_IBINGO) {
        report_bingo(c, T);
    }
    if (glp_ios_reason(T) == GLP_IHEUR && c->h) {
        lp_guided(c, T);
    }
    if (c->deadline > 0 && pm_clock_now() >= c->deadline) {
        c->res->time_limited = true;
        glp_ios_terminate(T);
    }
}

/* Reads the MIP solution of m into s. */
static void read_solution(const model *m, pm_rcp_sol *s)
{
    const pm_rcp *r = m->r;
    for (int j = 0; j < r->n; j++) {
        for (int t = m->es[j]; t <= m->ls[j]; t++) {
            if (glp_mip_col_val(m->lp, col(m, j, t)) > 0.5) {
                s->start[j] = t;
                break;
            }
        }
    }
    pm_rcp_evaluate(r, s);
}

/* The search itself; pm_milp_improve() has checked that inc has no
 * lateness and that there are activities. */
static int solve_here(const pm_rcp *r, pm_heur *h, pm_rcp_sol *inc, int lb,
                      const pm_milp_opts *o, pm_milp_result *res, sink *out)
{
    memset(res, 0, sizeof *res);
    res->lower_bound = lb;
    long max_bins = o->max_binaries > 0 ? o->max_binaries : 40000;
    glp_term_out(GLP_OFF);
    /* Destructive bounds: no schedule fits a horizon whose LP is
     * infeasible. A galloping search between lb and UB - 1: horizons lb,
     * lb + 2, lb + 6, lb + 14... while refuted (bounds lb + 1, lb + 3,
     * lb + 7...), then halving between the last two. The
     * LP is cheapest and most often refuted just above lb; a first probe
     * at the middle took all of the MILP's share unanswered on some
     * 120-activity instances (docs/benchmarks.md, "Shaving"). */
    int lo = lb, hi = inc->makespan - 1, step = 1;
    while (!o->plain && lo <= hi && pm_clock_now() < o->deadline) {
        int mid = lo + (hi - lo) / 2;
        if (step > 0 && lo + step - 1 < mid) {
            mid = lo + step - 1;
        }
        int v = lp_infeasible(r, mid, lb, o->deadline, max_bins);
        if (v == 2) {
            res->skipped = true;
            break;
        }
        if (v == 1) {
            lo = mid + 1;
            res->lower_bound = lo;
            sink_bound(out, lo);
            step *= 2;
        } else {
            hi = mid - 1;
            step = 0;
        }
    }
    if (res->lower_bound >= inc->makespan) {
        res->lower_bound = inc->makespan;
        res->proven = true;
        return PM_OK;
    }
    if (res->skipped || pm_clock_now() >= o->deadline) {
        res->time_limited = !res->skipped;
        return PM_OK;
    }
    double deadline = o->deadline;
    int gap = inc->makespan - res->lower_bound;
    if (!o->plain && o->wide_gap_deadline > 0 && gap > 2 &&
        gap * 100 > 3 * res->lower_bound) {
        res->wide_gap = true;
        deadline = o->wide_gap_deadline < deadline ? o->wide_gap_deadline
                                                   : deadline;
    }
    model m;
    /* The baseline asks for any schedule within the trivial horizon. */
    int H = o->plain ? r->horizon : inc->makespan - 1;
    int rc = model_build(&m, r, H, res->lower_bound, max_bins,
                         8 * max_bins + 400000, o->plain, deadline);
    if (rc == 1) {
        model_reset(&m);
        res->lower_bound = inc->makespan;
        res->proven = true;
        return PM_OK;
    }
    if (rc == 2) {
        model_reset(&m);
        res->skipped = true;
        return PM_OK;
    }
    if (rc != PM_OK) {
        model_reset(&m);
        return rc;
    }
    res->binaries = m.ncols - 1;
    res->rows = m.nrows;
    pm_rcp_sol cand = {0};
    cb_ctx c = {&m, out, res->lower_bound, o->plain ? NULL : h, &cand,
                NULL, NULL, NULL, res, inc->makespan, -1e30, deadline};
    c.list = malloc(((size_t)r->n + 1) * sizeof(int));
    c.key = malloc(((size_t)r->n + 1) * sizeof(long));
    c.x = malloc(((size_t)m.ncols + 1) * sizeof(double));
    if (!c.list || !c.key || !c.x || pm_rcp_sol_init(&cand, r->n) != PM_OK) {
        rc = PM_ENOMEM;
        goto done;
    }
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    double left = deadline - pm_clock_now();
    sp.tm_lim = left > 0 ? (int)(left * 1000) : 1;
    int ret = glp_simplex(m.lp, &sp);
    if (ret != 0 || glp_get_status(m.lp) == GLP_NOFEAS) {
        if (ret == 0) {
            res->lower_bound = inc->makespan;
            res->proven = true;
        } else {
            res->time_limited = true;
        }
        goto done;
    }
    glp_iocp ip;
    glp_init_iocp(&ip);
    ip.msg_lev = GLP_MSG_OFF;
    ip.cb_func = callback;
    ip.cb_info = &c;
    ip.mip_gap = 0.0;
    if (!o->plain) {
        /* GLPK's cuts cost more node time than they pruned here; its
         * default branching and backtracking did best (docs/benchmarks.md:
         * pseudocost branching and depth-first backtracking proved none
         * that the default could not). */
        ip.gmi_cuts = GLP_OFF;
        ip.mir_cuts = GLP_OFF;
        ip.cov_cuts = GLP_OFF;
        ip.clq_cuts = GLP_OFF;
    }
    left = deadline - pm_clock_now();
    /* GLPK looks at the clock between nodes only: leave it some room. */
    ip.tm_lim = left > 0 ? (int)(left * 900) : 1;
    ret = glp_intopt(m.lp, &ip);
    int st = glp_mip_status(m.lp);
    if (st == GLP_OPT || st == GLP_FEAS) {
        read_solution(&m, &cand);
        if (pm_rcp_better(&cand, inc)) {
            pm_rcp_sol_copy(inc, &cand, r->n);
            res->improved = true;
            sink_solution(out, inc, r->n);
        }
    }
    if (ret == 0 && st == GLP_OPT) {
        res->lower_bound = inc->makespan;
        res->proven = true;
    } else if (ret == 0 && st == GLP_NOFEAS) {
        res->lower_bound = inc->makespan;
        res->proven = true;
    } else {
        res->time_limited = true;
        int b = (int)ceil(c.bound - 1e-6);
        if (b > res->lower_bound) {
            res->lower_bound = b < inc->makespan ? b : inc->makespan;
        }
        res->proven = res->lower_bound >= inc->makespan;
    }
done:
    pm_rcp_sol_reset(&cand);
    free(c.list);
    free(c.key);
    free(c.x);
    model_reset(&m);
    return rc;
}

/* Reads exactly n ints; false at end of file or on error. */
static bool read_ints(int fd, int *v, size_t n)
{
    char *p = (char *)v;
    size_t left = n * sizeof(int);
    while (left > 0) {
        ssize_t got = read(fd, p, left);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return false;
        }
        p += got;
        left -= (size_t)got;
    }
    return true;
}

/* The child: solve, report everything through the pipe, exit. */
static void child_main(const pm_rcp *r, pm_heur *h, pm_rcp_sol *inc, int lb,
                       const pm_milp_opts *o, int fd)
{
    /* Nothing GLPK may print (even on a fatal error) reaches the user's
     * output: the parent reports what matters. */
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, STDOUT_FILENO);
        dup2(devnull, STDERR_FILENO);
        close(devnull);
    }
    sink out = {fd};
    pm_milp_result res;
    int rc = solve_here(r, h, inc, lb, o, &res, &out);
    int done[10] = {MSG_DONE, rc, res.lower_bound, res.proven,
                    res.time_limited, res.skipped, (int)res.binaries,
                    (int)res.rows, (int)res.heur_accepted, res.wide_gap};
    sink_write(&out, done, 10);
    _exit(0);
}

int pm_milp_improve(const pm_rcp *r, pm_heur *h, pm_rcp_sol *inc, int lb,
                    const pm_milp_opts *o, pm_milp_result *res)
{
    /* GLPK looks at the clock only between nodes and aborts the process
     * on internal errors, so it runs in a child: the parent keeps every
     * schedule and bound the child reports and stops it at the deadline. */
    int fds[2];
    memset(res, 0, sizeof *res);
    res->lower_bound = lb;
    if (inc->lateness > 0 || r->n == 0) {
        res->skipped = true;
        return PM_OK;
    }
    fflush(NULL);
    pid_t pid = -1;
    if (pipe(fds) == 0) {
        pid = fork();
        if (pid < 0) {
            close(fds[0]);
            close(fds[1]);
        }
    }
    if (pid < 0) {
        sink none = {-1};
        return solve_here(r, h, inc, lb, o, res, &none);
    }
    if (pid == 0) {
        close(fds[0]);
        child_main(r, h, inc, lb, o, fds[1]);
    }
    close(fds[1]);
    int *buf = malloc(((size_t)r->n + 16) * sizeof(int));
    bool finished = false;
    int rc = buf ? PM_OK : PM_ENOMEM;
    while (buf) {
        double left = o->deadline - pm_clock_now();
        struct pollfd pf = {fds[0], POLLIN, 0};
        int pr = left > 0 ? poll(&pf, 1, (int)(left * 1000) + 1) : 0;
        if (pr < 0 && errno == EINTR) {
            continue;
        }
        if (pr <= 0) {
            res->time_limited = true;
            break;
        }
        int type;
        if (!read_ints(fds[0], &type, 1)) {
            break;
        }
        if (type == MSG_SOLUTION) {
            int hd[2];
            if (!read_ints(fds[0], hd, 2) || hd[1] != r->n ||
                !read_ints(fds[0], buf, (size_t)r->n)) {
                break;
            }
            pm_rcp_sol cand = {buf, 0, 0};
            pm_rcp_evaluate(r, &cand);
            if (pm_rcp_better(&cand, inc) && pm_rcp_check(r, &cand) == 0) {
                pm_rcp_sol_copy(inc, &cand, r->n);
                res->improved = true;
                if (o->progress) {
                    o->progress(o->ctx, inc->makespan, res->lower_bound);
                }
            }
        } else if (type == MSG_BOUND) {
            int b;
            if (!read_ints(fds[0], &b, 1)) {
                break;
            }
            if (b > res->lower_bound) {
                res->lower_bound = b < inc->makespan ? b : inc->makespan;
                if (o->progress) {
                    o->progress(o->ctx, inc->makespan, res->lower_bound);
                }
            }
        } else if (type == MSG_DONE) {
            int d[9];
            if (!read_ints(fds[0], d, 9)) {
                break;
            }
            rc = d[0];
            if (d[1] > res->lower_bound) {
                res->lower_bound = d[1];
            }
            res->time_limited = d[3];
            res->skipped = d[4];
            res->binaries = d[5];
            res->rows = d[6];
            res->heur_accepted = d[7];
            res->wide_gap = d[8];
            finished = true;
            break;
        } else {
            break;
        }
    }
    if (!finished) {
        res->crashed = !res->time_limited;
        kill(pid, SIGKILL);
    }
    close(fds[0]);
    waitpid(pid, NULL, 0);
    free(buf);
    if (res->lower_bound > inc->makespan) {
        res->lower_bound = inc->makespan;
    }
    res->proven = res->lower_bound >= inc->makespan;
    return rc;
}
