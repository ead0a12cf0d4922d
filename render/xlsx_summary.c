/* render/xlsx_summary.c - the Summary sheet of the status report: the
 * project's health with its rule, the facts, earned value, how good the
 * plan is, and the milestones later than the baseline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/xlsx_report.h"

/* A label and a value in columns A and B of the Summary sheet. */
static void fact(const pm_xlsx_report *x, lxw_worksheet *ws, int *r,
                 const char *label, double v, lxw_format *fmt)
{
    pm_xlsx_text(ws, *r, 0, XTR(label), x->f.bold_text);
    pm_xlsx_num(ws, (*r)++, 1, v, fmt);
}

static void fact_date(const pm_xlsx_report *x, lxw_worksheet *ws, int *r,
                      const char *label, pm_date d)
{
    pm_xlsx_text(ws, *r, 0, XTR(label), x->f.bold_text);
    pm_xlsx_date(ws, (*r)++, 1, d, x->f.date);
}

static void fact_text(const pm_xlsx_report *x, lxw_worksheet *ws, int *r,
                      const char *label, const char *s)
{
    pm_xlsx_text(ws, *r, 0, XTR(label), x->f.bold_text);
    pm_xlsx_text(ws, (*r)++, 1, s, x->f.text);
}

static int by_slip(const void *a, const void *b, void *arg)
{
    const pm_variance *v = arg;
    int x = *(const int *)a, y = *(const int *)b;
    int sx = v->tasks[x].finish_var, sy = v->tasks[y].finish_var;
    return sx != sy ? (sx < sy) - (sx > sy) : (x > y) - (x < y);
}

/* The milestones later than the baseline, most slipped first, from row
 * r: name, baseline, forecast, slip. Returns the next free row. */
static int slipped_milestones(pm_xlsx_report *x, lxw_worksheet *ws, int r)
{
    const pm_project *p = x->p;
    const pm_xlsx_formats *f = &x->f;
    int *late = malloc(((size_t)p->n_tasks + 1) * sizeof *late), n = 0;
    for (int i = 0; late && i < p->n_tasks; i++) {
        const pm_task_variance *tv = &x->v->tasks[i];
        if (p->tasks[i].milestone && tv->in_baseline && tv->finish_var > 0) {
            late[n++] = i;
        }
    }
    if (!late || n == 0) {
        free(late);
        return r;
    }
    qsort_r(late, (size_t)n, sizeof *late, by_slip, (void *)x->v);
    pm_xlsx_text(ws, r++, 0, XTR("Milestones later than the baseline"),
                 f->bold_text);
    static const char *const heads[] = {"Milestone", "Baseline", "Forecast",
                                        "Slip (working days)"};
    for (int c = 0; c < 4; c++) {
        pm_xlsx_text(ws, r, c, XTR(heads[c]), f->head);
    }
    r++;
    for (int k = 0; k < n; k++) {
        const pm_task_variance *tv = &x->v->tasks[late[k]];
        pm_xlsx_text(ws, r, 0, p->tasks[late[k]].name, f->text);
        pm_xlsx_date(ws, r, 1, tv->base_finish, f->date);
        pm_xlsx_date(ws, r, 2, pm_xlsx_task_finish(x, late[k]), f->bold_date);
        pm_xlsx_num(ws, r++, 3, tv->finish_var, f->var);
    }
    free(late);
    return r + 1;
}

lxw_worksheet *pm_xlsx_summary_sheet(pm_xlsx_report *x, int *next_row)
{
    const pm_project *p = x->p;
    const pm_schedule *s = x->s;
    const pm_variance *v = x->v;
    const pm_xlsx_formats *f = &x->f;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, XTR("Summary"));
    pm_xlsx_page_setup(x, ws, true);
    worksheet_fit_to_pages(ws, 1, 1); /* the story on one page */
    worksheet_set_column(ws, 0, 0, 42, NULL);
    worksheet_set_column(ws, 1, 1, 22, NULL);
    worksheet_set_column(ws, 2, 2, 12, NULL);
    worksheet_set_column(ws, 3, 3, 32, NULL);
    worksheet_set_column(ws, 4, 4, 16, NULL);
    int leaves = 0, critical = 0, late = 0, risk = 0, overdue = 0, done = 0,
        milestones = 0;
    for (int i = 0; i < p->n_tasks; i++) {
        if (pm_task_is_summary(&p->tasks[i])) {
            continue;
        }
        leaves++;
        critical += s->tasks[i].critical && !pm_task_done(&p->tasks[i]);
        late += s->tasks[i].late;
        risk += pm_xlsx_at_risk(x, i);
        overdue += s->tasks[i].overdue;
        done += pm_task_done(&p->tasks[i]);
        milestones += p->tasks[i].milestone;
    }
    char title[320];
    pm_xlsx_text(ws, 0, 0, pm_project_title(p, title, sizeof title), f->title);
    if (p->scenario >= 0) {
        pm_xlsx_text(ws, 1, 0,
                     XTR("A what-if scenario, not the plan: recorded apart "
                         "from the plan's runs"),
                     f->bold_text);
    }
    /* The story in one line: red, amber or green, why, and the rule. */
    static const char *const words[] = {"GREEN", "AMBER", "RED"};
    char why[256];
    pm_health_why(v, p->language, why, sizeof why);
    pm_xlsx_text(ws, 2, 0, XTR("Status"), f->title);
    pm_xlsx_text(ws, 2, 1, XTR(words[v->health]), f->health[v->health]);
    worksheet_merge_range(ws, 2, 2, 2, 4, why, f->note);
    worksheet_set_row(ws, 2, 32, NULL);
    pm_xlsx_text(ws, 3, 0, XTR("How the status is set"), f->note);
    worksheet_merge_range(ws, 3, 1, 3, 4, XTR(PM_HEALTH_RULE), f->note);
    worksheet_set_row(ws, 3, 62, NULL);
    int r = 5;
    fact_date(x, ws, &r, "Status date", x->o->status_date);
    fact_date(x, ws, &r, "Project start", v->start);
    if (v->baseline) {
        char name[96];
        snprintf(name, sizeof name, XTR("%s (run %lld)"),
                 v->baseline_name ? v->baseline_name : "", v->baseline->id);
        fact_text(x, ws, &r, "Baseline", name);
        fact_date(x, ws, &r, "Baseline finish", v->baseline->finish);
    }
    fact_date(x, ws, &r, "Forecast finish", v->finish);
    const pm_outlook *o = x->o->outlook;
    if (o && o->runs > 0) {
        fact(x, ws, &r, "Chance of finishing by the forecast",
             pm_outlook_share_by(o, s->makespan), f->pct);
        fact_date(x, ws, &r, "Simulated finish P80 (8 in 10 runs by then)",
                  pm_calmap_finish_date(&x->m, 0, o->finish.p80));
    }
    if (v->baseline) {
        int var = pm_calmap_index(&x->m, v->finish) -
                  pm_calmap_index(&x->m, v->baseline->finish);
        fact(x, ws, &r, "Finish variance (working days)", var, f->var);
    }
    if (v->previous) {
        int var = pm_calmap_index(&x->m, v->finish) -
                  pm_calmap_index(&x->m, v->previous->finish);
        fact(x, ws, &r, "Finish moved since last run (working days)", var,
             f->var);
    }
    fact(x, ws, &r, "Percent complete (earned)", v->percent_complete / 100,
         f->pct);
    fact(x, ws, &r, "Tasks", leaves, f->num);
    fact(x, ws, &r, "Tasks done", done, f->num);
    fact(x, ws, &r, "Milestones", milestones, f->num);
    fact(x, ws, &r, "Critical tasks (open)", critical, f->num);
    fact(x, ws, &r, "Late tasks (past deadline)", late, f->num);
    fact(x, ws, &r, "At-risk tasks", risk, f->num);
    fact(x, ws, &r, "Overdue starts (moved to status date)", overdue, f->num);
    const pm_run *cur = x->o->current;
    int open_risks = 0, high_risks = 0, open_changes = 0;
    for (int i = 0; i < cur->n_risks; i++) {
        bool open = strcmp(cur->risks[i].status, "closed") != 0;
        open_risks += open;
        high_risks += open && cur->risks[i].probability *
                                      cur->risks[i].impact >=
                                  200;
    }
    for (int i = 0; i < cur->n_changes; i++) {
        open_changes += strcmp(cur->changes[i].status, "proposed") == 0 ||
                        strcmp(cur->changes[i].status, "approved") == 0;
    }
    double bought, bought_cost;
    pm_schedule_outsourcing(p, s, &bought, &bought_cost);
    fact(x, ws, &r, "Outsourced person-days", bought, f->dec);
    fact(x, ws, &r, "Outsourcing cost", bought_cost, f->money);
    bool priced = pm_project_priced(p);
    double planned = 0;
    for (int i = 0; i < cur->n_tasks; i++) {
        planned += cur->tasks[i].summary ? 0 : cur->tasks[i].budget;
    }
    fact(x, ws, &r, priced ? "Planned cost" : "Planned person-days", planned,
         priced ? f->money : f->dec);
    if (p->budget > 0) {
        fact(x, ws, &r, "Budget", p->budget, f->money);
    }
    if (priced) {
        fact(x, ws, &r, "Cost of delay per working day",
             pm_project_cost_of_delay(p), f->money);
    }
    fact(x, ws, &r, "Open risks", open_risks, f->num);
    fact(x, ws, &r, "Open risks scoring 2 or more", high_risks, f->num);
    fact(x, ws, &r, "Change requests proposed or approved", open_changes,
         f->num);
    /* Earned value and plan quality in the second column pair. */
    int q = 5;
    lxw_format *cost = v->priced ? f->money : f->dec;
    pm_xlsx_text(ws, q, 3, v->priced ? XTR("Earned value (cost)")
                                : XTR("Earned value (person-days)"),
            f->bold_text);
    q++;
    const struct {
        const char *label;
        double value;
        lxw_format *fmt;
        bool known;
    } ev[] = {{"Budget at completion (BAC)", v->bac, cost, true},
              {"Planned value (PV)", v->pv, cost, true},
              {"Earned value (EV)", v->ev, cost, v->tracked},
              {"Actual cost (AC)", v->ac, cost, v->tracked},
              {"Schedule performance (SPI)", v->spi, f->ratio, v->has_spi},
              {"Cost performance (CPI)", v->cpi, f->ratio, v->has_cpi},
              {"Estimate at completion (EAC)", v->eac, cost, true}};
    for (size_t i = 0; i < sizeof ev / sizeof ev[0]; i++) {
        pm_xlsx_text(ws, q, 3, XTR(ev[i].label), f->text);
        if (ev[i].known && ev[i].fmt == f->ratio) { /* SPI, CPI */
            pm_xlsx_num(ws, q++, 4, ev[i].value,
                        f->ratio_health[pm_health_of_index(ev[i].value)]);
        } else if (ev[i].known) {
            pm_xlsx_num(ws, q++, 4, ev[i].value, ev[i].fmt);
        } else {
            pm_xlsx_text(ws, q++, 4, XTR("n/a (no progress reported)"), f->text);
        }
    }
    q++;
    /* How good the plan is, in working days: no solver terms here. */
    double days = pm_days_of_slots(p, s->makespan),
           best_days = pm_days_of_slots(p, s->lower_bound);
    char verdict[128];
    bool bounded = pm_bound_known(s->makespan, s->lower_bound);
    if (!bounded) { /* a project of a portfolio */
        snprintf(verdict, sizeof verdict, "%s",
                 XTR("not known: planned with other projects sharing its "
                     "people"));
    } else if (s->status == PM_STATUS_OPTIMAL) {
        snprintf(verdict, sizeof verdict,
                 "%s", XTR("no plan with these people finishes sooner"));
    } else {
        snprintf(verdict, sizeof verdict,
                 XTR("at most %g working day%s longer than the shortest "
                     "possible"),
                 days - best_days, days - best_days == 1 ? "" : "s");
    }
    pm_xlsx_text(ws, q++, 3, XTR("Plan quality"), f->bold_text);
    pm_xlsx_text(ws, q, 3, XTR("Plan"), f->text);
    pm_xlsx_text(ws, q++, 4, verdict, f->text);
    pm_xlsx_text(ws, q, 3, XTR("Duration (working days)"), f->text);
    pm_xlsx_num(ws, q++, 4, days, f->dec);
    pm_xlsx_text(ws, q, 3, XTR("Shortest possible (working days)"), f->text);
    if (bounded) {
        pm_xlsx_num(ws, q++, 4, best_days, f->dec);
    } else {
        pm_xlsx_text(ws, q++, 4, XTR("n/a"), f->text);
    }
    if (s->finish_first > 0) {
        pm_xlsx_text(ws, q, 3, XTR("Longer for strict priorities (working days)"),
                f->text);
        pm_xlsx_num(ws, q++, 4, pm_days_of_slots(p, s->makespan - s->finish_first),
               f->dec);
    }
    if (x->o->run_id > 0) {
        pm_xlsx_text(ws, q, 3, XTR("Run"), f->text);
        pm_xlsx_num(ws, q++, 4, (double)x->o->run_id, f->num);
    }
    *next_row = slipped_milestones(x, ws, (r > q ? r : q) + 1);
    return ws;
}

