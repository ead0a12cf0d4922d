/* planner/model/date.c - civil date <-> day number (H. Hinnant's
 * algorithms). */
#include "planner/model/date.h"

#include <stdio.h>

pm_date pm_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void pm_date_to_ymd(pm_date date, int *y, int *m, int *d)
{
    int z = date + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int pm_date_weekday(pm_date date)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (date + 3) % 7;
    return w < 0 ? w + 7 : w;
}

bool pm_date_valid(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < PM_DATE_MIN_YEAR || y > PM_DATE_MAX_YEAR || m < 1 || m > 12 ||
        d < 1) {
        return false;
    }
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max = mdays[m - 1] + (m == 2 && leap);
    return d <= max;
}

bool pm_date_parse(const char *s, size_t len, pm_date *out)
{
    if (len != 10 || s[4] != '-' || s[7] != '-') {
        return false;
    }
    int v[3] = {0, 0, 0};
    const int start[3] = {0, 5, 8}, n[3] = {4, 2, 2};
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < n[k]; i++) {
            char c = s[start[k] + i];
            if (c < '0' || c > '9') {
                return false;
            }
            v[k] = v[k] * 10 + (c - '0');
        }
    }
    if (!pm_date_valid(v[0], v[1], v[2])) {
        return false;
    }
    *out = pm_date_from_ymd(v[0], v[1], v[2]);
    return true;
}

char *pm_date_format(pm_date date, char *buf)
{
    int y, m, d;
    pm_date_to_ymd(date, &y, &m, &d);
    snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
    return buf;
}

double pm_date_to_excel(pm_date date)
{
    return (double)(date - pm_date_from_ymd(1899, 12, 30));
}
