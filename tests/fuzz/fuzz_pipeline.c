/* tests/fuzz/fuzz_pipeline.c - the whole path on small inputs: a YAML
 * project is read, scheduled (heuristics, a small budget), captured as a
 * run, compared, explained and written as JSON, xlsx and PDF. */
#include <string.h>

#include "import/import.h"
#include "planner/runs/explain.h"
#include "planner/runs/variance.h"
#include "render/render.h"
#include "solver/solve.h"
#include "tests/fuzz/fuzz.h"

static void outputs(const pm_project *p, const pm_schedule *s)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_run run;
    if (pm_run_capture(&run, p, s, "2026-01-01T00:00:00Z", "") != PM_OK) {
        return;
    }
    pm_variance v;
    char **why = NULL;
    if (pm_variance_compute(&v, &run, &run, "initial", &run) == PM_OK &&
        pm_explain_slips(&why, &run, &run) == PM_OK) {
        char dir[64], pdf[80], xlsx[80];
        snprintf(dir, sizeof dir, "/tmp/pm-fuzz-%d", (int)getpid());
        snprintf(pdf, sizeof pdf, "%s.pdf", dir);
        snprintf(xlsx, sizeof xlsx, "%s.xlsx", dir);
        FILE *null = fopen("/dev/null", "w");
        if (null) {
            pm_render_json(null, p, s, false);
            fclose(null);
        }
        pm_report_opts ro = PM_REPORT_OPTS_INIT;
        ro.variance = &v;
        ro.current = &run;
        ro.why = why;
        pm_render_xlsx(xlsx, p, s, &ro, NULL, &diag);
        pm_gantt_opts go = PM_GANTT_OPTS_INIT;
        pm_render_gantt_pdf(pdf, p, s, &go, NULL, &diag);
        pm_explain_free(why, run.n_tasks);
        pm_variance_reset(&v);
    }
    pm_run_reset(&run);
    pm_diag_reset(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pm_project *p = NULL;
    pm_diag diag = PM_DIAG_INIT;
    if (pm_import_yaml_text(&p, "fuzz.yaml", (const char *)data, size,
                            &diag) == PM_OK &&
        p->n_tasks <= 60) {
        pm_solve_opts o = PM_SOLVE_OPTS_INIT;
        o.use_milp = false;
        o.max_schedules = 200;
        o.time_limit_ms = 2000;
        pm_schedule *s = NULL;
        if (pm_solve(&s, p, &o, &diag) == PM_OK) {
            outputs(p, s);
        }
        pm_schedule_free(s);
    }
    pm_project_free(p);
    pm_diag_reset(&diag);
    return 0;
}
