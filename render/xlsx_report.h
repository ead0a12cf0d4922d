/* render/xlsx_report.h - what the sheets of the xlsx status report share
 * (internal to render/). Text from input is always written with
 * worksheet_write_string() and chart names come from cell references,
 * so no input ever becomes a formula. */
#ifndef PM_XLSX_REPORT_H
#define PM_XLSX_REPORT_H

#include <xlsxwriter.h>

#include "planner/model/calendar.h"
#include "render/render.h"

typedef struct {
    lxw_format *title, *head, *date, *text, *num, *dec, *money, *bold_text,
        *bold_date, *pct, *var, *wrap, *late_fill, *crit_font, *ratio;
} xl_formats;

typedef struct {
    lxw_workbook *wb;
    xl_formats f;
    const pm_project *p;
    const pm_schedule *s;
    const pm_report_opts *o;
    const pm_variance *v; /* never NULL: an empty one without a baseline */
    pm_calmap m;
} xl_report;

void xl_date(lxw_worksheet *ws, int row, int col, pm_date d,
             lxw_format *fmt);
void xl_text(lxw_worksheet *ws, int row, int col, const char *s,
             lxw_format *fmt);
void xl_num(lxw_worksheet *ws, int row, int col, double v, lxw_format *fmt);
/* Writes the header row and column widths. */
void xl_header(lxw_worksheet *ws, const xl_formats *f,
               const char *const *heads, const double *widths, int n);

/* Landscape A4, one page wide, for a sheet someone prints. */
void xl_page_setup(lxw_worksheet *ws);

/* Display dates of task i in the schedule. */
pm_date xl_task_start(const xl_report *x, int i);
pm_date xl_task_finish(const xl_report *x, int i);

/* The History sheet (runs, earned value, milestone forecasts) and the
 * charts on the Summary sheet that draw from it, placed from row 'row'. */
void xl_history_sheet(xl_report *x, lxw_worksheet *summary, int row);
/* The Risks and Change requests sheets, with what changed since the last
 * run. */
void xl_risks_sheet(xl_report *x);
void xl_changes_register_sheet(xl_report *x);
/* The Resources sheet: load by week against capacity, as a heat map. */
void xl_resources_sheet(xl_report *x);

#endif
