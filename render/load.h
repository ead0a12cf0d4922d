/* render/load.h - booked load and capacity of every person by week, for
 * the report's Resources sheet and the chart's resource pages (internal to
 * render/). */
#ifndef PM_LOAD_H
#define PM_LOAD_H

#include "planner/model/calendar.h"
#include "planner/model/model.h"

#define PM_LOAD_MAX_WEEKS 260

typedef struct {
    pm_date first;  /* Monday of the first week */
    int weeks;
    int n;          /* people */
    double *booked; /* n x weeks, percent-slots the schedule books */
    double *cap;    /* n x weeks, seat-slots free of leave (a
                       reserve slows work, it takes no seats) */
    double *leave;  /* n x weeks, working slots on leave */
} pm_load;

/* Weekly load from the week of the status date when the project is
 * tracked (finished work holds no booking), else from its start, to its
 * finish. Returns 0 or PM_ENOMEM. */
int pm_load_compute(pm_load *l, const pm_project *p, const pm_schedule *s,
                    const pm_calmap *m);
void pm_load_reset(pm_load *l);

/* Booked and capacity of pool k (sums over its members). */
void pm_load_pool(const pm_load *l, const pm_project *p, int k, int w,
                  double *booked, double *cap);

#endif
