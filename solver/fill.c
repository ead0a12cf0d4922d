/* solver/fill.c - from a person-level schedule to pm_schedule (fill.h). */
#include "solver/fill.h"

#include <assert.h>
#include <limits.h>

/* Slots by which the dependency on edge e (into successor b, in the
 * in-edge list) is met in schedule r: 0 when it binds. */
static int edge_slack_in(const pm_network *net, const pm_sgs_result *r, int e,
                         int b)
{
    int a = net->in_from[e];
    int from =
        net->in_kind[e] & PM_EDGE_FROM_FINISH ? r->finish[a] : r->start[a];
    int to = net->in_kind[e] & PM_EDGE_TO_FINISH ? r->finish[b] : r->start[b];
    return to - (from + net->in_lag[e]);
}

/* What holds leaf j where it starts in schedule r (model.h). */
static int find_driver(const pm_network *net, const pm_sgs_result *r, int j)
{
    if (net->actual[j] >= 0) {
        return PM_DRIVE_ACTUAL;
    }
    for (int e = net->in_start[j]; e < net->in_start[j + 1]; e++) {
        if (edge_slack_in(net, r, e, j) == 0) {
            return net->in_from[e];
        }
    }
    if (net->fixed[j] >= 0 && r->start[j] == net->fixed[j]) {
        return PM_DRIVE_FIXED;
    }
    if (r->start[j] == net->release[j]) {
        return r->start[j] == 0 ? PM_DRIVE_START
               : net->p->tracked && r->start[j] == net->status_slot
                   ? PM_DRIVE_STATUS
                   : PM_DRIVE_RELEASE;
    }
    return PM_DRIVE_RESOURCES;
}

/* Free float of leaf j in schedule r: the slots it can slip without
 * moving any successor, the task taking over its people's seats (res_slack)
 * or the finish, never more than its total float. */
static int free_float(const pm_network *net, const pm_sgs_result *r, int j,
                      int total, int res_slack)
{
    int ff = r->makespan - r->finish[j];
    ff = res_slack < ff ? res_slack : ff;
    for (int e = net->out_start[j]; e < net->out_start[j + 1]; e++) {
        int k = net->out_to[e];
        for (int i = net->in_start[k]; i < net->in_start[k + 1]; i++) {
            if (net->in_from[i] == j) {
                int slack = edge_slack_in(net, r, i, k);
                ff = slack < ff ? slack : ff;
            }
        }
    }
    ff = ff < total ? ff : total;
    return ff > 0 ? ff : 0;
}

/* Whether leaf j was finished before the status date: it has no float. */
static bool finished(const pm_network *net, int j)
{
    return net->p->tracked && pm_task_done(&net->p->tasks[j]);
}

/* Whether every leaf below summary j is finished. */
static bool subtree_finished(const pm_network *net, int j)
{
    for (int c = j + 1; c < net->subtree_end[j]; c++) {
        if (net->leaf[c] && !finished(net, c)) {
            return false;
        }
    }
    return true;
}

/* Leaves: dates from best, float from the right-justified late starts. A
 * milestone marks when the work driving it is done, so it has no more
 * float than that work; finished work has none. */
static void fill_leaves(pm_schedule *s, const pm_network *net,
                        const pm_sgs_result *best, const pm_float *fl)
{
    const int *late = fl->late;
    for (int j = 0; j < net->n; j++) {
        pm_task_sched *ts = &s->tasks[j];
        ts->driver = PM_DRIVE_NONE;
        ts->waits_for = -1;
        if (!net->leaf[j]) {
            continue;
        }
        ts->driver = find_driver(net, best, j);
        if (ts->driver == PM_DRIVE_RESOURCES) {
            ts->waits_for = fl->waits_for[j];
        }
        ts->start = best->start[j];
        ts->finish = best->finish[j];
        ts->early_start = net->es[j];
        ts->late_start = late[j];
        ts->total_float = late[j] - ts->start;
        ts->free_float =
            free_float(net, best, j, ts->total_float, fl->res_slack[j]);
        ts->late = ts->finish > net->due[j];
        if (net->actual[j] >= 0) {
            ts->start = net->actual[j]; /* what remains was placed */
        }
    }
    for (int k = 0; k < net->n_leaves; k++) {
        int j = net->topo[k];
        pm_task_sched *ts = &s->tasks[j];
        if (best->finish[j] != best->start[j] || net->actual[j] >= 0) {
            continue;
        }
        for (int e = net->in_start[j]; e < net->in_start[j + 1]; e++) {
            const pm_task_sched *ps = &s->tasks[net->in_from[e]];
            if (edge_slack_in(net, best, e, j) == 0 &&
                ps->total_float < ts->total_float) {
                ts->total_float = ps->total_float;
            }
        }
        ts->late_start = ts->start + ts->total_float;
        if (ts->free_float > ts->total_float) {
            ts->free_float = ts->total_float;
        }
    }
    for (int j = 0; j < net->n; j++) {
        pm_task_sched *ts = &s->tasks[j];
        if (net->leaf[j] && finished(net, j)) {
            ts->total_float = ts->free_float = 0;
            ts->late_start = ts->start;
        }
        ts->critical =
            net->leaf[j] && !finished(net, j) && ts->total_float <= 0;
        /* Float as a project manager reads it: never negative, free
         * never above total. */
        assert(!net->leaf[j] ||
               (ts->total_float >= 0 && ts->free_float >= 0 &&
                ts->free_float <= ts->total_float));
    }
}

/* Summaries: the span of their children; float, critical and late from
 * the children still to be done (all of them when all are finished). */
static void fill_summaries(pm_schedule *s, const pm_network *net)
{
    const pm_project *p = net->p;
    for (int j = net->n - 1; j >= 0; j--) {
        if (net->leaf[j]) {
            continue;
        }
        pm_task_sched *ts = &s->tasks[j];
        ts->start = INT_MAX;
        ts->finish = INT_MIN;
        ts->early_start = INT_MAX;
        ts->late_start = INT_MAX;
        int open_tf = INT_MAX, open_ff = INT_MAX, all_tf = INT_MAX,
            all_ff = INT_MAX;
        for (int c = j + 1; c < net->subtree_end[j]; c++) {
            if (p->tasks[c].parent != j) {
                continue;
            }
            /* Children come later in preorder: already filled. */
            const pm_task_sched *cs = &s->tasks[c];
            bool open =
                !(net->leaf[c] ? finished(net, c) : subtree_finished(net, c));
            ts->start = cs->start < ts->start ? cs->start : ts->start;
            ts->finish = cs->finish > ts->finish ? cs->finish : ts->finish;
            ts->early_start = cs->early_start < ts->early_start
                                  ? cs->early_start
                                  : ts->early_start;
            ts->late_start = cs->late_start < ts->late_start ? cs->late_start
                                                             : ts->late_start;
            all_tf = cs->total_float < all_tf ? cs->total_float : all_tf;
            all_ff = cs->free_float < all_ff ? cs->free_float : all_ff;
            if (open) {
                open_tf = cs->total_float < open_tf ? cs->total_float : open_tf;
                open_ff = cs->free_float < open_ff ? cs->free_float : open_ff;
            }
            ts->critical |= cs->critical;
            ts->late |= cs->late;
        }
        ts->total_float = open_tf != INT_MAX ? open_tf : all_tf;
        ts->free_float = open_tf != INT_MAX ? open_ff : all_ff;
    }
}

void pm_schedule_fill(pm_schedule *s, const pm_network *net,
                      const pm_sgs_result *best, const pm_float *fl)
{
    fill_leaves(s, net, best, fl);
    fill_summaries(s, net);
}
