/* The font program a PDF embeds (FontFile2): a TrueType face cut down to
 * the glyphs the document draws, with HarfBuzz's hb-subset, glyph ids
 * kept so that the CIDToGIDMap and widths stay as they are. */
#ifndef FOLIO_PDF_SUBSET_H
#define FOLIO_PDF_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Appends to `out` the TrueType face in font[0 .. len) with the glyphs
 * marked in used[0 .. glyphs) (and the components of composite ones),
 * their hinting kept and the tables a PDF reader does not read (layout,
 * glyph names) left out; `glyph_of` (65,536 entries, NULL for none) maps
 * the BMP's code points to glyphs, for the subset's cmap. The same input
 * gives the same bytes. 0, or -1 when it is not a font or cannot be subset. */
int font_subset(const unsigned char *font, size_t len, const unsigned char *used, size_t glyphs,
                const uint16_t *glyph_of, struct buf *out);

#endif
