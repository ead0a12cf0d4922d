/* import/yaml_walk.c - the schema walk's helpers (yaml_impl.h): keys,
 * scalars, dates, flags, ids, date ranges, amounts and words, each checked
 * where it stands in the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/units.h"
#include "import/yaml_impl.h"

pm_loc pm_yaml_at(const yctx *c, const ynode *n)
{
    return (pm_loc){n && n->file ? n->file : c->file, n ? n->line : 0,
                    n ? n->col : 0};
}

const char *pm_yaml_kind(const ynode *n)
{
    return n->kind == Y_MAP   ? "a mapping"
           : n->kind == Y_SEQ ? "a list"
                              : "a single value";
}

/* Checks that n is a mapping whose keys are all in allowed (NULL-ended)
 * and appear once. Returns false (with a message) if not. */
bool pm_yaml_check_map(yctx *c, const ynode *n, const char *what,
                       const char *const *allowed)
{
    if (n->kind != Y_MAP) {
        pm_loc l = pm_yaml_at(c, n);
        pm_diag_error(c->diag, &l, "%s must be a mapping, not %s", what,
                      pm_yaml_kind(n));
        return false;
    }
    bool ok = true;
    for (int i = 0; i < n->n; i += 2) {
        const ynode *k = n->kids[i];
        pm_loc l = pm_yaml_at(c, k);
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
                pm_diag_error(c->diag, &l, "duplicate key '%s' in %s", k->text,
                              what);
                ok = false;
            }
        }
    }
    return ok;
}

/* Value of key in map n, or NULL. A plain null (~, null, empty) counts as
 * absent. */
const char *pm_yaml_id_of(const ynode *n)
{
    const ynode *v = n && n->kind == Y_MAP ? pm_yaml_get(n, "id") : NULL;
    return v && v->kind == Y_SCALAR ? v->text : NULL;
}

ynode *pm_yaml_find_by_id(const ynode *n, const char *id)
{
    for (int i = 0; n && n->kind == Y_SEQ && i < n->n; i++) {
        const char *k = pm_yaml_id_of(n->kids[i]);
        if (k && strcmp(k, id) == 0) {
            return n->kids[i];
        }
    }
    return NULL;
}

const ynode *pm_yaml_get(const ynode *n, const char *key)
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
const char *pm_yaml_scalar(yctx *c, const ynode *n, const char *what)
{
    if (n->kind != Y_SCALAR) {
        pm_loc l = pm_yaml_at(c, n);
        pm_diag_error(c->diag, &l, "%s must be a single value, not %s", what,
                      pm_yaml_kind(n));
        return NULL;
    }
    return n->text;
}

char *pm_yaml_dup(yctx *c, const char *s)
{
    char *d = strdup(s);
    if (!d) {
        c->oom = 1;
    }
    return d;
}

/* Applies fn to each item of n, which may be a list or a single value. */
void pm_yaml_each(yctx *c, const ynode *n,
                  void (*fn)(yctx *, const ynode *, void *), void *arg)
{
    if (n->kind == Y_SEQ) {
        for (int i = 0; i < n->n; i++) {
            fn(c, n->kids[i], arg);
        }
    } else {
        fn(c, n, arg);
    }
}

bool pm_yaml_date(yctx *c, const ynode *n, const char *what, pm_date *out)
{
    const char *s = pm_yaml_scalar(c, n, what);
    if (!s) {
        return false;
    }
    if (!pm_date_parse(s, strlen(s), out)) {
        pm_loc l = pm_yaml_at(c, n);
        pm_diag_error(c->diag, &l,
                      "%s '%.40s' is not a valid date (expected YYYY-MM-DD "
                      "between %d and %d)",
                      what, s, PM_DATE_MIN_YEAR, PM_DATE_MAX_YEAR);
        return false;
    }
    return true;
}

bool pm_yaml_bool(yctx *c, const ynode *n, const char *what, bool *out)
{
    const char *s = pm_yaml_scalar(c, n, what);
    if (!s) {
        return false;
    }
    if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0) {
        *out = true;
    } else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0) {
        *out = false;
    } else {
        pm_loc l = pm_yaml_at(c, n);
        pm_diag_error(c->diag, &l,
                      "%s '%.40s' is not valid (expected true or false)", what,
                      s);
        return false;
    }
    return true;
}

bool pm_yaml_id(yctx *c, const ynode *n, const char *what, const char **out)
{
    const char *s = pm_yaml_scalar(c, n, what);
    if (!s) {
        return false;
    }
    if (!pm_valid_id(s)) {
        pm_loc l = pm_yaml_at(c, n);
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
    const char *s = pm_yaml_scalar(c, n, dst->what);
    pm_date_range r;
    if (!s) {
        return;
    }
    if (!pm_parse_date_range(s, &r)) {
        pm_loc l = pm_yaml_at(c, n);
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

void pm_yaml_ranges(yctx *c, const ynode *n, const char *what,
                    pm_date_range **v, int *count)
{
    struct {
        pm_date_range **v;
        int *n;
        const char *what;
    } dst = {v, count, what};
    pm_yaml_each(c, n, add_range, &dst);
}

/* Reads an amount of money (0 .. 1e12) at v, if v is given, into *out. */
void pm_yaml_amount(yctx *c, const ynode *v, const char *key, double *out)
{
    const char *s = v ? pm_yaml_scalar(c, v, key) : NULL;
    if (s && !pm_parse_number(s, 0, 1e12, out)) {
        pm_loc l = pm_yaml_at(c, v);
        pm_diag_error(c->diag, &l, "%s '%.40s' is not a valid amount", key, s);
    }
}

/* The index of n's word in allowed (NULL-ended); else a message, -1. */
int pm_yaml_match_word(yctx *c, const ynode *n, const char *what,
                       const char *const *allowed)
{
    const char *s = pm_yaml_scalar(c, n, what);
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
    pm_loc l = pm_yaml_at(c, n);
    pm_diag_error(c->diag, &l, "%s '%.40s' is not valid (expected one of: %s)",
                  what, s, list);
    return -1;
}

/* One of the words in allowed, copied; else a message, NULL. */
char *pm_yaml_word(yctx *c, const ynode *n, const char *what,
                   const char *const *allowed)
{
    int i = pm_yaml_match_word(c, n, what, allowed);
    return i >= 0 ? pm_yaml_dup(c, allowed[i]) : NULL;
}
