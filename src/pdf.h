/* The PDF edition writer: lays the document tree (templates/document.rng)
 * out on pages with the theme's fonts, colours and geometry, and writes it
 * with libharu.
 *
 * The engine lives in src/pdf/: font (a document's faces), subset (their
 * embedded programs), linebreak (the box/glue/penalty line breaker), text
 * (inline runs into lines), layout (blocks into a vertical list), page (the
 * vertical list onto pages), emit (pages into libharu calls), deflate and
 * stream (page content compressed, libharu's streams copied a block at a
 * time) and tagging (the structure tree of PDF/UA-1, the XMP and output
 * intent of PDF/A-2u). */
#ifndef FOLIO_PDF_H
#define FOLIO_PDF_H

#include <libxml/tree.h>

#include "diag.h"
#include "fontfile.h"
#include "theme.h"
#include "util.h"

/* How well the text was set: the line-quality report (folio build
 * --layout-report). Adjustment ratios are those of Knuth and Plass: 0 for
 * a line at its natural width, 1 when its spaces are stretched fully, -1
 * when shrunk fully; a paragraph's last line is not counted. */
struct pdf_layout_report {
    size_t pages;
    size_t lines;       /* lines of paragraph text */
    size_t ratio_lines; /* lines whose adjustment ratio counts */
    double worst_ratio; /* the largest |ratio| among them */
    double ratio_sum;   /* of |ratio|, for the mean */
    size_t hyphenated;  /* lines ending in a hyphen the breaker added */
    size_t overfull;    /* lines wider than their measure */
    size_t widows;      /* a paragraph's last line alone at the top of a page */
    size_t orphans;     /* a paragraph's first line alone at the foot of a page */
};

struct pdf_options {
    long long source_date_epoch; /* seconds; < 0 when SOURCE_DATE_EPOCH is unset: then no dates */
    struct pdf_layout_report *report; /* filled when not NULL */
    /* the publication folder: <figure><image href> is relative to it; NULL
     * when the document has no figures (an image is then an error) */
    const char *asset_dir;
    /* the build's font files, read once for every edition (fontfile.h);
     * NULL: the writer reads them for this document alone */
    struct font_cache *fonts;
};
/* Every PDF is tagged (PDF/UA-1) and PDF/A-2u. FOLIO_PDF_UNTAGGED=1 in the
 * environment leaves out the structure tree and PDF/A: the benchmark's
 * baseline for the cost of tagging, not a feature. */

/* Where pdf_render puts the file: its bytes handed to `write` in pieces
 * as libharu saves, so a large PDF is never held whole a second time.
 * `write` returns 0, or -1 with errno set; `path` names the file in the
 * message then. */
struct pdf_sink {
    int (*write)(void *ctx, const void *data, size_t len);
    void *ctx;
    const char *path;
};

/* Lays out the PDF edition of the document tree `doc` and saves it to `sink` (the build stages
 * it, see stage.h). With `sink` NULL it lays out and breaks the pages, reports what drawing would
 * (emit_check) and draws, tags and saves nothing: `folio check` reports the same errors as a
 * build.
 * Returns 0, or -1 with diagnostics appended; the sink may then have had part of the file. A
 * character missing from its font is an error: nothing is saved then. The output depends only on
 * the inputs: two runs give byte-identical files. */
int pdf_render(xmlDoc *doc, const struct theme *theme, const struct pdf_sink *sink,
               const struct pdf_options *opts, struct diag_list *diags);

/* pdf_render to the file `path` (NULL: nothing saved), for the tests. */
int pdf_write(xmlDoc *doc, const struct theme *theme, const char *path,
              const struct pdf_options *opts, struct diag_list *diags);

#endif
