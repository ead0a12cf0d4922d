/* solver/rcpsp.c - building the aggregate problem, evaluating and checking
 * its schedules, and its energy bound. */
#include "solver/rcpsp.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "solver/sgs.h"
#include "solver/sort.h"

void pm_rcp_reset(pm_rcp *r)
{
    free(r->task);
    free(r->dur);
    free(r->rel);
    free(r->due);
    free(r->weight);
    free(r->pred_start);
    free(r->pred);
    free(r->pred_w);
    free(r->succ_start);
    free(r->succ);
    free(r->succ_w);
    free(r->topo);
    free(r->cap_base);
    free(r->cap);
    free(r->req);
    free(r->need_start);
    free(r->need_res);
    free(r->need_q);
    free(r->res_of);
    free(r->es);
    free(r->ls);
    memset(r, 0, sizeof *r);
}

/* Person r's seats at slot t (vacations give 0). */
static void person_profile(const pm_network *net, int res, int *out, int len)
{
    const pm_resource *rs = &net->p->resources[res];
    int base = pm_net_seats(net, res);
    for (int t = 0; t < len; t++) {
        out[t] = base;
    }
    for (int v = 0; v < rs->n_vacations; v++) {
        int a = pm_calmap_slot_of_date(&net->map, rs->vacations[v].first);
        int e = pm_calmap_slot_of_date(&net->map, rs->vacations[v].last + 1);
        for (int t = a; t < e && t < len; t++) {
            out[t] = 0;
        }
    }
}

static int build_resources(pm_rcp *r, const pm_network *net, const int *act)
{
    const pm_project *p = net->p;
    /* Resources: every pool, then every person named by a need. */
    int *person_res = malloc(((size_t)p->n_resources + 1) * sizeof(int));
    if (!person_res) {
        return PM_ENOMEM;
    }
    r->n_pools = p->n_pools;
    r->n_res = p->n_pools;
    for (int i = 0; i < p->n_resources; i++) {
        person_res[i] = -1;
    }
    for (int i = 0; i < net->n; i++) {
        for (int k = 0; net->leaf[i] && k < net->n_needs[i]; k++) {
            int who = p->tasks[i].needs[k].resource;
            if (who >= 0 && person_res[who] < 0) {
                person_res[who] = r->n_res++;
            }
        }
    }
    int len = 0;
    for (int i = 0; i < p->n_resources; i++) {
        for (int v = 0; v < p->resources[i].n_vacations; v++) {
            int e = pm_calmap_slot_of_date(
                &net->map, p->resources[i].vacations[v].last + 1);
            len = e > len ? e : len;
        }
    }
    r->cap_len = len;
    size_t nr = (size_t)r->n_res + 1;
    r->cap_base = calloc(nr, sizeof(int));
    r->res_of = calloc(nr, sizeof(int));
    r->cap = calloc(nr * ((size_t)len + 1), sizeof(int));
    r->req = calloc(((size_t)r->n + 1) * nr, sizeof(int));
    int *prof = malloc(((size_t)len + 1) * sizeof(int));
    if (!r->cap_base || !r->res_of || !r->cap || !r->req || !prof) {
        free(prof);
        free(person_res);
        return PM_ENOMEM;
    }
    for (int i = 0; i < p->n_resources; i++) {
        const pm_resource *rs = &p->resources[i];
        int base = pm_net_seats(net, i);
        person_profile(net, i, prof, len);
        for (int q = 0; q < rs->n_pools; q++) {
            int k = rs->pools[q];
            r->cap_base[k] += base;
            for (int t = 0; t < len; t++) {
                r->cap[(long)k * len + t] += prof[t];
            }
        }
        if (person_res[i] >= 0) {
            int k = person_res[i];
            r->cap_base[k] = base;
            r->res_of[k] = i;
            memcpy(r->cap + (long)k * len, prof, (size_t)len * sizeof(int));
        }
    }
    for (int k = 0; k < p->n_pools; k++) {
        r->res_of[k] = k;
    }
    for (int i = 0; i < net->n; i++) {
        if (act[i] < 0) {
            continue;
        }
        for (int q = 0; q < net->n_needs[i] && net->dur[i] > 0; q++) {
            const pm_need *nd = &p->tasks[i].needs[q];
            int *row = r->req + (long)act[i] * r->n_res;
            if (nd->pool >= 0) {
                row[nd->pool] += nd->units;
                continue;
            }
            /* A named person's time also leaves each of their pools: the
             * pool rows stay necessary conditions, so still a relaxation. */
            row[person_res[nd->resource]] += nd->units;
            const pm_resource *who = &p->resources[nd->resource];
            for (int k = 0; k < who->n_pools; k++) {
                row[who->pools[k]] += nd->units;
            }
        }
    }
    free(prof);
    free(person_res);
    return PM_OK;
}

/* r->req as lists of nonzero demands per activity. */
static int build_needs(pm_rcp *r)
{
    long cells = (long)r->n * r->n_res, nz = 0;
    for (long c = 0; c < cells; c++) {
        nz += r->req[c] != 0;
    }
    r->need_start = malloc(((size_t)r->n + 1) * sizeof(int));
    r->need_res = malloc(((size_t)nz + 1) * sizeof(int));
    r->need_q = malloc(((size_t)nz + 1) * sizeof(int));
    if (!r->need_start || !r->need_res || !r->need_q) {
        return PM_ENOMEM;
    }
    int m = 0;
    for (int j = 0; j < r->n; j++) {
        r->need_start[j] = m;
        for (int k = 0; k < r->n_res; k++) {
            int q = r->req[(long)j * r->n_res + k];
            if (q) {
                r->need_res[m] = k;
                r->need_q[m++] = q;
            }
        }
    }
    r->need_start[r->n] = m;
    return PM_OK;
}

static int build_edges(pm_rcp *r, const pm_network *net, const int *act)
{
    size_t m = (size_t)net->n_edges + 1, n = (size_t)r->n + 1;
    r->pred_start = calloc(n + 1, sizeof(int));
    r->succ_start = calloc(n + 1, sizeof(int));
    r->pred = malloc(m * sizeof(int));
    r->pred_w = malloc(m * sizeof(int));
    r->succ = malloc(m * sizeof(int));
    r->succ_w = malloc(m * sizeof(int));
    if (!r->pred_start || !r->succ_start || !r->pred || !r->pred_w ||
        !r->succ || !r->succ_w) {
        return PM_ENOMEM;
    }
    int np = 0, ns = 0;
    for (int j = 0; j < r->n; j++) {
        int i = r->task[j];
        r->pred_start[j] = np;
        for (int e = net->in_start[i]; e < net->in_start[i + 1]; e++) {
            r->pred[np] = act[net->in_from[e]];
            r->pred_w[np++] = net->in_w[e];
        }
        r->succ_start[j] = ns;
        for (int e = net->out_start[i]; e < net->out_start[i + 1]; e++) {
            r->succ[ns] = act[net->out_to[e]];
            r->succ_w[ns++] = net->out_w[e];
        }
    }
    r->pred_start[r->n] = np;
    r->succ_start[r->n] = ns;
    return PM_OK;
}

int pm_rcp_build(pm_rcp *r, const pm_network *net)
{
    memset(r, 0, sizeof *r);
    const pm_project *p = net->p;
    int *act = malloc(((size_t)net->n + 1) * sizeof(int));
    if (!act) {
        return PM_ENOMEM;
    }
    r->n = net->n_leaves;
    size_t n = (size_t)r->n + 1;
    r->task = malloc(n * sizeof(int));
    r->dur = malloc(n * sizeof(int));
    r->rel = malloc(n * sizeof(int));
    r->due = malloc(n * sizeof(int));
    r->weight = malloc(n * sizeof(long));
    r->topo = malloc(n * sizeof(int));
    r->es = malloc(n * sizeof(int));
    r->ls = malloc(n * sizeof(int));
    int rc = PM_OK;
    if (!r->task || !r->dur || !r->rel || !r->due || !r->weight || !r->topo ||
        !r->es || !r->ls) {
        rc = PM_ENOMEM;
        goto done;
    }
    int j = 0;
    for (int i = 0; i < net->n; i++) {
        act[i] = net->leaf[i] ? j++ : -1;
    }
    long horizon = 1;
    for (int i = 0; i < net->n; i++) {
        if ((j = act[i]) < 0) {
            continue;
        }
        r->task[j] = i;
        r->dur[j] = net->dur[i];
        r->rel[j] =
            net->fixed[i] > net->release[i] ? net->fixed[i] : net->release[i];
        r->due[j] = net->due[i];
        r->weight[j] = pm_priority_weight(p->tasks[i].priority);
        r->es[j] = net->es[i];
        r->ls[j] = net->ls[i];
        horizon += r->dur[j];
        if (r->rel[j] > horizon) {
            horizon = r->rel[j];
        }
    }
    for (int k = 0; k < net->n_leaves; k++) {
        r->topo[k] = act[net->topo[k]];
    }
    r->cpm = net->cpm_length;
    if ((rc = build_edges(r, net, act)) != PM_OK ||
        (rc = build_resources(r, net, act)) != PM_OK ||
        (rc = build_needs(r)) != PM_OK) {
        goto done;
    }
    for (int e = 0; e < r->succ_start[r->n]; e++) {
        horizon += r->succ_w[e] > 0 ? r->succ_w[e] : 0;
    }
    horizon += r->cap_len + r->cpm;
    r->horizon = horizon > INT_MAX / 4 ? INT_MAX / 4 : (int)horizon;
done:
    free(act);
    if (rc != PM_OK) {
        pm_rcp_reset(r);
    }
    return rc;
}

int pm_rcp_sol_init(pm_rcp_sol *s, int n)
{
    s->start = calloc((size_t)n + 1, sizeof(int));
    s->makespan = 0;
    s->lateness = 0;
    return s->start ? PM_OK : PM_ENOMEM;
}

void pm_rcp_sol_reset(pm_rcp_sol *s)
{
    free(s->start);
    memset(s, 0, sizeof *s);
}

void pm_rcp_sol_copy(pm_rcp_sol *dst, const pm_rcp_sol *src, int n)
{
    memcpy(dst->start, src->start, (size_t)n * sizeof(int));
    dst->makespan = src->makespan;
    dst->lateness = src->lateness;
}

void pm_rcp_evaluate(const pm_rcp *r, pm_rcp_sol *s)
{
    s->makespan = 0;
    s->lateness = 0;
    for (int j = 0; j < r->n; j++) {
        int f = s->start[j] + r->dur[j];
        s->makespan = f > s->makespan ? f : s->makespan;
        if (f > r->due[j]) {
            s->lateness += (long)(f - r->due[j]) * r->weight[j];
        }
    }
}

bool pm_rcp_better(const pm_rcp_sol *a, const pm_rcp_sol *b)
{
    if (a->lateness != b->lateness) {
        return a->lateness < b->lateness;
    }
    return a->makespan < b->makespan;
}

int pm_rcp_check(const pm_rcp *r, const pm_rcp_sol *s)
{
    int bad = 0, ms = 0;
    for (int j = 0; j < r->n; j++) {
        if (s->start[j] < r->rel[j]) {
            bad++;
        }
        for (int e = r->succ_start[j]; e < r->succ_start[j + 1]; e++) {
            bad += s->start[r->succ[e]] < s->start[j] + r->succ_w[e];
        }
        int f = s->start[j] + r->dur[j];
        ms = f > ms ? f : ms;
    }
    int *use = calloc((size_t)ms + 1, sizeof(int));
    if (!use) {
        return bad + 1;
    }
    for (int k = 0; k < r->n_res; k++) {
        memset(use, 0, ((size_t)ms + 1) * sizeof(int));
        for (int j = 0; j < r->n; j++) {
            int q = r->req[(long)j * r->n_res + k];
            for (int t = s->start[j]; q && t < s->start[j] + r->dur[j]; t++) {
                use[t] += q;
            }
        }
        for (int t = 0; t < ms; t++) {
            bad += use[t] > pm_rcp_cap(r, k, t);
        }
    }
    free(use);
    return bad;
}

int pm_rcp_energy_bound(const pm_rcp *r)
{
    int best = 0;
    for (int k = 0; k < r->n_res; k++) {
        long work = 0;
        for (int j = 0; j < r->n; j++) {
            work += (long)r->req[(long)j * r->n_res + k] * r->dur[j];
        }
        if (work == 0 || r->cap_base[k] <= 0) {
            continue;
        }
        /* Smallest T with the capacity of slots [0, T) covering the work. */
        long have = 0;
        int t = 0;
        while (t < r->cap_len && have < work) {
            have += pm_rcp_cap(r, k, t++);
        }
        if (have < work) {
            long rest = work - have;
            t += (int)((rest + r->cap_base[k] - 1) / r->cap_base[k]);
        }
        best = t > best ? t : best;
    }
    return best;
}

/* The lateness the activities that need more than half of resource k
 * (two of them never overlap) cannot avoid, one after another: the i-th
 * to finish ends no sooner than the earliest release plus the i shortest
 * durations, and pairing those finishes with the deadlines in rising
 * order gives the least total tardiness any order could (the pairing
 * minimises a sum of max(0, finish - deadline)). Times the least weight
 * among them with a deadline. ends and dues are scratch of r->n. */
static long one_at_a_time_floor(const pm_rcp *r, int k, int *ends, int *dues)
{
    int top = r->cap_base[k];
    for (int t = 0; t < r->cap_len; t++) {
        top = pm_rcp_cap(r, k, t) > top ? pm_rcp_cap(r, k, t) : top;
    }
    int m = 0, first = INT_MAX;
    long w = LONG_MAX;
    for (int j = 0; j < r->n; j++) {
        if (r->dur[j] == 0 || 2 * r->req[(long)j * r->n_res + k] <= top) {
            continue;
        }
        int rel = pm_rcp_earliest(r, j);
        first = rel < first ? rel : first;
        ends[m] = r->dur[j];
        dues[m++] = r->due[j];
        if (r->due[j] != INT_MAX && r->weight[j] < w) {
            w = r->weight[j];
        }
    }
    if (m < 2 || w == LONG_MAX) {
        return 0;
    }
    qsort(ends, (size_t)m, sizeof *ends, pm_cmp_int);
    qsort(dues, (size_t)m, sizeof *dues, pm_cmp_int);
    long end = first, late = 0;
    for (int i = 0; i < m; i++) {
        end += ends[i];
        late += dues[i] != INT_MAX && end > dues[i] ? end - dues[i] : 0;
    }
    return late * w;
}

long pm_rcp_lateness_floor(const pm_rcp *r)
{
    long floor = 0;
    for (int j = 0; j < r->n; j++) {
        long f = (long)pm_rcp_earliest(r, j) + r->dur[j];
        if (r->due[j] != INT_MAX && f > r->due[j]) {
            floor += (f - r->due[j]) * r->weight[j];
        }
    }
    int *ends = malloc(((size_t)r->n + 1) * sizeof *ends);
    int *dues = malloc(((size_t)r->n + 1) * sizeof *dues);
    for (int k = 0; ends && dues && k < r->n_res; k++) {
        long f = one_at_a_time_floor(r, k, ends, dues);
        floor = f > floor ? f : floor;
    }
    free(ends);
    free(dues);
    return floor;
}
