/* render/load.c - weekly load of people and pools (load.h). */
#include "render/load.h"

#include <stdlib.h>
#include <string.h>

static bool on_vacation(const pm_resource *r, pm_date d)
{
    for (int k = 0; k < r->n_vacations; k++) {
        if (d >= r->vacations[k].first && d <= r->vacations[k].last) {
            return true;
        }
    }
    return false;
}

int pm_load_compute(pm_load *l, const pm_project *p, const pm_schedule *s,
                    const pm_calmap *m)
{
    memset(l, 0, sizeof *l);
    pm_date first = pm_calmap_slot_date(m, 0);
    if (p->tracked && p->status_date > first) {
        first = p->status_date;
    }
    first -= pm_date_weekday(first);
    pm_date end = pm_calmap_finish_date(m, 0, s->makespan);
    int weeks = (int)((end - first) / 7) + 1;
    l->first = first;
    l->weeks = weeks < 1 ? 1 : weeks > PM_LOAD_MAX_WEEKS ? PM_LOAD_MAX_WEEKS
                                                        : weeks;
    l->n = p->n_resources;
    size_t cells = (size_t)(l->n + 1) * (size_t)l->weeks;
    l->booked = calloc(cells, sizeof *l->booked);
    l->cap = calloc(cells, sizeof *l->cap);
    l->leave = calloc(cells, sizeof *l->leave);
    if (!l->booked || !l->cap || !l->leave) {
        pm_load_reset(l);
        return PM_ENOMEM;
    }
    for (int slot = 0; slot < s->makespan; slot++) {
        pm_date d = pm_calmap_slot_date(m, slot);
        int w = d < first ? -1 : (int)((d - first) / 7);
        for (int r = 0; r < l->n && w >= 0 && w < l->weeks; r++) {
            if (!on_vacation(&p->resources[r], d)) {
                l->cap[(long)r * l->weeks + w] +=
                    pm_resource_seats(&p->resources[r]);
            } else {
                l->leave[(long)r * l->weeks + w] += 1;
            }
        }
    }
    for (int a = 0; a < s->n_assignments; a++) {
        const pm_assignment *as = &s->assignments[a];
        for (int slot = as->start; slot < as->finish; slot++) {
            pm_date d = pm_calmap_slot_date(m, slot);
            int w = d < first ? -1 : (int)((d - first) / 7);
            if (w >= 0 && w < l->weeks && as->resource < l->n) {
                l->booked[(long)as->resource * l->weeks + w] += as->units;
            }
        }
    }
    return PM_OK;
}

void pm_load_reset(pm_load *l)
{
    free(l->booked);
    free(l->cap);
    free(l->leave);
    memset(l, 0, sizeof *l);
}

void pm_load_pool(const pm_load *l, const pm_project *p, int k, int w,
                  double *booked, double *cap)
{
    const pm_pool *pool = &p->pools[k];
    *booked = *cap = 0;
    for (int m = 0; m < pool->n_members; m++) {
        *booked += l->booked[(long)pool->members[m] * l->weeks + w];
        *cap += l->cap[(long)pool->members[m] * l->weeks + w];
    }
}
