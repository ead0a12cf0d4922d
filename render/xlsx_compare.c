/* render/xlsx_compare.c - compare.xlsx: the plan and its what-if scenarios
 * side by side (docs/scenarios.md), a column each, with the change against
 * the plan, and a chart of the finishes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/calendar.h"
#include "render/atomic.h"
#include "render/xlsx_report.h"

int pm_variant_facts_of(const pm_variant *v, pm_variant_facts *f)
{
    const pm_project *p = v->p;
    const pm_schedule *s = v->s;
    memset(f, 0, sizeof *f);
    pm_calmap m;
    f->finishes = malloc(((size_t)p->n_tasks + 1) * sizeof *f->finishes);
    if (!f->finishes || pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        pm_variant_facts_reset(f);
        return PM_ENOMEM;
    }
    for (int i = 0; i < p->n_tasks; i++) {
        f->finishes[i] = pm_calmap_finish_date(&m, 0, s->tasks[i].finish);
        f->late += !pm_task_is_summary(&p->tasks[i]) && s->tasks[i].late;
    }
    f->finish = pm_calmap_finish_date(&m, 0, s->makespan);
    f->days = pm_days_of_slots(p, s->makespan);
    f->cost = pm_schedule_cost(p, s, -1);
    f->priced = pm_project_priced(p);
    pm_schedule_outsourcing(p, s, &f->bought_days, &f->bought_cost);
    f->p80 = v->outlook && v->outlook->runs > 0
                 ? pm_calmap_finish_date(&m, 0, v->outlook->finish.p80)
                 : PM_NO_DATE;
    pm_calmap_reset(&m);
    return PM_OK;
}

void pm_variant_facts_reset(pm_variant_facts *f)
{
    free(f->finishes);
    memset(f, 0, sizeof *f);
}

/* Rows of the sheet. */
enum {
    R_HEAD, R_NAME, R_FINISH, R_DAYS, R_DAYS_DIFF, R_COST, R_COST_DIFF,
    R_BOUGHT, R_BOUGHT_COST, R_LATE, R_P80, R_MILESTONES = R_P80 + 2
};

int pm_render_compare_xlsx(const char *path, const pm_variant *v,
                           const pm_variant_facts *fa, int n, pm_diag *diag)
{
    pm_atomic a;
    int rc = pm_atomic_begin(&a, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    const pm_project *p = v[0].p;
    pm_report_opts ro = PM_REPORT_OPTS_INIT;
    ro.status_date = p->status_date;
    pm_xlsx_report rep = {.p = p, .s = v[0].s, .o = &ro};
    pm_xlsx_report *x = &rep;
    x->wb = workbook_new(a.tmp_path);
    if (!x->wb) {
        pm_diag_error(diag, NULL, "cannot write '%s'", path);
        pm_atomic_abort(&a);
        return PM_EIO;
    }
    pm_xlsx_formats_init(x->wb, &x->f, p->language);
    const pm_xlsx_formats *f = &x->f;
    const char *sheet = XTR("Scenarios");
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, sheet);
    pm_xlsx_page_setup(x, ws, true);
    worksheet_fit_to_pages(ws, 1, 1); /* the comparison on one page */
    worksheet_set_column(ws, 0, 0, 44, NULL);
    worksheet_set_column(ws, 1, (lxw_col_t)n, 18, NULL);
    worksheet_freeze_panes(ws, 2, 1);
    const pm_variant_facts *base = &fa[0];
    static const char *const labels[] = {
        [R_FINISH] = "Finish",
        [R_DAYS] = "Working days",
        [R_DAYS_DIFF] = "Against the plan (working days)",
        [R_COST] = "Planned cost",
        [R_COST_DIFF] = "Against the plan (cost)",
        [R_BOUGHT] = "Outsourced person-days",
        [R_BOUGHT_COST] = "Outsourcing cost",
        [R_LATE] = "Late tasks (past deadline)",
        [R_P80] = "Simulated finish P80 (8 in 10 runs by then)"};
    pm_xlsx_text(ws, R_HEAD, 0, pm_project_title(p, (char[320]){0}, 320),
                 f->title);
    int last = v[0].outlook ? R_P80 : R_LATE;
    for (int r = R_FINISH; r <= last; r++) {
        const char *label = r == R_COST && !base->priced
                                ? "Planned person-days"
                            : r == R_COST_DIFF && !base->priced
                                ? "Against the plan (person-days)"
                                : labels[r];
        pm_xlsx_text(ws, r, 0, XTR(label), f->bold_text);
    }
    pm_xlsx_text(ws, R_MILESTONES, 0, XTR("Milestones"), f->head);
    lxw_format *cost = base->priced ? f->money : f->dec;
    for (int k = 0; k < n; k++) {
        const pm_variant_facts *t = &fa[k];
        lxw_col_t c = (lxw_col_t)(k + 1);
        pm_xlsx_text(ws, R_HEAD, c, v[k].id, f->head);
        pm_xlsx_wrap(x, ws, R_NAME, c, v[k].name, 18);
        pm_xlsx_date(ws, R_FINISH, c, t->finish, f->bold_date);
        pm_xlsx_num(ws, R_DAYS, c, t->days, f->dec);
        pm_xlsx_num(ws, R_DAYS_DIFF, c, t->days - base->days, f->var);
        pm_xlsx_num(ws, R_COST, c, t->cost, cost);
        pm_xlsx_num(ws, R_COST_DIFF, c, t->cost - base->cost, cost);
        pm_xlsx_num(ws, R_BOUGHT, c, t->bought_days, f->dec);
        pm_xlsx_num(ws, R_BOUGHT_COST, c, t->bought_cost, f->money);
        pm_xlsx_num(ws, R_LATE, c, t->late, f->num);
        if (last == R_P80) {
            pm_xlsx_date(ws, R_P80, c, t->p80, f->date);
        }
        pm_xlsx_text(ws, R_MILESTONES, c, v[k].id, f->head);
    }
    int r = R_MILESTONES + 1;
    for (int i = 0; i < p->n_tasks; i++) {
        if (!p->tasks[i].milestone || pm_task_is_summary(&p->tasks[i])) {
            continue;
        }
        char label[300];
        snprintf(label, sizeof label, "%s %s", p->tasks[i].wbs,
                 p->tasks[i].name);
        pm_xlsx_text(ws, r, 0, label, f->text);
        for (int k = 0; k < n; k++) {
            pm_xlsx_date(ws, r, k + 1, fa[k].finishes[i], f->date);
        }
        r++;
    }
    /* The finishes as bars, a bar per variant. */
    lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_BAR);
    chart_title_set_name(chart, XTR("Working days to the finish"));
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(s, sheet, R_HEAD, 1, R_HEAD, (lxw_col_t)n);
    chart_series_set_values(s, sheet, R_DAYS, 1, R_DAYS, (lxw_col_t)n);
    chart_series_set_name_range(s, sheet, R_DAYS, 0);
    lxw_chart_fill fill = {.color = 0x4F81BD};
    chart_series_set_fill(s, &fill);
    chart_series_set_labels(s);
    /* a bar chart's values run along its x axis */
    chart_axis_set_min(chart->x_axis, 0);
    chart_axis_set_reverse(chart->y_axis); /* the plan on top */
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    pm_xlsx_chart_fonts(x, chart);
    lxw_chart_options size = {.x_scale = 1.2, .y_scale = 0.6 + 0.12 * n};
    worksheet_insert_chart_opt(ws, (lxw_row_t)(r + 1), 0, chart, &size);
    lxw_error err = workbook_close(x->wb);
    if (err != LXW_NO_ERROR) {
        pm_diag_error(diag, NULL, "cannot write '%s': %s", path,
                      lxw_strerror(err));
    }
    return pm_atomic_finish(&a, err == LXW_NO_ERROR ? PM_OK : PM_EIO, NULL,
                            diag);
}
