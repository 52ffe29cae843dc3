/* localize: one edition's monolingual tree from the bilingual content. */
#ifndef FOLIO_LOCALIZE_H
#define FOLIO_LOCALIZE_H

#include "diag.h"
#include "load.h"

/* A copy of the content in which every translatable unit holds the text
 * of `lang` in place of its language elements. Nodes keep their lines.
 * With `draft`, a missing translation is replaced by the source text
 * wrapped in <missing lang="..."> (inside each <p> for prose), so the gap
 * shows; without it a missing translation is an error (check reports
 * them first). White space is folded as text is read: runs become one
 * space, and the ends of an element's content are trimmed. The root gains
 * lang, locale and id attributes. Returns
 * NULL with diagnostics on failure; the caller frees the tree. */
xmlDoc *localize_publication(const struct publication *pub, const char *lang, int draft,
                             struct diag_list *diags);

/* The same, made of the content itself rather than a copy: the
 * publication is left without its tree (pub->doc is NULL after). For the
 * last edition a build makes, so a large publication is not held twice. */
xmlDoc *localize_publication_take(struct publication *pub, const char *lang, int draft,
                                  struct diag_list *diags);

#endif
