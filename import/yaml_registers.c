/* import/yaml_registers.c - the risk register and the change requests of
 * the project file (docs/project-format.md, "Risks and change
 * requests"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/units.h"
#include "import/yaml_impl.h"

/* Where the task ids of an entry go. */
typedef struct {
    int **tasks;
    int *n;
} task_refs;

static void add_task_ref(yctx *c, const ynode *n, void *arg)
{
    task_refs *r = arg;
    const char *id = pm_yaml_scalar(c, n, "task");
    if (!id) {
        return;
    }
    int t = pm_strindex_find(&c->tix, id);
    if (t < 0) {
        pm_loc l = pm_yaml_at(c, n);
        pm_diag_error(c->diag, &l, "unknown task '%.60s'", id);
        return;
    }
    int *v = realloc(*r->tasks, (size_t)(*r->n + 1) * sizeof *v);
    if (!v) {
        c->oom = 1;
        return;
    }
    v[(*r->n)++] = t;
    *r->tasks = v;
}

/* The fields risks and change requests share: id (unique), title, tasks. */
static bool read_entry(yctx *c, const ynode *n, const char *what,
                       pm_strindex *ids, char **id_out, char **title,
                       int **tasks, int *n_tasks)
{
    const ynode *v = pm_yaml_get(n, "id");
    const char *id;
    if (!v) {
        pm_loc l = pm_yaml_at(c, n);
        pm_diag_error(c->diag, &l, "%s has no 'id'", what);
        return false;
    }
    if (!pm_yaml_id(c, v, what, &id)) {
        return false;
    }
    *id_out = pm_yaml_dup(c, id);
    if (*id_out && pm_strindex_add(ids, *id_out, 0) == 1) {
        pm_loc l = pm_yaml_at(c, v);
        pm_diag_error(c->diag, &l, "duplicate %s id '%s'", what, id);
    }
    const ynode *t = pm_yaml_get(n, "title");
    const char *s = t ? pm_yaml_scalar(c, t, "title") : NULL;
    if (!t) {
        pm_loc l = pm_yaml_at(c, n);
        pm_diag_error(c->diag, &l, "%s '%s' has no 'title'", what, id);
    }
    *title = pm_yaml_dup(c, s ? s : id);
    if ((v = pm_yaml_get(n, "tasks"))) {
        task_refs r = {tasks, n_tasks};
        pm_yaml_each(c, v, add_task_ref, &r);
    }
    return true;
}

/* Impact 1..5, as a number or a word. */
static bool parse_impact(const char *s, int *out)
{
    static const struct {
        const char *word;
        int level;
    } words[] = {{"very low", 1},  {"low", 2},      {"medium", 3}, {"high", 4},
                 {"very high", 5}, {"critical", 5}, {"低", 2},     {"中", 3},
                 {"高", 4},        {"极高", 5}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strcasecmp(s, words[i].word) == 0) {
            *out = words[i].level;
            return true;
        }
    }
    double v;
    if (pm_parse_number(s, 1, 5, &v) && v == (int)v) {
        *out = (int)v;
        return true;
    }
    return false;
}

static void read_risk(yctx *c, const ynode *n, void *arg)
{
    pm_strindex *ids = arg;
    static const char *const keys[] = {"id",     "title", "probability",
                                       "impact", "owner", "mitigation",
                                       "status", "tasks", NULL};
    static const char *const states[] = {"open",     "watching", "mitigating",
                                         "occurred", "closed",   NULL};
    if (!pm_yaml_check_map(c, n, "risk", keys)) {
        return;
    }
    pm_risk *r = pm_project_add_risk(c->p);
    if (!r) {
        c->oom = 1;
        return;
    }
    r->loc = pm_yaml_at(c, n);
    if (!read_entry(c, n, "risk", ids, &r->id, &r->title, &r->tasks,
                    &r->n_tasks)) {
        return;
    }
    const ynode *v;
    const char *s;
    r->probability = 50;
    if ((v = pm_yaml_get(n, "probability")) &&
        (s = pm_yaml_scalar(c, v, "probability")) &&
        !pm_parse_percent(s, &r->probability)) {
        pm_loc l = pm_yaml_at(c, v);
        pm_diag_error(c->diag, &l,
                      "probability '%.40s' is not valid (expected 0%% to "
                      "100%%)",
                      s);
    }
    r->impact = 3;
    if ((v = pm_yaml_get(n, "impact")) &&
        (s = pm_yaml_scalar(c, v, "impact")) && !parse_impact(s, &r->impact)) {
        pm_loc l = pm_yaml_at(c, v);
        pm_diag_error(c->diag, &l,
                      "impact '%.40s' is not valid (expected 1 to 5, or low, "
                      "medium, high, critical)",
                      s);
    }
    if ((v = pm_yaml_get(n, "owner")) && (s = pm_yaml_scalar(c, v, "owner")) &&
        (r->owner = pm_strindex_find(&c->rix, s)) < 0) {
        pm_loc l = pm_yaml_at(c, v);
        pm_diag_error(c->diag, &l, "unknown resource '%.60s' in owner", s);
    }
    if ((v = pm_yaml_get(n, "mitigation")) &&
        (s = pm_yaml_scalar(c, v, "mitigation"))) {
        r->mitigation = pm_yaml_dup(c, s);
    }
    r->status = (v = pm_yaml_get(n, "status"))
                    ? pm_yaml_word(c, v, "risk status", states)
                    : pm_yaml_dup(c, "open");
}

static void read_change(yctx *c, const ynode *n, void *arg)
{
    pm_strindex *ids = arg;
    static const char *const keys[] = {"id",   "title", "status",
                                       "date", "tasks", NULL};
    static const char *const states[] = {"proposed", "approved", "rejected",
                                         "done", NULL};
    if (!pm_yaml_check_map(c, n, "change request", keys)) {
        return;
    }
    pm_change *ch = pm_project_add_change(c->p);
    if (!ch) {
        c->oom = 1;
        return;
    }
    ch->loc = pm_yaml_at(c, n);
    if (!read_entry(c, n, "change request", ids, &ch->id, &ch->title,
                    &ch->tasks, &ch->n_tasks)) {
        return;
    }
    const ynode *v;
    if ((v = pm_yaml_get(n, "date"))) {
        pm_yaml_date(c, v, "date", &ch->date);
    }
    ch->status = (v = pm_yaml_get(n, "status"))
                     ? pm_yaml_word(c, v, "change request status", states)
                     : pm_yaml_dup(c, "proposed");
}

/* The risk register and the change requests (after the tasks). */
void pm_yaml_read_registers(yctx *c, const ynode *root)
{
    const struct {
        const char *key;
        void (*fn)(yctx *, const ynode *, void *);
    } lists[] = {{"risks", read_risk}, {"changes", read_change}};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const ynode *v = pm_yaml_get(root, lists[i].key);
        if (!v) {
            continue;
        }
        if (v->kind != Y_SEQ) {
            pm_loc l = pm_yaml_at(c, v);
            pm_diag_error(c->diag, &l, "%s must be a list", lists[i].key);
            continue;
        }
        pm_strindex ids = PM_STRINDEX_INIT;
        pm_yaml_each(c, v, lists[i].fn, &ids);
        pm_strindex_reset(&ids);
    }
}
