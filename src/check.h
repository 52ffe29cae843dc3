/* check: what a careful editor would catch before anything is built:
 * duplicate ids, references to ids that do not exist, translations that
 * are missing or were made from an older source text. */
#ifndef FOLIO_CHECK_H
#define FOLIO_CHECK_H

#include <libxml/hash.h>

#include "diag.h"
#include "load.h"

/* Checks the publication. Missing and outdated translations are errors
 * (each at its line, then their count), or warnings when `draft` is set. Returns 0, or -1 when an
 * error was found. */
int check_publication(const struct publication *pub, int draft, struct diag_list *diags);

/* Every id under `root`: id -> element (the first, when an id is used
 * twice: a duplicate is an error in `diags`, unless diags is NULL). Free
 * with xmlHashFree(ids, NULL). */
xmlHashTable *check_ids(xmlNode *root, struct diag_list *diags);

/* True when `node` is a language element (<es>, <en>) of a translatable
 * unit of this publication. */
int check_is_language(const struct publication *pub, const xmlNode *node);

/* True when `node` is a translatable unit: an element with language
 * elements among its children. */
int check_is_unit(const struct publication *pub, const xmlNode *node);

/* The child of `unit` in language `lang`, or NULL. */
xmlNode *check_language_child(const xmlNode *unit, const char *lang);

/* True when the `lang` translation of `unit` states a from="" that is not
 * its source text's fingerprint now. */
int check_outdated(const struct publication *pub, const xmlNode *unit, const char *lang);

/* The fingerprint of a source text: 6 hex digits of a hash of its
 * whitespace-normalised text, written into `out` (7 bytes). A translation
 * states the fingerprint it was made from (from="..."). */
void check_fingerprint(const xmlNode *source, char out[7]);

#endif
