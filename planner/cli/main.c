/* planner/cli/main.c - the command line: options and dispatch (planner/cli.h).
 *
 * The only place that prints: diagnostics go to stderr as
 * "file:line:col: error: ...", results to stdout. Exit status: 0 done,
 * 1 I/O or internal failure, 2 bad input or usage, 3 infeasible. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "planner/cli/cli.h"

#ifndef PM_VERSION
#define PM_VERSION "0"
#endif

enum { EXIT_DONE = 0, EXIT_FAIL = 1, EXIT_BAD = 2, EXIT_INFEASIBLE = 3 };

const char *pm_prog = "planner";

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: planner COMMAND [OPTION]... [ARGUMENT]...\n"
            "Schedule a project: resource-feasible dates, Gantt chart, status "
            "report, history.\n\n"
            "Commands:\n"
            "  run PROJECT          schedule, compare with the baseline and "
            "last run,\n"
            "                       write gantt.pdf and status.xlsx, record "
            "the run\n"
            "  run A.yaml B.yaml... | run PORTFOLIO.yaml\n"
            "                       projects sharing people as one "
            "schedule: each\n"
            "                       project's outputs and run, and "
            "DIR/portfolio/\n"
            "  check PROJECT        validate the project file only\n"
            "  solve FILE           schedule and print a summary (or --json);"
            " also .sm, .xml\n"
            "  history              list the recorded runs (or --json)\n"
            "  diff RUN_A RUN_B     what moved between two recorded runs "
            "(or --json)\n"
            "  baseline set NAME    make a run (--run N, default the last) "
            "baseline NAME\n"
            "  baseline list        list the baselines\n"
            "  gantt PROJECT        schedule and draw gantt.pdf, no "
            "database\n"
            "  gantt [--run N]      draw a recorded run again (default the "
            "last)\n"
            "  report [--run N]     write a recorded run's status.xlsx "
            "again\n"
            "  risk PROJECT         when it may really finish: P50/P80/P95 "
            "from the\n"
            "                       tasks' three-point estimates (--runs, "
            "--seed)\n"
            "  compare PROJECT [SCENARIO]...\n"
            "                       the plan and its what-if scenarios side "
            "by side\n"
            "                       (finish, cost, milestones; "
            "compare.xlsx)\n"
            "  import FILE -o P.yaml\n"
            "                       Microsoft Project XML or GanttProject to "
            "the native\n"
            "                       file, saying what was kept, "
            "approximated, dropped\n"
            "  export [PROJECT | --run N] -o FILE\n"
            "                       the schedule as Microsoft Project XML "
            "(.xml, --mspdi)\n"
            "                       or as the CSV WBS table (.csv, --csv)"
            "\n\n"
            "Options:\n"
            "  -o, --output DIR      folder for outputs (default: out)\n"
            "      --db FILE|URL     run history: a SQLite file, or "
            "postgresql://user@host/db\n"
            "                        (default: $PLANNER_DB, else "
            "planner.db)\n"
            "      --status-date D   status date YYYY-MM-DD (default: the "
            "file's, else today)\n"
            "      --progress FILE   progress table (CSV): actual dates, "
            "percent complete\n"
            "      --scenario NAME   apply the project file's what-if "
            "scenario NAME\n"
            "                        (run records it apart from the plan's "
            "runs)\n"
            "      --baseline NAME   baseline to compare with (default: "
            "initial)\n"
            "      --run N           the run a command refers to\n"
            "      --paper P         chart paper: a4, a3 (default), a2, "
            "letter\n"
            "      --portrait        chart in portrait (default landscape)\n"
            "      --columns LIST    chart grid: wbs,name,owner,start,"
            "finish,days,done\n"
            "      --scale S         chart timeline: day, week, month, "
            "quarter (tiles\n"
            "                        pages when wider than the page; "
            "--fit: one page wide)\n"
            "      --depth N         chart: WBS levels 1..N only\n"
            "      --today, --float  chart: a today line; total float "
            "after each task\n"
            "      --chain IDS       chart: the driving chains of these tasks "
            "stand out\n"
            "                        (comma-separated ids, or 'slipped': "
            "milestones\n"
            "                        later than the baseline)\n"
            "      --format F        gantt: pdf (default), png or svg (a "
            "file per page)\n"
            "      --dpi N           gantt --format png: resolution (default "
            "150)\n"
            "      --time-limit S    solver time limit in seconds (default: "
            "10)\n"
            "      --seed N          random seed (same input + seed, same "
            "schedule)\n"
            "      --runs N          risk, run, gantt: Monte Carlo samples "
            "(default 1000)\n"
            "      --json            print JSON: run, check, solve, diff, "
            "history,\n"
            "                        baseline list, import; a failure "
            "prints\n"
            "                        {\"error\": ...} on stdout instead\n"
            "      --no-milp         heuristics only, no GLPK model\n"
            "      --schedules N     heuristic budget in schedules "
            "(default: from the\n"
            "                        size and the time limit)\n"
            "      --glpk-only       benchmark baseline: GLPK alone on the "
            "plain model\n"
            "  -q, --quiet           no progress or summary output\n"
            "  -h, --help            show this help\n"
            "  -V, --version         show the version\n\n"
            "Exit status: 0 done, 1 I/O or internal failure, 2 bad input or "
            "usage,\n3 infeasible (the reason is printed).\n");
}

static int exit_code(int rc)
{
    switch (rc) {
    case PM_OK:
        return EXIT_DONE;
    case PM_EINPUT:
        return EXIT_BAD;
    case PM_EINFEASIBLE:
        return EXIT_INFEASIBLE;
    default:
        return EXIT_FAIL;
    }
}

/* Prints and clears the diagnostics: as text on stderr; under --json, a
 * failed command's error document on stdout (its only output), else any
 * notes and warnings as a JSON document on stderr. */
static void flush_diag(pm_diag *d, const cli_opts *o, int rc)
{
    if (o->json && rc != PM_OK) {
        cli_json_error(stdout, exit_code(rc), d);
        pm_diag_reset(d);
        return;
    }
    if (o->json && d->n > 0) {
        fputs("{\"diagnostics\": ", stderr);
        cli_json_diagnostics(stderr, d);
        fputs("}\n", stderr);
        pm_diag_reset(d);
        return;
    }
    for (int i = 0; i < d->n; i++) {
        char *line = pm_diag_format(&d->entries[i], pm_prog);
        if (line) {
            fprintf(stderr, "%s\n", line);
            free(line);
        }
    }
    if (d->n_errors > d->n) {
        fprintf(stderr, "%s: error: out of memory\n", pm_prog);
    }
    pm_diag_reset(d);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"db", required_argument, NULL, 'd'},
        {"status-date", required_argument, NULL, 's'},
        {"progress", required_argument, NULL, 'P'},
        {"scenario", required_argument, NULL, 'W'},
        {"baseline", required_argument, NULL, 'b'},
        {"run", required_argument, NULL, 'r'},
        {"mspdi", no_argument, NULL, 'M'},
        {"format", required_argument, NULL, 'F'},
        {"dpi", required_argument, NULL, 'D'},
        {"paper", required_argument, NULL, 'A'},
        {"portrait", no_argument, NULL, 'p'},
        {"columns", required_argument, NULL, 'c'},
        {"scale", required_argument, NULL, 'k'},
        {"fit", no_argument, NULL, 'f'},
        {"depth", required_argument, NULL, 'L'},
        {"today", no_argument, NULL, 'T'},
        {"float", no_argument, NULL, 'l'},
        {"chain", required_argument, NULL, 'K'},
        {"runs", required_argument, NULL, 'N'},
        {"csv", no_argument, NULL, 'C'},
        {"time-limit", required_argument, NULL, 't'},
        {"seed", required_argument, NULL, 'S'},
        {"json", no_argument, NULL, 'j'},
        {"no-milp", no_argument, NULL, 'H'},
        {"schedules", required_argument, NULL, 'B'},
        {"glpk-only", no_argument, NULL, 'G'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *db = getenv("PLANNER_DB");
    cli_opts o = {.out_dir = "out",
                  .db = db && *db ? db : "planner.db",
                  .time_limit = 10.0,
                  .seed = 1, .dpi = 150, .page_w = 1190.55, .page_h = 841.89,
                  .scale = -1};
    bool portrait = false;
    int c;
    bool out_given = false;
    while ((c = getopt_long(argc, argv, "o:qhV", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'o':
            o.out_dir = optarg;
            out_given = true;
            break;
        case 'd':
            o.db = optarg;
            break;
        case 's':
            o.status_date = optarg;
            break;
        case 'P':
            o.progress = optarg;
            break;
        case 'W':
            o.scenario = optarg;
            break;
        case 'M':
            o.format = 'm';
            break;
        case 'F':
            if (strcmp(optarg, "pdf") == 0) {
                o.chart_format = 0;
            } else if (strcmp(optarg, "png") == 0) {
                o.chart_format = 1;
            } else if (strcmp(optarg, "svg") == 0) {
                o.chart_format = 2;
            } else {
                fprintf(stderr,
                        "%s: error: --format '%s' is not pdf, png or svg\n",
                        pm_prog, optarg);
                return EXIT_BAD;
            }
            break;
        case 'D':
            o.dpi = (int)strtol(optarg, &end, 10);
            if (*end || end == optarg || o.dpi < 30 || o.dpi > 600) {
                fprintf(stderr,
                        "%s: error: --dpi '%s' is not from 30 to 600\n",
                        pm_prog, optarg);
                return EXIT_BAD;
            }
            break;
        case 'A': {
            static const struct {
                const char *name;
                double w, h; /* landscape, points */
            } papers[] = {{"a4", 841.89, 595.28},
                          {"a3", 1190.55, 841.89},
                          {"letter", 792, 612},
                          {"a2", 1683.78, 1190.55}};
            size_t k = 0;
            while (k < sizeof papers / sizeof papers[0] &&
                   strcasecmp(optarg, papers[k].name) != 0) {
                k++;
            }
            if (k == sizeof papers / sizeof papers[0]) {
                fprintf(stderr,
                        "%s: error: --paper '%s' is not a4, a3, a2 or "
                        "letter\n",
                        pm_prog, optarg);
                return EXIT_BAD;
            }
            o.page_w = papers[k].w;
            o.page_h = papers[k].h;
            break;
        }
        case 'p':
            portrait = true;
            break;
        case 'c': {
            static const char *const names[] = {"wbs",    "name", "owner",
                                                "start",  "finish", "days",
                                                "done"};
            o.columns = 0;
            for (char *tok = strtok(optarg, ","); tok;
                 tok = strtok(NULL, ",")) {
                size_t k = 0;
                while (k < 7 && strcmp(tok, names[k]) != 0) {
                    k++;
                }
                if (k == 7) {
                    fprintf(stderr,
                            "%s: error: --columns: unknown column '%s' "
                            "(wbs, name, owner, start, finish, days, "
                            "done)\n",
                            pm_prog, tok);
                    return EXIT_BAD;
                }
                o.columns |= 1u << k;
            }
            break;
        }
        case 'k': {
            static const char *const scales[] = {"day", "week", "month",
                                                 "quarter"};
            o.scale = -1;
            for (int k = 0; k < 4; k++) {
                if (strcmp(optarg, scales[k]) == 0) {
                    o.scale = k;
                }
            }
            if (o.scale < 0) {
                fprintf(stderr,
                        "%s: error: --scale '%s' is not day, week, month "
                        "or quarter\n",
                        pm_prog, optarg);
                return EXIT_BAD;
            }
            break;
        }
        case 'f':
            o.fit = true;
            break;
        case 'L':
            o.depth = (int)strtol(optarg, &end, 10);
            if (*end || end == optarg || o.depth < 1 || o.depth > 64) {
                fprintf(stderr,
                        "%s: error: --depth '%s' is not a level from 1\n",
                        pm_prog, optarg);
                return EXIT_BAD;
            }
            break;
        case 'T':
            o.today_line = true;
            break;
        case 'l':
            o.float_tails = true;
            break;
        case 'K':
            o.chain = optarg;
            break;
        case 'N':
            o.runs = (int)strtol(optarg, &end, 10);
            if (*end || end == optarg || o.runs < 1 || o.runs > 1000000) {
                fprintf(stderr,
                        "%s: error: --runs '%s' is not a number of runs "
                        "from 1 to 1000000\n",
                        pm_prog, optarg);
                return EXIT_BAD;
            }
            break;
        case 'C':
            o.format = 'c';
            break;
        case 'b':
            o.baseline = optarg;
            break;
        case 'r':
            o.run = strtoll(optarg, &end, 10);
            if (*end || end == optarg || o.run <= 0) {
                fprintf(stderr,
                        "%s: error: --run '%s' is not a run number\n",
                        pm_prog, optarg);
                return EXIT_BAD;
            }
            break;
        case 't':
            o.time_limit = strtod(optarg, &end);
            if (*end || end == optarg || !(o.time_limit > 0) ||
                o.time_limit > 1e6) {
                fprintf(stderr,
                        "%s: error: --time-limit '%s' is not a positive "
                        "number of seconds\n",
                        pm_prog, optarg);
                return EXIT_BAD;
            }
            break;
        case 'S':
            o.seed = (unsigned)strtoul(optarg, &end, 10);
            if (*end || end == optarg) {
                fprintf(stderr, "%s: error: --seed '%s' is not a number\n",
                        pm_prog, optarg);
                return EXIT_BAD;
            }
            break;
        case 'j':
            o.json = true;
            break;
        case 'H':
            o.no_milp = true;
            break;
        case 'G':
            o.glpk_only = true;
            break;
        case 'B':
            o.schedules = strtol(optarg, &end, 10);
            if (*end || end == optarg || o.schedules <= 0) {
                fprintf(stderr,
                        "%s: error: --schedules '%s' is not a positive "
                        "number\n",
                        pm_prog, optarg);
                return EXIT_BAD;
            }
            break;
        case 'q':
            o.quiet = true;
            break;
        case 'h':
            usage(stdout);
            return EXIT_DONE;
        case 'V':
            printf("planner %s\n", PM_VERSION);
            return EXIT_DONE;
        default:
            fprintf(stderr, "Try 'planner --help'.\n");
            return EXIT_BAD;
        }
    }
    if (portrait) {
        double t = o.page_w;
        o.page_w = o.page_h;
        o.page_h = t;
    }
    int nargs = argc - optind;
    if (nargs < 1) {
        fprintf(stderr, "%s: error: expected a command\n", pm_prog);
        fprintf(stderr, "Try 'planner --help'.\n");
        return EXIT_BAD;
    }
    const char *cmd = argv[optind];
    char **args = argv + optind + 1;
    nargs--;
    static const struct {
        const char *name;
        int min_args, max_args;
        const char *synopsis;
    } commands[] = {
        {"run", 1, 64, "run PROJECT | run PROJECT PROJECT... | run "
                       "PORTFOLIO"},
        {"check", 1, 1, "check PROJECT"},
        {"solve", 1, 1, "solve FILE"},
        {"history", 0, 0, "history"},
        {"diff", 2, 2, "diff RUN_A RUN_B"},
        {"baseline", 1, 2, "baseline set NAME | baseline list"},
        {"gantt", 0, 1, "gantt PROJECT | gantt [--run N]"},
        {"report", 0, 0, "report [--run N]"},
        {"import", 1, 1, "import FILE -o project.yaml"},
        {"export", 0, 1, "export [PROJECT | --run N] -o FILE.xml|.csv"},
        {"risk", 1, 1, "risk PROJECT [--runs N] [--seed S]"},
        {"compare", 1, 64, "compare PROJECT [SCENARIO]..."},
    };
    int which = -1;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(cmd, commands[i].name) == 0) {
            which = (int)i;
        }
    }
    pm_diag diag = PM_DIAG_INIT;
    if (which < 0) {
        pm_diag_error(&diag, NULL,
                      "unknown command '%s' (try 'planner --help')", cmd);
        flush_diag(&diag, &o, PM_EINPUT);
        return EXIT_BAD;
    }
    if (nargs < commands[which].min_args ||
        nargs > commands[which].max_args) {
        pm_diag_error(&diag, NULL, "usage: planner %s",
                      commands[which].synopsis);
        flush_diag(&diag, &o, PM_EINPUT);
        return EXIT_BAD;
    }
    int rc;
    switch (which) {
    case 0:
        rc = nargs > 1 || pm_is_portfolio_file(args[0])
                 ? cmd_run_portfolio(nargs, args, &o, &diag)
                 : cmd_run(args[0], &o, &diag);
        break;
    case 1:
        rc = cmd_check(args[0], &o, &diag);
        break;
    case 2:
        rc = cmd_solve(args[0], &o, &diag);
        break;
    case 3:
        rc = cmd_history(&o, &diag);
        break;
    case 4:
        rc = cmd_diff(args[0], args[1], &o, &diag);
        break;
    case 5:
        rc = cmd_baseline(nargs, args, &o, &diag);
        break;
    case 6:
        rc = cmd_gantt(nargs ? args[0] : NULL, &o, &diag);
        break;
    case 7:
        rc = cmd_report(&o, &diag);
        break;
    case 8:
        o.import_to = out_given ? o.out_dir : NULL;
        rc = cmd_import(args[0], &o, &diag);
        break;
    case 9:
        o.import_to = out_given ? o.out_dir : NULL;
        rc = cmd_export(nargs ? args[0] : NULL, &o, &diag);
        break;
    case 10:
        rc = cmd_risk(args[0], &o, &diag);
        break;
    default:
        rc = cmd_compare(args[0], nargs - 1, args + 1, &o, &diag);
        break;
    }
    if (rc == PM_ENOMEM) {
        pm_diag_error(&diag, NULL, "out of memory");
    }
    flush_diag(&diag, &o, rc);
    return exit_code(rc);
}
