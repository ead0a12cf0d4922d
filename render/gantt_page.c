/* render/gantt_page.c - what every chart page has (gantt_impl.h): text
 * through pango, the time band and timeline header, non-working days,
 * the page header and the footer with the legend. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/gantt_impl.h"

void pm_gantt_rgb(cairo_t *cr, rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Draws s in box (x, y, w, h): align 0 left, 1 center, 2 right; w > 0
 * ellipsizes at the end. Returns the width used. */
/* s as an SVG <text> element: the words stay words. What does not fit w
 * is cut with an ellipsis, as pango would. tw, th: its laid-out size. */
static double svg_text(gantt *g, const char *s, double x, double y, double w,
                       double h, int align, const PangoFontDescription *font,
                       rgb color)
{
    pango_layout_set_width(g->lay, -1);
    pango_layout_set_ellipsize(g->lay, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_text(g->lay, s, -1);
    int tw, th;
    pango_layout_get_pixel_size(g->lay, &tw, &th);
    char *cut = NULL;
    if (w > 0 && tw > w) {
        size_t len = strlen(s);
        cut = malloc(len + 4);
        for (size_t n = len; cut && n > 0;) {
            do { /* back to a character boundary */
                n--;
            } while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
            snprintf(cut, len + 4, "%.*s\xe2\x80\xa6", (int)n, s);
            pango_layout_set_text(g->lay, cut, -1);
            pango_layout_get_pixel_size(g->lay, &tw, &th);
            if (tw <= w || n == 0) {
                break;
            }
        }
    }
    double base = pango_layout_get_baseline(g->lay) / (double)PANGO_SCALE;
    double tx = align == 0 || w <= 0 ? x
                : align == 1         ? x + (w - tw) / 2
                                     : x + w - tw;
    fprintf(g->svg_text,
            "<text x=\"%.2f\" y=\"%.2f\" font-family=\"%s, sans-serif\" "
            "font-size=\"%.2f\"%s fill=\"rgb(%d,%d,%d)\"",
            tx, y + (h - th) / 2.0 + base, FONT,
            pango_font_description_get_size(font) / (double)PANGO_SCALE,
            pango_font_description_get_weight(font) >= PANGO_WEIGHT_BOLD
                ? " font-weight=\"bold\""
                : "",
            (int)(color.r * 255 + 0.5), (int)(color.g * 255 + 0.5),
            (int)(color.b * 255 + 0.5));
    if (g->alpha < 1) {
        fprintf(g->svg_text, " fill-opacity=\"%.2f\"", g->alpha);
    }
    fputs(" xml:space=\"preserve\">", g->svg_text);
    for (const char *c = cut ? cut : s; *c; c++) {
        switch (*c) {
        case '<':
            fputs("&lt;", g->svg_text);
            break;
        case '>':
            fputs("&gt;", g->svg_text);
            break;
        case '&':
            fputs("&amp;", g->svg_text);
            break;
        case '"':
            fputs("&quot;", g->svg_text);
            break;
        default:
            fputc(*c, g->svg_text);
        }
    }
    fputs("</text>\n", g->svg_text);
    free(cut);
    return tw;
}

double pm_gantt_text(gantt *g, const char *s, double x, double y, double w,
                     double h, int align, const PangoFontDescription *font,
                     rgb color)
{
    if (g->svg_text) {
        pango_layout_set_font_description(g->lay, font);
        return svg_text(g, s, x, y, w, h, align, font, color);
    }
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
    pm_gantt_rgb(g->cr, color);
    cairo_move_to(g->cr, x, y + (h - th) / 2.0);
    pango_cairo_show_layout(g->cr, g->lay);
    return tw;
}

double pm_gantt_text_width(gantt *g, const char *s,
                           const PangoFontDescription *font)
{
    pango_layout_set_font_description(g->lay, font);
    pango_layout_set_width(g->lay, -1);
    pango_layout_set_text(g->lay, s, -1);
    int tw, th;
    pango_layout_get_pixel_size(g->lay, &tw, &th);
    return tw;
}

double pm_gantt_x(const gantt *g, double t)
{
    return g->tl_x0 + (t - g->t0) / (g->t1 - g->t0) * (g->tl_x1 - g->tl_x0);
}

void pm_gantt_cell(gantt *g, int i, int col, char *buf, size_t n)
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
        snprintf(
            buf, n, "%g",
            (double)(ts->finish - ts->start) /
                (g->p->cal.slots_per_day > 0 ? g->p->cal.slots_per_day : 1));
        break;
    default:
        if (g->done) {
            snprintf(buf, n, "%.0f%%", g->done[i]);
        } else {
            buf[0] = '\0';
        }
        break;
    }
}

/* Shows time band b (0 .. bands-1). */
void pm_gantt_set_band(gantt *g, int b)
{
    int k = b > 0;
    memcpy(g->col_x, g->grid[k].col_x, sizeof g->col_x);
    memcpy(g->col_on, g->grid[k].col_on, sizeof g->col_on);
    g->tl_x0 = g->grid[k].tl_x0;
    g->t0 = g->span0 + (b > 0 ? g->grid[0].days + (b - 1) * g->grid[1].days
                              : 0);
    g->t1 = g->t0 + g->grid[k].days;
}

static void nonworking(gantt *g, double y0, double y1)
{
    double ppd = (g->tl_x1 - g->tl_x0) / (g->t1 - g->t0);
    if (ppd < 1.5) {
        return;
    }
    pm_gantt_rgb(g->cr, C_NONWORK);
    for (pm_date d = (pm_date)g->t0; d < (pm_date)g->t1; d++) {
        if (!pm_calendar_is_workday(&g->p->cal, d)) {
            cairo_rectangle(g->cr, pm_gantt_x(g, d), y0, ppd, y1 - y0);
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
    pm_gantt_rgb(cr, C_HEAD);
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
        double xa = pm_gantt_x(g, d),
               xb = pm_gantt_x(g, next < g->t1 ? next : g->t1);
        if (g->scale >= 2) {
            snprintf(buf, sizeof buf, "%d", yy);
        } else {
            snprintf(buf, sizeof buf, TR("%s %d"), TR(month_abbr[mm - 1]), yy);
        }
        if (xb - xa > 12) {
            pm_gantt_text(g, buf, xa + 2, y, xb - xa - 4, h, 0, g->small,
                          C_TEXT);
        }
        pm_gantt_rgb(cr, C_GRID);
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
            snprintf(buf, sizeof buf, "%s", TR(month_abbr[mm - 1]));
        } else {
            int q = (mm - 1) / 3;
            next = q == 3 ? pm_date_from_ymd(yy + 1, 1, 1)
                          : pm_date_from_ymd(yy, q * 3 + 4, 1);
            snprintf(buf, sizeof buf, "Q%d", q + 1);
        }
        double xa = pm_gantt_x(g, d),
               xb = pm_gantt_x(g, next < g->t1 ? next : g->t1);
        if (xb - xa > 9) {
            pm_gantt_text(g, buf, xa, y + h, xb - xa, h, 1, g->small, C_MUTED);
        }
        pm_gantt_rgb(cr, C_GRID);
        cairo_move_to(cr, xa, y + h);
        cairo_line_to(cr, xa, y + SCALE_H);
        cairo_stroke(cr);
        d = next;
    }
    pm_gantt_rgb(cr, C_GRID);
    cairo_move_to(cr, g->tl_x0, y + h);
    cairo_line_to(cr, g->tl_x1, y + h);
    cairo_stroke(cr);
}

static void header(gantt *g, int page)
{
    char buf[320], a[11], b[11];
    double w = g->o->page_w - 2 * MARGIN;
    pm_gantt_text(g, pm_project_title(g->p, buf, sizeof buf), MARGIN, MARGIN,
                  w * 0.6, 22, 0, g->title,
                  g->p->scenario >= 0 ? C_P80 : C_TEXT);
    pm_date_format(g->o->generated, b);
    if (g->o->status_date != PM_NO_DATE) {
        snprintf(buf, sizeof buf, TR("Status date %s    Generated %s"),
                 pm_date_format(g->o->status_date, a),
                 g->o->generated != PM_NO_DATE ? b : "-");
    } else {
        snprintf(buf, sizeof buf, TR("Generated %s"),
                 g->o->generated != PM_NO_DATE ? b : "-");
    }
    pm_gantt_text(g, buf, MARGIN + w * 0.4, MARGIN, w * 0.6, 22, 2, g->font,
                  C_MUTED);
    pm_date_format(pm_calmap_slot_date(&g->map, 0), a);
    pm_date_format(pm_calmap_finish_date(&g->map, 0, g->s->makespan), b);
    snprintf(buf, sizeof buf, TR("%s \xe2\x80\x93 %s, %g working days%s%s"), a, b,
             pm_days_of_slots(g->p, g->s->makespan),
             g->chain ? " \xc2\xb7 " : "", g->chain ? g->chain_note : "");
    /* The page number right, on the line under the dates: the footer is
     * the legend's. */
    char num[96];
    if (g->bands > 1) {
        snprintf(num, sizeof num, TR("Page %d of %d \xc2\xb7 rows %d, time %d/%d"),
                 page + 1, g->pages, page / g->bands + 1, page % g->bands + 1,
                 g->bands);
    } else {
        snprintf(num, sizeof num, TR("Page %d of %d"), page + 1, g->pages);
    }
    double nw = pm_gantt_text_width(g, num, g->small);
    pm_gantt_text(g, num, g->o->page_w - MARGIN - nw, MARGIN + 20, nw, 12, 2,
                  g->small, C_TEXT);
    pm_gantt_text(g, buf, MARGIN, MARGIN + 20, w - nw - 12, 12, 0, g->small,
                  C_MUTED);
}

void pm_gantt_diamond(cairo_t *cr, double x, double y, double r)
{
    cairo_move_to(cr, x, y - r);
    cairo_line_to(cr, x + r, y);
    cairo_line_to(cr, x, y + r);
    cairo_line_to(cr, x - r, y);
    cairo_close_path(cr);
}

void pm_gantt_frame(gantt *g, int page, int rows, double row_h, double *y0,
                    double *y1)
{
    cairo_t *cr = g->cr;
    pm_gantt_set_band(g, page % g->bands);
    double scale_y = MARGIN + HEADER_H;
    *y0 = g->body_y;
    *y1 = *y0 + rows * row_h;
    header(g, page);
    for (int r = 1; r < rows; r += 2) {
        pm_gantt_rgb(cr, C_STRIPE);
        cairo_rectangle(cr, MARGIN, *y0 + r * row_h, g->tl_x1 - MARGIN, row_h);
        cairo_fill(cr);
    }
    nonworking(g, *y0, *y1);
    time_scale(g, scale_y, *y1);
    pm_gantt_rgb(cr, C_HEAD);
    cairo_rectangle(cr, MARGIN, scale_y, g->col_x[N_COLS] - MARGIN, SCALE_H);
    cairo_fill(cr);
}

void pm_gantt_critical_bar(cairo_t *cr, double x, double y, double w,
                           double h)
{
    pm_gantt_rgb(cr, C_CRIT);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    /* Light diagonal hatching: critical reads in grey print too. */
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.6);
    cairo_set_line_width(cr, 1.3);
    for (double hx = x - h; hx < x + w; hx += 4.5) {
        cairo_move_to(cr, hx, y + h);
        cairo_line_to(cr, hx + h, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* A dashed vertical line at the start of day d across the rows from
 * y0 to y1 (the today and status-date lines), labelled when label is not
 * NULL; nothing when d is off the shown band. */
void pm_gantt_day_line(gantt *g, pm_date d, rgb color, double width,
                       const double *dash, double y0, double y1,
                       const char *label)
{
    cairo_t *cr = g->cr;
    double x = pm_gantt_x(g, d);
    if (x < g->tl_x0 || x > g->tl_x1) {
        return;
    }
    pm_gantt_rgb(cr, color);
    cairo_set_line_width(cr, width);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x, y0);
    cairo_line_to(cr, x, y1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    if (label) {
        pm_gantt_text(g, label, x + 2, y1 - ROW_H, 40, ROW_H, 0, g->small,
                      color);
    }
}
void pm_gantt_status_line(gantt *g, double y0, double y1)
{
    static const double dash[] = {4, 2};
    if (g->o->status_date != PM_NO_DATE) {
        pm_gantt_day_line(g, g->o->status_date, C_STATUS, 1.2, dash, y0, y1,
                          NULL);
    }
}

/* One legend swatch of kind at x, 18 points wide, centred on mid. */
static void swatch(cairo_t *cr, int kind, rgb c, double x, double mid)
{
    pm_gantt_rgb(cr, c);
    switch (kind) {
    case 0: /* a task bar */
        cairo_rectangle(cr, x, mid - 4, 18, 8);
        cairo_fill(cr);
        break;
    case 1: /* a summary bracket */
        cairo_rectangle(cr, x, mid - 2, 18, 4);
        cairo_fill(cr);
        break;
    case 2: /* a milestone */
        pm_gantt_diamond(cr, x + 9, mid, 4.5);
        cairo_fill(cr);
        break;
    case 3: /* a deadline marker */
        cairo_move_to(cr, x + 5.5, mid - 4);
        cairo_line_to(cr, x + 12.5, mid - 4);
        cairo_line_to(cr, x + 9, mid + 1);
        cairo_close_path(cr);
        cairo_fill(cr);
        break;
    case 5: /* progress in a bar */
        pm_gantt_rgb(cr, C_BAR);
        cairo_rectangle(cr, x, mid - 4, 18, 8);
        cairo_fill(cr);
        pm_gantt_rgb(cr, C_DONE);
        cairo_rectangle(cr, x, mid - 1.5, 11, 3);
        cairo_fill(cr);
        break;
    case 6: /* a thin bar: the baseline */
        cairo_rectangle(cr, x, mid - 1.5, 18, 3);
        cairo_fill(cr);
        break;
    case 7: /* critical */
        pm_gantt_critical_bar(cr, x, mid - 4, 18, 8);
        break;
    case 8: /* a dashed line: the 100% line */
        cairo_set_line_width(cr, 1);
        cairo_set_dash(cr, (const double[]){3, 2}, 2, 0);
        cairo_move_to(cr, x, mid);
        cairo_line_to(cr, x + 18, mid);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        break;
    case 10: /* a milestone's P80 mark */
        pm_gantt_p80_mark(cr, x + 3, x + 14, mid);
        break;
    case 9: /* leave: a grey band */
        cairo_rectangle(cr, x, mid - 5, 18, 10);
        cairo_fill(cr);
        break;
    default: /* a vertical line */
        cairo_set_line_width(cr, 1.2);
        cairo_move_to(cr, x + 9, mid - 6);
        cairo_line_to(cr, x + 9, mid + 6);
        cairo_stroke(cr);
        break;
    }
}

void pm_gantt_footer(gantt *g, bool resources)
{
    cairo_t *cr = g->cr;
    double y = g->o->page_h - MARGIN - FOOTER_H + 6, x = MARGIN;
    typedef struct {
        const char *label;
        int kind;
        rgb c;
    } item;
    /* Automatic, not static: the colours are const objects, which C does
     * not count as constant expressions (clang refuses them in statics). */
    const item tasks[] = {
        {"Task", 0, C_BAR},          {"Critical", 7, C_CRIT},
        {"Summary task", 1, C_SUMMARY}, {"Milestone", 2, C_SUMMARY},
        {"Deadline", 3, C_DEADLINE}, {"Status date", 4, C_STATUS},
        {"Progress", 5, C_DONE},     {"Baseline", 6, C_BASELINE}};
    const item load[] = {
        {"Booked load", 0, C_LOAD},
        {"Over capacity", 0, C_OVER},
        {"100% = capacity after leave", 8, C_TEXT},
        {"On leave", 9, C_LEAVE},
        {"Status date", 4, C_STATUS},
        {"Done before the status date", 0, C_LOAD_DONE}};
    item items[12];
    size_t n_items = resources ? sizeof load / sizeof load[0]
                               : sizeof tasks / sizeof tasks[0];
    memcpy(items, resources ? load : tasks, n_items * sizeof *items);
    if (resources && g->o->status_date == PM_NO_DATE) {
        n_items -= 2;
    } else if (resources && g->p->tracked) {
        n_items -= 1; /* with progress the load starts at the status date */
    } else if (!resources && !g->o->variance) {
        n_items -= 2;
    } else if (!resources && !g->o->baseline_bars) {
        n_items -= 1;
    }
    if (!resources && g->p80_marks) {
        items[n_items++] = (item){"P80: 8 in 10 simulated runs finish by then", 10,
                                  C_P80};
    }
    /* Gaps between items shrink to keep the legend on the page. */
    double room = g->o->page_w - 2 * MARGIN, used = 0;
    for (size_t k = 0; k < n_items; k++) {
        used += 22 + pm_gantt_text_width(g, TR(items[k].label), g->small);
    }
    double gap = n_items > 1 ? (room - used) / (double)(n_items - 1) : 0;
    gap = gap > 14 ? 14 : gap < 4 ? 4 : gap;
    for (size_t k = 0; k < n_items; k++) {
        swatch(cr, items[k].kind, items[k].c, x, y + 7);
        x += 22;
        x += pm_gantt_text(g, TR(items[k].label), x, y, 0, 14, 0, g->small,
                           C_TEXT) +
             gap;
    }
}
