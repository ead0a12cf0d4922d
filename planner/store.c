/* planner/store.c - SQLite run history: schema, migrations, run writes.
 * Every statement uses bound parameters. */
#include "planner/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "planner/calendar.h"

struct pm_store {
    sqlite3 *db;
    char *path;
};

/* Migration i takes the schema from version i to i + 1. */
static const char *const migrations[] = {
    "CREATE TABLE run ("
    "  id INTEGER PRIMARY KEY,"
    "  created TEXT NOT NULL,"
    "  project TEXT NOT NULL,"
    "  source TEXT NOT NULL,"
    "  status_date TEXT,"
    "  input_digest TEXT,"
    "  solver TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  makespan INTEGER NOT NULL,"
    "  lower_bound INTEGER NOT NULL,"
    "  start TEXT NOT NULL,"
    "  finish TEXT NOT NULL,"
    "  seconds REAL NOT NULL"
    ");"
    "CREATE TABLE run_task ("
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL,"
    "  task_id TEXT NOT NULL,"
    "  wbs TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  parent_id TEXT,"
    "  summary INTEGER NOT NULL,"
    "  milestone INTEGER NOT NULL,"
    "  start TEXT NOT NULL,"
    "  finish TEXT NOT NULL,"
    "  start_slot INTEGER NOT NULL,"
    "  finish_slot INTEGER NOT NULL,"
    "  total_float INTEGER NOT NULL,"
    "  free_float INTEGER NOT NULL,"
    "  critical INTEGER NOT NULL,"
    "  late INTEGER NOT NULL,"
    "  deadline TEXT,"
    "  PRIMARY KEY (run_id, task_id)"
    ");",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

static int fail(pm_store *st, pm_diag *diag, const char *what)
{
    pm_diag_error(diag, NULL, "database '%s': %s: %s", st->path, what,
                  sqlite3_errmsg(st->db));
    return PM_EIO;
}

static int user_version(sqlite3 *db, int *v)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL)) {
        return PM_EIO;
    }
    int rc = sqlite3_step(q) == SQLITE_ROW ? PM_OK : PM_EIO;
    *v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return rc;
}

static int migrate(pm_store *st, pm_diag *diag)
{
    int v;
    if (user_version(st->db, &v) != PM_OK) {
        return fail(st, diag, "cannot read the schema version");
    }
    if (v > PM_STORE_SCHEMA_VERSION) {
        pm_diag_error(diag, NULL,
                      "database '%s' has schema version %d, newer than this "
                      "planner understands (%d); use a newer planner",
                      st->path, v, PM_STORE_SCHEMA_VERSION);
        return PM_EIO;
    }
    for (; v < N_MIGRATIONS; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ||
            sqlite3_exec(st->db, migrations[v], NULL, NULL, NULL) ||
            sqlite3_exec(st->db, pragma, NULL, NULL, NULL) ||
            sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL)) {
            int rc = fail(st, diag, "cannot update the schema");
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
    }
    return PM_OK;
}

int pm_store_open(pm_store **out, const char *path, pm_diag *diag)
{
    *out = NULL;
    pm_store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        free(st);
        return PM_ENOMEM;
    }
    int rc = PM_OK;
    if (sqlite3_open_v2(path, &st->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) {
        rc = fail(st, diag, "cannot open");
    } else if (sqlite3_busy_timeout(st->db, 10000) ||
               sqlite3_exec(st->db, "PRAGMA journal_mode=WAL", NULL, NULL,
                            NULL) ||
               sqlite3_exec(st->db, "PRAGMA foreign_keys=ON", NULL, NULL,
                            NULL)) {
        rc = fail(st, diag, "cannot configure");
    } else {
        rc = migrate(st, diag);
    }
    if (rc != PM_OK) {
        pm_store_close(st);
        return rc;
    }
    *out = st;
    return PM_OK;
}

void pm_store_close(pm_store *st)
{
    if (!st) {
        return;
    }
    sqlite3_close(st->db);
    free(st->path);
    free(st);
}

static void bind_date(sqlite3_stmt *q, int i, pm_date d)
{
    char buf[11];
    if (d == PM_NO_DATE) {
        sqlite3_bind_null(q, i);
    } else {
        sqlite3_bind_text(q, i, pm_date_format(d, buf), -1, SQLITE_TRANSIENT);
    }
}

static int insert_tasks(pm_store *st, const pm_project *p,
                        const pm_schedule *s, const pm_calmap *m,
                        long long run_id)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            st->db,
            "INSERT INTO run_task (run_id, seq, task_id, wbs, name, "
            "parent_id, summary, milestone, start, finish, start_slot, "
            "finish_slot, total_float, free_float, critical, late, deadline)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            -1, &q, NULL)) {
        return PM_EIO;
    }
    int rc = PM_OK;
    for (int i = 0; i < p->n_tasks && rc == PM_OK; i++) {
        const pm_task *t = &p->tasks[i];
        const pm_task_sched *ts = &s->tasks[i];
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, run_id);
        sqlite3_bind_int(q, 2, i);
        sqlite3_bind_text(q, 3, t->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, t->wbs, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, t->name, -1, SQLITE_STATIC);
        if (t->parent >= 0) {
            sqlite3_bind_text(q, 6, p->tasks[t->parent].id, -1,
                              SQLITE_STATIC);
        } else {
            sqlite3_bind_null(q, 6);
        }
        sqlite3_bind_int(q, 7, pm_task_is_summary(t));
        sqlite3_bind_int(q, 8, t->milestone);
        bind_date(q, 9, pm_calmap_start_date(m, ts->start, ts->finish));
        bind_date(q, 10, pm_calmap_finish_date(m, ts->start, ts->finish));
        sqlite3_bind_int(q, 11, ts->start);
        sqlite3_bind_int(q, 12, ts->finish);
        sqlite3_bind_int(q, 13, ts->total_float);
        sqlite3_bind_int(q, 14, ts->free_float);
        sqlite3_bind_int(q, 15, ts->critical);
        sqlite3_bind_int(q, 16, ts->late);
        bind_date(q, 17, t->deadline);
        if (sqlite3_step(q) != SQLITE_DONE) {
            rc = PM_EIO;
        }
    }
    sqlite3_finalize(q);
    return rc;
}

int pm_store_add_run(pm_store *st, const pm_project *p, const pm_schedule *s,
                     const pm_run_info *info, long long *run_id,
                     pm_diag *diag)
{
    pm_calmap m;
    if (pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        return PM_ENOMEM;
    }
    if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) {
        pm_calmap_reset(&m);
        return fail(st, diag, "cannot start a transaction");
    }
    sqlite3_stmt *q = NULL;
    int rc = PM_OK;
    if (sqlite3_prepare_v2(
            st->db,
            "INSERT INTO run (created, project, source, status_date, "
            "input_digest, solver, status, makespan, lower_bound, start, "
            "finish, seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            -1, &q, NULL)) {
        rc = PM_EIO;
    } else {
        sqlite3_bind_text(q, 1, info->created, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, p->name ? p->name : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, p->source ? p->source : "", -1,
                          SQLITE_STATIC);
        bind_date(q, 4, p->status_date);
        sqlite3_bind_text(q, 5, info->input_digest, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 6, s->solver, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 7, pm_status_name(s->status), -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 8, s->makespan);
        sqlite3_bind_int(q, 9, s->lower_bound);
        bind_date(q, 10, pm_calmap_slot_date(&m, 0));
        bind_date(q, 11, pm_calmap_finish_date(&m, 0, s->makespan));
        sqlite3_bind_double(q, 12, s->seconds);
        if (sqlite3_step(q) != SQLITE_DONE) {
            rc = PM_EIO;
        }
        sqlite3_finalize(q);
    }
    long long id = sqlite3_last_insert_rowid(st->db);
    if (rc == PM_OK) {
        rc = insert_tasks(st, p, s, &m, id);
    }
    if (rc == PM_OK && sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL)) {
        rc = PM_EIO;
    }
    if (rc != PM_OK) {
        fail(st, diag, "cannot record the run");
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    } else {
        *run_id = id;
    }
    pm_calmap_reset(&m);
    return rc;
}
