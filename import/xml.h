/* import/xml.h - reading an XML file with libxml2 for the importers (not a
 * public header): no network, no entity expansion, and the first error
 * reported as "file:line:col: error: XML: ...". */
#ifndef PM_IMPORT_XML_H
#define PM_IMPORT_XML_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "planner/model/diag.h"
#include "planner/model/model.h"

/* Parses len bytes of data (path names it for libxml2, file in messages).
 * Returns the document (free with xmlFreeDoc()) or NULL with the error in
 * diag. */
xmlDocPtr pm_xml_read(const char *data, size_t len, const char *path,
                      const char *file, pm_diag *diag);

/* The start of an XML reader: reads the file at path into *doc, with *p a
 * new project whose source is path and *file the name kept for locations
 * (both live as long as the project). Returns 0, or a negative PM_E*
 * code with the reason in diag and nothing to free. */
int pm_xml_open(pm_project **p, xmlDocPtr *doc, const char **file,
                const char *path, pm_diag *diag);

/* Small DOM helpers. A NULL node is fine everywhere: it has no children,
 * text or attributes. Text and attributes go into the caller's buf
 * (truncated to size, "" when absent). */

/* Whether n is an element named name. */
bool pm_xml_is(const xmlNode *n, const char *name);
/* The first child element of n named name, or NULL. */
xmlNode *pm_xml_child(const xmlNode *n, const char *name);
/* The text of n's child element name. */
const char *pm_xml_text(const xmlNode *n, const char *name, char *buf,
                        size_t size);
/* The text of n's child element name as a number: an integer part, or
 * dflt when absent or not a number. */
long pm_xml_long(const xmlNode *n, const char *name, long dflt);
double pm_xml_real(const xmlNode *n, const char *name, double dflt);
/* Attribute name of n. */
const char *pm_xml_attr(const xmlNode *n, const char *name, char *buf,
                        size_t size);
/* Attribute name of n as an integer, dflt when absent or not one. */
long pm_xml_attr_long(const xmlNode *n, const char *name, long dflt);

#endif
