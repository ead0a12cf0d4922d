/* tests/fuzz/fuzz_yaml.c - the native YAML reader on arbitrary bytes. */
#include "import/import.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pm_project *p = NULL;
    pm_diag diag = PM_DIAG_INIT;
    pm_import_yaml_text(&p, "fuzz.yaml", (const char *)data, size, &diag);
    pm_project_free(p);
    pm_diag_reset(&diag);
    return 0;
}
