/* tests/test_store.c - the store: a run written and read back field for
 * field, baselines, previous and recent runs, a rollback that leaves
 * nothing; for SQLite also the migration of a version-1 file, and a file
 * from a newer planner refused without a byte changed.
 * Usage: test_store PROJECT.yaml SCHEMA-V1.sql [POSTGRESQL_URL_PREFIX]
 * (prints TAP). With the prefix (e.g. postgresql://u:p@host:port/), the
 * databases are PREFIX + "a" and PREFIX + "b", which must exist and be
 * empty: tests/store_pg.py runs it so against its server. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "planner/runs/history.h"
#include "planner/store/store.h"
#include "solver/solve.h"
#include "tap.h"

static char dir[] = "/tmp/pm-test-store-XXXXXX";
static const char *pg_prefix; /* PostgreSQL databases instead of files */

/* The store named name ("a.db"): a file in dir, or the PostgreSQL
 * database of that name without ".db". */
static char *db_path(const char *name)
{
    static char path[512];
    if (pg_prefix) {
        snprintf(path, sizeof path, "%s%.*s", pg_prefix,
                 (int)strcspn(name, "."), name);
    } else {
        snprintf(path, sizeof path, "%s/%s", dir, name);
    }
    return path;
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Counts the fields of run b that differ from run a, naming the first. */
static int run_diff(const pm_run *a, const pm_run *b)
{
    int bad = 0;
#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond) && bad++ < 3) {                                          \
            printf("# differs: " __VA_ARGS__);                               \
            printf("\n");                                                    \
        }                                                                    \
    } while (0)
    CHECK(same_str(a->project, b->project) && same_str(a->source, b->source)
              && same_str(a->solver, b->solver) &&
              same_str(a->status, b->status) &&
              same_str(a->created, b->created) &&
              same_str(a->input_digest, b->input_digest),
          "run texts");
    CHECK(a->status_date == b->status_date && a->start == b->start &&
              a->finish == b->finish && a->makespan == b->makespan &&
              a->lower_bound == b->lower_bound &&
              a->lateness == b->lateness && a->tracked == b->tracked &&
              a->priced == b->priced,
          "run values");
    CHECK(a->cal.workdays == b->cal.workdays &&
              a->cal.hours_per_day == b->cal.hours_per_day &&
              a->cal.n_holidays == b->cal.n_holidays,
          "calendar");
    for (int i = 0; i < a->cal.n_holidays && i < b->cal.n_holidays; i++) {
        CHECK(a->cal.holidays[i].first == b->cal.holidays[i].first &&
                  a->cal.holidays[i].last == b->cal.holidays[i].last,
              "holiday %d", i);
    }
    CHECK(a->n_tasks == b->n_tasks && a->n_deps == b->n_deps &&
              a->n_asg == b->n_asg && a->n_leaves == b->n_leaves &&
              a->n_resources == b->n_resources && a->n_pools == b->n_pools &&
              a->n_risks == b->n_risks && a->n_changes == b->n_changes,
          "counts %d/%d tasks %d/%d assignments", a->n_tasks, b->n_tasks,
          a->n_asg, b->n_asg);
    for (int i = 0; i < a->n_tasks && i < b->n_tasks; i++) {
        const pm_run_task *x = &a->tasks[i], *y = &b->tasks[i];
        CHECK(same_str(x->task_id, y->task_id) && same_str(x->name, y->name)
                  && same_str(x->wbs, y->wbs) &&
                  same_str(x->parent_id, y->parent_id) &&
                  same_str(x->driver_id, y->driver_id) &&
                  same_str(x->owner_id, y->owner_id) &&
                  same_str(x->owner_name, y->owner_name),
              "task %d texts", i);
        CHECK(x->summary == y->summary && x->milestone == y->milestone &&
                  x->critical == y->critical && x->late == y->late &&
                  x->overdue == y->overdue && x->start == y->start &&
                  x->finish == y->finish && x->deadline == y->deadline &&
                  x->actual_start == y->actual_start &&
                  x->actual_finish == y->actual_finish &&
                  x->percent_complete == y->percent_complete &&
                  x->total_float == y->total_float &&
                  x->free_float == y->free_float &&
                  x->start_slot == y->start_slot &&
                  x->finish_slot == y->finish_slot &&
                  x->remaining == y->remaining && x->driver == y->driver &&
                  x->priority == y->priority &&
                  x->duration == y->duration && x->budget == y->budget &&
                  x->daily_cost == y->daily_cost,
              "task %s values", x->task_id);
    }
    for (int i = 0; i < a->n_asg && i < b->n_asg; i++) {
        const pm_run_asg *x = &a->asg[i], *y = &b->asg[i];
        CHECK(x->task == y->task && same_str(x->resource_id, y->resource_id)
                  && same_str(x->name, y->name) && x->units == y->units &&
                  x->start == y->start && x->finish == y->finish,
              "assignment %d", i);
    }
    for (int i = 0; i < a->n_deps && i < b->n_deps; i++) {
        CHECK(same_str(a->deps[i].pred, b->deps[i].pred) &&
                  same_str(a->deps[i].succ, b->deps[i].succ) &&
                  a->deps[i].type == b->deps[i].type &&
                  a->deps[i].lag == b->deps[i].lag,
              "dependency %d", i);
    }
    for (int i = 0; i < a->n_resources && i < b->n_resources; i++) {
        const pm_run_resource *x = &a->resources[i], *y = &b->resources[i];
        CHECK(same_str(x->id, y->id) && same_str(x->name, y->name) &&
                  same_str(x->pools ? x->pools : "", y->pools) &&
                  x->max_units == y->max_units && x->reserve == y->reserve &&
                  x->cost_per_day == y->cost_per_day &&
                  x->outsourced == y->outsourced,
              "person %d", i);
    }
    for (int i = 0; i < a->n_leaves && i < b->n_leaves; i++) {
        CHECK(same_str(a->leaves[i].resource_id, b->leaves[i].resource_id) &&
                  a->leaves[i].first == b->leaves[i].first &&
                  a->leaves[i].last == b->leaves[i].last,
              "leave %d", i);
    }
    for (int i = 0; i < a->n_risks && i < b->n_risks; i++) {
        const pm_run_risk *x = &a->risks[i], *y = &b->risks[i];
        CHECK(same_str(x->id, y->id) && same_str(x->title, y->title) &&
                  same_str(x->owner, y->owner) &&
                  same_str(x->mitigation, y->mitigation) &&
                  same_str(x->status, y->status) &&
                  same_str(x->tasks, y->tasks) &&
                  x->probability == y->probability &&
                  x->impact == y->impact,
              "risk %d", i);
    }
    for (int i = 0; i < a->n_changes && i < b->n_changes; i++) {
        const pm_run_change *x = &a->changes[i], *y = &b->changes[i];
        CHECK(same_str(x->id, y->id) && same_str(x->title, y->title) &&
                  same_str(x->status, y->status) &&
                  same_str(x->tasks, y->tasks) && x->date == y->date,
              "change %d", i);
    }
#undef CHECK
    return bad;
}

/* 1. A run of the example written and read back, field for field. */
static void test_round_trip(const char *project)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = NULL;
    pm_schedule *s = NULL;
    pm_run cur = {0}, back = {0};
    pm_store *st = NULL;
    pm_solve_opts o = PM_SOLVE_OPTS_INIT;
    o.use_milp = false;
    o.max_schedules = 2000;
    o.time_limit_ms = 60000;
    if (!ok(pm_import_file(&p, project, &diag) == PM_OK &&
                pm_solve(&s, p, &o, &diag) == PM_OK,
            "the example loads and solves") ||
        !ok(pm_run_capture(&cur, p, s, "2026-12-02T10:00:00Z", "digest") ==
                PM_OK,
            "the run is captured")) {
        goto done;
    }
    is_int(pm_store_open(&st, db_path("a.db"), &diag), PM_OK,
           "a new database opens");
    is_int(pm_store_begin(st, &diag), PM_OK, "a transaction starts");
    is_int(pm_store_add_run(st, &cur, &diag), PM_OK, "the run is written");
    ok(cur.id == 1, "it is run 1 (%lld)", cur.id);
    is_int(pm_store_set_baseline(st, "initial", cur.id, cur.created, &diag),
           PM_OK, "its baseline is set");
    is_int(pm_store_commit(st, &diag), PM_OK, "and committed");
    pm_store_close(st);
    st = NULL;
    is_int(pm_store_open_existing(&st, db_path("a.db"), &diag), PM_OK,
           "the database opens again");
    if (!st) {
        goto done;
    }
    is_int(pm_store_load_run(&back, st, 1, &diag), PM_OK, "run 1 loads");
    ok(cur.n_tasks > 10 && cur.n_asg > 10 && cur.n_risks > 0 &&
           cur.n_changes > 0 && cur.n_leaves > 0,
       "the example exercises every table (%d tasks, %d assignments, %d "
       "risks, %d changes, %d leaves)",
       cur.n_tasks, cur.n_asg, cur.n_risks, cur.n_changes, cur.n_leaves);
    is_int(run_diff(&cur, &back), 0, "every field reads back as written");
    long long id = 0, prev = -1;
    is_int(pm_store_get_baseline(&id, st, cur.project, "initial", &diag),
           PM_OK, "the baseline reads");
    ok(id == 1, "baseline 'initial' is run 1 (%lld)", id);
    is_int(pm_store_previous_run(&prev, st, cur.project, 1, &diag), PM_OK,
           "the run before run 1 reads");
    ok(prev == 0, "there is none (%lld)", prev);
    pm_diag_reset(&diag);
    pm_run missing = {0};
    is_int(pm_store_load_run(&missing, st, 7, &diag), PM_EINPUT,
           "an unknown run is an input error");
    ok(diag.n == 1 && strstr(diag.entries[0].msg, "has no run 7") != NULL,
       "which says so");
done:
    pm_run_reset(&back);
    pm_run_reset(&cur);
    pm_store_close(st);
    pm_schedule_free(s);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

/* 2. Written and rolled back: nothing is left; a second run then gets its
 * place, and the recent runs come with their tasks. */
static void test_rollback_and_recent(const char *project)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = NULL;
    pm_schedule *s = NULL;
    pm_store *st = NULL;
    pm_run r = {0};
    pm_run *runs = NULL;
    int n = -1;
    pm_solve_opts o = PM_SOLVE_OPTS_INIT;
    o.use_milp = false;
    o.max_schedules = 500;
    if (pm_import_file(&p, project, &diag) != PM_OK ||
        pm_solve(&s, p, &o, &diag) != PM_OK ||
        pm_store_open(&st, db_path("b.db"), &diag) != PM_OK) {
        ok(0, "the example loads, solves, and a database opens");
        goto done;
    }
    pm_run_capture(&r, p, s, "t1", "d");
    pm_store_begin(st, &diag);
    pm_store_add_run(st, &r, &diag);
    pm_store_rollback(st);
    pm_store_list_runs(&runs, &n, st, NULL, &diag);
    is_int(n, 0, "a rolled-back run leaves no run");
    pm_runs_free(runs, n);
    for (int k = 0; k < 3; k++) {
        pm_store_begin(st, &diag);
        pm_store_add_run(st, &r, &diag);
        pm_store_commit(st, &diag);
    }
    runs = NULL;
    is_int(pm_store_recent_runs(&runs, &n, st, r.project, 0, 2, &diag),
           PM_OK, "the recent runs read");
    ok(n == 2 && runs[0].id < runs[1].id && runs[1].n_tasks == r.n_tasks,
       "the last two, oldest first, with their tasks");
    pm_runs_free(runs, n);
    runs = NULL;
    is_int(pm_store_recent_runs(&runs, &n, st, r.project, 0, 9, &diag),
           PM_OK, "asking for more than there are");
    ok(n == 3, "gives all three (%d)", n);
    pm_runs_free(runs, n);
done:
    pm_run_reset(&r);
    pm_store_close(st);
    pm_schedule_free(s);
    pm_project_free(p);
    pm_diag_reset(&diag);
}

static int version_of(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    int v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) ==
            SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        v = sqlite3_column_int(q, 0);
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

static char *slurp(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    if (f && fseek(f, 0, SEEK_END) == 0 && (*len = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)*len + 1)) &&
        fread(buf, 1, (size_t)*len, f) != (size_t)*len) {
        free(buf);
        buf = NULL;
    }
    if (f) {
        fclose(f);
    }
    if (buf) {
        buf[*len] = '\0';
    }
    return buf;
}

/* 3. A version-1 file is migrated and keeps its run; a file from a newer
 * planner is refused and left as it was. */
static void test_versions(const char *schema_v1)
{
    pm_diag diag = PM_DIAG_INIT;
    long len = 0;
    char *sql = slurp(schema_v1, &len);
    sqlite3 *db = NULL;
    char *old = db_path("v1.db");
    bool made = sql && sqlite3_open(old, &db) == SQLITE_OK &&
                sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_close(db);
    free(sql);
    if (!ok(made && version_of(old) == 1, "a version-1 database is made")) {
        return;
    }
    pm_store *st = NULL;
    pm_run *runs = NULL;
    int n = 0;
    is_int(pm_store_open_existing(&st, old, &diag), PM_OK,
           "it opens (and is migrated)");
    is_int(pm_store_list_runs(&runs, &n, st, NULL, &diag), PM_OK,
           "its runs read");
    ok(n == 1 && same_str(runs[0].project, "Legacy"), "its run is kept");
    pm_runs_free(runs, n);
    pm_store_close(st);
    is_int(version_of(old), PM_STORE_SCHEMA_VERSION,
           "the schema is now version %d", PM_STORE_SCHEMA_VERSION);

    char *newer = db_path("v99.db");
    db = NULL;
    sqlite3_open(newer, &db);
    sqlite3_exec(db, "CREATE TABLE x (y); PRAGMA user_version = 99;", NULL,
                 NULL, NULL);
    sqlite3_close(db);
    long before_len = 0, after_len = 0;
    char *before = slurp(newer, &before_len);
    pm_diag_reset(&diag);
    st = NULL;
    is_int(pm_store_open(&st, newer, &diag), PM_EIO,
           "a database from a newer planner is refused");
    ok(diag.n == 1 && strstr(diag.entries[0].msg, "schema version 99") &&
           st == NULL,
       "saying which version");
    char *after = slurp(newer, &after_len);
    ok(before && after && before_len == after_len &&
           memcmp(before, after, (size_t)before_len) == 0 &&
           access(db_path("v99.db-wal"), F_OK) != 0,
       "and not a byte of it changes (no journal either)");
    free(before);
    free(after);
    pm_diag_reset(&diag);
}

int main(int argc, char **argv)
{
    if (argc < 3 || !mkdtemp(dir)) {
        printf("1..0 # SKIP usage: test_store PROJECT.yaml SCHEMA-V1.sql "
               "[POSTGRESQL_URL_PREFIX]\n");
        return 1;
    }
    pg_prefix = argc > 3 ? argv[3] : NULL;
    test_round_trip(argv[1]);
    test_rollback_and_recent(argv[1]);
    if (!pg_prefix) { /* SQLite files of older and newer versions */
        test_versions(argv[2]);
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        printf("# could not remove %s\n", dir);
    }
    return tap_done();
}
