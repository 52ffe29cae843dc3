/* sources: the record of the source texts translations were made from,
 * so that when a source changes its old text can be shown beside the new
 * (the review page's word diff). A publication's record is
 * <dir>/.folio/sources: a line per source text, its fingerprint, a tab,
 * its whitespace-normalised text; written by i18n mark-current. */
#ifndef FOLIO_SOURCES_H
#define FOLIO_SOURCES_H

#include <stddef.h>

#include <libxml/tree.h>

#include "diag.h"
#include "load.h"

/* Adds the texts of these source elements to the publication's record,
 * keyed by fingerprint, one line each, sorted; written atomically. */
int sources_record(const struct publication *pub, xmlNode *const *sources, size_t n,
                   struct diag_list *diags);

/* The recorded source text with this fingerprint, malloc'ed; NULL when
 * none was recorded. */
char *sources_lookup(const struct publication *pub, const char *fingerprint);

/* A node's text, whitespace runs as one space, none at either end;
 * malloc'ed. */
char *sources_text(const xmlNode *node);

#endif
