#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "spell.h"
#include "testutil.h"

static void S_write(const char *dir, const char *name, const char *text)
{
    char *path = path_join(dir, name);
    assert_int_equal(file_write(path, text, strlen(text)), 0);
    free(path);
}

/* Checks a variant of the minimal booklet whose introduction says `es`
 * and `en`, with `words` (NULL: none) as its own word list, in a folder
 * whose shared list has the two names the minimal booklet has elsewhere
 * ("Org", "Learnings"). */
static int S_check(const char *es, const char *en, const char *words, struct spell_report *r,
                   struct diag_list *d)
{
    char *a = test_variant("Primer párrafo con <em>énfasis</em>", es);
    char *variant = test_variant_of(a, "First paragraph with <em>emphasis</em>", en);
    test_remove_dir(a);
    assert_non_null(variant);
    char *top = test_tmpdir();
    char *dir = path_join(top, "pub");
    assert_int_equal(rename(variant, dir), 0);
    free(variant);
    S_write(top, "words.txt", "Org\nen: Learnings\n");
    if (words)
        S_write(dir, "words.txt", words);
    struct publication pub;
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, d), 0);
    int rc = spell_check_publication(&pub, r, d);
    publication_free(&pub);
    free(dir);
    test_remove_dir(top);
    return rc;
}

static const struct spell_count *S_count(const struct spell_report *r, const char *lang)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->items[i].lang, lang) == 0)
            return &r->items[i];
    fail();
    return NULL;
}

/* The minimal booklet is spelt right in both languages: nothing said. */
static void test_clean(void **state)
{
    (void)state;
    struct spell_report r = {0};
    struct diag_list d = {0};
    assert_int_equal(S_check("Primer párrafo con <em>énfasis</em>",
                             "First paragraph with <em>emphasis</em>", NULL, &r, &d),
                     0);
    assert_int_equal(d.count, 0);
    assert_int_equal(r.count, 2);
    assert_string_equal(S_count(&r, "es")->dictionary, "es_PE");
    assert_string_equal(S_count(&r, "en")->dictionary, "en_US");
    assert_true(S_count(&r, "es")->words > 10);
    spell_report_free(&r);
}

/* Without a word list the names are reported, with their suggestions and
 * at their line; with one they are not, and a slip still is. */
static void test_word_list(void **state)
{
    (void)state;
    const char *es = "Prsentación del CSMC de Yaku, SMAPS",
               *en = "Presentation by the CSMC of Yaku, MHPSS";
    struct spell_report r = {0};
    struct diag_list d = {0};
    assert_int_equal(S_check(es, en, NULL, &r, &d), 0);
    assert_int_equal(S_count(&r, "es")->unknown, 4);
    assert_int_equal(S_count(&r, "en")->unknown, 3);
    const struct diag *slip = test_find_diag(&d, "spelling (es): Prsentación (Presentación");
    assert_non_null(slip);
    assert_int_equal(slip->line, 19);
    assert_int_equal(slip->severity, DIAG_WARNING);
    assert_true(test_has_diag(&d, "spelling (en): MHPSS ("));
    spell_report_free(&r);
    diag_list_free(&d);

    assert_int_equal(S_check(es, en, "# names\nCSMC\nYaku\nes: SMAPS\nen: MHPSS\n", &r, &d), 0);
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(d.items[0].message, "spelling (es): Prsentación ("));
    assert_int_equal(S_count(&r, "es")->unknown, 1);
    assert_int_equal(S_count(&r, "en")->unknown, 0);
    spell_report_free(&r);
    diag_list_free(&d);

    /* a word listed for one language is unknown in the other */
    assert_int_equal(S_check("Con MHPSS", "With MHPSS", "en: MHPSS\n", &r, &d), 0);
    assert_int_equal(d.count, 1);
    assert_true(test_has_diag(&d, "spelling (es): MHPSS"));
    spell_report_free(&r);
    diag_list_free(&d);
}

/* URLs, addresses, numbers, codes and Roman numerals are not words; a
 * word on a later line of its text is reported at that line. */
static void test_not_words(void **state)
{
    (void)state;
    struct spell_report r = {0};
    struct diag_list d = {0};
    assert_int_equal(S_check("Ver www.minsa.gob.pe, info@care.org.pe, COVID-19, 1.er taller, "
                             "capítulo III, https://example.org/xyzzy y minsa.gob.pe",
                             "See the long-term results, etc.\n and a\n  mispelt word", NULL, &r,
                             &d),
                     0);
    assert_int_equal(S_count(&r, "es")->unknown, 0);
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(d.items[0].message, "spelling (en): mispelt ("));
    assert_int_equal(d.items[0].line, 22);
    spell_report_free(&r);
    diag_list_free(&d);
}

static void test_missing_dictionary(void **state)
{
    (void)state;
    setenv("FOLIO_DICT_PATH", "/nonexistent", 1);
    struct spell_report r = {0};
    struct diag_list d = {0};
    assert_int_equal(S_check("Primer", "First", NULL, &r, &d), -1);
    assert_true(test_has_diag(&d, "no hunspell dictionary for the es edition (es-PE)"));
    unsetenv("FOLIO_DICT_PATH");
    spell_report_free(&r);
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_word_list),
        cmocka_unit_test(test_not_words),
        cmocka_unit_test(test_missing_dictionary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
