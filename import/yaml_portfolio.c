/* import/yaml_portfolio.c - several projects that share people and pools
 * read as one (docs/portfolio.md). Each project file is parsed into its
 * tree; one tree is built over them, each project a top-level summary
 * task holding its WBS, people and pools joined by id; the usual reader
 * turns it into one project, every message at its own file's line and
 * column. Each file is also read alone, for its name, registers and
 * start, and to check that a person or calendar the projects share is the
 * same in each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "import/units.h"
#include "import/yaml_impl.h"

/* Nodes this reader made (the rest belong to the files' trees). */
typedef struct {
    ynode **v;
    int n, cap;
    bool oom;
} made;

static ynode *make(made *m, int kind, const char *text, const ynode *at)
{
    ynode *n = calloc(1, sizeof *n);
    if (n && text && !(n->text = strdup(text))) {
        free(n);
        n = NULL;
    }
    if (n && m->n == m->cap) {
        int cap = m->cap ? m->cap * 2 : 32;
        ynode **v = realloc(m->v, (size_t)cap * sizeof *v);
        if (!v) {
            free(n->text);
            free(n);
            n = NULL;
        } else {
            m->v = v;
            m->cap = cap;
        }
    }
    if (!n) {
        m->oom = true;
        return NULL;
    }
    m->v[m->n++] = n;
    n->kind = kind;
    n->plain = true;
    if (at) {
        n->line = at->line;
        n->col = at->col;
        n->file = at->file;
    }
    return n;
}

/* Frees what make() made, not what it points to. */
static void unmake(made *m)
{
    for (int i = 0; i < m->n; i++) {
        free(m->v[i]->kids);
        free(m->v[i]->text);
        free(m->v[i]);
    }
    free(m->v);
}

static void put(made *m, ynode *map, const char *key, ynode *value)
{
    ynode *k = make(m, Y_SCALAR, key, value);
    if (!k || !value || pm_ytree_append(map, k) != PM_OK ||
        pm_ytree_append(map, value) != PM_OK) {
        m->oom = true;
    }
}

/* Appends the items of list (a file's pools or resources) to into whose
 * id is not there yet: the first definition stands for all. */
static void join_by_id(made *m, ynode *into, const ynode *list)
{
    for (int i = 0; list && list->kind == Y_SEQ && i < list->n; i++) {
        const char *id = pm_yaml_id_of(list->kids[i]);
        bool seen = id && pm_yaml_find_by_id(into, id);
        if (!seen && pm_ytree_append(into, list->kids[i]) != PM_OK) {
            m->oom = true;
        }
    }
}

/* The key of project k among the top-level tasks: its file's name without
 * folder and extension. */
static void project_key(char *buf, size_t size, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(buf, size, "%s", base);
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf) {
        *dot = '\0';
    }
}

/* Builds the tree of the portfolio named name over the files' roots. */
static ynode *portfolio_tree(made *m, const char *name, ynode **roots,
                             const pm_portfolio_entry *e, int n)
{
    ynode *root = make(m, Y_MAP, NULL, roots[0]);
    ynode *pools = make(m, Y_SEQ, NULL, roots[0]);
    ynode *people = make(m, Y_SEQ, NULL, roots[0]);
    ynode *tasks = make(m, Y_SEQ, NULL, roots[0]);
    if (!root || !pools || !people || !tasks) {
        return NULL;
    }
    put(m, root, "project", make(m, Y_SCALAR, name, roots[0]));
    /* The earliest start; the project file's settings of the first. */
    const ynode *start = NULL;
    pm_date first = PM_NO_DATE;
    for (int k = 0; k < n; k++) {
        const ynode *s = pm_yaml_get(roots[k], "start");
        pm_date d;
        if (s && s->kind == Y_SCALAR &&
            pm_date_parse(s->text, strlen(s->text), &d) &&
            (first == PM_NO_DATE || d < first)) {
            first = d;
            start = s;
        }
    }
    if (start) {
        put(m, root, "start", (ynode *)start);
    }
    static const char *const shared[] = {"calendar",   "status_date",
                                         "deadlines",  "priorities",
                                         "language",   "cost_of_delay"};
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++) {
        ynode *v = (ynode *)pm_yaml_get(roots[0], shared[i]);
        if (v) {
            put(m, root, shared[i], v);
        }
    }
    for (int k = 0; k < n; k++) {
        join_by_id(m, pools, pm_yaml_get(roots[k], "pools"));
        join_by_id(m, people, pm_yaml_get(roots[k], "resources"));
        /* the project as a summary task over its WBS */
        char key[128];
        project_key(key, sizeof key, e[k].path);
        ynode *t = make(m, Y_MAP, NULL, roots[k]);
        const ynode *pn = pm_yaml_get(roots[k], "project");
        const ynode *wbs = pm_yaml_get(roots[k], "tasks");
        if (!t) {
            break;
        }
        put(m, t, "id", make(m, Y_SCALAR, key, roots[k]));
        if (pn) {
            put(m, t, "name", (ynode *)pn);
        }
        ynode *s = (ynode *)pm_yaml_get(roots[k], "start");
        if (s && s != start) {
            put(m, t, "release", s);
        }
        if (wbs) {
            put(m, t, "children", (ynode *)wbs);
        }
        if (pm_ytree_append(tasks, t) != PM_OK) {
            m->oom = true;
        }
    }
    if (pools->n > 0) {
        put(m, root, "pools", pools);
    }
    if (people->n > 0) {
        put(m, root, "resources", people);
    }
    put(m, root, "tasks", tasks);
    return m->oom ? NULL : root;
}

static bool same_leave(const pm_resource *a, const pm_resource *b)
{
    if (a->n_vacations != b->n_vacations) {
        return false;
    }
    for (int i = 0; i < a->n_vacations; i++) {
        if (a->vacations[i].first != b->vacations[i].first ||
            a->vacations[i].last != b->vacations[i].last) {
            return false;
        }
    }
    return true;
}

static bool same_calendar(const pm_calendar *a, const pm_calendar *b)
{
    if (a->workdays != b->workdays || a->hours_per_day != b->hours_per_day ||
        a->slots_per_day != b->slots_per_day ||
        a->n_holidays != b->n_holidays) {
        return false;
    }
    for (int i = 0; i < a->n_holidays; i++) {
        if (a->holidays[i].first != b->holidays[i].first ||
            a->holidays[i].last != b->holidays[i].last) {
            return false;
        }
    }
    return true;
}

/* What the projects share must be the same in each file: the calendar,
 * and each person's time, reserve, day rate and leave. */
static void check_shared(const pm_portfolio *pf, pm_diag *diag)
{
    const pm_project *a = pf->projects[0];
    for (int k = 1; k < pf->n; k++) {
        const pm_project *b = pf->projects[k];
        if (!same_calendar(&a->cal, &b->cal)) {
            pm_loc l = {b->source, 1, 1};
            pm_diag_error(diag, &l,
                          "the projects of a portfolio share one calendar; "
                          "this one's differs from %s's (workdays, hours, "
                          "granularity or holidays)",
                          a->source);
        }
    }
    for (int k = 1; k < pf->n; k++) {
        const pm_project *b = pf->projects[k];
        for (int r = 0; r < b->n_resources; r++) {
            const pm_resource *y = &b->resources[r];
            for (int j = 0; j < k && y->outsourced_pool < 0; j++) {
                const pm_project *o = pf->projects[j];
                int x = -1;
                for (int i = 0; i < o->n_resources && x < 0; i++) {
                    if (strcmp(o->resources[i].id, y->id) == 0) {
                        x = i;
                    }
                }
                if (x < 0) {
                    continue;
                }
                const pm_resource *w = &o->resources[x];
                if (w->max_units != y->max_units || w->reserve != y->reserve ||
                    w->cost_per_day != y->cost_per_day ||
                    !same_leave(w, y)) {
                    pm_diag_error(diag, &y->loc,
                                  "person '%s' is defined differently here "
                                  "than at %s:%d:%d (give the same "
                                  "availability, reserve, day rate and leave "
                                  "in both)",
                                  y->id, w->loc.file ? w->loc.file : "",
                                  w->loc.line, w->loc.col);
                }
                break;
            }
        }
    }
}

int pm_import_portfolio(pm_portfolio *out, const char *name,
                        const pm_portfolio_entry *e, int n, pm_diag *diag)
{
    memset(out, 0, sizeof *out);
    ynode **roots = calloc((size_t)n + 1, sizeof *roots);
    char **texts = calloc((size_t)n + 1, sizeof *texts);
    out->projects = calloc((size_t)n + 1, sizeof *out->projects);
    out->root = calloc((size_t)n + 1, sizeof *out->root);
    out->priority = calloc((size_t)n + 1, sizeof *out->priority);
    if (!roots || !texts || !out->projects || !out->root || !out->priority) {
        free(roots);
        free(texts);
        pm_portfolio_reset(out);
        return PM_ENOMEM;
    }
    out->n = n;
    int rc = PM_OK, errors = diag->n_errors;
    for (int k = 0; k < n && rc != PM_ENOMEM; k++) {
        out->priority[k] = e[k].priority;
        int r = pm_import_yaml(&out->projects[k], e[k].path, diag);
        size_t len = 0;
        if (r == PM_OK) {
            r = pm_read_file(&texts[k], &len, e[k].path, diag);
        }
        if (r == PM_OK) {
            r = pm_ytree_read(&roots[k], e[k].path, texts[k], len, diag);
        }
        const ynode *csv = r == PM_OK && roots[k] && roots[k]->kind == Y_MAP
                               ? pm_yaml_get(roots[k], "tasks_csv")
                               : NULL;
        if (csv) {
            pm_loc l = {e[k].path, csv->line, csv->col};
            pm_diag_error(diag, &l,
                          "a project of a portfolio lists its tasks in its "
                          "file ('tasks'), not in tasks_csv");
        }
        rc = r != PM_OK ? r : rc;
    }
    if (rc == PM_OK && diag->n_errors == errors) {
        check_shared(out, diag);
    }
    for (int k = 0; rc == PM_OK && k < n; k++) {
        char key[128];
        project_key(key, sizeof key, e[k].path);
        for (int j = 0; j < k; j++) {
            char other[128];
            project_key(other, sizeof other, e[j].path);
            if (strcmp(key, other) == 0) {
                pm_loc l = {e[k].path, 1, 1};
                pm_diag_error(diag, &l,
                              "two projects of the portfolio are named "
                              "'%s' by their files (%s and %s)",
                              key, e[j].path, e[k].path);
            }
        }
    }
    made m = {0};
    if (rc == PM_OK && diag->n_errors == errors) {
        ynode *tree = portfolio_tree(&m, name, roots, e, n);
        rc = !tree ? PM_ENOMEM
                   : pm_yaml_read_project(&out->all, e[0].path, tree, NULL,
                                          diag);
    } else if (rc == PM_OK) {
        rc = PM_EINPUT;
    }
    unmake(&m);
    for (int k = 0; k < n; k++) {
        pm_ytree_free(roots[k]);
        free(texts[k]);
    }
    free(roots);
    free(texts);
    for (int k = 0; rc == PM_OK && k < n; k++) {
        char key[128];
        project_key(key, sizeof key, e[k].path);
        out->root[k] = pm_project_find_task(out->all, key);
        /* The project's priority bounds how urgent its tasks are. */
        pm_project *all = out->all;
        int root = out->root[k], prio = e[k].priority;
        for (int i = root + 1;
             prio >= 0 && i < all->n_tasks &&
             all->tasks[i].level > all->tasks[root].level;
             i++) {
            if (all->tasks[i].priority < prio) {
                all->tasks[i].priority = prio;
            }
        }
    }
    if (rc != PM_OK) {
        pm_portfolio_reset(out);
    }
    return rc;
}

void pm_portfolio_reset(pm_portfolio *pf)
{
    for (int k = 0; pf->projects && k < pf->n; k++) {
        pm_project_free(pf->projects[k]);
    }
    free(pf->projects);
    free(pf->root);
    free(pf->priority);
    pm_project_free(pf->all);
    memset(pf, 0, sizeof *pf);
}

int pm_import_portfolio_file(pm_portfolio *out, const char *path,
                             pm_diag *diag)
{
    memset(out, 0, sizeof *out);
    char *text = NULL;
    size_t len = 0;
    ynode *root = NULL;
    int rc = pm_read_file(&text, &len, path, diag);
    if (rc == PM_OK) {
        rc = pm_ytree_read(&root, path, text, len, diag);
    }
    yctx c = {.diag = diag, .path = path, .file = path};
    static const char *const keys[] = {"portfolio", "projects", NULL};
    static const char *const pkeys[] = {"file", "priority", NULL};
    const ynode *list = NULL, *nm = NULL;
    int errors = diag->n_errors;
    if (rc == PM_OK && !root) {
        pm_loc l = {path, 1, 1};
        pm_diag_error(diag, &l, "the portfolio file is empty");
    } else if (rc == PM_OK &&
               pm_yaml_check_map(&c, root, "the portfolio file", keys)) {
        nm = pm_yaml_get(root, "portfolio");
        list = pm_yaml_get(root, "projects");
        if (!list || list->kind != Y_SEQ || list->n == 0) {
            pm_loc l = pm_yaml_at(&c, list ? list : root);
            pm_diag_error(diag, &l,
                          "the portfolio file lists no 'projects' "
                          "(- { file: a.yaml, priority: P1 })");
            list = NULL;
        }
    }
    pm_portfolio_entry *e =
        list ? calloc((size_t)list->n, sizeof *e) : NULL;
    char **paths = list ? calloc((size_t)list->n, sizeof *paths) : NULL;
    int n = 0;
    for (int i = 0; e && paths && i < list->n; i++) {
        const ynode *item = list->kids[i];
        if (!pm_yaml_check_map(&c, item, "project", pkeys)) {
            continue;
        }
        const ynode *f = pm_yaml_get(item, "file");
        const char *s = f ? pm_yaml_scalar(&c, f, "file") : NULL;
        if (!f) {
            pm_loc l = pm_yaml_at(&c, item);
            pm_diag_error(diag, &l, "project has no 'file'");
            continue;
        }
        if (!s) {
            continue;
        }
        const char *slash = strrchr(path, '/');
        if (s[0] != '/' && slash &&
            asprintf(&paths[n], "%.*s/%s", (int)(slash - path), path, s) < 0) {
            paths[n] = NULL;
        } else if (s[0] == '/' || !slash) {
            paths[n] = strdup(s);
        }
        if (!paths[n]) {
            rc = PM_ENOMEM;
            break;
        }
        e[n].path = paths[n];
        e[n].priority = -1;
        const ynode *p = pm_yaml_get(item, "priority");
        const char *ps = p ? pm_yaml_scalar(&c, p, "priority") : NULL;
        if (ps && !pm_parse_priority(ps, &e[n].priority)) {
            pm_loc l = pm_yaml_at(&c, p);
            pm_diag_error(diag, &l,
                          "priority '%.20s' is not valid (expected P0 to P4)",
                          ps);
        }
        n++;
    }
    const char *name = nm && nm->kind == Y_SCALAR ? nm->text : "Portfolio";
    if (rc == PM_OK && list && (!e || !paths)) {
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK && (diag->n_errors > errors || !list)) {
        rc = PM_EINPUT;
    }
    if (rc == PM_OK) {
        rc = pm_import_portfolio(out, name, e, n, diag);
    }
    for (int i = 0; paths && i < n; i++) {
        free(paths[i]);
    }
    free(paths);
    free(e);
    pm_ytree_free(root);
    free(text);
    return rc;
}

bool pm_is_portfolio_file(const char *path)
{
    size_t n = strlen(path);
    if (n < 5 || (strcmp(path + n - 5, ".yaml") != 0 &&
                  strcmp(path + n - 4, ".yml") != 0)) {
        return false;
    }
    /* Only up to the first top-level key: a portfolio file's are
     * 'portfolio' and 'projects', which no project file has. */
    FILE *f = fopen(path, "r");
    char line[256];
    bool found = false, key = false;
    while (f && !key && fgets(line, sizeof line, f)) {
        key = line[0] != '#' && line[0] != ' ' && line[0] != '\n' &&
              line[0] != '\r' && line[0] != '-' &&
              strncmp(line, "---", 3) != 0;
        found = key && (strncmp(line, "portfolio:", 10) == 0 ||
                        strncmp(line, "projects:", 9) == 0);
    }
    if (f) {
        fclose(f);
    }
    return found;
}
