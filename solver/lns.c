/* solver/lns.c - window neighbourhoods re-optimised with GLPK. */
#include "solver/lns.h"

#include <glpk.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "solver/triplets.h"

#define MAX_FREE 40
#define SLACK 8 /* slots a freed activity may move right of where it is */

typedef struct {
    const pm_rcp *r;
    const pm_rcp_sol *cur;
    int *freed;      /* activities freed in this step */
    int nf;
    int *pos;        /* activity -> index in freed, or -1 */
    int *lo, *hi;    /* start windows of the freed */
    int *col0;
    int *resid;      /* n_res x span: capacity the fixed ones leave */
    int t0, span;    /* slots covered by resid: [t0, t0 + span) */
    pm_triplets mat; /* the neighbourhood's constraint matrix */
} hood;

static bool push(hood *h, int row, int col, double v)
{
    return pm_triplets_add(&h->mat, row, col, v);
}

/* Picks the activities starting in a window around a random slot. */
static void choose(hood *h, uint64_t *rng)
{
    const pm_rcp *r = h->r;
    *rng ^= *rng >> 12;
    *rng ^= *rng << 25;
    *rng ^= *rng >> 27;
    uint64_t x = *rng * 2685821657736338717ull;
    int ms = h->cur->makespan > 0 ? h->cur->makespan : 1;
    int a = (int)((x >> 33) % (uint64_t)ms);
    h->nf = 0;
    /* Grow the window to the right until MAX_FREE activities are in it. */
    for (int w = 1; h->nf < MAX_FREE && w <= 4 * ms; w *= 2) {
        h->nf = 0;
        for (int j = 0; j < r->n && h->nf < MAX_FREE; j++) {
            int s = h->cur->start[j];
            if (s >= a && s < a + w && r->dur[j] > 0) {
                h->freed[h->nf++] = j;
            }
        }
        if (a + w >= ms) {
            break;
        }
    }
}

/* Windows and residual capacity; false if the step is not worth it. */
static bool frame(hood *h)
{
    const pm_rcp *r = h->r;
    const int *S = h->cur->start;
    for (int j = 0; j < r->n; j++) {
        h->pos[j] = -1;
    }
    for (int f = 0; f < h->nf; f++) {
        h->pos[h->freed[f]] = f;
    }
    int lo_all = INT_MAX, hi_all = 0;
    for (int f = 0; f < h->nf; f++) {
        int j = h->freed[f];
        int lo = r->rel[j], hi = S[j] + SLACK;
        for (int e = r->pred_start[j]; e < r->pred_start[j + 1]; e++) {
            int p = r->pred[e];
            if (h->pos[p] < 0) {
                int v = S[p] + r->pred_w[e];
                lo = v > lo ? v : lo;
            } else {
                /* a freed predecessor can move left by its own slack */
                int v = r->es[p] + r->pred_w[e];
                lo = v > lo ? v : lo;
            }
        }
        for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
            int k = r->succ[e];
            if (h->pos[k] < 0) {
                int v = S[k] - r->succ_w[e];
                hi = v < hi ? v : hi;
            }
        }
        if (hi < S[j]) {
            hi = S[j]; /* the current place always stays possible */
        }
        if (lo > S[j]) {
            lo = S[j];
        }
        h->lo[f] = lo;
        h->hi[f] = hi;
        lo_all = lo < lo_all ? lo : lo_all;
        int end = hi + r->dur[j];
        hi_all = end > hi_all ? end : hi_all;
    }
    if (h->nf < 2) {
        return false;
    }
    h->t0 = lo_all;
    h->span = hi_all - lo_all;
    free(h->resid);
    h->resid = malloc(((size_t)r->n_res * (size_t)h->span + 1) * sizeof(int));
    if (!h->resid) {
        return false;
    }
    for (int k = 0; k < r->n_res; k++) {
        for (int t = 0; t < h->span; t++) {
            h->resid[(long)k * h->span + t] = pm_rcp_cap(r, k, h->t0 + t);
        }
    }
    for (int j = 0; j < r->n; j++) {
        if (h->pos[j] >= 0) {
            continue;
        }
        int a = S[j] > h->t0 ? S[j] : h->t0;
        int b = S[j] + r->dur[j] < h->t0 + h->span ? S[j] + r->dur[j]
                                                    : h->t0 + h->span;
        for (int k = 0; k < r->n_res && a < b; k++) {
            int q = r->req[(long)j * r->n_res + k];
            for (int t = a; q && t < b; t++) {
                h->resid[(long)k * h->span + (t - h->t0)] -= q;
            }
        }
    }
    return true;
}

/* Builds and solves the neighbourhood; writes new starts into out.
 * Returns true if GLPK found a solution. */
static bool solve_hood(hood *h, int *out, double deadline)
{
    const pm_rcp *r = h->r;
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    int ncols = 0;
    for (int f = 0; f < h->nf; f++) {
        h->col0[f] = ncols + 1;
        ncols += h->hi[f] - h->lo[f] + 1;
    }
    glp_add_cols(lp, ncols);
    h->mat.nnz = 0;
    bool ok = true;
    int row = 0;
    for (int f = 0; f < h->nf && ok; f++) {
        row = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, row, GLP_FX, 1, 1);
        for (int t = h->lo[f]; t <= h->hi[f] && ok; t++) {
            int c = h->col0[f] + t - h->lo[f];
            glp_set_col_kind(lp, c, GLP_BV);
            glp_set_obj_coef(lp, c, t);
            ok = push(h, row, c, 1);
        }
    }
    /* Precedences among the freed (aggregated form). */
    for (int f = 0; f < h->nf && ok; f++) {
        int i = h->freed[f];
        for (int e = r->succ_start[i]; e < r->succ_start[i + 1] && ok; e++) {
            int g = h->pos[r->succ[e]];
            if (g < 0) {
                continue;
            }
            row = glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, row, GLP_LO, r->succ_w[e], 0);
            for (int t = h->lo[g]; t <= h->hi[g] && ok; t++) {
                ok = push(h, row, h->col0[g] + t - h->lo[g], t);
            }
            for (int t = h->lo[f]; t <= h->hi[f] && ok; t++) {
                ok = push(h, row, h->col0[f] + t - h->lo[f], -t);
            }
        }
    }
    /* Residual capacity. */
    for (int k = 0; k < r->n_res && ok; k++) {
        for (int t = h->t0; t < h->t0 + h->span && ok; t++) {
            long most = 0;
            for (int f = 0; f < h->nf; f++) {
                int j = h->freed[f];
                int q = r->req[(long)j * r->n_res + k];
                if (q && h->lo[f] <= t && t < h->hi[f] + r->dur[j]) {
                    most += q;
                }
            }
            int cap = h->resid[(long)k * h->span + (t - h->t0)];
            if (most <= cap) {
                continue;
            }
            row = glp_add_rows(lp, 1);
            glp_set_row_bnds(lp, row, GLP_UP, 0, cap < 0 ? 0 : cap);
            for (int f = 0; f < h->nf && ok; f++) {
                int j = h->freed[f];
                int q = r->req[(long)j * r->n_res + k];
                for (int s = t - r->dur[j] + 1; q && s <= t && ok; s++) {
                    if (s >= h->lo[f] && s <= h->hi[f]) {
                        ok = push(h, row, h->col0[f] + s - h->lo[f], q);
                    }
                }
            }
        }
    }
    bool found = false;
    double left = deadline - pm_clock_now();
    if (ok && left > 0.02) {
        glp_load_matrix(lp, (int)h->mat.nnz, h->mat.ia, h->mat.ja,
                        h->mat.ar);
        glp_iocp ip;
        glp_init_iocp(&ip);
        ip.msg_lev = GLP_MSG_OFF;
        ip.presolve = GLP_ON;
        ip.tm_lim = (int)((left < 0.3 ? left : 0.3) * 1000);
        int ret = glp_intopt(lp, &ip);
        int st = glp_mip_status(lp);
        if ((ret == 0 || ret == GLP_ETMLIM) &&
            (st == GLP_OPT || st == GLP_FEAS)) {
            for (int f = 0; f < h->nf; f++) {
                for (int t = h->lo[f]; t <= h->hi[f]; t++) {
                    if (glp_mip_col_val(lp, h->col0[f] + t - h->lo[f]) >
                        0.5) {
                        out[h->freed[f]] = t;
                    }
                }
            }
            found = true;
        }
    }
    glp_delete_prob(lp);
    return found;
}

int pm_lns_run(const pm_rcp *r, pm_heur *heur, pm_rcp_sol *best,
               double deadline, uint64_t seed, pm_lns_stats *st)
{
    memset(st, 0, sizeof *st);
    if (r->n < 2) {
        return PM_OK;
    }
    size_t n = (size_t)r->n + 1;
    hood h = {0};
    h.r = r;
    h.cur = best;
    h.freed = malloc(n * sizeof(int));
    h.pos = malloc(n * sizeof(int));
    h.lo = malloc(n * sizeof(int));
    h.hi = malloc(n * sizeof(int));
    h.col0 = malloc(n * sizeof(int));
    int *starts = malloc(n * sizeof(int));
    long *key = malloc(n * sizeof(long));
    int *list = malloc(n * sizeof(int));
    pm_rcp_sol cand = {0};
    int rc = PM_OK;
    if (!h.freed || !h.pos || !h.lo || !h.hi || !h.col0 || !starts ||
        !key || !list || pm_rcp_sol_init(&cand, r->n) != PM_OK) {
        rc = PM_ENOMEM;
        goto done;
    }
    glp_term_out(GLP_OFF);
    uint64_t rng = seed * 0x9E3779B97F4A7C15ull + 1;
    while (pm_clock_now() < deadline) {
        choose(&h, &rng);
        if (!frame(&h)) {
            continue;
        }
        memcpy(starts, best->start, (size_t)r->n * sizeof(int));
        st->steps++;
        if (!solve_hood(&h, starts, deadline)) {
            continue;
        }
        /* Re-left-justify everything in the new start order. */
        for (int j = 0; j < r->n; j++) {
            key[j] = (long)starts[j] * (r->n + 1) + j;
        }
        if ((rc = pm_heur_order(r, key, list)) != PM_OK ||
            (rc = pm_heur_sgs(heur, list, &cand)) != PM_OK ||
            (rc = pm_heur_fbi(heur, &cand, NULL)) != PM_OK) {
            goto done;
        }
        if (!pm_rcp_better(best, &cand)) {
            st->accepted++;
            st->improved += pm_rcp_better(&cand, best);
            pm_rcp_sol_copy(best, &cand, r->n);
        }
    }
done:
    free(h.freed);
    free(h.pos);
    free(h.lo);
    free(h.hi);
    free(h.col0);
    free(h.resid);
    pm_triplets_reset(&h.mat);
    free(starts);
    free(key);
    free(list);
    pm_rcp_sol_reset(&cand);
    return rc;
}
