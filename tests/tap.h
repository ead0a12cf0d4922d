/* tests/tap.h - a tiny TAP producer for the unit tests.
 * ok(cond, name...) prints "ok N - name" or "not ok N - name" and returns
 * cond; tap_done() prints the plan and returns the exit status. */
#ifndef PM_TAP_H
#define PM_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 2, 3))) static int ok(int cond,
                                                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    if (!cond) {
        tap_failed++;
    }
    fflush(stdout);
    return cond;
}

#define is_int(got, want, ...)                                               \
    do {                                                                     \
        long g_ = (long)(got), w_ = (long)(want);                            \
        if (!ok(g_ == w_, __VA_ARGS__)) {                                    \
            printf("#   got %ld, want %ld\n", g_, w_);                       \
        }                                                                    \
    } while (0)

#define is_str(got, want, ...)                                               \
    do {                                                                     \
        const char *g_ = (got), *w_ = (want);                                \
        if (!ok(g_ && w_ && strcmp(g_, w_) == 0, __VA_ARGS__)) {             \
            printf("#   got '%s'\n#  want '%s'\n", g_ ? g_ : "(null)",      \
                   w_ ? w_ : "(null)");                                      \
        }                                                                    \
    } while (0)

static int tap_done(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
