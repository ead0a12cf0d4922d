/* planner/store/store_impl.h - what the store's files share (internal to
 * planner/store): the handle, the failure report, and conversions between
 * model values and database columns. */
#ifndef PM_STORE_IMPL_H
#define PM_STORE_IMPL_H

#include <stdbool.h>

#include "planner/store/db.h"
#include "planner/store/store.h"

struct pm_store {
    pm_db *db;
    char *path; /* as messages show it (a URL without its password) */
};

/* Reports what failed with SQLite's message; returns PM_EIO. */
int pm_store_fail(pm_store *st, pm_diag *diag, const char *what);

/* A date as "YYYY-MM-DD" text, PM_NO_DATE as NULL. */
void pm_store_bind_date(pm_dbq *q, int i, pm_date d);
/* Column i as a date; PM_NO_DATE for NULL or text that is not one. */
pm_date pm_store_column_date(pm_dbq *q, int i);
/* A copy of text column i the caller frees; NULL for NULL (and then
 * *oom stays), NULL with *oom set when out of memory. */
char *pm_store_column_str(pm_dbq *q, int i, bool *oom);
/* Holidays as "2026-04-03..2026-04-06,2026-05-01"; NULL when out of
 * memory. */
char *pm_store_holidays_text(const pm_calendar *cal);
/* Reads pm_store_holidays_text() back into cal; false when out of
 * memory. */
bool pm_store_parse_holidays(const char *s, pm_calendar *cal);

#endif
