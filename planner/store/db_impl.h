/* planner/store/db_impl.h - the two backends of db.h (internal to
 * planner/store): db.c dispatches to db_sqlite.c or db_pg.c. */
#ifndef PM_DB_IMPL_H
#define PM_DB_IMPL_H

#include <libpq-fe.h>
#include <sqlite3.h>

#include "planner/store/db.h"

struct pm_db {
    int kind;
    sqlite3 *lite;
    PGconn *pg;
    bool pg_tx;       /* PostgreSQL: inside BEGIN .. COMMIT */
    int pg_changes;   /* PostgreSQL: rows the last statement changed */
    char *pg_error;   /* PostgreSQL: the last message, owned */
};

enum { DBV_NULL, DBV_INT, DBV_REAL, DBV_TEXT };

typedef struct {
    int kind;
    long long num;
    double real;
    const char *text;
} pm_dbv;

struct pm_dbq {
    pm_db *db;
    sqlite3_stmt *stmt; /* SQLite */
    /* PostgreSQL: the statement with $N placeholders, its parameters as
     * text (owned), and the result being read. */
    char *sql;
    int n_params;
    char **params;
    PGresult *res;
    int row;
    bool ran;
};

int pm_db_open_sqlite(pm_db *db, const char *target, bool create);
int pm_db_sqlite_configure(pm_db *db);
void pm_db_sqlite_close(pm_db *db);
const char *pm_db_sqlite_error(const pm_db *db);
int pm_db_sqlite_exec(pm_db *db, const char *sql);
bool pm_db_sqlite_in_transaction(const pm_db *db);
int pm_db_sqlite_changes(const pm_db *db);
int pm_db_sqlite_prepare(pm_db *db, const char *sql, pm_dbq *q);
void pm_dbq_sqlite_bind(pm_dbq *q, int i, const pm_dbv *v);
int pm_dbq_sqlite_step(pm_dbq *q);
void pm_dbq_sqlite_reset(pm_dbq *q);
long long pm_dbq_sqlite_int(pm_dbq *q, int col);
double pm_dbq_sqlite_real(pm_dbq *q, int col);
const char *pm_dbq_sqlite_text(pm_dbq *q, int col);
bool pm_dbq_sqlite_null(pm_dbq *q, int col);
void pm_dbq_sqlite_free(pm_dbq *q);

int pm_db_open_pg(pm_db *db, const char *url);
void pm_db_pg_close(pm_db *db);
int pm_db_pg_exec(pm_db *db, const char *sql);
int pm_db_pg_prepare(pm_db *db, const char *sql, pm_dbq *q);
void pm_dbq_pg_bind(pm_dbq *q, int i, const pm_dbv *v);
int pm_dbq_pg_step(pm_dbq *q);
void pm_dbq_pg_reset(pm_dbq *q);
const char *pm_dbq_pg_text(pm_dbq *q, int col);
void pm_dbq_pg_free(pm_dbq *q);

#endif
