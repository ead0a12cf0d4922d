/* render/assigned.h - who does a task, in words, for the chart and the
 * report (internal to render/). */
#ifndef PM_RENDER_ASSIGNED_H
#define PM_RENDER_ASSIGNED_H

#include <stddef.h>

#include "planner/model/model.h"

/* Writes the names of the people schedule s gives task i, in the order
 * they start on it, each with their share when it is not all of their
 * time ("Alice Martin, Bob Chen 50%"); the owner's name when no one is
 * assigned (a task without needs); "" when there is neither. Truncates to
 * size (always terminated). Returns buf. */
char *pm_assigned_text(char *buf, size_t size, const pm_project *p,
                       const pm_schedule *s, int i);

#endif
