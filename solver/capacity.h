/* solver/capacity.h - people's seats per slot and how a task's needs are
 * covered (internal to the solver).
 *
 * A person offers their seats (availability) on every working slot except
 * vacations. A named need takes seats of that person; a pool need is
 * covered by members whose spare seats over the task's whole duration add
 * up to the demand (the same people from start to finish), else slot by
 * slot keeping the previous slot's people where they are free. An
 * effort-driven task lasts as long as its people take: effort / (seats x
 * speed). Preferences among members: who worked on it the slot before,
 * people before bought capacity, the faster for effort-driven work, then
 * people few tasks ask for by name, then the most spare. */
#ifndef PM_CAPACITY_H
#define PM_CAPACITY_H

#include <stdbool.h>

#include "solver/network.h"

typedef struct pm_rstate pm_rstate;

/* Returns a new empty capacity state for the project, or NULL. */
pm_rstate *pm_rstate_new(const pm_network *net);
void pm_rstate_free(pm_rstate *rs);
/* Removes all usage. */
void pm_rstate_clear(pm_rstate *rs);

/* Seats of one person given to the task being placed over [from, to). */
typedef struct {
    int resource;
    int units;
    int from, to;
} pm_grant;

typedef struct {
    pm_grant *v; /* owned */
    int n, cap;
    bool oom; /* a grant could not be added */
} pm_grants;

/* Covers all needs of task j from slot t, keeping the same people
 * throughout if it can. On success g holds the grants (not yet booked)
 * and *dur the slots the task takes; false when its people are not free
 * (or g->oom). Claims are cleared either way. */
bool pm_capacity_place(pm_rstate *rs, int j, int t, pm_grants *g, int *dur);
/* The latest slot in [t, t + d) where some need of task j alone finds
 * fewer free seats than it asks (its person's, or its pool members'
 * together), or -1. A task that lasts at least d slots cannot start at
 * t or at any slot up to that one: pm_capacity_place would fail there. */
int pm_capacity_blocked(const pm_rstate *rs, int j, int t, int d);
/* Books grants g. Returns 0 or PM_ENOMEM. */
int pm_capacity_book(pm_rstate *rs, const pm_grants *g);

/* Whether the n assignments as (one task's people), moved delta slots,
 * find their seats free. */
bool pm_capacity_fits_moved(const pm_rstate *rs, const pm_assignment *as,
                            int n, int delta);
/* Books the n assignments as. Returns 0 or PM_ENOMEM. */
int pm_capacity_book_assignments(pm_rstate *rs, const pm_assignment *as,
                                 int n);

/* Seats of resource r at slot s before any booking (0 on leave), and
 * booked there. */
int pm_capacity_seats(const pm_rstate *rs, int r, int s);
int pm_capacity_used(const pm_rstate *rs, int r, int s);
/* The slot from which on no one is on leave or booked: a task that cannot
 * be placed there never can. */
int pm_capacity_quiet(const pm_rstate *rs);
/* A lower bound on the makespan from the people's speeds, which the
 * aggregate problem relaxes: per pool, what its tasks ask of it (the work
 * of an effort-driven task with one pool need; seat-slots at the
 * slowest member's speed for other pool needs; named needs of members at
 * their person's speed) against its members' seats x speed per slot over
 * the calendar, from the earliest start among those tasks. Reads seats
 * only, not bookings. */
int pm_capacity_energy_bound(const pm_rstate *rs);

#endif
