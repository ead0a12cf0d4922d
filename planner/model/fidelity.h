/* planner/model/fidelity.h - what a conversion from or to another tool's format
 * kept, approximated and dropped: one item per kind of thing, with a count
 * and the first few examples, so that nothing is lost silently. Imports
 * (import/) and exports (render/) fill one; the CLI prints it. */
#ifndef PM_FIDELITY_H
#define PM_FIDELITY_H

typedef enum { PM_FID_KEPT, PM_FID_APPROX, PM_FID_DROPPED } pm_fid_kind;
#define PM_FID_EXAMPLES 3
typedef struct {
    pm_fid_kind kind;
    char *what; /* owned, e.g. "lags in elapsed days taken as working days" */
    int count;
    char *examples[PM_FID_EXAMPLES]; /* owned */
    int n_examples;
} pm_fid_item;
typedef struct {
    pm_fid_item *items; /* owned, in the order first noted */
    int n, cap;
} pm_fidelity;

/* Counts one more of (kind, what); example (printf format, may be NULL) is
 * kept for the first few. f may be NULL. Never fails: without memory the
 * note is dropped. */
void pm_fidelity_note(pm_fidelity *f, pm_fid_kind kind, const char *what,
                      const char *example, ...)
    __attribute__((format(printf, 4, 5)));
void pm_fidelity_reset(pm_fidelity *f);
const char *pm_fid_kind_name(pm_fid_kind k);

#endif
