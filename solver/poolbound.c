/* solver/poolbound.c - the pools' whole-slot bound (poolbound.h). */
#include "solver/poolbound.h"

#include <glpk.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "solver/clock.h"
#include "solver/triplets.h"

/* Seats each class gets beyond its count before a programme is called
 * infeasible: a hundredth of a person-slot, so that GLPK's tolerances
 * never refute a horizon that fits exactly. */
#define SLACK 1.0
/* Programmes larger than this many columns are left alone. */
#define MAX_COLUMNS 200000
/* Horizons beyond the pool's earliest start by more than this are not
 * tried. */
#define MAX_SPAN (1 << 22)

/* Effort-driven tasks alike: the same effort, seats and duration range. */
typedef struct {
    long effort;  /* seat-slots at full speed (100 seats a person) */
    int units;    /* seats held in every slot it runs */
    int dlo, dhi; /* whole slots with the fastest and the slowest people */
    long count;
} task_kind;

typedef struct {
    const pm_network *net;
    const pm_rstate *rs;
    const pm_pool *pool;
    int nc;          /* speed classes */
    int speed[101];  /* per class, percent (speeds are 1..100) */
    int *cls;        /* per member: its class, or -1 when it counts no seats */
    long named[101]; /* per class: seat-slots members' named needs hold */
    task_kind *kinds;
    int nk, kcap;
    long fixed;     /* seat-slots of fixed-duration pool needs */
    long work_only; /* effort of started effort-driven tasks */
    int from;       /* earliest start among the pool's tasks, or INT_MAX */
    long *cum;      /* seats of class c over [from, from + i) at i*nc + c */
    int cum_len;    /* entries i in cum */
    glp_prob *lp;
} pool_lp;

static int speed_class(pool_lp *pl, int v)
{
    for (int c = 0; c < pl->nc; c++) {
        if (pl->speed[c] == v) {
            return c;
        }
    }
    pl->speed[pl->nc] = v;
    return pl->nc++;
}

static int member_class(const pool_lp *pl, int r)
{
    for (int m = 0; m < pl->pool->n_members; m++) {
        if (pl->pool->members[m] == r) {
            return pl->cls[m];
        }
    }
    return -1;
}

static bool add_kind(pool_lp *pl, long effort, int units, int dlo, int dhi)
{
    for (int k = 0; k < pl->nk; k++) {
        task_kind *t = &pl->kinds[k];
        if (t->effort == effort && t->units == units && t->dlo == dlo &&
            t->dhi == dhi) {
            t->count++;
            return true;
        }
    }
    if (pl->nk == pl->kcap) {
        int cap = pl->kcap ? 2 * pl->kcap : 16;
        task_kind *v = realloc(pl->kinds, (size_t)cap * sizeof *v);
        if (!v) {
            return false;
        }
        pl->kinds = v;
        pl->kcap = cap;
    }
    pl->kinds[pl->nk++] = (task_kind){effort, units, dlo, dhi, 1};
    return true;
}

/* Collects what the tasks ask of the pool. Returns false when out of
 * memory. */
static bool collect(pool_lp *pl, int q)
{
    const pm_network *net = pl->net;
    for (int j = 0; j < net->n; j++) {
        if (!net->leaf[j] || net->n_needs[j] == 0 || net->dur[j] <= 0) {
            continue;
        }
        const pm_task *t = &net->p->tasks[j];
        int at = pm_net_earliest(net, j);
        /* Its length follows from its people (a started one counts its
         * effort only). */
        bool effort = pm_net_pool_effort(net, j);
        for (int k = 0; k < net->n_needs[j]; k++) {
            const pm_need *nd = &t->needs[k];
            if (nd->pool == q) {
                if (effort && net->actual[j] < 0) {
                    if (!add_kind(pl, net->work[j] / 100, nd->units,
                                  net->dur[j], net->dur_max[j])) {
                        return false;
                    }
                } else if (effort) {
                    pl->work_only += net->work[j] / 100;
                } else {
                    pl->fixed += (long)nd->units * net->dur[j];
                }
            } else if (nd->resource >= 0) {
                int c = member_class(pl, nd->resource);
                if (c < 0) {
                    continue;
                }
                pl->named[c] += (long)nd->units * net->dur[j];
            } else {
                continue;
            }
            pl->from = at < pl->from ? at : pl->from;
        }
    }
    return true;
}

/* Adds nc columns of seat-slots, one per class: each enters its class
 * row with 1, seats_row (if any) with 1 and work_row (if any) with the
 * class's speed. Returns false when out of memory. */
static bool add_class_columns(pool_lp *pl, pm_triplets *m, int seats_row,
                              int work_row)
{
    int c0 = glp_add_cols(pl->lp, pl->nc);
    bool ok = true;
    for (int c = 0; c < pl->nc && ok; c++) {
        glp_set_col_bnds(pl->lp, c0 + c, GLP_LO, 0, 0);
        ok = pm_triplets_add(m, c + 1, c0 + c, 1) &&
             (seats_row == 0 || pm_triplets_add(m, seats_row, c0 + c, 1)) &&
             (work_row == 0 ||
              pm_triplets_add(m, work_row, c0 + c, pl->speed[c] / 100.0));
    }
    return ok;
}

/* Builds the programme: class rows first (bounds set per horizon), then
 * per kind and duration D the share of its tasks lasting D (lambda) with
 * their seat-slots per class, which hold u x D seat-slots a task and do
 * its effort; then fixed-duration seat-slots and shared effort. Returns
 * false when out of memory. */
static bool build(pool_lp *pl)
{
    pm_triplets m = {0};
    bool ok = true;
    glp_prob *lp = glp_create_prob();
    pl->lp = lp;
    glp_add_rows(lp, pl->nc);
    for (int k = 0; k < pl->nk && ok; k++) {
        const task_kind *t = &pl->kinds[k];
        int count = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, count, GLP_FX, (double)t->count, (double)t->count);
        for (int d = t->dlo; d <= t->dhi && ok; d++) {
            int lambda = glp_add_cols(lp, 1);
            glp_set_col_bnds(lp, lambda, GLP_LO, 0, 0);
            int seats = glp_add_rows(lp, 2), work = seats + 1;
            glp_set_row_bnds(lp, seats, GLP_FX, 0, 0);
            glp_set_row_bnds(lp, work, GLP_LO, 0, 0);
            ok = pm_triplets_add(&m, count, lambda, 1) &&
                 pm_triplets_add(&m, seats, lambda, -(double)t->units * d) &&
                 pm_triplets_add(&m, work, lambda, -(double)t->effort) &&
                 add_class_columns(pl, &m, seats, work);
        }
    }
    if (ok && pl->fixed > 0) {
        int row = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, row, GLP_FX, (double)pl->fixed, (double)pl->fixed);
        ok = add_class_columns(pl, &m, row, 0);
    }
    if (ok && pl->work_only > 0) {
        int row = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, row, GLP_LO, (double)pl->work_only, 0);
        ok = add_class_columns(pl, &m, 0, row);
    }
    if (ok) {
        glp_load_matrix(lp, (int)m.nnz, m.ia, m.ja, m.ar);
        glp_scale_prob(lp, GLP_SF_AUTO);
    }
    pm_triplets_reset(&m);
    return ok;
}

/* Makes cum cover horizon H (H - from + 1 entries). Returns false when
 * out of memory. */
static bool seats_until(pool_lp *pl, int H)
{
    int need = H - pl->from + 1;
    if (need <= pl->cum_len) {
        return true;
    }
    long *v = realloc(pl->cum, (size_t)need * (size_t)pl->nc * sizeof *v);
    if (!v) {
        return false;
    }
    pl->cum = v;
    if (pl->cum_len == 0) {
        memset(v, 0, (size_t)pl->nc * sizeof *v);
        pl->cum_len = 1;
    }
    for (int i = pl->cum_len; i < need; i++) {
        long *row = v + (size_t)i * pl->nc, *prev = row - pl->nc;
        memcpy(row, prev, (size_t)pl->nc * sizeof *row);
        int s = pl->from + i - 1;
        for (int mb = 0; mb < pl->pool->n_members; mb++) {
            if (pl->cls[mb] >= 0) {
                row[pl->cls[mb]] +=
                    pm_capacity_seats(pl->rs, pl->pool->members[mb], s);
            }
        }
    }
    pl->cum_len = need;
    return true;
}

/* 1 when no schedule can finish the pool's tasks by slot H, 0 when the
 * programme is feasible or GLPK could not tell by deadline, -1 out of
 * memory. */
static int refuted(pool_lp *pl, int H, double deadline)
{
    if (H <= pl->from) {
        return 1; /* no seats at all before from: every task is after it */
    }
    if (!seats_until(pl, H)) {
        return -1;
    }
    const long *cap = pl->cum + (size_t)(H - pl->from) * pl->nc;
    for (int c = 0; c < pl->nc; c++) {
        double room = (double)(cap[c] - pl->named[c]) + SLACK;
        if (room < 0) {
            return 1;
        }
        glp_set_row_bnds(pl->lp, c + 1, GLP_UP, 0, room);
    }
    double left = deadline - pm_clock_now();
    if (left <= 0) {
        return 0;
    }
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.tm_lim = (int)(left * 1000) + 1;
    if (glp_simplex(pl->lp, &sp) != 0) {
        return 0;
    }
    return glp_get_status(pl->lp) == GLP_NOFEAS;
}

/* The pool's bound when above lo (a proven bound), else lo. Returns 0 or
 * PM_ENOMEM. */
static int pool_bound(pool_lp *pl, int lo, double deadline, int *out)
{
    *out = lo;
    long cols = 2L * pl->nc;
    for (int k = 0; k < pl->nk; k++) {
        cols += (long)(pl->kinds[k].dhi - pl->kinds[k].dlo + 1) * (pl->nc + 1);
    }
    if (pl->nc == 0 || pl->from == INT_MAX || cols > MAX_COLUMNS) {
        return PM_OK;
    }
    if (!build(pl)) {
        return PM_ENOMEM;
    }
    /* Gallop up from lo while refuted, then halve: every horizon up to
     * bad is refuted (capacity only grows with H), good is not. */
    int bad = lo - 1, good = -1, step = 1;
    while (good < 0 && pm_clock_now() < deadline) {
        long H = (long)lo + step - 1;
        if (H - pl->from > MAX_SPAN) {
            break;
        }
        int v = refuted(pl, (int)H, deadline);
        if (v < 0) {
            return PM_ENOMEM;
        }
        if (v) {
            bad = (int)H;
            step *= 2;
        } else {
            good = (int)H;
        }
    }
    while (good > bad + 1 && pm_clock_now() < deadline) {
        int mid = bad + (good - bad) / 2;
        int v = refuted(pl, mid, deadline);
        if (v < 0) {
            return PM_ENOMEM;
        }
        if (v) {
            bad = mid;
        } else {
            good = mid;
        }
    }
    *out = bad + 1 > lo ? bad + 1 : lo;
    return PM_OK;
}

int pm_poolbound_raise(const pm_network *net, const pm_rstate *rs,
                       double deadline, int *bound)
{
    const pm_project *p = net->p;
    int best = *bound, rc = PM_OK;
    int term = glp_term_out(GLP_OFF); /* library code never prints */
    for (int q = 0; q < p->n_pools && rc == PM_OK; q++) {
        const pm_pool *pool = &p->pools[q];
        pool_lp pl = {.net = net, .rs = rs, .pool = pool, .from = INT_MAX};
        pl.cls = malloc(((size_t)pool->n_members + 1) * sizeof *pl.cls);
        if (!pl.cls) {
            rc = PM_ENOMEM;
            break;
        }
        for (int m = 0; m < pool->n_members; m++) {
            int r = pool->members[m];
            pl.cls[m] =
                pm_net_seats(net, r) > 0
                    ? speed_class(&pl, pm_resource_speed(&p->resources[r]))
                    : -1;
        }
        int got = best;
        if (!collect(&pl, q)) {
            rc = PM_ENOMEM;
        } else {
            rc = pool_bound(&pl, best, deadline, &got);
        }
        best = got > best ? got : best;
        if (pl.lp) {
            glp_delete_prob(pl.lp);
        }
        free(pl.cls);
        free(pl.kinds);
        free(pl.cum);
    }
    glp_term_out(term);
    if (rc == PM_OK) {
        *bound = best;
    }
    return rc;
}
