/* render/xlsx.c - the xlsx status report (libxlsxwriter): a Summary sheet
 * and a Tasks sheet with real Excel dates, frozen header and filters.
 * Text from the input is always written as a string, never as a formula. */
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "planner/calendar.h"
#include "render/atomic.h"
#include "render/render.h"

typedef struct {
    lxw_format *title, *head, *date, *text, *num, *bold_text, *crit_text,
        *crit_date, *pct;
} formats;

static void make_formats(lxw_workbook *wb, formats *f)
{
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    f->head = workbook_add_format(wb);
    format_set_bold(f->head);
    format_set_bg_color(f->head, 0xD9E1F2);
    format_set_bottom(f->head, LXW_BORDER_THIN);
    f->date = workbook_add_format(wb);
    format_set_num_format(f->date, "yyyy-mm-dd");
    f->text = workbook_add_format(wb);
    f->num = workbook_add_format(wb);
    format_set_num_format(f->num, "0");
    f->bold_text = workbook_add_format(wb);
    format_set_bold(f->bold_text);
    f->crit_text = workbook_add_format(wb);
    format_set_font_color(f->crit_text, 0xC00000);
    f->crit_date = workbook_add_format(wb);
    format_set_num_format(f->crit_date, "yyyy-mm-dd");
    format_set_font_color(f->crit_date, 0xC00000);
    f->pct = workbook_add_format(wb);
    format_set_num_format(f->pct, "0.0%");
}

static void put_date(lxw_worksheet *ws, int row, int col, pm_date d,
                     lxw_format *fmt)
{
    if (d == PM_NO_DATE) {
        return;
    }
    worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col,
                           pm_date_to_excel(d), fmt);
}

static void put_text(lxw_worksheet *ws, int row, int col, const char *s,
                     lxw_format *fmt)
{
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s ? s : "",
                           fmt);
}

static void summary_sheet(lxw_workbook *wb, const formats *f,
                          const pm_project *p, const pm_schedule *s,
                          const pm_calmap *m, const pm_report_opts *o)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Summary");
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, 1, 36, NULL);
    int leaves = 0, critical = 0, late = 0, milestones = 0;
    for (int i = 0; i < p->n_tasks; i++) {
        if (pm_task_is_summary(&p->tasks[i])) {
            continue;
        }
        leaves++;
        critical += s->tasks[i].critical;
        late += s->tasks[i].late;
        milestones += p->tasks[i].milestone;
    }
    put_text(ws, 0, 0, p->name, f->title);
    int r = 2;
    put_text(ws, r, 0, "Status date", f->bold_text);
    put_date(ws, r++, 1, o->status_date, f->date);
    put_text(ws, r, 0, "Project start", f->bold_text);
    put_date(ws, r++, 1, pm_calmap_slot_date(m, 0), f->date);
    put_text(ws, r, 0, "Forecast finish", f->bold_text);
    put_date(ws, r++, 1, pm_calmap_finish_date(m, 0, s->makespan), f->date);
    put_text(ws, r, 0, "Duration (working slots)", f->bold_text);
    worksheet_write_number(ws, (lxw_row_t)r++, 1, s->makespan, f->num);
    put_text(ws, r, 0, "Lower bound (working slots)", f->bold_text);
    worksheet_write_number(ws, (lxw_row_t)r++, 1, s->lower_bound, f->num);
    put_text(ws, r, 0, "Gap to lower bound", f->bold_text);
    worksheet_write_number(
        ws, (lxw_row_t)r++, 1,
        s->lower_bound > 0
            ? (double)(s->makespan - s->lower_bound) / s->lower_bound
            : 0.0,
        f->pct);
    put_text(ws, r, 0, "Solver status", f->bold_text);
    put_text(ws, r++, 1, pm_status_name(s->status), f->text);
    put_text(ws, r, 0, "Solver", f->bold_text);
    put_text(ws, r++, 1, s->solver, f->text);
    put_text(ws, r, 0, "Tasks", f->bold_text);
    worksheet_write_number(ws, (lxw_row_t)r++, 1, leaves, f->num);
    put_text(ws, r, 0, "Milestones", f->bold_text);
    worksheet_write_number(ws, (lxw_row_t)r++, 1, milestones, f->num);
    put_text(ws, r, 0, "Critical tasks", f->bold_text);
    worksheet_write_number(ws, (lxw_row_t)r++, 1, critical, f->num);
    put_text(ws, r, 0, "Late tasks", f->bold_text);
    worksheet_write_number(ws, (lxw_row_t)r++, 1, late, f->num);
    if (o->run_id > 0) {
        put_text(ws, r, 0, "Run", f->bold_text);
        worksheet_write_number(ws, (lxw_row_t)r++, 1, (double)o->run_id,
                               f->num);
    }
}

static void tasks_sheet(lxw_workbook *wb, const formats *f,
                        const pm_project *p, const pm_schedule *s,
                        const pm_calmap *m)
{
    static const char *const heads[] = {
        "WBS",      "ID",    "Name",     "Owner",    "Priority",
        "Start",    "Finish", "Duration", "Total float", "Critical",
        "Deadline", "Late",  "Summary"};
    static const double widths[] = {8, 14, 40, 14, 9, 12, 12,
                                    10, 11, 9, 12, 7, 9};
    enum { NCOL = sizeof heads / sizeof heads[0] };
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Tasks");
    for (int c = 0; c < NCOL; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
        put_text(ws, 0, c, heads[c], f->head);
    }
    int spd = p->cal.slots_per_day;
    for (int i = 0; i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        const pm_task_sched *ts = &s->tasks[i];
        int r = i + 1;
        bool sum = pm_task_is_summary(t);
        lxw_format *tf = sum ? f->bold_text
                             : ts->critical ? f->crit_text : f->text;
        lxw_format *df = ts->critical && !sum ? f->crit_date : f->date;
        char prio[4] = {'P', (char)('0' + t->priority), '\0'};
        put_text(ws, r, 0, t->wbs, tf);
        put_text(ws, r, 1, t->id, tf);
        put_text(ws, r, 2, t->name, tf);
        put_text(ws, r, 3, t->owner >= 0 ? p->resources[t->owner].name : "",
                 f->text);
        put_text(ws, r, 4, prio, f->text);
        put_date(ws, r, 5, pm_calmap_start_date(m, ts->start, ts->finish),
                 df);
        put_date(ws, r, 6, pm_calmap_finish_date(m, ts->start, ts->finish),
                 df);
        worksheet_write_number(ws, (lxw_row_t)r, 7,
                               (double)(ts->finish - ts->start) / spd, f->num);
        worksheet_write_number(ws, (lxw_row_t)r, 8,
                               (double)ts->total_float / spd, f->num);
        put_text(ws, r, 9, ts->critical ? "yes" : "no", f->text);
        put_date(ws, r, 10, t->deadline, f->date);
        put_text(ws, r, 11, ts->late ? "yes" : "no", f->text);
        put_text(ws, r, 12, sum ? "yes" : "no", f->text);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)p->n_tasks, NCOL - 1);
}

int pm_render_xlsx(const char *path, const pm_project *p,
                   const pm_schedule *s, const pm_report_opts *o,
                   pm_diag *diag)
{
    pm_atomic a;
    int rc = pm_atomic_begin(&a, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    pm_calmap m;
    if (pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        pm_atomic_abort(&a);
        return PM_ENOMEM;
    }
    lxw_workbook *wb = workbook_new(a.tmp_path);
    if (!wb) {
        pm_diag_error(diag, NULL, "cannot write '%s'", path);
        pm_calmap_reset(&m);
        pm_atomic_abort(&a);
        return PM_EIO;
    }
    lxw_doc_properties props = {0};
    props.title = p->name;
    props.comments = "Created by planner";
    workbook_set_properties(wb, &props);
    formats f;
    make_formats(wb, &f);
    summary_sheet(wb, &f, p, s, &m, o);
    tasks_sheet(wb, &f, p, s, &m);
    lxw_error err = workbook_close(wb);
    pm_calmap_reset(&m);
    if (err != LXW_NO_ERROR) {
        pm_diag_error(diag, NULL, "cannot write '%s': %s", path,
                      lxw_strerror(err));
        pm_atomic_abort(&a);
        return PM_EIO;
    }
    return pm_atomic_commit(&a, diag);
}
