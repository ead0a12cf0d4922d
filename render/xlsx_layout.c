/* render/xlsx_layout.c - how the report's sheets look on screen and on
 * paper: header rows tall enough for their words, wrapped cells whose rows
 * grow to hold them, frozen key columns, and print setup (A4 landscape,
 * page header and footer, wide sheets split across pages with their key
 * columns repeated). */
#include <stdio.h>
#include <string.h>

#include "render/xlsx_report.h"

/* Points a line of 11-point text takes in a row. */
#define LINE_PT 15.0
/* Widest sheet (in character units) printed one page wide (A4 landscape
 * holds about 140 at full size, so down to about 65%); wider ones are
 * split across pages at PRINT_SCALE percent. */
#define FIT_WIDTH 220.0
#define PRINT_SCALE 70

/* Display width of the UTF-8 character at s in character units (East
 * Asian wide ones take two); *len gets its byte length. */
static double char_width(const unsigned char *s, int *len)
{
    if (*s < 0x80) { /* Calibri: digits and capitals about 1, lower case
                        less, a space half */
        *len = 1;
        return *s == ' ' ? 0.5 : *s >= 'a' && *s <= 'z' ? 0.85 : 1.0;
    }
    unsigned cp = 0;
    int n = *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : 2;
    cp = *s & (0x3F >> (n - 1));
    for (int k = 1; k < n && (s[k] & 0xC0) == 0x80; k++) {
        cp = cp << 6 | (s[k] & 0x3F);
    }
    *len = n;
    for (int k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) {
            *len = k; /* a broken sequence: one byte at a time */
            break;
        }
    }
    bool wide = (cp >= 0x1100 && cp <= 0x115F) ||
                (cp >= 0x2E80 && cp <= 0xA4CF) ||
                (cp >= 0xAC00 && cp <= 0xD7A3) ||
                (cp >= 0xF900 && cp <= 0xFAFF) ||
                (cp >= 0xFE30 && cp <= 0xFE4F) ||
                (cp >= 0xFF00 && cp <= 0xFF60) ||
                (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000;
    return wide ? 2.0 : 1.0;
}

/* Ends a word of width *word on the line so far (*line wide, lines
 * counted in *lines): it goes on a new line if it does not fit, and is cut
 * where it is longer than a line. */
static void end_word(double *line, double *word, double room, int *lines)
{
    if (*line + *word > room && *line > 0) {
        (*lines)++;
        *line = 0;
    }
    while (*word > room) {
        (*lines)++;
        *word -= room;
    }
    *line += *word;
    *word = 0;
}

int pm_xlsx_lines(const char *text, double width)
{
    /* Word wrap as a spreadsheet does it: at spaces, or anywhere between
     * wide characters; a word longer than the line is cut. */
    double room = width > 2 ? width - 0.5 : 1.0, line = 0, word = 0;
    int lines = 1;
    for (const unsigned char *s = (const unsigned char *)(text ? text : "");
         *s;) {
        int len;
        double w = char_width(s, &len);
        if (*s == '\n') {
            lines++;
            line = word = 0;
        } else if (*s == ' ' || w > 1.0) {
            /* The word so far ends here (a wide character is a word). */
            word += w > 1.0 ? w : 0;
            end_word(&line, &word, room, &lines);
            line += *s == ' ' ? 0.5 : 0.0;
        } else {
            word += w;
        }
        s += len;
    }
    end_word(&line, &word, room, &lines);
    return lines;
}

/* Makes row tall enough for lines of text (and for what it was made to
 * hold before, while it is the row being written); pad points above. */
static void grow_row(pm_xlsx_report *x, lxw_worksheet *ws, int row,
                     int lines, double pad)
{
    if (x->fit_ws == ws && x->fit_row == row) {
        lines = lines > x->fit_lines ? lines : x->fit_lines;
    }
    x->fit_ws = ws;
    x->fit_row = row;
    x->fit_lines = lines;
    if (lines > 1 || row == 0) {
        worksheet_set_row(ws, (lxw_row_t)row, lines * LINE_PT + pad, NULL);
    }
}

void pm_xlsx_wrap(pm_xlsx_report *x, lxw_worksheet *ws, int row, int col,
                  const char *s, double width)
{
    pm_xlsx_text(ws, row, col, s, x->f.wrap);
    grow_row(x, ws, row, pm_xlsx_lines(s, width), 2);
}

void pm_xlsx_head_cell(pm_xlsx_report *x, lxw_worksheet *ws, int col,
                       const char *s, double width)
{
    worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, width, NULL);
    pm_xlsx_text(ws, 0, col, s, x->f.head);
    /* Bold runs a little wider. */
    grow_row(x, ws, 0, pm_xlsx_lines(s, width / 1.07), 3);
}

/* Appends s to buf (of size n, holding len bytes) for a page header:
 * '&' doubled, cut at a whole character before max bytes. */
static size_t header_text(char *buf, size_t n, size_t len, const char *s,
                          size_t max)
{
    size_t used = 0;
    for (const unsigned char *c = (const unsigned char *)(s ? s : "");
         *c && len + 3 < n;) {
        int k;
        char_width(c, &k);
        if (used + (size_t)k > max) {
            break;
        }
        for (int b = 0; b < k && c[b]; b++) {
            if (c[b] == '&') {
                buf[len++] = '&';
            }
            buf[len++] = (char)c[b];
        }
        used += (size_t)k;
        c += k;
    }
    buf[len] = '\0';
    return len;
}

void pm_xlsx_page_setup(const pm_xlsx_report *x, lxw_worksheet *ws,
                        bool fit_width)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    if (fit_width) {
        worksheet_fit_to_pages(ws, 1, 0);
    } else {
        worksheet_set_print_scale(ws, PRINT_SCALE);
    }
    worksheet_set_margins(ws, 0.4, 0.4, 0.7, 0.7);
    /* Header: the project left, the sheet centre, the status date right;
     * footer: the run left, "Page i of n" right. Kept under Excel's 255
     * characters. */
    char head[256], foot[128], date[11];
    snprintf(head, sizeof head, "&L");
    size_t len = header_text(head, sizeof head, 2, x->p->name, 120);
    snprintf(head + len, sizeof head - len, "&C&A");
    if (x->o->status_date != PM_NO_DATE) {
        len = strlen(head);
        snprintf(head + len, sizeof head - len, "&R%s %s",
                 XTR("Status date"), pm_date_format(x->o->status_date, date));
    }
    if (x->o->run_id > 0) {
        snprintf(foot, sizeof foot, XTR("&Lplanner, run %lld&RPage &P of &N"),
                 x->o->run_id);
    } else {
        snprintf(foot, sizeof foot, "%s", XTR("&Lplanner&RPage &P of &N"));
    }
    worksheet_set_header(ws, head);
    worksheet_set_footer(ws, foot);
}

void pm_xlsx_header(pm_xlsx_report *x, lxw_worksheet *ws,
                    const char *const *heads, const double *widths, int n,
                    int key_cols)
{
    double total = 0;
    for (int c = 0; c < n; c++) {
        pm_xlsx_head_cell(x, ws, c, XTR(heads[c]), widths[c]);
        total += widths[c];
    }
    worksheet_freeze_panes(ws, 1, (lxw_col_t)key_cols);
    worksheet_repeat_rows(ws, 0, 0);
    bool fit = total <= FIT_WIDTH;
    if (!fit && key_cols > 0) {
        worksheet_repeat_columns(ws, 0, (lxw_col_t)(key_cols - 1));
    }
    pm_xlsx_page_setup(x, ws, fit);
}

void pm_xlsx_color_scale(lxw_worksheet *ws, int r0, int c0, int r1, int c1,
                         const double at[3], const unsigned color[3])
{
    lxw_conditional_format heat = {0};
    heat.type = LXW_CONDITIONAL_3_COLOR_SCALE;
    heat.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    heat.min_value = at[0];
    heat.min_color = color[0];
    heat.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    heat.mid_value = at[1];
    heat.mid_color = color[1];
    heat.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    heat.max_value = at[2];
    heat.max_color = color[2];
    worksheet_conditional_format_range(ws, (lxw_row_t)r0, (lxw_col_t)c0,
                                       (lxw_row_t)r1, (lxw_col_t)c1, &heat);
}

void pm_xlsx_heat_map(lxw_worksheet *ws, int r0, int c0, int r1, int c1,
                      double mid, unsigned mid_color, double max)
{
    const double at[3] = {0, mid, max};
    const unsigned color[3] = {0xFFFFFF, mid_color, 0xF8696B};
    pm_xlsx_color_scale(ws, r0, c0, r1, c1, at, color);
}

/* A date axis over [lo, hi]: ticks on Mondays every 1, 2, 4 or a
 * multiple of 4 weeks, at most max_ticks of them, labelled with their
 * exact dates (a value axis: the points lie at their real dates). */
void pm_xlsx_date_axis(lxw_chart_axis *axis, pm_date lo, pm_date hi,
                       int max_ticks)
{
    pm_date first = lo - pm_date_weekday(lo);
    int weeks = (int)((hi - first) / 7) + 1;
    int step = 1;
    while ((weeks + step - 1) / step > max_ticks) {
        step = step < 4 ? step * 2 : step + 4;
    }
    int ticks = (weeks + step - 1) / step;
    chart_axis_set_min(axis, pm_date_to_excel(first));
    chart_axis_set_max(axis, pm_date_to_excel(first + 7 * step * ticks));
    chart_axis_set_major_unit(axis, 7.0 * step);
    chart_axis_set_num_format(axis, "yyyy-mm-dd");
}

/* In a Chinese report, the chart's words in the report's font. */
void pm_xlsx_chart_fonts(const pm_xlsx_report *x, lxw_chart *c)
{
    if (x->p->language != PM_LANG_ZH) {
        return;
    }
    lxw_chart_font font = {.name = PM_XLSX_ZH_FONT};
    lxw_chart_font bold = {.name = PM_XLSX_ZH_FONT, .bold = 1, .size = 14};
    chart_title_set_name_font(c, &bold);
    chart_axis_set_name_font(c->x_axis, &font);
    chart_axis_set_name_font(c->y_axis, &font);
    chart_axis_set_num_font(c->x_axis, &font);
    chart_axis_set_num_font(c->y_axis, &font);
    chart_legend_set_font(c, &font);
}
