/* import/import.c - choosing a reader, shared reader helpers. */
#include "import/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/reader.h"
#include "import/units.h"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

int pm_import_file(pm_project **out, const char *path, pm_diag *diag)
{
    return pm_import_file_fid(out, path, NULL, diag);
}

int pm_import_file_fid(pm_project **out, const char *path, pm_fidelity *fid,
                       pm_diag *diag)
{
    return pm_import_file_as(out, path, NULL, fid, diag);
}

int pm_import_file_as(pm_project **out, const char *path, const char *scenario,
                      pm_fidelity *fid, pm_diag *diag)
{
    if (scenario && !ends_with(path, ".yaml") && !ends_with(path, ".yml")) {
        *out = NULL;
        pm_diag_error(diag, NULL,
                      "--scenario needs a YAML project file; '%s' has no "
                      "scenarios",
                      path);
        return PM_EINPUT;
    }
    if (!scenario && pm_is_portfolio_file(path)) {
        /* The portfolio as one project, each project a summary task. */
        pm_portfolio pf;
        int rc = pm_import_portfolio_file(&pf, path, diag);
        *out = rc == PM_OK ? pf.all : NULL;
        pf.all = NULL;
        pm_portfolio_reset(&pf);
        return rc;
    }
    if (ends_with(path, ".xml")) {
        return pm_import_mspdi(out, path, fid, diag);
    }
    if (ends_with(path, ".gan")) {
        return pm_import_gan(out, path, fid, diag);
    }
    if (ends_with(path, ".sm")) {
        return pm_import_psplib(out, path, diag);
    }
    if (ends_with(path, ".yaml") || ends_with(path, ".yml")) {
        return pm_import_yaml_as(out, path, scenario, diag);
    }
    *out = NULL;
    pm_diag_error(diag, NULL,
                  "cannot tell the format of '%s' (expected .yaml, .yml, "
                  ".xml, .gan or .sm)",
                  path);
    return PM_EINPUT;
}

int pm_read_file(char **out, size_t *len, const char *path, pm_diag *diag)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        pm_diag_error(diag, NULL, "cannot open '%s': %s", path,
                      strerror(errno));
        return PM_EIO;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            break;
        }
        if (cap - n - 1 == 0) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (!buf) {
        return PM_ENOMEM;
    }
    if (err) {
        free(buf);
        pm_diag_error(diag, NULL, "cannot read '%s'", path);
        return PM_EIO;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return PM_OK;
}

bool pm_utf8_check(const char *text, size_t len, int *line, int *col)
{
    const unsigned char *s = (const unsigned char *)text;
    int ln = 1, cl = 1;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        int extra;
        unsigned min;
        if (c < 0x80) {
            extra = 0;
            min = 0;
        } else if ((c & 0xe0) == 0xc0) {
            extra = 1;
            min = 0x80;
            c &= 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2;
            min = 0x800;
            c &= 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3;
            min = 0x10000;
            c &= 0x07;
        } else {
            goto bad;
        }
        if (i + (size_t)extra >= len) {
            goto bad;
        }
        for (int k = 1; k <= extra; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                goto bad;
            }
            c = (c << 6) | (s[i + k] & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) ||
            c == 0) {
            goto bad;
        }
        if (s[i] == '\n') {
            ln++;
            cl = 1;
        } else {
            cl++;
        }
        i += (size_t)extra + 1;
    }
    return true;
bad:
    *line = ln;
    *col = cl;
    return false;
}

int pm_raw_deps_add(pm_raw_deps *d, int succ, const char *text, pm_loc loc)
{
    if (d->n == d->cap) {
        int cap = d->cap ? d->cap * 2 : 32;
        pm_raw_dep *v = realloc(d->v, (size_t)cap * sizeof *v);
        if (!v) {
            return PM_ENOMEM;
        }
        d->v = v;
        d->cap = cap;
    }
    char *copy = strdup(text);
    if (!copy) {
        return PM_ENOMEM;
    }
    d->v[d->n++] = (pm_raw_dep){succ, copy, loc};
    return PM_OK;
}

void pm_raw_deps_reset(pm_raw_deps *d)
{
    for (int i = 0; i < d->n; i++) {
        free(d->v[i].text);
    }
    free(d->v);
    memset(d, 0, sizeof *d);
}

static bool task_known(const char *id, void *ctx)
{
    return pm_strindex_find(ctx, id) >= 0;
}

int pm_raw_deps_resolve(pm_project *p, const pm_raw_deps *d,
                        const pm_strindex *tasks, pm_diag *diag)
{
    int errors = diag->n_errors;
    for (int i = 0; i < d->n; i++) {
        const pm_raw_dep *r = &d->v[i];
        char *id = NULL;
        pm_dep_type type;
        int lag;
        if (!pm_parse_predecessor(r->text, &p->cal, task_known,
                                  (void *)tasks, &id, &type, &lag)) {
            char first[160];
            size_t n = strcspn(r->text, " \t");
            snprintf(first, sizeof first, "%.*s", (int)(n < 150 ? n : 150),
                     r->text);
            if (pm_strindex_find(tasks, first) < 0) {
                pm_diag_error(diag, &r->loc, "unknown predecessor '%s'",
                              first);
            } else {
                pm_diag_error(diag, &r->loc,
                              "dependency '%s' is not valid (expected e.g. "
                              "'arch', 'arch SS+3d' or 'arch FF-1d')",
                              r->text);
            }
            continue;
        }
        int pred = pm_strindex_find(tasks, id);
        free(id);
        if (pred == r->succ) {
            pm_diag_error(diag, &r->loc, "task '%s' depends on itself",
                          p->tasks[pred].id);
            continue;
        }
        pm_dep *dep = pm_project_add_dep(p);
        if (!dep) {
            return PM_ENOMEM;
        }
        *dep = (pm_dep){pred, r->succ, type, lag, r->loc};
    }
    return diag->n_errors > errors ? PM_EINPUT : PM_OK;
}

int pm_task_add_need(pm_task *t, int resource, int pool, int units,
                     pm_loc loc)
{
    pm_need *v = realloc(t->needs, (size_t)(t->n_needs + 1) * sizeof *v);
    if (!v) {
        return PM_ENOMEM;
    }
    t->needs = v;
    t->needs[t->n_needs++] = (pm_need){resource, pool, units, loc};
    return PM_OK;
}

int pm_reader_done(pm_project **out, pm_project *p, int rc, bool oom,
                   int errors, pm_diag *diag)
{
    *out = NULL;
    if (rc == PM_OK) {
        rc = oom                         ? PM_ENOMEM
             : diag->n_errors > errors ? PM_EINPUT
                                       : PM_OK;
    }
    if (rc == PM_OK) {
        rc = pm_project_finish(p, diag);
    }
    if (rc != PM_OK) {
        pm_project_free(p);
        return rc;
    }
    *out = p;
    return PM_OK;
}
