/* tests/fuzz/fuzz_psplib.c - the PSPLIB .sm reader on arbitrary bytes. */
#include "import/import.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".sm");
    pm_project *p = NULL;
    pm_diag diag = PM_DIAG_INIT;
    if (path) {
        pm_import_psplib(&p, path, &diag);
    }
    pm_project_free(p);
    pm_diag_reset(&diag);
    return 0;
}
