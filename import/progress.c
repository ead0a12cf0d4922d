/* import/progress.c - the progress table (docs/progress.md): actual start,
 * actual finish, percent complete or remaining duration per task, as of
 * the project's status date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "import/table.h"
#include "import/units.h"
#include "planner/model/strindex.h"

enum { COL_TASK, COL_START, COL_FINISH, COL_PERCENT, COL_REMAINING,
       COL_NOTE, N_COLS };

static const char *const col_names[N_COLS] = {
    "task", "actual_start", "actual_finish", "percent_complete", "remaining",
    "note"};

static const pm_col_alias aliases[] = {
    {"id", COL_TASK},
    {"task id", COL_TASK},
    {"task_id", COL_TASK},
    {"actual start", COL_START},
    {"start", COL_START},
    {"actual finish", COL_FINISH},
    {"finish", COL_FINISH},
    {"percent", COL_PERCENT},
    {"% complete", COL_PERCENT},
    {"percent complete", COL_PERCENT},
    {"complete", COL_PERCENT},
    {"remaining duration", COL_REMAINING},
    {"remaining work", COL_REMAINING},
    {"notes", COL_NOTE},
    {"comment", COL_NOTE},
    {"任务", COL_TASK},
    {"标识", COL_TASK},
    {"实际开始", COL_START},
    {"实际完成", COL_FINISH},
    {"完成百分比", COL_PERCENT},
    {"剩余工期", COL_REMAINING},
    {"备注", COL_NOTE},
};

static const pm_table_spec spec = {
    col_names, N_COLS, aliases, (int)(sizeof aliases / sizeof aliases[0]),
    "the progress table"};

typedef struct {
    pm_project *p;
    const pm_table *table;
    pm_diag *diag;
} pctx;

/* Reads a date cell into *out; false (reported) when it is not a date or
 * lies outside [project start, status date]. */
static bool read_date(pctx *c, const pm_cell *cell, const char *what,
                      pm_date *out)
{
    if (!cell->text) {
        return true;
    }
    pm_date d;
    if (!pm_date_parse(cell->text, strlen(cell->text), &d)) {
        pm_cell_bad(c->table, cell, what, "YYYY-MM-DD", c->diag);
        return false;
    }
    pm_loc l = pm_cell_loc(c->table, cell);
    char a[11], b[11];
    if (d > c->p->status_date) {
        pm_diag_error(c->diag, &l,
                      "%s %s lies after the status date %s (actuals cannot "
                      "be in the future)",
                      what, cell->text,
                      pm_date_format(c->p->status_date, a));
        return false;
    }
    if (d < c->p->start) {
        pm_diag_error(c->diag, &l,
                      "%s %s lies before the project start %s", what,
                      cell->text, pm_date_format(c->p->start, b));
        return false;
    }
    *out = d;
    return true;
}

/* Applies one row to its task after checking it is consistent. */
static void read_row(pctx *c, const pm_table_row *row, int ti)
{
    pm_task *t = &c->p->tasks[ti];
    const pm_cell *f = row->cells;
    pm_loc rowloc = pm_cell_loc(c->table, &f[COL_TASK]);
    pm_date start = PM_NO_DATE, finish = PM_NO_DATE;
    int percent = -1, remaining = -1;
    bool ok = read_date(c, &f[COL_START], "actual start", &start);
    ok &= read_date(c, &f[COL_FINISH], "actual finish", &finish);
    if (f[COL_PERCENT].text && !pm_parse_percent(f[COL_PERCENT].text,
                                                 &percent)) {
        pm_cell_bad(c->table, &f[COL_PERCENT], "percent complete",
                    "0 to 100, e.g. '40%'", c->diag);
        ok = false;
    }
    if (f[COL_REMAINING].text &&
        !pm_parse_duration(f[COL_REMAINING].text, &c->p->cal, false,
                           &remaining)) {
        pm_cell_bad(c->table, &f[COL_REMAINING], "remaining",
                    "a duration such as '3d' or '0'", c->diag);
        ok = false;
    }
    if (!ok) {
        return;
    }
    char a[11], b[11];
    if (t->milestone && start == PM_NO_DATE) {
        start = finish;
    }
    if (finish != PM_NO_DATE && start == PM_NO_DATE) {
        pm_diag_error(c->diag, &rowloc,
                      "task '%s' has an actual finish but no actual start",
                      t->id);
    } else if (finish != PM_NO_DATE && finish < start) {
        pm_loc l = pm_cell_loc(c->table, &f[COL_FINISH]);
        pm_diag_error(c->diag, &l,
                      "task '%s' finishes (%s) before it starts (%s)", t->id,
                      pm_date_format(finish, a), pm_date_format(start, b));
    } else if (finish != PM_NO_DATE && percent >= 0 && percent < 100) {
        pm_loc l = pm_cell_loc(c->table, &f[COL_PERCENT]);
        pm_diag_error(c->diag, &l,
                      "task '%s' has an actual finish but is %d%% complete",
                      t->id, percent);
    } else if (finish != PM_NO_DATE && remaining > 0) {
        pm_loc l = pm_cell_loc(c->table, &f[COL_REMAINING]);
        pm_diag_error(c->diag, &l,
                      "task '%s' has an actual finish but remaining work",
                      t->id);
    } else if (percent == 100 && finish == PM_NO_DATE) {
        pm_loc l = pm_cell_loc(c->table, &f[COL_PERCENT]);
        pm_diag_error(c->diag, &l,
                      "task '%s' is 100%% complete but has no actual finish",
                      t->id);
    } else if (start == PM_NO_DATE && (percent > 0 || remaining >= 0)) {
        pm_loc l = pm_cell_loc(
            c->table, percent > 0 ? &f[COL_PERCENT] : &f[COL_REMAINING]);
        pm_diag_error(c->diag, &l,
                      "task '%s' reports progress but has no actual start",
                      t->id);
    } else {
        t->actual_start = start;
        t->actual_finish = finish;
        t->percent_complete = finish != PM_NO_DATE ? 100 : percent;
        t->remaining = finish != PM_NO_DATE ? 0 : remaining;
        t->progress_loc = rowloc;
    }
}

int pm_import_progress(pm_project *p, const char *path, pm_diag *diag)
{
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
    if (!table.present[COL_TASK]) {
        pm_loc l = {file, table.header_line, 1};
        pm_diag_error(diag, &l, "the progress table has no 'task' column");
    }
    pm_strindex ix = PM_STRINDEX_INIT;
    int *row_of = calloc((size_t)p->n_tasks + 1, sizeof *row_of);
    if (!row_of) {
        pm_table_reset(&table);
        return PM_ENOMEM;
    }
    for (int i = 0; rc == PM_OK && i < p->n_tasks; i++) {
        if (pm_strindex_add(&ix, p->tasks[i].id, i) < 0) {
            rc = PM_ENOMEM;
        }
    }
    pctx c = {p, &table, diag};
    for (int r = 0; rc == PM_OK && table.present[COL_TASK] &&
                    r < table.n_rows;
         r++) {
        const pm_table_row *row = &table.rows[r];
        const pm_cell *id = &row->cells[COL_TASK];
        if (!id->text) {
            pm_loc l = {file, row->line, 1};
            pm_diag_error(diag, &l, "row has no task id");
            continue;
        }
        pm_loc l = pm_cell_loc(&table, id);
        int ti = pm_strindex_find(&ix, id->text);
        if (ti < 0) {
            pm_diag_error(diag, &l, "unknown task '%.60s'", id->text);
        } else if (pm_task_is_summary(&p->tasks[ti])) {
            pm_diag_error(diag, &l,
                          "task '%s' is a summary; record progress on the "
                          "tasks below it",
                          id->text);
        } else if (row_of[ti]) {
            pm_diag_error(diag, &l,
                          "progress for task '%s' is already given on line "
                          "%d",
                          id->text, row_of[ti]);
        } else {
            row_of[ti] = row->line;
            read_row(&c, row, ti);
        }
    }
    p->tracked = true;
    free(row_of);
    pm_strindex_reset(&ix);
    pm_table_reset(&table);
    if (rc == PM_OK && diag->n_errors > errors) {
        rc = PM_EINPUT;
    }
    return rc;
}
