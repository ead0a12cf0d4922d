/* solver/dfs.c - complete depth-first search on start windows (dfs.h). */
#include "solver/dfs.h"

#include <stdlib.h>
#include <string.h>

#include "solver/heur.h"
#include "solver/propagate.h"

/* Each level of the stack holds two windows per activity; the search
 * gives up (no answer) rather than hold more than this. */
enum { MAX_STACK_BYTES = 64 << 20 };

typedef struct {
    int pick;   /* the activity decided at this node, -1 before choosing */
    int branch; /* the next branch to try: 0 fix, 1 postpone, 2 done */
} frame;

struct pm_dfs {
    const pm_rcp *r;
    pm_prop *prop;
    int H;
    frame *st;  /* the path from the root */
    int *win;   /* per level: es then ls, 2n ints */
    int depth;  /* levels on the stack; 0 when the search is over */
    int cap;    /* levels allocated */
    pm_dfs_result done; /* the answer once known, else PM_DFS_UNKNOWN */
};

static int *es_at(pm_dfs *d, int level)
{
    return d->win + (size_t)level * 2 * (size_t)d->r->n;
}

static bool grow(pm_dfs *d)
{
    if (d->depth < d->cap) {
        return true;
    }
    size_t n = (size_t)d->r->n;
    size_t level = 2 * n * sizeof(int) + sizeof(frame);
    int cap = d->cap ? 2 * d->cap : 64;
    if ((size_t)cap * level > MAX_STACK_BYTES) {
        return false;
    }
    frame *st = realloc(d->st, (size_t)cap * sizeof *st);
    if (!st) {
        return false;
    }
    d->st = st;
    int *win = realloc(d->win, (size_t)cap * 2 * n * sizeof(int) + 1);
    if (!win) {
        return false;
    }
    d->win = win;
    d->cap = cap;
    return true;
}

pm_dfs *pm_dfs_new(const pm_rcp *r, int H)
{
    pm_dfs *d = calloc(1, sizeof *d);
    if (!d) {
        return NULL;
    }
    d->r = r;
    d->H = H;
    d->done = PM_DFS_UNKNOWN;
    d->prop = pm_prop_new(r, H);
    if (!d->prop || !grow(d)) {
        pm_dfs_free(d);
        return NULL;
    }
    int *es = es_at(d, 0);
    if (pm_propagate(r, H, es, es + r->n)) {
        d->st[0] = (frame){-1, 0};
        d->depth = 1;
    } else {
        d->done = PM_DFS_NONE;
    }
    return d;
}

void pm_dfs_free(pm_dfs *d)
{
    if (!d) {
        return;
    }
    pm_prop_free(d->prop);
    free(d->st);
    free(d->win);
    free(d);
}

int pm_dfs_horizon(const pm_dfs *d)
{
    return d->H;
}

/* The unfixed activity with the least slack, the earliest of those (fail
 * first: measured on the open j30 instances, it proved 4 of 27 where
 * earliest-start-first proved none); -1 when all are fixed. */
static int choose(int n, const int *es, const int *ls)
{
    int pick = -1;
    for (int j = 0; j < n; j++) {
        if (es[j] < ls[j] &&
            (pick < 0 || ls[j] - es[j] < ls[pick] - es[pick] ||
             (ls[j] - es[j] == ls[pick] - es[pick] && es[j] < es[pick]))) {
            pick = j;
        }
    }
    return pick;
}

pm_dfs_result pm_dfs_run(pm_dfs *d, double deadline, pm_rcp_sol *sol,
                         long *nodes)
{
    const pm_rcp *r = d->r;
    int n = r->n;
    *nodes = 0;
    if (d->done == PM_DFS_FOUND) { /* answered before: the stack's top */
        memcpy(sol->start, es_at(d, d->depth - 1), (size_t)n * sizeof(int));
        pm_rcp_evaluate(r, sol);
    }
    while (d->done == PM_DFS_UNKNOWN) {
        if (d->depth == 0) {
            d->done = PM_DFS_NONE; /* every branch refuted */
            break;
        }
        if (((*nodes + 1) & 255) == 0 && pm_now() > deadline) {
            return PM_DFS_UNKNOWN;
        }
        ++*nodes;
        frame *f = &d->st[d->depth - 1];
        int *es = es_at(d, d->depth - 1), *ls = es + n;
        if (f->pick < 0) {
            f->pick = choose(n, es, ls);
            if (f->pick < 0) { /* all fixed: a schedule */
                memcpy(sol->start, es, (size_t)n * sizeof(int));
                pm_rcp_evaluate(r, sol);
                if (pm_rcp_check(r, sol) == 0 && sol->makespan <= d->H) {
                    d->done = PM_DFS_FOUND;
                    break;
                }
                d->depth--;
                continue;
            }
        }
        if (f->branch >= 2) {
            d->depth--;
            continue;
        }
        if (!grow(d)) {
            return PM_DFS_UNKNOWN; /* too deep for memory: no answer */
        }
        f = &d->st[d->depth - 1]; /* grow may have moved the stack */
        es = es_at(d, d->depth - 1);
        ls = es + n;
        int *es2 = es_at(d, d->depth), *ls2 = es2 + n;
        memcpy(es2, es, 2 * (size_t)n * sizeof(int));
        if (f->branch++ == 0) {
            ls2[f->pick] = es2[f->pick]; /* start it as early as it can */
        } else {
            es2[f->pick] += 1; /* or later */
        }
        if (pm_prop_windows(d->prop, es2, ls2)) {
            d->st[d->depth++] = (frame){-1, 0};
        }
    }
    return d->done;
}
