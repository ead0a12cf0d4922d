/* import/mspdi_impl.h - what the MSPDI reader's files share (internal to
 * import/): the reading context, locations and dates, and the calendar
 * and resource readers (mspdi_calendar.c). */
#ifndef PM_MSPDI_IMPL_H
#define PM_MSPDI_IMPL_H

#include <libxml/tree.h>
#include <stdbool.h>

#include "import/import.h"
#include "planner/model/strindex.h"

typedef struct {
    const char *file;
    pm_project *p;
    pm_fidelity *fid;
    pm_diag *diag;
    double minutes_per_day;
    int week_start; /* 0 Sunday .. 6 Saturday */
    xmlNode *calendars;
    pm_strindex res; /* resource UID (as the id "r<UID>") -> index */
    bool oom;
} mctx;

/* Where node n is in the file (line, column 1: libxml2 keeps no column). */
pm_loc pm_mspdi_loc(const mctx *c, const xmlNode *n);
/* The date in n's child element name ("2003-01-07T08:00:00"); PM_NO_DATE
 * when absent, empty or "NA", and an error at its line when it is not a
 * real date. */
pm_date pm_mspdi_date(mctx *c, const xmlNode *n, const char *name);

/* The project calendar: working weekdays and days off (recurring
 * exceptions expanded). */
void pm_mspdi_read_calendar(mctx *c, const xmlNode *root);
/* Work resources with their leave from their calendars. */
void pm_mspdi_read_resources(mctx *c, const xmlNode *root);

#endif
