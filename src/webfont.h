/* The web edition's fonts: a TrueType face cut down to the characters an
 * edition shows (HarfBuzz's hb-subset, as the PDF embeds only the glyphs
 * it uses) and packed as WOFF2 (its tables Brotli-compressed, no glyph
 * transforms), for the page's @font-face. */
#ifndef FOLIO_WEBFONT_H
#define FOLIO_WEBFONT_H

#include <stddef.h>
#include <stdint.h>

/* The face in the TrueType file `path` (its `len` bytes in `data` when
 * the build read them already; NULL: read here) with the glyphs of the
 * `count` code points (and what their shaping needs), hinting left out,
 * as WOFF2 in *out (malloc'ed, *out_len bytes). The same input gives the
 * same bytes. 0, or -1 with the reason in `error` (size `error_size`). */
int webfont_woff2(const char *path, const char *data, size_t len, const uint32_t *codepoints,
                  size_t count, char **out, size_t *out_len, char *error, size_t error_size);

/* What `folio check` asks of a web font: that webfont_woff2 reads,
 * subsets and packs the file `path` (data, len: as there), here for no
 * character, which is cheap. 0, or -1 with the reason in `error`, worded
 * as webfont_woff2 words it. */
int webfont_check(const char *path, const char *data, size_t len, char *error, size_t error_size);

#endif
