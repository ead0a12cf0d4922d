/* import/xml.c - libxml2 reading and DOM helpers shared by the MSPDI and
 * .gan readers (xml.h). */
#include "import/xml.h"

#include "import/reader.h"

#include <libxml/parser.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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
    xmlDocPtr doc =
        ctx && len < (size_t)1 << 30
            ? xmlCtxtReadMemory(ctx, data, (int)len, path, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOWARNING)
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

int pm_xml_open(pm_project **p, xmlDocPtr *doc, const char **file,
                const char *path, pm_diag *diag)
{
    *p = NULL;
    *doc = NULL;
    char *data;
    size_t len;
    int rc = pm_read_file(&data, &len, path, diag);
    if (rc != PM_OK) {
        return rc;
    }
    pm_project *np = pm_project_new();
    *file = np ? pm_project_keep(np, path) : NULL;
    if (!*file || !(np->source = strdup(path))) {
        free(data);
        pm_project_free(np);
        return PM_ENOMEM;
    }
    *doc = pm_xml_read(data, len, path, *file, diag);
    free(data);
    if (!*doc) {
        pm_project_free(np);
        return PM_EINPUT;
    }
    *p = np;
    return PM_OK;
}

bool pm_xml_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

xmlNode *pm_xml_child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next) {
        if (pm_xml_is(c, name)) {
            return c;
        }
    }
    return NULL;
}

/* Copies libxml2's string v into buf and frees it. */
static const char *take(xmlChar *v, char *buf, size_t size)
{
    buf[0] = '\0';
    if (v) {
        snprintf(buf, size, "%s", (const char *)v);
        xmlFree(v);
    }
    return buf;
}

const char *pm_xml_text(const xmlNode *n, const char *name, char *buf,
                        size_t size)
{
    xmlNode *c = pm_xml_child(n, name);
    return take(c ? xmlNodeGetContent(c) : NULL, buf, size);
}

double pm_xml_real(const xmlNode *n, const char *name, double dflt)
{
    char buf[64], *end;
    const char *s = pm_xml_text(n, name, buf, sizeof buf);
    double v = strtod(s, &end);
    return *s && end != s && isfinite(v) ? v : dflt;
}

long pm_xml_long(const xmlNode *n, const char *name, long dflt)
{
    double v = pm_xml_real(n, name, NAN);
    return isfinite(v) && fabs(v) < 1e15 ? (long)v : dflt;
}

const char *pm_xml_attr(const xmlNode *n, const char *name, char *buf,
                        size_t size)
{
    return take(n ? xmlGetProp(n, BAD_CAST name) : NULL, buf, size);
}

long pm_xml_attr_long(const xmlNode *n, const char *name, long dflt)
{
    char buf[64], *end;
    const char *s = pm_xml_attr(n, name, buf, sizeof buf);
    long v = strtol(s, &end, 10);
    return *s && end != s ? v : dflt;
}
