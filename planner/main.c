/* planner/main.c - the command line: run, check, solve.
 *
 * The only place that prints: diagnostics go to stderr as
 * "file:line:col: error: ...", results to stdout. Exit status: 0 done,
 * 1 I/O or internal failure, 2 bad input or usage, 3 infeasible. */
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "import/import.h"
#include "planner/calendar.h"
#include "planner/store.h"
#include "render/render.h"
#include "solver/solve.h"

#ifndef PM_VERSION
#define PM_VERSION "0"
#endif

enum { EXIT_DONE = 0, EXIT_FAIL = 1, EXIT_BAD = 2, EXIT_INFEASIBLE = 3 };

typedef struct {
    const char *out_dir;
    const char *db;
    const char *status_date;
    double time_limit;
    unsigned seed;
    bool json;
    bool quiet;
    bool no_milp;
    long schedules;
    bool glpk_only;
} cli_opts;

static const char *prog = "planner";

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: planner COMMAND [OPTION]... FILE\n"
            "Schedule a project: resource-feasible dates, Gantt chart, status "
            "report, history.\n\n"
            "Commands:\n"
            "  run PROJECT     schedule, write gantt.pdf and status.xlsx, "
            "record the run\n"
            "  check PROJECT   validate the project file only\n"
            "  solve FILE      schedule and print a summary (or --json); "
            "also PSPLIB .sm\n\n"
            "Options:\n"
            "  -o, --output DIR      folder for outputs (default: out)\n"
            "      --db FILE         run history database (default: "
            "planner.db)\n"
            "      --status-date D   status date YYYY-MM-DD (default: the "
            "file's, else today)\n"
            "      --time-limit S    solver time limit in seconds (default: "
            "10)\n"
            "      --seed N          random seed (same input + seed, same "
            "schedule)\n"
            "      --json            print the schedule as JSON (solve)\n"
            "      --no-milp         heuristics only, no GLPK model\n"
            "      --schedules N     heuristic budget in schedules "
            "(default: from the size and time limit)\n"
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

/* Prints and clears the diagnostics. */
static void flush_diag(pm_diag *d)
{
    for (int i = 0; i < d->n; i++) {
        char *line = pm_diag_format(&d->entries[i], prog);
        if (line) {
            fprintf(stderr, "%s\n", line);
            free(line);
        }
    }
    if (d->n_errors > d->n) {
        fprintf(stderr, "%s: error: out of memory\n", prog);
    }
    pm_diag_reset(d);
}

static pm_date today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return pm_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* SHA-256 over the project file and every file it pulled in. */
static char *input_digest(const pm_project *p)
{
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    const char *files[1 + 64];
    int n = 0;
    files[n++] = p->source;
    for (int i = 0; i < p->n_kept && n < 65; i++) {
        files[n++] = p->kept[i];
    }
    for (int i = 0; i < n; i++) {
        gchar *data = NULL;
        gsize len = 0;
        if (files[i] && g_file_get_contents(files[i], &data, &len, NULL)) {
            g_checksum_update(ck, (const guchar *)data, (gssize)len);
            g_free(data);
        }
    }
    char *out = strdup(g_checksum_get_string(ck));
    g_checksum_free(ck);
    return out;
}

static int load(pm_project **p, const char *path, const cli_opts *o,
                pm_diag *diag)
{
    int rc = pm_import_file(p, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    if (o->status_date) {
        pm_date d;
        if (!pm_date_parse(o->status_date, strlen(o->status_date), &d)) {
            pm_diag_error(diag, NULL,
                          "--status-date '%s' is not a valid date "
                          "(expected YYYY-MM-DD)",
                          o->status_date);
            pm_project_free(*p);
            *p = NULL;
            return PM_EINPUT;
        }
        (*p)->status_date = d;
    }
    return PM_OK;
}

/* Progress of a long solve on stderr, at most once a second. */
static void show_progress(void *ctx, const pm_solve_progress *pr)
{
    static double last = -1;
    (void)ctx;
    if (last >= 0 && pr->seconds - last < 1.0) {
        return;
    }
    last = pr->seconds;
    double gap = pr->lower_bound > 0
                     ? 100.0 * (pr->makespan - pr->lower_bound) /
                           pr->lower_bound
                     : 0.0;
    fprintf(stderr, "%s: %5.1f s  %-9s best %d, bound %d, gap %.1f%%%s\n",
            prog, pr->seconds, pr->phase, pr->makespan, pr->lower_bound, gap,
            pr->lateness > 0 ? " (late work)" : "");
}

static int solve_project(pm_schedule **s, const pm_project *p,
                         const cli_opts *o, pm_diag *diag)
{
    pm_solve_opts so = PM_SOLVE_OPTS_INIT;
    if (!o->quiet && isatty(STDERR_FILENO)) {
        so.progress = show_progress;
    }
    so.time_limit_ms = (int)(o->time_limit * 1000);
    so.seed = o->seed;
    so.use_milp = !o->no_milp;
    so.max_schedules = o->schedules;
    so.glpk_only = o->glpk_only;
    return pm_solve(s, p, &so, diag);
}

static void print_summary(const pm_project *p, const pm_schedule *s)
{
    pm_calmap m;
    if (pm_calmap_init(&m, &p->cal, p->start) != PM_OK) {
        return;
    }
    char a[11], b[11];
    int critical = 0, late = 0, leaves = 0;
    for (int i = 0; i < p->n_tasks; i++) {
        if (!pm_task_is_summary(&p->tasks[i])) {
            leaves++;
            critical += s->tasks[i].critical;
            late += s->tasks[i].late;
        }
    }
    double gap = s->lower_bound > 0
                     ? 100.0 * (s->makespan - s->lower_bound) / s->lower_bound
                     : 0.0;
    printf("%s: %d tasks, %s .. %s\n", p->name ? p->name : p->source, leaves,
           pm_date_format(pm_calmap_slot_date(&m, 0), a),
           pm_date_format(pm_calmap_finish_date(&m, 0, s->makespan), b));
    printf("makespan %d slots, lower bound %d (gap %.1f%%), %s by %s in "
           "%.2f s\n",
           s->makespan, s->lower_bound, gap, pm_status_name(s->status),
           s->solver, s->seconds);
    printf("%d critical, %d late\n", critical, late);
    pm_calmap_reset(&m);
}

static int ensure_dir(const char *dir, pm_diag *diag)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            pm_diag_error(diag, NULL, "'%s' is not a folder", dir);
            return PM_EIO;
        }
        return PM_OK;
    }
    if (mkdir(dir, 0777) != 0) {
        pm_diag_error(diag, NULL, "cannot create folder '%s': %s", dir,
                      strerror(errno));
        return PM_EIO;
    }
    return PM_OK;
}

static int cmd_run(const char *path, const cli_opts *o, pm_diag *diag)
{
    pm_project *p = NULL;
    pm_schedule *s = NULL;
    pm_store *st = NULL;
    char *pdf = NULL, *xlsx = NULL, *digest = NULL;
    long long run_id = 0;
    int rc = load(&p, path, o, diag);
    if (rc == PM_OK) {
        if (p->status_date == PM_NO_DATE) {
            p->status_date = today();
        }
        rc = solve_project(&s, p, o, diag);
    }
    if (rc == PM_OK) {
        rc = ensure_dir(o->out_dir, diag);
    }
    if (rc == PM_OK && (asprintf(&pdf, "%s/gantt.pdf", o->out_dir) < 0 ||
                        asprintf(&xlsx, "%s/status.xlsx", o->out_dir) < 0)) {
        rc = PM_ENOMEM;
    }
    if (rc == PM_OK) {
        rc = pm_store_open(&st, o->db, diag);
    }
    if (rc == PM_OK) {
        digest = input_digest(p);
        char created[32];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
        pm_run_info info = {digest ? digest : "", created};
        rc = pm_store_add_run(st, p, s, &info, &run_id, diag);
    }
    if (rc == PM_OK) {
        pm_gantt_opts go = PM_GANTT_OPTS_INIT;
        go.status_date = p->status_date;
        go.generated = today();
        rc = pm_render_gantt_pdf(pdf, p, s, &go, diag);
    }
    if (rc == PM_OK) {
        pm_report_opts ro = PM_REPORT_OPTS_INIT;
        ro.status_date = p->status_date;
        ro.run_id = run_id;
        rc = pm_render_xlsx(xlsx, p, s, &ro, diag);
    }
    if (rc == PM_OK && !o->quiet) {
        print_summary(p, s);
        printf("wrote %s and %s; run %lld recorded in %s\n", pdf, xlsx,
               run_id, o->db);
    }
    free(digest);
    free(pdf);
    free(xlsx);
    pm_store_close(st);
    pm_schedule_free(s);
    pm_project_free(p);
    return rc;
}

static int cmd_check(const char *path, const cli_opts *o, pm_diag *diag)
{
    pm_project *p = NULL;
    int rc = load(&p, path, o, diag);
    if (rc == PM_OK) {
        rc = pm_solve_check(p, diag);
    }
    if (rc == PM_OK && !o->quiet) {
        printf("%s: ok (%d tasks, %d dependencies, %d resources, %d pools)\n",
               path, p->n_tasks, p->n_deps, p->n_resources, p->n_pools);
    }
    pm_project_free(p);
    return rc;
}

static bool is_psplib(const char *path)
{
    size_t n = strlen(path);
    return n > 3 && strcmp(path + n - 3, ".sm") == 0;
}

static int cmd_solve(const char *path, const cli_opts *o, pm_diag *diag)
{
    pm_project *p = NULL;
    pm_schedule *s = NULL;
    int rc = load(&p, path, o, diag);
    if (rc == PM_OK) {
        rc = solve_project(&s, p, o, diag);
    }
    if (rc == PM_OK) {
        if (o->json) {
            rc = pm_render_json(stdout, p, s, is_psplib(path));
        } else if (!o->quiet) {
            print_summary(p, s);
        }
    }
    pm_schedule_free(s);
    pm_project_free(p);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"db", required_argument, NULL, 'd'},
        {"status-date", required_argument, NULL, 's'},
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
    cli_opts o = {"out", "planner.db", NULL, 10.0, 1, false, false, false, 0,
                  false};
    int c;
    while ((c = getopt_long(argc, argv, "o:qhV", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'o':
            o.out_dir = optarg;
            break;
        case 'd':
            o.db = optarg;
            break;
        case 's':
            o.status_date = optarg;
            break;
        case 't':
            o.time_limit = strtod(optarg, &end);
            if (*end || end == optarg || !(o.time_limit > 0) ||
                o.time_limit > 1e6) {
                fprintf(stderr,
                        "%s: error: --time-limit '%s' is not a positive "
                        "number of seconds\n",
                        prog, optarg);
                return EXIT_BAD;
            }
            break;
        case 'S':
            o.seed = (unsigned)strtoul(optarg, &end, 10);
            if (*end || end == optarg) {
                fprintf(stderr, "%s: error: --seed '%s' is not a number\n",
                        prog, optarg);
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
                        prog, optarg);
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
    if (argc - optind != 2) {
        fprintf(stderr, "%s: error: expected a command and a file\n", prog);
        fprintf(stderr, "Try 'planner --help'.\n");
        return EXIT_BAD;
    }
    const char *cmd = argv[optind], *file = argv[optind + 1];
    pm_diag diag = PM_DIAG_INIT;
    int rc;
    if (strcmp(cmd, "run") == 0) {
        rc = cmd_run(file, &o, &diag);
    } else if (strcmp(cmd, "check") == 0) {
        rc = cmd_check(file, &o, &diag);
    } else if (strcmp(cmd, "solve") == 0) {
        rc = cmd_solve(file, &o, &diag);
    } else {
        fprintf(stderr, "%s: error: unknown command '%s'\n", prog, cmd);
        fprintf(stderr, "Try 'planner --help'.\n");
        return EXIT_BAD;
    }
    if (rc == PM_ENOMEM) {
        pm_diag_error(&diag, NULL, "out of memory");
    }
    flush_diag(&diag);
    return exit_code(rc);
}
