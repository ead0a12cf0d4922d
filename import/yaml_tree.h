/* import/yaml_tree.h - a YAML document as a small tree whose every node
 * knows the line and column where it starts (internal to import/). */
#ifndef PM_YAML_TREE_H
#define PM_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "planner/model/diag.h"

enum { Y_SCALAR, Y_MAP, Y_SEQ };

typedef struct ynode {
    int kind;
    int line, col;       /* 1-based */
    const char *file;    /* the file it is in (borrowed: the reader keeps
                            it), for trees built from several files */
    char *text;          /* scalars: owned, NUL-terminated */
    bool plain;          /* scalars: written without quotes */
    struct ynode **kids; /* seq: items; map: key, value, key, value ... */
    int n, cap;
} ynode;

/* Parses len bytes of text (named file in messages) with libfyaml into
 * *root (NULL for an empty document). A syntax error, or a document that
 * makes the parser fail (it is first tried in a child process), is an
 * error at its line and column. Returns 0 or a negative PM_E* code. Free
 * the tree with pm_ytree_free(). */
int pm_ytree_read(ynode **root, const char *file, const char *text, size_t len,
                  pm_diag *diag);
/* Appends kid to parent's items (a mapping takes a key, then its value).
 * Returns 0 or PM_ENOMEM. */
int pm_ytree_append(ynode *parent, ynode *kid);
/* Frees n and everything below it (NULL items are skipped). NULL is
 * fine. */
void pm_ytree_free(ynode *n);

#endif
