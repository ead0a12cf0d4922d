/* solver/heap.h - a binary min-heap of indices ordered by a key array, ties
 * broken by the smaller index (internal; header-only). The caller owns v,
 * sized for every index that may be pushed, and key. */
#ifndef PM_HEAP_H
#define PM_HEAP_H

#include <stdbool.h>

typedef struct {
    int *v;          /* n entries in use */
    int n;
    const long *key; /* borrowed: key[i] orders index i */
} pm_heap;

static inline bool pm_heap_less(const pm_heap *h, int a, int b)
{
    return h->key[a] != h->key[b] ? h->key[a] < h->key[b] : a < b;
}

static inline void pm_heap_push(pm_heap *h, int x)
{
    int i = h->n++;
    h->v[i] = x;
    while (i > 0 && pm_heap_less(h, h->v[i], h->v[(i - 1) / 2])) {
        int p = (i - 1) / 2, t = h->v[p];
        h->v[p] = h->v[i];
        h->v[i] = t;
        i = p;
    }
}

/* Removes and returns the smallest; the heap must not be empty. */
static inline int pm_heap_pop(pm_heap *h)
{
    int top = h->v[0];
    h->v[0] = h->v[--h->n];
    for (int i = 0;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && pm_heap_less(h, h->v[l], h->v[m])) {
            m = l;
        }
        if (r < h->n && pm_heap_less(h, h->v[r], h->v[m])) {
            m = r;
        }
        if (m == i) {
            break;
        }
        int t = h->v[m];
        h->v[m] = h->v[i];
        h->v[i] = t;
        i = m;
    }
    return top;
}

#endif
