/* render/atomic.h - write a file under a temporary name, then rename it into
 * place, so that a reader (or a crash) never sees half a file. */
#ifndef PM_ATOMIC_H
#define PM_ATOMIC_H

#include "planner/model/diag.h"

typedef struct {
    char *final_path; /* owned */
    char *tmp_path;   /* owned: ".name.XXXXXX" beside final_path */
} pm_atomic;

/* Reserves a temporary file beside path (created empty, mode 0644 less the
 * umask). Returns 0, or PM_EIO with "cannot write 'path': reason". */
int pm_atomic_begin(pm_atomic *a, const char *path, pm_diag *diag);
/* Flushes the temporary file to disk and renames it over the final path.
 * Returns 0 or PM_EIO; the temporary file is removed either way. */
int pm_atomic_commit(pm_atomic *a, pm_diag *diag);
/* Removes the temporary file; the final path is untouched. A zeroed or
 * already committed pm_atomic is fine. */
void pm_atomic_abort(pm_atomic *a);
/* Ends a write that returned rc: aborts on failure; on success hands the
 * temporary file over in *pending when pending is not NULL (for the caller
 * to commit later), else commits it. Returns rc or the commit's result. */
int pm_atomic_finish(pm_atomic *a, int rc, pm_atomic *pending, pm_diag *diag);

/* Creates folder dir unless it exists. Returns 0, or PM_EIO when it cannot
 * be created or is not a folder. */
int pm_atomic_ensure_dir(const char *dir, pm_diag *diag);

#endif
