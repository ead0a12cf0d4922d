/* import/yaml_tree.c - libfyaml's events turned into a small tree
 * (yaml_tree.h): the events carry the start mark of every node, mappings
 * and sequences included, so each message can point at the line and
 * column where the bad value starts. */
#include <libfyaml.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "import/yaml_tree.h"

void pm_ytree_free(ynode *n)
{
    if (!n) {
        return;
    }
    for (int i = 0; i < n->n; i++) {
        pm_ytree_free(n->kids[i]);
    }
    free(n->kids);
    free(n->text);
    free(n);
}

int pm_ytree_append(ynode *parent, ynode *kid)
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
static void report_syntax(struct fy_diag *fd, const char *file, pm_diag *diag)
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
            n->file = file;
            if (ev->type == FYET_SCALAR) {
                size_t tl = 0;
                const char *t = fy_token_get_text(ev->scalar.value, &tl);
                n->kind = Y_SCALAR;
                n->text = strndup(t ? t : "", t ? tl : 0);
                n->plain =
                    fy_token_scalar_style(ev->scalar.value) == FYSS_PLAIN;
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
                if (pm_ytree_append(stack[depth - 1], n) != PM_OK) {
                    pm_ytree_free(n);
                    rc = PM_ENOMEM;
                    break;
                }
            } else if (!*root) {
                *root = n;
            } else {
                pm_ytree_free(n);
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
    if (rc == PM_OK &&
        (fy_parser_get_stream_error(fyp) || fy_diag_got_error(fd))) {
        report_syntax(fd, file, diag);
        rc = PM_EINPUT;
    }
    fy_parser_destroy(fyp);
    fy_diag_destroy(fd);
    if (rc != PM_OK) {
        pm_ytree_free(*root);
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
    volatile int *reached = mmap(NULL, 2 * sizeof(int), PROT_READ | PROT_WRITE,
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
        static const int faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
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
    if (done && pid > 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
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

int pm_ytree_read(ynode **root, const char *file, const char *text, size_t len,
                  pm_diag *diag)
{
    *root = NULL;
    int rc = ytree_probe(file, text, len, diag);
    if (rc == PM_OK) {
        rc = ytree_build(root, file, text, len, NULL, diag);
    }
    return rc;
}
