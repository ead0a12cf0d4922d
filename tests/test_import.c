/* tests/test_import.c - what the YAML and CSV readers put into the model:
 * every field of a good file, and where errors point. */
#include <string.h>

#include "helpers.h"
#include "tap.h"

static void test_yaml_fields(void)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = load_yaml(
        "f.yaml",
        "project: 核心业务系统迁移\n"
        "start: 2026-03-02\n"
        "calendar:\n"
        "  workdays: [mon, tue, wed, thu, fri, sat]\n"
        "  hours_per_day: 8\n"
        "  holidays: [2026-05-01..2026-05-05, 2026-04-04]\n"
        "  granularity: halfday\n"
        "pools:\n"
        "  - { id: dba, name: 数据库管理员, "
        "outsourcing: { max_units: 2, cost_per_day: 1500 } }\n"
        "resources:\n"
        "  - id: zhangsan\n"
        "    name: 张三\n"
        "    pools: [dba]\n"
        "    reserve: 15%\n"
        "    cost_per_day: 900\n"
        "    availability: 80%\n"
        "    vacations: [2026-04-20..2026-04-24]\n"
        "tasks:\n"
        "  - id: design\n"
        "    name: 规划与设计\n"
        "    children:\n"
        "      - { id: req, duration: 10d, owner: zhangsan,\n"
        "          needs: [{ resource: zhangsan, units: 50% }] }\n"
        "      - { id: arch, effort: 3d, needs: [{ pool: dba, units: 2 }],\n"
        "          after: [req] }\n"
        "  - id: migrate\n"
        "    duration: 4h\n"
        "    after: [{ task: arch, type: SS, lag: -1d }, 'req FF+2d']\n"
        "    priority: P1\n"
        "    deadline: 2026-06-30\n"
        "    release: 2026-04-01\n"
        "    start: 2026-04-02\n"
        "  - { id: golive, name: 正式上线, milestone: true, after: [design] }\n",
        &diag);
    if (!ok(p != NULL, "a file using every key loads")) {
        return;
    }
    is_str(p->name, "核心业务系统迁移", "project name");
    is_int(p->cal.workdays, 0x3f, "six workdays");
    is_int(p->cal.slots_per_day, 2, "half-day slots");
    is_int(p->cal.n_holidays, 2, "two holiday entries");
    is_int(p->cal.holidays[0].first, pm_date_from_ymd(2026, 4, 4),
           "holidays are sorted");
    is_int(p->n_pools, 1, "one pool");
    is_int(p->pools[0].outsource_max, 200, "outsourcing limit in units");
    ok(p->pools[0].outsource_cost_per_day == 1500, "outsourcing rate");
    is_int(p->pools[0].n_members, 2,
           "pool members derived: the person and the capacity to buy");
    if (p->pools[0].n_members == 2) {
        const pm_resource *bought = &p->resources[p->pools[0].members[1]];
        ok(bought->outsourced_pool == 0 && bought->max_units == 200 &&
               bought->cost_per_day == 1500,
           "outsourcing stands as a pool member with its limit and rate");
    }
    const pm_resource *r = &p->resources[0];
    is_int(r->reserve, 15, "reserve");
    is_int(r->max_units, 80, "availability");
    is_int(pm_resource_seats(r), 80, "seats: the availability");
    is_int(pm_resource_speed(r), 85, "speed: 100%% less the reserve");
    is_int(pm_resource_net_units(r), 68, "net units 80%% less 15%%");
    is_int(r->n_vacations, 1, "vacation");
    is_int(p->n_tasks, 5, "five tasks");
    const pm_task *req = &p->tasks[1], *arch = &p->tasks[2];
    const pm_task *mig = &p->tasks[3];
    is_str(req->wbs, "1.1", "derived WBS code");
    is_int(req->parent, 0, "parent");
    is_int(req->duration, 20, "10 days are 20 half-day slots");
    is_int(req->owner, 0, "owner resolves");
    is_int(req->needs[0].units, 40,
           "50%% of a person available 80%% is 40 seats");
    is_int(arch->needs[0].pool, 0, "pool need");
    is_int(arch->effort, 600, "effort in unit-slots");
    is_int(arch->duration, 3, "3 days of effort by 2 people: 3 half days");
    is_int(mig->duration, 1, "4 hours is one half-day slot");
    is_int(mig->priority, 1, "priority");
    is_int(mig->deadline, pm_date_from_ymd(2026, 6, 30), "deadline");
    is_int(mig->release, pm_date_from_ymd(2026, 4, 1), "release");
    is_int(mig->fixed_start, pm_date_from_ymd(2026, 4, 2), "fixed start");
    ok(p->tasks[4].milestone && p->tasks[4].duration == 0, "milestone");
    is_int(p->n_deps, 4, "four dependencies");
    const pm_dep *d = &p->deps[1];
    ok(d->pred == 2 && d->succ == 3 && d->type == PM_DEP_SS && d->lag == -2,
       "SS with a lead of one day (two slots)");
    d = &p->deps[2];
    ok(d->pred == 1 && d->type == PM_DEP_FF && d->lag == 4,
       "FF+2d from the notation");
    is_int(d->loc.line, 28, "dependency keeps its line");
    pm_project_free(p);
    pm_diag_reset(&diag);
}

static void test_csv(const char *path)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = NULL;
    if (!ok(pm_import_file(&p, path, &diag) == PM_OK,
            "CSV with BOM, semicolons, CRLF and Chinese headers loads")) {
        for (int i = 0; i < diag.n; i++) {
            printf("# %s\n", diag.entries[i].msg);
        }
        pm_diag_reset(&diag);
        return;
    }
    is_int(p->n_tasks, 4, "four rows");
    is_str(p->tasks[0].id, "a", "rows are sorted by WBS code");
    is_str(p->tasks[0].name, "甲\r\n两行", "a quoted line break is kept");
    is_str(p->tasks[1].name, "乙组; 含分号", "a quoted separator is kept");
    is_int(p->tasks[1].n_children, 2, "2 is a summary of 2.1 and 2.2");
    is_str(p->tasks[2].id, "b", "2.1 is b");
    is_int(p->tasks[2].parent, 1, "b's parent is grp");
    is_int(p->tasks[0].needs[0].units, 200, "dba 2 is 200 units");
    is_int(p->tasks[2].needs[0].units, 50,
           "ann 50%% is 50 seats (her reserve slows her, not her seats)");
    is_int(p->tasks[0].priority, 0, "priority column");
    is_int(p->n_deps, 3, "three dependencies");
    const pm_dep *d = &p->deps[0];
    ok(d->pred == 0 && d->succ == 2 && d->type == PM_DEP_FF && d->lag == -1,
       "a FF-1d");
    is_int(d->loc.line, 6, "dependency line counts the quoted line break");
    is_int(d->loc.col, 20, "dependency column in characters");
    d = &p->deps[1];
    ok(d->pred == 2 && d->succ == 3 && d->type == PM_DEP_SS && d->lag == 2,
       "b SS+2d");
    pm_project_free(p);
    pm_diag_reset(&diag);
}

/* Predecessors given as bare numbers are row IDs, as in Microsoft Project:
 * "2" is the second data row, "3FS+1d" the third with a lag. */
static void test_csv_row_ids(const char *path)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_project *p = NULL;
    if (!ok(pm_import_file(&p, path, &diag) == PM_OK,
            "CSV with row-number predecessors loads")) {
        pm_diag_reset(&diag);
        return;
    }
    int design = pm_project_find_task(p, "1.1"),
        build = pm_project_find_task(p, "1.2"),
        test = pm_project_find_task(p, "1.3");
    is_int(p->n_deps, 2, "two dependencies");
    ok(p->n_deps == 2 && p->deps[0].pred == design &&
           p->deps[0].succ == build && p->deps[0].type == PM_DEP_FS &&
           p->deps[0].lag == 0,
       "'2' on Build is row 2, Design (WBS 1.1), not a task '2'");
    ok(p->n_deps == 2 && p->deps[1].pred == build &&
           p->deps[1].succ == test && p->deps[1].type == PM_DEP_FS &&
           p->deps[1].lag == 1,
       "'3FS+1d' on Test is row 3, Build, finish-to-start plus a day");
    pm_project_free(p);
    pm_diag_reset(&diag);
}

/* Finds task id in p or reports it missing. */
static const pm_task *task_of(const pm_project *p, const char *id)
{
    int i = pm_project_find_task(p, id);
    ok(i >= 0, "task '%s' is there", id);
    return i >= 0 ? &p->tasks[i] : NULL;
}

/* A small Microsoft Project file (tests/data/mspdi/small.xml), field by
 * field: outline, durations, priority, constraint, links with their types
 * and lags, milestone and deadline, progress, calendar and resource
 * exceptions, max units, rate and assignment units. */
static void test_mspdi(const char *path)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_fidelity fid = {0};
    pm_project *p = NULL;
    if (!ok(pm_import_file_fid(&p, path, &fid, &diag) == PM_OK,
            "the small MSPDI file loads")) {
        pm_diag_reset(&diag);
        pm_fidelity_reset(&fid);
        return;
    }
    is_str(p->name, "Small", "project name");
    is_int(p->start, pm_date_from_ymd(2026, 3, 2), "start date");
    is_int(p->status_date, pm_date_from_ymd(2026, 3, 4), "status date");
    is_int(p->cal.workdays, 0x1f, "Monday to Friday");
    ok(p->cal.n_holidays == 1 &&
           p->cal.holidays[0].first == pm_date_from_ymd(2026, 4, 6),
       "the exception is a holiday");
    is_int(p->n_tasks, 5, "five tasks (the summary task 0 is the project)");
    const pm_task *phase = task_of(p, "1"), *design = task_of(p, "2"),
                  *build = task_of(p, "3"), *ready = task_of(p, "4"),
                  *survey = task_of(p, "5");
    if (phase && design && build && ready && survey) {
        ok(pm_task_is_summary(phase) && design->parent == 0 &&
               build->parent == 0 && ready->parent == -1,
           "outline levels make the WBS");
        is_str(design->wbs, "1.1", "Design is 1.1");
        is_int(design->duration, 2, "16 hours are 2 days");
        is_int(design->priority, 0, "priority 900 is P0");
        is_int(design->fixed_start, pm_date_from_ymd(2026, 3, 3),
               "must start on");
        ok(ready->milestone &&
               ready->deadline == pm_date_from_ymd(2026, 4, 30),
           "a milestone with its deadline");
        ok(p->tracked && survey->actual_start ==
                             pm_date_from_ymd(2026, 3, 2) &&
               survey->percent_complete == 50 &&
               survey->actual_finish == PM_NO_DATE,
           "progress: started, 50%%");
    }
    is_int(p->n_deps, 2, "two links");
    if (p->n_deps == 2) {
        ok(p->deps[0].type == PM_DEP_SS && p->deps[0].lag == 1 &&
               strcmp(p->tasks[p->deps[0].pred].id, "2") == 0,
           "SS with 4800 tenths of a minute: one day");
        ok(p->deps[1].type == PM_DEP_FS && p->deps[1].lag == 0,
           "FS without lag");
    }
    is_int(p->n_resources, 1, "one person (UID 0 is not one)");
    if (p->n_resources == 1) {
        const pm_resource *ann = &p->resources[0];
        is_int(ann->max_units, 50, "max units 0.5: half time");
        ok(ann->cost_per_day == 400, "50 an hour, 8 hours a day");
        ok(ann->n_vacations == 1 &&
               ann->vacations[0].first == pm_date_from_ymd(2026, 4, 13) &&
               ann->vacations[0].last == pm_date_from_ymd(2026, 4, 14),
           "her calendar's exception is leave");
        ok(design && design->n_needs == 1 && design->needs[0].resource == 0 &&
               design->needs[0].units == 50,
           "units 0.5 of a half-time person: all of her (50 seats)");
    }
    pm_project_free(p);
    pm_fidelity_reset(&fid);
    pm_diag_reset(&diag);
}

/* A small GanttProject file (tests/data/gan/small.gan), field by field. */
static void test_gan(const char *path)
{
    pm_diag diag = PM_DIAG_INIT;
    pm_fidelity fid = {0};
    pm_project *p = NULL;
    if (!ok(pm_import_file_fid(&p, path, &fid, &diag) == PM_OK,
            "the small GanttProject file loads")) {
        pm_diag_reset(&diag);
        pm_fidelity_reset(&fid);
        return;
    }
    is_str(p->name, "Small gan", "project name");
    is_int(p->cal.workdays, 0x1f, "the default week: Monday to Friday");
    ok(p->cal.n_holidays == 1 &&
           p->cal.holidays[0].first == pm_date_from_ymd(2026, 4, 6),
       "the holiday");
    const pm_task *phase = task_of(p, "0"), *design = task_of(p, "1"),
                  *build = task_of(p, "2"), *ready = task_of(p, "3");
    if (phase && design && build && ready) {
        ok(pm_task_is_summary(phase) && design->parent == 0 &&
               build->parent == 0,
           "nested tasks make the WBS");
        is_int(design->duration, 2, "two days");
        is_int(design->priority, 1, "priority 2 (high) is P1");
        ok(ready->milestone, "a meeting is a milestone");
        is_int(build->release, pm_date_from_ymd(2026, 3, 4),
               "a start date is kept as 'not before'");
        ok(build->owner == 0 && build->n_needs == 1 &&
               build->needs[0].units == 50,
           "the responsible allocation owns it at 50%%");
    }
    ok(p->n_deps == 1 && p->deps[0].type == PM_DEP_FF &&
           p->deps[0].lag == 1,
       "type 3 is finish-to-finish, difference 1 a day");
    ok(p->n_resources == 1 && p->resources[0].n_vacations == 1 &&
           p->resources[0].vacations[0].last ==
               pm_date_from_ymd(2026, 4, 14),
       "a vacation's end is the first day back");
    pm_project_free(p);
    pm_fidelity_reset(&fid);
    pm_diag_reset(&diag);
}

int main(int argc, char **argv)
{
    test_yaml_fields();
    if (argc > 1) {
        test_csv(argv[1]);
    }
    if (argc > 2) {
        test_csv_row_ids(argv[2]);
    }
    if (argc > 4) {
        test_mspdi(argv[3]);
        test_gan(argv[4]);
    }
    return tap_done();
}
