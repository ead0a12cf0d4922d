/* render/gantt_tasks.c - the task pages (gantt_impl.h): the WBS grid,
 * bars with progress, baselines, deadlines, milestones, float tails, the
 * people on each bar, and dependency links (stubs where the other end is
 * on another page). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/assigned.h"
#include "render/gantt_impl.h"

/* Bar ends of task i in points; a milestone has x0 == x1. */
static void bar_x(const gantt *g, int i, double *x0, double *x1)
{
    const pm_task_sched *ts = &g->s->tasks[i];
    if (ts->finish <= ts->start) {
        double t = ts->start > 0 ? pm_calmap_slot_end(&g->map, ts->start - 1)
                                 : pm_calmap_slot_begin(&g->map, 0);
        *x0 = *x1 = pm_gantt_x(g, t);
        return;
    }
    *x0 = pm_gantt_x(g, pm_calmap_slot_begin(&g->map, ts->start));
    *x1 = pm_gantt_x(g, pm_calmap_slot_end(&g->map, ts->finish - 1));
}

bool pm_gantt_p80(const gantt *g, int i, double *t)
{
    const pm_outlook *o = g->o->outlook;
    const pm_task *t_ = &g->p->tasks[i];
    if (!o || i >= o->n_tasks || !t_->milestone || pm_task_is_summary(t_) ||
        pm_task_done(t_) || o->tasks[i].p80 <= g->s->tasks[i].finish) {
        return false;
    }
    int slot = o->tasks[i].p80;
    *t = slot > 0 ? pm_calmap_slot_end(&g->map, slot - 1)
                  : pm_calmap_slot_begin(&g->map, 0);
    return true;
}

void pm_gantt_p80_mark(cairo_t *cr, double x, double xp, double mid)
{
    pm_gantt_rgb(cr, C_P80);
    cairo_set_line_width(cr, 0.8);
    if (xp - x > 9) {
        cairo_move_to(cr, x + 4.5, mid);
        cairo_line_to(cr, xp - 4, mid);
        cairo_stroke(cr);
    }
    cairo_set_line_width(cr, 1.3);
    cairo_new_sub_path(cr);
    cairo_arc(cr, xp, mid, 3.3, 0, 2 * M_PI);
    cairo_stroke(cr);
}

/* Where milestone i's P80 mark goes, or x itself without one. */
static double p80_x(const gantt *g, int i, double x)
{
    double t;
    return pm_gantt_p80(g, i, &t) ? pm_gantt_x(g, t) : x;
}

/* Whether summary i's children are hidden (--depth): its row then
 * stands for the whole branch. */
static bool collapsed(const gantt *g, int i)
{
    const pm_task *t = &g->p->tasks[i];
    return pm_task_is_summary(t) && g->o->depth > 0 &&
           t->level + 1 >= g->o->depth;
}

/* The bar of a task, or of a collapsed branch, between x0 and x1 on the
 * row's middle line mid: its baseline under it, critical hatching,
 * progress, a late outline and the float tail. */
static void task_bar(gantt *g, int i, double x0, double x1, double mid)
{
    cairo_t *cr = g->cr;
    const pm_task *t = &g->p->tasks[i];
    const pm_task_sched *ts = &g->s->tasks[i];
    const pm_task_variance *tv =
        g->o->variance ? &g->o->variance->tasks[i] : NULL;
    bool base = tv && tv->in_baseline && g->o->baseline_bars;
    double top = base ? mid - 5.5 : mid - 4.5, h = base ? 7.5 : 9;
    double w = x1 - x0 < 1.5 ? 1.5 : x1 - x0;
    if (base) { /* the baseline, thin and grey, under the bar */
        double b0 = pm_gantt_x(g, tv->base_start);
        double b1 = pm_gantt_x(g, tv->base_finish + 1.0);
        pm_gantt_rgb(cr, C_BASELINE);
        cairo_rectangle(cr, b0, mid + 2.8, b1 - b0 > 1.5 ? b1 - b0 : 1.5, 3);
        cairo_fill(cr);
    }
    if (ts->critical) {
        pm_gantt_critical_bar(cr, x0, top, w, h);
    } else {
        pm_gantt_rgb(cr, C_BAR);
        cairo_rectangle(cr, x0, top, w, h);
        cairo_fill(cr);
    }
    double done = g->done ? g->done[i] : 0;
    if (done > 0) { /* done so far, darker */
        pm_gantt_rgb(cr, ts->critical ? C_DONE_CRIT : C_DONE);
        cairo_rectangle(cr, x0, top + h / 2 - 1.5, w * done / 100, 3);
        cairo_fill(cr);
    }
    if (ts->late) {
        pm_gantt_rgb(cr, C_DEADLINE);
        cairo_set_line_width(cr, 1.2);
        cairo_rectangle(cr, x0, top, w, h);
        cairo_stroke(cr);
    }
    if (g->o->float_tails && !ts->critical && ts->total_float > 0 &&
        ts->total_float < 100000 && !pm_task_started(t)) {
        double xf = pm_gantt_x(
            g, pm_calmap_slot_end(&g->map, ts->finish - 1 + ts->total_float));
        pm_gantt_rgb(cr, C_BAR);
        cairo_set_line_width(cr, 0.8);
        cairo_move_to(cr, x1, mid);
        cairo_line_to(cr, xf, mid);
        cairo_move_to(cr, xf, mid - 2.5);
        cairo_line_to(cr, xf, mid + 2.5);
        cairo_stroke(cr);
    }
}

/* A milestone's diamond at x on mid, critical ones red with a light core
 * (critical in grey too); r is its radius. */
static void milestone_mark(gantt *g, int i, double x, double mid, double r)
{
    cairo_t *cr = g->cr;
    bool crit = g->s->tasks[i].critical;
    pm_gantt_rgb(cr, crit ? C_CRIT : C_SUMMARY);
    pm_gantt_diamond(cr, x, mid, r);
    cairo_fill(cr);
    if (crit) {
        pm_gantt_rgb(cr, C_WHITE);
        pm_gantt_diamond(cr, x, mid, r * 0.4);
        cairo_fill(cr);
    }
}

/* The milestones inside collapsed branch i, on its bar, outlined white so
 * they stand out on it. */
static void rolled_up_milestones(gantt *g, int i, double mid)
{
    const pm_project *p = g->p;
    for (int k = i + 1; k < p->n_tasks && p->tasks[k].level > p->tasks[i].level;
         k++) {
        if (!p->tasks[k].milestone || pm_task_is_summary(&p->tasks[k])) {
            continue;
        }
        double x0, x1;
        bar_x(g, k, &x0, &x1);
        double xp = p80_x(g, k, x0);
        if (xp > x0) {
            pm_gantt_p80_mark(g->cr, x0, xp, mid);
        }
        pm_gantt_rgb(g->cr, C_WHITE);
        pm_gantt_diamond(g->cr, x0, mid, 5.2);
        cairo_fill(g->cr);
        milestone_mark(g, k, x0, mid, 4);
    }
}

/* Draws task i's bar in the row at y, with label (the people, and the
 * links to rows on other pages) beside it; striped rows are shaded. A
 * collapsed branch is drawn as one bar (rolled-up progress, baseline,
 * critical) with its milestones on it. */
static void draw_bar(gantt *g, int i, double y, bool striped,
                     const char *label)
{
    cairo_t *cr = g->cr;
    const pm_task *t = &g->p->tasks[i];
    double x0, x1, mid = y + ROW_H / 2;
    bar_x(g, i, &x0, &x1);
    if (collapsed(g, i)) {
        task_bar(g, i, x0, x1, mid);
        rolled_up_milestones(g, i, mid);
    } else if (pm_task_is_summary(t)) {
        pm_gantt_rgb(cr, C_SUMMARY);
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
        double xp = p80_x(g, i, x0);
        if (xp > x0) {
            pm_gantt_p80_mark(cr, x0, xp, mid);
            x1 = xp + 1; /* the label goes after the mark */
        }
        milestone_mark(g, i, x0, mid, 4.5);
    } else {
        task_bar(g, i, x0, x1, mid);
    }
    if (t->deadline != PM_NO_DATE) {
        double xd = pm_gantt_x(g, t->deadline + 1.0);
        if (xd >= g->tl_x0 && xd <= g->tl_x1) {
            pm_gantt_rgb(cr, C_DEADLINE);
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
    if (label[0]) {
        /* Right of the bar where it fits, else left of it when there is
         * more room there; ellipsized to the room, within this row, on a
         * patch of the row's colour so link lines never cross the text. */
        double w = pm_gantt_text_width(g, label, g->small);
        double gap = t->milestone ? 7 : 3;
        double right = g->tl_x1 - x1 - gap - 2;
        double left = x0 - g->tl_x0 - gap - 2;
        bool on_right = w <= right || right >= left;
        double room = on_right ? right : left;
        if (room > 20) {
            double used = w < room ? w : room;
            double lx = on_right ? x1 + gap : x0 - gap - used;
            pm_gantt_rgb(cr, striped ? C_STRIPE : C_WHITE);
            cairo_rectangle(cr, lx - 1, y + 2, used + 2, ROW_H - 4);
            cairo_fill(cr);
            pm_gantt_text(g, label, lx, y, used, ROW_H, on_right ? 0 : 2,
                          g->small, C_MUTED);
        }
    }
}

/* A link whose other end is on another page: a short stub at this end,
 * pointing up or down to the page of the other task (the row's label
 * names its WBS code), so nothing is lost when rows run over pages. */
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
    pm_gantt_rgb(cr, C_LINK);
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
    } else { /* it arrives at this task */
        cairo_move_to(cr, x, mid);
        cairo_line_to(cr, x + (at_finish ? 3.5 : -3.5), mid - 2.2);
        cairo_line_to(cr, x + (at_finish ? 3.5 : -3.5), mid + 2.2);
    }
    cairo_close_path(cr);
    cairo_fill(cr);
}

/* Whether link d is drawn on the page of rows [first, last), and where its
 * ends are: *a, *b whether the predecessor's and successor's rows are on
 * it. False for links inside a collapsed branch. */
static bool link_ends(const gantt *g, const pm_dep *d, int first, int last,
                      bool *a, bool *b)
{
    int ra = g->row_of[d->pred], rb = g->row_of[d->succ];
    if (ra == rb || g->rows[ra] != d->pred || g->rows[rb] != d->succ) {
        return false;
    }
    *a = ra >= first && ra < last;
    *b = rb >= first && rb < last;
    return *a || *b;
}

/* The label beside task i's bar: its people, then the WBS codes of the
 * tasks its links lead to or come from on other pages ("from 1.2, 1.4 to
 * 3.1"), at most three each way and how many more. One label a row, in
 * its row: labels never overprint each other. */
static void row_label(const gantt *g, int i, int first, int last, char *buf,
                      size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    if (!pm_task_is_summary(&g->p->tasks[i])) {
        pm_assigned_text(buf, size, g->p, g->s, i);
        len = strlen(buf);
    }
    for (int dir = 0; dir < 2; dir++) { /* 0: from, 1: to */
        int shown = 0, more = 0;
        for (int k = 0; k < g->p->n_deps && len + 1 < size; k++) {
            const pm_dep *d = &g->p->deps[k];
            bool a, b;
            if ((dir ? d->pred : d->succ) != i ||
                !link_ends(g, d, first, last, &a, &b) || (a && b)) {
                continue;
            }
            if (shown == 3) {
                more++;
                continue;
            }
            int other = dir ? d->succ : d->pred;
            int w = snprintf(buf + len, size - len, "%s%s",
                             shown ? ", "
                             : len ? (dir ? TR("  to ") : TR("  from "))
                                   : (dir ? TR("to ") : TR("from ")),
                             g->p->tasks[other].wbs);
            len += w > 0 && (size_t)w < size - len ? (size_t)w : 0;
            shown++;
        }
        if (more > 0 && len + 1 < size) {
            int w = snprintf(buf + len, size - len, " +%d", more);
            len += w > 0 && (size_t)w < size - len ? (size_t)w : 0;
        }
    }
}

/* What is drawn between begin_fade(g, true) and end_fade(g, true) shows
 * at a quarter of its strength: off the driving chain being shown. */
static void begin_fade(gantt *g, bool fade)
{
    if (fade) {
        cairo_push_group(g->cr);
        g->alpha = 0.25; /* for text kept as text (SVG) */
    }
}

static void end_fade(gantt *g, bool fade)
{
    if (fade) {
        cairo_pop_group_to_source(g->cr);
        cairo_paint_with_alpha(g->cr, 0.25);
        g->alpha = 1;
    }
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
    pm_gantt_rgb(cr, C_LINK);
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


/* On a driving chain, dashed links where a task takes over the people of
 * the one before it (no dependency between them: the same people). */
static void draw_handovers(gantt *g, int first, int last, double y0)
{
    if (!g->chain) {
        return;
    }
    for (int r = first; r < last; r++) {
        int j = g->rows[r];
        int b = g->s->tasks[j].waits_for;
        if (!g->chain[j] || g->s->tasks[j].driver != PM_DRIVE_RESOURCES ||
            b < 0 || !g->chain[b] || g->rows[g->row_of[b]] != b ||
            g->row_of[b] < first || g->row_of[b] >= last) {
            continue;
        }
        pm_dep d = {.pred = b, .succ = j, .type = PM_DEP_FS};
        static const double dash[] = {3, 2};
        cairo_set_dash(g->cr, dash, 2, 0);
        draw_link(g, &d, y0 + (g->row_of[b] - first) * ROW_H,
                  y0 + (r - first) * ROW_H);
        cairo_set_dash(g->cr, NULL, 0, 0);
    }
}

void pm_gantt_task_page(gantt *g, int page)
{
    cairo_t *cr = g->cr;
    int first = page / g->bands * g->rows_per_page;
    int last = first + g->rows_per_page;
    if (last > g->n_rows) {
        last = g->n_rows;
    }
    double scale_y = MARGIN + HEADER_H, y0, y1;
    pm_gantt_frame(g, page, last - first, ROW_H, &y0, &y1);
    for (int c = 0; c < N_COLS; c++) {
        if (g->col_on[c]) {
            pm_gantt_text(g, TR(col_titles[c]), g->col_x[c] + PAD,
                          scale_y + SCALE_H / 2,
                          g->col_x[c + 1] - g->col_x[c] - 2 * PAD, SCALE_H / 2,
                          0, g->bold, C_TEXT);
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
            pm_gantt_cell(g, i, c, buf, sizeof buf);
            double indent = c == COL_NAME ? t->level * 8.0 : 0;
            double w = g->col_x[c + 1] - g->col_x[c] - 2 * PAD - indent;
            pm_gantt_text(
                g, buf, g->col_x[c] + PAD + indent, y, w > 4 ? w : 4, ROW_H,
                c >= COL_START ? 2 : 0, sum ? g->bold : g->font,
                g->s->tasks[i].critical && !sum && c == COL_NAME ? C_CRIT
                                                                 : C_TEXT);
        }
    }
    /* Grid lines. */
    pm_gantt_rgb(cr, C_GRID);
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
        bool a, b;
        if (!link_ends(g, d, first, last, &a, &b)) {
            continue; /* elsewhere, or inside a collapsed branch */
        }
        bool fade = g->chain && !(g->chain[d->pred] && g->chain[d->succ]);
        begin_fade(g, fade);
        if (a && b) {
            draw_link(g, d, y0 + (ra - first) * ROW_H,
                      y0 + (rb - first) * ROW_H);
        } else {
            draw_link_stub(g, d, a, y0 + ((a ? ra : rb) - first) * ROW_H);
        }
        end_fade(g, fade);
    }
    draw_handovers(g, first, last, y0);
    for (int r = first; r < last; r++) {
        char label[512];
        int i = g->rows[r];
        row_label(g, i, first, last, label, sizeof label);
        bool fade = g->chain && !g->chain[i];
        begin_fade(g, fade);
        draw_bar(g, i, y0 + (r - first) * ROW_H, (r - first) % 2 == 1, label);
        end_fade(g, fade);
    }
    cairo_restore(cr);
    if (g->o->today != PM_NO_DATE) {
        static const double dot[] = {1, 2};
        pm_gantt_day_line(g, g->o->today, C_TODAY, 1.0, dot, scale_y, y1,
                          TR("today"));
    }
    pm_gantt_status_line(g, scale_y, y1);
    pm_gantt_footer(g, false);
}
