#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "check.h"
#include "testutil.h"

/* Loads and checks a variant of the minimal booklet. */
static int S_check(const char *from, const char *to, int draft, struct diag_list *d)
{
    char *dir = test_variant(from, to);
    assert_non_null(dir);
    struct publication pub;
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, d), 0);
    int rc = check_publication(&pub, draft, d);
    publication_free(&pub);
    test_remove_dir(dir);
    return rc;
}

static void test_minimal_passes(void **state)
{
    (void)state;
    struct diag_list d = {0};
    assert_int_equal(S_check(NULL, NULL, 0, &d), 0);
    assert_int_equal(d.count, 0);
    diag_list_free(&d);
}

/* A release refuses a translation made from an older source, at its line,
 * then says how many there are; a draft warns. */
static void test_outdated_translation_is_error_unless_draft(void **state)
{
    (void)state;
    const char *from = "from=\"ce7fa3\"", *to = "from=\"000000\"";
    struct diag_list d = {0};
    assert_int_equal(S_check(from, to, 0, &d), -1);
    assert_int_equal(d.count, 2);
    assert_int_equal(d.items[0].severity, DIAG_ERROR);
    assert_int_equal(d.items[0].line, 20);
    assert_string_equal(d.items[0].message,
                        "outdated translation: made from source 000000, the source is now ce7fa3");
    assert_int_equal(d.items[1].line, 0);
    assert_non_null(strstr(d.items[1].message, "1 translation is missing or outdated"));
    diag_list_free(&d);

    assert_int_equal(S_check(from, to, 1, &d), 0);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].severity, DIAG_WARNING);
    diag_list_free(&d);
}

static void test_missing_translation_is_error_unless_draft(void **state)
{
    (void)state;
    const char *from = "<en>Test title</en>", *to = "";
    struct diag_list d = {0};
    assert_int_equal(S_check(from, to, 0, &d), -1);
    assert_int_equal(d.errors, 2); /* the unit, then the count */
    const struct diag *e = test_find_diag(&d, "<title> has no en text (missing translation)");
    assert_non_null(e);
    assert_int_equal(e->line, 8);
    assert_int_equal(e->severity, DIAG_ERROR);
    assert_true(test_has_diag(&d, "1 translation is missing or outdated (listed above)"));
    diag_list_free(&d);

    assert_int_equal(S_check(from, to, 1, &d), 0);
    assert_int_equal(d.errors, 0);
    assert_true(test_has_diag(&d, "missing translation"));
    diag_list_free(&d);
}

static void test_missing_source_is_always_error(void **state)
{
    (void)state;
    struct diag_list d = {0};
    assert_int_equal(S_check("<es>Título de prueba</es>", "<es> </es>", 1, &d), -1);
    assert_true(test_has_diag(&d, "has no es text (the source language)"));
    diag_list_free(&d);
}

static void test_reference_to_unknown_id(void **state)
{
    (void)state;
    struct diag_list d = {0};
    assert_int_equal(S_check("<photo-of meeting=\"m2\"/>", "<photo-of meeting=\"m9\"/>", 0, &d),
                     -1);
    assert_true(test_has_diag(&d, "meeting=\"m9\": no meeting has the id 'm9'"));
    diag_list_free(&d);

    assert_int_equal(S_check("<quote org=\"org-a\">", "<quote org=\"m1\">", 0, &d), -1);
    assert_true(test_has_diag(&d, "org=\"m1\" names a <meeting>, not an <organization>"));
    diag_list_free(&d);

    /* a meeting's kind is one the content names */
    assert_int_equal(S_check("kind=\"exchange\" start", "kind=\"visit\" start", 0, &d), -1);
    assert_true(test_has_diag(&d, "kind=\"visit\": no kind has the id 'visit'"));
    diag_list_free(&d);
}

/* A meeting may have no photo; the gallery then must not show it. */
static void test_photo_of_meeting_without_photo(void **state)
{
    (void)state;
    const char *photo = "<photo><caption><es><p>Foto dos.</p></es><en><p>Photo two.</p></en>"
                        "</caption></photo>";
    struct diag_list d = {0};
    assert_int_equal(S_check(photo, "", 0, &d), -1);
    const struct diag *e =
        test_find_diag(&d, "meeting=\"m2\": that meeting (line 52) has no <photo>: give it one "
                           "or remove this <photo-of>");
    assert_non_null(e);
    assert_int_equal(e->line, 60);
    assert_int_equal(d.errors, 1);
    diag_list_free(&d);

    char *dir = test_variant(photo, "");
    assert_non_null(dir);
    char *again = test_variant_of(dir, "<photo-of meeting=\"m2\"/>", "");
    test_remove_dir(dir);
    assert_non_null(again);
    struct publication pub;
    assert_int_equal(load_publication(&pub, again, FOLIO_TEMPLATE_DIR, &d), 0);
    assert_int_equal(check_publication(&pub, 0, &d), 0);
    assert_int_equal(d.errors, 0);
    publication_free(&pub);
    test_remove_dir(again);
    diag_list_free(&d);
}

/* A key figure that folio cannot format is said in words, at its line. */
static void test_key_figure_form(void **state)
{
    (void)state;
    const char *bad[] = {"1,200", "87 %", "", "4.5.1", "-3", "+300+"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *to = xasprintf("<figure value=\"%s\">", bad[i]);
        struct diag_list d = {0};
        assert_int_equal(S_check("<figure value=\"4108\">", to, 0, &d), -1);
        const struct diag *e = test_find_diag(&d, "write the figure in digits");
        assert_non_null(e);
        assert_int_equal(e->line, 23);
        assert_int_equal(d.errors, 1);
        diag_list_free(&d);
        free(to);
    }
    struct diag_list d = {0};
    assert_int_equal(S_check("<figure value=\"4108\">", "<figure value=\"+4.5%\">", 0, &d), 0);
    diag_list_free(&d);
}

/* Checks the minimal report with a <period> of its front. */
static int S_check_period(const char *from, const char *to, struct diag_list *d)
{
    char *period = xasprintf("<period from=\"%s\" to=\"%s\"/><publisher>", from, to);
    char *dir = test_variant_of(REPORT_DIR, "<publisher>", period);
    free(period);
    assert_non_null(dir);
    struct publication pub;
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, d), 0);
    int rc = check_publication(&pub, 0, d);
    publication_free(&pub);
    test_remove_dir(dir);
    return rc;
}

/* A report's period of months or days: the days exist, to is not before
 * from (a month as to runs to its last day). */
static void test_report_period(void **state)
{
    (void)state;
    struct diag_list d = {0};
    assert_int_equal(S_check_period("2022-09-15", "2023-08-31", &d), 0);
    assert_int_equal(S_check_period("2022-09", "2023-08", &d), 0);
    assert_int_equal(S_check_period("2022-09-15", "2022-09", &d), 0);
    assert_int_equal(d.errors, 0);
    diag_list_free(&d);

    assert_int_equal(S_check_period("2023-02-29", "2023-08-31", &d), -1);
    assert_true(test_has_diag(&d, "from=\"2023-02-29\": no such day (February 2023 has 28 days)"));
    assert_int_equal(d.errors, 1);
    diag_list_free(&d);

    assert_int_equal(S_check_period("2023-08-31", "2022-09-15", &d), -1);
    const struct diag *e = test_find_diag(&d, "to=\"2022-09-15\" is before from=\"2023-08-31\"");
    assert_non_null(e);
    assert_int_equal(e->line, 12);
    assert_int_equal(d.errors, 1);
    diag_list_free(&d);

    assert_int_equal(S_check_period("2022-10-01", "2022-09", &d), -1);
    assert_true(test_has_diag(&d, "to=\"2022-09\" is before from=\"2022-10-01\""));
    diag_list_free(&d);
}

static void test_duplicate_id(void **state)
{
    (void)state;
    struct diag_list d = {0};
    assert_int_equal(S_check("id=\"m2\"", "id=\"m1\"", 0, &d), -1);
    assert_true(test_has_diag(&d, "duplicate id 'm1' (first used at line 48)"));
    diag_list_free(&d);
}

static void test_dates(void **state)
{
    (void)state;
    struct diag_list d = {0};
    /* days and ranges of days are dates too */
    assert_int_equal(S_check("start=\"2022-08\"", "start=\"2022-10-02\" end=\"2022-10-03\"", 0, &d),
                     0);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.count, 0);
    diag_list_free(&d);

    /* a day not in the calendar: at the meeting's line */
    assert_int_equal(S_check("start=\"2022-08\"", "start=\"2023-02-29\"", 0, &d), -1);
    const struct diag *e =
        test_find_diag(&d, "start=\"2023-02-29\": no such day (February 2023 has 28 days)");
    assert_non_null(e);
    assert_int_equal(e->line, 52);
    assert_int_equal(e->severity, DIAG_ERROR);
    diag_list_free(&d);
    assert_int_equal(S_check("start=\"2022-08\"", "start=\"2022-04-31\"", 0, &d), -1);
    assert_true(test_has_diag(&d, "no such day (April 2022 has 30 days)"));
    diag_list_free(&d);

    /* an end before its start */
    assert_int_equal(S_check("end=\"2021-05\"", "end=\"2021-03\"", 0, &d), -1);
    e = test_find_diag(&d, "end=\"2021-03\" is before start=\"2021-04\"");
    assert_non_null(e);
    assert_int_equal(e->line, 48);
    diag_list_free(&d);
    assert_int_equal(S_check("start=\"2022-08\"", "start=\"2022-10-03\" end=\"2022-10-02\"", 0, &d),
                     -1);
    assert_true(test_has_diag(&d, "end=\"2022-10-02\" is before start=\"2022-10-03\""));
    diag_list_free(&d);

    /* out of order, or outside the period: warnings */
    assert_int_equal(S_check("start=\"2022-08\"", "start=\"2021-03-14\"", 0, &d), 0);
    e = test_find_diag(&d, "out of date order: it starts before the one at line 48");
    assert_non_null(e);
    assert_int_equal(e->line, 52);
    assert_int_equal(e->severity, DIAG_WARNING);
    diag_list_free(&d);
    assert_int_equal(S_check("start=\"2022-08\"", "start=\"2024-01-10\"", 0, &d), 0);
    e = test_find_diag(&d, "outside the publication's period (2021-01-01 to 2023-12-31)");
    assert_non_null(e);
    assert_int_equal(e->severity, DIAG_WARNING);
    diag_list_free(&d);
    /* an end past the period counts too */
    assert_int_equal(S_check("start=\"2022-08\"", "start=\"2023-12-30\" end=\"2024-01-02\"", 0, &d),
                     0);
    assert_true(test_has_diag(&d, "outside the publication's period"));
    diag_list_free(&d);
}

static void test_unsupported_locale(void **state)
{
    (void)state;
    struct diag_list d = {0};
    assert_int_equal(S_check("locale=\"en-US\"", "locale=\"en-ZZ\"", 0, &d), -1);
    assert_true(test_has_diag(&d, "cannot format the locale 'en-ZZ'"));
    diag_list_free(&d);
}

static void test_fingerprint_ignores_wrapping(void **state)
{
    (void)state;
    const char *ta = "<es>Un  texto\n  largo</es>", *tb = "<es> Un texto largo </es>";
    const char *tc = "<es>Un texto corto</es>";
    xmlDoc *a = xmlReadMemory(ta, (int)strlen(ta), NULL, NULL, 0);
    xmlDoc *b = xmlReadMemory(tb, (int)strlen(tb), NULL, NULL, 0);
    xmlDoc *c = xmlReadMemory(tc, (int)strlen(tc), NULL, NULL, 0);
    char fa[7], fb[7], fc[7];
    check_fingerprint(xmlDocGetRootElement(a), fa);
    check_fingerprint(xmlDocGetRootElement(b), fb);
    check_fingerprint(xmlDocGetRootElement(c), fc);
    assert_string_equal(fa, fb);
    assert_string_not_equal(fa, fc);
    assert_int_equal(strlen(fa), 6);
    xmlFreeDoc(a);
    xmlFreeDoc(b);
    xmlFreeDoc(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_passes),
        cmocka_unit_test(test_outdated_translation_is_error_unless_draft),
        cmocka_unit_test(test_missing_translation_is_error_unless_draft),
        cmocka_unit_test(test_missing_source_is_always_error),
        cmocka_unit_test(test_reference_to_unknown_id),
        cmocka_unit_test(test_photo_of_meeting_without_photo),
        cmocka_unit_test(test_key_figure_form),
        cmocka_unit_test(test_report_period),
        cmocka_unit_test(test_duplicate_id),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_unsupported_locale),
        cmocka_unit_test(test_fingerprint_ignores_wrapping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
