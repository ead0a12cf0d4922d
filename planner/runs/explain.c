/* planner/runs/explain.c - slip explanations from two runs (explain.h). */
#include "planner/runs/explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/calendar.h"
#include "planner/model/l10n.h"
#include "planner/model/strindex.h"

#define MAX_CHAIN 64
#define MAX_SHOWN 12 /* links of a chain printed */

typedef struct {
    const pm_run *prev, *cur;
    pm_strindex pix, cix; /* task id -> index in prev, cur */
    pm_calmap map;        /* cur's calendar: slips in working days */
} ectx;

static bool has_dep(const pm_run *r, const char *pred, const char *succ)
{
    for (int i = 0; i < r->n_deps; i++) {
        if (strcmp(r->deps[i].pred, pred) == 0 &&
            strcmp(r->deps[i].succ, succ) == 0) {
            return true;
        }
    }
    return false;
}

static bool has_leave(const pm_run *r, const pm_run_leave *l)
{
    for (int i = 0; i < r->n_leaves; i++) {
        const pm_run_leave *m = &r->leaves[i];
        if (strcmp(m->resource_id, l->resource_id) == 0 &&
            m->first == l->first && m->last == l->last) {
            return true;
        }
    }
    return false;
}

static bool assigned(const pm_run *r, int t, const char *resource_id)
{
    for (int a = 0; a < r->n_asg; a++) {
        if (r->asg[a].task == t &&
            strcmp(r->asg[a].resource_id, resource_id) == 0) {
            return true;
        }
    }
    return false;
}

/* A phrase in the language of the run being explained (x in scope). */
#define ETR(s) pm_tr(x->cur->language, (s))

/* Names the leaves new since prev that fall in [from, to] and belong to
 * people on the task (t in cur, k in prev). Returns how many. */
static int new_leaves(FILE *f, const ectx *x, int t, int k, pm_date from,
                      pm_date to, int *causes)
{
    const pm_run *cur = x->cur;
    int named = 0;
    for (int l = 0; l < cur->n_leaves; l++) {
        const pm_run_leave *lv = &cur->leaves[l];
        if (lv->last < from || lv->first > to || has_leave(x->prev, lv) ||
            !(assigned(cur, t, lv->resource_id) ||
              assigned(x->prev, k, lv->resource_id))) {
            continue;
        }
        char a[11], b[11];
        fprintf(f, ETR("%s%s is on leave %s..%s"), (*causes)++ ? ETR("; ") : "",
                lv->name, pm_date_format(lv->first, a),
                pm_date_format(lv->last, b));
        named++;
    }
    return named;
}

/* The person task t (cur) takes over from task b: the last one b had
 * before t starts that t has too, or NULL. */
static const char *handed_over(const pm_run *cur, int t, int b)
{
    const char *who = NULL;
    pm_date end = PM_NO_DATE;
    for (int k = 0; k < cur->n_asg; k++) {
        const pm_run_asg *o = &cur->asg[k];
        if (o->task != b || o->finish >= cur->tasks[t].start ||
            (who && o->finish <= end)) {
            continue;
        }
        for (int m = 0; m < cur->n_asg; m++) {
            if (cur->asg[m].task == t &&
                strcmp(cur->asg[m].resource_id, o->resource_id) == 0) {
                who = o->resource_id;
                end = o->finish;
                break;
            }
        }
    }
    return who;
}

/* The name of person id from the run's assignments, else the id. */
static const char *person(const pm_run *r, const char *id)
{
    for (int i = 0; i < r->n_asg; i++) {
        if (strcmp(r->asg[i].resource_id, id) == 0 && r->asg[i].name) {
            return r->asg[i].name;
        }
    }
    return id;
}

/* What changed on chain task t since prev; writes causes to f. */
static void describe(FILE *f, const ectx *x, int t, int succ, int *causes)
{
    const pm_run_task *c = &x->cur->tasks[t];
    int k = pm_strindex_find(&x->pix, c->task_id);
    char a[11], b[11];
    const char *sep = *causes ? ETR("; ") : "";
    if (k < 0) {
        fprintf(f, ETR("%s'%s' is new"), sep, c->task_id);
        sep = ETR("; ");
        (*causes)++;
    }
    if (succ >= 0) {
        const char *s = x->cur->tasks[succ].task_id;
        if (!has_dep(x->prev, c->task_id, s) &&
            has_dep(x->cur, c->task_id, s)) {
            fprintf(f, ETR("%snew dependency '%s' -> '%s'"), sep, c->task_id,
                    s);
            sep = ETR("; ");
            (*causes)++;
        }
    }
    if (k < 0) {
        return;
    }
    const pm_run_task *p = &x->prev->tasks[k];
    if (c->actual_finish != PM_NO_DATE) {
        if (c->actual_finish > p->finish) {
            fprintf(f, ETR("%s'%s' finished %s, forecast %s"), sep,
                    c->task_id,
                    pm_date_format(c->actual_finish, a),
                    pm_date_format(p->finish, b));
            (*causes)++;
        }
        return;
    }
    if (c->actual_start != PM_NO_DATE) {
        if (c->actual_start > p->start && p->actual_start == PM_NO_DATE) {
            fprintf(f, ETR("%s'%s' started %s, forecast %s"), sep,
                    c->task_id,
                    pm_date_format(c->actual_start, a),
                    pm_date_format(p->start, b));
            (*causes)++;
        } else if (c->finish > p->finish) {
            fprintf(f,
                    ETR("%s'%s' needs more time than forecast: finishes %s, "
                        "not %s"),
                    sep, c->task_id, pm_date_format(c->finish, a),
                    pm_date_format(p->finish, b));
            (*causes)++;
        }
        return;
    }
    if (c->start > p->start &&
        new_leaves(f, x, t, k, p->start, c->start, causes)) {
        sep = ETR("; ");
    }
    if (c->overdue && c->start > p->start) {
        fprintf(f, ETR("%s'%s' did not start as planned (%s); now starts %s"),
                sep, c->task_id, pm_date_format(p->start, a),
                pm_date_format(c->start, b));
        (*causes)++;
    } else if (c->finish - c->start > p->finish - p->start &&
               c->start == p->start) {
        fprintf(f, ETR("%s'%s' takes longer than before"), sep, c->task_id);
        (*causes)++;
    }
}

static char *explain_one(const ectx *x, int i)
{
    const pm_run *cur = x->cur;
    int chain[MAX_CHAIN], n = 0;
    const char *waits[MAX_CHAIN]; /* person chain[k] waits for, or NULL */
    for (int j = i; j >= 0 && n < MAX_CHAIN;) {
        bool seen = false;
        for (int k = 0; k < n; k++) {
            seen |= chain[k] == j;
        }
        if (seen) {
            break;
        }
        waits[n] = NULL;
        chain[n++] = j;
        const pm_run_task *t = &cur->tasks[j];
        /* The driving predecessor, or the task whose people it takes
         * over (driver_id with PM_DRIVE_RESOURCES). */
        int by = t->driver_id ? pm_strindex_find(&x->cix, t->driver_id) : -1;
        if (by >= 0 && t->driver == PM_DRIVE_RESOURCES) {
            waits[n - 1] = handed_over(cur, j, by);
        }
        j = by;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        return NULL;
    }
    const pm_run_task *t = &cur->tasks[i];
    const pm_run_task *p =
        &x->prev->tasks[pm_strindex_find(&x->pix, t->task_id)];
    char a[11], b[11];
    /* In working days, as the report's variance columns count. */
    int days = pm_calmap_index(&x->map, t->finish) -
               pm_calmap_index(&x->map, p->finish);
    fprintf(f,
            days == 1 ? ETR("'%s' moved %d working day later (%s -> %s)")
                      : ETR("'%s' moved %d working days later (%s -> %s)"),
            t->task_id, days, pm_date_format(p->finish, a),
            pm_date_format(t->finish, b));
    if (n > 1) {
        fputs(ETR(". Driving chain: "), f);
        int from = n - 1 < MAX_SHOWN - 1 ? n - 1 : MAX_SHOWN - 1;
        if (from < n - 1) {
            fputs("... -> ", f);
        }
        for (int k = from; k >= 0; k--) {
            fprintf(f, ETR("'%s'"), cur->tasks[chain[k]].task_id);
            if (k > 0 && waits[k - 1]) {
                fprintf(f, " -(%s)-> ", person(cur, waits[k - 1]));
            } else if (k > 0) {
                fputs(" -> ", f);
            }
        }
    }
    fputs(ETR(". Cause: "), f);
    int causes = 0;
    for (int k = n - 1; k >= 0; k--) {
        describe(f, x, chain[k], k > 0 ? chain[k - 1] : -1, &causes);
    }
    const pm_run_task *head = &cur->tasks[chain[n - 1]];
    if (head->driver_id && pm_strindex_find(&x->cix, head->driver_id) < 0) {
        /* In a portfolio: what holds it is in another project. */
        fprintf(f,
                ETR(head->driver == PM_DRIVE_RESOURCES
                        ? "%s'%s' waits for people busy on '%s' of another "
                          "project"
                        : "%s'%s' waits for '%s' of another project"),
                causes ? ETR("; ") : "", head->task_id, head->driver_id);
        causes++;
    }
    if (causes == 0) {
        /* Nothing on the chain changed itself: name what holds its head. */
        fprintf(f, ETR("'%s' starts later (%s)"), head->task_id,
                ETR(head->driver == PM_DRIVE_RESOURCES ? "waits for people"
                    : head->driver == PM_DRIVE_STATUS  ? "from the status date"
                    : head->driver == PM_DRIVE_RELEASE ? "its release date"
                    : head->driver == PM_DRIVE_FIXED   ? "its fixed start"
                                                       : "its predecessors"));
    }
    fputs(ETR("."), f);
    fclose(f);
    return text;
}

int pm_explain_slips(char ***out, const pm_run *prev, const pm_run *cur)
{
    *out = calloc((size_t)cur->n_tasks + 1, sizeof **out);
    if (!*out) {
        return PM_ENOMEM;
    }
    ectx x = {prev, cur, PM_STRINDEX_INIT, PM_STRINDEX_INIT, {0}};
    pm_date from = prev->start < cur->start ? prev->start : cur->start;
    int rc = pm_calmap_init(&x.map, &cur->cal, from);
    for (int i = 0; rc == PM_OK && i < prev->n_tasks; i++) {
        rc = pm_strindex_add(&x.pix, prev->tasks[i].task_id, i) < 0
                 ? PM_ENOMEM
                 : PM_OK;
    }
    for (int i = 0; rc == PM_OK && i < cur->n_tasks; i++) {
        rc = pm_strindex_add(&x.cix, cur->tasks[i].task_id, i) < 0
                 ? PM_ENOMEM
                 : PM_OK;
    }
    for (int i = 0; rc == PM_OK && i < cur->n_tasks; i++) {
        const pm_run_task *t = &cur->tasks[i];
        int k = pm_strindex_find(&x.pix, t->task_id);
        if (t->summary || k < 0 || t->finish <= prev->tasks[k].finish) {
            continue;
        }
        if (!((*out)[i] = explain_one(&x, i))) {
            rc = PM_ENOMEM;
        }
    }
    pm_strindex_reset(&x.pix);
    pm_strindex_reset(&x.cix);
    pm_calmap_reset(&x.map);
    if (rc != PM_OK) {
        pm_explain_free(*out, cur->n_tasks);
        *out = NULL;
    }
    return rc;
}

void pm_explain_free(char **why, int n)
{
    for (int i = 0; why && i < n; i++) {
        free(why[i]);
    }
    free(why);
}
