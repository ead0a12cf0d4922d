/* planner/model/l10n.h - the words of the chart and the report in the
 * project's language ('language: zh' in the project file). English is
 * the source: a label is looked up by its English text. */
#ifndef PM_L10N_H
#define PM_L10N_H

#include <stddef.h>

#include "planner/model/model.h"

/* en in language lang (PM_LANG_*): its translation, or en itself in
 * English or when there is none (a miss, counted for tests). Format
 * strings translate to formats that take the same arguments in the same
 * order (a translation may leave out trailing ones, such as an English
 * plural 's'). */
const char *pm_tr(int lang, const char *en);

/* Labels looked up without a translation since the start, and the first
 * few of them joined by "; " into buf. */
int pm_tr_misses(char *buf, size_t size);

/* Checks every translation of a format string: it must take the first
 * arguments of the English one, each with the same conversion. Returns
 * how many do not, naming them in buf. */
int pm_tr_check(char *buf, size_t size);

#endif
