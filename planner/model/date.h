/* planner/model/date.h - civil dates as day numbers (proleptic Gregorian).
 *
 * A pm_date counts days since 1970-01-01 (day 0, a Thursday). Plain integer
 * arithmetic moves by calendar days; pm_calendar (calendar.h) moves by
 * working days. */
#ifndef PM_DATE_H
#define PM_DATE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

typedef int pm_date;

#define PM_NO_DATE INT_MIN
/* Dates outside these years are rejected as input errors. */
#define PM_DATE_MIN_YEAR 1900
#define PM_DATE_MAX_YEAR 2999

pm_date pm_date_from_ymd(int y, int m, int d);
void pm_date_to_ymd(pm_date date, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday. */
int pm_date_weekday(pm_date date);
/* true if y-m-d names a real day in the supported year range. */
bool pm_date_valid(int y, int m, int d);
/* Parses exactly "YYYY-MM-DD" from s[0..len). Returns false if the text is not
 * of that form or names no real day (2026-02-30). */
bool pm_date_parse(const char *s, size_t len, pm_date *out);
/* Writes "YYYY-MM-DD" into buf (at least 11 bytes); returns buf. */
char *pm_date_format(pm_date date, char *buf);
/* Days since 1899-12-30, the serial number a spreadsheet uses for a date. */
double pm_date_to_excel(pm_date date);

#endif
