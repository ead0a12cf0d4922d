/* tests/test_calendar.c - dates, working days, slots. */
#include <string.h>

#include "planner/model/calendar.h"
#include "tap.h"

static void test_dates(void)
{
    char buf[11];
    is_int(pm_date_from_ymd(1970, 1, 1), 0, "1970-01-01 is day 0");
    is_int(pm_date_weekday(pm_date_from_ymd(2026, 3, 2)), 0,
           "2026-03-02 is a Monday");
    is_int(pm_date_weekday(pm_date_from_ymd(2024, 2, 29)), 3,
           "2024-02-29 is a Thursday");
    for (pm_date d = pm_date_from_ymd(1999, 12, 1);
         d < pm_date_from_ymd(2001, 3, 1); d++) {
        int y, m, dd;
        pm_date_to_ymd(d, &y, &m, &dd);
        if (pm_date_from_ymd(y, m, dd) != d) {
            ok(0, "round trip of day %d", d);
            return;
        }
    }
    ok(1, "date round trip over 2000 (a leap century)");
    pm_date d;
    ok(pm_date_parse("2026-02-28", 10, &d), "2026-02-28 parses");
    ok(!pm_date_parse("2026-02-29", 10, &d), "2026-02-29 is rejected");
    ok(pm_date_parse("2000-02-29", 10, &d), "2000-02-29 parses");
    ok(!pm_date_parse("1900-02-29", 10, &d), "1900-02-29 is rejected");
    ok(!pm_date_parse("2026-13-01", 10, &d), "month 13 is rejected");
    ok(!pm_date_parse("2026-1-01", 9, &d), "short form is rejected");
    ok(!pm_date_parse("3026-01-01", 10, &d), "year 3026 is out of range");
    pm_date_parse("2026-05-01", 10, &d);
    is_str(pm_date_format(d, buf), "2026-05-01", "format round trips");
    is_int(pm_date_to_excel(pm_date_from_ymd(1900, 3, 1)), 61,
           "Excel serial of 1900-03-01 is 61");
}

static void test_workdays(void)
{
    pm_date_range hol[] = {
        {pm_date_from_ymd(2026, 4, 3), pm_date_from_ymd(2026, 4, 6)},
        {pm_date_from_ymd(2026, 5, 1), pm_date_from_ymd(2026, 5, 5)},
    };
    pm_calendar cal = {0x1f, 8, 1, hol, 2};
    pm_calmap m;
    /* Start on a Saturday: working day 0 is the Monday after. */
    is_int(pm_calmap_init(&m, &cal, pm_date_from_ymd(2026, 2, 28)), PM_OK,
           "calendar map builds");
    is_int(m.base, pm_date_from_ymd(2026, 3, 2), "base is the first Monday");
    is_int(pm_calmap_date(&m, 4), pm_date_from_ymd(2026, 3, 6),
           "working day 4 is Friday");
    is_int(pm_calmap_date(&m, 5), pm_date_from_ymd(2026, 3, 9),
           "working day 5 skips the weekend");
    /* Mar 2026: 22 working days; Apr 1-2 are days 22-23, then Good Friday
     * to Easter Monday are holidays: Apr 7 is day 24. */
    is_int(pm_calmap_date(&m, 23), pm_date_from_ymd(2026, 4, 2),
           "day 23 is 2026-04-02");
    is_int(pm_calmap_date(&m, 24), pm_date_from_ymd(2026, 4, 7),
           "day 24 skips the holiday range");
    is_int(pm_calmap_index(&m, pm_date_from_ymd(2026, 4, 4)), 24,
           "a holiday maps to the next working day");
    ok(!pm_calendar_is_workday(&cal, pm_date_from_ymd(2026, 5, 4)),
       "2026-05-04 (Monday) is a holiday");
    /* Past the last holiday the week repeats: check a year of days. */
    int bad = 0;
    for (int i = 0; i < 400; i++) {
        pm_date d = pm_calmap_date(&m, i);
        bad += pm_calmap_index(&m, d) != i || !pm_calendar_is_workday(&cal, d);
        bad += i > 0 && pm_calmap_date(&m, i - 1) >= d;
    }
    is_int(bad, 0, "index(date(i)) == i over 400 working days");
    pm_calmap_reset(&m);
}

static void test_slots(void)
{
    pm_calendar cal = {0x1f, 8, 2, NULL, 0};
    pm_calmap m;
    pm_calmap_init(&m, &cal, pm_date_from_ymd(2026, 3, 2));
    is_int(pm_calmap_slot_date(&m, 9), pm_date_from_ymd(2026, 3, 6),
           "halfday slot 9 lies on Friday");
    is_int(pm_calmap_slot_of_date(&m, pm_date_from_ymd(2026, 3, 9)), 10,
           "Monday of week 2 starts at slot 10");
    ok(pm_calmap_slot_begin(&m, 9) ==
           pm_date_from_ymd(2026, 3, 6) + 0.5,
       "slot 9 begins at noon");
    is_int(pm_calmap_finish_date(&m, 0, 10), pm_date_from_ymd(2026, 3, 6),
           "ten half days finish on Friday");
    is_int(pm_calmap_start_date(&m, 10, 10), pm_date_from_ymd(2026, 3, 6),
           "a milestone at slot 10 shows the day work ended");
    pm_calmap_reset(&m);
    cal.workdays = 0;
    ok(pm_calmap_init(&m, &cal, 0) == PM_EINPUT,
       "a calendar without working days is refused");
}

int main(void)
{
    test_dates();
    test_workdays();
    test_slots();
    return tap_done();
}
