/* The embedded font program: the glyphs drawn, at their own ids, and no more. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <hb.h>

#include "pdf/font.h"
#include "util.h"
#include "pdf/subset.h"

#define NOTO_SANS "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"

/* Whether glyph g of the font in `data` has an outline. */
static int S_has_outline(hb_font_t *font, hb_codepoint_t g)
{
    hb_glyph_extents_t e;
    return hb_font_get_glyph_extents(font, g, &e) && e.width != 0;
}

static void test_subset_keeps_the_used_glyphs_at_their_ids(void **state)
{
    (void)state;
    struct font_cmap cmap;
    const char *why = NULL;
    assert_int_equal(font_cmap_read(NOTO_SANS, &cmap, &why), 0);
    hb_blob_t *whole = hb_blob_create_from_file(NOTO_SANS);
    hb_face_t *whole_face = hb_face_create(whole, 0);
    unsigned glyphs = hb_face_get_glyph_count(whole_face);
    assert_true(glyphs > 1000);
    unsigned char *used = calloc(glyphs, 1);
    uint32_t g_a = font_cmap_glyph(&cmap, 'a'), g_n = font_cmap_glyph(&cmap, 0x00F1); /* ñ */
    uint32_t g_z = font_cmap_glyph(&cmap, 'z');
    used[g_a] = used[g_n] = 1;

    size_t len;
    char *file = file_read(NOTO_SANS, &len);
    assert_non_null(file);
    struct buf out = {0};
    assert_int_equal(font_subset((unsigned char *)file, len, used, glyphs, cmap.glyph, &out), 0);
    hb_blob_t *blob =
        hb_blob_create(out.data, (unsigned)out.len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    /* the ids are the font's own, the PDF's CIDToGIDMap names them (the
     * ids past the last one used are cut off) */
    assert_true(hb_face_get_glyph_count(face) > (g_a > g_n ? g_a : g_n));
    assert_true(hb_face_get_glyph_count(face) <= glyphs);
    assert_true(S_has_outline(font, g_a));
    assert_true(S_has_outline(font, g_n));
    assert_false(S_has_outline(font, g_z));
    /* its cmap maps the characters drawn, and only those */
    hb_codepoint_t g = 0;
    assert_true(hb_font_get_nominal_glyph(font, 'a', &g));
    assert_int_equal(g, g_a);
    assert_false(hb_font_get_nominal_glyph(font, 'z', &g));
    /* no shaping tables, hinting kept */
    assert_false(hb_face_reference_table(face, HB_TAG('G', 'P', 'O', 'S')) != hb_blob_get_empty());
    hb_blob_t *fpgm = hb_face_reference_table(face, HB_TAG('f', 'p', 'g', 'm'));
    hb_blob_t *whole_fpgm = hb_face_reference_table(whole_face, HB_TAG('f', 'p', 'g', 'm'));
    assert_int_equal(hb_blob_get_length(fpgm), hb_blob_get_length(whole_fpgm));
    /* a fraction of the whole file */
    assert_true(out.len * 5 < hb_blob_get_length(whole));

    hb_blob_destroy(fpgm);
    hb_blob_destroy(whole_fpgm);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    hb_face_destroy(whole_face);
    hb_blob_destroy(whole);
    buf_free(&out);
    free(file);
    free(used);
    font_cmap_free(&cmap);
}

static void test_subset_is_deterministic(void **state)
{
    (void)state;
    unsigned char used[64] = {0};
    used[36] = used[37] = 1;
    size_t len;
    unsigned char *file = (unsigned char *)file_read(NOTO_SANS, &len);
    assert_non_null(file);
    struct buf a = {0}, b = {0};
    assert_int_equal(font_subset(file, len, used, sizeof used, NULL, &a), 0);
    assert_int_equal(font_subset(file, len, used, sizeof used, NULL, &b), 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    buf_free(&a);
    buf_free(&b);
    free(file);
}

static void test_subset_of_no_font_fails(void **state)
{
    (void)state;
    unsigned char used[4] = {1, 1, 1, 1};
    struct buf out = {0};
    assert_int_equal(font_subset(NULL, 0, used, 4, NULL, &out), -1);
    size_t len;
    char *xml = file_read(TEST_DATA_DIR "/document-sample.xml", &len);
    assert_non_null(xml);
    assert_int_equal(font_subset((unsigned char *)xml, len, used, 4, NULL, &out), -1);
    assert_int_equal(out.len, 0);
    buf_free(&out);
    free(xml);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subset_keeps_the_used_glyphs_at_their_ids),
        cmocka_unit_test(test_subset_is_deterministic),
        cmocka_unit_test(test_subset_of_no_font_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
