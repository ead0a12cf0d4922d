/* render/assigned.c - who does a task, in words (assigned.h). */
#include "render/assigned.h"

#include <stdio.h>
#include <string.h>

char *pm_assigned_text(char *buf, size_t size, const pm_project *p,
                       const pm_schedule *s, int i)
{
    buf[0] = '\0';
    int count, first = pm_schedule_assignments_of(s, i, &count);
    size_t len = 0;
    for (int k = first; k < first + count && len + 1 < size; k++) {
        const pm_assignment *a = &s->assignments[k];
        bool seen = false;
        int units = a->units;
        for (int e = first; e < first + count; e++) {
            if (s->assignments[e].resource != a->resource) {
                continue;
            }
            seen |= e < k;
            units = s->assignments[e].units > units ? s->assignments[e].units
                                                    : units;
        }
        if (seen) {
            continue;
        }
        const pm_resource *r = &p->resources[a->resource];
        int share = r->max_units > 0 ? (units * 100 + r->max_units / 2) /
                                           r->max_units
                                     : 100;
        int w = share < 100
                    ? snprintf(buf + len, size - len, "%s%s %d%%",
                               len ? ", " : "", r->name, share)
                    : snprintf(buf + len, size - len, "%s%s",
                               len ? ", " : "", r->name);
        len += w > 0 ? (size_t)w : 0;
    }
    if (len == 0 && p->tasks[i].owner >= 0) {
        snprintf(buf, size, "%s", p->resources[p->tasks[i].owner].name);
    }
    return buf;
}
