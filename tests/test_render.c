/* tests/test_render.c - the renderers called as a library, their files read
 * back by tools no one here wrote: the report's cells with openpyxl, the
 * chart's text and fonts with pdftotext and pdffonts, the JSON with
 * Python's json. A failed write leaves the old file in place.
 * Usage: test_render PROJECT.yaml (prints TAP) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "render/render.h"
#include "solver/solve.h"
#include "tap.h"

static char dir[] = "/tmp/pm-test-render-XXXXXX";

/* Runs cmd and returns its standard output (the caller frees it), or
 * NULL when it cannot run or exits non-zero. */
static char *output_of(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    if (!f) {
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    size_t n;
    while (out && (n = fread(out + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *bigger = realloc(out, cap *= 2);
            if (!bigger) {
                free(out);
            }
            out = bigger;
        }
    }
    int status = pclose(f);
    if (out) {
        out[len] = '\0';
    }
    if (status != 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* The Tasks sheet as "id|name|start|assigned" lines, through openpyxl. */
static const char *const READ_TASKS =
    "/usr/bin/python3 -c \"import sys, openpyxl\n"
    "ws = openpyxl.load_workbook(sys.argv[1])['Tasks']\n"
    "h = [c.value for c in ws[1]]\n"
    "for r in ws.iter_rows(min_row=2, values_only=True):\n"
    "    print('|'.join(str(r[h.index(k)] or '') for k in\n"
    "          ('ID', 'Name', 'Start', 'Assigned')))\" '%s'";

static void test_xlsx(const pm_project *p, const pm_schedule *s)
{
    char path[300], cmd[1200];
    snprintf(path, sizeof path, "%s/status.xlsx", dir);
    pm_diag diag = PM_DIAG_INIT;
    pm_report_opts ro = PM_REPORT_OPTS_INIT;
    if (!ok(pm_render_xlsx(path, p, s, &ro, NULL, &diag) == PM_OK,
            "the report is written")) {
        return;
    }
    snprintf(cmd, sizeof cmd, READ_TASKS, path);
    char *rows = output_of(cmd);
    if (!ok(rows != NULL, "openpyxl reads it")) {
        return;
    }
    int found = 0, dated = 0, people = 0, staffed = 0;
    for (int i = 0; i < p->n_tasks; i++) {
        char line[512], start[11];
        pm_calmap m;
        pm_calmap_init(&m, &p->cal, p->start);
        pm_date_format(pm_calmap_start_date(&m, s->tasks[i].start,
                                            s->tasks[i].finish),
                       start);
        pm_calmap_reset(&m);
        snprintf(line, sizeof line, "%s|%s|", p->tasks[i].id,
                 p->tasks[i].name);
        const char *at = strstr(rows, line);
        found += at != NULL;
        dated += at && strncmp(at + strlen(line), start, 10) == 0;
        int n, first = pm_schedule_assignments_of(s, i, &n);
        staffed += n > 0;
        if (at && n > 0) {
            /* the first person assigned is named in the Assigned cell */
            const char *end = strchr(at, '\n');
            const char *who = p->resources[s->assignments[first].resource].name;
            const char *hit = strstr(at, who);
            people += hit && (!end || hit < end);
        }
    }
    is_int(found, p->n_tasks, "every task has its row");
    is_int(dated, p->n_tasks, "with its start date as the schedule has it");
    ok(staffed > 0 && people == staffed,
       "and names the people assigned (%d of %d tasks with people)", people,
       staffed);
    free(rows);
    /* A write into a folder that is not there fails cleanly. */
    pm_diag_reset(&diag);
    snprintf(path, sizeof path, "%s/missing/status.xlsx", dir);
    ok(pm_render_xlsx(path, p, s, &ro, NULL, &diag) == PM_EIO &&
           diag.n_errors == 1 && access(path, F_OK) != 0,
       "a report that cannot be written is an error, and no file appears");
    pm_diag_reset(&diag);
}

static void test_pdf(const pm_project *p, const pm_schedule *s)
{
    char path[300], cmd[600];
    snprintf(path, sizeof path, "%s/gantt.pdf", dir);
    pm_diag diag = PM_DIAG_INIT;
    pm_gantt_opts go = PM_GANTT_OPTS_INIT;
    if (!ok(pm_render_gantt_pdf(path, p, s, &go, NULL, &diag) == PM_OK,
            "the chart is written")) {
        return;
    }
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", path);
    char *text = output_of(cmd);
    int named = 0;
    for (int i = 0; text && i < p->n_tasks; i++) {
        named += strstr(text, p->tasks[i].name) != NULL;
    }
    is_int(named, p->n_tasks, "pdftotext finds every task name");
    ok(text && strstr(text, "Page 1 of"), "and the page footer");
    free(text);
    snprintf(cmd, sizeof cmd, "pdffonts '%s' | tail -n +3", path);
    char *fonts = output_of(cmd);
    int lines = 0, embedded = 0;
    for (char *l = fonts; l && *l;) {
        char *nl = strchr(l, '\n');
        if (nl) {
            *nl = '\0';
        }
        /* columns: name type encoding emb sub uni object ID */
        char *f[12];
        int k = 0;
        for (char *t = strtok(l, " "); t && k < 12; t = strtok(NULL, " ")) {
            f[k++] = t;
        }
        if (k >= 8) {
            lines++;
            embedded += strcmp(f[k - 5], "yes") == 0;
        }
        l = nl ? nl + 1 : l + strlen(l);
    }
    ok(lines > 0 && embedded == lines, "every font is embedded (%d of %d)",
       embedded, lines);
    free(fonts);
    pm_diag_reset(&diag);
}

static void test_json(const pm_project *p, const pm_schedule *s)
{
    char path[300], cmd[600];
    snprintf(path, sizeof path, "%s/schedule.json", dir);
    FILE *f = fopen(path, "w");
    int rc = f ? pm_render_json(f, p, s, false) : PM_EIO;
    if (f) {
        fclose(f);
    }
    if (!ok(rc == PM_OK, "the JSON is written")) {
        return;
    }
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import json, sys\n"
             "d = json.load(open(sys.argv[1]))\n"
             "print(len(d['tasks']), d['makespan'],\n"
             "      sum(len(t['assignments']) for t in d['tasks']))\" '%s'",
             path);
    char *out = output_of(cmd);
    char want[64];
    snprintf(want, sizeof want, "%d %d %d\n", p->n_tasks, s->makespan,
             s->n_assignments);
    is_str(out ? out : "", want,
           "Python's json reads the tasks, the makespan and every "
           "assignment");
    free(out);
}

int main(int argc, char **argv)
{
    if (argc < 2 || !mkdtemp(dir)) {
        printf("1..0 # SKIP usage: test_render PROJECT.yaml\n");
        return 1;
    }
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = NULL;
    pm_schedule *s = NULL;
    pm_solve_opts o = PM_SOLVE_OPTS_INIT;
    o.use_milp = false;
    o.max_schedules = 1000;
    o.time_limit_ms = 60000;
    if (ok(pm_import_file(&p, argv[1], &diag) == PM_OK &&
               pm_solve(&s, p, &o, &diag) == PM_OK,
           "%s loads and solves", argv[1])) {
        test_xlsx(p, s);
        test_pdf(p, s);
        test_json(p, s);
    }
    pm_schedule_free(s);
    pm_project_free(p);
    pm_diag_reset(&diag);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        printf("# could not remove %s\n", dir);
    }
    return tap_done();
}
