/* solver/network.c - leaf precedence network, cycle detection and CPM. */
#include "solver/network.h"

#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void pm_network_reset(pm_network *net)
{
    pm_calmap_reset(&net->map);
    free(net->dur);
    free(net->dur_max);
    free(net->work);
    free(net->release);
    free(net->fixed);
    free(net->due);
    free(net->leaf);
    free(net->n_needs);
    free(net->actual);
    free(net->subtree_end);
    free(net->out_start);
    free(net->out_to);
    free(net->out_w);
    free(net->out_dep);
    free(net->out_lag);
    free(net->out_kind);
    free(net->in_start);
    free(net->in_from);
    free(net->in_w);
    free(net->in_lag);
    free(net->in_kind);
    free(net->topo);
    free(net->es);
    free(net->ls);
    memset(net, 0, sizeof *net);
}

static unsigned char edge_kind(pm_dep_type type)
{
    return (type == PM_DEP_FS || type == PM_DEP_FF ? PM_EDGE_FROM_FINISH
                                                   : 0) |
           (type == PM_DEP_FF || type == PM_DEP_SF ? PM_EDGE_TO_FINISH : 0);
}

/* Minimum start-to-start distance from a to b: a's shortest duration
 * where its finish counts, b's longest where b's finish does (a longer b
 * may start earlier). */
static int edge_weight(const pm_network *net, pm_dep_type type, int a, int b,
                       int lag)
{
    unsigned char kind = edge_kind(type);
    return (kind & PM_EDGE_FROM_FINISH ? net->dur[a] : 0) -
           (kind & PM_EDGE_TO_FINISH ? net->dur_max[b] : 0) + lag;
}

/* Work per slot a pool need of units seats gets from its members,
 * fastest first (fastest: true) or slowest first, in seats x speed. */
static long pool_rate(const pm_project *p, const pm_pool *pool, int units,
                      bool fastest)
{
    long rate = 0;
    int left = units;
    bool *used = calloc((size_t)pool->n_members + 1, sizeof *used);
    if (!used) {
        return (long)units * 100;
    }
    while (left > 0) {
        int pick = -1, best = 0;
        for (int m = 0; m < pool->n_members; m++) {
            const pm_resource *r = &p->resources[pool->members[m]];
            int v = pm_resource_speed(r);
            if (used[m] || pm_resource_seats(r) <= 0) {
                continue;
            }
            if (pick < 0 || (fastest ? v > best : v < best)) {
                pick = m;
                best = v;
            }
        }
        if (pick < 0) {
            break;
        }
        used[pick] = true;
        int seats = pm_resource_seats(&p->resources[pool->members[pick]]);
        int take = seats < left ? seats : left;
        rate += (long)take * best;
        left -= take;
    }
    free(used);
    return rate;
}

/* Work and duration range of leaf i whose people the schedule chooses: an
 * effort-driven task with a pool need (network.h). */
static void set_work(pm_network *net, int i)
{
    const pm_project *p = net->p;
    const pm_task *t = &p->tasks[i];
    bool pooled = false;
    for (int k = 0; k < t->n_needs; k++) {
        pooled |= t->needs[k].pool >= 0;
    }
    if (t->effort <= 0 || !pooled || net->dur[i] == 0) {
        return;
    }
    long fast = 0, slow = 0;
    for (int k = 0; k < t->n_needs; k++) {
        const pm_need *nd = &t->needs[k];
        if (nd->resource >= 0) {
            long r = (long)nd->units *
                     pm_resource_speed(&p->resources[nd->resource]);
            fast += r;
            slow += r;
        } else {
            fast += pool_rate(p, &p->pools[nd->pool], nd->units, true);
            slow += pool_rate(p, &p->pools[nd->pool], nd->units, false);
        }
    }
    if (fast <= 0 || slow <= 0) {
        return; /* no one can do it: the capacity diagnosis says so */
    }
    long work = (long)t->effort * 100;
    net->work[i] = work;
    net->dur[i] = (int)((work + fast - 1) / fast);
    net->dur_max[i] = (int)((work + slow - 1) / slow);
}

/* Remaining duration of a started, unfinished task: as reported, else
 * from its percent complete, else what its plan has left (at least one
 * slot, as it is not finished). */
static int remaining_slots(const pm_task *t, int elapsed)
{
    if (t->remaining >= 0) {
        return t->remaining;
    }
    if (t->percent_complete >= 0) {
        return (int)(((long)t->duration * (100 - t->percent_complete) + 99) /
                     100);
    }
    int rem = t->duration - elapsed;
    return rem > 0 ? rem : t->duration > 0;
}

/* Fixes finished work, shortens started work to what remains, and keeps
 * the rest from starting before the status date (see network.h). */
static void apply_progress(pm_network *net, int i)
{
    const pm_task *t = &net->p->tasks[i];
    int s0 = net->status_slot;
    if (!pm_task_started(t)) {
        if (net->release[i] < s0) {
            net->release[i] = s0;
        }
        return;
    }
    int as = pm_calmap_slot_of_date(&net->map, t->actual_start);
    net->fixed[i] = -1;
    if (pm_task_done(t)) {
        int af = pm_calmap_slot_of_date(&net->map, t->actual_finish + 1);
        net->actual[i] = t->milestone ? af : as;
        net->dur[i] = t->milestone || af < as ? 0 : af - as;
        net->dur_max[i] = net->dur[i];
        net->fixed[i] = net->actual[i];
        net->release[i] = net->actual[i];
        net->n_needs[i] = 0;
    } else {
        net->actual[i] = as;
        net->dur[i] = remaining_slots(t, s0 - as);
        net->dur_max[i] = net->dur[i];
        net->release[i] = s0;
    }
}

/* Per-task slot limits from dates; summaries pass theirs to their leaves. */
static void set_limits(pm_network *net)
{
    const pm_project *p = net->p;
    for (int i = 0; i < net->n; i++) {
        const pm_task *t = &p->tasks[i];
        int par = t->parent;
        net->release[i] = par >= 0 ? net->release[par] : 0;
        net->due[i] = par >= 0 ? net->due[par] : INT_MAX;
        net->fixed[i] = -1;
        if (t->release != PM_NO_DATE) {
            int s = pm_calmap_slot_of_date(&net->map, t->release);
            if (s > net->release[i]) {
                net->release[i] = s;
            }
        }
        if (t->deadline != PM_NO_DATE) {
            int s = pm_calmap_slot_of_date(&net->map, t->deadline + 1);
            if (s < net->due[i]) {
                net->due[i] = s;
            }
        }
        if (t->fixed_start != PM_NO_DATE) {
            net->fixed[i] = pm_calmap_slot_of_date(&net->map, t->fixed_start);
        }
        net->dur[i] = pm_task_is_summary(t) ? 0 : t->duration;
        net->dur_max[i] = net->dur[i];
        net->leaf[i] = !pm_task_is_summary(t);
        net->n_needs[i] = net->leaf[i] ? t->n_needs : 0;
        net->actual[i] = -1;
        /* Started work keeps the duration its progress gives. */
        if (net->leaf[i] && !(p->tracked && pm_task_started(t))) {
            set_work(net, i);
        }
        if (p->tracked && net->leaf[i]) {
            apply_progress(net, i);
        }
    }
    /* Preorder: i's children follow it, each with its whole subtree. */
    for (int i = net->n - 1; i >= 0; i--) {
        int end = i + 1;
        while (end < net->n && p->tasks[end].parent == i) {
            end = net->subtree_end[end];
        }
        net->subtree_end[i] = end;
    }
}

/* Calls fn for each leaf in task i's subtree. */
#define FOR_LEAVES(net, i, j)                                               \
    for (int j = (i); j < (net)->subtree_end[(i)]; j++)                     \
        if ((net)->leaf[j])

/* Whether the dependency between leaves a and b is an edge of the
 * network. Into a started task it no longer binds; out of a started,
 * unfinished one a start-based type becomes a release date of b. */
static bool edge_kept(pm_network *net, const pm_dep *dep, int a, int b)
{
    if (net->actual[b] >= 0) {
        return false;
    }
    if (net->actual[a] < 0 || net->fixed[a] >= 0 ||
        (dep->type != PM_DEP_SS && dep->type != PM_DEP_SF)) {
        return true;
    }
    long r = (long)net->actual[a] + edge_weight(net, dep->type, a, b,
                                                dep->lag);
    if (r > net->release[b]) {
        net->release[b] = r > INT_MAX / 4 ? INT_MAX / 4 : (int)r;
    }
    return false;
}

static int build_edges(pm_network *net)
{
    const pm_project *p = net->p;
    long count = 0, pairs = 0;
    for (int d = 0; d < p->n_deps; d++) {
        const pm_dep *dep = &p->deps[d];
        long na = 0, nb = 0;
        FOR_LEAVES(net, dep->pred, a) na++;
        FOR_LEAVES(net, dep->succ, b) nb++;
        pairs += na * nb;
        if (pairs > 50000000) {
            return PM_ENOMEM;
        }
        FOR_LEAVES(net, dep->pred, a) {
            FOR_LEAVES(net, dep->succ, b) {
                count += edge_kept(net, dep, a, b);
            }
        }
    }
    int m = (int)count;
    net->n_edges = m;
    net->out_start = calloc((size_t)net->n + 1, sizeof(int));
    net->in_start = calloc((size_t)net->n + 1, sizeof(int));
    net->out_to = malloc(((size_t)m + 1) * sizeof(int));
    net->out_w = malloc(((size_t)m + 1) * sizeof(int));
    net->out_dep = malloc(((size_t)m + 1) * sizeof(int));
    net->in_from = malloc(((size_t)m + 1) * sizeof(int));
    net->in_w = malloc(((size_t)m + 1) * sizeof(int));
    net->out_lag = malloc(((size_t)m + 1) * sizeof(int));
    net->in_lag = malloc(((size_t)m + 1) * sizeof(int));
    net->out_kind = malloc((size_t)m + 1);
    net->in_kind = malloc((size_t)m + 1);
    if (!net->out_start || !net->in_start || !net->out_to || !net->out_w ||
        !net->out_dep || !net->in_from || !net->in_w || !net->out_lag ||
        !net->in_lag || !net->out_kind || !net->in_kind) {
        return PM_ENOMEM;
    }
    for (int d = 0; d < p->n_deps; d++) {
        const pm_dep *dep = &p->deps[d];
        FOR_LEAVES(net, dep->pred, a) {
            FOR_LEAVES(net, dep->succ, b) {
                if (!edge_kept(net, dep, a, b)) {
                    continue;
                }
                net->out_start[a + 1]++;
                net->in_start[b + 1]++;
            }
        }
    }
    for (int i = 0; i < net->n; i++) {
        net->out_start[i + 1] += net->out_start[i];
        net->in_start[i + 1] += net->in_start[i];
    }
    int *oc = malloc(((size_t)net->n + 1) * sizeof(int));
    int *ic = malloc(((size_t)net->n + 1) * sizeof(int));
    if (!oc || !ic) {
        free(oc);
        free(ic);
        return PM_ENOMEM;
    }
    memcpy(oc, net->out_start, (size_t)net->n * sizeof(int));
    memcpy(ic, net->in_start, (size_t)net->n * sizeof(int));
    for (int d = 0; d < p->n_deps; d++) {
        const pm_dep *dep = &p->deps[d];
        FOR_LEAVES(net, dep->pred, a) {
            FOR_LEAVES(net, dep->succ, b) {
                if (!edge_kept(net, dep, a, b)) {
                    continue;
                }
                int w = edge_weight(net, dep->type, a, b, dep->lag);
                unsigned char kind = edge_kind(dep->type);
                net->out_to[oc[a]] = b;
                net->out_w[oc[a]] = w;
                net->out_lag[oc[a]] = dep->lag;
                net->out_kind[oc[a]] = kind;
                net->out_dep[oc[a]++] = d;
                net->in_from[ic[b]] = a;
                net->in_lag[ic[b]] = dep->lag;
                net->in_kind[ic[b]] = kind;
                net->in_w[ic[b]++] = w;
            }
        }
    }
    free(oc);
    free(ic);
    return PM_OK;
}

/* Names a cycle among the tasks Kahn's algorithm could not order. */
static void report_cycle(pm_network *net, const int *indeg, pm_diag *diag)
{
    const pm_project *p = net->p;
    int start = -1;
    for (int i = 0; i < net->n && start < 0; i++) {
        if (net->leaf[i] && indeg[i] > 0) {
            start = i;
        }
    }
    /* Walk forward along unordered successors until a task repeats. */
    int *seen = calloc((size_t)net->n, sizeof *seen);
    int *path = malloc(((size_t)net->n + 1) * sizeof *path);
    int *via = malloc(((size_t)net->n + 1) * sizeof *via);
    if (!seen || !path || !via) {
        pm_diag_error(diag, NULL, "dependency cycle");
        free(seen);
        free(path);
        free(via);
        return;
    }
    int len = 0, cur = start;
    while (!seen[cur]) {
        seen[cur] = len + 1;
        path[len] = cur;
        int next = -1, dep = -1;
        for (int e = net->out_start[cur]; e < net->out_start[cur + 1]; e++) {
            if (indeg[net->out_to[e]] > 0) {
                next = net->out_to[e];
                dep = net->out_dep[e];
                break;
            }
        }
        via[len++] = dep;
        cur = next;
    }
    int from = seen[cur] - 1;
    size_t cap = 64;
    for (int k = from; k < len; k++) {
        cap += strlen(p->tasks[path[k]].id) + 8;
    }
    cap += strlen(p->tasks[cur].id);
    char *msg = malloc(cap);
    if (msg) {
        msg[0] = '\0';
        for (int k = from; k < len; k++) {
            strcat(msg, "'");
            strcat(msg, p->tasks[path[k]].id);
            strcat(msg, "' -> ");
        }
        strcat(msg, "'");
        strcat(msg, p->tasks[cur].id);
        strcat(msg, "'");
    }
    /* Point at the dependency that closes the cycle. */
    const pm_loc *loc = &p->deps[via[len - 1]].loc;
    pm_diag_error(diag, loc, "dependency cycle: %s", msg ? msg : "");
    free(msg);
    free(seen);
    free(path);
    free(via);
}

static int order_leaves(pm_network *net, pm_diag *diag)
{
    int *indeg = calloc((size_t)net->n, sizeof *indeg);
    net->topo = malloc(((size_t)net->n + 1) * sizeof *net->topo);
    if (!indeg || !net->topo) {
        free(indeg);
        return PM_ENOMEM;
    }
    int head = 0, tail = 0, leaves = 0;
    for (int i = 0; i < net->n; i++) {
        indeg[i] = net->in_start[i + 1] - net->in_start[i];
        leaves += net->leaf[i];
        if (net->leaf[i] && indeg[i] == 0) {
            net->topo[tail++] = i;
        }
    }
    while (head < tail) {
        int a = net->topo[head++];
        for (int e = net->out_start[a]; e < net->out_start[a + 1]; e++) {
            if (--indeg[net->out_to[e]] == 0) {
                net->topo[tail++] = net->out_to[e];
            }
        }
    }
    net->n_leaves = leaves;
    int rc = PM_OK;
    if (tail < leaves) {
        report_cycle(net, indeg, diag);
        rc = PM_EINPUT;
    }
    free(indeg);
    return rc;
}

/* Reports deadlines that dependencies alone make impossible, naming the
 * chain of predecessors that drives the task's earliest start (the first
 * five). Soft deadlines: a warning, and the task is scheduled late. Hard
 * ones ('deadlines: hard'): an error. Returns how many were reported. */
static int check_deadlines(const pm_network *net, const int *driver,
                           pm_diag *diag)
{
    const pm_project *p = net->p;
    int shown = 0;
    for (int j = 0; j < net->n && shown < 5; j++) {
        if (!net->leaf[j] || net->due[j] == INT_MAX ||
            (long)net->es[j] + net->dur[j] <= net->due[j]) {
            continue;
        }
        char chain[512] = "", date[11], when[11];
        int hops[8], nh = 0;
        for (int k = j; k >= 0 && nh < 8; k = driver[k]) {
            hops[nh++] = k;
        }
        for (int h = nh - 1; h >= 0; h--) {
            size_t len = strlen(chain);
            snprintf(chain + len, sizeof chain - len, "%s'%s'",
                     h == nh - 1 ? (driver[hops[nh - 1]] >= 0 ? "... -> "
                                                               : "")
                                 : " -> ",
                     p->tasks[hops[h]].id);
        }
        int f = net->es[j] + net->dur[j];
        pm_diag_add(
            diag, p->hard_deadlines ? PM_DIAG_ERROR : PM_DIAG_WARNING,
            &p->tasks[j].loc,
            "task '%s' cannot finish by its deadline %s even with unlimited "
            "people: %s finishes %s at the earliest",
            p->tasks[j].id,
            pm_date_format(pm_calmap_slot_date(&net->map, net->due[j] - 1),
                           date),
            chain,
            pm_date_format(pm_calmap_finish_date(&net->map, net->es[j], f),
                           when));
        shown++;
    }
    return shown;
}

static int run_cpm(pm_network *net, pm_diag *diag)
{
    const pm_project *p = net->p;
    net->es = calloc((size_t)net->n + 1, sizeof(int));
    net->ls = calloc((size_t)net->n + 1, sizeof(int));
    if (!net->es || !net->ls) {
        return PM_ENOMEM;
    }
    int rc = PM_OK;
    int *driver = malloc(((size_t)net->n + 1) * sizeof(int));
    if (!driver) {
        return PM_ENOMEM;
    }
    for (int i = 0; i <= net->n; i++) {
        driver[i] = -1;
    }
    net->cpm_length = 0;
    for (int k = 0; k < net->n_leaves; k++) {
        int j = net->topo[k];
        long es = net->release[j];
        int why = -1;
        for (int e = net->in_start[j]; e < net->in_start[j + 1]; e++) {
            long v = (long)net->es[net->in_from[e]] + net->in_w[e];
            if (v > es) {
                es = v;
                why = net->in_from[e];
            }
        }
        if (es > INT_MAX / 4) {
            es = INT_MAX / 4;
        }
        if (net->fixed[j] >= 0) {
            if (es > net->fixed[j] && why >= 0) {
                char a[11], b[11];
                pm_diag_error(
                    diag, &p->tasks[j].loc,
                    "task '%s' must start on %s, but its predecessor '%s' "
                    "allows %s at the earliest",
                    p->tasks[j].id,
                    pm_date_format(pm_calmap_slot_date(&net->map,
                                                       net->fixed[j]), a),
                    p->tasks[why].id,
                    pm_date_format(pm_calmap_slot_date(&net->map, (int)es),
                                   b));
                rc = PM_EINFEASIBLE;
            }
            if (net->fixed[j] > es) {
                es = net->fixed[j];
                why = -1;
            }
        }
        driver[j] = why;
        net->es[j] = (int)es;
        if (es + net->dur[j] > net->cpm_length) {
            net->cpm_length = (int)es + net->dur[j];
        }
    }
    if (check_deadlines(net, driver, diag) > 0 && p->hard_deadlines) {
        rc = PM_EINFEASIBLE;
    }
    free(driver);
    /* Backward pass from the critical path length, tightened by deadlines
     * (which may make late starts fall before early starts). */
    for (int k = net->n_leaves - 1; k >= 0; k--) {
        int j = net->topo[k];
        long lf = net->cpm_length;
        if (net->due[j] < lf) {
            lf = net->due[j];
        }
        long ls = lf - net->dur[j];
        for (int e = net->out_start[j]; e < net->out_start[j + 1]; e++) {
            long v = (long)net->ls[net->out_to[e]] - net->out_w[e];
            if (v < ls) {
                ls = v;
            }
        }
        /* A fixed start is a latest start too: priority rules on late
         * starts then place the work it waits for in time. */
        if (net->fixed[j] >= 0 && net->fixed[j] < ls) {
            ls = net->fixed[j];
        }
        net->ls[j] = (int)ls;
    }
    return rc;
}

int pm_network_build(pm_network *net, const pm_project *p, pm_diag *diag)
{
    memset(net, 0, sizeof *net);
    net->p = p;
    net->n = p->n_tasks;
    int rc = pm_calmap_init(&net->map, &p->cal, p->start);
    if (rc != PM_OK) {
        if (rc == PM_EINPUT) {
            pm_diag_error(diag, NULL, "the calendar has no working day");
        }
        pm_network_reset(net);
        return rc;
    }
    size_t n = (size_t)net->n + 1;
    net->dur = calloc(n, sizeof(int));
    net->dur_max = calloc(n, sizeof(int));
    net->work = calloc(n, sizeof(long));
    net->release = calloc(n, sizeof(int));
    net->fixed = calloc(n, sizeof(int));
    net->due = calloc(n, sizeof(int));
    net->leaf = calloc(n, sizeof(bool));
    net->n_needs = calloc(n, sizeof(int));
    net->actual = calloc(n, sizeof(int));
    net->subtree_end = calloc(n, sizeof(int));
    if (!net->dur || !net->dur_max || !net->work || !net->release ||
        !net->fixed || !net->due ||
        !net->leaf || !net->subtree_end || !net->n_needs || !net->actual) {
        pm_network_reset(net);
        return PM_ENOMEM;
    }
    if (p->tracked && p->status_date != PM_NO_DATE) {
        net->status_slot = pm_calmap_slot_of_date(&net->map, p->status_date);
    }
    set_limits(net);
    rc = build_edges(net);
    if (rc == PM_OK) {
        rc = order_leaves(net, diag);
    }
    if (rc == PM_OK) {
        rc = run_cpm(net, diag);
    }
    if (rc != PM_OK) {
        pm_network_reset(net);
    }
    return rc;
}
