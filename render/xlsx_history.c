/* render/xlsx_history.c - the report's sheets that span time: History
 * (one row per run: earned value and milestone forecasts, feeding the
 * S-curve and milestone-trend charts on the Summary sheet) and Resources
 * (booked load by week against capacity, as a heat map). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/load.h"
#include "render/xlsx_report.h"

#define MAX_TREND_MILESTONES 12

enum { H_RUN, H_CREATED, H_STATUS, H_FINISH, H_BAC, H_PV, H_EV, H_AC, H_SPI,
       H_CPI, H_MILESTONES };

/* One row of the History sheet. */
static void history_row(lxw_worksheet *ws, const pm_xlsx_formats *f, int r,
                        long long id, const char *created, pm_date status,
                        pm_date finish, bool tracked, double bac, double pv,
                        double ev, double ac)
{
    pm_xlsx_num(ws, r, H_RUN, (double)id, f->num);
    pm_xlsx_text(ws, r, H_CREATED, created, f->text);
    pm_xlsx_date(ws, r, H_STATUS, status, f->date);
    pm_xlsx_date(ws, r, H_FINISH, finish, f->date);
    pm_xlsx_num(ws, r, H_BAC, bac, f->dec);
    pm_xlsx_num(ws, r, H_PV, pv, f->dec);
    if (!tracked) {
        return; /* no progress reported: nothing earned or spent known */
    }
    pm_xlsx_num(ws, r, H_EV, ev, f->dec);
    pm_xlsx_num(ws, r, H_AC, ac, f->dec);
    if (pv > 0) {
        pm_xlsx_num(ws, r, H_SPI, ev / pv, f->ratio);
    }
    if (ac > 0) {
        pm_xlsx_num(ws, r, H_CPI, ev / ac, f->ratio);
    }
}

/* A series of History column col against the status dates. */
static lxw_chart_series *history_series(const pm_xlsx_report *x,
                                        lxw_chart *c, int last_row, int col)
{
    const char *sheet = XTR("History");
    lxw_chart_series *s = chart_add_series(c, NULL, NULL);
    chart_series_set_categories(s, sheet, 1, H_STATUS, (lxw_row_t)last_row,
                                H_STATUS);
    chart_series_set_values(s, sheet, 1, (lxw_col_t)col, (lxw_row_t)last_row,
                            (lxw_col_t)col);
    chart_series_set_name_range(s, sheet, 0, (lxw_col_t)col);
    return s;
}

/* A line of colour rgb, width points and dash, with marker (or none):
 * apart from the others in grey print too. */
static void series_style(lxw_chart_series *s, unsigned rgb, float width,
                         uint8_t dash, uint8_t marker)
{
    lxw_chart_line line = {.color = rgb, .width = width, .dash_type = dash};
    chart_series_set_line(s, &line);
    chart_series_set_marker_type(s, marker);
    if (marker != LXW_CHART_MARKER_NONE) {
        lxw_chart_line edge = {.color = rgb};
        lxw_chart_fill fill = {.color = rgb};
        chart_series_set_marker_size(s, 7);
        chart_series_set_marker_line(s, &edge);
        chart_series_set_marker_fill(s, &fill);
    }
}

/* Widens [*lo, *hi] to hold d (PM_NO_DATE: empty). */
static void widen(pm_date *lo, pm_date *hi, pm_date d)
{
    if (d == PM_NO_DATE) {
        return;
    }
    *lo = *lo == PM_NO_DATE || d < *lo ? d : *lo;
    *hi = *hi == PM_NO_DATE || d > *hi ? d : *hi;
}

/* Working days in [a, b], 0 when b < a. */
static int workdays(const pm_calmap *m, pm_date a, pm_date b)
{
    return b < a ? 0 : pm_calmap_index(m, b + 1) - pm_calmap_index(m, a);
}

/* The planned value of the baseline week by week (the S-curve), on its
 * own sheet; returns its last row. */
static int pv_curve(pm_xlsx_report *x)
{
    const pm_xlsx_formats *f = &x->f;
    const pm_run *b = x->v->baseline;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, XTR("S-curve"));
    static const char *const heads[] = {"Date", "Planned value (baseline)"};
    static const double widths[] = {12, 16};
    pm_xlsx_header(x, ws, heads, widths, 2, 1);
    if (!b || b->n_tasks == 0) {
        return 0;
    }
    pm_date first = b->start - pm_date_weekday(b->start);
    pm_date end = b->finish + 7;
    int r = 1;
    for (pm_date d = first; d <= end && r <= 53 * 10; d += 7, r++) {
        double pv = 0;
        for (int i = 0; i < b->n_tasks; i++) {
            const pm_run_task *t = &b->tasks[i];
            int planned = t->summary ? 0 : workdays(&x->m, t->start, t->finish);
            if (planned > 0) {
                pm_date last = d - 1 < t->finish ? d - 1 : t->finish;
                pv += t->budget * workdays(&x->m, t->start, last) / planned;
            }
        }
        pm_xlsx_date(ws, r, 0, d, f->date);
        pm_xlsx_num(ws, r, 1, pv, f->dec);
    }
    return r - 1;
}

/* The S-curve: the baseline's planned value over time, with the earned
 * value and actual cost of each run at its status date; the time axis
 * from the project start to the later of the baseline and forecast
 * finish; amounts with thousands separators. */
static lxw_chart *s_curve(pm_xlsx_report *x, int last_run, pm_date lo,
                          pm_date hi)
{
    int last = pv_curve(x);
    lxw_chart *c = workbook_add_chart(x->wb, LXW_CHART_SCATTER_STRAIGHT);
    chart_title_set_name(c, XTR("Earned value (S-curve)"));
    chart_axis_set_name(c->x_axis, XTR("Date"));
    chart_axis_set_name(c->y_axis,
                        x->v->priced ? XTR("Cost") : XTR("Person-days"));
    pm_xlsx_date_axis(c->x_axis, lo, hi, 6);
    chart_axis_set_num_format(c->y_axis, "#,##0");
    chart_axis_set_min(c->y_axis, 0);
    chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
    pm_xlsx_chart_fonts(x, c);
    if (last > 0) {
        lxw_chart_series *s = chart_add_series(c, NULL, NULL);
        const char *sheet = XTR("S-curve");
        chart_series_set_categories(s, sheet, 1, 0, (lxw_row_t)last, 0);
        chart_series_set_values(s, sheet, 1, 1, (lxw_row_t)last, 1);
        chart_series_set_name_range(s, sheet, 0, 1);
        series_style(s, 0x1F4E79, 2.5, LXW_CHART_LINE_DASH_SOLID,
                     LXW_CHART_MARKER_NONE);
    }
    /* EV dashed with squares, AC dotted with triangles: apart in grey by
     * their dashes and markers, each dark enough to see. */
    series_style(history_series(x, c, last_run, H_EV), 0x2E7D32, 2,
                 LXW_CHART_LINE_DASH_DASH, LXW_CHART_MARKER_SQUARE);
    series_style(history_series(x, c, last_run, H_AC), 0xB03A2E, 2.25,
                 LXW_CHART_LINE_DASH_ROUND_DOT, LXW_CHART_MARKER_TRIANGLE);
    return c;
}

/* The milestones the trend chart shows, into ms (at most
 * MAX_TREND_MILESTONES): all of them, or when there are more, those not
 * yet reached first, in WBS order. Returns how many; *all how many
 * milestones there are. */
static int trend_milestones(const pm_project *p, int *ms, int *all)
{
    int n = 0;
    *all = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < p->n_tasks; i++) {
            const pm_task *t = &p->tasks[i];
            if (!t->milestone || pm_task_is_summary(t)) {
                continue;
            }
            *all += pass == 0;
            if (pm_task_done(t) == (pass == 1) && n < MAX_TREND_MILESTONES) {
                ms[n++] = i;
            }
        }
    }
    /* Back into WBS order. */
    for (int a = 1; a < n; a++) {
        for (int b = a; b > 0 && ms[b - 1] > ms[b]; b--) {
            int t = ms[b];
            ms[b] = ms[b - 1];
            ms[b - 1] = t;
        }
    }
    return n;
}

void pm_xlsx_history_sheet(pm_xlsx_report *x, lxw_worksheet *summary, int row)
{
    const pm_project *p = x->p;
    const pm_variance *v = x->v;
    const pm_xlsx_formats *f = &x->f;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, XTR("History"));
    static const char *const heads[H_MILESTONES] = {
        "Run", "Recorded (UTC)", "Status date", "Forecast finish", "BAC",
        "PV", "EV", "AC", "SPI", "CPI"};
    static const double widths[H_MILESTONES] = {6,  20, 12, 14, 12,
                                                12, 12, 12, 8,  8};
    pm_xlsx_header(x, ws, heads, widths, H_MILESTONES, 1);
    int ms[MAX_TREND_MILESTONES], all_ms;
    int n_ms = trend_milestones(p, ms, &all_ms);
    for (int m = 0; m < n_ms; m++) {
        pm_xlsx_head_cell(x, ws, H_MILESTONES + m, p->tasks[ms[m]].name, 14);
    }
    /* The span of the charts' axes: status dates, and forecast dates of
     * the milestones shown. */
    pm_date st_lo = x->o->status_date, st_hi = x->o->status_date;
    pm_date fc_lo = PM_NO_DATE, fc_hi = PM_NO_DATE;
    int r = 1;
    for (int k = 0; k < x->o->n_history; k++) {
        const pm_run *run = &x->o->history[k];
        if (run->id == x->o->run_id) {
            continue; /* this run is written from the live data below */
        }
        history_row(ws, f, r, run->id, run->created, run->status_date,
                     run->finish, run->tracked, run->bac, run->pv, run->ev,
                     run->ac);
        for (int m = 0; m < n_ms; m++) {
            int t = pm_run_find_task(run, p->tasks[ms[m]].id);
            if (t >= 0) {
                pm_date d = run->tasks[t].finish;
                pm_xlsx_date(ws, r, H_MILESTONES + m, d, f->date);
                widen(&fc_lo, &fc_hi, d);
            }
        }
        widen(&st_lo, &st_hi, run->status_date);
        r++;
    }
    history_row(ws, f, r, x->o->run_id, XTR("this run"), x->o->status_date,
                v->finish, v->tracked, v->bac, v->pv, v->ev, v->ac);
    for (int m = 0; m < n_ms; m++) {
        pm_date d = pm_xlsx_task_finish(x, ms[m]);
        pm_xlsx_date(ws, r, H_MILESTONES + m, d, f->date);
        widen(&fc_lo, &fc_hi, d);
    }
    int last = r;
    pm_date end = v->finish;
    if (v->baseline && v->baseline->finish > end) {
        end = v->baseline->finish;
    }
    end = st_hi != PM_NO_DATE && st_hi > end ? st_hi : end;
    lxw_chart *ev = s_curve(x, last, v->start, end);
    /* Side by side: the S-curve as wide as columns A to C (about 560
     * pixels), the trend from column D. */
    lxw_chart_options left = {.x_scale = 1.15, .y_scale = 1.2};
    lxw_chart_options big = {.x_scale = 1.3, .y_scale = 1.2};
    worksheet_insert_chart_opt(summary, (lxw_row_t)row, 0, ev, &left);
    if (n_ms > 0 && st_lo != PM_NO_DATE) {
        lxw_chart *trend =
            workbook_add_chart(x->wb, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
        char title[96];
        if (n_ms < all_ms) {
            snprintf(title, sizeof title,
                     XTR("Milestone trend: %d of %d milestones, open ones "
                         "first"),
                     n_ms, all_ms);
        } else {
            snprintf(title, sizeof title, "%s", XTR("Milestone trend"));
        }
        chart_title_set_name(trend, title);
        chart_axis_set_name(trend->x_axis, XTR("Status date"));
        chart_axis_set_name(trend->y_axis, XTR("Forecast date"));
        pm_xlsx_date_axis(trend->x_axis, st_lo, st_hi, 6);
        pm_xlsx_date_axis(trend->y_axis, fc_lo, fc_hi, 8);
        chart_legend_set_position(trend, LXW_CHART_LEGEND_BOTTOM);
        pm_xlsx_chart_fonts(x, trend);
        static const uint8_t marks[] = {
            LXW_CHART_MARKER_CIRCLE,   LXW_CHART_MARKER_SQUARE,
            LXW_CHART_MARKER_DIAMOND,  LXW_CHART_MARKER_TRIANGLE,
            LXW_CHART_MARKER_X,        LXW_CHART_MARKER_STAR,
            LXW_CHART_MARKER_PLUS};
        for (int m = 0; m < n_ms; m++) {
            lxw_chart_series *s = history_series(x, trend, last, H_MILESTONES + m);
            chart_series_set_marker_type(s, marks[m % 7]);
        }
        worksheet_insert_chart_opt(summary, (lxw_row_t)row, 3, trend, &big);
    }
}

void pm_xlsx_resources_sheet(pm_xlsx_report *x)
{
    const pm_project *p = x->p;
    const pm_schedule *s = x->s;
    const pm_xlsx_formats *f = &x->f;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, XTR("Resources"));
    int nr = p->n_resources, np = p->n_pools;
    pm_load load;
    if (pm_load_compute(&load, p, s, &x->m) != PM_OK) {
        pm_xlsx_text(ws, 0, 0, XTR("out of memory while computing the load"),
                     f->text);
        return;
    }
    pm_date first = load.first;
    int weeks = load.weeks;
    double *booked = load.booked, *cap = load.cap;
    worksheet_set_column(ws, 0, 0, 10, NULL);
    worksheet_set_column(ws, 1, 1, 18, NULL);
    worksheet_set_column(ws, 2, (lxw_col_t)(weeks + 1), 10.5, NULL);
    pm_xlsx_head_cell(x, ws, 0, XTR("Kind"), 10);
    pm_xlsx_head_cell(x, ws, 1,
                      XTR("Booked / capacity, week of (L: some leave)"), 18);
    for (int w = 0; w < weeks; w++) {
        worksheet_write_number(ws, 0, (lxw_col_t)(w + 2),
                               pm_date_to_excel(first + 7 * w), f->bold_date);
    }
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_repeat_rows(ws, 0, 0);
    worksheet_repeat_columns(ws, 0, 1);
    pm_xlsx_page_setup(x, ws, false);
    int row = 1;
    for (int r = 0; r < nr; r++, row++) {
        pm_xlsx_text(ws, row, 0, XTR("person"), f->text);
        pm_xlsx_text(ws, row, 1, p->resources[r].name, f->text);
        for (int w = 0; w < weeks; w++) {
            double c = cap[(long)r * weeks + w];
            double b = booked[(long)r * weeks + w];
            bool away = load.leave[(long)r * weeks + w] > 0;
            if (c > 0 || b > 0) {
                /* "80% L": the week's capacity is less for leave. */
                pm_xlsx_num(ws, row, w + 2, c > 0 ? b / c : 9.99,
                            away ? x->f.pct_leave : f->pct);
            } else if (away) {
                pm_xlsx_text(ws, row, w + 2, XTR("leave"), f->text);
            }
        }
    }
    for (int k = 0; k < np; k++, row++) {
        const pm_pool *pool = &p->pools[k];
        pm_xlsx_text(ws, row, 0, XTR("pool"), f->text);
        pm_xlsx_text(ws, row, 1, pool->name, f->text);
        for (int w = 0; w < weeks; w++) {
            double c, b;
            pm_load_pool(&load, p, k, w, &b, &c);
            if (c > 0 || b > 0) {
                pm_xlsx_num(ws, row, w + 2, c > 0 ? b / c : 9.99, f->pct);
            }
        }
    }
    pm_load_reset(&load);
    if (row > 1) {
        /* green at full load, red over it */
        pm_xlsx_heat_map(ws, 1, 2, row - 1, weeks + 1, 1.0, 0x63BE7B, 1.05);
    }
}
