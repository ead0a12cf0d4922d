/* tests/fuzz/fuzz_gan.c - the GanttProject reader on arbitrary
 * bytes. */
#include "import/import.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".gan");
    pm_project *p = NULL;
    pm_diag diag = PM_DIAG_INIT;
    pm_fidelity fid = {0};
    if (path) {
        pm_import_gan(&p, path, &fid, &diag);
    }
    pm_fidelity_reset(&fid);
    pm_project_free(p);
    pm_diag_reset(&diag);
    return 0;
}
