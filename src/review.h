/* review: the review page of a translation, for a reviewer: both
 * languages side by side, unit by unit, each linked to its path:line;
 * missing translations marked, outdated ones highlighted with the source
 * they were made from and the source now as a word diff (the old text
 * from the record mark-current keeps, see sources.h). */
#ifndef FOLIO_REVIEW_H
#define FOLIO_REVIEW_H

#include "diag.h"
#include "load.h"
#include "util.h"

/* The page for the translation into `lang`, a standalone HTML file.
 * Returns 0, or -1 with diagnostics. */
int review_write(const struct publication *pub, const char *lang, struct buf *out,
                 struct diag_list *diags);

/* The word diff of two texts as HTML: words only in `old` in <del>, only
 * in `now` in <ins>, escaped. */
void review_word_diff(const char *old, const char *now, struct buf *out);

#endif
