/* import/xml.c - libxml2 reading shared by the MSPDI and .gan readers. */
#include "import/xml.h"

#include <libxml/parser.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static void no_output(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Keeps libxml2's first error (the later ones follow from it). */
typedef struct {
    int line, col;
    char msg[200];
    bool set;
} first_error;

static void keep_first(void *ctx, xmlErrorPtr e)
{
    first_error *f = ctx;
    if (f->set || !e || e->level < XML_ERR_ERROR) {
        return;
    }
    f->set = true;
    f->line = e->line > 0 ? e->line : 1;
    f->col = e->int2 > 0 ? e->int2 : 1;
    snprintf(f->msg, sizeof f->msg, "%s", e->message ? e->message : "?");
    f->msg[strcspn(f->msg, "\n")] = '\0';
}

xmlDocPtr pm_xml_read(const char *data, size_t len, const char *path,
                      const char *file, pm_diag *diag)
{
    first_error first = {0};
    xmlSetGenericErrorFunc(NULL, no_output);
    xmlSetStructuredErrorFunc(&first, keep_first);
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    xmlDocPtr doc = ctx && len < (size_t)1 << 30
                        ? xmlCtxtReadMemory(ctx, data, (int)len, path, NULL,
                                            XML_PARSE_NONET |
                                                XML_PARSE_NOWARNING)
                        : NULL;
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeParserCtxt(ctx);
    if (!doc) {
        pm_loc l = {file, first.set ? first.line : 1,
                    first.set ? first.col : 1};
        pm_diag_error(diag, &l, "XML: %s",
                      first.set ? first.msg : "the file cannot be read");
    }
    return doc;
}
