/* tests/fuzz/fuzz.h - what the libFuzzer harnesses share: the input as a
 * file (for readers that take a path) and a diagnostics sink. */
#ifndef PM_FUZZ_H
#define PM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Writes data to a per-process file with the given suffix and returns its
 * path (static storage), or NULL. */
static inline const char *fuzz_file(const uint8_t *data, size_t size,
                                    const char *suffix)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/pm-fuzz-%d%s", (int)getpid(), suffix);
    FILE *f = fopen(path, "wb");
    if (!f) {
        return NULL;
    }
    size_t n = fwrite(data, 1, size, f);
    fclose(f);
    return n == size ? path : NULL;
}

#endif
