/* solver/heur_impl.h - the heuristics' workspace, shared by schedule
 * generation (heur.c) and the genetic algorithm (ga.c); internal. */
#ifndef PM_HEUR_IMPL_H
#define PM_HEUR_IMPL_H

#include <stdint.h>

#include "solver/rng.h"
#include "solver/heur.h"

struct pm_heur {
    const pm_rcp *r;
    int H;         /* slots in the capacity arrays */
    int *avail;    /* n_res x H units free beside what is placed */
    int *cap;      /* n_res x H units free with nothing placed */
    int placed;    /* activities placed now */
    int dirty_end; /* slots [0, dirty_end) may differ from cap */
    long work;     /* units x slots committed since avail was last cap */
    uint64_t rng;
    int *heap; /* scratch for pm_heur_order-like passes */
    int *waiting;
    long *key;
    uint64_t *packed; /* scratch: keys and indices in one word (heur.c) */
    int *order;
    int *ps_left, *ps_est; /* parallel SGS: predecessors left, earliest */
    pm_rcp_sol back;       /* scratch: right-justified schedule */
    pm_rcp_sol fwd;        /* scratch: re-left-justified schedule */
    /* Sampling on large problems (random_list): Fenwick trees over the
     * eligible activities' counts and latest starts, and a max-heap of
     * their latest starts (key = -ls, lazily cleaned). NULL when small. */
    long *fen_cnt, *fen_ls, *neg_ls;
    int *ls_heap;
};

/* Above this many activities, regret sampling uses the Fenwick trees:
 * O(log n) a pick instead of a scan of every eligible activity. */
#define LARGE_SAMPLING 2000

/* Orders list by h->key (smallest first) among activities whose
 * predecessors (successors when backward) are placed. */
void pm_heur_order_list(pm_heur *h, int *list, bool backward);

/* The serial SGS one activity at a time, on the capacity in use: j at the
 * earliest slot its predecessors' starts (start) and the capacity allow,
 * committed; -1 when none is left before the horizon (nothing committed).
 * pm_heur_unplace takes a placed activity back. */
int pm_heur_place(pm_heur *h, int j, const int *start);
void pm_heur_unplace(pm_heur *h, int j, int t);

/* The next pseudo-random number (solver/rng.h), and one below n. */
static inline uint64_t pm_heur_rand(pm_heur *h)
{
    return pm_rng_next(&h->rng);
}

static inline int pm_heur_rand_below(pm_heur *h, int n)
{
    return n <= 1 ? 0 : (int)((pm_heur_rand(h) >> 33) % (uint64_t)n);
}

#endif
