/* render/xlsx_registers.c - the report's Risks and Change requests sheets:
 * the registers as this run's project file gives them, and what changed in
 * each since the last run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/xlsx_report.h"

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* "status open -> mitigating; probability 30% -> 50%" or "new"; the
 * caller frees it. */
static char *risk_change(const pm_xlsx_report *x, const pm_run_risk *now,
                         const pm_run *prev)
{
    const pm_run_risk *was = NULL;
    for (int i = 0; prev && i < prev->n_risks && !was; i++) {
        if (strcmp(prev->risks[i].id, now->id) == 0) {
            was = &prev->risks[i];
        }
    }
    if (!prev) {
        return NULL;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        return NULL;
    }
    if (!was) {
        fputs(XTR("new"), f);
    } else {
        const char *sep = "";
        if (!same(was->status, now->status)) {
            fprintf(f, XTR("status %s -> %s"), was->status, now->status);
            sep = "; ";
        }
        if (was->probability != now->probability) {
            fprintf(f, XTR("%sprobability %d%% -> %d%%"), sep,
                    was->probability, now->probability);
            sep = "; ";
        }
        if (was->impact != now->impact) {
            fprintf(f, XTR("%simpact %d -> %d"), sep, was->impact,
                    now->impact);
            sep = "; ";
        }
        if (!same(was->mitigation, now->mitigation)) {
            fprintf(f, XTR("%smitigation changed"), sep);
        }
    }
    fclose(f);
    return text;
}

void pm_xlsx_risks_sheet(pm_xlsx_report *x)
{
    static const char *const heads[] = {
        "ID", "Title", "Probability", "Impact (1-5)", "Score", "Owner",
        "Status", "Mitigation", "Tasks", "Since last run"};
    static const double widths[] = {10, 40, 11, 10, 8, 12, 12, 40, 24, 36};
    enum { NCOL = sizeof heads / sizeof heads[0] };
    const pm_xlsx_formats *f = &x->f;
    const pm_run *cur = x->o->current, *prev = x->v->previous;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, XTR("Risks"));
    pm_xlsx_header(x, ws, heads, widths, NCOL, 2);
    int r = 1;
    for (int i = 0; cur && i < cur->n_risks; i++, r++) {
        const pm_run_risk *k = &cur->risks[i];
        pm_xlsx_text(ws, r, 0, k->id, f->text);
        pm_xlsx_wrap(x, ws, r, 1, k->title, widths[1]);
        pm_xlsx_num(ws, r, 2, k->probability / 100.0, f->pct);
        pm_xlsx_num(ws, r, 3, k->impact, f->num);
        pm_xlsx_num(ws, r, 4, k->probability * k->impact / 100.0, f->dec);
        pm_xlsx_text(ws, r, 5, k->owner, f->text);
        pm_xlsx_text(ws, r, 6, k->status, f->text);
        pm_xlsx_wrap(x, ws, r, 7, k->mitigation, widths[7]);
        pm_xlsx_text(ws, r, 8, k->tasks, f->text);
        char *change = risk_change(x, k, prev);
        pm_xlsx_text(ws, r, 9, change, f->text);
        free(change);
    }
    for (int i = 0; prev && i < prev->n_risks; i++) {
        bool kept = false;
        for (int j = 0; cur && j < cur->n_risks && !kept; j++) {
            kept = strcmp(cur->risks[j].id, prev->risks[i].id) == 0;
        }
        if (!kept) {
            pm_xlsx_text(ws, r, 0, prev->risks[i].id, f->text);
            pm_xlsx_wrap(x, ws, r, 1, prev->risks[i].title, widths[1]);
            pm_xlsx_text(ws, r++, 9, XTR("removed from the register"), f->text);
        }
    }
    if (r > 1) {
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)(r - 1), NCOL - 1);
        /* the score: amber from 1.5, red from 3.5 */
        pm_xlsx_heat_map(ws, 1, 4, r - 1, 4, 1.5, 0xFFEB84, 3.5);
    }
}

void pm_xlsx_changes_register_sheet(pm_xlsx_report *x)
{
    static const char *const heads[] = {"ID",    "Title", "Status",
                                        "Date",  "Tasks", "Since last run"};
    static const double widths[] = {10, 44, 12, 12, 24, 30};
    enum { NCOL = sizeof heads / sizeof heads[0] };
    const pm_xlsx_formats *f = &x->f;
    const pm_run *cur = x->o->current, *prev = x->v->previous;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, XTR("Change requests"));
    pm_xlsx_header(x, ws, heads, widths, NCOL, 2);
    int r = 1;
    for (int i = 0; cur && i < cur->n_changes; i++, r++) {
        const pm_run_change *k = &cur->changes[i];
        pm_xlsx_text(ws, r, 0, k->id, f->text);
        pm_xlsx_wrap(x, ws, r, 1, k->title, widths[1]);
        pm_xlsx_text(ws, r, 2, k->status, f->text);
        pm_xlsx_date(ws, r, 3, k->date, f->date);
        pm_xlsx_text(ws, r, 4, k->tasks, f->text);
        const pm_run_change *was = NULL;
        for (int j = 0; prev && j < prev->n_changes && !was; j++) {
            if (strcmp(prev->changes[j].id, k->id) == 0) {
                was = &prev->changes[j];
            }
        }
        char buf[96] = "";
        if (prev && !was) {
            snprintf(buf, sizeof buf, "%s", XTR("new"));
        } else if (was && !same(was->status, k->status)) {
            snprintf(buf, sizeof buf, XTR("status %.30s -> %.30s"), was->status,
                     k->status);
        }
        pm_xlsx_text(ws, r, 5, buf, f->text);
    }
    if (r > 1) {
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)(r - 1), NCOL - 1);
    }
}
