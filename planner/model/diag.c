/* planner/model/diag.c - the diagnostics list: messages with input
 * locations. */
#include "planner/model/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pm_diag_init(pm_diag *d)
{
    memset(d, 0, sizeof *d);
}

void pm_diag_reset(pm_diag *d)
{
    for (int i = 0; i < d->n; i++) {
        free(d->entries[i].file);
        free(d->entries[i].msg);
    }
    free(d->entries);
    pm_diag_init(d);
}

void pm_diag_add(pm_diag *d, pm_severity sev, const pm_loc *loc,
                 const char *fmt, ...)
{
    if (sev == PM_DIAG_ERROR) {
        d->n_errors++;
    }
    if (d->n == d->cap) {
        int cap = d->cap ? d->cap * 2 : 8;
        pm_diag_entry *v = realloc(d->entries, (size_t)cap * sizeof *v);
        if (!v) {
            return;
        }
        d->entries = v;
        d->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    int rc = vasprintf(&msg, fmt, ap);
    va_end(ap);
    if (rc < 0) {
        return;
    }
    pm_diag_entry *e = &d->entries[d->n++];
    e->severity = sev;
    e->file = (loc && loc->file) ? strdup(loc->file) : NULL;
    e->line = loc ? loc->line : 0;
    e->col = loc ? loc->col : 0;
    e->msg = msg;
}

void pm_diag_append(pm_diag *to, const pm_diag *from)
{
    for (int i = 0; i < from->n; i++) {
        const pm_diag_entry *e = &from->entries[i];
        pm_loc l = {e->file, e->line, e->col};
        pm_diag_add(to, e->severity, &l, "%s", e->msg);
    }
}

char *pm_diag_format(const pm_diag_entry *e, const char *prog)
{
    static const char *const names[] = {"error", "warning", "note"};
    char where[64] = "";
    if (e->file && e->line > 0 && e->col > 0) {
        snprintf(where, sizeof where, ":%d:%d", e->line, e->col);
    } else if (e->file && e->line > 0) {
        snprintf(where, sizeof where, ":%d", e->line);
    }
    char *out = NULL;
    if (asprintf(&out, "%s%s: %s: %s", e->file ? e->file : prog, where,
                 names[e->severity], e->msg) < 0) {
        return NULL;
    }
    return out;
}
