/* planner/model/diag.h - diagnostics that remember where in the input they
 * arose.
 *
 * Library code never prints: it records errors and warnings here, each with the
 * file, line and column where the offending input *starts*, and the CLI writes
 * them to stderr as "file:line:col: error: what is wrong". */
#ifndef PM_DIAG_H
#define PM_DIAG_H

#include <stdbool.h>

/* Error codes returned by functions that can fail (0 is success). */
enum {
    PM_OK = 0,
    PM_EIO = -1,         /* reading or writing a file failed */
    PM_EINPUT = -2,      /* the input is invalid; diag says where and why */
    PM_EINFEASIBLE = -3, /* the model has no schedule; diag says why */
    PM_ENOMEM = -4,      /* out of memory */
    PM_EINTERNAL = -5    /* a library reported an unexpected failure */
};

/* A place in an input file. file is borrowed; line and col count from 1,
 * 0 means unknown. col counts characters (UTF-8 code points), not bytes. */
typedef struct {
    const char *file;
    int line;
    int col;
} pm_loc;

#define PM_LOC_NONE ((pm_loc){NULL, 0, 0})

typedef enum { PM_DIAG_ERROR, PM_DIAG_WARNING, PM_DIAG_NOTE } pm_severity;

typedef struct {
    pm_severity severity;
    char *file; /* owned copy, or NULL */
    int line;
    int col;
    char *msg; /* owned */
} pm_diag_entry;

typedef struct {
    pm_diag_entry *entries; /* owned array of n entries */
    int n;
    int cap;
    int n_errors; /* entries with severity PM_DIAG_ERROR */
} pm_diag;

#define PM_DIAG_INIT {NULL, 0, 0, 0}

void pm_diag_init(pm_diag *d);
/* Frees every entry; d can be reused afterwards. */
void pm_diag_reset(pm_diag *d);

/* Records a message. loc may be NULL. Never fails: when memory runs out the
 * message is dropped but n_errors still counts an error. */
void pm_diag_add(pm_diag *d, pm_severity sev, const pm_loc *loc,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define pm_diag_error(d, loc, ...) pm_diag_add((d), PM_DIAG_ERROR, (loc), __VA_ARGS__)
#define pm_diag_warning(d, loc, ...) \
    pm_diag_add((d), PM_DIAG_WARNING, (loc), __VA_ARGS__)
#define pm_diag_note(d, loc, ...) pm_diag_add((d), PM_DIAG_NOTE, (loc), __VA_ARGS__)

/* Adds copies of from's entries to to, in order. */
void pm_diag_append(pm_diag *to, const pm_diag *from);

/* Formats entry e as "file:line:col: error: msg" (parts that are unknown are
 * left out; with no file, prog is used as the prefix). Returns a new string
 * the caller frees, or NULL when out of memory. */
char *pm_diag_format(const pm_diag_entry *e, const char *prog);

#endif
