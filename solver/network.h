/* solver/network.h - the precedence network over leaf tasks (internal).
 *
 * Every dependency becomes minimum start-to-start distances between leaf
 * tasks: S_b >= S_a + w with w = d_a + lag (FS), lag (SS), d_a - d_b + lag
 * (FF), lag - d_b (SF). A dependency on a summary applies to each leaf below
 * it. Release dates, deadlines and fixed starts of summaries apply to their
 * leaves.
 *
 * A tracked project (with progress) is rescheduled from its status date:
 * a finished task is fixed where it happened and holds no resources; a
 * started one keeps its actual start, and its remaining duration is what
 * the solver places, from the status date on; the rest may not start
 * before the status date. Dependencies into started tasks no longer bind
 * (the actuals are fact); start-based ones out of them become release
 * dates from the actual start. */
#ifndef PM_NETWORK_H
#define PM_NETWORK_H

#include "planner/model/calendar.h"
#include "planner/model/model.h"

/* What an edge compares (the dependency type): the predecessor's finish
 * or start, the successor's finish or start. */
enum {
    PM_EDGE_FROM_FINISH = 1, /* FS, FF */
    PM_EDGE_TO_FINISH = 2    /* FF, SF */
};

typedef struct {
    int n;            /* tasks, as in the project (summaries isolated) */
    const pm_project *p;
    pm_calmap map;
    int *dur;         /* slots; for a task with work, the shortest the
                         fastest people it may get could take */
    int *dur_max;     /* slots the slowest people it may get would take;
                         == dur unless work > 0 */
    long *work;       /* an effort-driven task with a pool need, whose
                         duration follows from the people the schedule
                         gives it: effort x 100 (person-slots in percent
                         x speed in percent); 0: the duration is fixed */
    int *release;     /* earliest start slot (>= 0) */
    int *fixed;       /* fixed start slot, or -1 */
    int *due;         /* latest finish slot (exclusive) from deadlines, or
                         INT_MAX */
    bool *leaf;
    int *n_needs;     /* demands that still count: 0 for summaries and for
                         work finished before the status date */
    int *actual;      /* actual start slot of a started task, or -1 */
    int status_slot;  /* first slot remaining work may use (0 untracked) */
    const bool *res_off; /* per resource: counts no capacity (outsourcing
                            not bought); NULL: every resource counts */
    int *subtree_end; /* task i's subtree is [i, subtree_end[i]) */
    /* Edges in CSR form, both directions. w is the minimum start-to-start
     * distance with dur (and dur_max where a longer successor weakens it):
     * valid whatever the people. kind (PM_EDGE_*) and lag give the exact
     * rule once the durations are known: (finish or start of the
     * successor) >= (finish or start of the predecessor) + lag. */
    int *out_start, *out_to, *out_w, *out_dep, *out_lag;
    int *in_start, *in_from, *in_w, *in_lag;
    unsigned char *out_kind, *in_kind;
    int n_edges;
    int *topo;        /* leaves in topological order */
    int n_leaves;
    int *es;          /* CPM early start per task, resources ignored */
    int *ls;          /* CPM late start for horizon cpm_length, deadlines */
    int cpm_length;   /* critical path length: a lower bound, slots */
} pm_network;

/* Seats of resource r in this network (0 when switched off). */
static inline int pm_net_seats(const pm_network *net, int r)
{
    return net->res_off && net->res_off[r]
               ? 0
               : pm_resource_seats(&net->p->resources[r]);
}

/* The earliest slot task j may start at: its release, or its fixed start
 * when that is earlier. */
static inline int pm_net_earliest(const pm_network *net, int j)
{
    int at = net->release[j];
    return net->fixed[j] >= 0 && net->fixed[j] < at ? net->fixed[j] : at;
}

/* Whether task j is effort-driven with one need, on a pool: its people,
 * whoever the schedule gives it, do all of its work. */
static inline bool pm_net_pool_effort(const pm_network *net, int j)
{
    return net->work[j] > 0 && net->n_needs[j] == 1 &&
           net->p->tasks[j].needs[0].pool >= 0;
}

/* Builds the network and runs CPM. Returns 0, PM_EINPUT (cycle),
 * PM_EINFEASIBLE (fixed start before its predecessors allow, or a hard
 * deadline they make impossible) or PM_ENOMEM;
 * on failure the network is reset. */
int pm_network_build(pm_network *net, const pm_project *p, pm_diag *diag);
void pm_network_reset(pm_network *net);

#endif
