/* planner/model/strindex.h - a string -> int map (open addressing, FNV-1a).
 * Keys are borrowed: they must outlive the index. */
#ifndef PM_STRINDEX_H
#define PM_STRINDEX_H

#include <stddef.h>

typedef struct {
    const char **keys; /* borrowed keys, NULL for an empty slot */
    int *vals;
    size_t cap;        /* power of two */
    size_t n;
} pm_strindex;

#define PM_STRINDEX_INIT {NULL, NULL, 0, 0}

/* Adds key -> val. Returns 0, 1 if the key was already there (its value is
 * left alone), or PM_ENOMEM. */
int pm_strindex_add(pm_strindex *ix, const char *key, int val);
/* Value for key, or -1 when absent. */
int pm_strindex_find(const pm_strindex *ix, const char *key);
void pm_strindex_reset(pm_strindex *ix);

#endif
