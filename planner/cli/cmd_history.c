/* planner/cli/cmd_history.c - the commands that read the run history:
 * history, diff, baseline set|list. None of them changes a run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/calendar.h"
#include "planner/cli/cli.h"
#include "planner/runs/explain.h"
#include "planner/store/store.h"
#include "render/render.h"

static const char *date_or_dash(pm_date d, char *buf)
{
    return d == PM_NO_DATE ? "-" : pm_date_format(d, buf);
}

int cmd_history(const cli_opts *o, pm_diag *diag)
{
    pm_store *st = NULL;
    pm_run *runs = NULL;
    pm_baseline *bases = NULL;
    int n = 0, nb = 0;
    int rc = pm_store_open_existing(&st, o->db, diag);
    if (rc == PM_OK) {
        rc = pm_store_list_runs(&runs, &n, st, NULL, diag);
    }
    if (rc == PM_OK) {
        rc = pm_store_list_baselines(&bases, &nb, st, NULL, diag);
    }
    if (rc == PM_OK && o->json) {
        rc = pm_render_history_json(stdout, runs, n, bases, nb);
    } else if (rc == PM_OK) {
        printf("%4s  %-20s  %-11s  %-10s  %-10s  %-9s  %6s  %s\n", "run",
               "created (UTC)", "status date", "start", "finish", "status",
               "gap", "project [baselines]");
        for (int i = 0; i < n; i++) {
            const pm_run *r = &runs[i];
            char a[11], b[11], c[11], gap[16] = "-";
            if (pm_bound_known(r->makespan, r->lower_bound)) {
                snprintf(gap, sizeof gap, "%.1f%%",
                         r->lower_bound > 0
                             ? 100.0 * (r->makespan - r->lower_bound) /
                                   r->lower_bound
                             : 0.0);
            }
            printf("%4lld  %-20s  %-11s  %-10s  %-10s  %-9s  %6s  %s", r->id,
                   r->created, date_or_dash(r->status_date, a),
                   date_or_dash(r->start, b), date_or_dash(r->finish, c),
                   r->status, gap, r->project);
            const char *sep = " [";
            for (int k = 0; k < nb; k++) {
                if (bases[k].run_id == r->id) {
                    printf("%s%s", sep, bases[k].name);
                    sep = ", ";
                }
            }
            printf("%s", sep[0] == ',' ? "]" : "");
            if (r->scenario) {
                printf(" (what-if: %s)", r->scenario);
            }
            putchar('\n');
        }
    }
    pm_baselines_free(bases, nb);
    pm_runs_free(runs, n);
    pm_store_close(st);
    return rc;
}

static int parse_run_id(const char *s, long long *id, pm_diag *diag)
{
    char *end;
    *id = strtoll(s, &end, 10);
    if (*end || end == s || *id <= 0) {
        pm_diag_error(diag, NULL, "'%s' is not a run number (see 'planner "
                      "history')", s);
        return PM_EINPUT;
    }
    return PM_OK;
}

/* Signed working days from x to y in calendar m (> 0: y is later), as the
 * report counts them. */
static int working_days(const pm_calmap *m, pm_date x, pm_date y)
{
    if (x == PM_NO_DATE || y == PM_NO_DATE) {
        return 0;
    }
    return pm_calmap_index(m, y) - pm_calmap_index(m, x);
}

/* One line of a diff: a task of b that moved against a ('~'), is new
 * ('+'), or a task of a that is gone ('-'). */
typedef struct {
    char kind;
    int a, b; /* task indices, -1 where there is none */
} diff_item;

/* The changes from run a to run b, in b's order, then what b dropped.
 * Returns the items (the caller frees them) and their count in *n, or
 * NULL when out of memory. */
static diff_item *diff_items(const pm_run *a, const pm_run *b, int *n)
{
    diff_item *v = malloc(((size_t)a->n_tasks + b->n_tasks + 1) * sizeof *v);
    *n = 0;
    for (int i = 0; v && i < b->n_tasks; i++) {
        const pm_run_task *t = &b->tasks[i];
        int k = pm_run_find_task(a, t->task_id);
        if (k < 0) {
            v[(*n)++] = (diff_item){'+', -1, i};
            continue;
        }
        const pm_run_task *u = &a->tasks[k];
        if (u->start != t->start || u->finish != t->finish ||
            u->actual_finish != t->actual_finish) {
            v[(*n)++] = (diff_item){'~', k, i};
        }
    }
    for (int i = 0; v && i < a->n_tasks; i++) {
        if (pm_run_find_task(b, a->tasks[i].task_id) < 0) {
            v[(*n)++] = (diff_item){'-', i, -1};
        }
    }
    return v;
}

static bool finished_since(const pm_run_task *u, const pm_run_task *t)
{
    return t->actual_finish != PM_NO_DATE && u->actual_finish == PM_NO_DATE;
}

static void print_diff_text(const pm_run *a, const pm_run *b,
                            const pm_calmap *m, const diff_item *v, int n,
                            char **why)
{
    char d1[11], d2[11], d3[11], d4[11];
    printf("run %lld (status %s) -> run %lld (status %s)%s\n", a->id,
           date_or_dash(a->status_date, d1), b->id,
           date_or_dash(b->status_date, d2),
           strcmp(a->project, b->project) ? " (different projects)" : "");
    printf("project finish %s -> %s (%+d working days)\n",
           date_or_dash(a->finish, d3), date_or_dash(b->finish, d4),
           working_days(m, a->finish, b->finish));
    int count[3] = {0, 0, 0};
    for (int k = 0; k < n; k++) {
        const pm_run_task *u = v[k].a >= 0 ? &a->tasks[v[k].a] : NULL;
        const pm_run_task *t = v[k].b >= 0 ? &b->tasks[v[k].b] : NULL;
        if (v[k].kind == '+') {
            printf("  + %-10s %-8s %s  %s .. %s (new)\n", t->task_id, t->wbs,
                   t->name, date_or_dash(t->start, d1),
                   date_or_dash(t->finish, d2));
            count[1]++;
        } else if (v[k].kind == '-') {
            printf("  - %-10s %-8s %s (removed)\n", u->task_id, u->wbs,
                   u->name);
            count[2]++;
        } else {
            printf("  ~ %-10s %-8s %s  start %s -> %s (%+d d), finish %s -> "
                   "%s (%+d d)%s\n",
                   t->task_id, t->wbs, t->name, date_or_dash(u->start, d1),
                   date_or_dash(t->start, d2),
                   working_days(m, u->start, t->start),
                   date_or_dash(u->finish, d3), date_or_dash(t->finish, d4),
                   working_days(m, u->finish, t->finish),
                   finished_since(u, t) ? ", finished" : "");
            count[0]++;
        }
    }
    printf("%d moved, %d added, %d removed (d: working days)\n", count[0],
           count[1], count[2]);
    for (int i = 0; i < b->n_tasks; i++) {
        if (why[i] && b->tasks[i].milestone) {
            printf("slip: %s\n", why[i]);
        }
    }
}

static void json_date(FILE *f, const char *key, pm_date d)
{
    char buf[11];
    if (d == PM_NO_DATE) {
        fprintf(f, "\"%s\": null", key);
    } else {
        fprintf(f, "\"%s\": \"%s\"", key, pm_date_format(d, buf));
    }
}

/* The task's id, WBS code and name as JSON members. */
static void json_task(FILE *f, const pm_run_task *t)
{
    fputs("{\"task\": ", f);
    pm_json_string(f, t->task_id);
    fputs(", \"wbs\": ", f);
    pm_json_string(f, t->wbs);
    fputs(", \"name\": ", f);
    pm_json_string(f, t->name);
}

static void print_diff_json(const pm_run *a, const pm_run *b,
                            const pm_calmap *m, const diff_item *v, int n,
                            char **why)
{
    FILE *f = stdout;
    const pm_run *runs[2] = {a, b};
    fputs("{", f);
    for (int r = 0; r < 2; r++) {
        fprintf(f, "%s\"%s\": {\"run\": %lld, ", r ? ", " : "",
                r ? "to" : "from", runs[r]->id);
        json_date(f, "status_date", runs[r]->status_date);
        fputs(", ", f);
        json_date(f, "finish", runs[r]->finish);
        fputs("}", f);
    }
    fprintf(f, ", \"finish_moved_days\": %d, \"changes\": [",
            working_days(m, a->finish, b->finish));
    for (int k = 0; k < n; k++) {
        const pm_run_task *u = v[k].a >= 0 ? &a->tasks[v[k].a] : NULL;
        const pm_run_task *t = v[k].b >= 0 ? &b->tasks[v[k].b] : NULL;
        fputs(k ? ",\n  " : "\n  ", f);
        json_task(f, t ? t : u);
        fprintf(f, ", \"change\": \"%s\"",
                v[k].kind == '+' ? "added"
                : v[k].kind == '-' ? "removed"
                                   : "moved");
        if (t) {
            fputs(", ", f);
            json_date(f, "start", t->start);
            fputs(", ", f);
            json_date(f, "finish", t->finish);
        }
        if (t && u) {
            fputs(", ", f);
            json_date(f, "start_before", u->start);
            fputs(", ", f);
            json_date(f, "finish_before", u->finish);
            fprintf(f,
                    ", \"start_moved_days\": %d, \"finish_moved_days\": %d, "
                    "\"finished\": %s",
                    working_days(m, u->start, t->start),
                    working_days(m, u->finish, t->finish),
                    finished_since(u, t) ? "true" : "false");
        }
        if (t && why[v[k].b]) {
            fputs(", \"why\": ", f);
            pm_json_string(f, why[v[k].b]);
        }
        fputs("}", f);
    }
    fputs(n ? "\n]}\n" : "]}\n", f);
}

int cmd_diff(const char *sa, const char *sb, const cli_opts *o,
             pm_diag *diag)
{
    long long ia, ib;
    if (parse_run_id(sa, &ia, diag) || parse_run_id(sb, &ib, diag)) {
        return PM_EINPUT;
    }
    pm_store *st = NULL;
    pm_run a = {0}, b = {0};
    int rc = pm_store_open_existing(&st, o->db, diag);
    if (rc == PM_OK) {
        rc = pm_store_load_run(&a, st, ia, diag);
    }
    if (rc == PM_OK) {
        rc = pm_store_load_run(&b, st, ib, diag);
    }
    pm_calmap m = {0};
    if (rc == PM_OK) {
        rc = pm_calmap_init(&m, &b.cal, a.start < b.start ? a.start
                                                           : b.start);
    }
    char **why = NULL;
    diff_item *items = NULL;
    int n = 0;
    if (rc == PM_OK) {
        rc = pm_explain_slips(&why, &a, &b);
    }
    if (rc == PM_OK && !(items = diff_items(&a, &b, &n))) {
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK && o->json) {
        print_diff_json(&a, &b, &m, items, n, why);
    } else if (rc == PM_OK) {
        print_diff_text(&a, &b, &m, items, n, why);
    }
    free(items);
    pm_explain_free(why, b.n_tasks);
    pm_calmap_reset(&m);
    pm_run_reset(&a);
    pm_run_reset(&b);
    pm_store_close(st);
    return rc;
}

static int baseline_list(pm_store *st, const cli_opts *o, pm_diag *diag)
{
    pm_baseline *bases = NULL;
    int n = 0;
    int rc = pm_store_list_baselines(&bases, &n, st, NULL, diag);
    for (int i = 0; rc == PM_OK && i < n; i++) {
        if (o->json) {
            printf("%s{\"project\": ", i ? ", " : "[");
            pm_json_string(stdout, bases[i].project);
            printf(", \"name\": ");
            pm_json_string(stdout, bases[i].name);
            printf(", \"run\": %lld, \"set\": ", bases[i].run_id);
            pm_json_string(stdout, bases[i].created);
            printf("}");
        } else {
            printf("%-16s run %-5lld set %s  %s\n", bases[i].name,
                   bases[i].run_id, bases[i].created, bases[i].project);
        }
    }
    if (rc == PM_OK && o->json) {
        printf(n ? "]\n" : "[]\n");
    }
    pm_baselines_free(bases, n);
    return rc;
}

int cmd_baseline(int argc, char **argv, const cli_opts *o, pm_diag *diag)
{
    bool set = strcmp(argv[0], "set") == 0;
    if (!(set && argc == 2) && !(strcmp(argv[0], "list") == 0 && argc == 1)) {
        pm_diag_error(diag, NULL,
                      "usage: planner baseline set NAME [--run N] | "
                      "planner baseline list");
        return PM_EINPUT;
    }
    if (set && (argv[1][0] == '\0' || strlen(argv[1]) > 64)) {
        pm_diag_error(diag, NULL, "a baseline name has 1 to 64 bytes");
        return PM_EINPUT;
    }
    pm_store *st = NULL;
    int rc = pm_store_open_existing(&st, o->db, diag);
    if (rc == PM_OK && !set) {
        rc = baseline_list(st, o, diag);
    } else if (rc == PM_OK) {
        long long id = o->run;
        char created[32];
        if (id == 0) {
            rc = pm_store_previous_run(&id, st, NULL, 0, diag);
        }
        if (rc == PM_OK && (rc = pm_store_set_baseline(
                                st, argv[1], id, cli_now_iso(created),
                                diag)) == PM_OK &&
            !o->quiet) {
            printf("baseline '%s' is run %lld\n", argv[1], id);
        }
    }
    pm_store_close(st);
    return rc;
}
