/* planner/cli/cli.h - what the command implementations share: the parsed
 * options and small helpers. Only the commands print. */
#ifndef PM_CLI_H
#define PM_CLI_H

#include <stdbool.h>

#include <stdio.h>

#include "import/import.h"
#include "planner/model/diag.h"
#include "planner/runs/history.h"
#include "planner/model/model.h"
#include "planner/store/store.h"
#include "planner/weekly/weekly.h"
#include "render/render.h"
#include "solver/solve.h"

typedef struct {
    const char *out_dir;
    const char *db;
    const char *status_date;
    const char *progress;   /* progress table, or NULL */
    const char *scenario;   /* --scenario: the what-if variant, or NULL */
    const char *import_to;  /* 'import', 'export': the file to write (-o) */
    int format;             /* 'export': 'm' MSPDI, 'c' CSV, 0 by name */
    int chart_format;       /* 'gantt': PM_GANTT_PDF, PNG or SVG */
    int dpi;                /* PNG resolution */
    double page_w, page_h;  /* chart page in points (A3 landscape) */
    unsigned columns;       /* chart grid columns (0: default) */
    int scale;              /* chart timeline scale, -1 automatic */
    bool fit;               /* chart one page wide even with a scale */
    int depth;              /* chart WBS levels shown (0: all) */
    bool today_line;        /* chart: a line at today */
    bool float_tails;       /* chart: total float after each task */
    const char *chain;      /* chart: --chain, or NULL */
    const char *baseline;   /* baseline name to compare with, or NULL */
    long long run;          /* --run N, 0 if not given */
    double time_limit;
    unsigned seed;
    bool json;
    bool quiet;
    bool no_milp;
    long schedules;
    int runs;               /* 'risk': samples (0: 1000) */
    bool glpk_only;
} cli_opts;

extern const char *pm_prog;


/* Today in local time. */
pm_date cli_today(void);
/* The current UTC time as ISO 8601 into buf (at least 32 bytes). */
const char *cli_now_iso(char *buf);

/* Reads the project at path, sets its status date (option, else the
 * file's, else today when today_used is given or with --progress;
 * *today_used says whether today was taken) and reads --progress. */
int cli_load(pm_project **p, const char *path, const cli_opts *o,
             bool *today_used, pm_diag *diag);
/* cli_load()'s status date and progress for a project read otherwise. */
int cli_settle(pm_project *p, const cli_opts *o, bool *today_used,
               pm_diag *diag);
/* The engine's options from the command line (time limit, seed, MILP on
 * or off, budget; progress lines on a terminal). */
pm_solve_opts cli_solve_opts(const cli_opts *o);
/* The chart's options from the command line (page, columns, scale, fit,
 * depth, today line, float tails, chains, format); generated today. */
pm_gantt_opts cli_gantt_opts(const cli_opts *o);
/* Reads the project at path (cli_load(), no default status date) and
 * schedules it with the command line's options. On failure *p may hold
 * the project (the caller frees both either way). */
int cli_load_solve(pm_project **p, pm_schedule **s, const char *path,
                   const cli_opts *o, pm_diag *diag);

/* Under --json (cli_json.c): the diagnostics as a JSON array; a failed
 * command's one document, {"error": {"exit", "diagnostics"}}; the weekly
 * run's summary; a check's result. */
void cli_json_diagnostics(FILE *f, const pm_diag *d);
void cli_json_error(FILE *f, int exit_code, const pm_diag *d);
void cli_json_run(FILE *f, const pm_project *p, const pm_weekly_result *w,
                  const cli_opts *o);
void cli_json_check(FILE *f, const char *path, const pm_project *p);

int cmd_run(const char *path, const cli_opts *o, pm_diag *diag);
int cmd_check(const char *path, const cli_opts *o, pm_diag *diag);
int cmd_solve(const char *path, const cli_opts *o, pm_diag *diag);
int cmd_history(const cli_opts *o, pm_diag *diag);
int cmd_diff(const char *a, const char *b, const cli_opts *o, pm_diag *diag);
int cmd_baseline(int argc, char **argv, const cli_opts *o, pm_diag *diag);
int cmd_gantt(const char *path, const cli_opts *o, pm_diag *diag);
int cmd_import(const char *path, const cli_opts *o, pm_diag *diag);
int cmd_export(const char *path, const cli_opts *o, pm_diag *diag);

/* Prints an import's fidelity report (as JSON with json). */
void cli_print_fidelity(FILE *f, const pm_fidelity *fid, const char *path,
                        bool json);
int cmd_report(const cli_opts *o, pm_diag *diag);
/* Monte Carlo over the three-point estimates (--runs, --seed). */
int cmd_risk(const char *path, const cli_opts *o, pm_diag *diag);
/* The weekly run of a portfolio: one schedule over the n project files (or
 * the one portfolio file), each project's chart, report and run, and the
 * portfolio's chart and report. */
int cmd_run_portfolio(int n, char **paths, const cli_opts *o, pm_diag *diag);
/* The plan and the named scenarios (none: all) side by side. */
int cmd_compare(const char *path, int n, char **scenarios, const cli_opts *o,
                pm_diag *diag);

#endif
