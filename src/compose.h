/* compose: the template of a publication kind turns one edition's
 * monolingual content into the document tree (templates/document.rng).
 *
 * A template is an XSLT 1.0 stylesheet, templates/<kind>/<kind>.xsl, run
 * by libxslt with file writes and network access forbidden. It can call
 * the locale's formatting through extension functions in the namespace
 * urn:folio:format (prefix f):
 *   f:number(n [, decimals])      4108 -> "4,108"
 *   f:percent(n [, decimals])     2.7 -> "2.7 %"
 *   f:ordinal(n, form)            form "m", "f" or "m-noun": "1.er", "1st"
 *   f:months(start [, end])       "2021-04", "2021-05" -> "abril – mayo de 2021"
 *   f:years(from, to)             "2021–2023"
 *   f:src(node)                   "path:line" of a content node
 */
#ifndef FOLIO_COMPOSE_H
#define FOLIO_COMPOSE_H

#include <libxml/relaxng.h>
#include <libxslt/xsltInternals.h>

#include "diag.h"
#include "locale.h"

struct composer {
    char *stylesheet_path;
    xsltStylesheet *stylesheet;
    xmlRelaxNG *document_schema;
};

/* Reads <template_dir>/<kind>/<kind>.xsl and <template_dir>/document.rng.
 * Returns 0, or -1 with diagnostics. */
int compose_open(struct composer *c, const char *template_dir, const char *kind,
                 struct diag_list *diags);

/* Runs the template on `content` (a localized tree) for locale `loc` and
 * validates the result. NULL with diagnostics on failure. */
xmlDoc *compose_document(struct composer *c, xmlDoc *content, const struct locale *loc,
                         struct diag_list *diags);

void compose_close(struct composer *c);

#endif
