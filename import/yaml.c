/* import/yaml.c - the native YAML project file (docs/project-format.md).
 *
 * libfyaml parses; we build a small tree from its events because the events
 * carry the start mark of every node, mappings and sequences included, so
 * each message can point at the line and column where the bad value starts.
 * The tree is then walked against the schema: unknown keys are errors,
 * every value is checked, references are resolved once all ids are known. */
#include "import/import.h"

#include <libfyaml.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "import/reader.h"
#include "import/units.h"

enum { Y_SCALAR, Y_MAP, Y_SEQ };

typedef struct ynode {
    int kind;
    int line, col;       /* 1-based */
    char *text;          /* scalars: owned, NUL-terminated */
    bool plain;          /* scalars: written without quotes */
    struct ynode **kids; /* seq: items; map: key, value, key, value ... */
    int n, cap;
} ynode;

static void ynode_free(ynode *n)
{
    if (!n) {
        return;
    }
    for (int i = 0; i < n->n; i++) {
        ynode_free(n->kids[i]);
    }
    free(n->kids);
    free(n->text);
    free(n);
}

static int ynode_add(ynode *parent, ynode *kid)
{
    if (parent->n == parent->cap) {
        int cap = parent->cap ? parent->cap * 2 : 8;
        ynode **v = realloc(parent->kids, (size_t)cap * sizeof *v);
        if (!v) {
            return PM_ENOMEM;
        }
        parent->kids = v;
        parent->cap = cap;
    }
    parent->kids[parent->n++] = kid;
    return PM_OK;
}

/* Reports libfyaml's first collected error, or a generic one. */
static void report_syntax(struct fy_diag *fd, const char *file,
                          pm_diag *diag)
{
    void *it = NULL;
    struct fy_diag_error *e = fy_diag_errors_iterate(fd, &it);
    if (e) {
        /* Prefer where the offending token starts over where the parser
         * gave up (often the end of the file). */
        const struct fy_mark *mk = e->fyt ? fy_token_start_mark(e->fyt) : NULL;
        pm_loc loc = {file, mk ? mk->line + 1 : e->line + 1,
                      mk ? mk->column + 1 : e->column + 1};
        pm_diag_error(diag, &loc, "YAML syntax: %s", e->msg);
    } else {
        pm_loc loc = {file, 1, 1};
        pm_diag_error(diag, &loc, "YAML syntax error");
    }
}

/* Builds the tree of the first document. Returns 0 with *root set (NULL for
 * an empty document), PM_EINPUT or PM_ENOMEM. */
static int ytree_build(ynode **root, const char *file, const char *text,
                       size_t len, volatile int *reached, pm_diag *diag)
{
    *root = NULL;
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.level = FYET_ERROR;
    struct fy_diag *fd = fy_diag_create(&dcfg);
    if (!fd) {
        return PM_ENOMEM;
    }
    fy_diag_set_collect_errors(fd, true);
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET, .diag = fd};
    struct fy_parser *fyp = fy_parser_create(&cfg);
    if (!fyp || fy_parser_set_string(fyp, text, len) != 0) {
        fy_parser_destroy(fyp);
        fy_diag_destroy(fd);
        return PM_ENOMEM;
    }
    ynode *stack[128];
    int depth = 0, rc = PM_OK;
    bool done = false;
    struct fy_event *ev;
    while (!done && (ev = fy_parser_parse(fyp)) != NULL) {
        const struct fy_mark *mk = fy_event_start_mark(ev);
        ynode *n = NULL;
        if (reached && mk) {
            reached[0] = mk->line + 1;
            reached[1] = mk->column + 1;
        }
        switch (ev->type) {
        case FYET_SCALAR:
        case FYET_MAPPING_START:
        case FYET_SEQUENCE_START:
            n = calloc(1, sizeof *n);
            if (!n) {
                rc = PM_ENOMEM;
                break;
            }
            n->line = mk ? mk->line + 1 : 0;
            n->col = mk ? mk->column + 1 : 0;
            if (ev->type == FYET_SCALAR) {
                size_t tl = 0;
                const char *t = fy_token_get_text(ev->scalar.value, &tl);
                n->kind = Y_SCALAR;
                n->text = strndup(t ? t : "", t ? tl : 0);
                n->plain = fy_token_scalar_style(ev->scalar.value) ==
                           FYSS_PLAIN;
                if (!n->text) {
                    free(n);
                    n = NULL;
                    rc = PM_ENOMEM;
                    break;
                }
            } else {
                n->kind = ev->type == FYET_MAPPING_START ? Y_MAP : Y_SEQ;
            }
            if (depth > 0) {
                if (ynode_add(stack[depth - 1], n) != PM_OK) {
                    ynode_free(n);
                    rc = PM_ENOMEM;
                    break;
                }
            } else if (!*root) {
                *root = n;
            } else {
                ynode_free(n);
            }
            if (n->kind != Y_SCALAR) {
                if (depth == (int)(sizeof stack / sizeof stack[0])) {
                    pm_loc loc = {file, n->line, n->col};
                    pm_diag_error(diag, &loc, "nesting is too deep");
                    rc = PM_EINPUT;
                    break;
                }
                stack[depth++] = n;
            }
            break;
        case FYET_MAPPING_END:
        case FYET_SEQUENCE_END:
            depth--;
            break;
        case FYET_ALIAS: {
            pm_loc loc = {file, mk ? mk->line + 1 : 0, mk ? mk->column + 1 : 0};
            pm_diag_error(diag, &loc,
                          "YAML aliases (*name) are not supported; write "
                          "the value out");
            rc = PM_EINPUT;
            break;
        }
        case FYET_DOCUMENT_END:
            done = true;
            break;
        default:
            break;
        }
        fy_parser_event_free(fyp, ev);
        if (rc != PM_OK) {
            break;
        }
    }
    if (rc == PM_OK && (fy_parser_get_stream_error(fyp) ||
                        fy_diag_got_error(fd))) {
        report_syntax(fd, file, diag);
        rc = PM_EINPUT;
    }
    fy_parser_destroy(fyp);
    fy_diag_destroy(fd);
    if (rc != PM_OK) {
        ynode_free(*root);
        *root = NULL;
    }
    return rc;
}

/* libfyaml 0.7 can crash on some malformed input (seen: tab indentation
 * under '?' keys, in its error clean-up). So a child process reads the
 * text first, exactly as the real reading does; if it dies, the file gets
 * an error pointing where the reader had got to, instead of the run dying.
 * Returns 0 when the text is safe to read (or cannot be probed), else
 * PM_EINPUT with the message in diag. */
static int ytree_probe(const char *file, const char *text, size_t len,
                       pm_diag *diag)
{
    volatile int *reached = mmap(NULL, 2 * sizeof(int),
                                 PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (reached == MAP_FAILED) {
        return PM_OK;
    }
    reached[0] = reached[1] = 0;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        /* Die quietly on a fault (no handler of a sanitizer or fuzzer
         * speaks for the child); the parent reports it. */
        static const int faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL,
                                     SIGABRT};
        for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
            signal(faults[i], SIG_DFL);
        }
        ynode *root = NULL;
        pm_diag quiet = PM_DIAG_INIT;
        ytree_build(&root, file, text, len, reached, &quiet);
        _exit(0); /* no clean-up: the parent carries on */
    }
    /* A reader that loops on broken input must not hang the run: the
     * probe gets 5 s and 2 s per MiB. */
    int status = 0, rc = PM_OK;
    bool done = pid <= 0;
    struct timespec tick = {0, 2000000};
    for (long waited = 0; !done; waited += 2) {
        pid_t got = waitpid(pid, &status, WNOHANG);
        if (got == pid || got < 0) {
            done = got == pid;
            break;
        }
        if (waited > 5000 + (long)(len >> 20) * 2000) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            done = true;
            break;
        }
        nanosleep(&tick, NULL);
    }
    if (done && pid > 0 &&
        !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        pm_loc l = {file, reached[0] > 0 ? reached[0] : 1,
                    reached[1] > 0 ? reached[1] : 1};
        pm_diag_error(diag, &l,
                      "malformed YAML from here on: the YAML reader stops "
                      "on it (check the indentation: spaces, not tabs; "
                      "'?' keys are not used in project files)");
        rc = PM_EINPUT;
    }
    munmap((void *)reached, 2 * sizeof(int));
    return rc;
}

/* ---- Schema walk ---- */

typedef struct {
    pm_project *p;
    pm_diag *diag;
    const char *file; /* kept by the project */
    const char *path; /* as given, for tasks_csv */
    pm_strindex tix, rix, pix;
    pm_raw_deps deps;
    int oom;
} yctx;

static pm_loc at(const yctx *c, const ynode *n)
{
    return (pm_loc){c->file, n ? n->line : 0, n ? n->col : 0};
}

static const char *kind_name(const ynode *n)
{
    return n->kind == Y_MAP ? "a mapping"
           : n->kind == Y_SEQ ? "a list"
                              : "a single value";
}

/* Checks that n is a mapping whose keys are all in allowed (NULL-ended)
 * and appear once. Returns false (with a message) if not. */
static bool check_map(yctx *c, const ynode *n, const char *what,
                      const char *const *allowed)
{
    if (n->kind != Y_MAP) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l, "%s must be a mapping, not %s", what,
                      kind_name(n));
        return false;
    }
    bool ok = true;
    for (int i = 0; i < n->n; i += 2) {
        const ynode *k = n->kids[i];
        pm_loc l = at(c, k);
        if (k->kind != Y_SCALAR) {
            pm_diag_error(c->diag, &l, "keys in %s must be plain names", what);
            ok = false;
            continue;
        }
        bool known = false;
        for (int a = 0; allowed[a]; a++) {
            known |= strcmp(k->text, allowed[a]) == 0;
        }
        if (!known) {
            char list[512] = "";
            for (int a = 0; allowed[a]; a++) {
                strncat(list, a ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, allowed[a], sizeof list - strlen(list) - 1);
            }
            pm_diag_error(c->diag, &l,
                          "unknown key '%.80s' in %s (expected one of: %s)",
                          k->text, what, list);
            ok = false;
        }
        for (int j = 0; j < i; j += 2) {
            if (n->kids[j]->kind == Y_SCALAR &&
                strcmp(n->kids[j]->text, k->text) == 0) {
                pm_diag_error(c->diag, &l, "duplicate key '%s' in %s",
                              k->text, what);
                ok = false;
            }
        }
    }
    return ok;
}

/* Value of key in map n, or NULL. A plain null (~, null, empty) counts as
 * absent. */
static const ynode *get(const ynode *n, const char *key)
{
    for (int i = 0; i + 1 < n->n; i += 2) {
        const ynode *k = n->kids[i];
        if (k->kind == Y_SCALAR && strcmp(k->text, key) == 0) {
            const ynode *v = n->kids[i + 1];
            if (v->kind == Y_SCALAR && v->plain &&
                (v->text[0] == '\0' || strcmp(v->text, "~") == 0 ||
                 strcmp(v->text, "null") == 0)) {
                return NULL;
            }
            return v;
        }
    }
    return NULL;
}

/* The text of a scalar, or NULL with a message. */
static const char *scalar(yctx *c, const ynode *n, const char *what)
{
    if (n->kind != Y_SCALAR) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l, "%s must be a single value, not %s", what,
                      kind_name(n));
        return NULL;
    }
    return n->text;
}

static char *dup_text(yctx *c, const char *s)
{
    char *d = strdup(s);
    if (!d) {
        c->oom = 1;
    }
    return d;
}

/* Applies fn to each item of n, which may be a list or a single value. */
static void each(yctx *c, const ynode *n, void (*fn)(yctx *, const ynode *,
                                                     void *),
                 void *arg)
{
    if (n->kind == Y_SEQ) {
        for (int i = 0; i < n->n; i++) {
            fn(c, n->kids[i], arg);
        }
    } else {
        fn(c, n, arg);
    }
}

static bool read_date(yctx *c, const ynode *n, const char *what,
                      pm_date *out)
{
    const char *s = scalar(c, n, what);
    if (!s) {
        return false;
    }
    if (!pm_date_parse(s, strlen(s), out)) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l,
                      "%s '%.40s' is not a valid date (expected YYYY-MM-DD "
                      "between %d and %d)",
                      what, s, PM_DATE_MIN_YEAR, PM_DATE_MAX_YEAR);
        return false;
    }
    return true;
}

static bool read_bool(yctx *c, const ynode *n, const char *what, bool *out)
{
    const char *s = scalar(c, n, what);
    if (!s) {
        return false;
    }
    if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0) {
        *out = true;
    } else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0) {
        *out = false;
    } else {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l,
                      "%s '%.40s' is not valid (expected true or false)", what,
                      s);
        return false;
    }
    return true;
}

static bool read_id(yctx *c, const ynode *n, const char *what,
                    const char **out)
{
    const char *s = scalar(c, n, what);
    if (!s) {
        return false;
    }
    if (!pm_valid_id(s)) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l,
                      "%s '%.80s' is not a valid id (no blanks, ',', ';' or "
                      "quotes; at most 128 bytes)",
                      what, s);
        return false;
    }
    *out = s;
    return true;
}

static void add_range(yctx *c, const ynode *n, void *arg)
{
    struct {
        pm_date_range **v;
        int *n;
        const char *what;
    } *dst = arg;
    const char *s = scalar(c, n, dst->what);
    pm_date_range r;
    if (!s) {
        return;
    }
    if (!pm_parse_date_range(s, &r)) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l,
                      "%s '%.60s' is not valid (expected YYYY-MM-DD or "
                      "YYYY-MM-DD..YYYY-MM-DD, at most 10 years long)",
                      dst->what, s);
        return;
    }
    pm_date_range *v = realloc(*dst->v, (size_t)(*dst->n + 1) * sizeof *v);
    if (!v) {
        c->oom = 1;
        return;
    }
    v[(*dst->n)++] = r;
    *dst->v = v;
}

static void read_ranges(yctx *c, const ynode *n, const char *what,
                        pm_date_range **v, int *count)
{
    struct {
        pm_date_range **v;
        int *n;
        const char *what;
    } dst = {v, count, what};
    each(c, n, add_range, &dst);
}

static int cmp_range(const void *a, const void *b)
{
    const pm_date_range *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

static void add_workday(yctx *c, const ynode *n, void *arg)
{
    unsigned *mask = arg;
    const char *s = scalar(c, n, "workday");
    int w;
    if (!s) {
        return;
    }
    if (!pm_parse_weekday(s, &w)) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l,
                      "workday '%.40s' is not valid (expected mon, tue, wed, "
                      "thu, fri, sat or sun)",
                      s);
        return;
    }
    *mask |= 1u << w;
}

static void read_calendar(yctx *c, const ynode *n)
{
    static const char *const keys[] = {"workdays", "hours_per_day",
                                       "holidays", "granularity", NULL};
    if (!check_map(c, n, "calendar", keys)) {
        return;
    }
    pm_calendar *cal = &c->p->cal;
    const ynode *v;
    if ((v = get(n, "workdays"))) {
        unsigned mask = 0;
        int before = c->diag->n_errors;
        each(c, v, add_workday, &mask);
        if (mask == 0 && c->diag->n_errors == before) {
            pm_loc l = at(c, v);
            pm_diag_error(c->diag, &l, "the calendar has no working day");
        }
        cal->workdays = mask;
    }
    if ((v = get(n, "hours_per_day"))) {
        const char *s = scalar(c, v, "hours_per_day");
        double h;
        if (s && (!pm_parse_number(s, 1, 24, &h) || h != (int)h)) {
            pm_loc l = at(c, v);
            pm_diag_error(c->diag, &l,
                          "hours_per_day '%.40s' is not valid (expected a "
                          "whole number from 1 to 24)",
                          s);
        } else if (s) {
            cal->hours_per_day = (int)h;
        }
    }
    if ((v = get(n, "holidays"))) {
        read_ranges(c, v, "holiday", &cal->holidays, &cal->n_holidays);
        if (cal->n_holidays > 1) {
            qsort(cal->holidays, (size_t)cal->n_holidays,
                  sizeof *cal->holidays, cmp_range);
        }
    }
    cal->slots_per_day = 1;
    if ((v = get(n, "granularity"))) {
        const char *s = scalar(c, v, "granularity");
        if (s && strcmp(s, "day") == 0) {
            cal->slots_per_day = 1;
        } else if (s && strcmp(s, "halfday") == 0) {
            cal->slots_per_day = 2;
        } else if (s && strcmp(s, "hour") == 0) {
            cal->slots_per_day = -1; /* set below from hours_per_day */
        } else if (s) {
            pm_loc l = at(c, v);
            pm_diag_error(c->diag, &l,
                          "granularity '%.40s' is not valid (expected day, "
                          "halfday or hour)",
                          s);
        }
    }
    if (cal->slots_per_day < 0) {
        cal->slots_per_day = cal->hours_per_day;
    }
}

/* Reads an amount of money (0 .. 1e12) at v, if v is given, into *out. */
static void read_amount(yctx *c, const ynode *v, const char *key, double *out)
{
    const char *s = v ? scalar(c, v, key) : NULL;
    if (s && !pm_parse_number(s, 0, 1e12, out)) {
        pm_loc l = at(c, v);
        pm_diag_error(c->diag, &l, "%s '%.40s' is not a valid amount", key, s);
    }
}

static void read_pool(yctx *c, const ynode *n, void *arg)
{
    (void)arg;
    static const char *const keys[] = {"id", "name", "outsourcing", NULL};
    static const char *const okeys[] = {"max_units", "cost_per_day", NULL};
    if (!check_map(c, n, "pool", keys)) {
        return;
    }
    const ynode *v = get(n, "id");
    const char *id;
    if (!v) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l, "pool has no 'id'");
        return;
    }
    if (!read_id(c, v, "pool id", &id)) {
        return;
    }
    pm_pool *pool = pm_project_add_pool(c->p);
    if (!pool) {
        c->oom = 1;
        return;
    }
    pool->loc = at(c, n);
    pool->id = dup_text(c, id);
    const ynode *nm = get(n, "name");
    const char *name = nm ? scalar(c, nm, "pool name") : NULL;
    pool->name = dup_text(c, name ? name : id);
    if (pool->id && pm_strindex_add(&c->pix, pool->id, c->p->n_pools - 1)) {
        pm_loc l = at(c, v);
        pm_diag_error(c->diag, &l, "duplicate pool id '%s'", id);
    }
    if ((v = get(n, "outsourcing")) && check_map(c, v, "outsourcing", okeys)) {
        const ynode *m = get(v, "max_units");
        const char *s = m ? scalar(c, m, "max_units") : NULL;
        if (s && !pm_parse_units(s, &pool->outsource_max)) {
            pm_loc l = at(c, m);
            pm_diag_error(c->diag, &l,
                          "max_units '%.40s' is not valid (expected e.g. "
                          "'2' or '50%%')",
                          s);
        }
        read_amount(c, get(v, "cost_per_day"), "cost_per_day",
                    &pool->outsource_cost_per_day);
    }
}

static void add_member_pool(yctx *c, const ynode *n, void *arg)
{
    pm_resource *r = &c->p->resources[*(int *)arg];
    const char *id;
    if (!read_id(c, n, "pool", &id)) {
        return;
    }
    int k = pm_strindex_find(&c->pix, id);
    if (k < 0) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l, "unknown pool '%s'", id);
        return;
    }
    int *v = realloc(r->pools, (size_t)(r->n_pools + 1) * sizeof *v);
    if (!v) {
        c->oom = 1;
        return;
    }
    v[r->n_pools++] = k;
    r->pools = v;
}

static void read_resource(yctx *c, const ynode *n, void *arg)
{
    (void)arg;
    static const char *const keys[] = {"id",           "name",      "pools",
                                       "reserve",      "cost_per_day",
                                       "vacations",    "availability",
                                       NULL};
    if (!check_map(c, n, "resource", keys)) {
        return;
    }
    const ynode *v = get(n, "id");
    const char *id;
    if (!v) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l, "resource has no 'id'");
        return;
    }
    if (!read_id(c, v, "resource id", &id)) {
        return;
    }
    pm_resource *r = pm_project_add_resource(c->p);
    if (!r) {
        c->oom = 1;
        return;
    }
    int idx = c->p->n_resources - 1;
    r->loc = at(c, n);
    r->id = dup_text(c, id);
    const ynode *nm = get(n, "name");
    const char *name = nm ? scalar(c, nm, "resource name") : NULL;
    r->name = dup_text(c, name ? name : id);
    if (r->id && pm_strindex_add(&c->rix, r->id, idx)) {
        pm_loc l = at(c, v);
        pm_diag_error(c->diag, &l, "duplicate resource id '%s'", id);
    }
    if ((v = get(n, "pools"))) {
        each(c, v, add_member_pool, &idx);
    }
    r = &c->p->resources[idx];
    const char *s;
    if ((v = get(n, "reserve")) && (s = scalar(c, v, "reserve")) &&
        !pm_parse_percent(s, &r->reserve)) {
        pm_loc l = at(c, v);
        pm_diag_error(c->diag, &l,
                      "reserve '%.40s' is not valid (expected a percentage "
                      "such as '15%%')",
                      s);
    }
    if ((v = get(n, "availability")) && (s = scalar(c, v, "availability"))) {
        int u = 0;
        if (!pm_parse_percent(s, &u) || u == 0) {
            pm_loc l = at(c, v);
            pm_diag_error(c->diag, &l,
                          "availability '%.40s' is not valid (expected a "
                          "percentage from 1%% to 100%%)",
                          s);
        } else {
            r->max_units = u;
        }
    }
    read_amount(c, get(n, "cost_per_day"), "cost_per_day", &r->cost_per_day);
    if ((v = get(n, "vacations"))) {
        read_ranges(c, v, "vacation", &r->vacations, &r->n_vacations);
    }
}

static void read_need(yctx *c, const ynode *n, void *arg)
{
    int ti = *(int *)arg;
    static const char *const keys[] = {"resource", "pool", "units", NULL};
    if (!check_map(c, n, "need", keys)) {
        return;
    }
    const ynode *rv = get(n, "resource"), *pv = get(n, "pool");
    const char *id;
    int res = -1, pool = -1, units = -1;
    pm_loc l = at(c, n);
    if ((rv != NULL) == (pv != NULL)) {
        pm_diag_error(c->diag, &l,
                      "a need names either a 'resource' or a 'pool'");
        return;
    }
    if (rv) {
        if (!read_id(c, rv, "resource", &id)) {
            return;
        }
        if ((res = pm_strindex_find(&c->rix, id)) < 0) {
            pm_loc lr = at(c, rv);
            pm_diag_error(c->diag, &lr, "unknown resource '%s'", id);
            return;
        }
    } else {
        if (!read_id(c, pv, "pool", &id)) {
            return;
        }
        if ((pool = pm_strindex_find(&c->pix, id)) < 0) {
            pm_loc lp = at(c, pv);
            pm_diag_error(c->diag, &lp, "unknown pool '%s'", id);
            return;
        }
    }
    const ynode *uv = get(n, "units");
    const char *s;
    if (uv && (s = scalar(c, uv, "units")) && !pm_parse_units(s, &units)) {
        pm_loc lu = at(c, uv);
        pm_diag_error(c->diag, &lu,
                      "units '%.40s' is not valid (expected e.g. '2', '0.5' "
                      "or '50%%')",
                      s);
        return;
    }
    if (pm_task_add_need(&c->p->tasks[ti], res, pool, units, l) != PM_OK) {
        c->oom = 1;
    }
}

static void read_after(yctx *c, const ynode *n, void *arg)
{
    int ti = *(int *)arg;
    static const char *const keys[] = {"task", "type", "lag", NULL};
    pm_loc l = at(c, n);
    if (n->kind == Y_SCALAR) {
        if (pm_raw_deps_add(&c->deps, ti, n->text, l) != PM_OK) {
            c->oom = 1;
        }
        return;
    }
    if (!check_map(c, n, "dependency", keys)) {
        return;
    }
    const ynode *tv = get(n, "task"), *yv = get(n, "type"),
                *lv = get(n, "lag");
    const char *id, *type = "FS", *lag = "+0d";
    if (!tv) {
        pm_diag_error(c->diag, &l, "dependency has no 'task'");
        return;
    }
    if (!read_id(c, tv, "task", &id) ||
        (yv && !(type = scalar(c, yv, "type"))) ||
        (lv && !(lag = scalar(c, lv, "lag")))) {
        return;
    }
    pm_dep_type t;
    if (!pm_parse_dep_type(type, &t)) {
        pm_loc ly = at(c, yv);
        pm_diag_error(c->diag, &ly,
                      "dependency type '%.20s' is not valid (expected FS, "
                      "SS, FF or SF)",
                      type);
        return;
    }
    int slots;
    if (!pm_parse_duration(lag, &c->p->cal, true, &slots)) {
        pm_loc ll = at(c, lv);
        pm_diag_error(c->diag, &ll,
                      "lag '%.40s' is not valid (expected e.g. '3d', '-1d', "
                      "'4h')",
                      lag);
        return;
    }
    char text[256];
    snprintf(text, sizeof text, "%s %s%s%s", id, pm_dep_type_name(t),
             (lag[0] == '-' || lag[0] == '+') ? "" : "+", lag);
    if (pm_raw_deps_add(&c->deps, ti, text, l) != PM_OK) {
        c->oom = 1;
    }
}

static void read_task_list(yctx *c, const ynode *n, int parent, int depth);

static void read_task(yctx *c, const ynode *n, int parent, int depth)
{
    static const char *const keys[] = {
        "id",       "name",  "children", "duration", "effort",
        "milestone", "owner", "needs",    "after",    "priority",
        "release",  "deadline", "start",  "notes",    NULL};
    if (!check_map(c, n, "task", keys)) {
        return;
    }
    const ynode *v = get(n, "id");
    const char *id;
    pm_loc l = at(c, n);
    if (!v) {
        pm_diag_error(c->diag, &l, "task has no 'id'");
        return;
    }
    if (!read_id(c, v, "task id", &id)) {
        return;
    }
    pm_task *t = pm_project_add_task(c->p);
    if (!t) {
        c->oom = 1;
        return;
    }
    int ti = c->p->n_tasks - 1;
    t->loc = l;
    t->parent = parent;
    t->id = dup_text(c, id);
    const ynode *nm = get(n, "name");
    const char *name = nm ? scalar(c, nm, "task name") : NULL;
    t->name = dup_text(c, name ? name : id);
    if (t->id && pm_strindex_add(&c->tix, t->id, ti) == 1) {
        pm_loc lv = at(c, v);
        int first = pm_strindex_find(&c->tix, id);
        pm_diag_error(c->diag, &lv,
                      "duplicate task id '%s' (first defined at line %d)", id,
                      c->p->tasks[first].loc.line);
    }
    const char *s;
    if ((v = get(n, "duration")) && (s = scalar(c, v, "duration")) &&
        !pm_parse_duration(s, &c->p->cal, false, &t->duration)) {
        pm_loc lv = at(c, v);
        pm_diag_error(c->diag, &lv,
                      "duration '%.40s' is not valid (expected e.g. '3d', "
                      "'4h', '2w')",
                      s);
    }
    if ((v = get(n, "effort")) && (s = scalar(c, v, "effort"))) {
        int slots;
        if (!pm_parse_duration(s, &c->p->cal, false, &slots) || slots == 0) {
            pm_loc lv = at(c, v);
            pm_diag_error(c->diag, &lv,
                          "effort '%.40s' is not valid (expected e.g. '15d' "
                          "or '40h')",
                          s);
        } else if (get(n, "duration")) {
            pm_loc lv = at(c, v);
            pm_diag_error(c->diag, &lv,
                          "task '%s' gives both duration and effort; give "
                          "one",
                          id);
        } else {
            t->effort = slots * 100;
        }
    }
    if ((v = get(n, "milestone"))) {
        read_bool(c, v, "milestone", &t->milestone);
    }
    if ((v = get(n, "owner")) && read_id(c, v, "owner", &s)) {
        t->owner = pm_strindex_find(&c->rix, s);
        if (t->owner < 0) {
            pm_loc lv = at(c, v);
            pm_diag_error(c->diag, &lv, "unknown resource '%s' in owner", s);
        }
    }
    if ((v = get(n, "priority")) && (s = scalar(c, v, "priority")) &&
        !pm_parse_priority(s, &t->priority)) {
        pm_loc lv = at(c, v);
        pm_diag_error(c->diag, &lv,
                      "priority '%.20s' is not valid (expected P0 to P4)", s);
    }
    if ((v = get(n, "release"))) {
        read_date(c, v, "release", &t->release);
    }
    if ((v = get(n, "deadline"))) {
        read_date(c, v, "deadline", &t->deadline);
    }
    if ((v = get(n, "start"))) {
        read_date(c, v, "start", &t->fixed_start);
    }
    if ((v = get(n, "notes"))) {
        scalar(c, v, "notes");
    }
    if ((v = get(n, "needs"))) {
        each(c, v, read_need, &ti);
    }
    if ((v = get(n, "after"))) {
        each(c, v, read_after, &ti);
    }
    if ((v = get(n, "children"))) {
        read_task_list(c, v, ti, depth + 1);
    }
}

static void read_task_list(yctx *c, const ynode *n, int parent, int depth)
{
    pm_loc l = at(c, n);
    if (depth > 20) {
        pm_diag_error(c->diag, &l, "the WBS is nested more than 20 levels");
        return;
    }
    if (n->kind != Y_SEQ) {
        pm_diag_error(c->diag, &l, "tasks must be a list, not %s",
                      kind_name(n));
        return;
    }
    for (int i = 0; i < n->n && !c->oom; i++) {
        read_task(c, n->kids[i], parent, depth);
    }
}

/* The index of n's word in allowed (NULL-ended); else a message, -1. */
static int match_word(yctx *c, const ynode *n, const char *what,
                      const char *const *allowed)
{
    const char *s = scalar(c, n, what);
    if (!s) {
        return -1;
    }
    char list[160] = "";
    for (int i = 0; allowed[i]; i++) {
        if (strcmp(s, allowed[i]) == 0) {
            return i;
        }
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
                 allowed[i]);
    }
    pm_loc l = at(c, n);
    pm_diag_error(c->diag, &l, "%s '%.40s' is not valid (expected one of: %s)",
                  what, s, list);
    return -1;
}

/* One of the words in allowed, copied; else a message, NULL. */
static char *read_word(yctx *c, const ynode *n, const char *what,
                       const char *const *allowed)
{
    int i = match_word(c, n, what, allowed);
    return i >= 0 ? dup_text(c, allowed[i]) : NULL;
}

typedef struct {
    int **tasks;
    int *n;
} task_refs;

static void add_task_ref(yctx *c, const ynode *n, void *arg)
{
    task_refs *r = arg;
    const char *id = scalar(c, n, "task");
    if (!id) {
        return;
    }
    int t = pm_strindex_find(&c->tix, id);
    if (t < 0) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l, "unknown task '%.60s'", id);
        return;
    }
    int *v = realloc(*r->tasks, (size_t)(*r->n + 1) * sizeof *v);
    if (!v) {
        c->oom = 1;
        return;
    }
    v[(*r->n)++] = t;
    *r->tasks = v;
}

/* The fields risks and change requests share: id (unique), title, tasks. */
static bool read_entry(yctx *c, const ynode *n, const char *what,
                       pm_strindex *ids, char **id_out, char **title,
                       int **tasks, int *n_tasks)
{
    const ynode *v = get(n, "id");
    const char *id;
    if (!v) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l, "%s has no 'id'", what);
        return false;
    }
    if (!read_id(c, v, what, &id)) {
        return false;
    }
    *id_out = dup_text(c, id);
    if (*id_out && pm_strindex_add(ids, *id_out, 0) == 1) {
        pm_loc l = at(c, v);
        pm_diag_error(c->diag, &l, "duplicate %s id '%s'", what, id);
    }
    const ynode *t = get(n, "title");
    const char *s = t ? scalar(c, t, "title") : NULL;
    if (!t) {
        pm_loc l = at(c, n);
        pm_diag_error(c->diag, &l, "%s '%s' has no 'title'", what, id);
    }
    *title = dup_text(c, s ? s : id);
    if ((v = get(n, "tasks"))) {
        task_refs r = {tasks, n_tasks};
        each(c, v, add_task_ref, &r);
    }
    return true;
}

/* Impact 1..5, as a number or a word. */
static bool parse_impact(const char *s, int *out)
{
    static const struct {
        const char *word;
        int level;
    } words[] = {{"very low", 1}, {"low", 2},       {"medium", 3},
                 {"high", 4},     {"very high", 5}, {"critical", 5},
                 {"低", 2},       {"中", 3},        {"高", 4},
                 {"极高", 5}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strcasecmp(s, words[i].word) == 0) {
            *out = words[i].level;
            return true;
        }
    }
    double v;
    if (pm_parse_number(s, 1, 5, &v) && v == (int)v) {
        *out = (int)v;
        return true;
    }
    return false;
}

static void read_risk(yctx *c, const ynode *n, void *arg)
{
    pm_strindex *ids = arg;
    static const char *const keys[] = {"id",     "title",      "probability",
                                       "impact", "owner",      "mitigation",
                                       "status", "tasks",      NULL};
    static const char *const states[] = {"open",     "watching", "mitigating",
                                         "occurred", "closed",   NULL};
    if (!check_map(c, n, "risk", keys)) {
        return;
    }
    pm_risk *r = pm_project_add_risk(c->p);
    if (!r) {
        c->oom = 1;
        return;
    }
    r->loc = at(c, n);
    if (!read_entry(c, n, "risk", ids, &r->id, &r->title, &r->tasks,
                    &r->n_tasks)) {
        return;
    }
    const ynode *v;
    const char *s;
    r->probability = 50;
    if ((v = get(n, "probability")) && (s = scalar(c, v, "probability")) &&
        !pm_parse_percent(s, &r->probability)) {
        pm_loc l = at(c, v);
        pm_diag_error(c->diag, &l,
                      "probability '%.40s' is not valid (expected 0%% to "
                      "100%%)",
                      s);
    }
    r->impact = 3;
    if ((v = get(n, "impact")) && (s = scalar(c, v, "impact")) &&
        !parse_impact(s, &r->impact)) {
        pm_loc l = at(c, v);
        pm_diag_error(c->diag, &l,
                      "impact '%.40s' is not valid (expected 1 to 5, or low, "
                      "medium, high, critical)",
                      s);
    }
    if ((v = get(n, "owner")) && (s = scalar(c, v, "owner")) &&
        (r->owner = pm_strindex_find(&c->rix, s)) < 0) {
        pm_loc l = at(c, v);
        pm_diag_error(c->diag, &l, "unknown resource '%.60s' in owner", s);
    }
    if ((v = get(n, "mitigation")) && (s = scalar(c, v, "mitigation"))) {
        r->mitigation = dup_text(c, s);
    }
    r->status = (v = get(n, "status")) ? read_word(c, v, "risk status", states)
                                       : dup_text(c, "open");
}

static void read_change(yctx *c, const ynode *n, void *arg)
{
    pm_strindex *ids = arg;
    static const char *const keys[] = {"id",   "title", "status",
                                       "date", "tasks", NULL};
    static const char *const states[] = {"proposed", "approved", "rejected",
                                         "done", NULL};
    if (!check_map(c, n, "change request", keys)) {
        return;
    }
    pm_change *ch = pm_project_add_change(c->p);
    if (!ch) {
        c->oom = 1;
        return;
    }
    ch->loc = at(c, n);
    if (!read_entry(c, n, "change request", ids, &ch->id, &ch->title,
                    &ch->tasks, &ch->n_tasks)) {
        return;
    }
    const ynode *v;
    if ((v = get(n, "date"))) {
        read_date(c, v, "date", &ch->date);
    }
    ch->status = (v = get(n, "status"))
                     ? read_word(c, v, "change request status", states)
                     : dup_text(c, "proposed");
}

/* The risk register and the change requests (after the tasks). */
static void read_registers(yctx *c, const ynode *root)
{
    const struct {
        const char *key;
        void (*fn)(yctx *, const ynode *, void *);
    } lists[] = {{"risks", read_risk}, {"changes", read_change}};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const ynode *v = get(root, lists[i].key);
        if (!v) {
            continue;
        }
        if (v->kind != Y_SEQ) {
            pm_loc l = at(c, v);
            pm_diag_error(c->diag, &l, "%s must be a list", lists[i].key);
            continue;
        }
        pm_strindex ids = PM_STRINDEX_INIT;
        each(c, v, lists[i].fn, &ids);
        pm_strindex_reset(&ids);
    }
}

/* Path of a file named in the project file, relative to its folder. */
static char *relative_path(const char *base, const char *name)
{
    char *out = NULL;
    const char *slash = strrchr(base, '/');
    if (name[0] == '/' || !slash) {
        return strdup(name);
    }
    if (asprintf(&out, "%.*s/%s", (int)(slash - base), base, name) < 0) {
        return NULL;
    }
    return out;
}

static void read_root(yctx *c, const ynode *root)
{
    static const char *const keys[] = {"project",   "start",     "calendar",
                                       "pools",     "resources", "tasks",
                                       "tasks_csv", "status_date", "risks",
                                       "changes",   "deadlines",
                                       "priorities", "budget",
                                       "cost_of_delay", NULL};
    if (!check_map(c, root, "the project file", keys)) {
        return;
    }
    pm_project *p = c->p;
    const ynode *v = get(root, "project");
    const char *s;
    pm_loc l = at(c, root);
    if (!v) {
        pm_diag_error(c->diag, &l, "the project file has no 'project' name");
    } else if ((s = scalar(c, v, "project"))) {
        p->name = dup_text(c, s);
    }
    if (!(v = get(root, "start"))) {
        pm_diag_error(c->diag, &l, "the project file has no 'start' date");
    } else {
        read_date(c, v, "start", &p->start);
    }
    if ((v = get(root, "status_date"))) {
        read_date(c, v, "status_date", &p->status_date);
    }
    static const char *const modes[] = {"soft", "hard", NULL};
    if ((v = get(root, "deadlines"))) {
        p->hard_deadlines = match_word(c, v, "deadlines", modes) == 1;
    }
    static const char *const rules[] = {"strict", "finish", NULL};
    if ((v = get(root, "priorities"))) {
        p->finish_first = match_word(c, v, "priorities", rules) == 1;
    }
    read_amount(c, get(root, "budget"), "budget", &p->budget);
    read_amount(c, get(root, "cost_of_delay"), "cost_of_delay",
                &p->cost_of_delay);
    if ((v = get(root, "calendar"))) {
        read_calendar(c, v);
    }
    if ((v = get(root, "pools"))) {
        if (v->kind != Y_SEQ) {
            pm_loc lv = at(c, v);
            pm_diag_error(c->diag, &lv, "pools must be a list");
        } else {
            each(c, v, read_pool, NULL);
        }
    }
    if ((v = get(root, "resources"))) {
        if (v->kind != Y_SEQ) {
            pm_loc lv = at(c, v);
            pm_diag_error(c->diag, &lv, "resources must be a list");
        } else {
            each(c, v, read_resource, NULL);
        }
    }
    const ynode *csv = get(root, "tasks_csv");
    if ((v = get(root, "tasks"))) {
        if (csv) {
            pm_loc lv = at(c, csv);
            pm_diag_error(c->diag, &lv,
                          "give either 'tasks' or 'tasks_csv', not both");
        }
        read_task_list(c, v, -1, 0);
        if (v->kind == Y_SEQ && v->n == 0) {
            pm_loc lv = at(c, v);
            pm_diag_error(c->diag, &lv, "the project has no tasks");
        }
    } else if (csv && (s = scalar(c, csv, "tasks_csv"))) {
        char *path = relative_path(c->path, s);
        if (!path) {
            c->oom = 1;
        } else if (c->diag->n_errors == 0) {
            int rc = pm_csv_read_tasks(p, path, &c->tix, &c->deps, c->diag);
            if (rc == PM_ENOMEM) {
                c->oom = 1;
            } else if (rc == PM_EIO) {
                pm_loc lv = at(c, csv);
                pm_diag_note(c->diag, &lv, "named here");
            }
        }
        free(path);
    } else if (!csv) {
        pm_diag_error(c->diag, &l, "the project file has no 'tasks'");
    }
    read_registers(c, root);
}

int pm_import_yaml_text(pm_project **out, const char *name, const char *text,
                        size_t len, pm_diag *diag)
{
    *out = NULL;
    int line, col;
    if (!pm_utf8_check(text, len, &line, &col)) {
        pm_loc l = {name, line, col};
        pm_diag_error(diag, &l, "the file is not valid UTF-8");
        return PM_EINPUT;
    }
    yctx c = {.diag = diag, .path = name};
    c.p = pm_project_new();
    if (!c.p) {
        return PM_ENOMEM;
    }
    c.p->source = strdup(name);
    c.file = c.p->source;
    if (!c.file) {
        pm_project_free(c.p);
        return PM_ENOMEM;
    }
    int errors = diag->n_errors;
    ynode *root = NULL;
    int rc = ytree_probe(c.file, text, len, diag);
    if (rc == PM_OK) {
        rc = ytree_build(&root, c.file, text, len, NULL, diag);
    }
    if (rc == PM_OK && !root) {
        pm_loc l = {c.file, 1, 1};
        pm_diag_error(diag, &l, "the project file is empty");
        rc = PM_EINPUT;
    }
    if (rc == PM_OK) {
        read_root(&c, root);
        if (!c.oom && diag->n_errors == errors) {
            rc = pm_raw_deps_resolve(c.p, &c.deps, &c.tix, diag);
        }
        if (rc == PM_OK && !c.oom && diag->n_errors == errors) {
            rc = pm_project_finish(c.p, diag);
        }
        if (c.oom) {
            rc = PM_ENOMEM;
        } else if (rc == PM_OK && diag->n_errors > errors) {
            rc = PM_EINPUT;
        }
    }
    ynode_free(root);
    pm_raw_deps_reset(&c.deps);
    pm_strindex_reset(&c.tix);
    pm_strindex_reset(&c.rix);
    pm_strindex_reset(&c.pix);
    if (rc != PM_OK) {
        pm_project_free(c.p);
        return rc;
    }
    *out = c.p;
    return PM_OK;
}

int pm_import_yaml(pm_project **out, const char *path, pm_diag *diag)
{
    char *text;
    size_t len;
    *out = NULL;
    int rc = pm_read_file(&text, &len, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    rc = pm_import_yaml_text(out, path, text, len, diag);
    free(text);
    return rc;
}
