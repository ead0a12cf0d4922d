/* planner/model/chain.c - driving chains through a schedule (chain.h). */
#include "planner/model/chain.h"

#include <stdlib.h>
#include <string.h>

bool pm_schedule_after_leave(const pm_project *p, const pm_schedule *s,
                             const pm_calmap *m, int i)
{
    int start = s->tasks[i].start;
    if (start <= 0) {
        return false;
    }
    pm_date before = pm_calmap_slot_date(m, start - 1);
    int count, first = pm_schedule_assignments_of(s, i, &count);
    for (int k = first; k < first + count; k++) {
        const pm_resource *r = &p->resources[s->assignments[k].resource];
        for (int v = 0; v < r->n_vacations; v++) {
            if (r->vacations[v].first <= before &&
                before <= r->vacations[v].last) {
                return true;
            }
        }
    }
    return false;
}

/* Pushes task j onto the stack unless it is marked; marks it. */
static void visit(bool *on, int *stack, int *top, int j, int *marked)
{
    if (!on[j]) {
        on[j] = true;
        stack[(*top)++] = j;
        (*marked)++;
    }
}

int pm_schedule_chain(const pm_project *p, const pm_schedule *s, int i,
                      bool *on)
{
    int n = p->n_tasks, top = 0, marked = 0;
    memset(on, 0, (size_t)n * sizeof *on);
    /* Each task goes on the stack at most once. */
    int *stack = malloc(((size_t)n + 1) * sizeof *stack);
    if (!stack) {
        return -1;
    }
    visit(on, stack, &top, i, &marked);
    while (top > 0) {
        int j = stack[--top];
        const pm_task *t = &p->tasks[j];
        if (pm_task_is_summary(t)) {
            for (int c = j + 1; c < n && p->tasks[c].level > t->level; c++) {
                if (!pm_task_is_summary(&p->tasks[c]) &&
                    s->tasks[c].finish == s->tasks[j].finish) {
                    visit(on, stack, &top, c, &marked);
                }
            }
            continue;
        }
        const pm_task_sched *ts = &s->tasks[j];
        int by = ts->driver >= 0                      ? ts->driver
                 : ts->driver == PM_DRIVE_RESOURCES ? ts->waits_for
                                                    : -1;
        if (by >= 0) {
            visit(on, stack, &top, by, &marked);
        }
    }
    free(stack);
    return marked;
}
