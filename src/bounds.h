/* The bounds folio puts on what it reads, so that a hostile file costs
 * bounded time and memory and is refused with a message naming the
 * limit, the file and the line. Each is far above the real content's
 * (README, "Limits"). */
#ifndef FOLIO_BOUNDS_H
#define FOLIO_BOUNDS_H

#include <stddef.h>

#include <libxml/tree.h>

#include "diag.h"

#define BOUND_ATTRIBUTES 100    /* per element (the content has at most 5) */
#define BOUND_UNITS 500000      /* texts in both languages (the report has about 1,000) */
#define BOUND_TABLE_ROWS 200000 /* per table, also a CSV's (the content has 25) */
#define BOUND_COLUMNS 100       /* cells per row of a table or a CSV (the content has 9) */
#define BOUND_CSV_CELL 65536    /* bytes in a CSV cell (the content's are under 100) */

/* Refuses XML text with a NUL byte (libxml2 would stop there and say
 * something else) and counts the attributes of every tag before libxml2
 * parses it (its duplicate check is quadratic in them): 0, or -1 with an
 * error at the NUL or the first tag over BOUND_ATTRIBUTES. */
int bounds_check_text(const char *path, const char *text, size_t len, struct diag_list *diags);

/* Units, table rows and cells per row of parsed content, `langs` the
 * publication's languages (NULL-terminated): 0, or -1 with errors. */
int bounds_check_tree(xmlDoc *doc, const char *const *langs, struct diag_list *diags);

#endif
