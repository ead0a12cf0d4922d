/* solver/triplets.h - a growing sparse matrix in GLPK's 1-based triplet
 * form, ready for glp_load_matrix() (internal; header-only). */
#ifndef PM_TRIPLETS_H
#define PM_TRIPLETS_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int *ia, *ja;  /* row and column of entry k, k = 1..nnz */
    double *ar;    /* value of entry k */
    long nnz, cap;
} pm_triplets;

/* Appends entry (row, col, v). Returns false when out of memory (the
 * entries added so far stay valid). */
static inline bool pm_triplets_add(pm_triplets *m, int row, int col, double v)
{
    if (m->nnz + 1 >= m->cap) {
        long cap = m->cap ? m->cap * 2 : 4096;
        int *ia = realloc(m->ia, (size_t)cap * sizeof(int));
        if (ia) {
            m->ia = ia;
        }
        int *ja = ia ? realloc(m->ja, (size_t)cap * sizeof(int)) : NULL;
        if (ja) {
            m->ja = ja;
        }
        double *ar = ja ? realloc(m->ar, (size_t)cap * sizeof(double)) : NULL;
        if (!ar) {
            return false;
        }
        m->ar = ar;
        m->cap = cap;
    }
    m->nnz++;
    m->ia[m->nnz] = row;
    m->ja[m->nnz] = col;
    m->ar[m->nnz] = v;
    return true;
}

static inline void pm_triplets_reset(pm_triplets *m)
{
    free(m->ia);
    free(m->ja);
    free(m->ar);
    memset(m, 0, sizeof *m);
}

#endif
