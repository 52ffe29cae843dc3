/* explain: why content does not follow the RELAX NG schema of its kind,
 * in words the person who writes it can act on.
 *
 * libxml2's validator says "Expecting an element , got nothing" or "Extra
 * element es in interleave"; this module walks the content against the
 * schema itself and says what is expected where ("<learning> needs a
 * <title> here, before <body>"), which attribute value is refused and the
 * form the schema wants (read from its choices, datatypes and patterns:
 * [0-9]{4}-(0[1-9]|1[0-2]) is "written YYYY-MM"), so a new kind's schema
 * gets such messages without code. */
#ifndef FOLIO_EXPLAIN_H
#define FOLIO_EXPLAIN_H

#include <stddef.h>

#include <libxml/tree.h>

#include "diag.h"

struct explain_schema;

/* Reads a schema; NULL when it cannot be read. */
struct explain_schema *explain_open(const char *schema_path);

/* Appends up to `limit` diagnostics, one for each place of `doc` that
 * does not follow the schema, and returns how many. `langs` (NULL
 * terminated) are the publication's language elements ("es", "en"),
 * named in hints about where text goes. Returns 0 where it cannot tell
 * (the caller then falls back to the validator's words). */
size_t explain_document(const struct explain_schema *schema, xmlDoc *doc, const char *const *langs,
                        size_t limit, struct diag_list *diags);

/* The expected form of a value the schema pattern `p` describes, as a
 * list of forms ("YYYY-MM or YYYY-MM-DD"), malloc'ed; NULL when the
 * pattern is not made of digits and separators. */
char *explain_pattern_forms(const char *pattern);

void explain_close(struct explain_schema *schema);

#endif
