/* render/gantt_load.c - the resource pages (gantt_impl.h): one row per
 * pool, then per person, with the booked load of every week against the
 * capacity left after leave, overload in red, weeks before the status
 * date muted, each person's leave as a grey band. */
#include <stdio.h>

#include "render/gantt_impl.h"

/* Person k's leave in the row at y: grey bands over the days. */
static void leave_bands(gantt *g, int k, double y)
{
    const pm_resource *r = &g->p->resources[k];
    for (int v = 0; v < r->n_vacations; v++) {
        double x0 = pm_gantt_x(g, r->vacations[v].first);
        double x1 = pm_gantt_x(g, r->vacations[v].last + 1.0);
        x0 = x0 < g->tl_x0 ? g->tl_x0 : x0;
        x1 = x1 > g->tl_x1 ? g->tl_x1 : x1;
        if (x1 <= x0) {
            continue;
        }
        pm_gantt_rgb(g->cr, C_LEAVE);
        cairo_rectangle(g->cr, x0, y + 3, x1 - x0, RES_ROW_H - 6);
        cairo_fill(g->cr);
        if (x1 - x0 > 24) {
            /* Under the 100% line. */
            pm_gantt_text(g, TR("leave"), x0 + 2, y + RES_ROW_H - 3 - ROW_H,
                          x1 - x0 - 4, ROW_H, 0, g->small, C_MUTED);
        }
    }
}

/* One row of the resource pages: weekly bars of booked over capacity
 * (muted before the status date: done), the capacity line at 100%,
 * overload in red, a person's leave. */
static void load_row(gantt *g, int row, double y)
{
    cairo_t *cr = g->cr;
    const pm_project *p = g->p;
    bool pool = row < p->n_pools;
    int k = pool ? row : row - p->n_pools;
    const char *name = pool ? p->pools[k].name : p->resources[k].name;
    double peak = 0, mid = y + RES_ROW_H / 2;
    double full = RES_ROW_H - 12; /* 100% of capacity */
    if (!pool) {
        leave_bands(g, k, y);
    }
    pm_date status = g->o->status_date;
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
        double x0 = pm_gantt_x(g, g->load.first + 7.0 * w);
        double x1 = pm_gantt_x(g, g->load.first + 7.0 * w + 7.0) - 1;
        if (x1 <= g->tl_x0 || x0 >= g->tl_x1 || ratio <= 0) {
            continue;
        }
        x0 = x0 < g->tl_x0 ? g->tl_x0 : x0;
        x1 = x1 > g->tl_x1 ? g->tl_x1 : x1;
        double base = y + RES_ROW_H - 3;
        double h = (ratio > 1 ? 1 : ratio) * full;
        bool past = status != PM_NO_DATE && g->load.first + 7 * w + 7 <= status;
        pm_gantt_rgb(cr, past ? C_LOAD_DONE : C_LOAD);
        cairo_rectangle(cr, x0, base - h, x1 - x0, h);
        cairo_fill(cr);
        if (ratio > 1.0 + 1e-9) {
            double over = (ratio > 1.6 ? 0.6 : ratio - 1) * full;
            pm_gantt_rgb(cr, C_OVER);
            cairo_rectangle(cr, x0, base - full - over, x1 - x0, over);
            cairo_fill(cr);
        }
    }
    pm_gantt_rgb(cr, C_MUTED);
    cairo_set_line_width(cr, 0.5);
    double dash[] = {2, 2};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, g->tl_x0, y + RES_ROW_H - 3 - full);
    cairo_line_to(cr, g->tl_x1, y + RES_ROW_H - 3 - full);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    char buf[32];
    if (pool) {
        pm_gantt_text(g, TR("Pool"), g->col_x[0] + PAD, mid - ROW_H / 2,
                      g->col_x[1] - g->col_x[0] - 2 * PAD, ROW_H, 0, g->small,
                      C_MUTED);
    }
    pm_gantt_text(g, name, g->col_x[1] + PAD, mid - ROW_H / 2,
                  g->col_x[3] - g->col_x[1] - 2 * PAD, ROW_H, 0,
                  pool ? g->bold : g->font, C_TEXT);
    double room = g->col_x[N_COLS] - g->col_x[3] - 2 * PAD;
    if (room > 30) { /* not on the narrow grid of later time bands */
        snprintf(buf, sizeof buf, TR("peak %.0f%%"), peak * 100);
        pm_gantt_text(g, buf, g->col_x[3] + PAD, mid - ROW_H / 2, room, ROW_H,
                      2, g->small, peak > 1.0 + 1e-9 ? C_OVER : C_MUTED);
    }
}

/* A page of the resource load, on the task pages' timeline. */
void pm_gantt_resource_page(gantt *g, int page)
{
    cairo_t *cr = g->cr;
    int first = (page / g->bands - g->task_pages) * g->res_per_page;
    int last = first + g->res_per_page;
    last = last > g->res_rows ? g->res_rows : last;
    double scale_y = MARGIN + HEADER_H, y0, y1;
    pm_gantt_frame(g, page, last - first, RES_ROW_H, &y0, &y1);
    pm_gantt_text(g, TR("Resource load by week: booked / capacity after leave"),
                  MARGIN + PAD, scale_y + SCALE_H / 2,
                  g->col_x[N_COLS] - MARGIN, SCALE_H / 2, 0, g->bold, C_TEXT);
    for (int r = first; r < last; r++) {
        load_row(g, r, y0 + (r - first) * RES_ROW_H);
    }
    pm_gantt_rgb(cr, C_GRID);
    cairo_set_line_width(cr, 0.5);
    for (int r = first; r <= last; r++) {
        cairo_move_to(cr, MARGIN, y0 + (r - first) * RES_ROW_H);
        cairo_line_to(cr, g->tl_x1, y0 + (r - first) * RES_ROW_H);
    }
    cairo_move_to(cr, g->tl_x0, scale_y);
    cairo_line_to(cr, g->tl_x0, y1);
    cairo_stroke(cr);
    pm_gantt_status_line(g, scale_y, y1);
    pm_gantt_footer(g, true);
}
