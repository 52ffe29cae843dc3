/* Font faces: the cmap reader that tells which characters have a glyph. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <hpdf_doc.h>
#include <hpdf_fontdef.h>

#include "pdf/font.h"

#define NOTO_SANS "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"

static void test_cmap_has_spanish_punctuation(void **state)
{
    (void)state;
    struct font_cmap cmap;
    const char *why = NULL;
    assert_int_equal(font_cmap_read(NOTO_SANS, &cmap, &why), 0);
    assert_true(font_cmap_has(&cmap, 'a'));
    assert_true(font_cmap_has(&cmap, 0x00F1));  /* ñ */
    assert_true(font_cmap_has(&cmap, 0x00BF));  /* ¿ */
    assert_true(font_cmap_has(&cmap, 0x201C));  /* “ */
    assert_true(font_cmap_has(&cmap, 0x2013));  /* – */
    assert_false(font_cmap_has(&cmap, 0x2714)); /* ✔ */
    assert_false(font_cmap_has(&cmap, 0x27A4)); /* ➤ */
    font_cmap_free(&cmap);
}

static void test_cmap_unreadable(void **state)
{
    (void)state;
    struct font_cmap cmap;
    const char *why = NULL;
    assert_int_equal(font_cmap_read("/nonexistent/font.ttf", &cmap, &why), -1);
    assert_non_null(why);
    /* Not a font at all. */
    assert_int_equal(font_cmap_read(TEST_DATA_DIR "/document-sample.xml", &cmap, &why), -1);
}

/* A PDF document set up for UTF-8 text, and its font set. */
struct fonts {
    struct diag_list d;
    HPDF_Doc pdf;
    struct font_set set;
};

static void S_open(struct fonts *env)
{
    memset(env, 0, sizeof *env);
    env->pdf = HPDF_New(NULL, NULL);
    assert_non_null(env->pdf);
    HPDF_UseUTFEncodings(env->pdf);
    HPDF_SetCurrentEncoder(env->pdf, "UTF-8");
    font_set_init(&env->set, env->pdf, NULL, 1, &env->d);
}

static void S_close(struct fonts *env)
{
    font_set_free(&env->set);
    HPDF_Free(env->pdf);
    diag_list_free(&env->d);
}

static void test_face_widths_and_lookup(void **state)
{
    (void)state;
    struct fonts env;
    S_open(&env);
    struct theme_font tf = {"text", "Noto Sans", {NOTO_SANS, NULL, NULL, NULL}, NULL, NULL};
    struct font_face *face = font_set_face(&env.set, &tf, FACE_BOLD); /* falls back to regular */
    assert_non_null(face);
    assert_ptr_equal(face, font_set_face(&env.set, &tf, FACE_REGULAR)); /* loaded once */
    assert_null(face->font);                                            /* lazily */
    assert_int_equal(font_face_has(&env.set, face, 0x00F1), 1);
    assert_int_equal(font_face_has(&env.set, face, 0x2714), 0);
    assert_true(font_face_advance(&env.set, face, 'a') > 0);
    assert_true(font_face_advance(&env.set, face, 'm') > font_face_advance(&env.set, face, 'i'));
    assert_non_null(face->font);
    assert_int_equal(env.d.count, 0);

    /* An unreadable face is reported once, and lookups say "unknown". */
    struct theme_font bad = {"text", "Nope", {"/nonexistent.ttf", NULL, NULL, NULL}, NULL, NULL};
    struct font_face *bf = font_set_face(&env.set, &bad, FACE_REGULAR);
    assert_int_equal(font_face_has(&env.set, bf, 'a'), -1);
    assert_int_equal(font_face_has(&env.set, bf, 'b'), -1);
    assert_int_equal(env.d.errors, 1);

    S_close(&env);
}

/* Noto Sans has no 'kern' table: its kerning is in GPOS, class-based
 * PairPos lookups behind extension lookups. */
static void test_gpos_kerning(void **state)
{
    (void)state;
    struct fonts env;
    S_open(&env);
    struct theme_font tf = {"text", "Noto Sans", {NOTO_SANS, NULL, NULL, NULL}, NULL, NULL};
    struct font_face *face = font_set_face(&env.set, &tf, FACE_REGULAR);
    assert_true(font_face_kern(&env.set, face, 'T', 'o') < -20);
    assert_true(font_face_kern(&env.set, face, 'A', 'V') < -20);
    assert_true(font_face_kern(&env.set, face, 'r', '.') < -20);
    assert_true(font_face_kern(&env.set, face, 'T', 'o') ==
                font_face_kern(&env.set, face, 'T', 'o'));
    assert_true(font_face_kern(&env.set, face, 'a', 'a') == 0);
    assert_true(font_face_kern(&env.set, face, 'n', 'n') == 0);
    /* a code point the face lacks kerns with nothing */
    assert_true(font_face_kern(&env.set, face, 'T', 0x2714) == 0);
    /* glyph ids from the cmap */
    assert_true(font_cmap_glyph(&face->file->cmap, 'a') > 0);
    assert_int_equal(font_cmap_glyph(&face->file->cmap, 0x2714), 0);
    assert_int_equal(env.d.count, 0);
    S_close(&env);
}

static void test_utf8_decoding(void **state)
{
    (void)state;
    const char *s = "a\xc3\xb1\xe2\x80\x9c\xf0\x9f\x98\x80\xff";
    assert_int_equal(font_utf8_next(&s), 'a');
    assert_int_equal(font_utf8_next(&s), 0xF1);
    assert_int_equal(font_utf8_next(&s), 0x201C);
    assert_int_equal(font_utf8_next(&s), 0x1F600);
    assert_int_equal(font_utf8_next(&s), 0xFFFD);
    assert_int_equal(*s, '\0');
}

/* The file's metrics are libharu's, to the unit: every code point of the
 * faces the templates use measures the same, and a check, which measures
 * without loading the face into libharu, lays out as a build does. */
static void test_file_metrics_are_libharus(void **state)
{
    (void)state;
    static const char *const files[] = {
        NOTO_SANS,
        "/usr/share/fonts/truetype/noto/NotoSansDisplay-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        HPDF_Doc pdf = HPDF_New(NULL, NULL);
        assert_non_null(pdf);
        const char *name = HPDF_LoadTTFontFromFile(pdf, files[i], HPDF_TRUE);
        assert_non_null(name);
        HPDF_FontDef def = HPDF_GetFontDef(pdf, name);
        assert_non_null(def);
        struct font_cache cache = {0};
        struct font_file *f = font_cache_file(&cache, files[i]);
        assert_int_equal(font_file_cmap(f), 0);
        assert_int_equal(font_file_ascent(f), def->ascent);
        assert_int_equal(font_file_descent(f), def->descent);
        size_t boxes = 0;
        for (uint32_t cp = 0x20; cp < 0x10000; cp++) {
            if (!font_cmap_has(&f->cmap, cp))
                continue;
            assert_int_equal((int)font_file_advance(f, cp),
                             HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)cp));
            double box[4];
            HPDF_Box b = HPDF_TTFontDef_GetCharBBox(def, (HPDF_UINT16)cp);
            int has_box = b.right > b.left && b.top > b.bottom;
            assert_int_equal(font_file_glyph_box(f, cp, box), has_box ? 0 : -1);
            if (has_box) {
                assert_true(box[0] == b.left && box[1] == b.bottom);
                assert_true(box[2] == b.right && box[3] == b.top);
                boxes++;
            }
        }
        assert_true(boxes > 500);
        font_cache_free(&cache);
        HPDF_Free(pdf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmap_has_spanish_punctuation), cmocka_unit_test(test_cmap_unreadable),
        cmocka_unit_test(test_face_widths_and_lookup),       cmocka_unit_test(test_gpos_kerning),
        cmocka_unit_test(test_file_metrics_are_libharus),    cmocka_unit_test(test_utf8_decoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
