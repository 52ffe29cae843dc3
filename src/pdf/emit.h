/* Drawing: the paginated vertical list into libharu pages, with the
 * running heads, folios, link annotations and the outline. */
#ifndef FOLIO_PDF_EMIT_H
#define FOLIO_PDF_EMIT_H

#include <hpdf.h>

#include "layout.h"
#include "page.h"

/* Adds the pages to `pdf` and draws them. Glyphs of the running heads are
 * checked like any text (errors appended to lo->env.diags). Each box's
 * drawing is freed once drawn, and the vertical list and the footnote
 * lines at the end (lo->vl and lo->notes are left empty). */
void emit_document(struct layout *lo, HPDF_Doc pdf, const struct page_info *pages, size_t count);

/* What `folio check` needs of drawing: the diagnostics emit_document
 * would give (the glyphs of the running heads, contents entries pointing
 * nowhere, parts too tall for a page), in its order, with nothing drawn. */
void emit_check(struct layout *lo, const struct page_info *pages, size_t count);

#endif
