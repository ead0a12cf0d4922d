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

#include "planner/model/chain.h"
#include "render/atomic.h"
#include "render/gantt_impl.h"

/* Column widths from the content, with caps so the timeline keeps room. */
/* Column widths from their content, each up to its cap (the name's
 * name_cap). Returns the grid's width. */
static double layout_columns(gantt *g, double name_cap)
{
    double cap[N_COLS] = {60, 230, 90, 70, 70, 40, 40};
    cap[COL_NAME] = name_cap;
    double w[N_COLS];
    char buf[512];
    for (int c = 0; c < N_COLS; c++) {
        w[c] = pm_gantt_text_width(g, TR(col_titles[c]), g->bold);
    }
    for (int r = 0; r < g->n_rows; r++) {
        int i = g->rows[r];
        for (int c = 0; c < N_COLS; c++) {
            if (!g->col_on[c]) {
                continue;
            }
            pm_gantt_cell(g, i, c, buf, sizeof buf);
            bool sum = pm_task_is_summary(&g->p->tasks[i]);
            double tw = pm_gantt_text_width(g, buf, sum ? g->bold : g->font);
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
    return g->col_x[N_COLS] - MARGIN;
}

/* The grid takes at most 45% of the page width, so that the timeline
 * stays usable on narrow paper: without --columns the owner (the bars
 * name the people), days and start columns go first, then long names are
 * cut short. */
static void fit_grid(gantt *g)
{
    double most = 0.45 * (g->o->page_w - 2 * MARGIN);
    double w = layout_columns(g, 230);
    static const int optional[] = {COL_OWNER, COL_DAYS, COL_START};
    for (size_t k = 0; k < 3 && w > most && g->o->columns == 0; k++) {
        g->col_on[optional[k]] = false;
        w = layout_columns(g, 230);
    }
    if (w > most) {
        double name = g->col_x[COL_NAME + 1] - g->col_x[COL_NAME] - 2 * PAD;
        double cut = name - (w - most);
        layout_columns(g, cut > 60 ? cut : 60);
    }
}

/* Keeps the current grid as band kind k's (0 first, 1 later), showing
 * days days. */
static void save_grid(gantt *g, int k, double days)
{
    memcpy(g->grid[k].col_x, g->col_x, sizeof g->col_x);
    memcpy(g->grid[k].col_on, g->col_on, sizeof g->col_on);
    g->grid[k].tl_x0 = g->tl_x0;
    g->grid[k].days = days;
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
        double p80;
        if (pm_gantt_p80(g, i, &p80)) {
            hi = p80 > hi ? p80 : hi;
            g->p80_marks = true;
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
    double days = avail / g->ppd, whole = g->span1 - g->span0;
    save_grid(g, 0, days);
    g->bands = 1;
    if (whole > days + 1e-9) {
        /* Tiled: the later bands carry WBS and name only. */
        for (int c = 0; c < N_COLS; c++) {
            g->col_on[c] = c == COL_WBS || c == COL_NAME;
        }
        layout_columns(g, 150);
        g->tl_x0 = g->col_x[N_COLS] + 6;
        double later = (g->tl_x1 - g->tl_x0) / g->ppd;
        save_grid(g, 1, later);
        g->bands = 1 + (int)ceil((whole - days) / later - 1e-9);
        g->bands = g->bands > 200 ? 200 : g->bands;
    }
    pm_gantt_set_band(g, 0);
}

static void draw_any_page(gantt *g, int page)
{
    if (page / g->bands < g->task_pages) {
        pm_gantt_task_page(g, page);
    } else {
        pm_gantt_resource_page(g, page);
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
    fit_grid(g);
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

static int surface_error(cairo_surface_t *surf, const char *path, pm_diag *diag)
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
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "planner");
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
    int stem =
        dot && (!slash || dot > slash) ? (int)(dot - path) : (int)strlen(path);
    char *out = NULL;
    if (asprintf(&out, "%.*s-%d%s", stem, path, page + 1,
                 dot && (!slash || dot > slash) ? dot : "") < 0) {
        return NULL;
    }
    return out;
}

/* One PNG or SVG file per page, each written whole and renamed. */
/* Puts the page's words (SVG <text> elements in text) on top of the
 * drawing cairo wrote to path. */
static int add_svg_text(const char *path, const char *text,
                        const char *name, pm_diag *diag)
{
    FILE *f = fopen(path, "rb");
    char *doc = NULL;
    long len = 0;
    if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (doc = malloc((size_t)len + 1)) &&
        fread(doc, 1, (size_t)len, f) == (size_t)len) {
        doc[len] = '\0';
    } else {
        free(doc);
        doc = NULL;
    }
    if (f) {
        fclose(f);
    }
    char *end = doc ? strstr(doc, "</svg>") : NULL;
    int rc = PM_OK;
    if (!end || !(f = fopen(path, "wb"))) {
        rc = PM_EIO;
    } else {
        fwrite(doc, 1, (size_t)(end - doc), f);
        fputs("<g id=\"text\">\n", f);
        fputs(text ? text : "", f);
        fputs("</g>\n", f);
        fputs(end, f);
        rc = fclose(f) == 0 ? PM_OK : PM_EIO;
    }
    if (rc != PM_OK) {
        pm_diag_error(diag, NULL, "cannot write '%s'", name);
    }
    free(doc);
    return rc;
}

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
                             CAIRO_FORMAT_RGB24, (int)ceil(g->o->page_w * zoom),
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
            char *text = NULL;
            size_t text_len = 0;
            if (svg && !(g->svg_text = open_memstream(&text, &text_len))) {
                rc = PM_ENOMEM;
            }
            pango_cairo_update_layout(cr, g->lay);
            draw_any_page(g, page);
            g->cr = keep;
            pango_cairo_update_layout(keep, g->lay);
            cairo_destroy(cr);
            if (g->svg_text) {
                fclose(g->svg_text);
                g->svg_text = NULL;
            }
            if (svg && rc == PM_OK) {
                cairo_surface_finish(surf);
                rc = surface_error(surf, file, diag);
                if (rc == PM_OK) {
                    rc = add_svg_text(a.tmp_path, text, file, diag);
                }
            }
            free(text);
            if (!svg && cairo_surface_write_to_png(surf, a.tmp_path) !=
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

/* The tasks on the driving chains o->chain asks for, into g->chain and
 * g->chain_note. Returns 0, PM_EINPUT (an id that is no task) or
 * PM_ENOMEM. */
static int build_chain(gantt *g, pm_diag *diag)
{
    const pm_project *p = g->p;
    const char *list = g->o->chain;
    if (!list) {
        return PM_OK;
    }
    g->chain = calloc((size_t)p->n_tasks + 1, sizeof *g->chain);
    bool *one = malloc(((size_t)p->n_tasks + 1) * sizeof *one);
    int *targets = malloc(((size_t)p->n_tasks + 1) * sizeof *targets);
    int n = 0, rc = g->chain && one && targets ? PM_OK : PM_ENOMEM;
    bool slipped = strcmp(list, "slipped") == 0;
    for (int i = 0; rc == PM_OK && slipped && i < p->n_tasks; i++) {
        const pm_task_variance *tv =
            g->o->variance ? &g->o->variance->tasks[i] : NULL;
        if (p->tasks[i].milestone && tv && tv->in_baseline &&
            tv->finish_var > 0) {
            targets[n++] = i;
        }
    }
    for (const char *at = list; rc == PM_OK && !slipped && *at;) {
        size_t len = strcspn(at, ",");
        char id[256];
        snprintf(id, sizeof id, "%.*s", (int)(len < 255 ? len : 255), at);
        int i = pm_project_find_task(p, id);
        if (i < 0) {
            pm_diag_error(diag, NULL, "--chain: no task '%s' in the project",
                          id);
            rc = PM_EINPUT;
        } else if (n < p->n_tasks) {
            targets[n++] = i;
        }
        at += len + (at[len] == ',');
    }
    size_t used = (size_t)snprintf(
        g->chain_note, sizeof g->chain_note, "%s",
        n == 0 ? TR("no milestone slipped against the baseline")
               : TR("driving chain of "));
    for (int k = 0; rc == PM_OK && k < n; k++) {
        if (pm_schedule_chain(p, g->s, targets[k], one) < 0) {
            rc = PM_ENOMEM;
            break;
        }
        for (int i = 0; i < p->n_tasks; i++) {
            g->chain[i] |= one[i];
        }
        /* Whole names only (never a UTF-8 sequence cut), then how many
         * more. */
        const char *name = p->tasks[targets[k]].name;
        if (used + strlen(name) + 2 < sizeof g->chain_note - 12) {
            used += (size_t)snprintf(g->chain_note + used,
                                     sizeof g->chain_note - used, "%s%s",
                                     k ? ", " : "", name);
        } else if (used < sizeof g->chain_note) {
            snprintf(g->chain_note + used, sizeof g->chain_note - used,
                     TR(" +%d more"), n - k);
            used = sizeof g->chain_note;
        }
    }
    free(one);
    free(targets);
    return rc;
}

/* Percent complete per task into g->done: a leaf's as reported, a
 * summary's over its leaves weighted by their planned duration. */
static int build_done(gantt *g)
{
    const pm_project *p = g->p;
    if (!g->o->variance) {
        return PM_OK;
    }
    int n = p->n_tasks;
    g->done = calloc((size_t)n + 1, sizeof *g->done);
    double *num = calloc((size_t)n + 1, sizeof *num);
    double *den = calloc((size_t)n + 1, sizeof *den);
    int rc = g->done && num && den ? PM_OK : PM_ENOMEM;
    /* Children come after their parent: from the last task up. */
    for (int i = n - 1; rc == PM_OK && i >= 0; i--) {
        const pm_task_sched *ts = &g->s->tasks[i];
        if (pm_task_is_summary(&p->tasks[i])) {
            g->done[i] = den[i] > 0 ? num[i] / den[i] : 0;
        } else {
            g->done[i] = g->o->variance->tasks[i].percent;
            num[i] = g->done[i] * (ts->finish - ts->start);
            den[i] = ts->finish - ts->start;
        }
        int up = p->tasks[i].parent;
        if (up >= 0) {
            num[up] += num[i];
            den[up] += den[i];
        }
    }
    free(num);
    free(den);
    return rc;
}

static void free_gantt(gantt *g)
{
    pm_load_reset(&g->load);
    pm_calmap_reset(&g->map);
    free(g->rows);
    free(g->row_of);
    free(g->chain);
    free(g->done);
}

int pm_render_gantt_pdf(const char *path, const pm_project *p,
                        const pm_schedule *s, const pm_gantt_opts *o,
                        pm_atomic *pending, pm_diag *diag)
{
    gantt g = {.p = p, .s = s, .o = o, .alpha = 1};
    if (pm_calmap_init(&g.map, &p->cal, p->start) != PM_OK) {
        return PM_ENOMEM;
    }
    int rc = build_rows(&g);
    if (rc == PM_OK && !o->no_resource_pages && p->n_resources > 0) {
        rc = pm_load_compute(&g.load, p, s, &g.map);
    }
    if (rc == PM_OK) {
        rc = build_chain(&g, diag);
    }
    if (rc == PM_OK) {
        rc = build_done(&g);
    }
    bool pages = o->format == PM_GANTT_PNG || o->format == PM_GANTT_SVG;
    if (rc == PM_OK && pages) {
        rc = render_pages(&g, path, diag);
    } else if (rc == PM_OK) {
        pm_atomic a;
        rc = pm_atomic_begin(&a, path, diag);
        if (rc == PM_OK) {
            rc = render_pdf(&g, a.tmp_path, diag, path);
            rc = pm_atomic_finish(&a, rc, pending, diag);
        }
    }
    free_gantt(&g);
    return rc;
}
