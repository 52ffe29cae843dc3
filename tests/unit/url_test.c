#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "url.h"

static void assert_safe(const char *href, const char *want, int want_absolute)
{
    int absolute = -1;
    char *got = url_safe(href, &absolute);
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(absolute, want_absolute);
    free(got);
}

/* Only http, https and mailto, however the scheme is disguised. */
static void test_schemes(void **state)
{
    (void)state;
    assert_safe("https://example.org/", "https://example.org/", 1);
    assert_safe("HTTP://example.org/", "HTTP://example.org/", 1);
    assert_safe("mailto:a@example.org", "mailto:a@example.org", 1);
    assert_safe("#note-1", "#note-1", 0);
    assert_safe("javascript:alert(1)", NULL, 0);
    assert_safe(" JavaScript:alert(1)", NULL, 0);
    assert_safe("java\tscript:alert(1)", NULL, 0);
    assert_safe("data:text/html,x", NULL, 0);
    assert_safe("file:///etc/passwd", NULL, 0);
}

/* What may not appear in a URL is percent-encoded; the PDF's copy is
 * ASCII besides. */
static void test_encoding(void **state)
{
    (void)state;
    assert_safe("https://example.org/a{x}|\"<>^", "https://example.org/a%7Bx%7D%7C%22%3C%3E%5E", 1);
    assert_safe("https://example.org/%41%zz", "https://example.org/%41%25zz", 1);
    char *ascii = url_ascii("https://example.org/\xc3\xa9");
    assert_string_equal(ascii, "https://example.org/%C3%A9");
    free(ascii);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schemes),
        cmocka_unit_test(test_encoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
