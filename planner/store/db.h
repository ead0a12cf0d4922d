/* planner/store/db.h - the few database calls the store makes, over
 * SQLite (a file) or PostgreSQL (libpq, a postgresql:// URL), so that the
 * store's SQL and logic are written once (docs/store.md).
 *
 * Statements use '?' or '?N' placeholders (1-based), converted for
 * PostgreSQL; values are bound as integers, reals, text or NULL and read
 * back the same way. Everything else the backends differ in (the schema
 * version, the write lock, the DDL) has a call of its own here. */
#ifndef PM_DB_H
#define PM_DB_H

#include <stdbool.h>

typedef struct pm_db pm_db;
typedef struct pm_dbq pm_dbq;

enum { PM_DB_SQLITE, PM_DB_POSTGRES };
/* Results of pm_dbq_step(). */
enum { PM_DB_ERROR = -1, PM_DB_DONE = 0, PM_DB_ROW = 1 };

/* Whether target names a PostgreSQL database (postgresql:// or
 * postgres:// URL) rather than a SQLite file. */
bool pm_db_is_url(const char *target);

/* Opens target: a SQLite file (created when create is set, else it must
 * exist) or a PostgreSQL URL. Returns 0 with *out set, or PM_EIO with
 * *out holding the backend's message in pm_db_error() (or NULL when out
 * of memory: PM_ENOMEM); close it either way. */
int pm_db_open(pm_db **out, const char *target, bool create);
void pm_db_close(pm_db *db);
int pm_db_kind(const pm_db *db);
/* The backend's last error message. */
const char *pm_db_error(const pm_db *db);

/* After the schema version is checked: SQLite's WAL journal and foreign
 * keys (nothing for PostgreSQL). */
int pm_db_configure(pm_db *db);
/* Runs sql without parameters (several statements allowed). Returns 0 or
 * PM_EIO. */
int pm_db_exec(pm_db *db, const char *sql);
/* Runs schema statements written for SQLite, translated for PostgreSQL
 * (BIGINT for INTEGER, DOUBLE PRECISION for REAL, a BIGSERIAL id, and a
 * rowid column in each table, which SQLite has of itself). */
int pm_db_exec_ddl(pm_db *db, const char *sql);
/* Transactions: begin takes the write lock (one writer at a time). */
int pm_db_begin(pm_db *db);
int pm_db_commit(pm_db *db);
void pm_db_rollback(pm_db *db);
bool pm_db_in_transaction(const pm_db *db);
/* The schema version the store wrote last (0: none). */
int pm_db_get_version(pm_db *db, int *v);
/* Records it (inside the migration's transaction). */
int pm_db_set_version(pm_db *db, int v);
/* Rows the last statement changed. */
int pm_db_changes(const pm_db *db);

/* Prepares sql. Returns 0 or PM_EIO (the message in pm_db_error()). */
int pm_db_prepare(pm_db *db, const char *sql, pm_dbq **q);
void pm_dbq_bind_int(pm_dbq *q, int i, long long v);
void pm_dbq_bind_real(pm_dbq *q, int i, double v);
/* Text is copied; NULL binds NULL. */
void pm_dbq_bind_text(pm_dbq *q, int i, const char *s);
void pm_dbq_bind_null(pm_dbq *q, int i);
/* Runs the statement (first call) or moves to the next row. */
int pm_dbq_step(pm_dbq *q);
/* Ready to run again, bindings cleared. */
void pm_dbq_reset(pm_dbq *q);
long long pm_dbq_int(pm_dbq *q, int col);
double pm_dbq_real(pm_dbq *q, int col);
/* NULL for a NULL value; valid until the next step. */
const char *pm_dbq_text(pm_dbq *q, int col);
bool pm_dbq_null(pm_dbq *q, int col);
void pm_dbq_free(pm_dbq *q);

#endif
