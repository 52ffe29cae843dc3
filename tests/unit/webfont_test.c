/* webfont: a face subset to a few characters and packed as WOFF2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"
#include "webfont.h"

#define NOTO "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"

static uint32_t S_u32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

static void test_subset_as_woff2(void **state)
{
    (void)state;
    static const uint32_t few[] = {'A', 'b', 0xf1 /* ñ */};
    char *a, *b, error[300];
    size_t a_len, b_len;
    assert_int_equal(webfont_woff2(NOTO, NULL, 0, few, 3, &a, &a_len, error, sizeof error), 0);
    assert_memory_equal(a, "wOF2", 4);
    assert_int_equal(S_u32(a + 4), 0x00010000); /* TrueType outlines */
    assert_int_equal(S_u32(a + 8), a_len);      /* the length is the file's */
    assert_int_equal(a_len % 4, 0);
    int tables = (unsigned char)a[12] << 8 | (unsigned char)a[13];
    assert_true(tables >= 8); /* cmap, glyf, head, hhea, hmtx, loca, maxp, name ... */
    /* three letters of a 550 kB face: a few kB */
    assert_true(a_len < 8000);

    /* the same input, the same bytes */
    assert_int_equal(webfont_woff2(NOTO, NULL, 0, few, 3, &b, &b_len, error, sizeof error), 0);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    free(b);

    /* the file's bytes as the build read them: the same again */
    size_t font_len;
    char *font = file_read(NOTO, &font_len);
    assert_non_null(font);
    assert_int_equal(webfont_woff2(NOTO, font, font_len, few, 3, &b, &b_len, error, sizeof error),
                     0);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    free(b);
    assert_int_equal(webfont_check(NOTO, font, font_len, error, sizeof error), 0);
    assert_int_equal(webfont_check(NOTO, NULL, 0, error, sizeof error), 0);
    free(font);

    /* more characters, more glyphs */
    uint32_t latin[95];
    for (int i = 0; i < 95; i++)
        latin[i] = (uint32_t)(0x20 + i);
    assert_int_equal(webfont_woff2(NOTO, NULL, 0, latin, 95, &b, &b_len, error, sizeof error), 0);
    assert_true(b_len > a_len);
    free(b);
    free(a);
}

static void test_errors(void **state)
{
    (void)state;
    static const uint32_t one[] = {'A'};
    char *out = (char *)1, error[300] = "";
    size_t len = 1;
    assert_int_equal(
        webfont_woff2("/nonexistent.ttf", NULL, 0, one, 1, &out, &len, error, sizeof error), -1);
    assert_null(out);
    assert_non_null(strstr(error, "/nonexistent.ttf"));
    /* a file that is not a font */
    assert_int_equal(webfont_woff2(TEST_DATA_DIR "/document-sample.xml", NULL, 0, one, 1, &out,
                                   &len, error, sizeof error),
                     -1);
    assert_null(out);
    assert_non_null(strstr(error, "document-sample.xml"));
    /* a check refuses what a build refuses, in its words */
    char why[300] = "";
    assert_int_equal(webfont_check("/nonexistent.ttf", NULL, 0, why, sizeof why), -1);
    assert_string_equal(why, "cannot read the font /nonexistent.ttf");
    assert_int_equal(webfont_check(TEST_DATA_DIR "/document-sample.xml", NULL, 0, why, sizeof why),
                     -1);
    assert_string_equal(why, error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subset_as_woff2),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
