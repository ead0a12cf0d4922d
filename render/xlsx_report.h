/* render/xlsx_report.h - what the sheets of the xlsx status report share
 * (internal to render/). Text from input is always written with
 * worksheet_write_string() and chart names come from cell references,
 * so no input ever becomes a formula. */
#ifndef PM_XLSX_REPORT_H
#define PM_XLSX_REPORT_H

#include <xlsxwriter.h>

#include "planner/model/calendar.h"
#include "planner/model/l10n.h"
#include "planner/runs/variance.h"
#include "render/render.h"

/* A label in the project's language (planner/model/l10n.h); x is the
 * report in scope. */
#define XTR(s) pm_tr(x->p->language, (s))
/* The font of a Chinese report. */
#define PM_XLSX_ZH_FONT "Noto Sans CJK SC"

typedef struct {
    lxw_format *title, *head, *date, *text, *num, *dec, *money, *bold_text,
        *bold_date, *pct, *var, *wrap, *late_fill, *crit_font, *ratio;
    lxw_format *note;            /* wrapped, centred vertically */
    lxw_format *pct_leave;       /* a percentage marked "L": some leave */
    lxw_format *health[3];       /* the status cell, by pm_health */
    lxw_format *ratio_health[3]; /* SPI or CPI, filled by its colour */
} pm_xlsx_formats;

typedef struct {
    lxw_workbook *wb;
    pm_xlsx_formats f;
    const pm_project *p;
    const pm_schedule *s;
    const pm_report_opts *o;
    const pm_variance *v; /* never NULL: an empty one without a baseline */
    pm_calmap m;
    lxw_worksheet *fit_ws; /* the row pm_xlsx_wrap() last grew, and to */
    int fit_row, fit_lines; /* how many lines */
} pm_xlsx_report;

/* The report's cell formats in workbook wb (lang: PM_LANG_*). */
void pm_xlsx_formats_init(lxw_workbook *wb, pm_xlsx_formats *f, int lang);

void pm_xlsx_date(lxw_worksheet *ws, int row, int col, pm_date d,
             lxw_format *fmt);
void pm_xlsx_text(lxw_worksheet *ws, int row, int col, const char *s,
             lxw_format *fmt);
void pm_xlsx_num(lxw_worksheet *ws, int row, int col, double v, lxw_format *fmt);
/* Writes the header row (tall enough for its words) and column widths;
 * freezes it and the first key_cols columns (those that say which task or
 * item a row is). Sets up printing: one page wide when the sheet is
 * narrow, else split across pages with the key columns repeated. */
void pm_xlsx_header(pm_xlsx_report *x, lxw_worksheet *ws,
                    const char *const *heads, const double *widths, int n,
                    int key_cols);
/* Writes s wrapped in (row, col), a column width characters wide, and
 * makes the row tall enough for it (and for what pm_xlsx_wrap() put in
 * the row before). */
void pm_xlsx_wrap(pm_xlsx_report *x, lxw_worksheet *ws, int row, int col,
                  const char *s, double width);
/* Writes header cell (0, col) in a column width characters wide, and makes
 * the header row tall enough for it. */
void pm_xlsx_head_cell(pm_xlsx_report *x, lxw_worksheet *ws, int col,
                       const char *s, double width);
/* Lines text takes wrapped in a column width characters wide. */
int pm_xlsx_lines(const char *text, double width);

/* A three-colour scale on the cells [r0..r1] x [c0..c1]: white at 0,
 * mid_color at mid, red from max on. */
void pm_xlsx_heat_map(lxw_worksheet *ws, int r0, int c0, int r1, int c1,
                      double mid, unsigned mid_color, double max);

/* A three-colour scale on the cells [r0..r1] x [c0..c1]: color[k] at
 * value at[k]. */
void pm_xlsx_color_scale(lxw_worksheet *ws, int r0, int c0, int r1, int c1,
                         const double at[3], const unsigned color[3]);

/* A date axis over [lo, hi]: ticks on Mondays every 1, 2, 4 or a
 * multiple of 4 weeks, at most max_ticks of them, labelled with their
 * exact dates (a value axis: the points lie at their real dates). */
void pm_xlsx_date_axis(lxw_chart_axis *axis, pm_date lo, pm_date hi,
                       int max_ticks);
/* In a Chinese report, the chart's words in the report's font. */
void pm_xlsx_chart_fonts(const pm_xlsx_report *x, lxw_chart *c);

/* A4 landscape, one page wide or at 70% split across pages, with the
 * project, sheet and status date above and "Page i of n" below. */
void pm_xlsx_page_setup(const pm_xlsx_report *x, lxw_worksheet *ws,
                        bool fit_width);

/* Display dates of task i in the schedule. */
pm_date pm_xlsx_task_start(const pm_xlsx_report *x, int i);
pm_date pm_xlsx_task_finish(const pm_xlsx_report *x, int i);

/* At risk: not finished, not late, and either behind its baseline finish
 * or with less than three working days of float left. */
bool pm_xlsx_at_risk(const pm_xlsx_report *x, int i);

/* The Summary sheet; *next_row gets the first row free for the charts. */
lxw_worksheet *pm_xlsx_summary_sheet(pm_xlsx_report *x, int *next_row);
/* The History sheet (runs, earned value, milestone forecasts) and the
 * charts on the Summary sheet that draw from it, placed from row 'row'. */
void pm_xlsx_history_sheet(pm_xlsx_report *x, lxw_worksheet *summary, int row);
/* The Risks and Change requests sheets, with what changed since the last
 * run. */
void pm_xlsx_risks_sheet(pm_xlsx_report *x);
void pm_xlsx_changes_register_sheet(pm_xlsx_report *x);
/* The Resources sheet: load by week against capacity, as a heat map. */
void pm_xlsx_resources_sheet(pm_xlsx_report *x);
/* The Schedule risk sheet, when the report has a Monte Carlo outlook:
 * P50/P80/P95 finishes, deadlines' chances, criticality, and the charts
 * of the project's finish. */
void pm_xlsx_outlook_sheet(pm_xlsx_report *x);

#endif
