/* import/table.c - CSV tables with positions. libcsv does the quoting; we
 * feed it one byte at a time so that each field keeps the line and column
 * where it starts. */
#include "import/table.h"

#include <csv.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/reader.h"

#define MAX_COLUMNS 256

typedef struct {
    pm_table *t;
    const pm_table_spec *spec;
    pm_diag *diag;
    int line, col;   /* position of the byte being fed */
    int fline, fcol; /* where the current field starts */
    bool pending;    /* the next byte starts a field */
    pm_cell *cur;    /* fields of the row being read */
    int n_cur, cap_cur;
    int colmap[MAX_COLUMNS]; /* csv column -> spec column, or -1 */
    int n_header;
    bool have_header;
    bool oom;
} tctx;

static void on_field(void *s, size_t len, void *data)
{
    tctx *c = data;
    c->pending = true;
    if (c->n_cur == c->cap_cur) {
        int cap = c->cap_cur ? c->cap_cur * 2 : 16;
        pm_cell *v = realloc(c->cur, (size_t)cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        c->cur = v;
        c->cap_cur = cap;
    }
    char *text = strndup(s ? s : "", s ? len : 0);
    if (!text) {
        c->oom = true;
        return;
    }
    c->cur[c->n_cur++] = (pm_cell){text, c->fline, c->fcol};
}

static void clear_cur(tctx *c)
{
    for (int i = 0; i < c->n_cur; i++) {
        free(c->cur[i].text);
    }
    c->n_cur = 0;
}

static int find_col(const pm_table_spec *spec, const char *name)
{
    for (int i = 0; i < spec->n_cols; i++) {
        if (strcasecmp(name, spec->names[i]) == 0) {
            return i;
        }
    }
    for (int i = 0; i < spec->n_aliases; i++) {
        if (strcasecmp(name, spec->aliases[i].alias) == 0) {
            return spec->aliases[i].col;
        }
    }
    return -1;
}

static void read_header(tctx *c)
{
    pm_table *t = c->t;
    c->have_header = true;
    t->header_line = c->cur[0].line;
    if (c->n_cur > MAX_COLUMNS) {
        pm_loc l = {t->file, c->cur[0].line, 1};
        pm_diag_error(c->diag, &l, "too many columns (%d, at most %d)",
                      c->n_cur, MAX_COLUMNS);
        return;
    }
    c->n_header = c->n_cur;
    for (int i = 0; i < c->n_cur; i++) {
        pm_loc l = pm_cell_loc(t, &c->cur[i]);
        int k = find_col(c->spec, c->cur[i].text);
        c->colmap[i] = k;
        if (k < 0) {
            char list[512] = "";
            for (int a = 0; a < c->spec->n_cols; a++) {
                size_t n = strlen(list);
                snprintf(list + n, sizeof list - n, "%s%s", a ? ", " : "",
                         c->spec->names[a]);
            }
            pm_diag_error(c->diag, &l,
                          "unknown column '%.60s' (expected: %s)",
                          c->cur[i].text, list);
        } else if (t->present[k]) {
            pm_diag_error(c->diag, &l, "column '%s' appears twice",
                          c->spec->names[k]);
            c->colmap[i] = -1;
        } else {
            t->present[k] = true;
        }
    }
}

static void on_row(int term, void *data)
{
    (void)term;
    tctx *c = data;
    pm_table *t = c->t;
    c->pending = true;
    if (c->oom) {
        return;
    }
    bool empty = true;
    for (int i = 0; i < c->n_cur; i++) {
        empty &= c->cur[i].text[0] == '\0';
    }
    if (empty) {
        clear_cur(c);
        return;
    }
    if (!c->have_header) {
        read_header(c);
        clear_cur(c);
        return;
    }
    if (c->n_cur > c->n_header) {
        pm_loc l = pm_cell_loc(t, &c->cur[c->n_header]);
        pm_diag_error(c->diag, &l, "row has %d fields, the header has %d",
                      c->n_cur, c->n_header);
        clear_cur(c);
        return;
    }
    if (t->n_rows == t->cap_rows) {
        int cap = t->cap_rows ? t->cap_rows * 2 : 64;
        pm_table_row *v = realloc(t->rows, (size_t)cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        t->rows = v;
        t->cap_rows = cap;
    }
    pm_cell *cells = calloc((size_t)t->n_cols, sizeof *cells);
    if (!cells) {
        c->oom = true;
        return;
    }
    pm_table_row *r = &t->rows[t->n_rows++];
    r->cells = cells;
    r->line = c->cur[0].line;
    for (int i = 0; i < c->n_cur; i++) {
        int k = c->colmap[i];
        char *text = c->cur[i].text;
        if (k >= 0 && text[0] != '\0') {
            /* A spreadsheet-safe cell ("'=x", as planner export writes
             * text that would start a formula) reads as its text. */
            if (text[0] == '\'' && text[1] && strchr("=+-@\t\r", text[1])) {
                memmove(text, text + 1, strlen(text));
            }
            cells[k] = c->cur[i];
            c->cur[i].text = NULL;
        }
    }
    clear_cur(c);
}

/* Feeds the whole text to libcsv, tracking positions. */
static int parse_text(tctx *c, const char *text, size_t len)
{
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
        return PM_ENOMEM;
    }
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        i = 3; /* UTF-8 byte order mark from spreadsheets */
    }
    /* Semicolon-separated when the header line has more ';' than ','. */
    size_t semis = 0, commas = 0;
    for (size_t k = i; k < len && text[k] != '\n'; k++) {
        semis += text[k] == ';';
        commas += text[k] == ',';
    }
    csv_set_delim(&parser, semis > commas ? ';' : ',');
    c->line = c->fline = 1;
    c->col = c->fcol = 1;
    c->pending = true;
    int rc = PM_OK;
    for (; i < len && !c->oom; i++) {
        unsigned char b = (unsigned char)text[i];
        if (c->pending && b != '\r' && b != '\n') {
            c->fline = c->line;
            c->fcol = c->col;
            c->pending = false;
        }
        if (csv_parse(&parser, text + i, 1, on_field, on_row, c) != 1) {
            pm_loc l = {c->t->file, c->line, c->col};
            pm_diag_error(c->diag, &l, "CSV syntax: %s",
                          csv_strerror(csv_error(&parser)));
            rc = PM_EINPUT;
            break;
        }
        if (b == '\n') {
            c->line++;
            c->col = 1;
        } else if ((b & 0xc0) != 0x80) {
            c->col++;
        }
    }
    if (rc == PM_OK && !c->oom &&
        csv_fini(&parser, on_field, on_row, c) != 0) {
        pm_loc l = {c->t->file, c->fline, c->fcol};
        pm_diag_error(c->diag, &l, "CSV syntax: unterminated quoted field");
        rc = PM_EINPUT;
    }
    csv_free(&parser);
    return c->oom ? PM_ENOMEM : rc;
}

/* The text converted from GB18030 to UTF-8 (NUL-terminated, *out_len
 * bytes), or NULL when it is not valid GB18030 or on failure. */
static char *gb18030_to_utf8(const char *in, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        return NULL;
    }
    size_t cap = len * 2 + 16, left_in = len, left_out = cap - 1;
    char *out = malloc(cap), *src = (char *)in, *dst = out;
    bool ok = out && iconv(cd, &src, &left_in, &dst, &left_out) !=
                         (size_t)-1 &&
              left_in == 0;
    iconv_close(cd);
    if (!ok) {
        free(out);
        return NULL;
    }
    *dst = '\0';
    *out_len = (size_t)(dst - out);
    int line, col;
    if (!pm_utf8_check(out, *out_len, &line, &col)) {
        free(out);
        return NULL;
    }
    return out;
}

int pm_table_read(pm_table *t, const pm_table_spec *spec, const char *path,
                  const char *file, pm_diag *diag)
{
    memset(t, 0, sizeof *t);
    t->file = file;
    t->n_cols = spec->n_cols;
    t->present = calloc((size_t)spec->n_cols, sizeof *t->present);
    if (!t->present) {
        return PM_ENOMEM;
    }
    char *text;
    size_t len;
    int rc = pm_read_file(&text, &len, path, diag);
    if (rc != PM_OK) {
        pm_table_reset(t);
        return rc;
    }
    int errors = diag->n_errors, line, col;
    if (!pm_utf8_check(text, len, &line, &col)) {
        /* A Chinese Excel saves "CSV" in GB18030 (GBK): convert it when
         * the whole file is valid in that encoding. */
        char *utf8 = gb18030_to_utf8(text, len, &len);
        if (!utf8) {
            pm_loc l = {file, line, col};
            pm_diag_error(diag, &l,
                          "the file is neither UTF-8 nor GB18030 (save it "
                          "from the spreadsheet as 'CSV UTF-8')");
            free(text);
            pm_table_reset(t);
            return PM_EINPUT;
        }
        free(text);
        text = utf8;
        pm_loc l = {file, 1, 1};
        pm_diag_note(diag, &l,
                     "read as GB18030 (a Chinese Excel's 'CSV'); saving as "
                     "'CSV UTF-8' avoids the guess");
    }
    tctx c = {.t = t, .spec = spec, .diag = diag};
    rc = parse_text(&c, text, len);
    free(text);
    clear_cur(&c);
    free(c.cur);
    if (rc == PM_OK && !c.have_header) {
        pm_loc l = {file, 1, 1};
        pm_diag_error(diag, &l, "%s is empty (expected a header row)",
                      spec->what);
    }
    if (rc == PM_OK && diag->n_errors > errors) {
        rc = PM_EINPUT;
    }
    if (rc != PM_OK) {
        pm_table_reset(t);
    }
    return rc;
}

void pm_table_reset(pm_table *t)
{
    for (int i = 0; i < t->n_rows; i++) {
        for (int k = 0; k < t->n_cols; k++) {
            free(t->rows[i].cells[k].text);
        }
        free(t->rows[i].cells);
    }
    free(t->rows);
    free(t->present);
    memset(t, 0, sizeof *t);
}

void pm_cell_bad(const pm_table *t, const pm_cell *c, const char *column,
                 const char *expected, pm_diag *diag)
{
    pm_loc l = pm_cell_loc(t, c);
    pm_diag_error(diag, &l, "%s '%.60s' is not valid (expected %s)", column,
                  c->text, expected);
}
