/* import/table.h - CSV tables with a header row, every cell keeping the
 * line and column where it starts (not a public header).
 *
 * Used by the WBS table (import/csv.c) and the progress table
 * (import/progress.c). Accepts what spreadsheets write: comma or semicolon
 * separators (whichever the header line has more of), UTF-8 with or
 * without a byte order mark, CRLF line ends, quoted fields. */
#ifndef PM_IMPORT_TABLE_H
#define PM_IMPORT_TABLE_H

#include <stdbool.h>

#include "planner/model/model.h"

typedef struct {
    char *text; /* owned; NULL when the cell is empty or the column absent */
    int line, col;
} pm_cell;

typedef struct {
    const char *alias; /* compared without regard to letter case */
    int col;
} pm_col_alias;

typedef struct {
    const char *const *names; /* canonical column names, n_cols */
    int n_cols;
    const pm_col_alias *aliases;
    int n_aliases;
    const char *what;         /* "the table", "the progress table" */
} pm_table_spec;

typedef struct {
    pm_cell *cells; /* n_cols cells, indexed by the spec's columns */
    int line;       /* where the row starts */
} pm_table_row;

typedef struct {
    const char *file;   /* as given to pm_table_read(), not owned */
    int n_cols;
    bool *present;      /* per column: the header names it */
    int header_line;
    pm_table_row *rows; /* data rows, blank rows skipped */
    int n_rows;
    int cap_rows;
} pm_table;

/* Reads the table in path (shown in messages as file, which must outlive
 * the table). Unknown and repeated header names, rows longer than the
 * header, invalid UTF-8 and CSV syntax errors are reported at their place.
 * Returns 0, PM_EINPUT, PM_EIO or PM_ENOMEM; the table is reset on
 * failure. */
int pm_table_read(pm_table *t, const pm_table_spec *spec, const char *path,
                  const char *file, pm_diag *diag);
void pm_table_reset(pm_table *t);

/* The location of a cell. */
static inline pm_loc pm_cell_loc(const pm_table *t, const pm_cell *c)
{
    return (pm_loc){t->file, c->line, c->col};
}

/* Reports "COLUMN 'TEXT' is not valid (expected EXPECTED)" at the cell. */
void pm_cell_bad(const pm_table *t, const pm_cell *c, const char *column,
                 const char *expected, pm_diag *diag);

#endif
