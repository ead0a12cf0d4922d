/* planner/store/store.c - the run history (SQLite file or PostgreSQL,
 * planner/store/db.h): schema and migrations, opening,
 * transactions, named baselines, and the conversions the reads and writes
 * share (store_impl.h). Every statement uses bound parameters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "planner/store/store_impl.h"

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
    /* 3: the language of the chart and report. */
    "ALTER TABLE run ADD COLUMN language TEXT NOT NULL DEFAULT 'en';",
    /* 4: three-point estimates and what the Monte Carlo run said. */
    "ALTER TABLE run_task ADD COLUMN est_low INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE run_task ADD COLUMN est_likely INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE run_task ADD COLUMN est_high INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE run_task ADD COLUMN risk_p50 INTEGER;"
    "ALTER TABLE run_task ADD COLUMN risk_p80 INTEGER;"
    "ALTER TABLE run_task ADD COLUMN risk_p95 INTEGER;"
    "ALTER TABLE run_task ADD COLUMN risk_critical REAL;"
    "ALTER TABLE run_task ADD COLUMN risk_on_time REAL;"
    "CREATE TABLE run_outlook ("
    "  run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,"
    "  runs INTEGER NOT NULL,"
    "  failed INTEGER NOT NULL,"
    "  seed INTEGER NOT NULL,"
    "  seconds REAL NOT NULL,"
    "  p50 INTEGER NOT NULL,"
    "  p80 INTEGER NOT NULL,"
    "  p95 INTEGER NOT NULL"
    ");"
    "CREATE TABLE run_outlook_hist ("
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
    "  finish_slot INTEGER NOT NULL,"
    "  runs INTEGER NOT NULL"
    ");"
    "CREATE INDEX run_outlook_hist_by_run ON run_outlook_hist (run_id);",
    /* 5: runs of what-if scenarios, kept apart from the plan's. */
    "ALTER TABLE run ADD COLUMN scenario TEXT;"
    "ALTER TABLE run ADD COLUMN scenario_name TEXT;",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int pm_store_fail(pm_store *st, pm_diag *diag, const char *what)
{
    pm_diag_error(diag, NULL, "database '%s': %s: %s", st->path, what,
                  pm_db_error(st->db));
    return PM_EIO;
}

/* Refuses a database from a newer planner. */
static int check_version(pm_store *st, pm_diag *diag)
{
    int v;
    if (pm_db_get_version(st->db, &v) != PM_OK) {
        return pm_store_fail(st, diag, "cannot read the schema version");
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
    if (pm_db_get_version(st->db, &v) != PM_OK) {
        return pm_store_fail(st, diag, "cannot read the schema version");
    }
    if (v >= N_MIGRATIONS) {
        return PM_OK; /* no write lock for an up-to-date store */
    }
    if (pm_db_begin(st->db) != PM_OK ||
        pm_db_get_version(st->db, &v) != PM_OK) {
        int rc = pm_store_fail(st, diag, "cannot read the schema version");
        pm_db_rollback(st->db);
        return rc;
    }
    /* Under the write lock: another machine may have migrated since. */
    for (; v < N_MIGRATIONS; v++) {
        if (pm_db_exec_ddl(st->db, migrations[v]) != PM_OK ||
            pm_db_set_version(st->db, v + 1) != PM_OK) {
            int rc = pm_store_fail(st, diag, "cannot update the schema");
            pm_db_rollback(st->db);
            return rc;
        }
    }
    if (pm_db_commit(st->db) != PM_OK) {
        int rc = pm_store_fail(st, diag, "cannot update the schema");
        pm_db_rollback(st->db);
        return rc;
    }
    return PM_OK;
}

/* target as messages show it: a URL without its password. */
static char *shown_target(const char *target)
{
    const char *at = strchr(target, '@');
    const char *scheme = strstr(target, "://");
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (!pm_db_is_url(target) || !at || !colon || colon > at) {
        return strdup(target);
    }
    char *s = NULL;
    if (asprintf(&s, "%.*s:***%s", (int)(colon - target), target, at) < 0) {
        return NULL;
    }
    return s;
}

static int open_db(pm_store **out, const char *target, bool create,
                   pm_diag *diag)
{
    *out = NULL;
    pm_store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = shown_target(target))) {
        free(st);
        return PM_ENOMEM;
    }
    int rc = pm_db_open(&st->db, target, create);
    if (rc == PM_ENOMEM && !st->db) {
        /* nothing to say beyond it */
    } else if (rc != PM_OK) {
        rc = pm_store_fail(st, diag, "cannot open");
    } else if ((rc = check_version(st, diag)) != PM_OK) {
        /* refused before anything (even the journal mode) is written */
    } else if (pm_db_configure(st->db) != PM_OK) {
        rc = pm_store_fail(st, diag, "cannot configure");
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

int pm_store_open(pm_store **out, const char *target, pm_diag *diag)
{
    return open_db(out, target, true, diag);
}

bool pm_store_may_exist(const char *target)
{
    return pm_db_is_url(target) || access(target, F_OK) == 0;
}

int pm_store_open_existing(pm_store **out, const char *target, pm_diag *diag)
{
    if (!pm_store_may_exist(target)) {
        pm_diag_error(diag, NULL,
                      "no run history at '%s' (run 'planner run' first, or "
                      "give --db)",
                      target);
        *out = NULL;
        return PM_EIO;
    }
    return open_db(out, target, false, diag);
}

void pm_store_close(pm_store *st)
{
    if (!st) {
        return;
    }
    pm_db_close(st->db); /* rolls back an open transaction */
    free(st->path);
    free(st);
}

int pm_store_begin(pm_store *st, pm_diag *diag)
{
    if (pm_db_begin(st->db) != PM_OK) {
        int rc = pm_store_fail(st, diag, "cannot start a transaction");
        pm_db_rollback(st->db);
        return rc;
    }
    return PM_OK;
}

int pm_store_commit(pm_store *st, pm_diag *diag)
{
    if (pm_db_commit(st->db) != PM_OK) {
        int rc = pm_store_fail(st, diag, "cannot record the run");
        pm_store_rollback(st);
        return rc;
    }
    return PM_OK;
}

void pm_store_rollback(pm_store *st)
{
    if (pm_db_in_transaction(st->db)) {
        pm_db_rollback(st->db);
    }
}

void pm_store_bind_date(pm_dbq *q, int i, pm_date d)
{
    char buf[11];
    if (d == PM_NO_DATE) {
        pm_dbq_bind_null(q, i);
    } else {
        pm_dbq_bind_text(q, i, pm_date_format(d, buf));
    }
}

pm_date pm_store_column_date(pm_dbq *q, int i)
{
    const char *s = pm_dbq_text(q, i);
    pm_date d;
    if (!s || !pm_date_parse(s, strlen(s), &d)) {
        return PM_NO_DATE;
    }
    return d;
}

char *pm_store_column_str(pm_dbq *q, int i, bool *oom)
{
    const char *s = pm_dbq_text(q, i);
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
char *pm_store_holidays_text(const pm_calendar *cal)
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
bool pm_store_parse_holidays(const char *s, pm_calendar *cal)
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

int pm_store_set_baseline(pm_store *st, const char *name, long long run_id,
                          const char *created, pm_diag *diag)
{
    pm_dbq *q;
    if (pm_db_prepare(st->db,
                      "INSERT INTO baseline (project, name, run_id, created)"
                      " SELECT project, ?1, id, ?3 FROM run WHERE id = ?2 "
                      "AND scenario IS NULL ON CONFLICT (project, name) DO "
                      "UPDATE SET run_id = excluded.run_id, created = "
                      "excluded.created",
                      &q)) {
        return pm_store_fail(st, diag, "cannot set the baseline");
    }
    pm_dbq_bind_text(q, 1, name);
    pm_dbq_bind_int(q, 2, run_id);
    pm_dbq_bind_text(q, 3, created);
    int rc = PM_OK;
    if (pm_dbq_step(q) != PM_DB_DONE) {
        rc = pm_store_fail(st, diag, "cannot set the baseline");
    } else if (pm_db_changes(st->db) == 0) {
        pm_diag_error(diag, NULL,
                      "database '%s' has no run %lld of a plan (a "
                      "scenario's run cannot be a baseline)",
                      st->path, run_id);
        rc = PM_EINPUT;
    }
    pm_dbq_free(q);
    return rc;
}

int pm_store_list_baselines(pm_baseline **out, int *n, pm_store *st,
                            const char *project, pm_diag *diag)
{
    *out = NULL;
    *n = 0;
    pm_dbq *q;
    if (pm_db_prepare(st->db, "SELECT project, name, run_id, created FROM "
                           "baseline WHERE CAST(?1 AS TEXT) IS NULL OR project = ?1 "
                           "ORDER BY project, name", &q)) {
        return pm_store_fail(st, diag, "cannot read the baselines");
    }
    if (project) {
        pm_dbq_bind_text(q, 1, project);
    }
    int rc = PM_OK, cap = 0, step;
    bool oom = false;
    while (!oom && (step = pm_dbq_step(q)) == PM_DB_ROW) {
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
        b->project = pm_store_column_str(q, 0, &oom);
        b->name = pm_store_column_str(q, 1, &oom);
        b->run_id = pm_dbq_int(q, 2);
        b->created = pm_store_column_str(q, 3, &oom);
    }
    if (oom) {
        rc = PM_ENOMEM;
    } else if (step != PM_DB_DONE) {
        rc = pm_store_fail(st, diag, "cannot read the baselines");
    }
    pm_dbq_free(q);
    if (rc != PM_OK) {
        pm_baselines_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int pm_store_get_baseline(long long *run_id, pm_store *st, const char *project,
                          const char *name, pm_diag *diag)
{
    *run_id = 0;
    pm_dbq *q;
    if (pm_db_prepare(st->db, "SELECT run_id FROM baseline WHERE project = ? "
                           "AND name = ?", &q)) {
        return pm_store_fail(st, diag, "cannot read the baselines");
    }
    pm_dbq_bind_text(q, 1, project);
    pm_dbq_bind_text(q, 2, name);
    int rc = PM_OK, step = pm_dbq_step(q);
    if (step == PM_DB_ROW) {
        *run_id = pm_dbq_int(q, 0);
    } else if (step != PM_DB_DONE) {
        rc = pm_store_fail(st, diag, "cannot read the baselines");
    }
    pm_dbq_free(q);
    return rc;
}
