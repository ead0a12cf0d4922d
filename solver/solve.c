/* solver/solve.c - the solver's entry points: the network and its CPM,
 * the capacity diagnosis, then the schedule (solver/people.c) once, or
 * twice when pools may buy capacity, keeping the purchase only when it is
 * worth its cost. */
#include "solver/solve.h"

#include <stdio.h>
#include <stdlib.h>

#include "solver/clock.h"
#include "solver/network.h"
#include "solver/people.h"

/* Writes units (percent of a person) as people: 200 -> "2", 50 -> "0.5". */
static void fmt_units(char *buf, size_t n, long units)
{
    if (units % 100 == 0) {
        snprintf(buf, n, "%ld", units / 100);
    } else {
        snprintf(buf, n, "%.2f", units / 100.0);
    }
}

/* Names every need that no amount of waiting can meet. */
static int diagnose_capacity(const pm_project *p, pm_diag *diag)
{
    int rc = PM_OK;
    for (int j = 0; j < p->n_tasks; j++) {
        const pm_task *t = &p->tasks[j];
        if (t->duration == 0) {
            continue;
        }
        for (int k = 0; k < t->n_needs; k++) {
            const pm_need *nd = &t->needs[k];
            char want[32], have[32];
            if (nd->resource >= 0) {
                const pm_resource *r = &p->resources[nd->resource];
                if (pm_resource_seats(r) == 0) {
                    pm_diag_error(diag, &nd->loc,
                                  "task '%s' needs '%s', whose %d%% reserve "
                                  "leaves no time for project work",
                                  t->id, r->id, r->reserve);
                    rc = PM_EINFEASIBLE;
                }
                continue;
            }
            const pm_pool *pool = &p->pools[nd->pool];
            long cap = 0;
            for (int m = 0; m < pool->n_members; m++) {
                cap += pm_resource_seats(&p->resources[pool->members[m]]);
            }
            if (nd->units > cap) {
                fmt_units(want, sizeof want, nd->units);
                fmt_units(have, sizeof have, cap);
                pm_diag_error(diag, &nd->loc,
                              "task '%s' needs %s of pool '%s', which never "
                              "has more than %s",
                              t->id, want, pool->id, have);
                rc = PM_EINFEASIBLE;
            }
        }
    }
    return rc;
}

int pm_solve_check(const pm_project *p, pm_diag *diag)
{
    pm_network net;
    int rc = pm_network_build(&net, p, diag);
    if (rc != PM_OK) {
        return rc;
    }
    pm_network_reset(&net);
    return diagnose_capacity(p, diag);
}

/* Whether the plan that buys capacity (bought) is worth what it buys over
 * the one without (own): it must finish sooner, cost no more than the
 * cost of delay times the working days it saves, and keep the project
 * within its budget (when one is set). Notes the decision and its
 * figures either way. */
static bool outsourcing_pays(const pm_project *p, const pm_schedule *own,
                             const pm_schedule *bought, pm_diag *diag)
{
    double person_days, cost;
    pm_schedule_outsourcing(p, bought, &person_days, &cost);
    double saved = pm_days_of_slots(p, own->makespan - bought->makespan);
    double worth = pm_project_cost_of_delay(p) * saved;
    double total = pm_schedule_cost(p, bought, -1);
    if (saved <= 0 || person_days <= 0) {
        return false; /* buying would not bring the finish forward */
    }
    if (cost > worth) {
        pm_diag_note(diag, NULL,
                     "outsourcing not bought: %.1f person-days for %.2f "
                     "would finish %g working days sooner, worth %.2f at "
                     "a cost of delay of %.2f a day",
                     person_days, cost, saved, worth,
                     pm_project_cost_of_delay(p));
        return false;
    }
    if (p->budget > 0 && total > p->budget) {
        pm_diag_note(diag, NULL,
                     "outsourcing not bought: it would finish %g working "
                     "days sooner, but the plan would cost %.2f, over the "
                     "budget of %.2f",
                     saved, total, p->budget);
        return false;
    }
    pm_diag_note(diag, NULL,
                 "outsourcing bought: %.1f person-days for %.2f finish the "
                 "project %g working days sooner, worth %.2f at a cost of "
                 "delay of %.2f a day",
                 person_days, cost, saved, worth, pm_project_cost_of_delay(p));
    return true;
}

/* Slots of a day or half a day make every effort-driven task last whole
 * slots: one that ends part-way through a slot (1 day of effort at a 20%
 * reserve takes 1.25 days) keeps its people for the rest of it. Notes what
 * that adds to the plan when it is worth a finer granularity (at least 5% of
 * the effort and one person-day). */
static void note_rounding(const pm_project *p, const pm_schedule *s,
                          pm_diag *diag)
{
    if (p->cal.slots_per_day >= p->cal.hours_per_day) {
        return; /* already hours */
    }
    long need = 0, booked = 0; /* person-slots x speed, in percent x 100 */
    int last = -1;
    for (int a = 0; a < s->n_assignments; a++) {
        const pm_assignment *as = &s->assignments[a];
        const pm_task *t = &p->tasks[as->task];
        if (t->effort <= 0 || (p->tracked && pm_task_started(t))) {
            continue;
        }
        if (as->task != last) {
            need += (long)t->effort * 100;
            last = as->task;
        }
        booked += (long)as->units *
                  pm_resource_speed(&p->resources[as->resource]) *
                  (as->finish - as->start);
    }
    double per_day = pm_days_of_slots(p, 1) / 1e4; /* to person-days */
    double extra = per_day * (double)(booked - need);
    if (need <= 0 || 20 * (booked - need) < need || extra < 1.0) {
        return;
    }
    pm_diag_note(diag, NULL,
                 "whole %s slots round each task's effort up: the plan "
                 "books its people %.1f person-days (%.0f%%) beyond the "
                 "%.0f its effort needs, as a task that ends part-way "
                 "through a slot keeps its people to the slot's end; "
                 "'granularity: hour' in the calendar lets them go on "
                 "the same day",
                 p->cal.slots_per_day == 1 ? "day" : "half-day", extra,
                 100.0 * (double)(booked - need) / (double)need,
                 per_day * (double)need);
}

int pm_solve(pm_schedule **out, const pm_project *p, const pm_solve_opts *o,
             pm_diag *diag)
{
    *out = NULL;
    double t0 = pm_clock_now();
    pm_network net;
    int rc = pm_network_build(&net, p, diag);
    if (rc != PM_OK) {
        return rc;
    }
    rc = diagnose_capacity(p, diag);
    bool *off = NULL;
    int n_bought = 0;
    for (int r = 0; r < p->n_resources; r++) {
        n_bought += p->resources[r].outsourced_pool >= 0;
    }
    if (rc == PM_OK && n_bought > 0 && !o->glpk_only) {
        /* The best schedule without outsourcing, then with it (people
         * are used before bought capacity); the second wins only when
         * what it buys is worth the days it saves (outsourcing_pays).
         * Each gets half the time and half the schedule budget. */
        off = calloc((size_t)p->n_resources + 1, sizeof *off);
        if (!off) {
            rc = PM_ENOMEM;
        }
        for (int r = 0; rc == PM_OK && r < p->n_resources; r++) {
            off[r] = p->resources[r].outsourced_pool >= 0;
        }
    }
    if (rc == PM_OK && off) {
        pm_solve_opts half = *o;
        int limit = o->time_limit_ms > 0 ? o->time_limit_ms : 10000;
        half.time_limit_ms = limit / 2;
        half.max_schedules = o->max_schedules / 2;
        pm_schedule *own = NULL, *bought = NULL;
        pm_diag quiet = PM_DIAG_INIT;
        net.res_off = off;
        rc = pm_people_solve(&own, &net, &half, t0, diag);
        net.res_off = NULL;
        if (rc == PM_OK) {
            rc = pm_people_solve(&bought, &net, &half, pm_clock_now(), &quiet);
        }
        pm_diag_reset(&quiet);
        if (rc == PM_OK) {
            bool better = outsourcing_pays(p, own, bought, diag);
            /* Each plan keeps its own bound: with capacity bought, the
             * bound of every plan that may buy it; without, the bound of
             * the plans that do not (buying was not worth it). */
            pm_schedule *win = better ? bought : own;
            win->schedules = own->schedules + bought->schedules;
            win->search_nodes = own->search_nodes + bought->search_nodes;
            win->time_limited = own->time_limited || bought->time_limited;
            *out = win;
            pm_schedule_free(better ? own : bought);
        } else {
            pm_schedule_free(own);
            pm_schedule_free(bought);
        }
    } else if (rc == PM_OK) {
        rc = pm_people_solve(out, &net, o, t0, diag);
    }
    free(off);
    pm_network_reset(&net);
    if (rc == PM_OK) {
        note_rounding(p, *out, diag);
        (*out)->seconds = pm_clock_now() - t0;
    }
    return rc;
}
