/* render/gantt_impl.h - what the Gantt chart's files share (internal to
 * render/): the page geometry and colours, the chart's state, and the
 * drawing helpers. gantt.c lays out and writes the pages, gantt_page.c
 * draws what every page has (header, timeline, footer), gantt_tasks.c the
 * task pages, gantt_load.c the resource pages. */
#ifndef PM_GANTT_IMPL_H
#define PM_GANTT_IMPL_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "planner/model/calendar.h"
#include "planner/model/l10n.h"
#include "render/load.h"
#include "render/render.h"

/* A label in the project's language (planner/model/l10n.h). */
#define TR(s) pm_tr(g->p->language, (s))

/* Fonts in order of preference (pango falls back through fontconfig). */
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
static const rgb C_WHITE = {1.0, 1.0, 1.0};
static const rgb C_HEAD = {0.90, 0.93, 0.97};
static const rgb C_NONWORK = {0.92, 0.92, 0.92};
static const rgb C_BAR = {0.26, 0.47, 0.76};
static const rgb C_CRIT = {0.80, 0.16, 0.14};
static const rgb C_SUMMARY = {0.15, 0.15, 0.18};
static const rgb C_LINK = {0.35, 0.38, 0.45};
static const rgb C_STATUS = {0.10, 0.55, 0.25};
static const rgb C_DEADLINE = {0.85, 0.45, 0.05};
static const rgb C_BASELINE = {0.62, 0.64, 0.68};
static const rgb C_DONE = {0.10, 0.22, 0.40}; /* progress on a bar */
static const rgb C_DONE_CRIT = {0.45, 0.05, 0.05};
static const rgb C_LOAD = {0.30, 0.62, 0.42};
static const rgb C_LOAD_DONE = {0.62, 0.72, 0.66}; /* before the status date */
static const rgb C_LEAVE = {0.80, 0.80, 0.82};
static const rgb C_OVER = {0.86, 0.20, 0.16};
#define RES_ROW_H 30.0

static const char *const col_titles[PM_GANTT_NCOLS] = {
    "WBS", "Name", "Owner", "Start", "Finish", "Days", "Done"};
#define N_COLS PM_GANTT_NCOLS
enum {
    COL_WBS = PM_COL_WBS,
    COL_NAME = PM_COL_NAME,
    COL_OWNER = PM_COL_OWNER,
    COL_START = PM_COL_START,
    COL_FINISH = PM_COL_FINISH,
    COL_DAYS = PM_COL_DAYS,
    COL_DONE = PM_COL_DONE
};
static const rgb C_TODAY = {0.85, 0.10, 0.45};
static const rgb C_P80 = {0.42, 0.22, 0.58}; /* a milestone's P80 mark */

/* The chart being drawn. */
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
    int task_pages; /* pages of task rows (per time band) */
    int pages;      /* task pages, then resource pages, each
                       row band once per time band */
    bool col_on[N_COLS];
    int *rows; /* task index of each visible row */
    int n_rows;
    int *row_of;         /* visible row of each task (hidden: its
                            nearest visible ancestor's) */
    double ppd;          /* points per day */
    double span0, span1; /* whole timeline, days since 1970 */
    int bands;           /* time bands (tiles) across */
    /* The grid of the first time band and of the later ones (WBS and name
     * only: the rest is on the first band's pages), and the days each
     * shows; set_band puts one into col_x, col_on and tl_x0. */
    struct {
        double col_x[N_COLS + 1];
        bool col_on[N_COLS];
        double tl_x0, days;
    } grid[2];
    pm_load load;        /* weekly load for the resource pages */
    int res_rows, res_per_page;
    int scale; /* 0 days, 1 weeks, 2 months */
    double *done; /* per task: percent complete (summaries: their leaves'
                     by planned duration); NULL without progress */
    bool *chain; /* per task: on a driving chain --chain asked for; NULL:
                    no chain shown */
    char chain_note[200]; /* the header's "Driving chain of ..." */
    FILE *svg_text;       /* SVG pages: text goes here as <text> elements
                             (searchable) instead of as glyph outlines */
    double alpha;         /* opacity of what is drawn now (chain fading) */
    bool p80_marks;       /* some milestone has a P80 mark (the legend
                             names it) */
} gantt;

/* Sets the cairo source colour. */
void pm_gantt_rgb(cairo_t *cr, rgb c);
/* Draws s in box (x, y, w, h): align 0 left, 1 center, 2 right; w > 0
 * ellipsizes at the end. Returns the width used. */
double pm_gantt_text(gantt *g, const char *s, double x, double y, double w,
                     double h, int align, const PangoFontDescription *font,
                     rgb color);
/* The width s takes in font. */
double pm_gantt_text_width(gantt *g, const char *s,
                           const PangoFontDescription *font);
/* The x of day t (days since 1970, fractions within a day) on the shown
 * time band. */
double pm_gantt_x(const gantt *g, double t);
/* The text of grid column col for task i. */
void pm_gantt_cell(gantt *g, int i, int col, char *buf, size_t n);
/* Shows time band b (0 .. bands-1). */
void pm_gantt_set_band(gantt *g, int b);
/* What every page has above and behind its rows: the time band of the
 * page, the header, stripes under rows rows of row_h points, non-working
 * days, the timeline header, the grid header's background. *y0 and *y1
 * get the top and bottom of the rows. */
void pm_gantt_frame(gantt *g, int page, int rows, double row_h, double *y0,
                    double *y1);
/* Adds a milestone's diamond of radius r at (x, y) to the path (the
 * caller fills or strokes it). */
void pm_gantt_diamond(cairo_t *cr, double x, double y, double r);
/* The time (days since 1970) by which 80% of the Monte Carlo runs reach
 * milestone i, when the chart has an outlook and that is later than the
 * plan (not for milestones reached). */
bool pm_gantt_p80(const gantt *g, int i, double *t);
/* Milestone i's P80 mark at xp on mid: a ring (no milestone is round),
 * and a thin line back to its planned diamond at x. */
void pm_gantt_p80_mark(cairo_t *cr, double x, double xp, double mid);
/* A critical task's bar: the critical colour, hatched so that it stands
 * apart from other bars in grey too. */
void pm_gantt_critical_bar(cairo_t *cr, double x, double y, double w,
                           double h);
/* The legend of the task pages, or of the resource pages. */
void pm_gantt_footer(gantt *g, bool resources);
/* A vertical line at the start of day d from y0 to y1, labelled. */
void pm_gantt_day_line(gantt *g, pm_date d, rgb color, double width,
                       const double *dash, double y0, double y1,
                       const char *label);
/* The status date's dashed green line from y0 to y1, if there is one. */
void pm_gantt_status_line(gantt *g, double y0, double y1);
/* A page of task rows, and a page of the resource load. */
void pm_gantt_task_page(gantt *g, int page);
void pm_gantt_resource_page(gantt *g, int page);

#endif
