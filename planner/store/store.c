/* planner/store/store.c - SQLite run history: schema, migrations, run writes.
 * Every statement uses bound parameters. */
#include "planner/store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "planner/model/strindex.h"

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
    /* 2: progress, earned-value inputs, baselines. */
    "ALTER TABLE run ADD COLUMN lateness INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE run ADD COLUMN tracked INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE run ADD COLUMN baseline TEXT;"
    "ALTER TABLE run ADD COLUMN bac REAL;"
    "ALTER TABLE run ADD COLUMN pv REAL;"
    "ALTER TABLE run ADD COLUMN ev REAL;"
    "ALTER TABLE run ADD COLUMN ac REAL;"
    "ALTER TABLE run ADD COLUMN baseline_run INTEGER;"
    "ALTER TABLE run ADD COLUMN workdays INTEGER NOT NULL DEFAULT 31;"
    "ALTER TABLE run ADD COLUMN hours_per_day INTEGER NOT NULL DEFAULT 8;"
    "ALTER TABLE run ADD COLUMN slots_per_day INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE run ADD COLUMN holidays TEXT;"
    "ALTER TABLE run ADD COLUMN priced INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE run_task ADD COLUMN actual_start TEXT;"
    "ALTER TABLE run_task ADD COLUMN actual_finish TEXT;"
    "ALTER TABLE run_task ADD COLUMN percent_complete INTEGER;"
    "ALTER TABLE run_task ADD COLUMN overdue INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE run_task ADD COLUMN budget REAL NOT NULL DEFAULT 0;"
    "ALTER TABLE run_task ADD COLUMN daily_cost REAL NOT NULL DEFAULT 0;"
    "ALTER TABLE run_task ADD COLUMN remaining INTEGER;"
    "ALTER TABLE run_task ADD COLUMN driver INTEGER NOT NULL DEFAULT -1;"
    "ALTER TABLE run_task ADD COLUMN driver_id TEXT;"
    "ALTER TABLE run_task ADD COLUMN owner_id TEXT;"
    "ALTER TABLE run_task ADD COLUMN owner_name TEXT;"
    "ALTER TABLE run_task ADD COLUMN priority INTEGER NOT NULL DEFAULT 2;"
    "ALTER TABLE run_task ADD COLUMN duration INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE run_dep ("
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
    "  pred_id TEXT NOT NULL,"
    "  succ_id TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  lag INTEGER NOT NULL"
    ");"
    "CREATE INDEX run_dep_by_run ON run_dep (run_id);"
    "CREATE TABLE run_assignment ("
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
    "  task_id TEXT NOT NULL,"
    "  resource_id TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  units INTEGER NOT NULL,"
    "  start TEXT NOT NULL,"
    "  finish TEXT NOT NULL"
    ");"
    "CREATE INDEX run_assignment_by_run ON run_assignment (run_id);"
    "CREATE TABLE run_leave ("
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
    "  resource_id TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  first TEXT NOT NULL,"
    "  last TEXT NOT NULL"
    ");"
    "CREATE INDEX run_leave_by_run ON run_leave (run_id);"
    "CREATE TABLE run_resource ("
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
    "  resource_id TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  pools TEXT NOT NULL,"
    "  max_units INTEGER NOT NULL,"
    "  reserve INTEGER NOT NULL,"
    "  cost_per_day REAL NOT NULL,"
    "  outsourced INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX run_resource_by_run ON run_resource (run_id);"
    "CREATE TABLE run_pool ("
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
    "  pool_id TEXT NOT NULL,"
    "  name TEXT NOT NULL"
    ");"
    "CREATE INDEX run_pool_by_run ON run_pool (run_id);"
    "CREATE TABLE run_risk ("
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
    "  risk_id TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  probability INTEGER NOT NULL,"
    "  impact INTEGER NOT NULL,"
    "  owner TEXT,"
    "  mitigation TEXT,"
    "  status TEXT NOT NULL,"
    "  tasks TEXT"
    ");"
    "CREATE INDEX run_risk_by_run ON run_risk (run_id);"
    "CREATE TABLE run_change ("
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
    "  change_id TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  date TEXT,"
    "  tasks TEXT"
    ");"
    "CREATE INDEX run_change_by_run ON run_change (run_id);"
    "CREATE INDEX run_by_project ON run (project, id);"
    "CREATE TABLE baseline ("
    "  project TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  run_id INTEGER NOT NULL REFERENCES run(id),"
    "  created TEXT NOT NULL,"
    "  PRIMARY KEY (project, name)"
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

/* Refuses a database from a newer planner. */
static int check_version(pm_store *st, pm_diag *diag)
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
    return PM_OK;
}

static int migrate(pm_store *st, pm_diag *diag)
{
    int v;
    if (user_version(st->db, &v) != PM_OK) {
        return fail(st, diag, "cannot read the schema version");
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

static int open_db(pm_store **out, const char *path, int flags,
                   pm_diag *diag)
{
    *out = NULL;
    pm_store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        free(st);
        return PM_ENOMEM;
    }
    int rc = PM_OK;
    if (sqlite3_open_v2(path, &st->db, flags, NULL)) {
        rc = fail(st, diag, "cannot open");
    } else if (sqlite3_busy_timeout(st->db, 10000)) {
        rc = fail(st, diag, "cannot configure");
    } else if ((rc = check_version(st, diag)) != PM_OK) {
        /* refused before anything (even the journal mode) is written */
    } else if (sqlite3_exec(st->db, "PRAGMA journal_mode=WAL", NULL, NULL,
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

int pm_store_open(pm_store **out, const char *path, pm_diag *diag)
{
    return open_db(out, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                   diag);
}

int pm_store_open_existing(pm_store **out, const char *path, pm_diag *diag)
{
    if (access(path, F_OK) != 0) {
        pm_diag_error(diag, NULL,
                      "no run history at '%s' (run 'planner run' first, or "
                      "give --db)",
                      path);
        *out = NULL;
        return PM_EIO;
    }
    return open_db(out, path, SQLITE_OPEN_READWRITE, diag);
}

void pm_store_close(pm_store *st)
{
    if (!st) {
        return;
    }
    if (st->db && !sqlite3_get_autocommit(st->db)) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_close(st->db);
    free(st->path);
    free(st);
}

int pm_store_begin(pm_store *st, pm_diag *diag)
{
    if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) {
        return fail(st, diag, "cannot start a transaction");
    }
    return PM_OK;
}

int pm_store_commit(pm_store *st, pm_diag *diag)
{
    if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL)) {
        int rc = fail(st, diag, "cannot record the run");
        pm_store_rollback(st);
        return rc;
    }
    return PM_OK;
}

void pm_store_rollback(pm_store *st)
{
    if (!sqlite3_get_autocommit(st->db)) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
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

static pm_date column_date(sqlite3_stmt *q, int i)
{
    const char *s = (const char *)sqlite3_column_text(q, i);
    pm_date d;
    if (!s || !pm_date_parse(s, strlen(s), &d)) {
        return PM_NO_DATE;
    }
    return d;
}

static char *column_str(sqlite3_stmt *q, int i, bool *oom)
{
    const char *s = (const char *)sqlite3_column_text(q, i);
    if (!s) {
        return NULL;
    }
    char *c = strdup(s);
    if (!c) {
        *oom = true;
    }
    return c;
}

/* Holidays as "2026-04-03..2026-04-06,2026-05-01"; NULL when out of
 * memory. */
static char *holidays_text(const pm_calendar *cal)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        return NULL;
    }
    for (int i = 0; i < cal->n_holidays; i++) {
        char a[11], b[11];
        fprintf(f, "%s%s..%s", i ? "," : "",
                pm_date_format(cal->holidays[i].first, a),
                pm_date_format(cal->holidays[i].last, b));
    }
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* Reads holidays_text() back into cal; false when out of memory. */
static bool parse_holidays(const char *s, pm_calendar *cal)
{
    cal->holidays = NULL;
    cal->n_holidays = 0;
    if (!s || !*s) {
        return true;
    }
    size_t n = 1;
    for (const char *p = s; *p; p++) {
        n += *p == ',';
    }
    cal->holidays = calloc(n, sizeof *cal->holidays);
    if (!cal->holidays) {
        return false;
    }
    for (const char *p = s; *p;) {
        pm_date_range *r = &cal->holidays[cal->n_holidays];
        if (strlen(p) >= 22 && pm_date_parse(p, 10, &r->first) &&
            pm_date_parse(p + 12, 10, &r->last)) {
            cal->n_holidays++;
        }
        const char *comma = strchr(p, ',');
        p = comma ? comma + 1 : p + strlen(p);
    }
    return true;
}

static void bind_opt_int(sqlite3_stmt *q, int i, int v)
{
    if (v >= 0) {
        sqlite3_bind_int(q, i, v);
    } else {
        sqlite3_bind_null(q, i);
    }
}

static int insert_tasks(pm_store *st, const pm_run *r)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            st->db,
            "INSERT INTO run_task (run_id, seq, task_id, wbs, name, "
            "parent_id, summary, milestone, start, finish, start_slot, "
            "finish_slot, total_float, free_float, critical, late, deadline,"
            " actual_start, actual_finish, percent_complete, overdue, "
            "budget, daily_cost, remaining, driver, driver_id, owner_id, "
            "owner_name, priority, duration)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
            "?,?)",
            -1, &q, NULL)) {
        return PM_EIO;
    }
    int rc = PM_OK;
    for (int i = 0; i < r->n_tasks && rc == PM_OK; i++) {
        const pm_run_task *t = &r->tasks[i];
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, r->id);
        sqlite3_bind_int(q, 2, i);
        sqlite3_bind_text(q, 3, t->task_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, t->wbs, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, t->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 6, t->parent_id, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 7, t->summary);
        sqlite3_bind_int(q, 8, t->milestone);
        bind_date(q, 9, t->start);
        bind_date(q, 10, t->finish);
        sqlite3_bind_int(q, 11, t->start_slot);
        sqlite3_bind_int(q, 12, t->finish_slot);
        sqlite3_bind_int(q, 13, t->total_float);
        sqlite3_bind_int(q, 14, t->free_float);
        sqlite3_bind_int(q, 15, t->critical);
        sqlite3_bind_int(q, 16, t->late);
        bind_date(q, 17, t->deadline);
        bind_date(q, 18, t->actual_start);
        bind_date(q, 19, t->actual_finish);
        bind_opt_int(q, 20, t->percent_complete);
        sqlite3_bind_int(q, 21, t->overdue);
        sqlite3_bind_double(q, 22, t->budget);
        sqlite3_bind_double(q, 23, t->daily_cost);
        bind_opt_int(q, 24, t->remaining);
        sqlite3_bind_int(q, 25, t->driver);
        sqlite3_bind_text(q, 26, t->driver_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 27, t->owner_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 28, t->owner_name, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 29, t->priority);
        sqlite3_bind_int(q, 30, t->duration);
        if (sqlite3_step(q) != SQLITE_DONE) {
            rc = PM_EIO;
        }
    }
    sqlite3_finalize(q);
    return rc;
}

/* Dependencies, assignments and leaves of the run. */
static int insert_details(pm_store *st, const pm_run *r)
{
    sqlite3_stmt *qd = NULL, *qa = NULL, *ql = NULL;
    int rc = PM_OK;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO run_dep (run_id, pred_id, succ_id, "
                           "type, lag) VALUES (?,?,?,?,?)",
                           -1, &qd, NULL) ||
        sqlite3_prepare_v2(st->db,
                           "INSERT INTO run_assignment (run_id, task_id, "
                           "resource_id, name, units, start, finish) "
                           "VALUES (?,?,?,?,?,?,?)",
                           -1, &qa, NULL) ||
        sqlite3_prepare_v2(st->db,
                           "INSERT INTO run_leave (run_id, resource_id, "
                           "name, first, last) VALUES (?,?,?,?,?)",
                           -1, &ql, NULL)) {
        rc = PM_EIO;
    }
    for (int i = 0; rc == PM_OK && i < r->n_deps; i++) {
        const pm_run_dep *d = &r->deps[i];
        sqlite3_reset(qd);
        sqlite3_bind_int64(qd, 1, r->id);
        sqlite3_bind_text(qd, 2, d->pred, -1, SQLITE_STATIC);
        sqlite3_bind_text(qd, 3, d->succ, -1, SQLITE_STATIC);
        sqlite3_bind_text(qd, 4, pm_dep_type_name(d->type), -1,
                          SQLITE_STATIC);
        sqlite3_bind_int(qd, 5, d->lag);
        rc = sqlite3_step(qd) == SQLITE_DONE ? PM_OK : PM_EIO;
    }
    for (int i = 0; rc == PM_OK && i < r->n_asg; i++) {
        const pm_run_asg *a = &r->asg[i];
        sqlite3_reset(qa);
        sqlite3_bind_int64(qa, 1, r->id);
        sqlite3_bind_text(qa, 2, r->tasks[a->task].task_id, -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(qa, 3, a->resource_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(qa, 4, a->name, -1, SQLITE_STATIC);
        sqlite3_bind_int(qa, 5, a->units);
        bind_date(qa, 6, a->start);
        bind_date(qa, 7, a->finish);
        rc = sqlite3_step(qa) == SQLITE_DONE ? PM_OK : PM_EIO;
    }
    for (int i = 0; rc == PM_OK && i < r->n_leaves; i++) {
        const pm_run_leave *l = &r->leaves[i];
        sqlite3_reset(ql);
        sqlite3_bind_int64(ql, 1, r->id);
        sqlite3_bind_text(ql, 2, l->resource_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(ql, 3, l->name, -1, SQLITE_STATIC);
        bind_date(ql, 4, l->first);
        bind_date(ql, 5, l->last);
        rc = sqlite3_step(ql) == SQLITE_DONE ? PM_OK : PM_EIO;
    }
    sqlite3_finalize(qd);
    sqlite3_finalize(qa);
    sqlite3_finalize(ql);
    return rc;
}

/* People and pools of the run. */
static int insert_people(pm_store *st, const pm_run *r)
{
    sqlite3_stmt *qr = NULL, *qp = NULL;
    int rc = PM_OK;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO run_resource (run_id, resource_id, "
                           "name, pools, max_units, reserve, cost_per_day, "
                           "outsourced) VALUES (?,?,?,?,?,?,?,?)",
                           -1, &qr, NULL) ||
        sqlite3_prepare_v2(st->db,
                           "INSERT INTO run_pool (run_id, pool_id, name) "
                           "VALUES (?,?,?)",
                           -1, &qp, NULL)) {
        rc = PM_EIO;
    }
    for (int i = 0; rc == PM_OK && i < r->n_resources; i++) {
        const pm_run_resource *k = &r->resources[i];
        sqlite3_reset(qr);
        sqlite3_bind_int64(qr, 1, r->id);
        sqlite3_bind_text(qr, 2, k->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(qr, 3, k->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(qr, 4, k->pools ? k->pools : "", -1,
                          SQLITE_STATIC);
        sqlite3_bind_int(qr, 5, k->max_units);
        sqlite3_bind_int(qr, 6, k->reserve);
        sqlite3_bind_double(qr, 7, k->cost_per_day);
        sqlite3_bind_int(qr, 8, k->outsourced);
        rc = sqlite3_step(qr) == SQLITE_DONE ? PM_OK : PM_EIO;
    }
    for (int i = 0; rc == PM_OK && i < r->n_pools; i++) {
        sqlite3_reset(qp);
        sqlite3_bind_int64(qp, 1, r->id);
        sqlite3_bind_text(qp, 2, r->pools[i].id, -1, SQLITE_STATIC);
        sqlite3_bind_text(qp, 3, r->pools[i].name, -1, SQLITE_STATIC);
        rc = sqlite3_step(qp) == SQLITE_DONE ? PM_OK : PM_EIO;
    }
    sqlite3_finalize(qr);
    sqlite3_finalize(qp);
    return rc;
}

/* Risks and change requests of the run. */
static int insert_registers(pm_store *st, const pm_run *r)
{
    sqlite3_stmt *qr = NULL, *qc = NULL;
    int rc = insert_people(st, r);
    if (rc != PM_OK) {
        return rc;
    }
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO run_risk (run_id, risk_id, title, "
                           "probability, impact, owner, mitigation, status, "
                           "tasks) VALUES (?,?,?,?,?,?,?,?,?)",
                           -1, &qr, NULL) ||
        sqlite3_prepare_v2(st->db,
                           "INSERT INTO run_change (run_id, change_id, "
                           "title, status, date, tasks) VALUES (?,?,?,?,?,?)",
                           -1, &qc, NULL)) {
        rc = PM_EIO;
    }
    for (int i = 0; rc == PM_OK && i < r->n_risks; i++) {
        const pm_run_risk *k = &r->risks[i];
        sqlite3_reset(qr);
        sqlite3_bind_int64(qr, 1, r->id);
        sqlite3_bind_text(qr, 2, k->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(qr, 3, k->title, -1, SQLITE_STATIC);
        sqlite3_bind_int(qr, 4, k->probability);
        sqlite3_bind_int(qr, 5, k->impact);
        sqlite3_bind_text(qr, 6, k->owner, -1, SQLITE_STATIC);
        sqlite3_bind_text(qr, 7, k->mitigation, -1, SQLITE_STATIC);
        sqlite3_bind_text(qr, 8, k->status, -1, SQLITE_STATIC);
        sqlite3_bind_text(qr, 9, k->tasks, -1, SQLITE_STATIC);
        rc = sqlite3_step(qr) == SQLITE_DONE ? PM_OK : PM_EIO;
    }
    for (int i = 0; rc == PM_OK && i < r->n_changes; i++) {
        const pm_run_change *k = &r->changes[i];
        sqlite3_reset(qc);
        sqlite3_bind_int64(qc, 1, r->id);
        sqlite3_bind_text(qc, 2, k->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(qc, 3, k->title, -1, SQLITE_STATIC);
        sqlite3_bind_text(qc, 4, k->status, -1, SQLITE_STATIC);
        bind_date(qc, 5, k->date);
        sqlite3_bind_text(qc, 6, k->tasks, -1, SQLITE_STATIC);
        rc = sqlite3_step(qc) == SQLITE_DONE ? PM_OK : PM_EIO;
    }
    sqlite3_finalize(qr);
    sqlite3_finalize(qc);
    return rc;
}

int pm_store_add_run(pm_store *st, pm_run *r, pm_diag *diag)
{
    sqlite3_stmt *q = NULL;
    int rc = PM_OK;
    if (sqlite3_prepare_v2(
            st->db,
            "INSERT INTO run (created, project, source, status_date, "
            "input_digest, solver, status, makespan, lower_bound, start, "
            "finish, seconds, lateness, tracked, workdays, hours_per_day, "
            "slots_per_day, holidays, priced) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            -1, &q, NULL)) {
        rc = PM_EIO;
    } else {
        sqlite3_bind_text(q, 1, r->created, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, r->project, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, r->source, -1, SQLITE_STATIC);
        bind_date(q, 4, r->status_date);
        sqlite3_bind_text(q, 5, r->input_digest, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 6, r->solver, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 7, r->status, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 8, r->makespan);
        sqlite3_bind_int(q, 9, r->lower_bound);
        bind_date(q, 10, r->start);
        bind_date(q, 11, r->finish);
        sqlite3_bind_double(q, 12, r->seconds);
        sqlite3_bind_int64(q, 13, r->lateness);
        sqlite3_bind_int(q, 14, r->tracked);
        sqlite3_bind_int(q, 15, (int)r->cal.workdays);
        sqlite3_bind_int(q, 16, r->cal.hours_per_day);
        sqlite3_bind_int(q, 17, r->cal.slots_per_day);
        sqlite3_bind_int(q, 19, r->priced);
        char *hol = holidays_text(&r->cal);
        if (!hol) {
            rc = PM_ENOMEM;
        } else {
            sqlite3_bind_text(q, 18, hol, -1, SQLITE_TRANSIENT);
            free(hol);
        }
        if (rc == PM_OK && sqlite3_step(q) != SQLITE_DONE) {
            rc = PM_EIO;
        }
        sqlite3_finalize(q);
    }
    if (rc == PM_OK) {
        r->id = sqlite3_last_insert_rowid(st->db);
        rc = insert_tasks(st, r);
    }
    if (rc == PM_OK) {
        rc = insert_details(st, r);
    }
    if (rc == PM_OK) {
        rc = insert_registers(st, r);
    }
    if (rc != PM_OK) {
        fail(st, diag, "cannot record the run");
    }
    return rc;
}

int pm_store_set_run_value(pm_store *st, long long run_id,
                           const char *baseline, long long baseline_run,
                           double bac, double pv, double ev, double ac,
                           pm_diag *diag)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "UPDATE run SET baseline = ?, bac = ?, pv = ?, "
                           "ev = ?, ac = ?, baseline_run = ? WHERE id = ?",
                           -1, &q, NULL)) {
        return fail(st, diag, "cannot record the run");
    }
    sqlite3_bind_text(q, 1, baseline, -1, SQLITE_STATIC);
    sqlite3_bind_double(q, 2, bac);
    sqlite3_bind_double(q, 3, pv);
    sqlite3_bind_double(q, 4, ev);
    sqlite3_bind_double(q, 5, ac);
    sqlite3_bind_int64(q, 6, baseline_run);
    sqlite3_bind_int64(q, 7, run_id);
    int rc = sqlite3_step(q) == SQLITE_DONE ? PM_OK : PM_EIO;
    sqlite3_finalize(q);
    if (rc != PM_OK) {
        fail(st, diag, "cannot record the run");
    }
    return rc;
}

#define RUN_COLUMNS                                                         \
    "id, created, project, source, input_digest, solver, status, "        \
    "status_date, start, finish, makespan, lower_bound, lateness, "       \
    "seconds, tracked, baseline, bac, pv, ev, ac, baseline_run, "         \
    "workdays, hours_per_day, slots_per_day, holidays, priced"

static bool read_run_row(sqlite3_stmt *q, pm_run *r)
{
    bool oom = false;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(q, 0);
    r->created = column_str(q, 1, &oom);
    r->project = column_str(q, 2, &oom);
    r->source = column_str(q, 3, &oom);
    r->input_digest = column_str(q, 4, &oom);
    r->solver = column_str(q, 5, &oom);
    r->status = column_str(q, 6, &oom);
    r->status_date = column_date(q, 7);
    r->start = column_date(q, 8);
    r->finish = column_date(q, 9);
    r->makespan = sqlite3_column_int(q, 10);
    r->lower_bound = sqlite3_column_int(q, 11);
    r->lateness = (long)sqlite3_column_int64(q, 12);
    r->seconds = sqlite3_column_double(q, 13);
    r->tracked = sqlite3_column_int(q, 14) != 0;
    r->baseline = column_str(q, 15, &oom);
    r->bac = sqlite3_column_double(q, 16);
    r->pv = sqlite3_column_double(q, 17);
    r->ev = sqlite3_column_double(q, 18);
    r->ac = sqlite3_column_double(q, 19);
    r->baseline_run = sqlite3_column_int64(q, 20);
    r->cal.workdays = (unsigned)sqlite3_column_int(q, 21);
    r->cal.hours_per_day = sqlite3_column_int(q, 22);
    r->cal.slots_per_day = sqlite3_column_int(q, 23);
    if (!parse_holidays((const char *)sqlite3_column_text(q, 24), &r->cal)) {
        oom = true;
    }
    r->priced = sqlite3_column_int(q, 25) != 0;
    return !oom;
}

int pm_store_list_runs(pm_store *st, const char *project, pm_run **runs,
                       int *n, pm_diag *diag)
{
    *runs = NULL;
    *n = 0;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT " RUN_COLUMNS " FROM run WHERE "
                           "?1 IS NULL OR project = ?1 ORDER BY id",
                           -1, &q, NULL)) {
        return fail(st, diag, "cannot read the runs");
    }
    if (project) {
        sqlite3_bind_text(q, 1, project, -1, SQLITE_STATIC);
    }
    int rc = PM_OK, cap = 0, step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            pm_run *v = realloc(*runs, (size_t)cap * sizeof *v);
            if (!v) {
                rc = PM_ENOMEM;
                break;
            }
            *runs = v;
        }
        if (!read_run_row(q, &(*runs)[(*n)++])) {
            rc = PM_ENOMEM;
            break;
        }
    }
    if (rc == PM_OK && step != SQLITE_DONE) {
        rc = fail(st, diag, "cannot read the runs");
    }
    sqlite3_finalize(q);
    if (rc != PM_OK) {
        pm_runs_free(*runs, *n);
        *runs = NULL;
        *n = 0;
    }
    return rc;
}

static int load_tasks(pm_store *st, pm_run *r)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            st->db,
            "SELECT task_id, name, wbs, parent_id, summary, milestone, "
            "critical, late, overdue, start, finish, actual_start, "
            "actual_finish, deadline, percent_complete, total_float, budget,"
            " daily_cost, start_slot, finish_slot, free_float, remaining, "
            "driver, driver_id, owner_id, owner_name, priority, duration "
            "FROM run_task WHERE run_id = ? ORDER BY seq",
            -1, &q, NULL)) {
        return PM_EIO;
    }
    sqlite3_bind_int64(q, 1, r->id);
    int rc = PM_OK, cap = 0, step;
    bool oom = false;
    while ((step = sqlite3_step(q)) == SQLITE_ROW && !oom) {
        if (r->n_tasks == cap) {
            cap = cap ? cap * 2 : 64;
            pm_run_task *v = realloc(r->tasks, (size_t)cap * sizeof *v);
            if (!v) {
                oom = true;
                break;
            }
            r->tasks = v;
        }
        pm_run_task *t = &r->tasks[r->n_tasks++];
        memset(t, 0, sizeof *t);
        t->task_id = column_str(q, 0, &oom);
        t->name = column_str(q, 1, &oom);
        t->wbs = column_str(q, 2, &oom);
        t->parent_id = column_str(q, 3, &oom);
        t->summary = sqlite3_column_int(q, 4) != 0;
        t->milestone = sqlite3_column_int(q, 5) != 0;
        t->critical = sqlite3_column_int(q, 6) != 0;
        t->late = sqlite3_column_int(q, 7) != 0;
        t->overdue = sqlite3_column_int(q, 8) != 0;
        t->start = column_date(q, 9);
        t->finish = column_date(q, 10);
        t->actual_start = column_date(q, 11);
        t->actual_finish = column_date(q, 12);
        t->deadline = column_date(q, 13);
        t->percent_complete = sqlite3_column_type(q, 14) == SQLITE_NULL
                                  ? -1
                                  : sqlite3_column_int(q, 14);
        t->total_float = sqlite3_column_int(q, 15);
        t->budget = sqlite3_column_double(q, 16);
        t->daily_cost = sqlite3_column_double(q, 17);
        t->start_slot = sqlite3_column_int(q, 18);
        t->finish_slot = sqlite3_column_int(q, 19);
        t->free_float = sqlite3_column_int(q, 20);
        t->remaining = sqlite3_column_type(q, 21) == SQLITE_NULL
                           ? -1
                           : sqlite3_column_int(q, 21);
        t->driver = sqlite3_column_int(q, 22);
        t->driver_id = column_str(q, 23, &oom);
        t->owner_id = column_str(q, 24, &oom);
        t->owner_name = column_str(q, 25, &oom);
        t->priority = sqlite3_column_int(q, 26);
        t->duration = sqlite3_column_int(q, 27);
        if (!t->task_id || !t->name || !t->wbs) {
            oom = true;
        }
    }
    if (oom) {
        rc = PM_ENOMEM;
    } else if (step != SQLITE_DONE) {
        rc = PM_EIO;
    }
    sqlite3_finalize(q);
    return rc;
}

static bool grow(void **v, int n, int *cap, size_t size)
{
    if (n < *cap) {
        return true;
    }
    int c = *cap ? *cap * 2 : 16;
    void *p = realloc(*v, (size_t)c * size);
    if (!p) {
        return false;
    }
    *v = p;
    *cap = c;
    return true;
}

static pm_dep_type dep_type_of(const char *s)
{
    for (int t = PM_DEP_FS; t <= PM_DEP_SF; t++) {
        if (s && strcmp(s, pm_dep_type_name((pm_dep_type)t)) == 0) {
            return (pm_dep_type)t;
        }
    }
    return PM_DEP_FS;
}

/* Dependencies, assignments and leaves of run r (tasks already read). */
static int load_details(pm_store *st, pm_run *r)
{
    static const char *const sql[] = {
        "SELECT pred_id, succ_id, type, lag FROM run_dep WHERE run_id = ? "
        "ORDER BY rowid",
        "SELECT task_id, resource_id, name, units, start, finish FROM "
        "run_assignment WHERE run_id = ? ORDER BY rowid",
        "SELECT resource_id, name, first, last FROM run_leave WHERE "
        "run_id = ? ORDER BY rowid",
        "SELECT risk_id, title, probability, impact, owner, mitigation, "
        "status, tasks FROM run_risk WHERE run_id = ? ORDER BY rowid",
        "SELECT change_id, title, status, date, tasks FROM run_change "
        "WHERE run_id = ? ORDER BY rowid",
        "SELECT resource_id, name, pools, max_units, reserve, cost_per_day, "
        "outsourced FROM run_resource WHERE run_id = ? ORDER BY rowid",
        "SELECT pool_id, name FROM run_pool WHERE run_id = ? ORDER BY rowid"};
    pm_strindex ix = PM_STRINDEX_INIT;
    bool oom = false;
    for (int i = 0; i < r->n_tasks && !oom; i++) {
        oom = pm_strindex_add(&ix, r->tasks[i].task_id, i) < 0;
    }
    int rc = oom ? PM_ENOMEM : PM_OK;
    int cap[7] = {0, 0, 0, 0, 0, 0, 0};
    for (int k = 0; k < 7 && rc == PM_OK; k++) {
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(st->db, sql[k], -1, &q, NULL)) {
            rc = PM_EIO;
            break;
        }
        sqlite3_bind_int64(q, 1, r->id);
        int step;
        while (!oom && (step = sqlite3_step(q)) == SQLITE_ROW) {
            if (k == 0 && grow((void **)&r->deps, r->n_deps, &cap[0],
                               sizeof *r->deps)) {
                pm_run_dep *d = &r->deps[r->n_deps++];
                d->pred = column_str(q, 0, &oom);
                d->succ = column_str(q, 1, &oom);
                d->type = dep_type_of((const char *)sqlite3_column_text(q, 2));
                d->lag = sqlite3_column_int(q, 3);
            } else if (k == 1 && grow((void **)&r->asg, r->n_asg, &cap[1],
                                      sizeof *r->asg)) {
                const char *tid = (const char *)sqlite3_column_text(q, 0);
                int t = tid ? pm_strindex_find(&ix, tid) : -1;
                if (t < 0) {
                    continue;
                }
                pm_run_asg *a = &r->asg[r->n_asg++];
                a->task = t;
                a->resource_id = column_str(q, 1, &oom);
                a->name = column_str(q, 2, &oom);
                a->units = sqlite3_column_int(q, 3);
                a->start = column_date(q, 4);
                a->finish = column_date(q, 5);
            } else if (k == 2 && grow((void **)&r->leaves, r->n_leaves,
                                      &cap[2], sizeof *r->leaves)) {
                pm_run_leave *l = &r->leaves[r->n_leaves++];
                l->resource_id = column_str(q, 0, &oom);
                l->name = column_str(q, 1, &oom);
                l->first = column_date(q, 2);
                l->last = column_date(q, 3);
            } else if (k == 3 && grow((void **)&r->risks, r->n_risks,
                                      &cap[3], sizeof *r->risks)) {
                pm_run_risk *x = &r->risks[r->n_risks++];
                memset(x, 0, sizeof *x);
                x->id = column_str(q, 0, &oom);
                x->title = column_str(q, 1, &oom);
                x->probability = sqlite3_column_int(q, 2);
                x->impact = sqlite3_column_int(q, 3);
                x->owner = column_str(q, 4, &oom);
                x->mitigation = column_str(q, 5, &oom);
                x->status = column_str(q, 6, &oom);
                x->tasks = column_str(q, 7, &oom);
            } else if (k == 4 && grow((void **)&r->changes, r->n_changes,
                                      &cap[4], sizeof *r->changes)) {
                pm_run_change *x = &r->changes[r->n_changes++];
                memset(x, 0, sizeof *x);
                x->id = column_str(q, 0, &oom);
                x->title = column_str(q, 1, &oom);
                x->status = column_str(q, 2, &oom);
                x->date = column_date(q, 3);
                x->tasks = column_str(q, 4, &oom);
            } else if (k == 5 && grow((void **)&r->resources, r->n_resources,
                                      &cap[5], sizeof *r->resources)) {
                pm_run_resource *x = &r->resources[r->n_resources++];
                x->id = column_str(q, 0, &oom);
                x->name = column_str(q, 1, &oom);
                x->pools = column_str(q, 2, &oom);
                x->max_units = sqlite3_column_int(q, 3);
                x->reserve = sqlite3_column_int(q, 4);
                x->cost_per_day = sqlite3_column_double(q, 5);
                x->outsourced = sqlite3_column_int(q, 6) != 0;
            } else if (k == 6 && grow((void **)&r->pools, r->n_pools,
                                      &cap[6], sizeof *r->pools)) {
                pm_run_pool *x = &r->pools[r->n_pools++];
                x->id = column_str(q, 0, &oom);
                x->name = column_str(q, 1, &oom);
            } else {
                oom = true;
            }
        }
        if (oom) {
            rc = PM_ENOMEM;
        } else if (step != SQLITE_DONE) {
            rc = PM_EIO;
        }
        sqlite3_finalize(q);
    }
    pm_strindex_reset(&ix);
    return rc;
}

int pm_store_load_run(pm_store *st, long long id, pm_run *out, pm_diag *diag)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT " RUN_COLUMNS " FROM run WHERE id = ?", -1,
                           &q, NULL)) {
        return fail(st, diag, "cannot read the run");
    }
    sqlite3_bind_int64(q, 1, id);
    int rc = PM_OK, step = sqlite3_step(q);
    if (step == SQLITE_ROW) {
        if (!read_run_row(q, out)) {
            rc = PM_ENOMEM;
        }
    } else if (step == SQLITE_DONE) {
        pm_diag_error(diag, NULL, "database '%s' has no run %lld", st->path,
                      id);
        rc = PM_EINPUT;
    } else {
        rc = fail(st, diag, "cannot read the run");
    }
    sqlite3_finalize(q);
    if (rc == PM_OK && (rc = load_tasks(st, out)) == PM_OK) {
        rc = load_details(st, out);
    }
    if (rc == PM_EIO) {
        fail(st, diag, "cannot read the run's tasks");
    }
    if (rc != PM_OK) {
        pm_run_reset(out);
    }
    return rc;
}

int pm_store_previous_run(pm_store *st, const char *project, long long id,
                          long long *prev, pm_diag *diag)
{
    *prev = 0;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT max(id) FROM run WHERE (?1 IS NULL OR "
                           "project = ?1) AND (?2 = 0 OR id < ?2)",
                           -1, &q, NULL)) {
        return fail(st, diag, "cannot read the runs");
    }
    if (project) {
        sqlite3_bind_text(q, 1, project, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(q, 2, id);
    int rc = PM_OK;
    if (sqlite3_step(q) == SQLITE_ROW) {
        *prev = sqlite3_column_int64(q, 0);
    } else {
        rc = fail(st, diag, "cannot read the runs");
    }
    sqlite3_finalize(q);
    return rc;
}

int pm_store_set_baseline(pm_store *st, const char *name, long long run_id,
                          const char *created, pm_diag *diag)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            st->db,
            "INSERT OR REPLACE INTO baseline (project, name, run_id, created)"
            " SELECT project, ?1, id, ?3 FROM run WHERE id = ?2",
            -1, &q, NULL)) {
        return fail(st, diag, "cannot set the baseline");
    }
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, run_id);
    sqlite3_bind_text(q, 3, created, -1, SQLITE_STATIC);
    int rc = PM_OK;
    if (sqlite3_step(q) != SQLITE_DONE) {
        rc = fail(st, diag, "cannot set the baseline");
    } else if (sqlite3_changes(st->db) == 0) {
        pm_diag_error(diag, NULL, "database '%s' has no run %lld", st->path,
                      run_id);
        rc = PM_EINPUT;
    }
    sqlite3_finalize(q);
    return rc;
}

int pm_store_list_baselines(pm_store *st, const char *project,
                            pm_baseline **out, int *n, pm_diag *diag)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT project, name, run_id, created FROM "
                           "baseline WHERE ?1 IS NULL OR project = ?1 "
                           "ORDER BY project, name",
                           -1, &q, NULL)) {
        return fail(st, diag, "cannot read the baselines");
    }
    if (project) {
        sqlite3_bind_text(q, 1, project, -1, SQLITE_STATIC);
    }
    int rc = PM_OK, cap = 0, step;
    bool oom = false;
    while (!oom && (step = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            pm_baseline *v = realloc(*out, (size_t)cap * sizeof *v);
            if (!v) {
                oom = true;
                break;
            }
            *out = v;
        }
        pm_baseline *b = &(*out)[(*n)++];
        b->project = column_str(q, 0, &oom);
        b->name = column_str(q, 1, &oom);
        b->run_id = sqlite3_column_int64(q, 2);
        b->created = column_str(q, 3, &oom);
    }
    if (oom) {
        rc = PM_ENOMEM;
    } else if (step != SQLITE_DONE) {
        rc = fail(st, diag, "cannot read the baselines");
    }
    sqlite3_finalize(q);
    if (rc != PM_OK) {
        pm_baselines_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int pm_store_get_baseline(pm_store *st, const char *project,
                          const char *name, long long *run_id,
                          pm_diag *diag)
{
    *run_id = 0;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT run_id FROM baseline WHERE project = ? "
                           "AND name = ?",
                           -1, &q, NULL)) {
        return fail(st, diag, "cannot read the baselines");
    }
    sqlite3_bind_text(q, 1, project, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
    int rc = PM_OK, step = sqlite3_step(q);
    if (step == SQLITE_ROW) {
        *run_id = sqlite3_column_int64(q, 0);
    } else if (step != SQLITE_DONE) {
        rc = fail(st, diag, "cannot read the baselines");
    }
    sqlite3_finalize(q);
    return rc;
}
