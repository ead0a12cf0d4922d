/* import/import.h - readers that turn files into a pm_project.
 *
 * Every reader either returns 0 with *out a complete project (finished with
 * pm_project_finish()) that the caller frees with pm_project_free(), or a
 * negative PM_E* code with *out NULL and the reasons in diag as
 * file:line:col messages. A reader never hands back a half-filled model. */
#ifndef PM_IMPORT_H
#define PM_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "planner/model/fidelity.h"
#include "planner/model/model.h"

/* Picks the reader from the file name: .yaml/.yml native project file (a
 * portfolio file as one project: pm_import_portfolio_file()'s all),
 * .xml Microsoft Project XML (MSPDI), .gan GanttProject, .sm PSPLIB
 * instance. fid (may be
 * NULL) receives the fidelity report of a foreign format. */
int pm_import_file(pm_project **out, const char *path, pm_diag *diag);
int pm_import_file_fid(pm_project **out, const char *path, pm_fidelity *fid,
                       pm_diag *diag);
/* The same with scenario (NULL: none) applied: only YAML files have
 * scenarios (docs/scenarios.md). */
int pm_import_file_as(pm_project **out, const char *path, const char *scenario,
                      pm_fidelity *fid, pm_diag *diag);

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
/* Both with the file's scenario of that id applied (NULL: the plan as
 * written); an unknown id is an error. */
int pm_import_yaml_as(pm_project **out, const char *path, const char *scenario,
                      pm_diag *diag);
int pm_import_yaml_text_as(pm_project **out, const char *name,
                           const char *text, size_t len, const char *scenario,
                           pm_diag *diag);

/* A portfolio: projects that share people and pools, scheduled as one
 * (docs/portfolio.md). */
typedef struct {
    const char *path; /* a YAML project file */
    int priority;     /* 0..4: its tasks are at most this urgent; -1 */
} pm_portfolio_entry;

typedef struct {
    pm_project *all;       /* owned: every project, each a top-level summary
                              task over its WBS; people and pools joined by
                              id */
    pm_project **projects; /* owned: each file read alone (its name,
                              registers, start), n */
    int *root;             /* the summary task of project k in all */
    int *priority;         /* as given, -1: none */
    int n;
} pm_portfolio;

/* Reads the n project files as one portfolio named name. Task ids must be
 * unique over the portfolio; a person or pool with the same id in two files
 * is the same one (a person must be defined alike), and the files share
 * one calendar. Same contract as the readers above. */
int pm_import_portfolio(pm_portfolio *out, const char *name,
                        const pm_portfolio_entry *e, int n, pm_diag *diag);
/* A portfolio file: 'portfolio: NAME' and 'projects: [{file, priority}]',
 * files relative to it. */
int pm_import_portfolio_file(pm_portfolio *out, const char *path,
                             pm_diag *diag);
/* Whether path is a YAML file whose first top-level key is 'portfolio'
 * or 'projects' (reads no further). */
bool pm_is_portfolio_file(const char *path);
void pm_portfolio_reset(pm_portfolio *pf);

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
