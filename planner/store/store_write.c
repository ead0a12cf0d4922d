/* planner/store/store_write.c - a run written into the store: the run row,
 * then one row per task, dependency, assignment, leave, person, pool, risk
 * and change request, each table through one row binder. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "planner/store/store_impl.h"

/* One value of a row to insert. */
typedef struct {
    enum { SQ_NULL, SQ_TEXT, SQ_INT, SQ_REAL, SQ_DATE } kind;
    const char *text; /* borrowed: lives until the row is stepped */
    long long num;    /* an integer, or a pm_date */
    double real;
} sqv;

static sqv sq_text(const char *s)
{
    return (sqv){s ? SQ_TEXT : SQ_NULL, s, 0, 0};
}

static sqv sq_int(long long v)
{
    return (sqv){SQ_INT, NULL, v, 0};
}

/* A number that is there only when has is true. */
static sqv sq_int_if(bool has, long long v)
{
    return has ? sq_int(v) : (sqv){SQ_NULL, NULL, 0, 0};
}

static sqv sq_real_if(bool has, double v)
{
    return has ? (sqv){SQ_REAL, NULL, 0, v} : (sqv){SQ_NULL, NULL, 0, 0};
}

/* An optional count: negative is NULL. */
static sqv sq_opt(int v)
{
    return v >= 0 ? sq_int(v) : (sqv){SQ_NULL, NULL, 0, 0};
}

static sqv sq_real(double v)
{
    return (sqv){SQ_REAL, NULL, 0, v};
}

static sqv sq_date(pm_date d)
{
    return (sqv){d == PM_NO_DATE ? SQ_NULL : SQ_DATE, NULL, d, 0};
}

static void bind_row(pm_dbq *q, const sqv *v, int n)
{
    for (int k = 0; k < n; k++) {
        switch (v[k].kind) {
        case SQ_TEXT:
            pm_dbq_bind_text(q, k + 1, v[k].text);
            break;
        case SQ_INT:
            pm_dbq_bind_int(q, k + 1, v[k].num);
            break;
        case SQ_REAL:
            pm_dbq_bind_real(q, k + 1, v[k].real);
            break;
        case SQ_DATE:
            pm_store_bind_date(q, k + 1, (pm_date)v[k].num);
            break;
        default:
            pm_dbq_bind_null(q, k + 1);
        }
    }
}

/* A row filler: the values of row i of run r into v. */
typedef void row_fn(const pm_run *r, int i, sqv *v);

/* Inserts rows 0..n-1 of run r with the statement sql of cols values.
 * Returns 0 or PM_EIO. */
static int insert_rows(pm_store *st, const pm_run *r, const char *sql, int cols,
                       int n, row_fn *row)
{
    pm_dbq *q;
    if (pm_db_prepare(st->db, sql, &q)) {
        return PM_EIO;
    }
    sqv v[40];
    assert(cols <= (int)(sizeof v / sizeof v[0]));
    int rc = PM_OK;
    for (int i = 0; i < n && rc == PM_OK; i++) {
        pm_dbq_reset(q);
        row(r, i, v);
        bind_row(q, v, cols);
        rc = pm_dbq_step(q) == PM_DB_DONE ? PM_OK : PM_EIO;
    }
    pm_dbq_free(q);
    return rc;
}

static void task_row(const pm_run *r, int i, sqv *v)
{
    const pm_run_task *t = &r->tasks[i];
    const pm_outlook_task *o =
        r->outlook.runs > 0 && i < r->outlook.n_tasks ? &r->outlook.tasks[i]
                                                      : NULL;
    sqv row[] = {sq_int(r->id),
                 sq_int(i),
                 sq_text(t->task_id),
                 sq_text(t->wbs),
                 sq_text(t->name),
                 sq_text(t->parent_id),
                 sq_int(t->summary),
                 sq_int(t->milestone),
                 sq_date(t->start),
                 sq_date(t->finish),
                 sq_int(t->start_slot),
                 sq_int(t->finish_slot),
                 sq_int(t->total_float),
                 sq_int(t->free_float),
                 sq_int(t->critical),
                 sq_int(t->late),
                 sq_date(t->deadline),
                 sq_date(t->actual_start),
                 sq_date(t->actual_finish),
                 sq_opt(t->percent_complete),
                 sq_int(t->overdue),
                 sq_real(t->budget),
                 sq_real(t->daily_cost),
                 sq_opt(t->remaining),
                 sq_int(t->driver),
                 sq_text(t->driver_id),
                 sq_text(t->owner_id),
                 sq_text(t->owner_name),
                 sq_int(t->priority),
                 sq_int(t->duration),
                 sq_int(t->estimate[0]),
                 sq_int(t->estimate[1]),
                 sq_int(t->estimate[2]),
                 sq_int_if(o, o ? o->p50 : 0),
                 sq_int_if(o, o ? o->p80 : 0),
                 sq_int_if(o, o ? o->p95 : 0),
                 sq_real_if(o, o ? o->critical : 0),
                 sq_real_if(o && o->on_time >= 0, o ? o->on_time : 0)};
    memcpy(v, row, sizeof row);
}

static void dep_row(const pm_run *r, int i, sqv *v)
{
    const pm_run_dep *d = &r->deps[i];
    sqv row[] = {sq_int(r->id), sq_text(d->pred), sq_text(d->succ),
                 sq_text(pm_dep_type_name(d->type)), sq_int(d->lag)};
    memcpy(v, row, sizeof row);
}

static void asg_row(const pm_run *r, int i, sqv *v)
{
    const pm_run_asg *a = &r->asg[i];
    sqv row[] = {sq_int(r->id),           sq_text(r->tasks[a->task].task_id),
                 sq_text(a->resource_id), sq_text(a->name),
                 sq_int(a->units),        sq_date(a->start),
                 sq_date(a->finish)};
    memcpy(v, row, sizeof row);
}

static void leave_row(const pm_run *r, int i, sqv *v)
{
    const pm_run_leave *l = &r->leaves[i];
    sqv row[] = {sq_int(r->id), sq_text(l->resource_id), sq_text(l->name),
                 sq_date(l->first), sq_date(l->last)};
    memcpy(v, row, sizeof row);
}

static void resource_row(const pm_run *r, int i, sqv *v)
{
    const pm_run_resource *k = &r->resources[i];
    sqv row[] = {sq_int(r->id),
                 sq_text(k->id),
                 sq_text(k->name),
                 sq_text(k->pools ? k->pools : ""),
                 sq_int(k->max_units),
                 sq_int(k->reserve),
                 sq_real(k->cost_per_day),
                 sq_int(k->outsourced)};
    memcpy(v, row, sizeof row);
}

static void pool_row(const pm_run *r, int i, sqv *v)
{
    sqv row[] = {sq_int(r->id), sq_text(r->pools[i].id),
                 sq_text(r->pools[i].name)};
    memcpy(v, row, sizeof row);
}

static void risk_row(const pm_run *r, int i, sqv *v)
{
    const pm_run_risk *k = &r->risks[i];
    sqv row[] = {sq_int(r->id),          sq_text(k->id),     sq_text(k->title),
                 sq_int(k->probability), sq_int(k->impact),  sq_text(k->owner),
                 sq_text(k->mitigation), sq_text(k->status), sq_text(k->tasks)};
    memcpy(v, row, sizeof row);
}

static void change_row(const pm_run *r, int i, sqv *v)
{
    const pm_run_change *k = &r->changes[i];
    sqv row[] = {sq_int(r->id),      sq_text(k->id),   sq_text(k->title),
                 sq_text(k->status), sq_date(k->date), sq_text(k->tasks)};
    memcpy(v, row, sizeof row);
}

static void outlook_row(const pm_run *r, int i, sqv *v)
{
    (void)i;
    const pm_outlook *o = &r->outlook;
    sqv row[] = {sq_int(r->id),       sq_int(o->runs),       sq_int(o->failed),
                 sq_int(o->seed),     sq_real(o->seconds),   sq_int(o->finish.p50),
                 sq_int(o->finish.p80), sq_int(o->finish.p95)};
    memcpy(v, row, sizeof row);
}

static void hist_row(const pm_run *r, int i, sqv *v)
{
    sqv row[] = {sq_int(r->id), sq_int(r->outlook.hist_slot[i]),
                 sq_int(r->outlook.hist_runs[i])};
    memcpy(v, row, sizeof row);
}

/* The tables of a run besides its own row: statement, values, rows. */
static int insert_parts(pm_store *st, const pm_run *r)
{
    const struct {
        const char *sql;
        int cols, n;
        row_fn *row;
    } parts[] = {
        {"INSERT INTO run_task (run_id, seq, task_id, wbs, name, parent_id, "
         "summary, milestone, start, finish, start_slot, finish_slot, "
         "total_float, free_float, critical, late, deadline, actual_start, "
         "actual_finish, percent_complete, overdue, budget, daily_cost, "
         "remaining, driver, driver_id, owner_id, owner_name, priority, "
         "duration, est_low, est_likely, est_high, risk_p50, risk_p80, "
         "risk_p95, risk_critical, risk_on_time) VALUES (?,?,?,?,?,?,?,?,?,"
         "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
         38, r->n_tasks, task_row},
        {"INSERT INTO run_dep (run_id, pred_id, succ_id, type, lag) "
         "VALUES (?,?,?,?,?)",
         5, r->n_deps, dep_row},
        {"INSERT INTO run_assignment (run_id, task_id, resource_id, name, "
         "units, start, finish) VALUES (?,?,?,?,?,?,?)",
         7, r->n_asg, asg_row},
        {"INSERT INTO run_leave (run_id, resource_id, name, first, last) "
         "VALUES (?,?,?,?,?)",
         5, r->n_leaves, leave_row},
        {"INSERT INTO run_resource (run_id, resource_id, name, pools, "
         "max_units, reserve, cost_per_day, outsourced) "
         "VALUES (?,?,?,?,?,?,?,?)",
         8, r->n_resources, resource_row},
        {"INSERT INTO run_pool (run_id, pool_id, name) VALUES (?,?,?)", 3,
         r->n_pools, pool_row},
        {"INSERT INTO run_risk (run_id, risk_id, title, probability, impact, "
         "owner, mitigation, status, tasks) VALUES (?,?,?,?,?,?,?,?,?)",
         9, r->n_risks, risk_row},
        {"INSERT INTO run_change (run_id, change_id, title, status, date, "
         "tasks) VALUES (?,?,?,?,?,?)",
         6, r->n_changes, change_row},
        {"INSERT INTO run_outlook (run_id, runs, failed, seed, seconds, p50, "
         "p80, p95) VALUES (?,?,?,?,?,?,?,?)",
         8, r->outlook.runs > 0 ? 1 : 0, outlook_row},
        {"INSERT INTO run_outlook_hist (run_id, finish_slot, runs) "
         "VALUES (?,?,?)",
         3, r->outlook.runs > 0 ? r->outlook.n_hist : 0, hist_row},
    };
    int rc = PM_OK;
    for (size_t k = 0; k < sizeof parts / sizeof parts[0] && rc == PM_OK; k++) {
        rc = insert_rows(st, r, parts[k].sql, parts[k].cols, parts[k].n,
                         parts[k].row);
    }
    return rc;
}

int pm_store_add_run(pm_store *st, pm_run *r, pm_diag *diag)
{
    char *hol = pm_store_holidays_text(&r->cal);
    if (!hol) {
        return PM_ENOMEM;
    }
    sqv row[] = {sq_text(r->created),
                 sq_text(r->project),
                 sq_text(r->source),
                 sq_date(r->status_date),
                 sq_text(r->input_digest),
                 sq_text(r->solver),
                 sq_text(r->status),
                 sq_int(r->makespan),
                 sq_int(r->lower_bound),
                 sq_date(r->start),
                 sq_date(r->finish),
                 sq_real(r->seconds),
                 sq_int(r->lateness),
                 sq_int(r->tracked),
                 sq_int(r->cal.workdays),
                 sq_int(r->cal.hours_per_day),
                 sq_int(r->cal.slots_per_day),
                 sq_text(hol),
                 sq_int(r->priced),
                 sq_text(r->language == PM_LANG_ZH ? "zh" : "en"),
                 sq_text(r->scenario),
                 sq_text(r->scenario_name)};
    pm_dbq *q = NULL;
    int rc = PM_OK;
    if (pm_db_prepare(st->db, "INSERT INTO run (created, project, source, status_date, "
            "input_digest, solver, status, makespan, lower_bound, start, "
            "finish, seconds, lateness, tracked, workdays, hours_per_day, "
            "slots_per_day, holidays, priced, language, scenario, "
            "scenario_name) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id", &q)) {
        rc = PM_EIO;
    } else {
        bind_row(q, row, (int)(sizeof row / sizeof row[0]));
        rc = pm_dbq_step(q) == PM_DB_ROW ? PM_OK : PM_EIO;
        r->id = rc == PM_OK ? pm_dbq_int(q, 0) : 0;
        /* the statement runs to its end before the next one */
        rc = rc == PM_OK && pm_dbq_step(q) == PM_DB_DONE ? PM_OK : PM_EIO;
    }
    pm_dbq_free(q);
    free(hol);
    if (rc == PM_OK) {
        rc = insert_parts(st, r);
    }
    if (rc != PM_OK) {
        pm_store_fail(st, diag, "cannot record the run");
    }
    return rc;
}

int pm_store_set_run_value(pm_store *st, long long run_id, const char *baseline,
                           long long baseline_run, double bac, double pv,
                           double ev, double ac, pm_diag *diag)
{
    pm_dbq *q;
    if (pm_db_prepare(st->db, "UPDATE run SET baseline = ?, bac = ?, pv = ?, "
                           "ev = ?, ac = ?, baseline_run = ? WHERE id = ?", &q)) {
        return pm_store_fail(st, diag, "cannot record the run");
    }
    sqv row[] = {sq_text(baseline), sq_real(bac), sq_real(pv),
                 sq_real(ev),       sq_real(ac),  sq_int(baseline_run),
                 sq_int(run_id)};
    bind_row(q, row, (int)(sizeof row / sizeof row[0]));
    int rc = pm_dbq_step(q) == PM_DB_DONE ? PM_OK : PM_EIO;
    pm_dbq_free(q);
    if (rc != PM_OK) {
        pm_store_fail(st, diag, "cannot record the run");
    }
    return rc;
}
