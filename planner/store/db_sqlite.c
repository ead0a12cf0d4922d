/* planner/store/db_sqlite.c - db.h over SQLite: a file, WAL journal,
 * foreign keys on, a writer waits up to 10 s for another; the schema
 * version in PRAGMA user_version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "planner/model/diag.h"
#include "planner/store/db_impl.h"

static int sq_open(pm_db *db, const char *target, bool create)
{
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(target, &db->lite, flags, NULL) ||
        sqlite3_busy_timeout(db->lite, 10000)) {
        return PM_EIO;
    }
    return PM_OK;
}

int pm_db_open_sqlite(pm_db *db, const char *target, bool create)
{
    db->kind = PM_DB_SQLITE;
    return sq_open(db, target, create);
}

int pm_db_sqlite_configure(pm_db *db)
{
    return sqlite3_exec(db->lite, "PRAGMA journal_mode=WAL", NULL, NULL,
                        NULL) ||
                   sqlite3_exec(db->lite, "PRAGMA foreign_keys=ON", NULL,
                                NULL, NULL)
               ? PM_EIO
               : PM_OK;
}

void pm_db_sqlite_close(pm_db *db)
{
    if (db->lite && !sqlite3_get_autocommit(db->lite)) {
        sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_close(db->lite);
}

const char *pm_db_sqlite_error(const pm_db *db)
{
    return db->lite ? sqlite3_errmsg(db->lite) : "cannot open";
}

int pm_db_sqlite_exec(pm_db *db, const char *sql)
{
    return sqlite3_exec(db->lite, sql, NULL, NULL, NULL) ? PM_EIO : PM_OK;
}

bool pm_db_sqlite_in_transaction(const pm_db *db)
{
    return db->lite && !sqlite3_get_autocommit(db->lite);
}

int pm_db_sqlite_changes(const pm_db *db)
{
    return sqlite3_changes(db->lite);
}

int pm_db_sqlite_prepare(pm_db *db, const char *sql, pm_dbq *q)
{
    return sqlite3_prepare_v2(db->lite, sql, -1, &q->stmt, NULL) ? PM_EIO
                                                                 : PM_OK;
}

void pm_dbq_sqlite_bind(pm_dbq *q, int i, const pm_dbv *v)
{
    switch (v->kind) {
    case DBV_INT:
        sqlite3_bind_int64(q->stmt, i, v->num);
        break;
    case DBV_REAL:
        sqlite3_bind_double(q->stmt, i, v->real);
        break;
    case DBV_TEXT:
        sqlite3_bind_text(q->stmt, i, v->text, -1, SQLITE_TRANSIENT);
        break;
    default:
        sqlite3_bind_null(q->stmt, i);
    }
}

int pm_dbq_sqlite_step(pm_dbq *q)
{
    int rc = sqlite3_step(q->stmt);
    return rc == SQLITE_ROW ? PM_DB_ROW : rc == SQLITE_DONE ? PM_DB_DONE
                                                           : PM_DB_ERROR;
}

void pm_dbq_sqlite_reset(pm_dbq *q)
{
    sqlite3_reset(q->stmt);
    sqlite3_clear_bindings(q->stmt);
}

long long pm_dbq_sqlite_int(pm_dbq *q, int col)
{
    return sqlite3_column_int64(q->stmt, col);
}

double pm_dbq_sqlite_real(pm_dbq *q, int col)
{
    return sqlite3_column_double(q->stmt, col);
}

const char *pm_dbq_sqlite_text(pm_dbq *q, int col)
{
    return (const char *)sqlite3_column_text(q->stmt, col);
}

bool pm_dbq_sqlite_null(pm_dbq *q, int col)
{
    return sqlite3_column_type(q->stmt, col) == SQLITE_NULL;
}

void pm_dbq_sqlite_free(pm_dbq *q)
{
    sqlite3_finalize(q->stmt);
}
