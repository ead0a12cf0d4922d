/* import/xml.h - reading an XML file with libxml2 for the importers (not a
 * public header): no network, no entity expansion, and the first error
 * reported as "file:line:col: error: XML: ...". */
#ifndef PM_IMPORT_XML_H
#define PM_IMPORT_XML_H

#include <libxml/tree.h>
#include <stddef.h>

#include "planner/model/diag.h"

/* Parses len bytes of data (path names it for libxml2, file in messages).
 * Returns the document (free with xmlFreeDoc()) or NULL with the error in
 * diag. */
xmlDocPtr pm_xml_read(const char *data, size_t len, const char *path,
                      const char *file, pm_diag *diag);

#endif
