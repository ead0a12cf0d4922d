/* solver/float.c - latest starts over the project's dependencies and the
 * hand-overs of seats between tasks (float.h). */
#include "solver/float.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A hand-over: start[to] >= start[from] + lag. */
typedef struct {
    int from, to, lag;
} handover;

/* Seats given back by a task (or never taken: task -1) from slot free_at,
 * at end_off slots after that task's start. */
typedef struct {
    int task, units, free_at, end_off;
} chunk;

typedef struct {
    handover *v;
    int n, cap;
} handovers;

static int add_handover(handovers *h, int from, int to, int lag)
{
    for (int k = h->n - 1; k >= 0 && h->v[k].to == to; k--) {
        if (h->v[k].from == from) {
            h->v[k].lag = lag > h->v[k].lag ? lag : h->v[k].lag;
            return PM_OK;
        }
    }
    if (h->n == h->cap) {
        int cap = h->cap ? h->cap * 2 : 64;
        handover *v = realloc(h->v, (size_t)cap * sizeof *v);
        if (!v) {
            return PM_ENOMEM;
        }
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = (handover){from, to, lag};
    return PM_OK;
}

static int by_resource_start(const void *a, const void *b)
{
    const pm_assignment *x = a, *y = b;
    if (x->resource != y->resource) {
        return x->resource < y->resource ? -1 : 1;
    }
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return (x->finish > y->finish) - (x->finish < y->finish);
}

/* Whether the seats segment x has from a pool need could have come from
 * another member of the pool, free all that time in the plan (rs holds
 * every booking): then the task does not wait for this person's earlier
 * work (someone else could step in). */
static bool could_swap(const pm_network *net, const pm_rstate *rs,
                       const pm_assignment *x)
{
    const pm_task *t = &net->p->tasks[x->task];
    for (int k = 0; k < t->n_needs; k++) {
        if (t->needs[k].pool < 0) {
            continue;
        }
        const pm_pool *pool = &net->p->pools[t->needs[k].pool];
        bool member = false;
        for (int m = 0; m < pool->n_members; m++) {
            member |= pool->members[m] == x->resource;
        }
        for (int m = 0; member && m < pool->n_members; m++) {
            pm_assignment other = *x;
            other.resource = pool->members[m];
            if (other.resource != x->resource &&
                pm_net_seats(net, other.resource) > 0 &&
                pm_capacity_fits_moved(rs, &other, 1, 0)) {
                return true;
            }
        }
    }
    return false;
}

/* The hand-overs on one person, whose segments seg[0..n) are sorted by
 * start: each segment takes the seats idle longest first; one that another
 * member of its pool could have covered binds to no one. chunks and
 * active are scratch of n + 1 entries. */
static int person_handovers(handovers *h, const pm_network *net,
                            const pm_rstate *rs, const pm_sgs_result *r,
                            const pm_assignment *seg, int n, int cap,
                            chunk *chunks, chunk *active)
{
    int n_chunks = 0, n_active = 0;
    chunks[n_chunks++] = (chunk){-1, cap, INT_MIN, 0};
    for (int s = 0; s < n; s++) {
        const pm_assignment *x = &seg[s];
        for (int a = 0; a < n_active;) {
            if (active[a].free_at <= x->start) {
                chunks[n_chunks++] = active[a];
                active[a] = active[--n_active];
            } else {
                a++;
            }
        }
        int want = x->units, off = x->start - r->start[x->task];
        bool bound = !could_swap(net, rs, x);
        while (want > 0 && n_chunks > 0) {
            int best = 0;
            for (int c = 1; c < n_chunks; c++) {
                if (chunks[c].free_at < chunks[best].free_at) {
                    best = c;
                }
            }
            chunk *c = &chunks[best];
            int take = c->units < want ? c->units : want;
            /* start[x] + off >= start[c] + end_off */
            if (bound && c->task >= 0 && c->task != x->task &&
                add_handover(h, c->task, x->task, c->end_off - off) !=
                    PM_OK) {
                return PM_ENOMEM;
            }
            want -= take;
            c->units -= take;
            if (c->units == 0) {
                *c = chunks[--n_chunks];
            }
        }
        active[n_active++] =
            (chunk){x->task, x->units, x->finish, x->finish - r->start[x->task]};
    }
    return PM_OK;
}

/* All hand-overs in r; rs gets every booking of r. */
static int find_handovers(handovers *h, const pm_network *net,
                          pm_rstate *rs, const pm_sgs_result *r)
{
    int n = r->n_asg;
    pm_assignment *seg = malloc(((size_t)n + 1) * sizeof *seg);
    chunk *chunks = malloc(((size_t)n + 2) * sizeof *chunks);
    chunk *active = malloc(((size_t)n + 1) * sizeof *active);
    int rc = seg && chunks && active ? PM_OK : PM_ENOMEM;
    pm_rstate_clear(rs);
    if (rc == PM_OK) {
        rc = pm_capacity_book_assignments(rs, r->asg, n);
    }
    if (rc == PM_OK && n > 0) {
        memcpy(seg, r->asg, (size_t)n * sizeof *seg);
        qsort(seg, (size_t)n, sizeof *seg, by_resource_start);
    }
    for (int a = 0; rc == PM_OK && a < n;) {
        int b = a;
        while (b < n && seg[b].resource == seg[a].resource) {
            b++;
        }
        rc = person_handovers(h, net, rs, r, seg + a, b - a,
                              pm_net_seats(net, seg[a].resource), chunks,
                              active);
        a = b;
    }
    free(seg);
    free(chunks);
    free(active);
    return rc;
}

void pm_float_reset(pm_float *f)
{
    free(f->late);
    free(f->waits_for);
    free(f->res_slack);
    memset(f, 0, sizeof *f);
}

/* Edges of the hand-overs in CSR form by predecessor (out) and by
 * successor (in): indexes into the hand-over list. */
typedef struct {
    int *out_start, *out, *in_start, *in;
} csr;

static int build_csr(csr *g, const handovers *h, int n)
{
    g->out_start = calloc((size_t)n + 2, sizeof(int));
    g->in_start = calloc((size_t)n + 2, sizeof(int));
    g->out = malloc(((size_t)h->n + 1) * sizeof(int));
    g->in = malloc(((size_t)h->n + 1) * sizeof(int));
    if (!g->out_start || !g->in_start || !g->out || !g->in) {
        return PM_ENOMEM;
    }
    for (int e = 0; e < h->n; e++) {
        g->out_start[h->v[e].from + 2]++;
        g->in_start[h->v[e].to + 2]++;
    }
    for (int j = 0; j < n; j++) {
        g->out_start[j + 2] += g->out_start[j + 1];
        g->in_start[j + 2] += g->in_start[j + 1];
    }
    for (int e = 0; e < h->n; e++) {
        g->out[g->out_start[h->v[e].from + 1]++] = e;
        g->in[g->in_start[h->v[e].to + 1]++] = e;
    }
    return PM_OK;
}

static void free_csr(csr *g)
{
    free(g->out_start);
    free(g->out);
    free(g->in_start);
    free(g->in);
}

/* r's assignments grouped by task: those of task j are
 * (*out)[first[j] .. first[j + 1]). Returns 0 or PM_ENOMEM. */
static int group_assignments(const pm_sgs_result *r, int n, int *first,
                             pm_assignment **out)
{
    *out = malloc(((size_t)r->n_asg + 1) * sizeof **out);
    if (!*out) {
        return PM_ENOMEM;
    }
    memset(first, 0, ((size_t)n + 2) * sizeof *first);
    for (int a = 0; a < r->n_asg; a++) {
        first[r->asg[a].task + 2]++;
    }
    for (int j = 0; j < n; j++) {
        first[j + 2] += first[j + 1];
    }
    for (int a = 0; a < r->n_asg; a++) {
        (*out)[first[r->asg[a].task + 1]++] = r->asg[a];
    }
    return PM_OK;
}

/* The latest start of leaf j from its successors' current latest starts,
 * the project finish and its people's leave. */
static int latest(const pm_network *net, const pm_rstate *rs,
                  const pm_sgs_result *r, const handovers *h, const csr *g,
                  const pm_assignment *asg, const int *first, const int *late,
                  int j)
{
    int d = r->finish[j] - r->start[j];
    long lim_s = INT_MAX, lim_f = r->makespan;
    for (int e = net->out_start[j]; e < net->out_start[j + 1]; e++) {
        int k = net->out_to[e];
        long v = (long)late[k] +
                 (net->out_kind[e] & PM_EDGE_TO_FINISH
                      ? r->finish[k] - r->start[k]
                      : 0) -
                 net->out_lag[e];
        if (net->out_kind[e] & PM_EDGE_FROM_FINISH) {
            lim_f = v < lim_f ? v : lim_f;
        } else {
            lim_s = v < lim_s ? v : lim_s;
        }
    }
    for (int x = g->out_start[j]; x < g->out_start[j + 1]; x++) {
        const handover *o = &h->v[g->out[x]];
        long v = (long)late[o->to] - o->lag;
        lim_s = v < lim_s ? v : lim_s;
    }
    long t = lim_f - d < lim_s ? lim_f - d : lim_s;
    const pm_assignment *as = asg + first[j];
    int na = first[j + 1] - first[j];
    while (t > r->start[j] &&
           !pm_capacity_fits_moved(rs, as, na, (int)(t - r->start[j]))) {
        t--;
    }
    return t < r->start[j] ? r->start[j] : (int)t;
}

int pm_float_compute(pm_float *f, const pm_network *net, pm_rstate *rs,
                     const pm_sgs_result *r)
{
    int n = net->n;
    memset(f, 0, sizeof *f);
    handovers h = {0};
    csr g = {0};
    f->late = malloc(((size_t)n + 1) * sizeof(int));
    f->waits_for = malloc(((size_t)n + 1) * sizeof(int));
    f->res_slack = malloc(((size_t)n + 1) * sizeof(int));
    int *first = malloc(((size_t)n + 2) * sizeof(int));
    pm_assignment *asg = NULL;
    int *waiting = calloc((size_t)n + 1, sizeof(int));
    int *queue = malloc(((size_t)n + 1) * sizeof(int));
    int rc = PM_ENOMEM;
    if (!f->late || !f->waits_for || !f->res_slack || !first || !waiting ||
        !queue || find_handovers(&h, net, rs, r) != PM_OK ||
        build_csr(&g, &h, n) != PM_OK ||
        group_assignments(r, n, first, &asg) != PM_OK) {
        goto done;
    }
    pm_rstate_clear(rs); /* only leave counts: the hand-overs hold the rest */
    for (int j = 0; j < n; j++) {
        f->late[j] = r->start[j];
        f->waits_for[j] = -1;
        f->res_slack[j] = INT_MAX;
    }
    /* Right to left over the dependencies of both kinds (Kahn's order);
     * what a cycle of hand-overs leaves is relaxed until it settles. */
    int head = 0, tail = 0;
    for (int j = 0; j < n; j++) {
        if (!net->leaf[j]) {
            continue;
        }
        f->late[j] = INT_MAX / 2;
        waiting[j] = net->out_start[j + 1] - net->out_start[j] +
                     g.out_start[j + 1] - g.out_start[j];
        if (waiting[j] == 0) {
            queue[tail++] = j;
        }
    }
    while (head < tail) {
        int j = queue[head++];
        f->late[j] = latest(net, rs, r, &h, &g, asg, first, f->late, j);
        for (int e = net->in_start[j]; e < net->in_start[j + 1]; e++) {
            if (--waiting[net->in_from[e]] == 0) {
                queue[tail++] = net->in_from[e];
            }
        }
        for (int x = g.in_start[j]; x < g.in_start[j + 1]; x++) {
            int a = h.v[g.in[x]].from;
            if (--waiting[a] == 0) {
                queue[tail++] = a;
            }
        }
    }
    for (bool changed = tail < net->n_leaves; changed;) {
        changed = false;
        for (int j = 0; j < n; j++) {
            if (net->leaf[j] && waiting[j] > 0) {
                int t = latest(net, rs, r, &h, &g, asg, first, f->late, j);
                changed |= t != f->late[j];
                f->late[j] = t;
            }
        }
    }
    for (int e = 0; e < h.n; e++) {
        const handover *o = &h.v[e];
        int slack = r->start[o->to] - r->start[o->from] - o->lag;
        if (slack < f->res_slack[o->from]) {
            f->res_slack[o->from] = slack;
        }
        if (slack == 0 && f->waits_for[o->to] < 0) {
            f->waits_for[o->to] = o->from;
        }
    }
    rc = PM_OK;
done:
    free(h.v);
    free_csr(&g);
    free(first);
    free(asg);
    free(waiting);
    free(queue);
    if (rc != PM_OK) {
        pm_float_reset(f);
    }
    return rc;
}
