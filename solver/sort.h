/* solver/sort.h - the qsort comparator the solver's int arrays share
 * (internal; header-only). */
#ifndef PM_SORT_H
#define PM_SORT_H

/* Orders ints rising, for qsort. */
static inline int pm_cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

#endif
