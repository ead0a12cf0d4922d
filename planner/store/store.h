/* planner/store/store.h - the run history in one SQLite file (planner.db).
 *
 * Each run is written in one transaction: the run row and one row per task
 * (dates, float, progress, planned cost). A reader sees whole runs or
 * nothing. Named baselines point at runs. Schema version in PRAGMA
 * user_version; older files are migrated, a file from a newer planner is
 * refused, never altered. WAL journal; a second writer waits up to the busy
 * timeout instead of failing. Every statement uses bound parameters. */
#ifndef PM_STORE_H
#define PM_STORE_H

#include "planner/runs/history.h"
#include "planner/model/model.h"

typedef struct pm_store pm_store;

#define PM_STORE_SCHEMA_VERSION 5

/* The baseline every project gets from its first run. */
#define PM_BASELINE_INITIAL "initial"

/* Opens (creating if needed) the database at path and brings its schema up
 * to date. Returns 0 with *out set (close with pm_store_close()), or PM_EIO
 * with the reason in diag. */
int pm_store_open(pm_store **out, const char *path, pm_diag *diag);
/* Opens an existing database (migrating an older schema) without creating
 * one: for the commands that read the history. Same return values. */
int pm_store_open_existing(pm_store **out, const char *path, pm_diag *diag);
/* Whether target may hold a run history: a file that exists, or any
 * PostgreSQL URL (which only connecting tells). */
bool pm_store_may_exist(const char *target);
/* Closes the store; an open transaction is rolled back. NULL is fine. */
void pm_store_close(pm_store *st);

/* Starts the write transaction of a run (waits for other writers). */
int pm_store_begin(pm_store *st, pm_diag *diag);
/* Makes the run written since pm_store_begin() durable. */
int pm_store_commit(pm_store *st, pm_diag *diag);
/* Drops everything written since pm_store_begin(). */
void pm_store_rollback(pm_store *st);

/* Records run r (pm_run_capture()) inside the open transaction and sets
 * r->id. Returns 0 or PM_EIO. */
int pm_store_add_run(pm_store *st, pm_run *r, pm_diag *diag);

/* Records the earned value of a run against baseline (inside the open
 * transaction). */
int pm_store_set_run_value(pm_store *st, long long run_id,
                           const char *baseline, long long baseline_run,
                           double bac, double pv, double ev, double ac,
                           pm_diag *diag);

/* Runs of a project (all projects when project is NULL), oldest first,
 * without their tasks. *runs is freed with pm_runs_free(). */
int pm_store_list_runs(pm_run **runs, int *n, pm_store *st,
                       const char *project, pm_diag *diag);
/* Reads run id with its tasks into *out (reset it with pm_run_reset()).
 * Returns 0, PM_EINPUT when there is no such run, or PM_EIO. */
int pm_store_load_run(pm_run *out, pm_store *st, long long id,
                      pm_diag *diag);
/* The newest run of project (any project when NULL) before run id (id 0:
 * the newest of all); *prev = 0 when there is none. */
int pm_store_previous_run(long long *prev, pm_store *st, const char *project,
                          long long id, pm_diag *diag);
/* The last `most` runs of project up to run upto (0: all), oldest first,
 * each with its tasks (for trends). *runs is freed with pm_runs_free(). */
int pm_store_recent_runs(pm_run **runs, int *n, pm_store *st,
                         const char *project, long long upto, int most,
                         pm_diag *diag);

/* Sets (or moves) baseline name of the run's project to run id. Returns 0,
 * PM_EINPUT when the run does not exist, or PM_EIO. */
int pm_store_set_baseline(pm_store *st, const char *name, long long run_id,
                          const char *created, pm_diag *diag);
/* Baselines of a project (all when NULL), by project and name. */
int pm_store_list_baselines(pm_baseline **out, int *n, pm_store *st,
                            const char *project, pm_diag *diag);
/* The run of baseline name of project; *run_id = 0 when it is not set. */
int pm_store_get_baseline(long long *run_id, pm_store *st,
                          const char *project, const char *name,
                          pm_diag *diag);

#endif
