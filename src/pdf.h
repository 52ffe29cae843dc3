/* The PDF edition writer: lays the document tree (templates/document.rng)
 * out on pages with the theme's fonts, colours and geometry, and writes it
 * with libharu.
 *
 * The engine lives in src/pdf/: font (TrueType faces and their cmaps),
 * linebreak (the box/glue/penalty line breaker), text (inline runs into
 * lines), layout (blocks into a vertical list), page (the vertical list onto
 * pages) and emit (pages into libharu calls). */
#ifndef FOLIO_PDF_H
#define FOLIO_PDF_H

#include <libxml/tree.h>

#include "diag.h"
#include "theme.h"

struct pdf_options {
    long long
        source_date_epoch; /* seconds; < 0 when SOURCE_DATE_EPOCH is unset: then write no dates */
};

/* Lays out and writes the PDF edition of the document tree `doc` to the file `path` (the caller
 * renames it into place).
 * Returns 0, or -1 with diagnostics appended (then `path` may be left partial; the caller removes
 * it). A character missing from its font is an error: the file is not written then. The output
 * depends only on the inputs: two runs give byte-identical files. */
int pdf_write(xmlDoc *doc, const struct theme *theme, const char *path,
              const struct pdf_options *opts, struct diag_list *diags);

#endif
