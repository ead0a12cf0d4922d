/* planner/model/model.h - the project model: WBS, tasks, dependencies,
 * resources, pools, calendar, and the schedule a solver computes for them.
 *
 * A pm_project owns everything reachable from it; pm_project_free() releases
 * it all. Importers build a project and hand it over complete or not at all;
 * the solver reads it and never changes it; the schedule has its own lifetime.
 *
 * Units used throughout:
 *   slot    the scheduling time step: one working day by default, half a day
 *           or an hour with 'granularity'. Slot 0 is the first working slot on
 *           or after the project start.
 *   units   capacity in percent of one person: 100 = one person full time.
 *   date    pm_date, days since 1970-01-01 (planner/date.h). */
#ifndef PM_MODEL_H
#define PM_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "planner/model/date.h"
#include "planner/model/diag.h"

typedef enum { PM_DEP_FS, PM_DEP_SS, PM_DEP_FF, PM_DEP_SF } pm_dep_type;

typedef struct {
    pm_date first; /* inclusive */
    pm_date last;  /* inclusive */
} pm_date_range;

typedef struct {
    unsigned workdays;   /* bit 0 = Monday ... bit 6 = Sunday */
    int hours_per_day;   /* working hours in one working day, 1..24 */
    int slots_per_day;   /* 1 (day), 2 (halfday) or hours_per_day (hour) */
    pm_date_range *holidays; /* owned, n_holidays entries, sorted by first */
    int n_holidays;
} pm_calendar;

/* Languages of the chart and report's labels. */
enum { PM_LANG_EN, PM_LANG_ZH };

/* A demand of a task: a named person or some units of a pool. Exactly one of
 * resource and pool is >= 0. */
typedef struct {
    int resource; /* index into project->resources, or -1 */
    int pool;     /* index into project->pools, or -1 */
    int units;    /* seats: percent of one person's time (200 = two
                     people). The file gives a named person's share of
                     their availability (100% = all of it);
                     pm_project_finish() converts it. */
    pm_loc loc;
} pm_need;

typedef struct {
    int pred;         /* task index */
    int succ;         /* task index */
    pm_dep_type type;
    int lag;          /* slots, negative for a lead */
    pm_loc loc;
} pm_dep;

typedef struct {
    char *id;          /* unique among tasks, owned */
    char *name;        /* UTF-8, owned */
    char *wbs;         /* derived code such as "1.2.3", owned */
    int parent;        /* task index of the WBS parent, or -1 */
    int level;         /* 0 for top-level tasks */
    int n_children;    /* > 0 makes this a summary task */
    int duration;      /* slots; derived from effort when effort > 0: the
                          duration when pool needs are met by people
                          without reserve (the schedule's people decide) */
    int effort;        /* person-slots x 100 (percent units), 0 if not set */
    int estimate[3];   /* three-point estimate in slots (optimistic, most
                          likely, pessimistic) of the effort when the task
                          is effort-driven, else of the duration; all 0:
                          none. Without a duration or effort, the most
                          likely is the plan's */
    bool milestone;    /* duration 0, drawn as a diamond */
    int owner;         /* resource index, or -1 */
    int priority;      /* 0 (P0, most urgent) .. 4 (P4); default 2 */
    pm_date release;   /* may not start before; PM_NO_DATE if none */
    pm_date deadline;  /* should finish by (soft); PM_NO_DATE if none */
    pm_date fixed_start; /* must start on; PM_NO_DATE if none */
    pm_need *needs;    /* owned, n_needs entries */
    int n_needs;
    pm_loc loc;        /* where the task is defined */
    /* Progress as of the project's status date (import/progress.c). */
    pm_date actual_start;  /* PM_NO_DATE while not started */
    pm_date actual_finish; /* PM_NO_DATE while not finished */
    int percent_complete;  /* 0..100 as reported, -1 if not reported */
    int remaining;         /* remaining duration in slots, -1 unless given */
    pm_loc progress_loc;   /* the progress row, if any */
} pm_task;

typedef struct {
    char *id;              /* unique among resources, owned */
    char *name;            /* owned */
    int *pools;            /* owned, pool indices, n_pools entries */
    int n_pools;
    int max_units;         /* availability in percent (part time < 100) */
    int reserve;           /* percent of availability kept for other duties */
    double cost_per_day;   /* currency units per working day */
    pm_date_range *vacations; /* owned, n_vacations entries */
    int n_vacations;
    pm_loc loc;
    int outsourced_pool;   /* -1 for a person; for the capacity a pool may
                              buy (pm_project_finish() adds one per pool
                              with outsourcing), that pool's index */
} pm_resource;

typedef struct {
    char *id;              /* unique among pools, owned */
    char *name;            /* owned */
    int *members;          /* owned, resource indices (derived), n_members */
    int n_members;
    int outsource_max;     /* extra units that may be bought, percent */
    double outsource_cost_per_day; /* per person-day bought */
    pm_loc loc;
} pm_pool;

/* A risk from the project file's register. */
typedef struct {
    char *id;          /* owned, unique among risks */
    char *title;       /* owned */
    int probability;   /* percent, 0..100 */
    int impact;        /* 1 (very low) .. 5 (very high) */
    int owner;         /* resource index, or -1 */
    char *mitigation;  /* owned, may be NULL */
    char *status;      /* owned: open, watching, mitigating, occurred,
                          closed */
    int *tasks;        /* owned, task indices it threatens, n_tasks */
    int n_tasks;
    pm_loc loc;
} pm_risk;

/* A change request from the project file. */
typedef struct {
    char *id;          /* owned, unique among change requests */
    char *title;       /* owned */
    char *status;      /* owned: proposed, approved, rejected, done */
    pm_date date;      /* raised on, PM_NO_DATE if not given */
    int *tasks;        /* owned, task indices it affects, n_tasks */
    int n_tasks;
    pm_loc loc;
} pm_change;

/* A named what-if variant of the project (docs/scenarios.md). */
typedef struct {
    char *id, *name; /* owned */
    pm_loc loc;
} pm_scenario;

typedef struct pm_project {
    char *name;            /* owned, UTF-8 */
    char *source;          /* path of the file it came from, owned */
    pm_date start;         /* project start date */
    pm_date status_date;   /* PM_NO_DATE unless set for a run */
    pm_calendar cal;
    pm_task *tasks;        /* owned, n_tasks entries, in WBS (preorder) order */
    int n_tasks;
    int cap_tasks;
    pm_dep *deps;          /* owned, n_deps entries */
    int n_deps;
    int cap_deps;
    pm_resource *resources; /* owned, n_resources entries */
    int n_resources;
    int cap_resources;
    pm_pool *pools;        /* owned, n_pools entries */
    int n_pools;
    int cap_pools;
    pm_risk *risks;        /* owned, n_risks entries */
    int n_risks;
    int cap_risks;
    pm_change *changes;    /* owned, n_changes entries */
    int n_changes;
    int cap_changes;
    bool hard_deadlines;   /* 'deadlines: hard': a deadline that the
                              dependencies make impossible is an error */
    bool finish_first;     /* 'priorities: finish': the shortest plan, with
                              priorities only breaking ties; default
                              (strict): higher-priority work, and the work
                              it waits for, takes people first */
    int language;          /* PM_LANG_*: the labels of the chart and the
                              report ('language: zh') */
    double budget;         /* money for the whole project; 0: not set */
    double cost_of_delay;  /* what a working day of later finish costs;
                              0: the team's daily cost (pm_project_
                              cost_of_delay()) */
    bool tracked;          /* progress was recorded: work before the status
                              date is fact, the rest starts from it */
    char **kept;           /* owned strings kept for locations (file names) */
    int n_kept;
    pm_scenario *scenarios; /* owned: the what-if variants the file names
                               (docs/scenarios.md), n_scenarios */
    int n_scenarios;
    int scenario;          /* the one applied (index into scenarios), or
                              -1: the plan as written */
} pm_project;

/* Returns a new empty project (Mon-Fri, 8 h, day slots), or NULL when out of
 * memory. The caller frees it with pm_project_free(). */
pm_project *pm_project_new(void);
/* Frees the project and everything it owns. NULL is fine. */
void pm_project_free(pm_project *p);

/* Append an element and return it zeroed (ids and names still NULL), or NULL
 * when out of memory. Pointers into the arrays change when they grow. */
pm_task *pm_project_add_task(pm_project *p);
pm_dep *pm_project_add_dep(pm_project *p);
pm_resource *pm_project_add_resource(pm_project *p);
pm_pool *pm_project_add_pool(pm_project *p);
pm_risk *pm_project_add_risk(pm_project *p);
pm_change *pm_project_add_change(pm_project *p);

/* Returns a copy of s that lives as long as the project (for pm_loc.file),
 * or NULL when out of memory. */
const char *pm_project_keep(pm_project *p, const char *s);

/* Index lookups by id; -1 when absent. Linear in the count. */
int pm_project_find_task(const pm_project *p, const char *id);
int pm_project_find_resource(const pm_project *p, const char *id);
int pm_project_find_pool(const pm_project *p, const char *id);

/* Completes a project after an importer filled it: derives WBS codes, levels
 * and child counts, pool member lists (with an "outsourced" member for
 * each pool that may buy capacity: max units and day rate from the pool's
 * outsourcing), durations of effort-driven tasks;
 * checks what only the whole can tell (cycles, summaries with demands). The
 * tasks must be in preorder (every parent before its children). Returns 0, or
 * PM_EINPUT with the reasons in diag. */
int pm_project_finish(pm_project *p, pm_diag *diag);

static inline bool pm_task_is_summary(const pm_task *t)
{
    return t->n_children > 0;
}

/* Progress state of a task; meaningful when the project is tracked. */
static inline bool pm_task_started(const pm_task *t)
{
    return t->actual_start != PM_NO_DATE;
}
static inline bool pm_task_done(const pm_task *t)
{
    return t->actual_finish != PM_NO_DATE;
}

/* True when some resource has a day rate: costs are money. Otherwise
 * planned work is priced in person-days (1 per person per working day),
 * so that earned value still means something. */
bool pm_project_priced(const pm_project *p);
/* What a working day of later finish costs: the project's cost_of_delay,
 * else the team's daily cost (the day rates of its people, times their
 * availability; outsourced capacity not counted), 0 when no one has a
 * rate. */
double pm_project_cost_of_delay(const pm_project *p);

/* Planned cost of leaf task i per working day: its demands times the day
 * rates of the people, a pool demand at the mean rate of the pool's
 * members. 0 for summaries. */
double pm_task_daily_cost(const pm_project *p, int i);
/* Planned cost of leaf task i at completion: daily cost x duration. */
double pm_task_budget(const pm_project *p, int i);

/* The resource model (docs/project-format.md, "Capacity and reserve"):
 * a person offers seats, their availability, on every working slot off
 * vacation, and works at a speed of 100% less their reserve. A task of
 * fixed duration takes as long as given whoever does it; an effort-driven
 * one takes effort / (seats x speed) of the people doing it. */

/* Seats of resource r on a working slot off vacation, percent of a person:
 * its availability, 0 when its reserve leaves no time for project work. */
int pm_resource_seats(const pm_resource *r);
/* Speed of resource r on project work, percent: 100 less its reserve. */
int pm_resource_speed(const pm_resource *r);
/* Work resource r does per working slot, percent of a full-time person
 * without reserve: seats x speed / 100. */
int pm_resource_net_units(const pm_resource *r);

/* ---- The schedule: plain data, readable by render/ and store without the
 * ---- solver. Times are slots; finish is exclusive (start + duration). */

typedef enum {
    PM_STATUS_OPTIMAL,    /* proven: makespan at a lower bound, lateness
                             at what no schedule avoids */
    PM_STATUS_FEASIBLE,   /* resource-feasible, not proven optimal */
    PM_STATUS_INFEASIBLE
} pm_status;

/* What fixes a task's start in a schedule: a driving predecessor (a task
 * index >= 0) or one of these. */
enum {
    PM_DRIVE_NONE = -1,      /* summaries */
    PM_DRIVE_START = -2,     /* the project start */
    PM_DRIVE_STATUS = -3,    /* the status date (remaining work) */
    PM_DRIVE_RELEASE = -4,   /* its release date */
    PM_DRIVE_FIXED = -5,     /* its fixed start */
    PM_DRIVE_RESOURCES = -6, /* waiting for people: later than any date or
                                predecessor requires */
    PM_DRIVE_ACTUAL = -7,    /* started: its actual start is fact */
    PM_DRIVE_OTHER = -8      /* a predecessor in another project of the
                                portfolio (driver_outside names it) */
};

typedef struct {
    int start;        /* slot */
    int finish;       /* slot, exclusive; == start for milestones */
    int early_start;  /* CPM early start, ignoring resources */
    int late_start;   /* latest start that keeps the project finish, given
                         the other tasks' resource use */
    int total_float;  /* late_start - start, slots */
    int free_float;   /* slots the task can slip without moving a successor */
    bool critical;    /* total_float == 0 (summaries: any child critical) */
    bool late;        /* finishes after its deadline */
    bool overdue;     /* not started though the baseline had it start
                         before the status date; set by the weekly run */
    int driver;       /* PM_DRIVE_* or the driving predecessor's index */
    int waits_for;    /* PM_DRIVE_RESOURCES: the task whose seats it takes
                         over as that one finishes, or -1 (it waits for a
                         busy pool, a window or someone's leave) */
    const char *driver_outside; /* in a project cut out of a portfolio
                                   (extract.h): the id of the task of
                                   another project that drives it (its
                                   predecessor, or whose people it takes
                                   over), borrowed; NULL */
} pm_task_sched;

/* Part of a person's time given to a task over [start, finish). A task
 * keeps the same people for its whole duration where it can; otherwise its
 * assignments change at the slots where a vacation or another booking
 * forces it. */
typedef struct {
    int task;     /* task index */
    int resource; /* resource index */
    int units;    /* percent of one person */
    int start;    /* slot */
    int finish;   /* slot, exclusive */
} pm_assignment;

typedef struct pm_schedule {
    int n_tasks;
    pm_task_sched *tasks; /* owned, indexed like project->tasks */
    pm_assignment *assignments; /* owned, n_assignments, sorted by task,
                                   then start, then resource */
    int n_assignments;
    int makespan;         /* slots from slot 0 to the last finish */
    int lower_bound;      /* proven lower bound on the makespan, slots;
                             0 for a project of a portfolio, which has
                             none of its own (pm_bound_known) */
    pm_status status;
    long lateness;        /* priority-weighted slots late (0: none late) */
    long schedules;       /* schedules the heuristics generated */
    long search_nodes;    /* nodes of the complete search for the bound */
    int finish_first;     /* under strict priorities, the makespan of the
                             plan found without them when it is shorter;
                             0 otherwise */
    bool time_limited;    /* the time limit cut the search short */
    double seconds;       /* wall time the solver took */
    char solver[32];      /* which method produced it, e.g. "sgs" */
} pm_schedule;

/* Working days in n slots of the project's calendar (n / slots per day). */
double pm_days_of_slots(const pm_project *p, int n);
/* Whether a plan of makespan slots has a lower bound of its own (a
 * project of a portfolio has none: lower_bound 0). */
static inline bool pm_bound_known(int makespan, int lower_bound)
{
    return lower_bound > 0 || makespan == 0;
}
/* Whether task i has float to report: false for work finished before the
 * status date (and summaries whose work is all finished). */
bool pm_task_has_float(const pm_project *p, int i);

/* Returns a zeroed schedule for n tasks, or NULL when out of memory. */
pm_schedule *pm_schedule_new(int n_tasks);
void pm_schedule_free(pm_schedule *s);
/* A copy of s, or NULL when out of memory. */
pm_schedule *pm_schedule_copy(const pm_schedule *s);

/* What a Monte Carlo run over the tasks' estimates says (solver/risk.h):
 * finishes reached by 50, 80 and 95% of the runs. */
typedef struct {
    int p50, p80, p95; /* finish slots */
    double critical;   /* share of the runs in which it was critical */
    double on_time;    /* share finishing by its deadline; -1: none */
} pm_outlook_task;

typedef struct {
    int runs;               /* samples scheduled */
    int failed;             /* samples in which a fixed start broke */
    unsigned seed;
    double seconds;
    pm_outlook_task finish; /* the project's (critical, on_time: unused) */
    pm_outlook_task *tasks; /* owned, n_tasks, indexed like the project's */
    int n_tasks;
    int *hist_slot;         /* owned: the project finishes seen, rising */
    int *hist_runs;         /* owned: runs ending at each */
    int n_hist;
} pm_outlook;

/* The project's name as charts and reports title it: with a scenario
 * applied, "NAME — what-if: SCENARIO" (in the project's language).
 * Returns buf. */
char *pm_project_title(const pm_project *p, char *buf, size_t size);

void pm_outlook_reset(pm_outlook *o);
/* The share of o's runs that finished the project by slot. */
double pm_outlook_share_by(const pm_outlook *o, int slot);
/* Whether task i has a deadline that o's runs meet in under half of them
 * (false without a simulation). */
bool pm_outlook_deadline_unlikely(const pm_outlook *o, int i);

/* Task t's three-point estimate as the project file writes it
 * ("3d..5d..9d"), or "" without one. Returns buf. */
char *pm_estimate_text(char *buf, size_t size, const pm_project *p,
                       const pm_task *t);

/* Sorts s's assignments into the order model.h promises. */
void pm_schedule_sort_assignments(pm_schedule *s);
/* Task i's assignments in s: the index of the first (they are sorted by
 * task), *count of them (0: none). Logarithmic in the assignments. */
int pm_schedule_assignments_of(const pm_schedule *s, int i, int *count);

/* Planned cost of task i under schedule s (i < 0: the whole project; a
 * summary: its leaves). A leaf not started that the schedule gives people
 * costs what they cost: each assignment's share of a person times its
 * working days times the person's day rate; started or finished work, of
 * which the schedule holds only the rest, and work without people cost
 * pm_task_budget(). Day rates are 1 per person-day when no one has a
 * rate. This is the budget a run records (BAC is its sum over the
 * baseline). */
double pm_schedule_cost(const pm_project *p, const pm_schedule *s, int i);

/* Cost per task under schedule s (pm_schedule_cost() for each leaf, the
 * sum of their leaves for summaries): a new array of p->n_tasks the caller
 * frees, or NULL when out of memory. */
double *pm_schedule_task_costs(const pm_project *p, const pm_schedule *s);

/* Capacity bought under schedule s: person-days on outsourced pool
 * members and what they cost. */
void pm_schedule_outsourcing(const pm_project *p, const pm_schedule *s,
                             double *person_days, double *cost);

const char *pm_status_name(pm_status s);
const char *pm_dep_type_name(pm_dep_type t);

#endif
