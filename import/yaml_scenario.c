/* import/yaml_scenario.c - what-if variants in the project file
 * (docs/scenarios.md). A scenario changes people, tasks and pools by id
 * and adds people; applying it merges its entries into the document tree
 * before the project is read, so everything it sets is checked as if the
 * file said it, at the scenario's own lines and columns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/yaml_impl.h"

/* Nodes taken out of the tree while merging: freed with it. */
typedef struct {
    ynode *grave; /* a list that owns them */
} merge;

/* The task with id in the WBS list n (children included), or NULL. */
static ynode *find_task(const ynode *n, const char *id, int depth)
{
    for (int i = 0; depth < 21 && n && n->kind == Y_SEQ && i < n->n; i++) {
        const ynode *t = n->kids[i];
        const char *k = pm_yaml_id_of(t);
        if (k && strcmp(k, id) == 0) {
            return n->kids[i];
        }
        ynode *in = find_task(t && t->kind == Y_MAP
                                  ? pm_yaml_get(t, "children")
                                  : NULL,
                              id, depth + 1);
        if (in) {
            return in;
        }
    }
    return NULL;
}

/* Index of key in mapping n's items, or -1. */
static int key_at(const ynode *n, const char *key)
{
    for (int i = 0; i + 1 < n->n; i += 2) {
        if (n->kids[i] && n->kids[i]->kind == Y_SCALAR &&
            strcmp(n->kids[i]->text, key) == 0) {
            return i;
        }
    }
    return -1;
}

/* Takes key and its value out of mapping n. */
static int drop_key(merge *m, ynode *n, const char *key)
{
    int k = key_at(n, key);
    if (k < 0) {
        return PM_OK;
    }
    if (pm_ytree_append(m->grave, n->kids[k]) != PM_OK ||
        pm_ytree_append(m->grave, n->kids[k + 1]) != PM_OK) {
        return PM_ENOMEM;
    }
    memmove(&n->kids[k], &n->kids[k + 2],
            (size_t)(n->n - k - 2) * sizeof *n->kids);
    n->n -= 2;
    return PM_OK;
}

/* Every key of change but its id replaces or joins the same key of
 * target; the change's nodes move into the tree. A duration replaces an
 * effort and the other way round. */
static int merge_entry(merge *m, ynode *target, ynode *change)
{
    int rc = PM_OK;
    for (int i = 0; rc == PM_OK && i + 1 < change->n; i += 2) {
        ynode *key = change->kids[i], *value = change->kids[i + 1];
        if (!key || strcmp(key->text, "id") == 0) {
            continue;
        }
        if (strcmp(key->text, "duration") == 0) {
            rc = drop_key(m, target, "effort");
        } else if (strcmp(key->text, "effort") == 0) {
            rc = drop_key(m, target, "duration");
        }
        int k = key_at(target, key->text);
        if (rc != PM_OK) {
            break;
        }
        if (k >= 0) {
            rc = pm_ytree_append(m->grave, target->kids[k + 1]);
            if (rc == PM_OK) {
                target->kids[k + 1] = value;
                change->kids[i + 1] = NULL;
            }
        } else if ((rc = pm_ytree_append(target, key)) == PM_OK) {
            change->kids[i] = NULL;
            if ((rc = pm_ytree_append(target, value)) == PM_OK) {
                change->kids[i + 1] = NULL;
            } else {
                target->n--; /* the key alone would be half an entry */
                change->kids[i] = key;
            }
        }
    }
    return rc;
}

/* What a scenario may change, and where the project keeps it. */
typedef struct {
    const char *key;  /* in the scenario */
    const char *what; /* in messages */
    const char *root; /* the project's list */
} part;

static const part parts[] = {
    {"resources", "person", "resources"},
    {"tasks", "task", "tasks"},
    {"pools", "pool", "pools"},
};

static ynode *find_target(const ynode *root, const part *pt, const char *id)
{
    const ynode *list = pm_yaml_get(root, pt->root);
    return strcmp(pt->key, "tasks") == 0 ? find_task(list, id, 0)
                                         : pm_yaml_find_by_id(list, id);
}

/* Checks scenario s's changes against the project's ids; with apply, merges
 * them and appends its new people. */
static void check_changes(yctx *c, ynode *root, ynode *s, const char *sid,
                          merge *m)
{
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
        const part *pt = &parts[k];
        ynode *list = (ynode *)pm_yaml_get(s, pt->key);
        if (!list) {
            continue;
        }
        if (list->kind != Y_SEQ) {
            pm_loc l = pm_yaml_at(c, list);
            pm_diag_error(c->diag, &l, "scenario '%s': %s must be a list",
                          sid, pt->key);
            continue;
        }
        if (k == 1 && !pm_yaml_get(root, "tasks")) {
            pm_loc l = pm_yaml_at(c, list);
            pm_diag_error(c->diag, &l,
                          "scenario '%s' changes tasks, which the project "
                          "file does not list itself (tasks_csv)",
                          sid);
            continue;
        }
        for (int i = 0; i < list->n; i++) {
            ynode *e = list->kids[i];
            const ynode *idn = e && e->kind == Y_MAP ? pm_yaml_get(e, "id")
                                                     : NULL;
            const char *id;
            if (!idn) {
                pm_loc l = pm_yaml_at(c, e);
                pm_diag_error(c->diag, &l,
                              "scenario '%s': each change of %s needs the "
                              "'id' of the %s it changes",
                              sid, pt->key, pt->what);
                continue;
            }
            if (!pm_yaml_id(c, idn, "id", &id)) {
                continue;
            }
            ynode *target = find_target(root, pt, id);
            if (!target || target->kind != Y_MAP) {
                pm_loc l = pm_yaml_at(c, idn);
                pm_diag_error(c->diag, &l,
                              "scenario '%s' changes %s '%s', which the "
                              "project does not have%s",
                              sid, pt->what, id,
                              k == 0 ? " (new people go in add_resources)"
                                     : "");
                continue;
            }
            if (k == 1 && pm_yaml_get(e, "children")) {
                pm_loc l = pm_yaml_at(c, pm_yaml_get(e, "children"));
                pm_diag_error(c->diag, &l,
                              "scenario '%s' cannot change the WBS "
                              "(children of '%s')",
                              sid, id);
                continue;
            }
            if (m && merge_entry(m, target, e) != PM_OK) {
                c->oom = 1;
            }
        }
    }
    ynode *add = (ynode *)pm_yaml_get(s, "add_resources");
    if (!add) {
        return;
    }
    if (add->kind != Y_SEQ) {
        pm_loc l = pm_yaml_at(c, add);
        pm_diag_error(c->diag, &l, "scenario '%s': add_resources must be a "
                      "list", sid);
        return;
    }
    ynode *people = (ynode *)pm_yaml_get(root, "resources");
    for (int i = 0; i < add->n; i++) {
        const char *id = pm_yaml_id_of(add->kids[i]);
        if (id && pm_yaml_find_by_id(people, id)) {
            pm_loc l = pm_yaml_at(c, pm_yaml_get(add->kids[i], "id"));
            pm_diag_error(c->diag, &l,
                          "scenario '%s' adds '%s', who is already in "
                          "resources (change people under 'resources')",
                          sid, id);
        } else if (m && people && people->kind == Y_SEQ) {
            if (pm_ytree_append(people, add->kids[i]) != PM_OK) {
                c->oom = 1;
            } else {
                add->kids[i] = NULL;
            }
        } else if (m) {
            pm_loc l = pm_yaml_at(c, add);
            pm_diag_error(c->diag, &l,
                          "scenario '%s' adds people to a project without "
                          "a resources list",
                          sid);
        }
    }
}

int pm_yaml_scenarios(yctx *c, ynode *root, const char *want, ynode *grave)
{
    static const char *const keys[] = {"id",    "name",          "resources",
                                       "tasks", "add_resources", "pools",
                                       NULL};
    ynode *list = root->kind == Y_MAP ? (ynode *)pm_yaml_get(root, "scenarios")
                                      : NULL;
    pm_project *p = c->p;
    if (list && list->kind != Y_SEQ) {
        pm_loc l = pm_yaml_at(c, list);
        pm_diag_error(c->diag, &l, "scenarios must be a list");
        list = NULL;
    }
    if (list && list->n > 0 &&
        !(p->scenarios = calloc((size_t)list->n, sizeof *p->scenarios))) {
        return PM_ENOMEM;
    }
    ynode *chosen = NULL;
    for (int i = 0; list && i < list->n; i++) {
        ynode *s = list->kids[i];
        if (!pm_yaml_check_map(c, s, "scenario", keys)) {
            continue;
        }
        const ynode *v = pm_yaml_get(s, "id");
        const char *id;
        if (!v) {
            pm_loc l = pm_yaml_at(c, s);
            pm_diag_error(c->diag, &l, "scenario has no 'id'");
            continue;
        }
        if (!pm_yaml_id(c, v, "scenario id", &id)) {
            continue;
        }
        for (int k = 0; k < p->n_scenarios; k++) {
            if (strcmp(p->scenarios[k].id, id) == 0) {
                pm_loc l = pm_yaml_at(c, v);
                pm_diag_error(c->diag, &l,
                              "duplicate scenario id '%s' (first at line %d)",
                              id, p->scenarios[k].loc.line);
            }
        }
        const ynode *nm = pm_yaml_get(s, "name");
        const char *name = nm ? pm_yaml_scalar(c, nm, "scenario name") : NULL;
        pm_scenario *sc = &p->scenarios[p->n_scenarios++];
        sc->id = pm_yaml_dup(c, id);
        sc->name = pm_yaml_dup(c, name ? name : id);
        sc->loc = pm_yaml_at(c, s);
        if (want && strcmp(want, id) == 0) {
            chosen = s;
            p->scenario = p->n_scenarios - 1;
        } else {
            check_changes(c, root, s, id, NULL);
        }
    }
    if (want && !chosen) {
        pm_loc l = list ? pm_yaml_at(c, list) : pm_yaml_at(c, root);
        char names[200] = "";
        for (int k = 0; k < p->n_scenarios; k++) {
            size_t len = strlen(names);
            snprintf(names + len, sizeof names - len, "%s'%s'", k ? ", " : "",
                     p->scenarios[k].id);
        }
        pm_diag_error(c->diag, &l, "the project has no scenario '%s' (%s%s)",
                      want, p->n_scenarios ? "it has " : "it has none",
                      names);
        return PM_EINPUT;
    }
    if (chosen) {
        merge m = {grave};
        check_changes(c, root, chosen, want, &m);
    }
    return c->oom ? PM_ENOMEM : PM_OK;
}
