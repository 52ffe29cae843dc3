#include <hb-subset.h>
#include <hb.h>

#include "subset.h"

/* Tables no PDF reader opens for a CIDFontType2 drawn through its
 * CIDToGIDMap: shaping, kerning (the layout applied it), bitmaps and
 * device metrics, colour and variations. */
static const char *const S_dropped[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern",
                                        "morx", "mort", "hdmx", "VDMX", "LTSH", "DSIG", "EBDT",
                                        "EBLC", "EBSC", "CBDT", "CBLC", "sbix", "COLR", "CPAL",
                                        "SVG ", "STAT", "fvar", "gvar", "avar", "HVAR", "MVAR"};

int font_subset(const unsigned char *font, size_t len, const unsigned char *used, size_t glyphs,
                const uint16_t *glyph_of, struct buf *out)
{
    hb_blob_t *blob = font && len <= UINT32_MAX
                          ? hb_blob_create_or_fail((const char *)font, (unsigned)len,
                                                   HB_MEMORY_MODE_READONLY, NULL, NULL)
                          : NULL;
    if (!blob)
        return -1;
    hb_face_t *face = hb_face_create(blob, 0);
    /* not a font: HarfBuzz gives an empty face */
    hb_subset_input_t *input =
        hb_face_get_glyph_count(face) > 0 ? hb_subset_input_create_or_fail() : NULL;
    int rc = -1;
    if (input) {
        hb_set_t *gids = hb_subset_input_glyph_set(input);
        hb_set_add(gids, 0); /* .notdef */
        for (size_t g = 0; g < glyphs; g++)
            if (used[g])
                hb_set_add(gids, (hb_codepoint_t)g);
        hb_set_t *unicodes = hb_subset_input_unicode_set(input);
        for (uint32_t cp = 0; glyph_of && cp < 0x10000; cp++)
            if (glyph_of[cp] && glyph_of[cp] < glyphs && used[glyph_of[cp]])
                hb_set_add(unicodes, cp);
        hb_set_t *drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
        for (size_t i = 0; i < sizeof S_dropped / sizeof S_dropped[0]; i++)
            hb_set_add(drop, hb_tag_from_string(S_dropped[i], 4));
        /* glyph ids kept: the widths and the CIDToGIDMap name them */
        hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS);
        hb_face_t *subset = hb_subset_or_fail(face, input);
        if (subset) {
            hb_blob_t *bytes = hb_face_reference_blob(subset);
            unsigned int size = 0;
            const char *data = hb_blob_get_data(bytes, &size);
            if (data && size > 0) {
                buf_put(out, data, size);
                rc = 0;
            }
            hb_blob_destroy(bytes);
            hb_face_destroy(subset);
        }
        hb_subset_input_destroy(input);
    }
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return rc;
}
