/* import/reader.h - helpers shared by the readers (not a public header). */
#ifndef PM_IMPORT_READER_H
#define PM_IMPORT_READER_H

#include <stddef.h>

#include "planner/model/model.h"
#include "planner/model/strindex.h"

/* A predecessor reference kept as text until every task is known. */
typedef struct {
    int succ;   /* task index */
    char *text; /* owned, "ID[ TYPE][+/-LAG]" */
    pm_loc loc;
} pm_raw_dep;

typedef struct {
    pm_raw_dep *v;
    int n;
    int cap;
} pm_raw_deps;

/* Appends a copy of text; returns 0 or PM_ENOMEM. */
int pm_raw_deps_add(pm_raw_deps *d, int succ, const char *text, pm_loc loc);
void pm_raw_deps_reset(pm_raw_deps *d);

/* Turns raw references into p->deps, resolving ids through tasks (an index
 * of task ids). Reports unknown ids and bad notation; returns 0, PM_EINPUT
 * or PM_ENOMEM. */
int pm_raw_deps_resolve(pm_project *p, const pm_raw_deps *d,
                        const pm_strindex *tasks, pm_diag *diag);

/* Reads a whole file into a new NUL-terminated buffer (*len excludes the
 * NUL). Returns 0, or PM_EIO with a message in diag. */
int pm_read_file(char **out, size_t *len, const char *path, pm_diag *diag);

/* Checks text is valid UTF-8. On failure returns false and sets *line and
 * *col (1-based, col in characters) to the first bad byte. */
bool pm_utf8_check(const char *text, size_t len, int *line, int *col);

/* Reads the tasks of a CSV WBS table into p, which already holds the
 * calendar, resources and pools. Appends to p->tasks (in WBS order) and to
 * deps. Returns 0, PM_EINPUT, PM_EIO or PM_ENOMEM. */
int pm_csv_read_tasks(pm_project *p, const char *path, pm_strindex *task_ix,
                      pm_raw_deps *deps, pm_diag *diag);

/* The end of a reader: finishes p (pm_project_finish()) when rc is 0 and
 * no error was added to diag since it had `errors` of them, and hands it
 * over in *out; otherwise frees it. oom: memory ran out while reading.
 * Returns 0 or the negative PM_E* code. */
int pm_reader_done(pm_project **out, pm_project *p, int rc, bool oom,
                   int errors, pm_diag *diag);

/* Adds a need to task t; returns 0 or PM_ENOMEM. */
int pm_task_add_need(pm_task *t, int resource, int pool, int units,
                     pm_loc loc);

#endif
