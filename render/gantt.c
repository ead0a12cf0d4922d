/* render/gantt.c - the Gantt chart as PDF (cairo + pango).
 *
 * Page layout, top to bottom: header (project, status date, generation
 * date), timeline header (two rows: months over days or weeks, or years over
 * months, chosen from the span and the page width), one row per task, footer
 * (legend, page i of n). Left of the timeline, the WBS grid: code, name
 * (indented by level, ellipsized), owner, start, finish. Rows that do not fit
 * continue on the next page with both headers repeated. Text goes through
 * pango with fontconfig fallback, so Chinese and Latin names render in one
 * chart, and cairo embeds the font subsets in the PDF. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/calendar.h"
#include "render/assigned.h"
#include "render/atomic.h"
#include "render/load.h"
#include "render/render.h"

#define FONT "Noto Sans CJK SC, Noto Sans, DejaVu Sans, Sans"
#define MARGIN 28.0
#define HEADER_H 36.0
#define FOOTER_H 22.0
#define SCALE_H 30.0 /* two timeline header rows */
#define ROW_H 15.0
#define PAD 4.0

typedef struct {
    double r, g, b;
} rgb;

static const rgb C_TEXT = {0.10, 0.10, 0.12};
static const rgb C_MUTED = {0.40, 0.40, 0.45};
static const rgb C_GRID = {0.82, 0.83, 0.86};
static const rgb C_STRIPE = {0.965, 0.97, 0.98};
static const rgb C_HEAD = {0.90, 0.93, 0.97};
static const rgb C_NONWORK = {0.92, 0.92, 0.92};
static const rgb C_BAR = {0.26, 0.47, 0.76};
static const rgb C_CRIT = {0.80, 0.16, 0.14};
static const rgb C_SUMMARY = {0.15, 0.15, 0.18};
static const rgb C_LINK = {0.35, 0.38, 0.45};
static const rgb C_STATUS = {0.10, 0.55, 0.25};
static const rgb C_DEADLINE = {0.85, 0.45, 0.05};
static const rgb C_BASELINE = {0.62, 0.64, 0.68};
static const rgb C_DONE = {0.10, 0.22, 0.40};      /* progress on a bar */
static const rgb C_DONE_CRIT = {0.45, 0.05, 0.05};
static const rgb C_LOAD = {0.30, 0.62, 0.42};
static const rgb C_OVER = {0.86, 0.20, 0.16};
#define RES_ROW_H 30.0

static const char *const col_titles[PM_GANTT_NCOLS] = {
    "WBS", "Name", "Owner", "Start", "Finish", "Days", "Done"};
#define N_COLS PM_GANTT_NCOLS
enum { COL_WBS = PM_COL_WBS, COL_NAME = PM_COL_NAME, COL_OWNER = PM_COL_OWNER,
       COL_START = PM_COL_START, COL_FINISH = PM_COL_FINISH,
       COL_DAYS = PM_COL_DAYS, COL_DONE = PM_COL_DONE };
static const rgb C_TODAY = {0.85, 0.10, 0.45};

typedef struct {
    const pm_project *p;
    const pm_schedule *s;
    const pm_gantt_opts *o;
    pm_calmap map;
    cairo_t *cr;
    PangoLayout *lay;
    PangoFontDescription *font, *bold, *small, *title;
    double col_x[N_COLS + 1]; /* grid column edges */
    double tl_x0, tl_x1;      /* timeline left and right, points */
    double t0, t1;            /* timeline span, days since 1970-01-01 */
    double body_y;            /* top of the first task row */
    int rows_per_page;
    int task_pages;           /* pages of task rows (per time band) */
    int pages;                /* task pages, then resource pages, each
                                 row band once per time band */
    bool col_on[N_COLS];
    int *rows;                /* task index of each visible row */
    int n_rows;
    int *row_of;              /* visible row of each task (hidden: its
                                 nearest visible ancestor's) */
    double ppd;               /* points per day */
    double span0, span1;      /* whole timeline, days since 1970 */
    int bands;                /* time bands (tiles) across */
    pm_load load;             /* weekly load for the resource pages */
    int res_rows, res_per_page;
    int scale;                /* 0 days, 1 weeks, 2 months */
} gantt;

static void set_rgb(cairo_t *cr, rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Draws s in box (x, y, w, h): align 0 left, 1 center, 2 right; w > 0
 * ellipsizes at the end. Returns the width used. */
static double text(gantt *g, const char *s, double x, double y, double w,
                   double h, int align, const PangoFontDescription *font,
                   rgb color)
{
    pango_layout_set_font_description(g->lay, font);
    pango_layout_set_text(g->lay, s, -1);
    pango_layout_set_width(g->lay, w > 0 ? (int)(w * PANGO_SCALE) : -1);
    pango_layout_set_ellipsize(g->lay, w > 0 ? PANGO_ELLIPSIZE_END
                                             : PANGO_ELLIPSIZE_NONE);
    pango_layout_set_alignment(g->lay, align == 0   ? PANGO_ALIGN_LEFT
                                       : align == 1 ? PANGO_ALIGN_CENTER
                                                    : PANGO_ALIGN_RIGHT);
    int tw, th;
    pango_layout_get_pixel_size(g->lay, &tw, &th);
    set_rgb(g->cr, color);
    cairo_move_to(g->cr, x, y + (h - th) / 2.0);
    pango_cairo_show_layout(g->cr, g->lay);
    return tw;
}

static double text_width(gantt *g, const char *s,
                         const PangoFontDescription *font)
{
    pango_layout_set_font_description(g->lay, font);
    pango_layout_set_width(g->lay, -1);
    pango_layout_set_text(g->lay, s, -1);
    int tw, th;
    pango_layout_get_pixel_size(g->lay, &tw, &th);
    return tw;
}

static double x_of(const gantt *g, double t)
{
    return g->tl_x0 + (t - g->t0) / (g->t1 - g->t0) * (g->tl_x1 - g->tl_x0);
}

static void cell_text(gantt *g, int i, int col, char *buf, size_t n)
{
    const pm_task *t = &g->p->tasks[i];
    const pm_task_sched *ts = &g->s->tasks[i];
    switch (col) {
    case COL_WBS:
        snprintf(buf, n, "%s", t->wbs);
        break;
    case COL_NAME:
        snprintf(buf, n, "%s", t->name);
        break;
    case COL_OWNER:
        snprintf(buf, n, "%s",
                 t->owner >= 0 ? g->p->resources[t->owner].name : "");
        break;
    case COL_START:
        pm_date_format(pm_calmap_start_date(&g->map, ts->start, ts->finish),
                       buf);
        break;
    case COL_FINISH:
        pm_date_format(pm_calmap_finish_date(&g->map, ts->start, ts->finish),
                       buf);
        break;
    case COL_DAYS:
        snprintf(buf, n, "%g", (double)(ts->finish - ts->start) /
                                   (g->p->cal.slots_per_day > 0
                                        ? g->p->cal.slots_per_day
                                        : 1));
        break;
    default:
        if (g->o->variance && !pm_task_is_summary(t)) {
            snprintf(buf, n, "%d%%", g->o->variance->tasks[i].percent);
        } else {
            buf[0] = '\0';
        }
        break;
    }
}

/* Column widths from the content, with caps so the timeline keeps room. */
static void layout_columns(gantt *g)
{
    static const double cap[N_COLS] = {60, 230, 90, 70, 70, 40, 40};
    double w[N_COLS];
    char buf[512];
    for (int c = 0; c < N_COLS; c++) {
        w[c] = text_width(g, col_titles[c], g->bold);
    }
    for (int r = 0; r < g->n_rows; r++) {
        int i = g->rows[r];
        for (int c = 0; c < N_COLS; c++) {
            if (!g->col_on[c]) {
                continue;
            }
            cell_text(g, i, c, buf, sizeof buf);
            bool sum = pm_task_is_summary(&g->p->tasks[i]);
            double tw = text_width(g, buf, sum ? g->bold : g->font);
            if (c == COL_NAME) {
                tw += g->p->tasks[i].level * 8.0;
            }
            w[c] = tw > w[c] ? tw : w[c];
        }
    }
    g->col_x[0] = MARGIN;
    for (int c = 0; c < N_COLS; c++) {
        double cw = (w[c] < cap[c] ? w[c] : cap[c]) + 2 * PAD;
        g->col_x[c + 1] = g->col_x[c] + (g->col_on[c] ? cw : 0);
    }
}

static void layout_time(gantt *g)
{
    const pm_schedule *s = g->s;
    double lo = pm_calmap_slot_begin(&g->map, 0), hi = lo + 1;
    for (int i = 0; i < s->n_tasks; i++) {
        double e = s->tasks[i].finish > s->tasks[i].start
                       ? pm_calmap_slot_end(&g->map, s->tasks[i].finish - 1)
                       : pm_calmap_slot_begin(&g->map, s->tasks[i].start);
        hi = e > hi ? e : hi;
        if (g->p->tasks[i].deadline != PM_NO_DATE) {
            double d = g->p->tasks[i].deadline + 1.0;
            hi = d > hi && d < hi + 370 ? d : hi;
        }
    }
    if (g->o->status_date != PM_NO_DATE) {
        double sd = g->o->status_date;
        if (sd > lo - 60 && sd < hi + 60) {
            lo = sd < lo ? sd : lo;
            hi = sd + 1 > hi ? sd + 1 : hi;
        }
    }
    /* A little air on both sides. */
    double span = hi - lo;
    g->span0 = floor(lo - 1 - span * 0.01);
    g->span1 = ceil(hi + 2 + span * 0.02);
    g->tl_x0 = g->col_x[N_COLS] + 6;
    g->tl_x1 = g->o->page_w - MARGIN;
    double avail = g->tl_x1 - g->tl_x0;
    static const double scale_ppd[] = {14, 2.6, 0.9, 0.3};
    double fit = avail / (g->span1 - g->span0);
    if (g->o->scale >= 0 && g->o->scale <= 3 && !g->o->fit) {
        /* A chosen scale keeps its size: the timeline is tiled. */
        g->scale = g->o->scale;
        g->ppd = scale_ppd[g->scale] > fit ? scale_ppd[g->scale] : fit;
    } else {
        g->ppd = fit;
        g->scale = g->o->scale >= 0 && g->o->scale <= 3 ? g->o->scale
                   : fit >= 13                          ? 0
                   : fit >= 2.2                         ? 1
                   : fit >= 0.6                         ? 2
                                                        : 3;
    }
    double days = avail / g->ppd;
    g->bands = (int)ceil((g->span1 - g->span0) / days - 1e-9);
    g->bands = g->bands < 1 ? 1 : g->bands > 200 ? 200 : g->bands;
    g->t0 = g->span0;
    g->t1 = g->span0 + days;
}

/* Shows time band b (0 .. bands-1). */
static void set_band(gantt *g, int b)
{
    double days = (g->tl_x1 - g->tl_x0) / g->ppd;
    g->t0 = g->span0 + b * days;
    g->t1 = g->t0 + days;
}

static void nonworking_days(gantt *g, double y0, double y1)
{
    double ppd = (g->tl_x1 - g->tl_x0) / (g->t1 - g->t0);
    if (ppd < 1.5) {
        return;
    }
    set_rgb(g->cr, C_NONWORK);
    for (pm_date d = (pm_date)g->t0; d < (pm_date)g->t1; d++) {
        if (!pm_calendar_is_workday(&g->p->cal, d)) {
            cairo_rectangle(g->cr, x_of(g, d), y0, ppd, y1 - y0);
        }
    }
    cairo_fill(g->cr);
}

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr",
                                           "May", "Jun", "Jul", "Aug",
                                           "Sep", "Oct", "Nov", "Dec"};

/* Two header rows over the timeline and the vertical guides below them. */
static void time_scale(gantt *g, double y, double body_bottom)
{
    cairo_t *cr = g->cr;
    double h = SCALE_H / 2;
    set_rgb(cr, C_HEAD);
    cairo_rectangle(cr, g->tl_x0, y, g->tl_x1 - g->tl_x0, SCALE_H);
    cairo_fill(cr);
    cairo_set_line_width(cr, 0.5);
    char buf[32];
    /* Upper row: months (day and week scales) or years (month scale). */
    for (pm_date d = (pm_date)g->t0; d < (pm_date)g->t1;) {
        int yy, mm, dd;
        pm_date_to_ymd(d, &yy, &mm, &dd);
        pm_date next = g->scale >= 2 ? pm_date_from_ymd(yy + 1, 1, 1)
                       : mm == 12    ? pm_date_from_ymd(yy + 1, 1, 1)
                                     : pm_date_from_ymd(yy, mm + 1, 1);
        double xa = x_of(g, d), xb = x_of(g, next < g->t1 ? next : g->t1);
        if (g->scale >= 2) {
            snprintf(buf, sizeof buf, "%d", yy);
        } else {
            snprintf(buf, sizeof buf, "%s %d", month_abbr[mm - 1], yy);
        }
        if (xb - xa > 12) {
            text(g, buf, xa + 2, y, xb - xa - 4, h, 0, g->small, C_TEXT);
        }
        set_rgb(cr, C_GRID);
        cairo_move_to(cr, xa, y);
        cairo_line_to(cr, xa, body_bottom);
        cairo_stroke(cr);
        d = next;
    }
    /* Lower row: days, ISO weeks (Monday's day of month) or months. */
    for (pm_date d = (pm_date)g->t0; d < (pm_date)g->t1;) {
        int yy, mm, dd;
        pm_date_to_ymd(d, &yy, &mm, &dd);
        pm_date next;
        if (g->scale == 0) {
            next = d + 1;
            snprintf(buf, sizeof buf, "%d", dd);
        } else if (g->scale == 1) {
            next = d + 7 - pm_date_weekday(d);
            snprintf(buf, sizeof buf, "%d", dd);
        } else if (g->scale == 2) {
            next = mm == 12 ? pm_date_from_ymd(yy + 1, 1, 1)
                            : pm_date_from_ymd(yy, mm + 1, 1);
            snprintf(buf, sizeof buf, "%s", month_abbr[mm - 1]);
        } else {
            int q = (mm - 1) / 3;
            next = q == 3 ? pm_date_from_ymd(yy + 1, 1, 1)
                          : pm_date_from_ymd(yy, q * 3 + 4, 1);
            snprintf(buf, sizeof buf, "Q%d", q + 1);
        }
        double xa = x_of(g, d), xb = x_of(g, next < g->t1 ? next : g->t1);
        if (xb - xa > 9) {
            text(g, buf, xa, y + h, xb - xa, h, 1, g->small, C_MUTED);
        }
        set_rgb(cr, C_GRID);
        cairo_move_to(cr, xa, y + h);
        cairo_line_to(cr, xa, y + SCALE_H);
        cairo_stroke(cr);
        d = next;
    }
    set_rgb(cr, C_GRID);
    cairo_move_to(cr, g->tl_x0, y + h);
    cairo_line_to(cr, g->tl_x1, y + h);
    cairo_stroke(cr);
}

static void diamond(cairo_t *cr, double x, double y, double r)
{
    cairo_move_to(cr, x, y - r);
    cairo_line_to(cr, x + r, y);
    cairo_line_to(cr, x, y + r);
    cairo_line_to(cr, x - r, y);
    cairo_close_path(cr);
}

/* Bar ends of task i in points; a milestone has x0 == x1. */
static void bar_x(const gantt *g, int i, double *x0, double *x1)
{
    const pm_task_sched *ts = &g->s->tasks[i];
    if (ts->finish <= ts->start) {
        double t = ts->start > 0 ? pm_calmap_slot_end(&g->map, ts->start - 1)
                                 : pm_calmap_slot_begin(&g->map, 0);
        *x0 = *x1 = x_of(g, t);
        return;
    }
    *x0 = x_of(g, pm_calmap_slot_begin(&g->map, ts->start));
    *x1 = x_of(g, pm_calmap_slot_end(&g->map, ts->finish - 1));
}

static void draw_bar(gantt *g, int i, double y)
{
    cairo_t *cr = g->cr;
    const pm_task *t = &g->p->tasks[i];
    const pm_task_sched *ts = &g->s->tasks[i];
    double x0, x1, mid = y + ROW_H / 2;
    bar_x(g, i, &x0, &x1);
    if (pm_task_is_summary(t)) {
        set_rgb(cr, C_SUMMARY);
        cairo_rectangle(cr, x0, mid - 3, x1 - x0, 4);
        cairo_fill(cr);
        for (int k = 0; k < 2; k++) {
            double x = k ? x1 : x0;
            cairo_move_to(cr, x, mid + 1);
            cairo_line_to(cr, x + (k ? -4 : 4), mid + 1);
            cairo_line_to(cr, x, mid + 5);
            cairo_close_path(cr);
            cairo_fill(cr);
        }
    } else if (t->milestone) {
        set_rgb(cr, ts->critical ? C_CRIT : C_SUMMARY);
        diamond(cr, x0, mid, 4.5);
        cairo_fill(cr);
    } else {
        const pm_task_variance *tv = g->o->variance
                                         ? &g->o->variance->tasks[i]
                                         : NULL;
        bool base = tv && tv->in_baseline && g->o->baseline_bars;
        double top = base ? mid - 5.5 : mid - 4.5, h = base ? 7.5 : 9;
        double w = x1 - x0 < 1.5 ? 1.5 : x1 - x0;
        if (base) { /* the baseline, thin and grey, under the bar */
            double b0 = x_of(g, tv->base_start);
            double b1 = x_of(g, tv->base_finish + 1.0);
            set_rgb(cr, C_BASELINE);
            cairo_rectangle(cr, b0, mid + 2.8, b1 - b0 > 1.5 ? b1 - b0 : 1.5,
                            3);
            cairo_fill(cr);
        }
        set_rgb(cr, ts->critical ? C_CRIT : C_BAR);
        cairo_rectangle(cr, x0, top, w, h);
        cairo_fill(cr);
        if (tv && tv->percent > 0) { /* done so far, darker */
            set_rgb(cr, ts->critical ? C_DONE_CRIT : C_DONE);
            cairo_rectangle(cr, x0, top + h / 2 - 1.5, w * tv->percent / 100,
                            3);
            cairo_fill(cr);
        }
        if (ts->late) {
            set_rgb(cr, C_DEADLINE);
            cairo_set_line_width(cr, 1.2);
            cairo_rectangle(cr, x0, top, w, h);
            cairo_stroke(cr);
        }
        if (g->o->float_tails && !ts->critical && ts->total_float > 0 &&
            ts->total_float < 100000 && !pm_task_started(t)) {
            double xf = x_of(g, pm_calmap_slot_end(
                                    &g->map, ts->finish - 1 +
                                                 ts->total_float));
            set_rgb(cr, C_BAR);
            cairo_set_line_width(cr, 0.8);
            cairo_move_to(cr, x1, mid);
            cairo_line_to(cr, xf, mid);
            cairo_move_to(cr, xf, mid - 2.5);
            cairo_line_to(cr, xf, mid + 2.5);
            cairo_stroke(cr);
        }
    }
    if (t->deadline != PM_NO_DATE) {
        double xd = x_of(g, t->deadline + 1.0);
        if (xd >= g->tl_x0 && xd <= g->tl_x1) {
            set_rgb(cr, C_DEADLINE);
            cairo_move_to(cr, xd - 3.5, y + 1);
            cairo_line_to(cr, xd + 3.5, y + 1);
            cairo_line_to(cr, xd, y + 6);
            cairo_close_path(cr);
            cairo_fill(cr);
            cairo_set_line_width(cr, 0.8);
            cairo_move_to(cr, xd, y + 6);
            cairo_line_to(cr, xd, y + ROW_H - 1);
            cairo_stroke(cr);
        }
    }
    char who[256];
    pm_assigned_text(who, sizeof who, g->p, g->s, i);
    if (who[0] && !pm_task_is_summary(t)) {
        double room = g->tl_x1 - x1 - 8;
        if (room > 20) {
            text(g, who, x1 + (t->milestone ? 7 : 3), y, room, ROW_H, 0,
                 g->small, C_MUTED);
        }
    }
}

/* A link whose other end is on another page: a short stub at this end,
 * pointing up or down to the page of the other task, labelled with its WBS
 * code, so nothing is lost when rows run over pages. */
static void draw_link_stub(gantt *g, const pm_dep *d, bool here_is_pred,
                           double y)
{
    cairo_t *cr = g->cr;
    int here = here_is_pred ? d->pred : d->succ;
    int there = here_is_pred ? d->succ : d->pred;
    double x0, x1;
    bar_x(g, here, &x0, &x1);
    bool at_finish = here_is_pred
                         ? d->type == PM_DEP_FS || d->type == PM_DEP_FF
                         : d->type == PM_DEP_FF || d->type == PM_DEP_SF;
    double x = at_finish ? x1 : x0, mid = y + ROW_H / 2;
    double xs = at_finish ? x + 6 : x - 6;
    bool down = there > here;
    double ye = down ? y + ROW_H : y;
    set_rgb(cr, C_LINK);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, x, mid);
    cairo_line_to(cr, xs, mid);
    cairo_line_to(cr, xs, ye);
    cairo_stroke(cr);
    double dir = down ? 1 : -1;
    if (here_is_pred) { /* the arrow leaves towards the other page */
        cairo_move_to(cr, xs, ye);
        cairo_line_to(cr, xs - 2, ye - 3 * dir);
        cairo_line_to(cr, xs + 2, ye - 3 * dir);
    } else {            /* it arrives at this task */
        cairo_move_to(cr, x, mid);
        cairo_line_to(cr, x + (at_finish ? 3.5 : -3.5), mid - 2.2);
        cairo_line_to(cr, x + (at_finish ? 3.5 : -3.5), mid + 2.2);
    }
    cairo_close_path(cr);
    cairo_fill(cr);
    char label[64];
    snprintf(label, sizeof label, "%s %s", here_is_pred ? "to" : "from",
             g->p->tasks[there].wbs);
    text(g, label, xs + (at_finish ? 2 : -52), down ? mid : y - 2, 50,
         ROW_H / 2 + 2, at_finish ? 0 : 2, g->small, C_LINK);
}

/* Orthogonal link from task a to task b (both on this page). */
static void draw_link(gantt *g, const pm_dep *d, double ya, double yb)
{
    cairo_t *cr = g->cr;
    double a0, a1, b0, b1;
    bar_x(g, d->pred, &a0, &a1);
    bar_x(g, d->succ, &b0, &b1);
    bool from_finish = d->type == PM_DEP_FS || d->type == PM_DEP_FF;
    bool to_start = d->type == PM_DEP_FS || d->type == PM_DEP_SS;
    double xa = from_finish ? a1 : a0, xb = to_start ? b0 : b1;
    double ma = ya + ROW_H / 2, mb = yb + ROW_H / 2;
    double gap = g->p->tasks[d->succ].milestone ? 5 : 1;
    set_rgb(cr, C_LINK);
    cairo_set_line_width(cr, 0.6);
    double out = from_finish ? xa + 4 : xa - 4;
    cairo_move_to(cr, xa, ma);
    cairo_line_to(cr, out, ma);
    if (to_start) {
        double tip = xb - gap;
        if (tip - 4 >= out || (!from_finish && tip - 4 >= out - 8)) {
            double xm = tip - 4 < out ? tip - 4 : out;
            cairo_line_to(cr, xm, ma);
            cairo_line_to(cr, xm, mb);
        } else {
            double yc = mb > ma ? yb : yb + ROW_H; /* row border */
            cairo_line_to(cr, out, yc);
            cairo_line_to(cr, tip - 4, yc);
            cairo_line_to(cr, tip - 4, mb);
        }
        cairo_line_to(cr, tip, mb);
        cairo_stroke(cr);
        cairo_move_to(cr, tip, mb);
        cairo_line_to(cr, tip - 3.5, mb - 2.2);
        cairo_line_to(cr, tip - 3.5, mb + 2.2);
    } else {
        double tip = xb + gap;
        double xm = (out > tip + 4 ? out : tip + 4);
        cairo_line_to(cr, xm, ma);
        cairo_line_to(cr, xm, mb);
        cairo_line_to(cr, tip, mb);
        cairo_stroke(cr);
        cairo_move_to(cr, tip, mb);
        cairo_line_to(cr, tip + 3.5, mb - 2.2);
        cairo_line_to(cr, tip + 3.5, mb + 2.2);
    }
    cairo_close_path(cr);
    cairo_fill(cr);
}

static void page_header(gantt *g, int page)
{
    (void)page;
    char buf[160], a[11], b[11];
    double w = g->o->page_w - 2 * MARGIN;
    text(g, g->p->name ? g->p->name : "", MARGIN, MARGIN, w * 0.6, 22, 0,
         g->title, C_TEXT);
    snprintf(buf, sizeof buf, "Status date %s    Generated %s",
             g->o->status_date != PM_NO_DATE
                 ? pm_date_format(g->o->status_date, a)
                 : "-",
             g->o->generated != PM_NO_DATE ? pm_date_format(g->o->generated,
                                                            b)
                                           : "-");
    text(g, buf, MARGIN + w * 0.4, MARGIN, w * 0.6, 22, 2, g->font, C_MUTED);
    pm_date_format(pm_calmap_slot_date(&g->map, 0), a);
    pm_date_format(pm_calmap_finish_date(&g->map, 0, g->s->makespan), b);
    snprintf(buf, sizeof buf, "%s \xe2\x80\x93 %s, %g working days", a, b,
             pm_days_of_slots(g->p, g->s->makespan));
    text(g, buf, MARGIN, MARGIN + 20, w, 12, 0, g->small, C_MUTED);
}

static void page_footer(gantt *g, int page)
{
    cairo_t *cr = g->cr;
    double y = g->o->page_h - MARGIN - FOOTER_H + 6, x = MARGIN;
    char buf[96];
    const struct {
        const char *label;
        int kind;
        rgb c;
    } items[] = {{"Task", 0, C_BAR},         {"Critical", 0, C_CRIT},
                 {"Summary", 1, C_SUMMARY},  {"Milestone", 2, C_SUMMARY},
                 {"Deadline", 3, C_DEADLINE}, {"Status date", 4, C_STATUS},
                 {"Progress", 5, C_DONE},     {"Baseline", 6, C_BASELINE}};
    size_t n_items = sizeof items / sizeof items[0];
    if (!g->o->variance) {
        n_items -= 2;
    } else if (!g->o->baseline_bars) {
        n_items -= 1;
    }
    for (size_t k = 0; k < n_items; k++) {
        set_rgb(cr, items[k].c);
        double mid = y + 7;
        switch (items[k].kind) {
        case 0:
            cairo_rectangle(cr, x, mid - 4, 18, 8);
            cairo_fill(cr);
            break;
        case 1:
            cairo_rectangle(cr, x, mid - 2, 18, 4);
            cairo_fill(cr);
            break;
        case 2:
            diamond(cr, x + 9, mid, 4.5);
            cairo_fill(cr);
            break;
        case 5:
            set_rgb(cr, C_BAR);
            cairo_rectangle(cr, x, mid - 4, 18, 8);
            cairo_fill(cr);
            set_rgb(cr, C_DONE);
            cairo_rectangle(cr, x, mid - 1.5, 11, 3);
            cairo_fill(cr);
            break;
        case 6:
            cairo_rectangle(cr, x, mid - 1.5, 18, 3);
            cairo_fill(cr);
            break;
        case 3:
            cairo_move_to(cr, x + 5.5, mid - 4);
            cairo_line_to(cr, x + 12.5, mid - 4);
            cairo_line_to(cr, x + 9, mid + 1);
            cairo_close_path(cr);
            cairo_fill(cr);
            break;
        default:
            cairo_set_line_width(cr, 1.2);
            cairo_move_to(cr, x + 9, mid - 6);
            cairo_line_to(cr, x + 9, mid + 6);
            cairo_stroke(cr);
            break;
        }
        x += 22;
        x += text(g, items[k].label, x, y, 0, 14, 0, g->small, C_TEXT) + 14;
    }
    if (g->bands > 1) {
        snprintf(buf, sizeof buf, "Page %d of %d \xc2\xb7 rows %d, time %d/%d",
                 page + 1, g->pages, page / g->bands + 1,
                 page % g->bands + 1, g->bands);
    } else {
        snprintf(buf, sizeof buf, "Page %d of %d", page + 1, g->pages);
    }
    text(g, buf, g->o->page_w - MARGIN - 220, y, 220, 14, 2, g->small,
         C_TEXT);
}

static void draw_page(gantt *g, int page)
{
    cairo_t *cr = g->cr;
    int band = page % g->bands;
    int first = page / g->bands * g->rows_per_page;
    int last = first + g->rows_per_page;
    if (last > g->n_rows) {
        last = g->n_rows;
    }
    set_band(g, band);
    double scale_y = MARGIN + HEADER_H;
    double y0 = g->body_y, y1 = y0 + (last - first) * ROW_H;
    page_header(g, page);
    /* Row stripes, non-working days, guides. */
    for (int i = first; i < last; i++) {
        if ((i - first) % 2 == 1) {
            set_rgb(cr, C_STRIPE);
            cairo_rectangle(cr, MARGIN, y0 + (i - first) * ROW_H,
                            g->tl_x1 - MARGIN, ROW_H);
            cairo_fill(cr);
        }
    }
    nonworking_days(g, y0, y1);
    time_scale(g, scale_y, y1);
    /* Grid header. */
    set_rgb(cr, C_HEAD);
    cairo_rectangle(cr, MARGIN, scale_y, g->col_x[N_COLS] - MARGIN, SCALE_H);
    cairo_fill(cr);
    for (int c = 0; c < N_COLS; c++) {
        if (g->col_on[c]) {
            text(g, col_titles[c], g->col_x[c] + PAD, scale_y + SCALE_H / 2,
                 g->col_x[c + 1] - g->col_x[c] - 2 * PAD, SCALE_H / 2, 0,
                 g->bold, C_TEXT);
        }
    }
    /* Grid rows. */
    char buf[512];
    for (int r = first; r < last; r++) {
        int i = g->rows[r];
        double y = y0 + (r - first) * ROW_H;
        const pm_task *t = &g->p->tasks[i];
        bool sum = pm_task_is_summary(t);
        for (int c = 0; c < N_COLS; c++) {
            if (!g->col_on[c]) {
                continue;
            }
            cell_text(g, i, c, buf, sizeof buf);
            double indent = c == COL_NAME ? t->level * 8.0 : 0;
            double w = g->col_x[c + 1] - g->col_x[c] - 2 * PAD - indent;
            text(g, buf, g->col_x[c] + PAD + indent, y, w > 4 ? w : 4, ROW_H,
                 c >= COL_START ? 2 : 0, sum ? g->bold : g->font,
                 g->s->tasks[i].critical && !sum && c == COL_NAME ? C_CRIT
                                                                  : C_TEXT);
        }
    }
    /* Grid lines. */
    set_rgb(cr, C_GRID);
    cairo_set_line_width(cr, 0.5);
    for (int c = 0; c <= N_COLS; c++) {
        if (c == N_COLS || g->col_on[c]) {
            cairo_move_to(cr, g->col_x[c], scale_y);
            cairo_line_to(cr, g->col_x[c], y1);
        }
    }
    cairo_move_to(cr, MARGIN, scale_y);
    cairo_line_to(cr, g->tl_x1, scale_y);
    cairo_move_to(cr, MARGIN, y0);
    cairo_line_to(cr, g->tl_x1, y0);
    cairo_move_to(cr, MARGIN, y1);
    cairo_line_to(cr, g->tl_x1, y1);
    cairo_move_to(cr, g->tl_x0, scale_y);
    cairo_line_to(cr, g->tl_x0, y1);
    cairo_move_to(cr, g->tl_x1, scale_y);
    cairo_line_to(cr, g->tl_x1, y1);
    cairo_stroke(cr);
    /* Links, then bars over them. */
    cairo_save(cr);
    cairo_rectangle(cr, g->tl_x0, y0, g->tl_x1 - g->tl_x0, y1 - y0);
    cairo_clip(cr);
    for (int k = 0; k < g->p->n_deps; k++) {
        const pm_dep *d = &g->p->deps[k];
        int ra = g->row_of[d->pred], rb = g->row_of[d->succ];
        if (ra == rb || g->rows[ra] != d->pred || g->rows[rb] != d->succ) {
            continue; /* inside a collapsed branch */
        }
        bool a = ra >= first && ra < last;
        bool b = rb >= first && rb < last;
        if (a && b) {
            draw_link(g, d, y0 + (ra - first) * ROW_H,
                      y0 + (rb - first) * ROW_H);
        } else if (a || b) {
            draw_link_stub(g, d, a, y0 + ((a ? ra : rb) - first) * ROW_H);
        }
    }
    for (int r = first; r < last; r++) {
        draw_bar(g, g->rows[r], y0 + (r - first) * ROW_H);
    }
    cairo_restore(cr);
    if (g->o->today != PM_NO_DATE) {
        double xt = x_of(g, g->o->today);
        if (xt >= g->tl_x0 && xt <= g->tl_x1) {
            set_rgb(cr, C_TODAY);
            cairo_set_line_width(cr, 1.0);
            double dot[] = {1, 2};
            cairo_set_dash(cr, dot, 2, 0);
            cairo_move_to(cr, xt, scale_y);
            cairo_line_to(cr, xt, y1);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
            text(g, "today", xt + 2, y1 - ROW_H, 40, ROW_H, 0, g->small,
                 C_TODAY);
        }
    }
    if (g->o->status_date != PM_NO_DATE) {
        double xs = x_of(g, g->o->status_date);
        if (xs >= g->tl_x0 && xs <= g->tl_x1) {
            set_rgb(cr, C_STATUS);
            cairo_set_line_width(cr, 1.2);
            double dash[] = {4, 2};
            cairo_set_dash(cr, dash, 2, 0);
            cairo_move_to(cr, xs, scale_y);
            cairo_line_to(cr, xs, y1);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
        }
    }
    page_footer(g, page);
}

/* One row of the resource pages: weekly bars of booked over capacity,
 * the capacity line at 100%, overload in red. */
static void load_row(gantt *g, int row, double y)
{
    cairo_t *cr = g->cr;
    const pm_project *p = g->p;
    bool pool = row < p->n_pools;
    int k = pool ? row : row - p->n_pools;
    const char *name = pool ? p->pools[k].name : p->resources[k].name;
    double peak = 0, mid = y + RES_ROW_H / 2;
    double full = RES_ROW_H - 12; /* 100% of capacity */
    for (int w = 0; w < g->load.weeks; w++) {
        double b, c;
        if (pool) {
            pm_load_pool(&g->load, p, k, w, &b, &c);
        } else {
            b = g->load.booked[(long)k * g->load.weeks + w];
            c = g->load.cap[(long)k * g->load.weeks + w];
        }
        double ratio = c > 0 ? b / c : b > 0 ? 2.0 : 0;
        peak = ratio > peak ? ratio : peak;
        double x0 = x_of(g, g->load.first + 7.0 * w);
        double x1 = x_of(g, g->load.first + 7.0 * w + 7.0) - 1;
        if (x1 <= g->tl_x0 || x0 >= g->tl_x1 || ratio <= 0) {
            continue;
        }
        x0 = x0 < g->tl_x0 ? g->tl_x0 : x0;
        x1 = x1 > g->tl_x1 ? g->tl_x1 : x1;
        double base = y + RES_ROW_H - 3;
        double h = (ratio > 1 ? 1 : ratio) * full;
        set_rgb(cr, C_LOAD);
        cairo_rectangle(cr, x0, base - h, x1 - x0, h);
        cairo_fill(cr);
        if (ratio > 1.0 + 1e-9) {
            double over = (ratio > 1.6 ? 0.6 : ratio - 1) * full;
            set_rgb(cr, C_OVER);
            cairo_rectangle(cr, x0, base - full - over, x1 - x0, over);
            cairo_fill(cr);
        }
    }
    set_rgb(cr, C_MUTED);
    cairo_set_line_width(cr, 0.5);
    double dash[] = {2, 2};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, g->tl_x0, y + RES_ROW_H - 3 - full);
    cairo_line_to(cr, g->tl_x1, y + RES_ROW_H - 3 - full);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    char buf[32];
    if (pool) {
        text(g, "Pool", g->col_x[0] + PAD, mid - ROW_H / 2,
             g->col_x[1] - g->col_x[0] - 2 * PAD, ROW_H, 0, g->small,
             C_MUTED);
    }
    text(g, name, g->col_x[1] + PAD, mid - ROW_H / 2,
         g->col_x[3] - g->col_x[1] - 2 * PAD, ROW_H, 0,
         pool ? g->bold : g->font, C_TEXT);
    snprintf(buf, sizeof buf, "peak %.0f%%", peak * 100);
    text(g, buf, g->col_x[3] + PAD, mid - ROW_H / 2,
         g->col_x[N_COLS] - g->col_x[3] - 2 * PAD, ROW_H, 2, g->small,
         peak > 1.0 + 1e-9 ? C_OVER : C_MUTED);
}

/* A page of the resource load, on the task pages' timeline. */
static void draw_resource_page(gantt *g, int page)
{
    cairo_t *cr = g->cr;
    set_band(g, page % g->bands);
    int first = (page / g->bands - g->task_pages) * g->res_per_page;
    int last = first + g->res_per_page;
    last = last > g->res_rows ? g->res_rows : last;
    double scale_y = MARGIN + HEADER_H;
    double y0 = g->body_y, y1 = y0 + (last - first) * RES_ROW_H;
    page_header(g, page);
    for (int r = first; r < last; r++) {
        if ((r - first) % 2 == 1) {
            set_rgb(cr, C_STRIPE);
            cairo_rectangle(cr, MARGIN, y0 + (r - first) * RES_ROW_H,
                            g->tl_x1 - MARGIN, RES_ROW_H);
            cairo_fill(cr);
        }
    }
    nonworking_days(g, y0, y1);
    time_scale(g, scale_y, y1);
    set_rgb(cr, C_HEAD);
    cairo_rectangle(cr, MARGIN, scale_y, g->col_x[N_COLS] - MARGIN, SCALE_H);
    cairo_fill(cr);
    text(g, "Resource load by week: booked / capacity after leave",
         MARGIN + PAD, scale_y + SCALE_H / 2, g->col_x[N_COLS] - MARGIN,
         SCALE_H / 2, 0, g->bold, C_TEXT);
    for (int r = first; r < last; r++) {
        load_row(g, r, y0 + (r - first) * RES_ROW_H);
    }
    set_rgb(cr, C_GRID);
    cairo_set_line_width(cr, 0.5);
    for (int r = first; r <= last; r++) {
        cairo_move_to(cr, MARGIN, y0 + (r - first) * RES_ROW_H);
        cairo_line_to(cr, g->tl_x1, y0 + (r - first) * RES_ROW_H);
    }
    cairo_move_to(cr, g->tl_x0, scale_y);
    cairo_line_to(cr, g->tl_x0, y1);
    cairo_stroke(cr);
    page_footer(g, page);
}

static void draw_any_page(gantt *g, int page)
{
    if (page / g->bands < g->task_pages) {
        draw_page(g, page);
    } else {
        draw_resource_page(g, page);
    }
}

static void fonts_begin(gantt *g)
{
    g->lay = pango_cairo_create_layout(g->cr);
    g->font = pango_font_description_from_string(FONT " 7.5");
    g->bold = pango_font_description_from_string(FONT " Bold 7.5");
    g->small = pango_font_description_from_string(FONT " 6.5");
    g->title = pango_font_description_from_string(FONT " Bold 13");
}

static void fonts_end(gantt *g)
{
    pango_font_description_free(g->title);
    pango_font_description_free(g->font);
    pango_font_description_free(g->bold);
    pango_font_description_free(g->small);
    g_object_unref(g->lay);
    g->lay = NULL;
}

/* Columns, timeline and paging, measured with the current context. */
static void layout(gantt *g)
{
    unsigned cols = g->o->columns;
    if (cols == 0) {
        cols = ((1u << PM_COL_DAYS) - 1) | (1u << PM_COL_DAYS) |
               (g->o->variance ? 1u << PM_COL_DONE : 0);
    }
    for (int c = 0; c < N_COLS; c++) {
        g->col_on[c] = (cols >> c) & 1 || c == COL_NAME;
    }
    layout_columns(g);
    layout_time(g);
    g->body_y = MARGIN + HEADER_H + SCALE_H;
    double body_h = g->o->page_h - MARGIN - FOOTER_H - g->body_y;
    g->rows_per_page = (int)(body_h / ROW_H);
    if (g->rows_per_page < 1) {
        g->rows_per_page = 1;
    }
    g->task_pages = (g->n_rows + g->rows_per_page - 1) / g->rows_per_page;
    if (g->task_pages < 1) {
        g->task_pages = 1;
    }
    /* Resource pages: pools, then people, each a weekly load row. */
    g->res_rows = g->load.booked ? g->p->n_pools + g->p->n_resources : 0;
    g->res_per_page = (int)(body_h / RES_ROW_H);
    if (g->res_per_page < 1) {
        g->res_per_page = 1;
    }
    g->pages = (g->task_pages +
                (g->res_rows + g->res_per_page - 1) / g->res_per_page) *
               g->bands;
}

static int surface_error(cairo_surface_t *surf, const char *path,
                         pm_diag *diag)
{
    cairo_status_t st = cairo_surface_status(surf);
    if (st != CAIRO_STATUS_SUCCESS) {
        pm_diag_error(diag, NULL, "cannot write '%s': %s", path,
                      cairo_status_to_string(st));
        return PM_EIO;
    }
    return PM_OK;
}

/* All pages into one PDF. */
static int render_pdf(gantt *g, const char *tmp_path, pm_diag *diag,
                      const char *path)
{
    cairo_surface_t *surf =
        cairo_pdf_surface_create(tmp_path, g->o->page_w, g->o->page_h);
    if (surface_error(surf, path, diag) != PM_OK) {
        cairo_surface_destroy(surf);
        return PM_EIO;
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
                                   g->p->name ? g->p->name : "Gantt chart");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
                                   "planner");
    g->cr = cairo_create(surf);
    fonts_begin(g);
    layout(g);
    for (int page = 0; page < g->pages; page++) {
        draw_any_page(g, page);
        cairo_show_page(g->cr);
    }
    fonts_end(g);
    cairo_destroy(g->cr);
    cairo_surface_finish(surf);
    int rc = surface_error(surf, path, diag);
    cairo_surface_destroy(surf);
    return rc;
}

/* "dir/gantt.png" -> "dir/gantt-3.png". */
static char *page_path(const char *path, int page)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    int stem = dot && (!slash || dot > slash) ? (int)(dot - path)
                                              : (int)strlen(path);
    char *out = NULL;
    if (asprintf(&out, "%.*s-%d%s", stem, path, page + 1,
                 dot && (!slash || dot > slash) ? dot : "") < 0) {
        return NULL;
    }
    return out;
}

/* One PNG or SVG file per page, each written whole and renamed. */
static int render_pages(gantt *g, const char *path, pm_diag *diag)
{
    bool svg = g->o->format == PM_GANTT_SVG;
    double zoom = svg ? 1.0 : (g->o->dpi > 0 ? g->o->dpi : 150) / 72.0;
    /* Measure on a scratch surface, then draw each page. */
    cairo_surface_t *scratch =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
    g->cr = cairo_create(scratch);
    fonts_begin(g);
    layout(g);
    int rc = PM_OK;
    for (int page = 0; page < g->pages && rc == PM_OK; page++) {
        char *file = page_path(path, page);
        pm_atomic a;
        if (!file) {
            rc = PM_ENOMEM;
            break;
        }
        rc = pm_atomic_begin(&a, file, diag);
        cairo_surface_t *surf = NULL;
        if (rc == PM_OK) {
            surf = svg ? cairo_svg_surface_create(a.tmp_path, g->o->page_w,
                                                  g->o->page_h)
                       : cairo_image_surface_create(
                             CAIRO_FORMAT_RGB24,
                             (int)ceil(g->o->page_w * zoom),
                             (int)ceil(g->o->page_h * zoom));
            rc = surface_error(surf, file, diag);
        }
        if (rc == PM_OK) {
            cairo_t *cr = cairo_create(surf);
            cairo_scale(cr, zoom, zoom);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_paint(cr);
            cairo_t *keep = g->cr;
            g->cr = cr;
            pango_cairo_update_layout(cr, g->lay);
            draw_any_page(g, page);
            g->cr = keep;
            pango_cairo_update_layout(keep, g->lay);
            cairo_destroy(cr);
            if (svg) {
                cairo_surface_finish(surf);
                rc = surface_error(surf, file, diag);
            } else if (cairo_surface_write_to_png(surf, a.tmp_path) !=
                       CAIRO_STATUS_SUCCESS) {
                pm_diag_error(diag, NULL, "cannot write '%s'", file);
                rc = PM_EIO;
            }
        }
        if (surf) {
            cairo_surface_destroy(surf);
        }
        if (a.tmp_path) {
            rc = pm_atomic_finish(&a, rc, NULL, diag);
        }
        free(file);
    }
    fonts_end(g);
    cairo_destroy(g->cr);
    cairo_surface_destroy(scratch);
    return rc;
}

/* The rows shown: every task, or those above --depth; a hidden task maps
 * to its nearest shown ancestor's row. */
static int build_rows(gantt *g)
{
    const pm_project *p = g->p;
    g->rows = malloc(((size_t)p->n_tasks + 1) * sizeof *g->rows);
    g->row_of = malloc(((size_t)p->n_tasks + 1) * sizeof *g->row_of);
    if (!g->rows || !g->row_of) {
        return PM_ENOMEM;
    }
    g->n_rows = 0;
    for (int i = 0; i < p->n_tasks; i++) {
        const pm_task *t = &p->tasks[i];
        if (g->o->depth <= 0 || t->level < g->o->depth) {
            g->row_of[i] = g->n_rows;
            g->rows[g->n_rows++] = i;
        } else {
            g->row_of[i] = t->parent >= 0 ? g->row_of[t->parent] : 0;
        }
    }
    return PM_OK;
}

int pm_render_gantt_pdf(const char *path, const pm_project *p,
                        const pm_schedule *s, const pm_gantt_opts *o,
                        pm_atomic *pending, pm_diag *diag)
{
    gantt g = {.p = p, .s = s, .o = o};
    if (pm_calmap_init(&g.map, &p->cal, p->start) != PM_OK) {
        return PM_ENOMEM;
    }
    if (build_rows(&g) != PM_OK) {
        free(g.rows);
        free(g.row_of);
        pm_calmap_reset(&g.map);
        return PM_ENOMEM;
    }
    if (!o->no_resource_pages && p->n_resources > 0 &&
        pm_load_compute(&g.load, p, s, &g.map) != PM_OK) {
        free(g.rows);
        free(g.row_of);
        pm_calmap_reset(&g.map);
        return PM_ENOMEM;
    }
    int rc;
    if (o->format == PM_GANTT_PNG || o->format == PM_GANTT_SVG) {
        rc = render_pages(&g, path, diag);
    } else {
        pm_atomic a;
        rc = pm_atomic_begin(&a, path, diag);
        if (rc == PM_OK) {
            rc = render_pdf(&g, a.tmp_path, diag, path);
            rc = pm_atomic_finish(&a, rc, pending, diag);
        }
    }
    pm_load_reset(&g.load);
    pm_calmap_reset(&g.map);
    free(g.rows);
    free(g.row_of);
    return rc;
}
