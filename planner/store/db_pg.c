/* planner/store/db_pg.c - db.h over PostgreSQL with libpq: each statement
 * sent with its parameters as text (PQexecParams), its whole result read
 * row by row; '?' and '?N' placeholders become $N. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/diag.h"
#include "planner/store/db_impl.h"

/* Keeps msg (without its final newline) as the last error. */
static void set_error(pm_db *db, const char *msg)
{
    free(db->pg_error);
    db->pg_error = strdup(msg && *msg ? msg : "unknown error");
    size_t n = db->pg_error ? strlen(db->pg_error) : 0;
    while (n > 0 && (db->pg_error[n - 1] == '\n' ||
                     db->pg_error[n - 1] == ' ')) {
        db->pg_error[--n] = '\0';
    }
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* NOTICEs ("relation exists, skipping") are not news */
}

int pm_db_open_pg(pm_db *db, const char *url)
{
    db->kind = PM_DB_POSTGRES;
    db->pg = PQconnectdb(url);
    if (!db->pg) {
        set_error(db, "out of memory");
        return PM_ENOMEM;
    }
    if (PQstatus(db->pg) != CONNECTION_OK) {
        set_error(db, PQerrorMessage(db->pg));
        return PM_EIO;
    }
    PQsetNoticeProcessor(db->pg, quiet, NULL);
    return PM_OK;
}

void pm_db_pg_close(pm_db *db)
{
    if (db->pg && db->pg_tx) {
        PQclear(PQexec(db->pg, "ROLLBACK"));
    }
    PQfinish(db->pg);
}

/* Whether result r of a statement succeeded; notes the rows it changed or
 * the error. */
static bool result_ok(pm_db *db, PGresult *r)
{
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        set_error(db, r ? PQresultErrorMessage(r) : PQerrorMessage(db->pg));
        return false;
    }
    const char *n = PQcmdTuples(r);
    db->pg_changes = n && *n ? atoi(n) : 0;
    return true;
}

int pm_db_pg_exec(pm_db *db, const char *sql)
{
    PGresult *r = PQexec(db->pg, sql);
    bool ok = result_ok(db, r);
    PQclear(r);
    return ok ? PM_OK : PM_EIO;
}

int pm_db_pg_prepare(pm_db *db, const char *sql, pm_dbq *q)
{
    size_t len = strlen(sql);
    q->sql = malloc(len * 4 + 1); /* "?" becomes at most "$999" */
    if (!q->sql) {
        set_error(db, "out of memory");
        return PM_ENOMEM;
    }
    char *o = q->sql;
    int next = 0, most = 0;
    bool quoted = false;
    for (const char *s = sql; *s; s++) {
        if (*s == '\'') {
            quoted = !quoted;
        }
        if (*s != '?' || quoted) {
            *o++ = *s;
            continue;
        }
        int k;
        if (s[1] >= '0' && s[1] <= '9') {
            k = (int)strtol(s + 1, (char **)&s, 10);
            s--;
        } else {
            k = ++next;
        }
        most = k > most ? k : most;
        o += sprintf(o, "$%d", k);
    }
    *o = '\0';
    q->n_params = most;
    q->params = calloc((size_t)most + 1, sizeof *q->params);
    if (!q->params) {
        set_error(db, "out of memory");
        return PM_ENOMEM;
    }
    return PM_OK;
}

void pm_dbq_pg_bind(pm_dbq *q, int i, const pm_dbv *v)
{
    if (i < 1 || i > q->n_params) {
        return;
    }
    char buf[64];
    const char *text = NULL;
    switch (v->kind) {
    case DBV_INT:
        snprintf(buf, sizeof buf, "%lld", v->num);
        text = buf;
        break;
    case DBV_REAL:
        snprintf(buf, sizeof buf, "%.17g", v->real);
        text = buf;
        break;
    case DBV_TEXT:
        text = v->text;
        break;
    default:
        break;
    }
    free(q->params[i - 1]);
    q->params[i - 1] = text ? strdup(text) : NULL;
}

int pm_dbq_pg_step(pm_dbq *q)
{
    if (!q->ran) {
        q->ran = true;
        q->row = 0;
        q->res = PQexecParams(q->db->pg, q->sql, q->n_params, NULL,
                              (const char *const *)q->params, NULL, NULL, 0);
        if (!result_ok(q->db, q->res)) {
            return PM_DB_ERROR;
        }
    } else {
        q->row++;
    }
    return q->res && PQresultStatus(q->res) == PGRES_TUPLES_OK &&
                   q->row < PQntuples(q->res)
               ? PM_DB_ROW
               : PM_DB_DONE;
}

void pm_dbq_pg_reset(pm_dbq *q)
{
    PQclear(q->res);
    q->res = NULL;
    q->ran = false;
    for (int i = 0; q->params && i < q->n_params; i++) {
        free(q->params[i]);
        q->params[i] = NULL;
    }
}

const char *pm_dbq_pg_text(pm_dbq *q, int col)
{
    if (!q->res || q->row >= PQntuples(q->res) || col >= PQnfields(q->res) ||
        PQgetisnull(q->res, q->row, col)) {
        return NULL;
    }
    return PQgetvalue(q->res, q->row, col);
}

void pm_dbq_pg_free(pm_dbq *q)
{
    pm_dbq_pg_reset(q);
    free(q->params);
    free(q->sql);
}
