/* import/import.h - readers that turn files into a pm_project.
 *
 * Every reader either returns 0 with *out a complete project (finished with
 * pm_project_finish()) that the caller frees with pm_project_free(), or a
 * negative PM_E* code with *out NULL and the reasons in diag as
 * file:line:col messages. A reader never hands back a half-filled model. */
#ifndef PM_IMPORT_H
#define PM_IMPORT_H

#include <stddef.h>

#include "planner/model.h"

/* What an import from another tool's format kept, approximated and
 * dropped: one item per kind of thing, with a count and the first few
 * examples. Nothing is lost silently. */
typedef enum { PM_FID_KEPT, PM_FID_APPROX, PM_FID_DROPPED } pm_fid_kind;
#define PM_FID_EXAMPLES 3
typedef struct {
    pm_fid_kind kind;
    char *what;     /* owned, e.g. "lags in elapsed days taken as working days" */
    int count;
    char *examples[PM_FID_EXAMPLES]; /* owned */
    int n_examples;
} pm_fid_item;
typedef struct {
    pm_fid_item *items; /* owned, in the order first noted */
    int n, cap;
} pm_fidelity;

/* Counts one more of (kind, what); example (printf format, may be NULL) is
 * kept for the first few. f may be NULL. */
void pm_fidelity_note(pm_fidelity *f, pm_fid_kind kind, const char *what,
                      const char *example, ...);
void pm_fidelity_reset(pm_fidelity *f);
const char *pm_fid_kind_name(pm_fid_kind k);

/* Picks the reader from the file name: .yaml/.yml native project file,
 * .xml Microsoft Project XML (MSPDI), .gan GanttProject, .sm PSPLIB
 * instance. fid (may be
 * NULL) receives the fidelity report of a foreign format. */
int pm_import_file(pm_project **out, const char *path, pm_diag *diag);
int pm_import_file_fid(pm_project **out, const char *path, pm_fidelity *fid,
                       pm_diag *diag);

/* Microsoft Project XML (MSPDI): docs/interchange.md says what maps to
 * what. */
int pm_import_mspdi(pm_project **out, const char *path, pm_fidelity *fid,
                    pm_diag *diag);
/* GanttProject (.gan). */
int pm_import_gan(pm_project **out, const char *path, pm_fidelity *fid,
                  pm_diag *diag);

/* The native YAML project file (docs/project-format.md). */
int pm_import_yaml(pm_project **out, const char *path, pm_diag *diag);
/* The same from memory; name is used in messages and to resolve relative
 * paths (tasks_csv). */
int pm_import_yaml_text(pm_project **out, const char *name, const char *text,
                        size_t len, pm_diag *diag);

/* A PSPLIB single-mode RCPSP instance (.sm): one pool per resource type, a
 * calendar where every day works, jobs as tasks named by their numbers. */
int pm_import_psplib(pm_project **out, const char *path, pm_diag *diag);

/* Reads a progress table (docs/progress.md) into p's tasks: actual start
 * and finish, percent complete, remaining duration, as of p->status_date,
 * which must be set. Marks p tracked. Rows for unknown or summary tasks,
 * dates after the status date and inconsistent rows are errors with their
 * place. Returns 0, PM_EINPUT, PM_EIO or PM_ENOMEM; on failure the caller
 * discards p. */
int pm_import_progress(pm_project *p, const char *path, pm_diag *diag);

#endif
