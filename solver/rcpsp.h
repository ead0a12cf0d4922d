/* solver/rcpsp.h - the aggregate scheduling problem the engine optimises
 * (internal to the solver).
 *
 * Activities are the leaf tasks. Resources are the pools (capacity per slot
 * = sum of members' seats, vacations removed) and the people that tasks
 * name directly (their own seats). A named need also counts on each of the
 * person's pools, and a person in two pools counts fully in both; an
 * effort-driven activity lasts the shortest time the fastest people could
 * take (network.h): so this problem is a relaxation of the person-level
 * one, and its lower bounds hold for the project. Precedences are minimum
 * start-to-start distances from the network (solver/network.h).
 *
 * Capacities vary per slot up to cap_len; from there on they stay at
 * cap_base, so every schedule can be completed by waiting long enough. */
#ifndef PM_RCPSP_H
#define PM_RCPSP_H

#include <stdbool.h>

#include "solver/network.h"

typedef struct {
    int n;          /* activities */
    int *task;      /* activity -> task index in the project */
    int *dur;       /* slots */
    int *rel;       /* earliest start (release, fixed start) */
    int *due;       /* latest finish without lateness, INT_MAX if none */
    long *weight;   /* lateness cost per slot late */
    int *pred_start, *pred, *pred_w; /* CSR: S_j >= S_pred + w */
    int *succ_start, *succ, *succ_w; /* CSR: S_succ >= S_j + w */
    int *topo;      /* a topological order */
    int n_res;
    int *cap_base;  /* per resource */
    int *cap;       /* n_res x cap_len, row-major */
    int cap_len;
    int *req;       /* n x n_res, row-major; 0 when not needed */
    /* The same demands as lists (CSR): activity j needs need_q[e] of
     * resource need_res[e] for e in [need_start[j], need_start[j + 1]). */
    int *need_start, *need_res, *need_q;
    int *res_of;    /* resource -> pool index (< n_pools) or person index */
    int n_pools;
    int *es, *ls;   /* CPM with horizon cpm (deadlines ignored) */
    int cpm;        /* critical path length */
    int horizon;    /* enough slots for any schedule the heuristics build */
} pm_rcp;

/* Builds the aggregate problem from a built network. Returns 0 or
 * PM_ENOMEM. */
int pm_rcp_build(pm_rcp *r, const pm_network *net);
void pm_rcp_reset(pm_rcp *r);

/* Capacity of resource k at slot t. */
static inline int pm_rcp_cap(const pm_rcp *r, int k, int t)
{
    return t < r->cap_len ? r->cap[(long)k * r->cap_len + t]
                          : r->cap_base[k];
}

/* The earliest start of activity a: its critical-path start, or its
 * release when later. */
static inline int pm_rcp_earliest(const pm_rcp *r, int a)
{
    return r->es[a] > r->rel[a] ? r->es[a] : r->rel[a];
}

/* A schedule of the aggregate problem and its objective. */
typedef struct {
    int *start;     /* per activity */
    int makespan;
    long lateness;  /* sum of weight x slots late */
} pm_rcp_sol;

int pm_rcp_sol_init(pm_rcp_sol *s, int n);
void pm_rcp_sol_reset(pm_rcp_sol *s);
void pm_rcp_sol_copy(pm_rcp_sol *dst, const pm_rcp_sol *src, int n);
/* Recomputes makespan and lateness from start. */
void pm_rcp_evaluate(const pm_rcp *r, pm_rcp_sol *s);
/* true if a is better: less lateness, then a shorter makespan. */
bool pm_rcp_better(const pm_rcp_sol *a, const pm_rcp_sol *b);
/* Checks precedences and capacity of s; returns the number of
 * violations (0 for a feasible schedule). */
int pm_rcp_check(const pm_rcp *r, const pm_rcp_sol *s);

/* Energy bound: the work on each resource over its capacity. */
int pm_rcp_energy_bound(const pm_rcp *r);
/* The lateness no schedule avoids: the larger of each activity finishing
 * at its earliest (critical path, release) with its shortest duration,
 * against its deadline, and, per resource, the activities that need more
 * than half of it done one after another. Also a floor for the person
 * level, whose durations are no shorter. */
long pm_rcp_lateness_floor(const pm_rcp *r);

#endif
