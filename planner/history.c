/* planner/history.c - stored runs as plain data. */
#include "planner/history.h"

#include <stdlib.h>
#include <string.h>

void pm_run_reset(pm_run *r)
{
    for (int i = 0; i < r->n_tasks; i++) {
        pm_run_task *t = &r->tasks[i];
        free(t->task_id);
        free(t->name);
        free(t->wbs);
        free(t->parent_id);
    }
    free(r->tasks);
    free(r->created);
    free(r->project);
    free(r->source);
    free(r->input_digest);
    free(r->solver);
    free(r->status);
    free(r->baseline);
    memset(r, 0, sizeof *r);
}

void pm_runs_free(pm_run *runs, int n)
{
    for (int i = 0; i < n; i++) {
        pm_run_reset(&runs[i]);
    }
    free(runs);
}

int pm_run_find_task(const pm_run *r, const char *task_id)
{
    for (int i = 0; i < r->n_tasks; i++) {
        if (strcmp(r->tasks[i].task_id, task_id) == 0) {
            return i;
        }
    }
    return -1;
}

void pm_baselines_free(pm_baseline *b, int n)
{
    for (int i = 0; i < n; i++) {
        free(b[i].project);
        free(b[i].name);
        free(b[i].created);
    }
    free(b);
}
