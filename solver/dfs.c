/* solver/dfs.c - complete depth-first search on start windows (dfs.h). */
#include "solver/dfs.h"

#include <stdlib.h>
#include <string.h>

#include "solver/heur.h"
#include "solver/propagate.h"

typedef struct {
    const pm_rcp *r;
    pm_prop *prop;
    int H;
    double deadline;
    pm_rcp_sol *sol;
    long nodes;
    bool out; /* time or memory ran out */
} dctx;

/* Searches below windows es/ls (owned by the caller, already propagated).
 * Returns true when a schedule was found. */
static bool search(dctx *c, const int *es, const int *ls)
{
    const pm_rcp *r = c->r;
    int n = r->n;
    if ((++c->nodes & 255) == 0 && pm_now() > c->deadline) {
        c->out = true;
    }
    if (c->out) {
        return false;
    }
    /* The unfixed activity with the least slack, the earliest of those
     * (fail first: measured on the open j30 instances, it proved 4 of 27
     * where earliest-start-first proved none). */
    int pick = -1;
    for (int j = 0; j < n; j++) {
        if (es[j] < ls[j] &&
            (pick < 0 || ls[j] - es[j] < ls[pick] - es[pick] ||
             (ls[j] - es[j] == ls[pick] - es[pick] && es[j] < es[pick]))) {
            pick = j;
        }
    }
    if (pick < 0) {
        memcpy(c->sol->start, es, (size_t)n * sizeof(int));
        pm_rcp_evaluate(r, c->sol);
        return pm_rcp_check(r, c->sol) == 0 && c->sol->makespan <= c->H;
    }
    int *w = malloc(2 * (size_t)n * sizeof(int));
    if (!w) {
        c->out = true;
        return false;
    }
    int *es2 = w, *ls2 = w + n;
    bool found = false;
    for (int branch = 0; branch < 2 && !found && !c->out; branch++) {
        memcpy(es2, es, (size_t)n * sizeof(int));
        memcpy(ls2, ls, (size_t)n * sizeof(int));
        if (branch == 0) {
            ls2[pick] = es2[pick]; /* start it as early as it can */
        } else {
            es2[pick] = es2[pick] + 1; /* or later */
        }
        if (pm_prop_windows(c->prop, es2, ls2)) {
            found = search(c, es2, ls2);
        }
    }
    free(w);
    return found;
}

pm_dfs_result pm_dfs_decide(const pm_rcp *r, int H, double deadline,
                            pm_rcp_sol *sol, long *nodes)
{
    dctx c = {r, pm_prop_new(r, H), H, deadline, sol, 0, false};
    int *w = malloc(2 * ((size_t)r->n + 1) * sizeof(int));
    *nodes = 0;
    if (!w || !c.prop) {
        free(w);
        pm_prop_free(c.prop);
        return PM_DFS_UNKNOWN;
    }
    int *es = w, *ls = w + r->n + 1;
    pm_dfs_result res = PM_DFS_NONE;
    if (pm_propagate(r, H, es, ls)) {
        res = search(&c, es, ls) ? PM_DFS_FOUND
              : c.out            ? PM_DFS_UNKNOWN
                                 : PM_DFS_NONE;
    }
    free(w);
    pm_prop_free(c.prop);
    *nodes = c.nodes;
    return res;
}
