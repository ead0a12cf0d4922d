/* render/render.h - turn a project and its schedule into files: the Gantt
 * chart (cairo + pango), the xlsx status report (libxlsxwriter) and the
 * schedule as JSON. Reads plain schedule data only (planner/model/model.h).
 *
 * Files are written to a temporary name in the target folder and renamed
 * into place when complete, so a failure never leaves a half-written file
 * where last week's report was. With pending not NULL, the finished file
 * stays under its temporary name in *pending, for the caller to rename
 * with pm_atomic_commit() once other work (the database) is done. */
#ifndef PM_RENDER_H
#define PM_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "planner/model/fidelity.h"
#include "planner/runs/history.h"
#include "render/atomic.h"
#include "planner/model/model.h"
#include "planner/runs/variance.h"

enum { PM_GANTT_PDF, PM_GANTT_PNG, PM_GANTT_SVG };

/* Grid columns of the chart (bit i of pm_gantt_opts.columns shows column
 * i). */
enum {
    PM_COL_WBS, PM_COL_NAME, PM_COL_OWNER, PM_COL_START, PM_COL_FINISH,
    PM_COL_DAYS, PM_COL_DONE, PM_GANTT_NCOLS
};
/* Timeline scales. */
enum { PM_SCALE_AUTO = -1, PM_SCALE_DAY, PM_SCALE_WEEK, PM_SCALE_MONTH,
       PM_SCALE_QUARTER };

typedef struct {
    double page_w, page_h; /* points; A3 landscape by default */
    pm_date status_date;   /* PM_NO_DATE: no status-date line */
    pm_date generated;     /* date printed in the header */
    const pm_variance *variance; /* progress, or NULL */
    bool baseline_bars;    /* draw the variance's baseline under each bar */
    int format;            /* PM_GANTT_PDF; PNG and SVG write one file per
                              page, path "gantt.png" giving gantt-1.png... */
    int dpi;               /* PNG resolution (default 150) */
    bool no_resource_pages; /* leave out the resource load pages */
    unsigned columns;      /* grid columns; 0: WBS, name, owner, start,
                              finish, days, and % done with progress */
    int scale;             /* PM_SCALE_*: a chosen scale keeps its size and
                              a wide timeline is tiled across pages */
    bool fit;              /* with a chosen scale: one page wide anyway */
    int depth;             /* show WBS levels above this (0: all) */
    pm_date today;         /* a "today" line, or PM_NO_DATE */
    bool float_tails;      /* total float drawn after each task */
    const char *chain;     /* task ids, comma-separated, whose driving
                              chains (planner/model/chain.h) stand out
                              while the rest fades; "slipped": those of the
                              milestones later than the baseline; NULL */
    const pm_outlook *outlook; /* a Monte Carlo run over the estimates:
                                  milestones get their P80 mark; NULL */
} pm_gantt_opts;
#define PM_GANTT_OPTS_INIT                                                  \
    {1190.55, 841.89, PM_NO_DATE, PM_NO_DATE, NULL, false, PM_GANTT_PDF,    \
     150, false, 0, PM_SCALE_AUTO, false, 0, PM_NO_DATE, false, NULL, NULL}

/* Writes the Gantt chart as a PDF with embedded fonts. Returns 0, or PM_EIO
 * / PM_ENOMEM with a message in diag; on failure path is left untouched. */
int pm_render_gantt_pdf(const char *path, const pm_project *p,
                        const pm_schedule *s, const pm_gantt_opts *o,
                        pm_atomic *pending, pm_diag *diag);

typedef struct {
    pm_date status_date; /* PM_NO_DATE if none */
    long long run_id;    /* run number in the store, 0 if none */
    const pm_variance *variance; /* baseline and previous run, or NULL */
    const pm_run *history; /* runs of the project with their tasks, oldest
                              first (this run may be among them) */
    int n_history;
    char *const *why;      /* per task: why it finishes later than in the
                              last run (planner/runs/explain.h), or NULL */
    const pm_run *current; /* this run captured (risks, change requests);
                              NULL: captured from p and s */
    const pm_outlook *outlook; /* a Monte Carlo run over the estimates:
                                  the Risk sheet; NULL: none */
} pm_report_opts;
#define PM_REPORT_OPTS_INIT {PM_NO_DATE, 0, NULL, NULL, 0, NULL, NULL, NULL}

/* Writes the xlsx status report: Summary (facts, earned value, S-curve
 * and milestone-trend charts), Tasks, Milestones, Resources, Changes,
 * Risks, Change requests, History, and with an outlook a Risk sheet
 * (P50/P80/P95, deadlines, criticality, the finish's histogram). Same failure contract as pm_render_gantt_pdf(). */
int pm_render_xlsx(const char *path, const pm_project *p,
                   const pm_schedule *s, const pm_report_opts *o,
                   pm_atomic *pending, pm_diag *diag);

/* One column of a comparison: the plan or a what-if scenario, scheduled
 * (outlook: its Monte Carlo run, or NULL). */
typedef struct {
    const char *id, *name;
    const pm_project *p;
    const pm_schedule *s;
    const pm_outlook *outlook;
} pm_variant;

/* What a comparison shows of a variant. */
typedef struct {
    pm_date finish;
    double days;        /* working days from the start to the finish */
    double cost;        /* planned cost (person-days when no one is
                           priced, priced false) */
    bool priced;
    double bought_days, bought_cost; /* outsourcing */
    int late;           /* tasks past their deadline */
    pm_date p80;        /* PM_NO_DATE without an outlook */
    pm_date *finishes;  /* owned: each task's finish date */
} pm_variant_facts;

/* The facts of variant v into *f (free with pm_variant_facts_reset()).
 * Returns 0 or PM_ENOMEM. */
int pm_variant_facts_of(const pm_variant *v, pm_variant_facts *f);
void pm_variant_facts_reset(pm_variant_facts *f);

/* Writes compare.xlsx: the variants v with their facts f side by side (the
 * first is the plan):
 * finish, working days, cost, outsourcing, late tasks, P80 and each
 * milestone, with the change against the plan and a chart of the
 * finishes. Same failure contract as pm_render_gantt_pdf(). */
int pm_render_compare_xlsx(const char *path, const pm_variant *v,
                           const pm_variant_facts *f, int n, pm_diag *diag);

/* Writes the schedule as JSON to f. With periods, times are integer slots
 * from 0 (PSPLIB style) instead of ISO dates. Returns 0 or PM_EIO. */
int pm_render_json(FILE *f, const pm_project *p, const pm_schedule *s,
                   bool periods);

/* The scheduled project as Microsoft Project XML (docs/interchange.md),
 * with baseline (may be NULL) as Baseline 0; fid (may be NULL) receives
 * what Project cannot hold. Same failure contract as
 * pm_render_gantt_pdf(). */
int pm_render_mspdi(const char *path, const pm_project *p,
                    const pm_schedule *s, const pm_run *baseline,
                    pm_fidelity *fid, pm_diag *diag);

/* The WBS as a CSV table planner reads back (with tasks_csv), plus the
 * scheduled dates in columns the reader ignores; fid (may be NULL)
 * receives what the table leaves out. */
int pm_render_csv(const char *path, const pm_project *p,
                  const pm_schedule *s, pm_fidelity *fid, pm_diag *diag);

/* The project as the native YAML file (docs/project-format.md); source is
 * named in a comment. Its progress, if any, goes in a progress table
 * (pm_write_progress_csv()). Return 0 or PM_EIO. */
int pm_write_yaml(FILE *f, const pm_project *p, const char *source);
int pm_write_progress_csv(FILE *f, const pm_project *p);

/* A JSON string literal of s (UTF-8 passed through). */
void pm_json_string(FILE *f, const char *s);
/* ', "key": "YYYY-MM-DD"' (null for PM_NO_DATE): a member after others. */
void pm_json_date(FILE *f, const char *key, pm_date d);
/* What a Monte Carlo run over the estimates says, as JSON: the project's
 * and every task's P50/P80/P95 finish dates, criticality, the chance of
 * meeting each deadline, and the histogram of the project's finish.
 * Returns 0, PM_ENOMEM or PM_EIO. */
int pm_render_outlook_json(FILE *f, const pm_project *p,
                           const pm_schedule *s, const pm_outlook *o);

/* Runs (without tasks) as a JSON array, each with the names of the
 * baselines that point at it. Returns 0 or PM_EIO. */
int pm_render_history_json(FILE *f, const pm_run *runs, int n,
                           const pm_baseline *bases, int n_bases);

#endif
