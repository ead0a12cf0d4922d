/* tests/fuzz/fuzz_csv.c - the CSV WBS table reader on arbitrary bytes,
 * through a project file that names it. */
#include <string.h>

#include "import/import.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *csv = fuzz_file(data, size, ".csv");
    if (!csv) {
        return 0;
    }
    char yaml[256];
    int n = snprintf(yaml, sizeof yaml,
                     "project: f\nstart: 2026-03-02\n"
                     "resources: [{ id: ann, pools: [dev] }]\n"
                     "pools: [{ id: dev }]\ntasks_csv: %s\n",
                     csv);
    pm_project *p = NULL;
    pm_diag diag = PM_DIAG_INIT;
    pm_import_yaml_text(&p, "/tmp/fuzz.yaml", yaml, (size_t)n, &diag);
    pm_project_free(p);
    pm_diag_reset(&diag);
    return 0;
}
