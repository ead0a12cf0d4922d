/* planner/model/extract.h - one project out of a portfolio's joint
 * schedule (docs/portfolio.md): its WBS with every person and pool of the
 * portfolio, its own name and registers, and the schedule of its tasks as
 * the portfolio's solve set them. */
#ifndef PM_EXTRACT_H
#define PM_EXTRACT_H

#include "planner/model/model.h"

/* The project under task root of all, scheduled as s says, into *out_p and
 * *out_s: name, source, registers and start from own (the project's file
 * read alone), slot 0 at own's start. A task driven by another project's
 * task keeps that task's id in driver_outside (borrowed from all, which
 * must outlive the result). The schedule's lateness counts the project's
 * late tasks (the joint solve's priority-weighted figure does not split by
 * project) and its lower bound is 0 (none of its own). Returns 0 or
 * PM_ENOMEM. */
int pm_project_extract(pm_project **out_p, pm_schedule **out_s,
                       const pm_project *all, const pm_schedule *s, int root,
                       const pm_project *own);

#endif
