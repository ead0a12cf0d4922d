/* import/yaml_impl.h - what the YAML reader's files share (internal to
 * import/): the reading context and the schema walk's helpers, each of
 * which reports a bad value at its line and column. */
#ifndef PM_YAML_IMPL_H
#define PM_YAML_IMPL_H

#include "import/import.h"
#include "import/reader.h"
#include "import/yaml_tree.h"
#include "planner/model/strindex.h"

/* The state of reading one project file. */
typedef struct {
    pm_project *p;
    pm_diag *diag;
    const char *file; /* kept by the project */
    const char *path; /* as given, for tasks_csv */
    pm_strindex tix, rix, pix;
    pm_raw_deps deps;
    int oom;
} yctx;

/* Where n starts. */
pm_loc pm_yaml_at(const yctx *c, const ynode *n);
/* "a mapping", "a list" or "a single value". */
const char *pm_yaml_kind(const ynode *n);
/* Checks that n is a mapping whose keys are all in allowed (NULL-ended)
 * and appear once. Returns false (with a message) if not. */
bool pm_yaml_check_map(yctx *c, const ynode *n, const char *what,
                       const char *const *allowed);
/* The value of key in mapping n, or NULL. */
const ynode *pm_yaml_get(const ynode *n, const char *key);
/* The 'id' of mapping n when it is a single value, else NULL (no
 * message: for finding entries by id). */
const char *pm_yaml_id_of(const ynode *n);
/* The entry of list n whose id is id, or NULL. */
ynode *pm_yaml_find_by_id(const ynode *n, const char *id);
/* The text of scalar n, or NULL with a message when n is not a scalar. */
const char *pm_yaml_scalar(yctx *c, const ynode *n, const char *what);
/* A copy of s the caller owns; NULL when out of memory (c->oom set). */
char *pm_yaml_dup(yctx *c, const char *s);
/* Calls fn for each item of list n (a single value counts as a list of
 * one). */
void pm_yaml_each(yctx *c, const ynode *n,
                  void (*fn)(yctx *, const ynode *, void *), void *arg);
/* A date, a yes/no flag, an id: false (with a message) when n is none. */
bool pm_yaml_date(yctx *c, const ynode *n, const char *what, pm_date *out);
bool pm_yaml_bool(yctx *c, const ynode *n, const char *what, bool *out);
bool pm_yaml_id(yctx *c, const ynode *n, const char *what, const char **out);
/* Date ranges ("A..B" or single dates) from list n into *v, *count. */
void pm_yaml_ranges(yctx *c, const ynode *n, const char *what,
                    pm_date_range **v, int *count);
/* An amount of money (0 .. 1e12) at v, if v is given, into *out. */
void pm_yaml_amount(yctx *c, const ynode *v, const char *key, double *out);
/* The index in allowed (NULL-ended) of scalar n, or -1 with a message
 * listing the allowed words. */
int pm_yaml_match_word(yctx *c, const ynode *n, const char *what,
                       const char *const *allowed);
/* A copy of the matching word, or NULL (see pm_yaml_match_word()). */
char *pm_yaml_word(yctx *c, const ynode *n, const char *what,
                   const char *const *allowed);
/* Reads the file's scenarios into c->p (checking what each changes
 * exists) and applies the one whose id is want (NULL: none) to the tree,
 * nodes it replaces going into grave (a list freed with the tree).
 * Returns 0, PM_EINPUT (no such scenario) or PM_ENOMEM. */
int pm_yaml_scenarios(yctx *c, ynode *root, const char *want, ynode *grave);
/* Reads the project from tree root (NULL: an empty file) named name, with
 * the file's scenario of that id applied (NULL: none). Same contract as
 * the readers of import.h. */
int pm_yaml_read_project(pm_project **out, const char *name, ynode *root,
                         const char *scenario, pm_diag *diag);
/* The risk register and change requests of the project file. */
void pm_yaml_read_registers(yctx *c, const ynode *root);

#endif
