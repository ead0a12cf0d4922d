/* planner/model/calendar.c - working-day tables and slot <-> date mapping. */
#include "planner/model/calendar.h"

#include <stdlib.h>

bool pm_calendar_is_workday(const pm_calendar *cal, pm_date d)
{
    if (!(cal->workdays & (1u << pm_date_weekday(d)))) {
        return false;
    }
    /* Holidays are sorted by first day; ranges may overlap. */
    int lo = 0, hi = cal->n_holidays;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (cal->holidays[mid].first <= d) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    for (int i = lo - 1; i >= 0; i--) {
        if (cal->holidays[i].last >= d) {
            return false;
        }
        /* Ranges are short; stop once a range lies well before d. */
        if (cal->holidays[i].first < d - 3660) {
            break;
        }
    }
    return true;
}

int pm_calmap_init(pm_calmap *m, const pm_calendar *cal, pm_date start)
{
    m->cal = cal;
    m->days = NULL;
    m->n_days = 0;
    m->per_week = 0;
    for (int w = 0; w < 7; w++) {
        m->per_week += (cal->workdays >> w) & 1u;
    }
    if (m->per_week == 0) {
        return PM_EINPUT;
    }
    pm_date last_holiday = start;
    for (int i = 0; i < cal->n_holidays; i++) {
        if (cal->holidays[i].last > last_holiday) {
            last_holiday = cal->holidays[i].last;
        }
    }
    m->base = start;
    while (!pm_calendar_is_workday(cal, m->base)) {
        m->base++;
    }
    m->table_end = last_holiday + 1;
    if (m->table_end <= m->base) {
        m->table_end = m->base + 1;
    }
    size_t cap = (size_t)(m->table_end - m->base) + 1;
    m->days = malloc(cap * sizeof *m->days);
    if (!m->days) {
        return PM_ENOMEM;
    }
    for (pm_date d = m->base; d < m->table_end; d++) {
        if (pm_calendar_is_workday(cal, d)) {
            m->days[m->n_days++] = d;
        }
    }
    return PM_OK;
}

void pm_calmap_reset(pm_calmap *m)
{
    free(m->days);
    m->days = NULL;
    m->n_days = 0;
}

static bool weekday_works(const pm_calmap *m, pm_date d)
{
    return (m->cal->workdays >> pm_date_weekday(d)) & 1u;
}

int pm_calmap_index(const pm_calmap *m, pm_date d)
{
    if (d <= m->base) {
        return 0;
    }
    if (d < m->table_end) {
        int lo = 0, hi = m->n_days; /* first entry >= d */
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (m->days[mid] < d) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
    /* Past the table: count working weekdays in [table_end, d). */
    int span = d - m->table_end;
    int idx = m->n_days + (span / 7) * m->per_week;
    for (pm_date x = m->table_end + (span / 7) * 7; x < d; x++) {
        idx += weekday_works(m, x);
    }
    return idx;
}

pm_date pm_calmap_date(const pm_calmap *m, int i)
{
    if (i < 0) {
        i = 0;
    }
    if (i < m->n_days) {
        return m->days[i];
    }
    int k = i - m->n_days; /* working weekdays to skip from table_end */
    pm_date d = m->table_end + (k / m->per_week) * 7;
    k %= m->per_week;
    for (;;) {
        if (weekday_works(m, d)) {
            if (k == 0) {
                return d;
            }
            k--;
        }
        d++;
    }
}

int pm_calmap_slot_of_date(const pm_calmap *m, pm_date d)
{
    return pm_calmap_index(m, d) * m->cal->slots_per_day;
}

pm_date pm_calmap_slot_date(const pm_calmap *m, int s)
{
    if (s < 0) {
        s = 0;
    }
    return pm_calmap_date(m, s / m->cal->slots_per_day);
}

double pm_calmap_slot_begin(const pm_calmap *m, int s)
{
    int spd = m->cal->slots_per_day;
    if (s < 0) {
        s = 0;
    }
    return pm_calmap_date(m, s / spd) + (double)(s % spd) / spd;
}

double pm_calmap_slot_end(const pm_calmap *m, int s)
{
    int spd = m->cal->slots_per_day;
    if (s < 0) {
        return pm_calmap_slot_begin(m, 0);
    }
    return pm_calmap_date(m, s / spd) + (double)(s % spd + 1) / spd;
}

pm_date pm_calmap_start_date(const pm_calmap *m, int start, int finish)
{
    if (start == finish && start > 0) {
        return pm_calmap_slot_date(m, start - 1);
    }
    return pm_calmap_slot_date(m, start);
}

pm_date pm_calmap_finish_date(const pm_calmap *m, int start, int finish)
{
    if (finish <= start) {
        return pm_calmap_start_date(m, start, finish);
    }
    return pm_calmap_slot_date(m, finish - 1);
}
