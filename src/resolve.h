/* resolve: passes over the document tree once the template wrote it:
 * anchors for every section and heading, the contents list. */
#ifndef FOLIO_RESOLVE_H
#define FOLIO_RESOLVE_H

#include "diag.h"

/* Gives every section and heading an id (keeping the template's), reports
 * duplicate ids, and fills a <contents> element, if the template placed
 * one, with an entry per section and level-2 heading. Numbers the tables
 * in document order (label="Tabla 3", from the template's word "table")
 * and warns where a source printed another number; numbers footnotes
 * (n="1"...); writes the text of each cross-reference from its target
 * and reports those whose target does not exist. Returns 0, or -1 with
 * diagnostics. */
int resolve_document(xmlDoc *doc, struct diag_list *diags);

#endif
