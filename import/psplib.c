/* import/psplib.c - PSPLIB single-mode RCPSP instances (.sm).
 *
 * The model: every day is a working day (no calendar effects), one pool per
 * renewable resource type whose capacity comes from that many unit members,
 * jobs as tasks with ids equal to their job numbers (dummy source and sink
 * included, as zero-length milestones), FS precedences without lag. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "import/reader.h"

typedef struct {
    const char *file;
    char *text;
    char *pos;  /* next unread character */
    int line;   /* line of pos */
    pm_diag *diag;
} sm_reader;

static pm_loc sm_loc(const sm_reader *r)
{
    return (pm_loc){r->file, r->line, 1};
}

/* Moves past the line that contains needle; false if there is none. */
static bool skip_past(sm_reader *r, const char *needle)
{
    char *hit = strstr(r->pos, needle);
    if (!hit) {
        return false;
    }
    for (char *p = r->pos; p < hit; p++) {
        r->line += *p == '\n';
    }
    char *nl = strchr(hit, '\n');
    r->pos = nl ? nl + 1 : hit + strlen(hit);
    if (nl) {
        r->line++;
    }
    return true;
}

/* Reads the next integer on the current line; false at end of line. */
static bool next_int(sm_reader *r, long *v)
{
    while (*r->pos == ' ' || *r->pos == '\t' || *r->pos == '\r') {
        r->pos++;
    }
    char *end;
    if (*r->pos == '\n' || *r->pos == '\0') {
        return false;
    }
    *v = strtol(r->pos, &end, 10);
    if (end == r->pos || *v < 0 || *v > 1000000) {
        return false;
    }
    r->pos = end;
    return true;
}

static void next_line(sm_reader *r)
{
    char *nl = strchr(r->pos, '\n');
    r->pos = nl ? nl + 1 : r->pos + strlen(r->pos);
    if (nl) {
        r->line++;
    }
}

static int sm_fail(sm_reader *r, const char *what)
{
    pm_loc l = sm_loc(r);
    pm_diag_error(r->diag, &l, "PSPLIB: %s", what);
    return PM_EINPUT;
}

static int read_body(sm_reader *r, pm_project *p)
{
    long n_jobs = 0, n_res = 0, v;
    if (!skip_past(r, "jobs (incl. supersource/sink )")) {
        return sm_fail(r, "no 'jobs (incl. supersource/sink )' line");
    }
    r->line--;
    /* The count follows the colon on that line. */
    char *ln = r->pos - 2;
    while (ln > r->text && ln[-1] != '\n') {
        ln--;
    }
    char *c2 = strchr(ln, ':');
    r->line++;
    if (!c2 || sscanf(c2 + 1, "%ld", &n_jobs) != 1 || n_jobs < 2 ||
        n_jobs > 100000) {
        return sm_fail(r, "job count is missing or not valid");
    }
    if (!skip_past(r, "- renewable")) {
        return sm_fail(r, "no renewable resource line");
    }
    ln = r->pos - 2;
    while (ln > r->text && ln[-1] != '\n') {
        ln--;
    }
    c2 = strchr(ln, ':');
    if (!c2 || sscanf(c2 + 1, "%ld", &n_res) != 1 || n_res < 0 ||
        n_res > 100) {
        return sm_fail(r, "renewable resource count is not valid");
    }
    for (long i = 0; i < n_jobs; i++) {
        pm_task *t = pm_project_add_task(p);
        if (!t) {
            return PM_ENOMEM;
        }
        if (asprintf(&t->id, "%ld", i + 1) < 0 ||
            asprintf(&t->name, "job %ld", i + 1) < 0) {
            t->id = t->name = NULL;
            return PM_ENOMEM;
        }
    }
    if (!skip_past(r, "PRECEDENCE RELATIONS:")) {
        return sm_fail(r, "no PRECEDENCE RELATIONS section");
    }
    next_line(r); /* column titles */
    for (long i = 0; i < n_jobs; i++) {
        long job, modes, n_succ;
        if (!next_int(r, &job) || job != i + 1 || !next_int(r, &modes) ||
            modes != 1 || !next_int(r, &n_succ)) {
            return sm_fail(r, "expected a precedence row 'job 1 n succ...'");
        }
        for (long k = 0; k < n_succ; k++) {
            if (!next_int(r, &v) || v < 1 || v > n_jobs || v == job) {
                return sm_fail(r, "successor is missing or out of range");
            }
            pm_dep *d = pm_project_add_dep(p);
            if (!d) {
                return PM_ENOMEM;
            }
            *d = (pm_dep){(int)job - 1, (int)v - 1, PM_DEP_FS, 0, sm_loc(r)};
        }
        next_line(r);
    }
    if (!skip_past(r, "REQUESTS/DURATIONS:")) {
        return sm_fail(r, "no REQUESTS/DURATIONS section");
    }
    next_line(r); /* titles */
    next_line(r); /* dashes */
    long *req = calloc((size_t)(n_jobs * (n_res ? n_res : 1)), sizeof *req);
    if (!req) {
        return PM_ENOMEM;
    }
    for (long i = 0; i < n_jobs; i++) {
        long job, mode, dur;
        if (!next_int(r, &job) || job != i + 1 || !next_int(r, &mode) ||
            !next_int(r, &dur)) {
            free(req);
            return sm_fail(r, "expected a row 'job mode duration requests'");
        }
        p->tasks[i].duration = (int)dur;
        for (long k = 0; k < n_res; k++) {
            if (!next_int(r, &req[i * n_res + k])) {
                free(req);
                return sm_fail(r, "resource request is missing");
            }
        }
        p->tasks[i].loc = sm_loc(r);
        next_line(r);
    }
    if (!skip_past(r, "RESOURCEAVAILABILITIES:")) {
        free(req);
        return sm_fail(r, "no RESOURCEAVAILABILITIES section");
    }
    next_line(r);
    int rc = PM_OK;
    for (long k = 0; k < n_res && rc == PM_OK; k++) {
        long cap;
        if (!next_int(r, &cap) || cap > 10000) {
            rc = sm_fail(r, "resource availability is missing");
            break;
        }
        pm_pool *pool = pm_project_add_pool(p);
        if (!pool || asprintf(&pool->id, "R%ld", k + 1) < 0 ||
            !(pool->name = strdup(pool->id))) {
            rc = PM_ENOMEM;
            break;
        }
        int pi = p->n_pools - 1;
        for (long u = 0; u < cap && rc == PM_OK; u++) {
            pm_resource *res = pm_project_add_resource(p);
            if (!res || asprintf(&res->id, "R%ld.%ld", k + 1, u + 1) < 0 ||
                !(res->name = strdup(res->id)) ||
                !(res->pools = malloc(sizeof *res->pools))) {
                rc = PM_ENOMEM;
                break;
            }
            res->pools[0] = pi;
            res->n_pools = 1;
        }
    }
    for (long i = 0; rc == PM_OK && i < n_jobs; i++) {
        for (long k = 0; k < n_res; k++) {
            long q = req[i * n_res + k];
            if (q > 0 &&
                pm_task_add_need(&p->tasks[i], -1, (int)k, (int)q * 100,
                                 p->tasks[i].loc) != PM_OK) {
                rc = PM_ENOMEM;
                break;
            }
        }
    }
    free(req);
    return rc;
}

int pm_import_psplib(pm_project **out, const char *path, pm_diag *diag)
{
    *out = NULL;
    sm_reader r = {.diag = diag, .line = 1};
    size_t len;
    int rc = pm_read_file(&r.text, &len, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    pm_project *p = pm_project_new();
    if (!p || !(p->source = strdup(path)) ||
        !(p->name = strdup(path))) {
        pm_project_free(p);
        free(r.text);
        return PM_ENOMEM;
    }
    r.file = p->source;
    r.pos = r.text;
    p->start = pm_date_from_ymd(2000, 1, 3);
    p->cal.workdays = 0x7f;
    int errors = diag->n_errors;
    rc = read_body(&r, p);
    free(r.text);
    return pm_reader_done(out, p, rc, false, errors, diag);
}
