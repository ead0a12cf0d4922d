/* planner/store/store_read.c - runs read back from the store: lists, one
 * run with its tasks, people and registers, the previous run, the recent
 * ones. */
#include <stdlib.h>
#include <string.h>

#include "planner/model/strindex.h"
#include "planner/store/store_impl.h"

#define RUN_COLUMNS                                                            \
    "id, created, project, source, input_digest, solver, status, "             \
    "status_date, start, finish, makespan, lower_bound, lateness, "            \
    "seconds, tracked, baseline, bac, pv, ev, ac, baseline_run, "              \
    "workdays, hours_per_day, slots_per_day, holidays, priced, language, "     \
    "scenario, scenario_name"

static bool read_run_row(pm_dbq *q, pm_run *r)
{
    bool oom = false;
    memset(r, 0, sizeof *r);
    r->id = pm_dbq_int(q, 0);
    r->created = pm_store_column_str(q, 1, &oom);
    r->project = pm_store_column_str(q, 2, &oom);
    r->source = pm_store_column_str(q, 3, &oom);
    r->input_digest = pm_store_column_str(q, 4, &oom);
    r->solver = pm_store_column_str(q, 5, &oom);
    r->status = pm_store_column_str(q, 6, &oom);
    r->status_date = pm_store_column_date(q, 7);
    r->start = pm_store_column_date(q, 8);
    r->finish = pm_store_column_date(q, 9);
    r->makespan = (int)pm_dbq_int(q, 10);
    r->lower_bound = (int)pm_dbq_int(q, 11);
    r->lateness = (long)pm_dbq_int(q, 12);
    r->seconds = pm_dbq_real(q, 13);
    r->tracked = (int)pm_dbq_int(q, 14) != 0;
    r->baseline = pm_store_column_str(q, 15, &oom);
    r->bac = pm_dbq_real(q, 16);
    r->pv = pm_dbq_real(q, 17);
    r->ev = pm_dbq_real(q, 18);
    r->ac = pm_dbq_real(q, 19);
    r->baseline_run = pm_dbq_int(q, 20);
    r->cal.workdays = (unsigned)(int)pm_dbq_int(q, 21);
    r->cal.hours_per_day = (int)pm_dbq_int(q, 22);
    r->cal.slots_per_day = (int)pm_dbq_int(q, 23);
    if (!pm_store_parse_holidays(pm_dbq_text(q, 24),
                                 &r->cal)) {
        oom = true;
    }
    r->priced = (int)pm_dbq_int(q, 25) != 0;
    const char *lang = pm_dbq_text(q, 26);
    r->language = lang && strcmp(lang, "zh") == 0 ? PM_LANG_ZH : PM_LANG_EN;
    if (!pm_dbq_null(q, 27)) {
        r->scenario = pm_store_column_str(q, 27, &oom);
        r->scenario_name = pm_store_column_str(q, 28, &oom);
    }
    return !oom;
}

int pm_store_list_runs(pm_run **runs, int *n, pm_store *st, const char *project,
                       pm_diag *diag)
{
    *runs = NULL;
    *n = 0;
    pm_dbq *q;
    if (pm_db_prepare(st->db,
                      "SELECT " RUN_COLUMNS " FROM run WHERE "
                      "CAST(?1 AS TEXT) IS NULL OR project = ?1 ORDER BY id",
                      &q)) {
        return pm_store_fail(st, diag, "cannot read the runs");
    }
    if (project) {
        pm_dbq_bind_text(q, 1, project);
    }
    int rc = PM_OK, cap = 0, step;
    while ((step = pm_dbq_step(q)) == PM_DB_ROW) {
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
    if (rc == PM_OK && step != PM_DB_DONE) {
        rc = pm_store_fail(st, diag, "cannot read the runs");
    }
    pm_dbq_free(q);
    if (rc != PM_OK) {
        pm_runs_free(*runs, *n);
        *runs = NULL;
        *n = 0;
    }
    return rc;
}

/* What the run's Monte Carlo run said of a task: columns col.. (p50, p80,
 * p95, critical, on_time), NULL when there was none. */
static void read_task_outlook(pm_dbq *q, int col, pm_outlook_task *o)
{
    o->p50 = (int)pm_dbq_int(q, col);
    o->p80 = (int)pm_dbq_int(q, col + 1);
    o->p95 = (int)pm_dbq_int(q, col + 2);
    o->critical = pm_dbq_real(q, col + 3);
    o->on_time = pm_dbq_null(q, col + 4)
                     ? -1
                     : pm_dbq_real(q, col + 4);
}

/* The run's Monte Carlo run, when it had one: the run_outlook row and its
 * histogram (load_tasks has read the tasks' part). Returns 0, PM_EIO or
 * PM_ENOMEM. */
static int load_outlook(pm_store *st, pm_run *r)
{
    pm_outlook *o = &r->outlook;
    o->n_tasks = r->n_tasks;
    pm_dbq *q;
    if (pm_db_prepare(st->db, "SELECT runs, failed, seed, seconds, p50, p80, p95 "
                           "FROM run_outlook WHERE run_id = ?", &q)) {
        return PM_EIO;
    }
    pm_dbq_bind_int(q, 1, r->id);
    int step = pm_dbq_step(q);
    if (step == PM_DB_ROW) {
        o->runs = (int)pm_dbq_int(q, 0);
        o->failed = (int)pm_dbq_int(q, 1);
        o->seed = (unsigned)pm_dbq_int(q, 2);
        o->seconds = pm_dbq_real(q, 3);
        o->finish.p50 = (int)pm_dbq_int(q, 4);
        o->finish.p80 = (int)pm_dbq_int(q, 5);
        o->finish.p95 = (int)pm_dbq_int(q, 6);
        o->finish.on_time = -1;
    }
    pm_dbq_free(q);
    if (step == PM_DB_DONE) {
        pm_outlook_reset(o); /* no Monte Carlo run with this one */
        return PM_OK;
    }
    if (step != PM_DB_ROW ||
        pm_db_prepare(st->db, "SELECT finish_slot, runs FROM run_outlook_hist "
                           "WHERE run_id = ? ORDER BY finish_slot", &q)) {
        return PM_EIO;
    }
    pm_dbq_bind_int(q, 1, r->id);
    int cap = 0;
    bool oom = false;
    while ((step = pm_dbq_step(q)) == PM_DB_ROW) {
        if (o->n_hist == cap) {
            cap = cap ? cap * 2 : 32;
            int *a = realloc(o->hist_slot, (size_t)cap * sizeof *a);
            if (a) {
                o->hist_slot = a;
            }
            int *b = realloc(o->hist_runs, (size_t)cap * sizeof *b);
            if (b) {
                o->hist_runs = b;
            }
            if (!a || !b) {
                oom = true;
                break;
            }
        }
        o->hist_slot[o->n_hist] = (int)pm_dbq_int(q, 0);
        o->hist_runs[o->n_hist++] = (int)pm_dbq_int(q, 1);
    }
    pm_dbq_free(q);
    return oom ? PM_ENOMEM : step == PM_DB_DONE ? PM_OK : PM_EIO;
}

static int load_tasks(pm_store *st, pm_run *r)
{
    pm_dbq *q;
    if (pm_db_prepare(st->db, "SELECT task_id, name, wbs, parent_id, summary, milestone, "
            "critical, late, overdue, start, finish, actual_start, "
            "actual_finish, deadline, percent_complete, total_float, budget,"
            " daily_cost, start_slot, finish_slot, free_float, remaining, "
            "driver, driver_id, owner_id, owner_name, priority, duration, "
            "est_low, est_likely, est_high, risk_p50, risk_p80, risk_p95, "
            "risk_critical, risk_on_time "
            "FROM run_task WHERE run_id = ? ORDER BY seq", &q)) {
        return PM_EIO;
    }
    pm_dbq_bind_int(q, 1, r->id);
    int rc = PM_OK, cap = 0, step;
    bool oom = false;
    while ((step = pm_dbq_step(q)) == PM_DB_ROW && !oom) {
        if (r->n_tasks == cap) {
            cap = cap ? cap * 2 : 64;
            pm_run_task *v = realloc(r->tasks, (size_t)cap * sizeof *v);
            if (v) {
                r->tasks = v;
            }
            pm_outlook_task *o =
                realloc(r->outlook.tasks, (size_t)cap * sizeof *o);
            if (o) {
                r->outlook.tasks = o;
            }
            if (!v || !o) {
                oom = true;
                break;
            }
        }
        read_task_outlook(q, 31, &r->outlook.tasks[r->n_tasks]);
        pm_run_task *t = &r->tasks[r->n_tasks++];
        memset(t, 0, sizeof *t);
        t->task_id = pm_store_column_str(q, 0, &oom);
        t->name = pm_store_column_str(q, 1, &oom);
        t->wbs = pm_store_column_str(q, 2, &oom);
        t->parent_id = pm_store_column_str(q, 3, &oom);
        t->summary = (int)pm_dbq_int(q, 4) != 0;
        t->milestone = (int)pm_dbq_int(q, 5) != 0;
        t->critical = (int)pm_dbq_int(q, 6) != 0;
        t->late = (int)pm_dbq_int(q, 7) != 0;
        t->overdue = (int)pm_dbq_int(q, 8) != 0;
        t->start = pm_store_column_date(q, 9);
        t->finish = pm_store_column_date(q, 10);
        t->actual_start = pm_store_column_date(q, 11);
        t->actual_finish = pm_store_column_date(q, 12);
        t->deadline = pm_store_column_date(q, 13);
        t->percent_complete = pm_dbq_null(q, 14)
                                  ? -1
                                  : (int)pm_dbq_int(q, 14);
        t->total_float = (int)pm_dbq_int(q, 15);
        t->budget = pm_dbq_real(q, 16);
        t->daily_cost = pm_dbq_real(q, 17);
        t->start_slot = (int)pm_dbq_int(q, 18);
        t->finish_slot = (int)pm_dbq_int(q, 19);
        t->free_float = (int)pm_dbq_int(q, 20);
        t->remaining = pm_dbq_null(q, 21)
                           ? -1
                           : (int)pm_dbq_int(q, 21);
        t->driver = (int)pm_dbq_int(q, 22);
        t->driver_id = pm_store_column_str(q, 23, &oom);
        t->owner_id = pm_store_column_str(q, 24, &oom);
        t->owner_name = pm_store_column_str(q, 25, &oom);
        t->priority = (int)pm_dbq_int(q, 26);
        t->duration = (int)pm_dbq_int(q, 27);
        for (int k = 0; k < 3; k++) {
            t->estimate[k] = (int)pm_dbq_int(q, 28 + k);
        }
        if (!t->task_id || !t->name || !t->wbs) {
            oom = true;
        }
    }
    if (oom) {
        rc = PM_ENOMEM;
    } else if (step != PM_DB_DONE) {
        rc = PM_EIO;
    }
    pm_dbq_free(q);
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
        pm_dbq *q;
        if (pm_db_prepare(st->db, sql[k], &q)) {
            rc = PM_EIO;
            break;
        }
        pm_dbq_bind_int(q, 1, r->id);
        int step;
        while (!oom && (step = pm_dbq_step(q)) == PM_DB_ROW) {
            if (k == 0 &&
                grow((void **)&r->deps, r->n_deps, &cap[0], sizeof *r->deps)) {
                pm_run_dep *d = &r->deps[r->n_deps++];
                d->pred = pm_store_column_str(q, 0, &oom);
                d->succ = pm_store_column_str(q, 1, &oom);
                d->type = dep_type_of(pm_dbq_text(q, 2));
                d->lag = (int)pm_dbq_int(q, 3);
            } else if (k == 1 && grow((void **)&r->asg, r->n_asg, &cap[1],
                                      sizeof *r->asg)) {
                const char *tid = pm_dbq_text(q, 0);
                int t = tid ? pm_strindex_find(&ix, tid) : -1;
                if (t < 0) {
                    continue;
                }
                pm_run_asg *a = &r->asg[r->n_asg++];
                a->task = t;
                a->resource_id = pm_store_column_str(q, 1, &oom);
                a->name = pm_store_column_str(q, 2, &oom);
                a->units = (int)pm_dbq_int(q, 3);
                a->start = pm_store_column_date(q, 4);
                a->finish = pm_store_column_date(q, 5);
            } else if (k == 2 && grow((void **)&r->leaves, r->n_leaves, &cap[2],
                                      sizeof *r->leaves)) {
                pm_run_leave *l = &r->leaves[r->n_leaves++];
                l->resource_id = pm_store_column_str(q, 0, &oom);
                l->name = pm_store_column_str(q, 1, &oom);
                l->first = pm_store_column_date(q, 2);
                l->last = pm_store_column_date(q, 3);
            } else if (k == 3 && grow((void **)&r->risks, r->n_risks, &cap[3],
                                      sizeof *r->risks)) {
                pm_run_risk *x = &r->risks[r->n_risks++];
                memset(x, 0, sizeof *x);
                x->id = pm_store_column_str(q, 0, &oom);
                x->title = pm_store_column_str(q, 1, &oom);
                x->probability = (int)pm_dbq_int(q, 2);
                x->impact = (int)pm_dbq_int(q, 3);
                x->owner = pm_store_column_str(q, 4, &oom);
                x->mitigation = pm_store_column_str(q, 5, &oom);
                x->status = pm_store_column_str(q, 6, &oom);
                x->tasks = pm_store_column_str(q, 7, &oom);
            } else if (k == 4 && grow((void **)&r->changes, r->n_changes,
                                      &cap[4], sizeof *r->changes)) {
                pm_run_change *x = &r->changes[r->n_changes++];
                memset(x, 0, sizeof *x);
                x->id = pm_store_column_str(q, 0, &oom);
                x->title = pm_store_column_str(q, 1, &oom);
                x->status = pm_store_column_str(q, 2, &oom);
                x->date = pm_store_column_date(q, 3);
                x->tasks = pm_store_column_str(q, 4, &oom);
            } else if (k == 5 && grow((void **)&r->resources, r->n_resources,
                                      &cap[5], sizeof *r->resources)) {
                pm_run_resource *x = &r->resources[r->n_resources++];
                x->id = pm_store_column_str(q, 0, &oom);
                x->name = pm_store_column_str(q, 1, &oom);
                x->pools = pm_store_column_str(q, 2, &oom);
                x->max_units = (int)pm_dbq_int(q, 3);
                x->reserve = (int)pm_dbq_int(q, 4);
                x->cost_per_day = pm_dbq_real(q, 5);
                x->outsourced = (int)pm_dbq_int(q, 6) != 0;
            } else if (k == 6 && grow((void **)&r->pools, r->n_pools, &cap[6],
                                      sizeof *r->pools)) {
                pm_run_pool *x = &r->pools[r->n_pools++];
                x->id = pm_store_column_str(q, 0, &oom);
                x->name = pm_store_column_str(q, 1, &oom);
            } else {
                oom = true;
            }
        }
        if (oom) {
            rc = PM_ENOMEM;
        } else if (step != PM_DB_DONE) {
            rc = PM_EIO;
        }
        pm_dbq_free(q);
    }
    pm_strindex_reset(&ix);
    return rc;
}

int pm_store_load_run(pm_run *out, pm_store *st, long long id, pm_diag *diag)
{
    memset(out, 0, sizeof *out);
    pm_dbq *q;
    if (pm_db_prepare(st->db, "SELECT " RUN_COLUMNS " FROM run WHERE id = ?", &q)) {
        return pm_store_fail(st, diag, "cannot read the run");
    }
    pm_dbq_bind_int(q, 1, id);
    int rc = PM_OK, step = pm_dbq_step(q);
    if (step == PM_DB_ROW) {
        if (!read_run_row(q, out)) {
            rc = PM_ENOMEM;
        }
    } else if (step == PM_DB_DONE) {
        pm_diag_error(diag, NULL, "database '%s' has no run %lld", st->path,
                      id);
        rc = PM_EINPUT;
    } else {
        rc = pm_store_fail(st, diag, "cannot read the run");
    }
    pm_dbq_free(q);
    if (rc == PM_OK && (rc = load_tasks(st, out)) == PM_OK &&
        (rc = load_outlook(st, out)) == PM_OK) {
        rc = load_details(st, out);
    }
    if (rc == PM_EIO) {
        pm_store_fail(st, diag, "cannot read the run's tasks");
    }
    if (rc != PM_OK) {
        pm_run_reset(out);
    }
    return rc;
}

int pm_store_previous_run(long long *prev, pm_store *st, const char *project,
                          long long id, pm_diag *diag)
{
    *prev = 0;
    pm_dbq *q;
    if (pm_db_prepare(st->db, "SELECT max(id) FROM run WHERE (CAST(?1 AS TEXT) IS NULL OR "
                           "project = ?1) AND (?2 = 0 OR id < ?2) AND "
                           "scenario IS NULL", &q)) {
        return pm_store_fail(st, diag, "cannot read the runs");
    }
    if (project) {
        pm_dbq_bind_text(q, 1, project);
    }
    pm_dbq_bind_int(q, 2, id);
    int rc = PM_OK;
    if (pm_dbq_step(q) == PM_DB_ROW) {
        *prev = pm_dbq_int(q, 0);
    } else {
        rc = pm_store_fail(st, diag, "cannot read the runs");
    }
    pm_dbq_free(q);
    return rc;
}

int pm_store_recent_runs(pm_run **runs, int *n, pm_store *st,
                         const char *project, long long upto, int most,
                         pm_diag *diag)
{
    int rc = pm_store_list_runs(runs, n, st, project, diag);
    while (rc == PM_OK && upto > 0 && *n > 0 && (*runs)[*n - 1].id > upto) {
        pm_run_reset(&(*runs)[--*n]);
    }
    int kept = 0; /* the plan's runs only */
    for (int i = 0; rc == PM_OK && i < *n; i++) {
        if ((*runs)[i].scenario) {
            pm_run_reset(&(*runs)[i]);
        } else {
            (*runs)[kept++] = (*runs)[i];
        }
    }
    if (rc == PM_OK) {
        *n = kept;
    }
    int first = *n > most ? *n - most : 0;
    for (int i = first; rc == PM_OK && i < *n; i++) {
        pm_run full;
        rc = pm_store_load_run(&full, st, (*runs)[i].id, diag);
        if (rc == PM_OK) {
            pm_run_reset(&(*runs)[i]);
            (*runs)[i] = full;
        }
    }
    if (rc == PM_OK && first > 0) {
        for (int i = 0; i < first; i++) {
            pm_run_reset(&(*runs)[i]);
        }
        memmove(*runs, *runs + first, (size_t)(*n - first) * sizeof **runs);
        *n -= first;
    }
    if (rc != PM_OK) {
        pm_runs_free(*runs, *n);
        *runs = NULL;
        *n = 0;
    }
    return rc;
}
