/* planner/store/db.c - db.h: the calls dispatched to the backend, and what
 * is the same for both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/diag.h"
#include "planner/store/db_impl.h"

bool pm_db_is_url(const char *target)
{
    return strncmp(target, "postgresql://", 13) == 0 ||
           strncmp(target, "postgres://", 11) == 0;
}

int pm_db_open(pm_db **out, const char *target, bool create)
{
    pm_db *db = calloc(1, sizeof *db);
    *out = db;
    if (!db) {
        return PM_ENOMEM;
    }
    if (pm_db_is_url(target)) {
        return pm_db_open_pg(db, target);
    }
    int rc = pm_db_open_sqlite(db, target, create);
    return rc;
}

void pm_db_close(pm_db *db)
{
    if (!db) {
        return;
    }
    if (db->kind == PM_DB_POSTGRES) {
        pm_db_pg_close(db);
    } else {
        pm_db_sqlite_close(db);
    }
    free(db->pg_error);
    free(db);
}

int pm_db_kind(const pm_db *db)
{
    return db->kind;
}

const char *pm_db_error(const pm_db *db)
{
    if (db->kind == PM_DB_POSTGRES) {
        return db->pg_error ? db->pg_error : "unknown error";
    }
    return pm_db_sqlite_error(db);
}

int pm_db_configure(pm_db *db)
{
    return db->kind == PM_DB_SQLITE ? pm_db_sqlite_configure(db) : PM_OK;
}

/* s with every from replaced by to; the caller frees it. */
static char *replace_all(const char *s, const char *from, const char *to)
{
    size_t n = 0, lf = strlen(from), lt = strlen(to);
    for (const char *p = strstr(s, from); p; p = strstr(p + lf, from)) {
        n++;
    }
    char *out = malloc(strlen(s) + n * (lt > lf ? lt - lf : 0) + 1), *o = out;
    while (out && *s) {
        if (strncmp(s, from, lf) == 0) {
            memcpy(o, to, lt);
            o += lt;
            s += lf;
        } else {
            *o++ = *s++;
        }
    }
    if (out) {
        *o = '\0';
    }
    return out;
}

int pm_db_exec_ddl(pm_db *db, const char *sql)
{
    if (db->kind == PM_DB_SQLITE) {
        return pm_db_exec(db, sql);
    }
    static const char *const rules[][2] = {
        {"  id INTEGER PRIMARY KEY,", "  id BIGSERIAL PRIMARY KEY,"},
        {" INTEGER", " BIGINT"},
        {" REAL", " DOUBLE PRECISION"},
        {"CREATE TABLE run_dep (", "CREATE TABLE run_dep (rowid BIGSERIAL,"},
        {"CREATE TABLE run_assignment (",
         "CREATE TABLE run_assignment (rowid BIGSERIAL,"},
        {"CREATE TABLE run_leave (", "CREATE TABLE run_leave (rowid BIGSERIAL,"},
        {"CREATE TABLE run_resource (",
         "CREATE TABLE run_resource (rowid BIGSERIAL,"},
        {"CREATE TABLE run_pool (", "CREATE TABLE run_pool (rowid BIGSERIAL,"},
        {"CREATE TABLE run_risk (", "CREATE TABLE run_risk (rowid BIGSERIAL,"},
        {"CREATE TABLE run_change (",
         "CREATE TABLE run_change (rowid BIGSERIAL,"},
        {"CREATE TABLE run_outlook_hist (",
         "CREATE TABLE run_outlook_hist (rowid BIGSERIAL,"},
    };
    char *text = strdup(sql);
    for (size_t k = 0; text && k < sizeof rules / sizeof rules[0]; k++) {
        char *next = replace_all(text, rules[k][0], rules[k][1]);
        free(text);
        text = next;
    }
    if (!text) {
        return PM_ENOMEM;
    }
    int rc = pm_db_exec(db, text);
    free(text);
    return rc;
}

int pm_db_exec(pm_db *db, const char *sql)
{
    return db->kind == PM_DB_POSTGRES ? pm_db_pg_exec(db, sql)
                                      : pm_db_sqlite_exec(db, sql);
}

int pm_db_begin(pm_db *db)
{
    if (db->kind == PM_DB_SQLITE) {
        return pm_db_exec(db, "BEGIN IMMEDIATE");
    }
    /* One writer at a time, as with SQLite: the lock waits for the other
     * machine's run to commit; readers are not blocked. */
    int rc = pm_db_exec(db, "BEGIN");
    if (rc == PM_OK) {
        db->pg_tx = true;
        rc = pm_db_exec(db, "LOCK TABLE planner_meta IN EXCLUSIVE MODE");
    }
    return rc;
}

int pm_db_commit(pm_db *db)
{
    int rc = pm_db_exec(db, "COMMIT");
    db->pg_tx = false;
    return rc;
}

void pm_db_rollback(pm_db *db)
{
    pm_db_exec(db, "ROLLBACK");
    db->pg_tx = false;
}

bool pm_db_in_transaction(const pm_db *db)
{
    return db->kind == PM_DB_POSTGRES ? db->pg_tx
                                      : pm_db_sqlite_in_transaction(db);
}

int pm_db_get_version(pm_db *db, int *v)
{
    *v = 0;
    pm_dbq *q = NULL;
    const char *sql = db->kind == PM_DB_SQLITE
                          ? "PRAGMA user_version"
                          : "SELECT version FROM planner_meta";
    if (db->kind == PM_DB_POSTGRES &&
        pm_db_exec(db, "CREATE TABLE IF NOT EXISTS planner_meta ("
                       "version INTEGER NOT NULL)") != PM_OK) {
        return PM_EIO;
    }
    if (pm_db_prepare(db, sql, &q) != PM_OK) {
        pm_dbq_free(q);
        return PM_EIO;
    }
    int step = pm_dbq_step(q);
    if (step == PM_DB_ROW) {
        *v = (int)pm_dbq_int(q, 0);
    }
    pm_dbq_free(q);
    return step == PM_DB_ERROR ? PM_EIO : PM_OK;
}

int pm_db_set_version(pm_db *db, int v)
{
    char sql[96];
    if (db->kind == PM_DB_SQLITE) {
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
        return pm_db_exec(db, sql);
    }
    snprintf(sql, sizeof sql,
             "DELETE FROM planner_meta; INSERT INTO planner_meta VALUES (%d)",
             v);
    return pm_db_exec(db, sql);
}

int pm_db_changes(const pm_db *db)
{
    return db->kind == PM_DB_POSTGRES ? db->pg_changes
                                      : pm_db_sqlite_changes(db);
}

int pm_db_prepare(pm_db *db, const char *sql, pm_dbq **out)
{
    pm_dbq *q = calloc(1, sizeof *q);
    *out = q;
    if (!q) {
        return PM_ENOMEM;
    }
    q->db = db;
    return db->kind == PM_DB_POSTGRES ? pm_db_pg_prepare(db, sql, q)
                                      : pm_db_sqlite_prepare(db, sql, q);
}

static void bind(pm_dbq *q, int i, const pm_dbv *v)
{
    if (q->db->kind == PM_DB_POSTGRES) {
        pm_dbq_pg_bind(q, i, v);
    } else {
        pm_dbq_sqlite_bind(q, i, v);
    }
}

void pm_dbq_bind_int(pm_dbq *q, int i, long long v)
{
    pm_dbv x = {DBV_INT, v, 0, NULL};
    bind(q, i, &x);
}

void pm_dbq_bind_real(pm_dbq *q, int i, double v)
{
    pm_dbv x = {DBV_REAL, 0, v, NULL};
    bind(q, i, &x);
}

void pm_dbq_bind_text(pm_dbq *q, int i, const char *s)
{
    pm_dbv x = {s ? DBV_TEXT : DBV_NULL, 0, 0, s};
    bind(q, i, &x);
}

void pm_dbq_bind_null(pm_dbq *q, int i)
{
    pm_dbv x = {DBV_NULL, 0, 0, NULL};
    bind(q, i, &x);
}

int pm_dbq_step(pm_dbq *q)
{
    return q->db->kind == PM_DB_POSTGRES ? pm_dbq_pg_step(q)
                                         : pm_dbq_sqlite_step(q);
}

void pm_dbq_reset(pm_dbq *q)
{
    if (q->db->kind == PM_DB_POSTGRES) {
        pm_dbq_pg_reset(q);
    } else {
        pm_dbq_sqlite_reset(q);
    }
}

long long pm_dbq_int(pm_dbq *q, int col)
{
    if (q->db->kind == PM_DB_SQLITE) {
        return pm_dbq_sqlite_int(q, col);
    }
    const char *s = pm_dbq_pg_text(q, col);
    return s ? strtoll(s, NULL, 10) : 0;
}

double pm_dbq_real(pm_dbq *q, int col)
{
    if (q->db->kind == PM_DB_SQLITE) {
        return pm_dbq_sqlite_real(q, col);
    }
    const char *s = pm_dbq_pg_text(q, col);
    return s ? strtod(s, NULL) : 0;
}

const char *pm_dbq_text(pm_dbq *q, int col)
{
    return q->db->kind == PM_DB_POSTGRES ? pm_dbq_pg_text(q, col)
                                         : pm_dbq_sqlite_text(q, col);
}

bool pm_dbq_null(pm_dbq *q, int col)
{
    return q->db->kind == PM_DB_POSTGRES ? pm_dbq_pg_text(q, col) == NULL
                                         : pm_dbq_sqlite_null(q, col);
}

void pm_dbq_free(pm_dbq *q)
{
    if (!q) {
        return;
    }
    if (q->db->kind == PM_DB_POSTGRES) {
        pm_dbq_pg_free(q);
    } else {
        pm_dbq_sqlite_free(q);
    }
    free(q);
}
