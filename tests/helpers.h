/* tests/helpers.h - shared test helpers: load a project from YAML text, and
 * an independent schedule checker that recomputes everything from the
 * project model (durations, the work of effort-driven tasks against the
 * speed of the people assigned, every dependency by its own definition,
 * person usage per slot against availability) without calling the
 * solver. */
#ifndef PM_TEST_HELPERS_H
#define PM_TEST_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "planner/model/calendar.h"
#include "planner/model/model.h"

/* Loads YAML text; prints diagnostics as TAP comments. NULL on failure. */
static inline pm_project *load_yaml(const char *name, const char *text,
                             pm_diag *diag)
{
    pm_project *p = NULL;
    pm_diag_reset(diag);
    if (pm_import_yaml_text(&p, name, text, strlen(text), diag) != PM_OK) {
        for (int i = 0; i < diag->n; i++) {
            char *s = pm_diag_format(&diag->entries[i], "test");
            printf("# %s\n", s ? s : "?");
            free(s);
        }
        return NULL;
    }
    return p;
}

static inline bool is_within(const pm_project *p, int leaf, int task)
{
    for (int k = leaf; k >= 0; k = p->tasks[k].parent) {
        if (k == task) {
            return true;
        }
    }
    return false;
}

/* Returns the number of violations found; describes the first few. */
static inline int check_schedule(const pm_project *p, const pm_schedule *s)
{
    int bad = 0;
    pm_calmap m;
    if (pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        return 1;
    }
    for (int i = 0; i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        bool pooled = false;
        for (int n = 0; n < t->n_needs; n++) {
            pooled |= t->needs[n].pool >= 0;
        }
        int len = s->tasks[i].finish - s->tasks[i].start;
        if (!pm_task_is_summary(t) && t->effort > 0 && pooled &&
            !t->milestone) {
            /* Effort-driven: the people assigned do the work (seats x
             * speed per slot), and the task ends in the slot it is done. */
            long done = 0, before_last = 0;
            for (int k = 0; k < s->n_assignments; k++) {
                const pm_assignment *a = &s->assignments[k];
                const pm_resource *r = &p->resources[a->resource];
                if (a->task != i) {
                    continue;
                }
                long rate = (long)a->units * (100 - r->reserve);
                done += rate * (a->finish - a->start);
                int last = a->finish < s->tasks[i].finish - 1
                               ? a->finish
                               : s->tasks[i].finish - 1;
                before_last += last > a->start ? rate * (last - a->start) : 0;
            }
            long work = (long)t->effort * 100;
            if ((done < work || before_last >= work) && bad++ < 5) {
                printf("# task %s does %ld of %ld work in %d slots\n", t->id,
                       done, work, len);
            }
        } else if (!pm_task_is_summary(t) && len != t->duration) {
            if (bad++ < 5) {
                printf("# task %s has length %d, duration %d\n", t->id, len,
                       t->duration);
            }
        }
        if (s->tasks[i].start < 0 || s->tasks[i].finish > s->makespan) {
            if (bad++ < 5) {
                printf("# task %s lies outside [0, makespan]\n", t->id);
            }
        }
    }
    for (int d = 0; d < p->n_deps; d++) {
        const pm_dep *dep = &p->deps[d];
        for (int a = 0; a < p->n_tasks; a++) {
            if (pm_task_is_summary(&p->tasks[a]) ||
                !is_within(p, a, dep->pred)) {
                continue;
            }
            for (int b = 0; b < p->n_tasks; b++) {
                if (pm_task_is_summary(&p->tasks[b]) ||
                    !is_within(p, b, dep->succ)) {
                    continue;
                }
                const pm_task_sched *A = &s->tasks[a], *B = &s->tasks[b];
                long lhs, rhs;
                switch (dep->type) {
                case PM_DEP_FS:
                    lhs = B->start, rhs = A->finish;
                    break;
                case PM_DEP_SS:
                    lhs = B->start, rhs = A->start;
                    break;
                case PM_DEP_FF:
                    lhs = B->finish, rhs = A->finish;
                    break;
                default:
                    lhs = B->finish, rhs = A->start;
                    break;
                }
                if (lhs < rhs + dep->lag && bad++ < 5) {
                    printf("# %s %s %s lag %d violated\n", p->tasks[a].id,
                           pm_dep_type_name(dep->type), p->tasks[b].id,
                           dep->lag);
                }
            }
        }
    }
    /* Person usage per slot. */
    int horizon = s->makespan + 1;
    int *use = calloc((size_t)horizon * (size_t)(p->n_resources + 1),
                      sizeof *use);

    for (int k = 0; k < s->n_assignments; k++) {
        const pm_assignment *a = &s->assignments[k];
        const pm_task *t = &p->tasks[a->task];
        bool allowed = false;
        for (int n = 0; n < t->n_needs; n++) {
            const pm_need *nd = &t->needs[n];
            if (nd->resource == a->resource) {
                allowed = true;
            }
            for (int q = 0; nd->pool >= 0 && q < p->resources[a->resource]
                                                     .n_pools;
                 q++) {
                allowed |= p->resources[a->resource].pools[q] == nd->pool;
            }
        }
        if (!allowed && bad++ < 5) {
            printf("# %s assigned to %s, which it does not need\n",
                   p->resources[a->resource].id, t->id);
        }
        if (a->start < s->tasks[a->task].start ||
            a->finish > s->tasks[a->task].finish) {
            if (bad++ < 5) {
                printf("# assignment of %s to %s lies outside the task\n",
                       p->resources[a->resource].id, t->id);
            }
        }
        for (int sl = a->start; sl < a->finish; sl++) {
            use[(size_t)sl * (size_t)p->n_resources + (size_t)a->resource] +=
                a->units;
        }
    }
    /* Every slot of every task is covered by exactly its demand. */
    int *cover = calloc((size_t)horizon + 1, sizeof *cover);
    for (int i = 0; cover && i < p->n_tasks; i++) {
        const pm_task_sched *ts = &s->tasks[i];
        long want = 0;
        for (int n = 0; n < p->tasks[i].n_needs; n++) {
            want += p->tasks[i].needs[n].units;
        }
        if (pm_task_is_summary(&p->tasks[i]) || ts->finish == ts->start) {
            continue;
        }
        memset(cover, 0, ((size_t)horizon + 1) * sizeof *cover);
        for (int k = 0; k < s->n_assignments; k++) {
            const pm_assignment *a = &s->assignments[k];
            for (int sl = a->start; a->task == i && sl < a->finish; sl++) {
                cover[sl] += a->units;
            }
        }
        for (int sl = ts->start; sl < ts->finish; sl++) {
            if (cover[sl] != want && bad++ < 5) {
                printf("# task %s has %d units on slot %d, needs %ld\n",
                       p->tasks[i].id, cover[sl], sl, want);
            }
        }
    }
    free(cover);
    for (int r = 0; r < p->n_resources; r++) {
        const pm_resource *res = &p->resources[r];
        int net = res->reserve < 100 ? res->max_units : 0; /* seats */
        for (int sl = 0; sl < horizon; sl++) {
            pm_date day = pm_calmap_slot_date(&m, sl);
            int cap = net;
            for (int v = 0; v < res->n_vacations; v++) {
                if (day >= res->vacations[v].first &&
                    day <= res->vacations[v].last) {
                    cap = 0;
                }
            }
            int u = use[(size_t)sl * (size_t)p->n_resources + (size_t)r];
            if (u > cap && bad++ < 5) {
                printf("# %s uses %d%% of %s on slot %d, who has %d%%\n",
                       "schedule", u, res->id, sl, cap);
            }
        }
    }
    free(use);
    pm_calmap_reset(&m);
    return bad;
}

#endif
