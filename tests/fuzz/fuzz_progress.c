/* tests/fuzz/fuzz_progress.c - the progress table reader on arbitrary
 * bytes, against a small fixed project. */
#include <string.h>

#include "import/import.h"
#include "tests/fuzz/fuzz.h"

static const char project[] =
    "project: f\nstart: 2026-03-02\nstatus_date: 2026-03-16\n"
    "tasks:\n"
    "  - { id: g, children: [{ id: a, duration: 3d }, "
    "{ id: b, effort: 4d, after: [a] }] }\n"
    "  - { id: m, milestone: true, after: [g] }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *csv = fuzz_file(data, size, ".csv");
    pm_project *p = NULL;
    pm_diag diag = PM_DIAG_INIT;
    if (csv && pm_import_yaml_text(&p, "fuzz.yaml", project,
                                   sizeof project - 1, &diag) == PM_OK) {
        pm_import_progress(p, csv, &diag);
    }
    pm_project_free(p);
    pm_diag_reset(&diag);
    return 0;
}
