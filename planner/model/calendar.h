/* planner/model/calendar.h - the project calendar: working days, slots and
 * dates.
 *
 * Working days are the weekdays in cal->workdays minus holidays. Working day 0
 * is the first working day on or after the project start; slot s lies in
 * working day s / slots_per_day. pm_calendar_prepare() builds a table of the
 * working days up to just past the last holiday; beyond it the week repeats,
 * so every mapping is exact for any date in range and costs O(log n) or O(1).
 *
 * Calendar times for drawing are doubles in days since 1970-01-01: slot s of
 * a working day d begins at d + (s % slots_per_day) / slots_per_day. */
#ifndef PM_CALENDAR_H
#define PM_CALENDAR_H

#include "planner/model/model.h"

typedef struct {
    const pm_calendar *cal; /* borrowed */
    pm_date base;           /* working day 0 */
    pm_date *days;          /* owned: working days in [base, table_end) */
    int n_days;
    pm_date table_end;      /* no holidays on or after this date */
    int per_week;           /* working weekdays per week, 1..7 */
} pm_calmap;

/* Builds the map for a calendar and a project start. Returns 0, PM_ENOMEM,
 * or PM_EINPUT when the calendar has no working weekday. */
int pm_calmap_init(pm_calmap *m, const pm_calendar *cal, pm_date start);
void pm_calmap_reset(pm_calmap *m);

bool pm_calendar_is_workday(const pm_calendar *cal, pm_date d);
/* Index of the first working day on or after d; 0 for d before the base. */
int pm_calmap_index(const pm_calmap *m, pm_date d);
/* Date of working day i (i >= 0). */
pm_date pm_calmap_date(const pm_calmap *m, int i);

/* First slot of the first working day on or after d. */
int pm_calmap_slot_of_date(const pm_calmap *m, pm_date d);
/* The working day that holds slot s. */
pm_date pm_calmap_slot_date(const pm_calmap *m, int s);
/* Calendar times (days since 1970-01-01) where slot s begins and ends. */
double pm_calmap_slot_begin(const pm_calmap *m, int s);
double pm_calmap_slot_end(const pm_calmap *m, int s);

/* Display dates of a scheduled interval [start, finish) in slots: the day
 * the first slot lies in, and the day the last slot lies in. A milestone
 * (start == finish) shows the day its predecessor work ends. */
pm_date pm_calmap_start_date(const pm_calmap *m, int start, int finish);
pm_date pm_calmap_finish_date(const pm_calmap *m, int start, int finish);

#endif
