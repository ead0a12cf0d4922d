/* import/units.h - parsing of the small value languages shared by the
 * readers: durations ("3d", "4h", "2w"), units ("50%", "2"), percentages,
 * dates and date ranges, priorities, dependency notation.
 *
 * Every parser takes a NUL-terminated string with surrounding blanks already
 * trimmed, returns true on success and leaves *out alone on failure. */
#ifndef PM_IMPORT_UNITS_H
#define PM_IMPORT_UNITS_H

#include <stdbool.h>

#include "planner/model/model.h"

/* Upper bound on any duration or lag, in working days. */
#define PM_MAX_DAYS 36500

/* A duration in slots of cal. Plain numbers are working days. Durations round
 * up to whole slots; lags (allow_negative) round to the nearest slot. */
bool pm_parse_duration(const char *s, const pm_calendar *cal,
                       bool allow_negative, int *slots);
/* A three-point estimate "3d..5d..9d" (optimistic, most likely,
 * pessimistic) into slots[0..2]. *why says what is wrong when it is not
 * one: not three durations, or not in order. */
bool pm_parse_estimate(const char *s, const pm_calendar *cal, int slots[3],
                       const char **why);
/* Units of capacity: "50%" -> 50, "2" -> 200, "0.5" -> 50. Must be > 0. */
bool pm_parse_units(const char *s, int *percent);
/* A percentage "15%" (or "15") in [0, 100]. */
bool pm_parse_percent(const char *s, int *percent);
/* A finite decimal number in [min, max]. */
bool pm_parse_number(const char *s, double min, double max, double *out);
/* A date range "2026-04-04..2026-04-06" or a single date; first <= last. */
bool pm_parse_date_range(const char *s, pm_date_range *out);
/* "P0".."P4" (or "0".."4") -> 0..4. */
bool pm_parse_priority(const char *s, int *out);
/* "FS", "SS", "FF", "SF" in any letter case. */
bool pm_parse_dep_type(const char *s, pm_dep_type *out);
/* A weekday name "mon".."sun" (or "monday", or 周一..周日) -> 0..6. */
bool pm_parse_weekday(const char *s, int *out);

/* A task, resource or pool id: non-empty, at most 128 bytes, no blanks,
 * no ',', ';', '"', and not starting with '+' or '-'. */
bool pm_valid_id(const char *s);

/* A predecessor in the notation "ID[ TYPE][+/-LAG]" such as "arch SS+3d",
 * "req", "3FS+2d" or "build -1d". known(id, ctx) tells whether an id names a
 * task; it lets "3FS" split into id "3" and type FS. On success *id_out is a
 * new string the caller frees. */
bool pm_parse_predecessor(const char *s, const pm_calendar *cal,
                          bool (*known)(const char *id, void *ctx),
                          void *ctx, char **id_out, pm_dep_type *type,
                          int *lag);

#endif
