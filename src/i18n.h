/* i18n: the translatable units of a publication as a translator sees
 * them: each with a stable id, its source text's fingerprint and its state
 * in a target language; the status report; marking reviewed translations
 * current (recording the fingerprint of the source they were made from). */
#ifndef FOLIO_I18N_H
#define FOLIO_I18N_H

#include <stddef.h>

#include <libxml/tree.h>

#include "diag.h"
#include "load.h"
#include "splice.h"
#include "util.h"

enum i18n_state {
    I18N_MISSING,    /* no text in the target language */
    I18N_OUTDATED,   /* made from="..." a source text that has changed since */
    I18N_TRANSLATED, /* translated, with no source version recorded */
    I18N_CURRENT,    /* translated from the source as it is now */
};

struct i18n_unit {
    char *id;                                      /* stable: see i18n_units_collect */
    xmlNode *node, *source, *target;               /* target NULL when absent */
    size_t node_index, source_index, target_index; /* elements in document order */
    char fingerprint[7];                           /* of the source text */
    char *from;                                    /* the target's from="", or NULL */
    enum i18n_state state;
    size_t words; /* of the source text */
};

struct i18n_units {
    char *lang; /* the target language */
    struct i18n_unit *items;
    size_t count, cap;
};

/* Every translatable unit with source text, in document order, and its
 * state in `lang`. A unit's id is the id="" of the unit, or of its nearest
 * ancestor with one, followed by the path down to it: element names, with
 * the key="" of an element that has one or else its position among
 * same-named siblings when there are several, joined by ':'
 * ("introduction:key-figures:figure.2:label", "t-vbg:body:row.lima:cell.1").
 * An edit outside that ancestor never changes it. Two units with one id are
 * an error (-1). */
int i18n_units_collect(const struct publication *pub, const char *lang, struct i18n_units *units,
                       struct diag_list *diags);

void i18n_units_free(struct i18n_units *units);

/* The unit with this id, or NULL. */
struct i18n_unit *i18n_find(const struct i18n_units *units, const char *id);

/* The languages translations are made into: every edition's but the
 * source's. NULL-terminated, malloc'ed array of the publication's strings. */
const char **i18n_target_languages(const struct publication *pub);

/* Where a unit appears, for a translator: its ancestors with their ids
 * and titles, down to the unit ("section #coherencia “Coherencia” ›
 * p 3"); malloc'ed. */
char *i18n_context(const struct publication *pub, const struct i18n_unit *unit);

/* The first `words` words of a node's text, whitespace normalised, "…"
 * after when there are more; malloc'ed. */
char *i18n_first_words(const xmlNode *node, size_t words);

/* True when there is text in this node other than whitespace. */
int i18n_has_text(const xmlNode *node);

/* The elements in the sibling list from `n` and below them: how far a
 * walk in document order moves past them. */
size_t i18n_count_elements(const xmlNode *n);

/* True when no unit is missing or outdated. */
int i18n_complete(const struct i18n_units *units);

/* The status of one publication in one language, as text (a summary line,
 * then each missing and outdated unit as "path:line: id: first words") or
 * as a JSON object. */
void i18n_status_text(const struct publication *pub, const struct i18n_units *units,
                      struct buf *out);
void i18n_status_json(const struct publication *pub, const struct i18n_units *units,
                      struct buf *out);

/* The edit of the content file's text that records on a unit's target
 * element from="<fingerprint>" (replacing an older one); none when it
 * already says so. */
void i18n_edit_from(const char *text, const struct splice_map *map, const struct i18n_unit *unit,
                    struct splice_edits *edits);

/* Reads the publication's content file and maps its elements, checking
 * the map against the parsed tree. Returns the text (malloc'ed), or NULL
 * with an error. */
char *i18n_read_content(const struct publication *pub, struct splice_map *map, size_t *len,
                        struct diag_list *diags);

/* Records the current source fingerprint on the `lang` translations of the
 * units named in `ids` (or of every translated unit when `all`): the
 * translator reviewed them. A missing translation or an unknown id is an
 * error and nothing is written. *marked says how many changed. */
int i18n_mark_current(const struct publication *pub, const char *lang, char *const *ids,
                      size_t id_count, int all, size_t *marked, struct diag_list *diags);

#endif
