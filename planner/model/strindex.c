/* planner/model/strindex.c - open-addressing string index. */
#include "planner/model/strindex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "planner/model/diag.h"

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    }
    return h;
}

static int grow(pm_strindex *ix)
{
    size_t cap = ix->cap ? ix->cap * 2 : 64;
    const char **keys = calloc(cap, sizeof *keys);
    int *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return PM_ENOMEM;
    }
    for (size_t i = 0; i < ix->cap; i++) {
        if (ix->keys[i]) {
            size_t j = hash(ix->keys[i]) & (cap - 1);
            while (keys[j]) {
                j = (j + 1) & (cap - 1);
            }
            keys[j] = ix->keys[i];
            vals[j] = ix->vals[i];
        }
    }
    free(ix->keys);
    free(ix->vals);
    ix->keys = keys;
    ix->vals = vals;
    ix->cap = cap;
    return PM_OK;
}

int pm_strindex_add(pm_strindex *ix, const char *key, int val)
{
    if ((ix->n + 1) * 2 > ix->cap && grow(ix) != PM_OK) {
        return PM_ENOMEM;
    }
    size_t j = hash(key) & (ix->cap - 1);
    while (ix->keys[j]) {
        if (strcmp(ix->keys[j], key) == 0) {
            return 1;
        }
        j = (j + 1) & (ix->cap - 1);
    }
    ix->keys[j] = key;
    ix->vals[j] = val;
    ix->n++;
    return PM_OK;
}

int pm_strindex_find(const pm_strindex *ix, const char *key)
{
    if (ix->cap == 0) {
        return -1;
    }
    size_t j = hash(key) & (ix->cap - 1);
    while (ix->keys[j]) {
        if (strcmp(ix->keys[j], key) == 0) {
            return ix->vals[j];
        }
        j = (j + 1) & (ix->cap - 1);
    }
    return -1;
}

void pm_strindex_reset(pm_strindex *ix)
{
    free(ix->keys);
    free(ix->vals);
    memset(ix, 0, sizeof *ix);
}
