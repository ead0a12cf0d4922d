/* planner/model/fidelity.c - what a conversion kept, approximated and dropped
 * (fidelity.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/fidelity.h"

void pm_fidelity_note(pm_fidelity *f, pm_fid_kind kind, const char *what,
                      const char *example, ...)
{
    if (!f) {
        return;
    }
    pm_fid_item *it = NULL;
    for (int i = 0; i < f->n; i++) {
        if (f->items[i].kind == kind && strcmp(f->items[i].what, what) == 0) {
            it = &f->items[i];
        }
    }
    if (!it) {
        if (f->n == f->cap) {
            int cap = f->cap ? f->cap * 2 : 16;
            pm_fid_item *v = realloc(f->items, (size_t)cap * sizeof *v);
            if (!v) {
                return;
            }
            f->items = v;
            f->cap = cap;
        }
        it = &f->items[f->n];
        memset(it, 0, sizeof *it);
        if (!(it->what = strdup(what))) {
            return;
        }
        it->kind = kind;
        f->n++;
    }
    it->count++;
    if (example && it->n_examples < PM_FID_EXAMPLES) {
        va_list ap;
        va_start(ap, example);
        char *s = NULL;
        if (vasprintf(&s, example, ap) >= 0) {
            it->examples[it->n_examples++] = s;
        }
        va_end(ap);
    }
}

void pm_fidelity_reset(pm_fidelity *f)
{
    for (int i = 0; i < f->n; i++) {
        free(f->items[i].what);
        for (int k = 0; k < f->items[i].n_examples; k++) {
            free(f->items[i].examples[k]);
        }
    }
    free(f->items);
    memset(f, 0, sizeof *f);
}

const char *pm_fid_kind_name(pm_fid_kind k)
{
    static const char *const names[] = {"kept", "approximated", "dropped"};
    return names[k];
}
