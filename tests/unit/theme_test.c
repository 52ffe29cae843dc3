#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "testutil.h"
#include "theme.h"

#define BOOKLET_THEME FOLIO_TEMPLATE_DIR "/booklet/theme.xml"

static void test_reads_booklet_theme(void **state)
{
    (void)state;
    struct diag_list d = {0};
    struct theme t;
    assert_int_equal(theme_load(&t, BOOKLET_THEME, NULL, &d), 0);
    assert_int_equal(d.count, 0);
    assert_float_equal(t.page_width, 595.2756, 0.001); /* 210 mm */
    assert_float_equal(t.page_height, 841.8898, 0.001);
    assert_non_null(theme_colour(&t, "primary"));
    assert_int_equal(theme_rgb(&t, "no-such-colour"), 0);
    const struct theme_style *body = theme_style(&t, "body");
    assert_non_null(body);
    assert_string_equal(body->font->role, "text");
    assert_non_null(strstr(body->font->file[FACE_BOLD], "NotoSans-Bold.ttf"));
    assert_true(body->leading > 1.0);
    assert_null(theme_style(&t, "no-such-style"));
    assert_float_equal(t.measure_em, 36, 1e-9);
    assert_int_equal(t.columns, 1);
    assert_float_equal(t.column_gap, 18, 1e-9);
    assert_int_equal(t.justify.hyphen_penalty, 400);
    assert_float_equal(t.justify.expansion, 0.02, 1e-9);
    assert_true(t.justify.protrusion);
    assert_int_equal(t.justify.max_hyphen_run, 2);
    theme_free(&t);
}

static void S_expect_error(const char *from, const char *to, const char *needle)
{
    char *text = file_read(BOOKLET_THEME, NULL);
    char *at = strstr(text, from);
    assert_non_null(at);
    struct buf b = {0};
    buf_put(&b, text, (size_t)(at - text));
    buf_puts(&b, to);
    buf_puts(&b, at + strlen(from));
    char path[] = "/tmp/folio-theme-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(file_write(path, b.data, b.len), 0);
    struct diag_list d = {0};
    struct theme t;
    assert_int_equal(theme_load(&t, path, NULL, &d), -1);
    if (!test_has_diag(&d, needle)) {
        diag_print(&d, stderr);
        fail_msg("expected '%s'", needle);
    }
    assert_string_equal(d.items[0].file, path);
    diag_list_free(&d);
    remove(path);
    buf_free(&b);
    free(text);
}

static void test_bad_themes(void **state)
{
    (void)state;
    S_expect_error("value=\"#5b2a6e\"", "value=\"plum\"", "colour needs a name and a value");
    S_expect_error("NotoSans-Bold.ttf", "NoSuchFont.ttf",
                   "font file 'noto/NoSuchFont.ttf' not found");
    S_expect_error("width=\"210mm\"", "width=\"wide\"", "page width");
    S_expect_error("<style name=\"h3\"", "<style name=\"h9\"", "lacks the style 'h3'");
    S_expect_error("width=\"36em\"", "width=\"wide\"", "measure width: expected ems");
    S_expect_error("columns=\"1\"", "columns=\"3\"",
                   "measure columns: expected a number from 1 to 2");
    S_expect_error("max-hyphen-run=\"", "max-hyphen-run=\"-", "justify max-hyphen-run: expected");
    S_expect_error("protrusion=\"", "protrusion=\"maybe", "justify protrusion: yes or no");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_booklet_theme),
        cmocka_unit_test(test_bad_themes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
