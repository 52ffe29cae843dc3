/* Hyphenation with libhyphen's dictionaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pdf/hyphen.h"

/* The word with '-' at its points, e.g. "in-ter-ven-cio-nes". */
static void hyphenated(struct hyphenator *h, const char *word, char *out)
{
    size_t points[16], n = hyphen_points(h, word, strlen(word), points, 16);
    size_t at = 0, k = 0;
    for (size_t i = 0; word[i]; i++) {
        if (k < n && points[k] == i) {
            out[at++] = '-';
            k++;
        }
        out[at++] = word[i];
    }
    out[at] = '\0';
}

static void test_spanish(void **state)
{
    (void)state;
    struct hyphenator *h = hyphen_open("es-PE", NULL);
    assert_non_null(h);
    assert_non_null(strstr(hyphen_path(h), "hyph_es_PE.dic"));
    char out[64];
    hyphenated(h, "intervenciones", out);
    assert_string_equal(out, "in-ter-ven-cio-nes");
    hyphenated(h, "Psicosocial", out); /* capitals are looked up in lower case */
    assert_string_equal(out, "Psi-co-so-cial");
    hyphenated(h, "colaboración", out); /* byte offsets in UTF-8 */
    assert_string_equal(out, "co-la-bo-ra-ción");
    hyphenated(h, "aprendizaje", out);
    assert_string_equal(out, "apren-di-zaje");
    hyphenated(h, "casado", out); /* three letters at least after a hyphen: not casa-do */
    assert_string_equal(out, "ca-sado");
    hyphenated(h, "casa", out); /* too short */
    assert_string_equal(out, "casa");
    hyphen_close(h);
}

static void test_english_and_fallbacks(void **state)
{
    (void)state;
    struct hyphenator *h = hyphen_open("en-US", NULL);
    assert_non_null(h);
    char out[64];
    hyphenated(h, "psychosocial", out);
    assert_non_null(strchr(out, '-'));
    assert_string_equal(out, "psy-choso-cial");
    hyphen_close(h);
    /* the language's dictionary when the country has none */
    h = hyphen_open("es-419", NULL);
    assert_non_null(h);
    assert_non_null(strstr(hyphen_path(h), "hyph_es_"));
    hyphen_close(h);
    h = hyphen_open("en_GB", NULL);
    assert_non_null(h);
    hyphen_close(h);
}

static void test_tokens_never_hyphenated(void **state)
{
    (void)state;
    const char *bad[] = {"2021-2023",        "www.acnur.org", "https://hi-lac.org/peru/",
                         "info@caps.org.pe", "COVID19",       "a.b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(hyphen_token_ok(bad[i], strlen(bad[i])));
    const char *good[] = {"intervenciones.", "(psicosocial),", "socio-emocional", "¿Cómo?"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(hyphen_token_ok(good[i], strlen(good[i])));
}

static void test_missing_dictionary(void **state)
{
    (void)state;
    assert_null(hyphen_open("xx-YY", NULL));
    assert_null(hyphen_open("es-PE", "/nonexistent"));
    assert_null(hyphen_open("", NULL));
    assert_null(hyphen_open(NULL, NULL));
    size_t points[4];
    assert_int_equal(hyphen_points(NULL, "intervenciones", 14, points, 4), 0);
    hyphen_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spanish),
        cmocka_unit_test(test_english_and_fallbacks),
        cmocka_unit_test(test_tokens_never_hyphenated),
        cmocka_unit_test(test_missing_dictionary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
