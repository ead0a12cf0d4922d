/* import/csv.c - the WBS table as CSV (docs/project-format.md, "CSV").
 *
 * One row per task; a header row names the columns. The 'wbs' column gives
 * the hierarchy ("1", "1.2", "1.2.3"); rows may come in any order and are
 * sorted by code. import/table.c reads the cells with their positions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/reader.h"
#include "import/table.h"
#include "import/units.h"

enum {
    COL_WBS, COL_ID, COL_NAME, COL_DURATION, COL_EFFORT, COL_MILESTONE,
    COL_OWNER, COL_NEEDS, COL_PREDECESSORS, COL_PRIORITY, COL_RELEASE,
    COL_DEADLINE, COL_START, COL_NOTES, COL_ESTIMATE,
    COL_SCHEDULED_START, COL_SCHEDULED_FINISH, /* written by export, read
                                                  as information only */
    N_COLS
};

static const char *const col_names[N_COLS] = {
    "wbs",      "id",       "name",         "duration", "effort",
    "milestone", "owner",   "needs",        "predecessors", "priority",
    "release",  "deadline", "start",        "notes",    "estimate",
    "scheduled_start", "scheduled_finish"};

typedef struct {
    pm_cell *f;  /* the row's cells, indexed by COL_* */
    int line;
    int *code;   /* WBS code components */
    int n_code;
    int row;     /* 1-based place among the data rows, in file order: the
                    row ID Microsoft Project numbers predecessors by */
    int task;    /* the task made from it, or -1 */
} crow;

typedef struct {
    const char *file;
    pm_diag *diag;
    const pm_table *table;
} cctx;

static const pm_col_alias aliases[] = {
    {"wbs code", COL_WBS},    {"outline", COL_WBS},
    {"task id", COL_ID},      {"task", COL_NAME},
    {"task name", COL_NAME},  {"depends", COL_PREDECESSORS},
    {"after", COL_PREDECESSORS}, {"resources", COL_NEEDS},
    {"编号", COL_WBS},         {"标识", COL_ID},
    {"名称", COL_NAME},        {"任务名称", COL_NAME},
    {"工期", COL_DURATION},    {"工作量", COL_EFFORT},
    {"里程碑", COL_MILESTONE}, {"负责人", COL_OWNER},
    {"资源", COL_NEEDS},       {"前置任务", COL_PREDECESSORS},
    {"优先级", COL_PRIORITY},  {"截止日期", COL_DEADLINE},
    {"备注", COL_NOTES},
};

static const pm_table_spec spec = {
    col_names, N_COLS, aliases, (int)(sizeof aliases / sizeof aliases[0]),
    "the table"};

/* Parses "1.2.3" into components; false if it is not such a code. */
static bool parse_code(const char *s, int **out, int *n)
{
    int *v = NULL, k = 0;
    const char *p = s;
    for (;;) {
        long x = 0;
        int digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 7) {
            x = x * 10 + (*p++ - '0');
            digits++;
        }
        if (digits == 0 || x == 0 || k >= 20) {
            free(v);
            return false;
        }
        int *nv = realloc(v, (size_t)(k + 1) * sizeof *nv);
        if (!nv) {
            free(v);
            return false;
        }
        v = nv;
        v[k++] = (int)x;
        if (*p == '\0') {
            break;
        }
        if (*p++ != '.') {
            free(v);
            return false;
        }
    }
    *out = v;
    *n = k;
    return true;
}

static int cmp_code(const void *a, const void *b)
{
    const crow *x = a, *y = b;
    for (int i = 0; i < x->n_code && i < y->n_code; i++) {
        if (x->code[i] != y->code[i]) {
            return x->code[i] < y->code[i] ? -1 : 1;
        }
    }
    return (x->n_code > y->n_code) - (x->n_code < y->n_code);
}

static pm_loc floc(const cctx *c, const pm_cell *f)
{
    return (pm_loc){c->file, f->line, f->col};
}

/* Splits s at ';' (and ','), trimming blanks; calls fn on each part. */
static void split_list(const char *s, void (*fn)(const char *, int, void *),
                       void *arg)
{
    const char *p = s;
    while (*p) {
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        size_t n = strcspn(p, ";,");
        size_t m = n;
        while (m > 0 && (p[m - 1] == ' ' || p[m - 1] == '\t')) {
            m--;
        }
        if (m > 0) {
            char *part = strndup(p, m);
            if (part) {
                fn(part, (int)(p - s), arg);
                free(part);
            }
        }
        p += n;
        if (*p) {
            p++;
        }
    }
}

typedef struct {
    cctx *c;
    pm_project *p;
    int ti;
    const pm_cell *f;
    pm_raw_deps *deps;
    int rc;
} part_ctx;

/* Column of byte offset off within field f (counting characters). */
static pm_loc part_loc(const part_ctx *x, int off)
{
    pm_loc l = floc(x->c, x->f);
    const unsigned char *s = (const unsigned char *)x->f->text;
    for (int i = 0; i < off; i++) {
        l.col += (s[i] & 0xc0) != 0x80;
    }
    return l;
}

static void add_pred(const char *part, int off, void *arg)
{
    part_ctx *x = arg;
    if (pm_raw_deps_add(x->deps, x->ti, part, part_loc(x, off)) != PM_OK) {
        x->rc = PM_ENOMEM;
    }
}

static void add_need(const char *part, int off, void *arg)
{
    part_ctx *x = arg;
    pm_loc l = part_loc(x, off);
    size_t n = strcspn(part, " \t*:");
    char *id = strndup(part, n);
    if (!id) {
        x->rc = PM_ENOMEM;
        return;
    }
    const char *rest = part + n;
    while (*rest == ' ' || *rest == '\t' || *rest == '*' || *rest == ':') {
        rest++;
    }
    int units = -1;
    int res = pm_project_find_resource(x->p, id);
    int pool = pm_project_find_pool(x->p, id);
    if (res >= 0 && pool >= 0) {
        pm_diag_error(x->c->diag, &l,
                      "'%s' names both a resource and a pool", id);
    } else if (res < 0 && pool < 0) {
        pm_diag_error(x->c->diag, &l, "unknown resource or pool '%s'", id);
    } else if (*rest && !pm_parse_units(rest, &units)) {
        pm_diag_error(x->c->diag, &l,
                      "units '%s' are not valid (expected e.g. 'dba 2' or "
                      "'zhangsan 50%%')",
                      rest);
    } else if (pm_task_add_need(&x->p->tasks[x->ti], res,
                                res >= 0 ? -1 : pool, units,
                                l) != PM_OK) {
        x->rc = PM_ENOMEM;
    }
    free(id);
}

static bool parse_flag(const char *s, bool *out)
{
    static const char *const yes[] = {"yes", "true", "1", "x", "y", "是"};
    static const char *const no[] = {"no", "false", "0", "n", "否"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = true;
            return true;
        }
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        if (strcasecmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

static void bad_value(cctx *c, const pm_cell *f, const char *col,
                      const char *expected)
{
    pm_cell_bad(c->table, f, col, expected, c->diag);
}

static void read_dates(cctx *c, crow *r, pm_task *t)
{
    const struct {
        int col;
        pm_date *dst;
    } dates[] = {{COL_RELEASE, &t->release},
                 {COL_DEADLINE, &t->deadline},
                 {COL_START, &t->fixed_start}};
    for (size_t i = 0; i < 3; i++) {
        pm_cell *f = &r->f[dates[i].col];
        if (f->text && !pm_date_parse(f->text, strlen(f->text),
                                      dates[i].dst)) {
            bad_value(c, f, col_names[dates[i].col], "YYYY-MM-DD");
        }
    }
}

/* Creates the task for row r (rows sorted by code). */
static int make_task(cctx *c, pm_project *p, crow *r, pm_strindex *tix,
                     pm_strindex *wix, pm_raw_deps *deps)
{
    pm_cell *f = r->f;
    pm_task *t = pm_project_add_task(p);
    if (!t) {
        return PM_ENOMEM;
    }
    int ti = p->n_tasks - 1;
    r->task = ti;
    t->loc = (pm_loc){c->file, r->line, 1};
    const char *id = f[COL_ID].text ? f[COL_ID].text : f[COL_WBS].text;
    t->id = strdup(id);
    t->name = strdup(f[COL_NAME].text ? f[COL_NAME].text : id);
    if (!t->id || !t->name) {
        return PM_ENOMEM;
    }
    if (!pm_valid_id(id)) {
        bad_value(c, f[COL_ID].text ? &f[COL_ID] : &f[COL_WBS], "id",
                  "no blanks, ',', ';' or quotes");
    } else if (pm_strindex_add(tix, t->id, ti) == 1) {
        pm_loc l = floc(c, f[COL_ID].text ? &f[COL_ID] : &f[COL_WBS]);
        pm_diag_error(c->diag, &l, "duplicate task id '%s'", id);
    }
    if (pm_strindex_add(wix, f[COL_WBS].text, ti) == 1) {
        pm_loc l = floc(c, &f[COL_WBS]);
        pm_diag_error(c->diag, &l, "duplicate WBS code '%s'", f[COL_WBS].text);
    }
    if (r->n_code > 1) {
        char *dot = strrchr(f[COL_WBS].text, '.');
        *dot = '\0';
        t->parent = pm_strindex_find(wix, f[COL_WBS].text);
        if (t->parent < 0) {
            pm_loc l = floc(c, &f[COL_WBS]);
            pm_diag_error(c->diag, &l, "WBS code '%s.%s' has no parent row "
                          "'%s'", f[COL_WBS].text, dot + 1, f[COL_WBS].text);
        }
        *dot = '.';
    }
    if (f[COL_DURATION].text &&
        !pm_parse_duration(f[COL_DURATION].text, &p->cal, false,
                           &t->duration)) {
        bad_value(c, &f[COL_DURATION], "duration", "e.g. '3d', '4h', '2w'");
    }
    int slots;
    if (f[COL_EFFORT].text) {
        if (!pm_parse_duration(f[COL_EFFORT].text, &p->cal, false, &slots) ||
            slots == 0) {
            bad_value(c, &f[COL_EFFORT], "effort", "e.g. '15d' or '40h'");
        } else if (f[COL_DURATION].text) {
            pm_loc l = floc(c, &f[COL_EFFORT]);
            pm_diag_error(c->diag, &l,
                          "task '%s' gives both duration and effort", id);
        } else {
            t->effort = slots * 100;
        }
    }
    const char *why;
    if (f[COL_ESTIMATE].text &&
        !pm_parse_estimate(f[COL_ESTIMATE].text, &p->cal, t->estimate,
                           &why)) {
        pm_loc l = floc(c, &f[COL_ESTIMATE]);
        pm_diag_error(c->diag, &l, "estimate '%.40s' is not valid: %s",
                      f[COL_ESTIMATE].text, why);
        memset(t->estimate, 0, sizeof t->estimate);
    }
    if (f[COL_MILESTONE].text && !parse_flag(f[COL_MILESTONE].text,
                                             &t->milestone)) {
        bad_value(c, &f[COL_MILESTONE], "milestone", "yes or no");
    }
    if (f[COL_OWNER].text) {
        t->owner = pm_project_find_resource(p, f[COL_OWNER].text);
        if (t->owner < 0) {
            pm_loc l = floc(c, &f[COL_OWNER]);
            pm_diag_error(c->diag, &l, "unknown resource '%s' in owner",
                          f[COL_OWNER].text);
        }
    }
    if (f[COL_PRIORITY].text &&
        !pm_parse_priority(f[COL_PRIORITY].text, &t->priority)) {
        bad_value(c, &f[COL_PRIORITY], "priority", "P0 to P4");
    }
    read_dates(c, r, t);
    part_ctx x = {c, p, ti, NULL, deps, PM_OK};
    if (f[COL_NEEDS].text) {
        x.f = &f[COL_NEEDS];
        split_list(f[COL_NEEDS].text, add_need, &x);
    }
    if (f[COL_PREDECESSORS].text) {
        x.f = &f[COL_PREDECESSORS];
        split_list(f[COL_PREDECESSORS].text, add_pred, &x);
    }
    return x.rc;
}

/* Predecessors written as a bare number ("3", "3FS+2d") are read as
 * Microsoft Project reads them: the task on row 3. When a task's id is "3"
 * as well and it is another task, the reference is ambiguous: an error,
 * never a silent link to either. Rewrites deps[from..] in place to name
 * the task by its id. */
static int read_row_ids(cctx *c, const pm_project *p, const crow *rows,
                        int n_rows, const pm_strindex *tix, pm_raw_deps *deps,
                        int from)
{
    int *by_row = malloc(((size_t)n_rows + 1) * sizeof *by_row);
    if (!by_row) {
        return PM_ENOMEM;
    }
    for (int i = 0; i < n_rows; i++) {
        by_row[rows[i].row - 1] = rows[i].task;
    }
    int rc = PM_OK;
    for (int k = from; k < deps->n && rc == PM_OK; k++) {
        pm_raw_dep *d = &deps->v[k];
        const char *s = d->text;
        size_t digits = strspn(s, "0123456789");
        char next = s[digits];
        if (digits == 0 || digits > 9 ||
            !(next == '\0' || next == ' ' || next == '\t' || next == '+' ||
              next == '-' || strchr("FSfs", next))) {
            continue;
        }
        char num[16];
        snprintf(num, sizeof num, "%.*s", (int)digits, s);
        long n = strtol(num, NULL, 10);
        int by_id = pm_strindex_find(tix, num);
        int on_row = n >= 1 && n <= n_rows ? by_row[n - 1] : -1;
        if (on_row < 0 || on_row == by_id) {
            continue; /* a task id, or both readings agree */
        }
        if (by_id >= 0) {
            pm_diag_error(c->diag, &d->loc,
                          "predecessor '%s' is ambiguous: row %ld is task "
                          "'%s' (%s), but task '%s' (%s) has that id; name "
                          "the task by an id that is not a row number",
                          num, n, p->tasks[on_row].id, p->tasks[on_row].name,
                          p->tasks[by_id].id, p->tasks[by_id].name);
            continue;
        }
        char *text = NULL;
        if (asprintf(&text, "%s %s", p->tasks[on_row].id, s + digits) < 0) {
            rc = PM_ENOMEM;
            break;
        }
        free(d->text);
        d->text = text;
    }
    free(by_row);
    return rc;
}

int pm_csv_read_tasks(pm_project *p, const char *path, pm_strindex *task_ix,
                      pm_raw_deps *deps, pm_diag *diag)
{
    int first_dep = deps->n;
    const char *file = pm_project_keep(p, path);
    if (!file) {
        return PM_ENOMEM;
    }
    pm_table table;
    int rc = pm_table_read(&table, &spec, path, file, diag);
    if (rc != PM_OK) {
        return rc;
    }
    int errors = diag->n_errors;
    pm_loc hl = {file, table.header_line, 1};
    if (!table.present[COL_WBS]) {
        pm_diag_error(diag, &hl, "the table has no 'wbs' column");
    }
    if (!table.present[COL_NAME]) {
        pm_diag_error(diag, &hl, "the table has no 'name' column");
    }
    cctx c = {file, diag, &table};
    crow *rows = calloc((size_t)table.n_rows + 1, sizeof *rows);
    if (!rows) {
        pm_table_reset(&table);
        return PM_ENOMEM;
    }
    int n_rows = diag->n_errors == errors ? table.n_rows : 0;
    for (int i = 0; i < n_rows; i++) {
        crow *r = &rows[i];
        r->f = table.rows[i].cells;
        r->line = table.rows[i].line;
        r->row = i + 1;
        r->task = -1;
        if (!r->f[COL_WBS].text) {
            pm_loc l = {file, r->line, 1};
            pm_diag_error(diag, &l, "row has no WBS code");
        } else if (!parse_code(r->f[COL_WBS].text, &r->code, &r->n_code)) {
            bad_value(&c, &r->f[COL_WBS], "WBS code", "e.g. '1', '1.2'");
        }
    }
    if (diag->n_errors == errors) {
        if (n_rows == 0) {
            pm_loc l = {file, table.header_line + 1, 1};
            pm_diag_error(diag, &l, "the table has no tasks");
        }
        qsort(rows, (size_t)n_rows, sizeof *rows, cmp_code);
        pm_strindex wix = PM_STRINDEX_INIT;
        for (int i = 0; rc == PM_OK && i < n_rows; i++) {
            rc = make_task(&c, p, &rows[i], task_ix, &wix, deps);
        }
        pm_strindex_reset(&wix);
        if (rc == PM_OK) {
            rc = read_row_ids(&c, p, rows, n_rows, task_ix, deps, first_dep);
        }
    }
    for (int i = 0; i < n_rows; i++) {
        free(rows[i].code);
    }
    free(rows);
    pm_table_reset(&table);
    if (rc == PM_OK && diag->n_errors > errors) {
        rc = PM_EINPUT;
    }
    return rc;
}
