/* import/units.c - value parsers shared by the YAML and CSV readers. */
#include "import/units.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Parses a leading decimal number (no exponent) from s; *end is set past it.
 * Returns false if there is no digit or the number is absurdly long. */
static bool lead_number(const char *s, double *v, const char **end)
{
    const char *p = s;
    if (*p == '+' || *p == '-') {
        p++;
    }
    int digits = 0;
    while (isdigit((unsigned char)*p)) {
        p++;
        digits++;
    }
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            digits++;
        }
    }
    if (digits == 0 || digits > 15) {
        return false;
    }
    char buf[32];
    size_t n = (size_t)(p - s);
    if (n >= sizeof buf) {
        return false;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    *v = strtod(buf, NULL);
    *end = p;
    return isfinite(*v);
}

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return p;
}

bool pm_parse_number(const char *s, double min, double max, double *out)
{
    double v;
    const char *end;
    if (!lead_number(s, &v, &end) || *skip_blanks(end) != '\0') {
        return false;
    }
    if (v < min || v > max) {
        return false;
    }
    *out = v;
    return true;
}

/* Hours per unit suffix; 0 if the suffix is unknown. */
static double unit_hours(const char *u, const pm_calendar *cal)
{
    static const struct {
        const char *name;
        int kind; /* 0 hour, 1 day, 2 week */
    } units[] = {
        {"", 1},      {"d", 1},       {"day", 1},   {"days", 1},
        {"h", 0},     {"hour", 0},    {"hours", 0}, {"w", 2},
        {"wk", 2},    {"week", 2},    {"weeks", 2}, {"天", 1},
        {"工作日", 1}, {"小时", 0},     {"周", 2},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(u, units[i].name) == 0) {
            int per_week = 0;
            for (int w = 0; w < 7; w++) {
                per_week += (cal->workdays >> w) & 1u;
            }
            switch (units[i].kind) {
            case 0:
                return 1.0;
            case 1:
                return cal->hours_per_day;
            default:
                return (double)cal->hours_per_day * per_week;
            }
        }
    }
    return 0;
}

bool pm_parse_duration(const char *s, const pm_calendar *cal,
                       bool allow_negative, int *slots)
{
    double v;
    const char *end;
    if (!lead_number(s, &v, &end)) {
        return false;
    }
    if (!allow_negative && (v < 0 || *s == '-')) {
        return false;
    }
    if (allow_negative && *s == '+') {
        /* "+3d" is a fine lag */
    } else if (!allow_negative && *s == '+') {
        return false;
    }
    double h = unit_hours(skip_blanks(end), cal);
    if (h <= 0) {
        return false;
    }
    double x = v * h * cal->slots_per_day / cal->hours_per_day;
    double max = (double)PM_MAX_DAYS * cal->slots_per_day;
    if (fabs(x) > max) {
        return false;
    }
    if (allow_negative) {
        *slots = (int)lround(x);
    } else {
        *slots = (int)ceil(x - 1e-9);
    }
    return true;
}

bool pm_parse_estimate(const char *s, const pm_calendar *cal, int slots[3],
                       const char **why)
{
    char part[64];
    const char *at = s;
    *why = "expected optimistic..likely..pessimistic, e.g. '3d..5d..9d'";
    for (int k = 0; k < 3; k++) {
        const char *dots = strstr(at, "..");
        size_t len = k < 2 ? (dots ? (size_t)(dots - at) : 0) : strlen(at);
        if ((k < 2 && !dots) || len == 0 || len >= sizeof part) {
            return false;
        }
        memcpy(part, at, len);
        part[len] = '\0';
        if (!pm_parse_duration(part, cal, false, &slots[k])) {
            return false;
        }
        at += len + (k < 2 ? 2 : 0);
    }
    if (slots[0] > slots[1] || slots[1] > slots[2]) {
        *why = "the optimistic estimate must not exceed the most likely, nor "
               "the most likely the pessimistic";
        return false;
    }
    if (slots[1] == 0) {
        *why = "the most likely estimate must be more than 0";
        return false;
    }
    return true;
}

bool pm_parse_units(const char *s, int *percent)
{
    double v;
    const char *end;
    if (!lead_number(s, &v, &end) || *s == '-' || *s == '+') {
        return false;
    }
    end = skip_blanks(end);
    if (*end == '%' && *skip_blanks(end + 1) == '\0') {
        /* percent as given */
    } else if (*end == '\0') {
        v *= 100;
    } else {
        return false;
    }
    if (v < 1 || v > 100000) {
        return false;
    }
    *percent = (int)lround(v);
    return true;
}

bool pm_parse_percent(const char *s, int *percent)
{
    double v;
    const char *end;
    if (!lead_number(s, &v, &end) || *s == '-' || *s == '+') {
        return false;
    }
    end = skip_blanks(end);
    if (*end == '%') {
        end = skip_blanks(end + 1);
    }
    if (*end != '\0' || v < 0 || v > 100) {
        return false;
    }
    *percent = (int)lround(v);
    return true;
}

bool pm_parse_date_range(const char *s, pm_date_range *out)
{
    const char *dots = strstr(s, "..");
    pm_date a, b;
    if (!dots) {
        if (!pm_date_parse(s, strlen(s), &a)) {
            return false;
        }
        out->first = out->last = a;
        return true;
    }
    const char *rest = skip_blanks(dots + 2);
    size_t alen = (size_t)(dots - s);
    while (alen > 0 && (s[alen - 1] == ' ' || s[alen - 1] == '\t')) {
        alen--;
    }
    if (!pm_date_parse(s, alen, &a) || !pm_date_parse(rest, strlen(rest), &b)
        || b < a || b - a > 3660) {
        return false;
    }
    out->first = a;
    out->last = b;
    return true;
}

bool pm_parse_priority(const char *s, int *out)
{
    if ((s[0] == 'P' || s[0] == 'p') && s[1] >= '0' && s[1] <= '4' &&
        s[2] == '\0') {
        *out = s[1] - '0';
        return true;
    }
    if (s[0] >= '0' && s[0] <= '4' && s[1] == '\0') {
        *out = s[0] - '0';
        return true;
    }
    return false;
}

bool pm_parse_dep_type(const char *s, pm_dep_type *out)
{
    static const char *const names[] = {"FS", "SS", "FF", "SF"};
    if (strlen(s) != 2) {
        return false;
    }
    for (int i = 0; i < 4; i++) {
        if (toupper((unsigned char)s[0]) == names[i][0] &&
            toupper((unsigned char)s[1]) == names[i][1]) {
            *out = (pm_dep_type)i;
            return true;
        }
    }
    return false;
}

bool pm_parse_weekday(const char *s, int *out)
{
    static const char *const en[] = {"mon", "tue", "wed", "thu",
                                     "fri", "sat", "sun"};
    static const char *const full[] = {"monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday",
                                       "sunday"};
    static const char *const zh[] = {"周一", "周二", "周三", "周四",
                                     "周五", "周六", "周日"};
    for (int i = 0; i < 7; i++) {
        if (strcasecmp(s, en[i]) == 0 || strcasecmp(s, full[i]) == 0 ||
            strcmp(s, zh[i]) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

bool pm_valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 128 || s[0] == '+' || s[0] == '-') {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == ',' || c == ';' || c == '"' || c == 0x7f) {
            return false;
        }
    }
    return true;
}

/* Parses "[TYPE][+/-LAG]" (blanks allowed between parts). */
static bool parse_dep_spec(const char *p, const pm_calendar *cal,
                           pm_dep_type *type, int *lag)
{
    p = skip_blanks(p);
    *type = PM_DEP_FS;
    *lag = 0;
    if (isalpha((unsigned char)p[0]) && isalpha((unsigned char)p[1])) {
        char t[3] = {p[0], p[1], '\0'};
        if (!pm_parse_dep_type(t, type)) {
            return false;
        }
        p = skip_blanks(p + 2);
    }
    if (*p == '\0') {
        return true;
    }
    if (*p != '+' && *p != '-') {
        return false;
    }
    char buf[64];
    size_t j = 0;
    buf[j++] = *p++;
    p = skip_blanks(p);
    while (*p && j + 1 < sizeof buf) {
        buf[j++] = *p++;
    }
    if (*p) {
        return false;
    }
    buf[j] = '\0';
    return pm_parse_duration(buf, cal, true, lag);
}

bool pm_parse_predecessor(const char *s, const pm_calendar *cal,
                          bool (*known)(const char *id, void *ctx),
                          void *ctx, char **id_out, pm_dep_type *type,
                          int *lag)
{
    s = skip_blanks(s);
    size_t n = strcspn(s, " \t");
    char *id = strndup(s, n);
    if (!id) {
        return false;
    }
    if (n > 0 && known(id, ctx)) {
        if (parse_dep_spec(s + n, cal, type, lag)) {
            *id_out = id;
            return true;
        }
        free(id);
        return false;
    }
    /* "3FS+2d", "build+1d": find the longest prefix that names a task and
     * whose remainder is a valid spec. */
    for (size_t k = n; k-- > 1;) {
        id[k] = '\0';
        if (known(id, ctx) && parse_dep_spec(s + k, cal, type, lag)) {
            *id_out = id;
            return true;
        }
    }
    free(id);
    return false;
}
