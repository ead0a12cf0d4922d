/* tests/test_l10n.c - a Chinese project ('language: zh') through two weekly
 * runs (progress, a slip, a leave, a changed risk), its chart in the
 * views a manager asks for and its report: every label looked up has a
 * translation, and every translated format string takes the English one's
 * arguments with the same conversions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "planner/model/l10n.h"
#include "planner/weekly/weekly.h"
#include "tap.h"

static char dir[] = "/tmp/pm-test-l10n-XXXXXX";

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long len = 0;
    if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len + 1)) &&
        fread(buf, 1, (size_t)len, f) == (size_t)len) {
        buf[len] = '\0';
    } else {
        free(buf);
        buf = NULL;
    }
    if (f) {
        fclose(f);
    }
    return buf;
}

/* text with every "from" replaced by "to" (same length or not); the
 * caller frees it. */
static char *replaced(const char *text, const char *from, const char *to)
{
    size_t n = 0, lf = strlen(from), lt = strlen(to);
    for (const char *s = strstr(text, from); s; s = strstr(s + lf, from)) {
        n++;
    }
    char *out = malloc(strlen(text) + n * (lt > lf ? lt - lf : 0) + 1);
    char *o = out;
    for (const char *s = text; out && *s;) {
        if (strncmp(s, from, lf) == 0) {
            memcpy(o, to, lt);
            o += lt;
            s += lf;
        } else {
            *o++ = *s++;
        }
    }
    if (out) {
        *o = '\0';
    }
    return out;
}

/* One weekly run of text as of status (progress from the CSV text, or
 * none); the result in *w. */
static bool week(pm_weekly_result *w, const char *text, const char *status,
                 const char *progress)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_yaml("zh.yaml", text, &diag);
    char path[300], db[300];
    snprintf(path, sizeof path, "%s/progress.csv", dir);
    snprintf(db, sizeof db, "%s/planner.db", dir);
    bool ok = p != NULL;
    if (ok) {
        int y, m, d;
        sscanf(status, "%d-%d-%d", &y, &m, &d);
        p->status_date = pm_date_from_ymd(y, m, d);
    }
    if (ok && progress) {
        FILE *f = fopen(path, "w");
        ok = f && fputs(progress, f) >= 0;
        if (f) {
            fclose(f);
        }
        ok = ok && pm_import_progress(p, path, &diag) == PM_OK;
    }
    pm_weekly_opts o = {0};
    o.out_dir = dir;
    o.db = db;
    o.created = "2026-12-02T00:00:00Z";
    o.input_digest = "test";
    o.solve = (pm_solve_opts)PM_SOLVE_OPTS_INIT;
    o.solve.use_milp = false;
    o.solve.max_schedules = 500;
    o.gantt = (pm_gantt_opts)PM_GANTT_OPTS_INIT;
    ok = ok && pm_weekly_run(w, p, &o, &diag) == PM_OK;
    for (int i = 0; i < diag.n; i++) {
        char *s = pm_diag_format(&diag.entries[i], "zh");
        printf("# %s\n", s ? s : "?");
        free(s);
    }
    pm_diag_reset(&diag);
    pm_project_free(p);
    return ok;
}

int main(int argc, char **argv)
{
    char *src = argc > 1 ? slurp(argv[1]) : NULL;
    if (!src || !mkdtemp(dir)) {
        printf("1..0 # SKIP usage: test_l10n core-migration.yaml\n");
        free(src);
        return 1;
    }
    char buf[2048];
    is_int(pm_tr_check(buf, sizeof buf), 0,
           "translated format strings take the English arguments (%s)", buf);

    size_t len = strlen(src) + 32;
    char *zh = malloc(len);
    snprintf(zh, len, "language: zh\n%s", src);
    /* Week 2: longer tasks, a person's new leave, a risk rated higher. */
    char *a = replaced(zh, "duration: 10d", "duration: 14d");
    char *b = a ? replaced(a, "probability: 30%", "probability: 60%") : NULL;
    char *later = b ? replaced(b, "vacations: [", "vacations: [2026-03-23..2026-03-27, ") : NULL;
    pm_weekly_result w1 = {0}, w2 = {0};
    ok(week(&w1, zh, "2026-03-09", NULL), "week 1 of the Chinese project");
    ok(later && week(&w2, later, "2026-03-16",
                     "task,actual_start,actual_finish,percent_complete\n"
                     "kickoff,2026-03-02,2026-03-02,\n"
                     "charter,2026-03-03,2026-03-06,\n"
                     "req-biz,2026-03-03,,40%\n"),
       "week 2: progress, a slip, a leave and a changed risk");
    /* The manager's views of week 2's chart. */
    if (w2.s) {
        pm_diag diag = PM_DIAG_INIT;
        pm_project *p = load_yaml("zh.yaml", later, &diag);
        char path[300];
        snprintf(path, sizeof path, "%s/views.pdf", dir);
        static const struct {
            const char *chain;
            int depth, scale;
        } views[] = {{"slipped", 0, PM_SCALE_AUTO},
                     {NULL, 2, PM_SCALE_AUTO},
                     {NULL, 0, 0}};
        for (size_t k = 0; p && k < sizeof views / sizeof views[0]; k++) {
            pm_gantt_opts go = PM_GANTT_OPTS_INIT;
            go.status_date = w2.cur.status_date;
            go.variance = &w2.var;
            go.baseline_bars = true;
            go.float_tails = true;
            go.today = w2.cur.status_date;
            go.chain = views[k].chain;
            go.outlook = &w2.cur.outlook;
            go.depth = views[k].depth;
            go.scale = views[k].scale;
            go.page_w = 595.28;
            go.page_h = 841.89;
            ok(pm_render_gantt_pdf(path, p, w2.s, &go, NULL, &diag) == PM_OK,
               "chart view %zu is drawn", k + 1);
        }
        pm_project_free(p);
        pm_diag_reset(&diag);
    }
    int misses = pm_tr_misses(buf, sizeof buf);
    is_int(misses, 0, "every label of the runs, charts and reports has a "
                      "Chinese translation (missing: %s)", buf);
    pm_weekly_reset(&w1);
    pm_weekly_reset(&w2);
    free(src);
    free(zh);
    free(a);
    free(b);
    free(later);
    snprintf(buf, sizeof buf, "rm -rf '%s'", dir);
    if (system(buf) != 0) {
        printf("# could not remove %s\n", dir);
    }
    return tap_done();
}
