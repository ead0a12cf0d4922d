/* render/xlsx_outlook.c - the report's Schedule risk sheet: what the Monte
 * Carlo run over the three-point estimates (solver/risk.h) says of the
 * project's finish, its milestones and deadlines, which tasks most often
 * drive the finish, and two charts of the project's finish (how the runs
 * spread over the dates, and the chance of finishing by each date). */
#include <stdio.h>

#include "render/xlsx_report.h"

enum {
    C_WBS, C_ID, C_NAME, C_ESTIMATE, C_PLAN, C_P50, C_P80, C_P95,
    C_DEADLINE, C_ON_TIME, C_CRITICAL, NCOL
};

/* Bars of the histogram at most; finishes farther apart share a bar. */
enum { MAX_BARS = 30 };
/* Rows the two charts take. */
enum { CHART_ROWS = 18 };
/* Criticality from which a task is listed though nothing else names it. */
#define LISTED_CRITICALITY 0.05

static pm_date finish_date(const pm_xlsx_report *x, int slot)
{
    return pm_calmap_finish_date(&x->m, 0, slot);
}

/* Whether task i is a row of the sheet: a milestone, a task with a
 * deadline or an estimate, or one often critical. */
static bool listed(const pm_xlsx_report *x, int i)
{
    const pm_task *t = &x->p->tasks[i];
    const pm_outlook_task *k = &x->o->outlook->tasks[i];
    return !pm_task_is_summary(t) &&
           (t->milestone || t->deadline != PM_NO_DATE || t->estimate[2] > 0 ||
            k->critical >= LISTED_CRITICALITY);
}

static void quantile_cells(const pm_xlsx_report *x, lxw_worksheet *ws, int r,
                           const pm_outlook_task *k, lxw_format *fmt)
{
    pm_xlsx_date(ws, r, C_P50, finish_date(x, k->p50), fmt);
    pm_xlsx_date(ws, r, C_P80, finish_date(x, k->p80), fmt);
    pm_xlsx_date(ws, r, C_P95, finish_date(x, k->p95), fmt);
}

/* The table: the project, then the listed tasks in WBS order. Returns the
 * first free row. */
static int outlook_table(pm_xlsx_report *x, lxw_worksheet *ws)
{
    static const char *const heads[NCOL] = {
        "WBS",   "ID",  "Name",     "Estimate",
        "Plan finish", "P50", "P80", "P95", "Deadline",
        "Chance of meeting the deadline", "Critical in (share of runs)"};
    static const double widths[NCOL] = {8, 14, 36, 16, 12, 12,
                                        12, 12, 12, 14, 14};
    const pm_project *p = x->p;
    const pm_outlook *o = x->o->outlook;
    const pm_xlsx_formats *f = &x->f;
    pm_xlsx_header(x, ws, heads, widths, NCOL, 3); /* WBS, ID, name */
    pm_xlsx_text(ws, 1, C_NAME, XTR("Project finish"), f->bold_text);
    pm_xlsx_date(ws, 1, C_PLAN, finish_date(x, x->s->makespan), f->bold_date);
    quantile_cells(x, ws, 1, &o->finish, f->bold_date);
    int r = 2;
    for (int i = 0; i < p->n_tasks && i < o->n_tasks; i++) {
        if (!listed(x, i)) {
            continue;
        }
        const pm_task *t = &p->tasks[i];
        const pm_outlook_task *k = &o->tasks[i];
        char est[64];
        pm_xlsx_text(ws, r, C_WBS, t->wbs, f->text);
        pm_xlsx_text(ws, r, C_ID, t->id, f->text);
        pm_xlsx_text(ws, r, C_NAME, t->name, f->text);
        pm_xlsx_text(ws, r, C_ESTIMATE, pm_estimate_text(est, sizeof est, p, t),
                     f->text);
        pm_xlsx_date(ws, r, C_PLAN, pm_xlsx_task_finish(x, i),
                     t->milestone ? f->bold_date : f->date);
        quantile_cells(x, ws, r, k, f->date);
        pm_xlsx_date(ws, r, C_DEADLINE, t->deadline, f->date);
        if (k->on_time >= 0) {
            pm_xlsx_num(ws, r, C_ON_TIME, k->on_time, f->pct);
        }
        pm_xlsx_num(ws, r, C_CRITICAL, k->critical, f->pct);
        r++;
    }
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)(r - 1), NCOL - 1);
    /* Chances: red below 50%, amber to 80%, white when near certain;
     * criticality: red when it nearly always drives the finish. */
    const double chance_at[3] = {0.5, 0.8, 0.95};
    const unsigned chance_color[3] = {0xF8696B, 0xFFEB84, 0xFFFFFF};
    pm_xlsx_color_scale(ws, 2, C_ON_TIME, r - 1, C_ON_TIME, chance_at,
                        chance_color);
    const double crit_at[3] = {0, 0.5, 1};
    const unsigned crit_color[3] = {0xFFFFFF, 0xFCE4D6, 0xF4B183};
    pm_xlsx_color_scale(ws, 2, C_CRITICAL, r - 1, C_CRITICAL, crit_at,
                        crit_color);
    return r;
}

/* What the figures are, under the table. */
static int outlook_note(pm_xlsx_report *x, lxw_worksheet *ws, int r)
{
    const pm_outlook *o = x->o->outlook;
    char text[600];
    snprintf(text, sizeof text,
             XTR("%d runs (seed %u). Each run draws every estimated task "
                 "from its three-point estimate (PERT) and schedules the "
                 "project again, the people taking the work in the plan's "
                 "order. P80: 80%% of the runs finish by that date. "
                 "Critical in: the share of runs in which the task had no "
                 "float."),
             o->runs, o->seed);
    worksheet_merge_range(ws, (lxw_row_t)r, 0, (lxw_row_t)r, C_P95, "",
                          x->f.note);
    pm_xlsx_wrap(x, ws, r, 0, text, 8 + 14 + 36 + 16 + 12 * 4);
    if (o->failed > 0) {
        snprintf(text, sizeof text,
                 XTR("%d runs left out: a fixed start could not be kept"),
                 o->failed);
        pm_xlsx_text(ws, ++r, 0, text, x->f.text);
    }
    return r + 1;
}

/* The histogram's table from row r, in the columns of the plan's finish
 * to P95: each bar's last finish date, its runs, their share and the
 * share finished by then. Returns the number of bars. */
static int histogram_table(pm_xlsx_report *x, lxw_worksheet *ws, int r)
{
    static const char *const heads[] = {"Finish by", "Runs", "Share of runs",
                                        "Finished by then"};
    const pm_outlook *o = x->o->outlook;
    const pm_xlsx_formats *f = &x->f;
    for (int c = 0; c < 4; c++) {
        pm_xlsx_text(ws, r, C_PLAN + c, XTR(heads[c]), f->head);
    }
    if (o->n_hist == 0 || o->runs <= 0) {
        return 0;
    }
    int spd = x->p->cal.slots_per_day > 0 ? x->p->cal.slots_per_day : 1;
    int span = o->hist_slot[o->n_hist - 1] - o->hist_slot[0] + 1;
    int days = (span + spd - 1) / spd;
    int width = spd * ((days + MAX_BARS - 1) / MAX_BARS);
    int bars = 0, seen = 0;
    for (int k = 0; k < o->n_hist;) {
        int end = o->hist_slot[k] + width - 1, runs = 0, last = o->hist_slot[k];
        for (; k < o->n_hist && o->hist_slot[k] <= end; k++) {
            runs += o->hist_runs[k];
            last = o->hist_slot[k];
        }
        seen += runs;
        int row = r + 1 + bars++;
        pm_xlsx_date(ws, row, C_PLAN, finish_date(x, last), f->date);
        pm_xlsx_num(ws, row, C_PLAN + 1, runs, f->num);
        pm_xlsx_num(ws, row, C_PLAN + 2, (double)runs / o->runs, f->pct);
        pm_xlsx_num(ws, row, C_PLAN + 3, (double)seen / o->runs, f->pct);
    }
    return bars;
}

/* The two charts at row r over the histogram table at hist_row. */
static void outlook_charts(pm_xlsx_report *x, lxw_worksheet *ws, int r,
                           int hist_row, int bars)
{
    const char *sheet = XTR("Schedule risk");
    const pm_outlook *o = x->o->outlook;
    lxw_row_t first = (lxw_row_t)(hist_row + 1),
              last = (lxw_row_t)(hist_row + bars);
    char title[120];

    lxw_chart *hist = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
    snprintf(title, sizeof title, XTR("When the project finishes (%d runs)"),
             o->runs);
    chart_title_set_name(hist, title);
    lxw_chart_series *s = chart_add_series(hist, NULL, NULL);
    chart_series_set_categories(s, sheet, first, C_PLAN, last, C_PLAN);
    chart_series_set_values(s, sheet, first, C_PLAN + 2, last, C_PLAN + 2);
    chart_series_set_name_range(s, sheet, (lxw_row_t)hist_row, C_PLAN + 2);
    lxw_chart_fill fill = {.color = 0x4F81BD};
    chart_series_set_fill(s, &fill);
    chart_set_series_gap(hist, 30);
    chart_axis_set_name(hist->x_axis, XTR("Finish by"));
    chart_axis_set_num_format(hist->x_axis, "mm-dd");
    chart_axis_set_name(hist->y_axis, XTR("Share of runs"));
    chart_axis_set_num_format(hist->y_axis, "0%");
    chart_axis_set_min(hist->y_axis, 0);
    chart_legend_set_position(hist, LXW_CHART_LEGEND_NONE);
    pm_xlsx_chart_fonts(x, hist);

    lxw_chart *cum =
        workbook_add_chart(x->wb, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
    chart_title_set_name(cum, XTR("Chance of finishing by each date"));
    s = chart_add_series(cum, NULL, NULL);
    chart_series_set_categories(s, sheet, first, C_PLAN, last, C_PLAN);
    chart_series_set_values(s, sheet, first, C_PLAN + 3, last, C_PLAN + 3);
    chart_series_set_name_range(s, sheet, (lxw_row_t)hist_row, C_PLAN + 3);
    lxw_chart_line line = {.color = 0x4F81BD, .width = 2.0f};
    chart_series_set_line(s, &line);
    chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
    /* P50, P80 and P95 as marks on the curve, from the table's first row */
    s = chart_add_series(cum, NULL, NULL);
    chart_series_set_categories(s, sheet, 1, C_P50, 1, C_P95);
    chart_series_set_values(s, sheet, (lxw_row_t)(hist_row - 1), C_P50,
                            (lxw_row_t)(hist_row - 1), C_P95);
    chart_series_set_name(s, "P50 / P80 / P95");
    lxw_chart_line none = {.none = LXW_TRUE};
    chart_series_set_line(s, &none);
    chart_series_set_marker_type(s, LXW_CHART_MARKER_DIAMOND);
    chart_series_set_marker_size(s, 9);
    lxw_chart_fill red = {.color = 0xC0504D};
    chart_series_set_marker_fill(s, &red);
    lxw_chart_line edge = {.color = 0xC0504D};
    chart_series_set_marker_line(s, &edge);
    pm_xlsx_date_axis(cum->x_axis, finish_date(x, o->hist_slot[0]),
                      finish_date(x, o->hist_slot[o->n_hist - 1]), 7);
    chart_axis_set_num_format(cum->x_axis, "mm-dd");
    chart_axis_set_name(cum->x_axis, XTR("Finish date"));
    chart_axis_set_name(cum->y_axis, XTR("Finished by then"));
    chart_axis_set_num_format(cum->y_axis, "0%");
    chart_axis_set_min(cum->y_axis, 0);
    chart_axis_set_max(cum->y_axis, 1);
    chart_legend_set_position(cum, LXW_CHART_LEGEND_BOTTOM);
    pm_xlsx_chart_fonts(x, cum);

    lxw_chart_options left = {.x_scale = 1.1, .y_scale = 1.2};
    lxw_chart_options right = {.x_scale = 1.2, .y_scale = 1.2};
    worksheet_insert_chart_opt(ws, (lxw_row_t)r, 0, hist, &left);
    worksheet_insert_chart_opt(ws, (lxw_row_t)r, C_ESTIMATE + 1, cum, &right);
}

void pm_xlsx_outlook_sheet(pm_xlsx_report *x)
{
    const pm_outlook *o = x->o->outlook;
    if (!o || o->runs <= 0 || o->n_tasks != x->p->n_tasks) {
        return;
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, XTR("Schedule risk"));
    int r = outlook_table(x, ws);
    r = outlook_note(x, ws, r + 1) + 1;
    /* The charts start a printed page (below the repeated header). */
    lxw_row_t breaks[] = {(lxw_row_t)r, 0};
    worksheet_set_h_pagebreaks(ws, breaks);
    /* The share of runs finished by P50, P80 and P95 (at least 50, 80
     * and 95%) for the marks on the curve, in a row of their own above
     * the histogram's table. */
    int hist_row = r + CHART_ROWS + 3;
    const int q[3] = {o->finish.p50, o->finish.p80, o->finish.p95};
    for (int k = 0; k < 3; k++) {
        pm_xlsx_num(ws, hist_row - 1, C_P50 + k, pm_outlook_share_by(o, q[k]),
                    x->f.pct);
    }
    pm_xlsx_text(ws, hist_row - 1, C_NAME,
                 XTR("Finished by P50 / P80 / P95"), x->f.text);
    worksheet_set_row(ws, (lxw_row_t)hist_row, 30, NULL);
    int bars = histogram_table(x, ws, hist_row);
    if (bars > 0) {
        outlook_charts(x, ws, r + 1, hist_row, bars);
    }
}
