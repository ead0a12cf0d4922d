/* planner/store.h - the run history in one SQLite file (planner.db).
 *
 * Each run is written in one transaction: the run row and one row per task.
 * A reader sees whole runs or nothing. Schema version in PRAGMA user_version;
 * a file from a newer planner is refused, never altered. */
#ifndef PM_STORE_H
#define PM_STORE_H

#include "planner/model.h"

typedef struct pm_store pm_store;

#define PM_STORE_SCHEMA_VERSION 1

/* Opens (creating if needed) the database at path and brings its schema up
 * to date. Returns 0 with *out set (close with pm_store_close()), or PM_EIO
 * with the reason in diag. */
int pm_store_open(pm_store **out, const char *path, pm_diag *diag);
/* Closes the store; NULL is fine. */
void pm_store_close(pm_store *st);

typedef struct {
    const char *input_digest; /* hex digest of the input file(s) */
    const char *created;      /* ISO 8601 time of the run */
} pm_run_info;

/* Records a run of project p with schedule s. Returns 0 with *run_id set,
 * or PM_EIO (nothing written). */
int pm_store_add_run(pm_store *st, const pm_project *p, const pm_schedule *s,
                     const pm_run_info *info, long long *run_id,
                     pm_diag *diag);

#endif
