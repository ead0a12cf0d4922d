/* render/xlsx.c - the xlsx status report (libxlsxwriter): Summary with
 * earned value and charts, Tasks with baseline and variance, Milestones,
 * Resources and History (render/xlsx_history.c), Changes since the last
 * run, Risks and Change requests (render/xlsx_registers.c).
 * Real Excel dates, frozen headers, filters, conditional formats. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/assigned.h"
#include "render/atomic.h"
#include "render/xlsx_report.h"

/* A new format; in a Chinese report with a Simplified Chinese font, so
 * that Chinese text does not get whatever East Asian glyphs the
 * spreadsheet's default picks. */
static lxw_format *new_format(lxw_workbook *wb, int lang)
{
    lxw_format *f = workbook_add_format(wb);
    if (lang == PM_LANG_ZH) {
        format_set_font_name(f, PM_XLSX_ZH_FONT);
    }
    return f;
}

void pm_xlsx_formats_init(lxw_workbook *wb, pm_xlsx_formats *f, int lang)
{
    f->title = new_format(wb, lang);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    f->head = new_format(wb, lang);
    format_set_bold(f->head);
    format_set_bg_color(f->head, 0xD9E1F2);
    format_set_bottom(f->head, LXW_BORDER_THIN);
    format_set_text_wrap(f->head);
    f->date = new_format(wb, lang);
    format_set_num_format(f->date, "yyyy-mm-dd");
    format_set_align(f->date, LXW_ALIGN_CENTER);
    f->text = new_format(wb, lang);
    f->num = new_format(wb, lang);
    format_set_num_format(f->num, "0");
    f->dec = new_format(wb, lang);
    format_set_num_format(f->dec, "0.0");
    f->money = new_format(wb, lang);
    format_set_num_format(f->money, "#,##0");
    f->bold_text = new_format(wb, lang);
    format_set_bold(f->bold_text);
    f->bold_date = new_format(wb, lang);
    format_set_bold(f->bold_date);
    format_set_num_format(f->bold_date, "yyyy-mm-dd");
    format_set_align(f->bold_date, LXW_ALIGN_CENTER);
    f->pct = new_format(wb, lang);
    format_set_num_format(f->pct, "0.0%");
    f->var = new_format(wb, lang);
    format_set_num_format(f->var, "+0;-0;0");
    f->ratio = new_format(wb, lang);
    format_set_num_format(f->ratio, "0.00");
    f->wrap = new_format(wb, lang);
    format_set_text_wrap(f->wrap);
    f->late_fill = new_format(wb, lang);
    format_set_bg_color(f->late_fill, 0xFFC7CE);
    format_set_font_color(f->late_fill, 0x9C0006);
    f->crit_font = new_format(wb, lang);
    format_set_font_color(f->crit_font, 0xC00000);
    f->pct_leave = new_format(wb, lang);
    format_set_num_format(f->pct_leave, "0%\" L\"");
    f->note = new_format(wb, lang);
    format_set_text_wrap(f->note);
    format_set_align(f->note, LXW_ALIGN_VERTICAL_CENTER);
    /* Green, amber, red: Excel's good / neutral / bad styles. */
    static const unsigned fill[3] = {0xC6EFCE, 0xFFEB9C, 0xFFC7CE};
    static const unsigned font[3] = {0x006100, 0x9C5700, 0x9C0006};
    for (int h = 0; h < 3; h++) {
        f->health[h] = new_format(wb, lang);
        format_set_bold(f->health[h]);
        format_set_font_size(f->health[h], 12);
        format_set_align(f->health[h], LXW_ALIGN_CENTER);
        format_set_align(f->health[h], LXW_ALIGN_VERTICAL_CENTER);
        format_set_bg_color(f->health[h], fill[h]);
        format_set_font_color(f->health[h], font[h]);
        format_set_border(f->health[h], LXW_BORDER_THIN);
        f->ratio_health[h] = new_format(wb, lang);
        format_set_num_format(f->ratio_health[h], "0.00");
        format_set_bg_color(f->ratio_health[h], fill[h]);
        format_set_font_color(f->ratio_health[h], font[h]);
    }
}

void pm_xlsx_date(lxw_worksheet *ws, int row, int col, pm_date d,
             lxw_format *fmt)
{
    if (d != PM_NO_DATE) {
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col,
                               pm_date_to_excel(d), fmt);
    }
}

void pm_xlsx_text(lxw_worksheet *ws, int row, int col, const char *s,
             lxw_format *fmt)
{
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s ? s : "",
                           fmt);
}

void pm_xlsx_num(lxw_worksheet *ws, int row, int col, double v, lxw_format *fmt)
{
    worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, fmt);
}

pm_date pm_xlsx_task_start(const pm_xlsx_report *x, int i)
{
    const pm_task_sched *ts = &x->s->tasks[i];
    return pm_calmap_start_date(&x->m, ts->start, ts->finish);
}

pm_date pm_xlsx_task_finish(const pm_xlsx_report *x, int i)
{
    const pm_task_sched *ts = &x->s->tasks[i];
    return pm_calmap_finish_date(&x->m, ts->start, ts->finish);
}

/* At risk: not finished, not late, and either behind its baseline finish,
 * with less than three working days of float left, or with a deadline
 * the simulation meets in under half its runs. */
bool pm_xlsx_at_risk(const pm_xlsx_report *x, int i)
{
    const pm_task *t = &x->p->tasks[i];
    const pm_task_sched *ts = &x->s->tasks[i];
    const pm_task_variance *tv = &x->v->tasks[i];
    int spd = x->p->cal.slots_per_day;
    return !pm_task_is_summary(t) && !pm_task_done(t) && !ts->late &&
           ((tv->in_baseline && tv->finish_var > 0) ||
            (!ts->critical && ts->total_float < 3 * spd) ||
            pm_outlook_deadline_unlikely(x->o->outlook, i));
}

static const char *task_state(const pm_xlsx_report *x, const pm_task *t,
                              const pm_task_sched *ts)
{
    if (pm_task_done(t)) {
        return XTR("done");
    }
    if (pm_task_started(t)) {
        return XTR("in progress");
    }
    return ts->overdue ? XTR("overdue") : XTR("not started");
}

/* Columns of the Tasks sheet, in order. */
enum {
    TC_WBS, TC_ID, TC_NAME, TC_OWNER, TC_ASSIGNED, TC_PRIORITY, TC_STATE,
    TC_PERCENT, TC_ACT_START, TC_ACT_FINISH, TC_START, TC_FINISH,
    TC_BASE_START, TC_BASE_FINISH, TC_START_VAR, TC_FINISH_VAR, TC_MOVED,
    TC_DAYS, TC_TOTAL_FLOAT, TC_FREE_FLOAT, TC_CRITICAL, TC_DEADLINE,
    TC_LATE, TC_RISK, TC_COST, TC_N
};

/* The column letter of a Tasks column (all fit in A..Z). */
static char column_letter(int col)
{
    return (char)('A' + col);
}

/* Planned cost per task as the run recorded it (its budgets; summaries
 * sum their leaves), so a stored run's report shows what it showed then.
 * A new array the caller frees, or NULL. */
static double *run_costs(const pm_xlsx_report *x)
{
    const pm_project *p = x->p;
    const pm_run *cur = x->o->current;
    double *cost = calloc((size_t)p->n_tasks + 1, sizeof *cost);
    for (int i = p->n_tasks - 1; cost && i >= 0; i--) {
        if (!pm_task_is_summary(&p->tasks[i]) && i < cur->n_tasks) {
            cost[i] = cur->tasks[i].budget;
        }
        if (p->tasks[i].parent >= 0) {
            cost[p->tasks[i].parent] += cost[i];
        }
    }
    return cost;
}

static void tasks_sheet(pm_xlsx_report *x)
{
    static const char *const heads[TC_N] = {
        "WBS",           "ID",           "Name",
        "Owner",         "Assigned",     "Priority",
        "State",         "% complete",   "Actual start",
        "Actual finish", "Start",        "Finish",
        "Baseline start", "Baseline finish", "Start variance (d)",
        "Finish variance (d)", "Finish moved since last run (d)",
        "Duration (d)",  "Total float (d)", "Free float (d)",
        "Critical",      "Deadline",     "Late",
        "At risk",       "Cost"};
    static const double widths[TC_N] = {8,  14, 40, 12, 24, 8,  11, 9,
                                        12, 12, 12, 12, 12, 12, 10, 10,
                                        12, 9,  9,  9,  8,  12, 7,  8, 12};
    const pm_project *p = x->p;
    const pm_xlsx_formats *f = &x->f;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, XTR("Tasks"));
    pm_xlsx_header(x, ws, heads, widths, TC_N, TC_NAME + 1);
    double spd = p->cal.slots_per_day;
    double *cost = run_costs(x);
    bool priced = pm_project_priced(p);
    if (!priced) {
        pm_xlsx_text(ws, 0, TC_COST, XTR("Person-days"), f->head);
    }
    for (int i = 0; i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        const pm_task_sched *ts = &x->s->tasks[i];
        const pm_task_variance *tv = &x->v->tasks[i];
        int r = i + 1;
        bool sum = pm_task_is_summary(t);
        if (cost) {
            pm_xlsx_num(ws, r, TC_COST, cost[i], priced ? f->money : f->dec);
        }
        lxw_format *tf = sum ? f->bold_text : f->text;
        lxw_format *df = sum ? f->bold_date : f->date;
        char prio[4] = {'P', (char)('0' + t->priority), '\0'};
        char who[512] = "";
        pm_xlsx_text(ws, r, TC_WBS, t->wbs, tf);
        pm_xlsx_text(ws, r, TC_ID, t->id, tf);
        pm_xlsx_text(ws, r, TC_NAME, t->name, tf);
        pm_xlsx_text(ws, r, TC_OWNER,
                t->owner >= 0 ? p->resources[t->owner].name : "", f->text);
        if (!sum) {
            int n;
            pm_schedule_assignments_of(x->s, i, &n);
            pm_xlsx_text(ws, r, TC_ASSIGNED,
                    n > 0 ? pm_assigned_text(who, sizeof who, p, x->s, i)
                          : "",
                    f->text);
        }
        pm_xlsx_text(ws, r, TC_PRIORITY, prio, f->text);
        pm_xlsx_text(ws, r, TC_STATE, sum ? "" : task_state(x, t, ts), f->text);
        if (!sum) {
            pm_xlsx_num(ws, r, TC_PERCENT, tv->percent / 100.0, f->pct);
        }
        pm_xlsx_date(ws, r, TC_ACT_START, t->actual_start, f->date);
        pm_xlsx_date(ws, r, TC_ACT_FINISH, t->actual_finish, f->date);
        pm_xlsx_date(ws, r, TC_START, pm_xlsx_task_start(x, i), df);
        pm_xlsx_date(ws, r, TC_FINISH, pm_xlsx_task_finish(x, i), df);
        if (tv->in_baseline) {
            pm_xlsx_date(ws, r, TC_BASE_START, tv->base_start, df);
            pm_xlsx_date(ws, r, TC_BASE_FINISH, tv->base_finish, df);
            pm_xlsx_num(ws, r, TC_START_VAR, tv->start_var, f->var);
            pm_xlsx_num(ws, r, TC_FINISH_VAR, tv->finish_var, f->var);
        }
        if (tv->in_previous) {
            pm_xlsx_num(ws, r, TC_MOVED, tv->prev_finish_var, f->var);
        }
        pm_xlsx_num(ws, r, TC_DAYS, (ts->finish - ts->start) / spd, f->dec);
        if (pm_task_has_float(p, i)) {
            pm_xlsx_num(ws, r, TC_TOTAL_FLOAT, ts->total_float / spd, f->dec);
            pm_xlsx_num(ws, r, TC_FREE_FLOAT, ts->free_float / spd, f->dec);
        }
        pm_xlsx_text(ws, r, TC_CRITICAL, ts->critical ? XTR("yes") : XTR("no"), f->text);
        pm_xlsx_date(ws, r, TC_DEADLINE, t->deadline, f->date);
        pm_xlsx_text(ws, r, TC_LATE, ts->late ? XTR("yes") : XTR("no"), f->text);
        pm_xlsx_text(ws, r, TC_RISK, pm_xlsx_at_risk(x, i) ? XTR("yes") : XTR("no"), f->text);
    }
    free(cost);
    int last = p->n_tasks;
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)last, TC_N - 1);
    if (last > 0) {
        char late_rule[64], crit_rule[128];
        snprintf(late_rule, sizeof late_rule, "=$%c2=\"%s\"",
                 column_letter(TC_LATE), XTR("yes"));
        snprintf(crit_rule, sizeof crit_rule,
                 "=AND($%c2=\"%s\",$%c2<>\"%s\")", column_letter(TC_CRITICAL),
                 XTR("yes"), column_letter(TC_STATE), XTR("done"));
        lxw_conditional_format late = {0};
        late.type = LXW_CONDITIONAL_TYPE_FORMULA;
        late.value_string = late_rule;
        late.format = f->late_fill;
        late.stop_if_true = 1;
        worksheet_conditional_format_range(ws, 1, 0, (lxw_row_t)last,
                                           TC_N - 1, &late);
        lxw_conditional_format crit = {0};
        crit.type = LXW_CONDITIONAL_TYPE_FORMULA;
        crit.value_string = crit_rule;
        crit.format = f->crit_font;
        worksheet_conditional_format_range(ws, 1, 0, (lxw_row_t)last,
                                           TC_N - 1, &crit);
    }
}

static void milestones_sheet(pm_xlsx_report *x)
{
    static const char *const heads[] = {
        "WBS", "ID", "Name", "Baseline", "Last run", "Forecast",
        "Variance to baseline (d)", "Moved since last run (d)", "Deadline",
        "State", "Why it moved"};
    static const double widths[] = {8,  14, 36, 12, 12, 12,
                                    12, 12, 12, 16, 70};
    enum { NCOL = sizeof heads / sizeof heads[0] };
    const pm_project *p = x->p;
    const pm_xlsx_formats *f = &x->f;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, XTR("Milestones"));
    pm_xlsx_header(x, ws, heads, widths, NCOL, 3); /* WBS, ID, name */
    int r = 1;
    for (int i = 0; i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        if (!t->milestone || pm_task_is_summary(t)) {
            continue;
        }
        const pm_task_variance *tv = &x->v->tasks[i];
        pm_xlsx_text(ws, r, 0, t->wbs, f->text);
        pm_xlsx_text(ws, r, 1, t->id, f->text);
        pm_xlsx_text(ws, r, 2, t->name, f->text);
        if (tv->in_baseline) {
            pm_xlsx_date(ws, r, 3, tv->base_finish, f->date);
            pm_xlsx_num(ws, r, 6, tv->finish_var, f->var);
        }
        if (tv->in_previous) {
            pm_xlsx_date(ws, r, 4, tv->prev_finish, f->date);
            pm_xlsx_num(ws, r, 7, tv->prev_finish_var, f->var);
        }
        pm_xlsx_date(ws, r, 5, pm_xlsx_task_finish(x, i), f->bold_date);
        pm_xlsx_date(ws, r, 8, t->deadline, f->date);
        pm_date status = x->o->status_date;
        const char *state =
            pm_task_done(t)        ? XTR("reached")
            : x->s->tasks[i].late ? XTR("late")
            : status != PM_NO_DATE && pm_xlsx_task_finish(x, i) < status
                ? XTR("past due, not reported reached")
            : tv->in_baseline && tv->finish_var > 0 ? XTR("slipping")
                                                     : XTR("on track");
        pm_xlsx_wrap(x, ws, r, 9, state, widths[9]);
        if (x->o->why && x->o->why[i]) {
            pm_xlsx_wrap(x, ws, r, 10, x->o->why[i], widths[10]);
        }
        r++;
    }
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)(r - 1), NCOL - 1);
}

/* Why task i moved since the last run, from the facts at hand. */
static const char *move_reason(const pm_xlsx_report *x, int i)
{
    const pm_task *t = &x->p->tasks[i];
    const pm_task_variance *tv = &x->v->tasks[i];
    if (pm_task_is_summary(t)) {
        return XTR("follows its subtasks");
    }
    if (pm_task_done(t)) {
        return t->actual_finish > tv->prev_finish
                   ? XTR("finished later than forecast")
                   : t->actual_finish < tv->prev_finish
                         ? XTR("finished earlier than forecast")
                         : XTR("finished as forecast");
    }
    if (x->s->tasks[i].overdue) {
        return XTR("did not start as planned; moved to the status date");
    }
    if (pm_task_started(t) && t->actual_start > tv->prev_start) {
        return XTR("started later than forecast");
    }
    if (pm_task_started(t) && tv->prev_finish_var > 0) {
        return XTR("remaining work is more than forecast");
    }
    if (pm_task_started(t)) {
        return XTR("progress ahead of forecast");
    }
    return tv->prev_start_var != 0
               ? XTR("its predecessors or people moved")
               : XTR("duration changed");
}

static void changes_sheet(pm_xlsx_report *x)
{
    static const char *const heads[] = {
        "Change", "WBS", "ID", "Name", "Last start", "Last finish", "Start",
        "Finish", "Start moved (d)", "Finish moved (d)", "Why"};
    static const double widths[] = {10, 8, 14, 36, 12, 12,
                                    12, 12, 10, 10, 80};
    enum { NCOL = sizeof heads / sizeof heads[0] };
    const pm_project *p = x->p;
    const pm_variance *v = x->v;
    const pm_xlsx_formats *f = &x->f;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, XTR("Changes"));
    pm_xlsx_header(x, ws, heads, widths, NCOL, 4); /* to the name */
    int r = 1;
    if (!v->previous) {
        pm_xlsx_text(ws, r++, 0,
                     XTR("First run of this project: nothing to compare."),
                f->text);
        return;
    }
    for (int i = 0; i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        const pm_task_variance *tv = &v->tasks[i];
        const char *what = NULL, *why = NULL;
        if (!tv->in_previous) {
            what = XTR("added");
            why = XTR("new in the project file");
        } else if (tv->prev_start_var != 0 || tv->prev_finish_var != 0) {
            what = XTR("moved");
            why = x->o->why && x->o->why[i] ? x->o->why[i]
                                            : move_reason(x, i);
        } else {
            continue;
        }
        pm_xlsx_text(ws, r, 0, what, f->text);
        pm_xlsx_text(ws, r, 1, t->wbs, f->text);
        pm_xlsx_text(ws, r, 2, t->id, f->text);
        pm_xlsx_text(ws, r, 3, t->name, f->text);
        if (tv->in_previous) {
            pm_xlsx_date(ws, r, 4, tv->prev_start, f->date);
            pm_xlsx_date(ws, r, 5, tv->prev_finish, f->date);
            pm_xlsx_num(ws, r, 8, tv->prev_start_var, f->var);
            pm_xlsx_num(ws, r, 9, tv->prev_finish_var, f->var);
        }
        pm_xlsx_date(ws, r, 6, pm_xlsx_task_start(x, i), f->date);
        pm_xlsx_date(ws, r, 7, pm_xlsx_task_finish(x, i), f->date);
        pm_xlsx_wrap(x, ws, r, 10, why, widths[10]);
        r++;
    }
    for (int k = 0; k < v->n_removed; k++) {
        const pm_run_task *t = &v->previous->tasks[v->removed[k]];
        pm_xlsx_text(ws, r, 0, XTR("removed"), f->text);
        pm_xlsx_text(ws, r, 1, t->wbs, f->text);
        pm_xlsx_text(ws, r, 2, t->task_id, f->text);
        pm_xlsx_text(ws, r, 3, t->name, f->text);
        pm_xlsx_date(ws, r, 4, t->start, f->date);
        pm_xlsx_date(ws, r, 5, t->finish, f->date);
        pm_xlsx_text(ws, r, 10, XTR("no longer in the project file"), f->text);
        r++;
    }
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)(r - 1), NCOL - 1);
}

int pm_render_xlsx(const char *path, const pm_project *p,
                   const pm_schedule *s, const pm_report_opts *o,
                   pm_atomic *pending, pm_diag *diag)
{
    pm_atomic a;
    int rc = pm_atomic_begin(&a, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    pm_xlsx_report x = {.p = p, .s = s, .o = o};
    pm_variance none = {0};
    pm_report_opts own = *o;
    pm_run captured = {0};
    if (pm_calmap_init(&x.m, &p->cal, p->start) != PM_OK ||
        (!o->current && pm_run_capture(&captured, p, s, "", "") != PM_OK) ||
        (!o->variance &&
         pm_variance_compute(&none, o->current ? o->current : &captured,
                             NULL, NULL, NULL) != PM_OK)) {
        pm_run_reset(&captured);
        pm_calmap_reset(&x.m);
        pm_atomic_abort(&a);
        return PM_ENOMEM;
    }
    if (!o->current) {
        own.current = &captured;
    }
    x.o = &own;
    x.v = o->variance ? o->variance : &none;
    x.wb = workbook_new(a.tmp_path);
    if (!x.wb) {
        pm_diag_error(diag, NULL, "cannot write '%s'", path);
        pm_run_reset(&captured);
        pm_variance_reset(&none);
        pm_calmap_reset(&x.m);
        pm_atomic_abort(&a);
        return PM_EIO;
    }
    lxw_doc_properties props = {0};
    props.title = p->name;
    props.comments = "Created by planner";
    workbook_set_properties(x.wb, &props);
    pm_xlsx_formats_init(x.wb, &x.f, p->language);
    int chart_row;
    lxw_worksheet *summary = pm_xlsx_summary_sheet(&x, &chart_row);
    tasks_sheet(&x);
    milestones_sheet(&x);
    pm_xlsx_outlook_sheet(&x);
    pm_xlsx_resources_sheet(&x);
    changes_sheet(&x);
    pm_xlsx_risks_sheet(&x);
    pm_xlsx_changes_register_sheet(&x);
    pm_xlsx_history_sheet(&x, summary, chart_row);
    lxw_error err = workbook_close(x.wb);
    pm_run_reset(&captured);
    pm_variance_reset(&none);
    pm_calmap_reset(&x.m);
    if (err != LXW_NO_ERROR) {
        pm_diag_error(diag, NULL, "cannot write '%s': %s", path,
                      lxw_strerror(err));
    }
    return pm_atomic_finish(&a, err == LXW_NO_ERROR ? PM_OK : PM_EIO,
                            pending, diag);
}
