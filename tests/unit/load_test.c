#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "load.h"
#include "testutil.h"

static int S_load(const char *dir, struct publication *pub, struct diag_list *d)
{
    return load_publication(pub, dir, FOLIO_TEMPLATE_DIR, d);
}

static void test_loads_minimal_booklet(void **state)
{
    (void)state;
    struct diag_list d = {0};
    struct publication pub;
    assert_int_equal(S_load(MINIMAL_DIR, &pub, &d), 0);
    assert_int_equal(d.count, 0);
    assert_string_equal(pub.id, "minimal");
    assert_string_equal(pub.kind, "booklet");
    assert_string_equal(pub.source_lang, "es");
    assert_int_equal(pub.edition_count, 2);
    assert_string_equal(publication_edition(&pub, "en")->locale, "en-US");
    assert_null(publication_edition(&pub, "fr"));
    publication_free(&pub);
}

/* Loads a variant and expects one error at `line` containing `needle`. */
static void S_expect_error(const char *from, const char *to, long line, const char *needle)
{
    char *dir = test_variant(from, to);
    assert_non_null(dir);
    struct diag_list d = {0};
    struct publication pub;
    assert_int_equal(S_load(dir, &pub, &d), -1);
    assert_true(d.errors >= 1);
    assert_int_equal(d.items[0].line, line);
    assert_non_null(strstr(d.items[0].file, "publication.xml"));
    if (!test_has_diag(&d, needle)) {
        diag_print(&d, stderr);
        fail_msg("no diagnostic mentions '%s'", needle);
    }
    diag_list_free(&d);
    test_remove_dir(dir);
}

static void test_malformed_xml_names_line(void **state)
{
    (void)state;
    S_expect_error("<title><es>Título de prueba</es>", "<title><es>Título de prueba</title>", 8,
                   "mismatch");
}

static void test_schema_violation_names_line(void **state)
{
    (void)state;
    /* the attribute, its value and the schema's choices; not libxml2's words */
    S_expect_error("format=\"hybrid\"", "format=\"by pigeon\"", 52,
                   "format=\"by pigeon\": write one of online, hybrid or in-person");
}

static void test_doctype_refused(void **state)
{
    (void)state;
    S_expect_error("<booklet source-lang=\"es\">",
                   "<!DOCTYPE booklet [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                   "<booklet source-lang=\"es\">",
                   3, "DOCTYPE");
}

static void test_unknown_kind(void **state)
{
    (void)state;
    /* every kind of templates/ is listed, in name order: the first and last */
    S_expect_error("booklet", "brochure", 3,
                   "<brochure> is not a kind of publication: the root element is one of "
                   "<booklet>, ");
    S_expect_error("booklet", "brochure", 3, " or <report>");
}

static void test_missing_folder_and_file(void **state)
{
    (void)state;
    struct diag_list d = {0};
    struct publication pub;
    assert_int_equal(S_load("/nonexistent/folder", &pub, &d), -1);
    assert_true(test_has_diag(&d, "No such file"));
    diag_list_free(&d);

    char *empty = test_tmpdir();
    assert_non_null(empty);
    assert_int_equal(S_load(empty, &pub, &d), -1);
    assert_non_null(strstr(d.items[0].file, "publication.xml"));
    assert_true(test_has_diag(&d, "cannot read"));
    diag_list_free(&d);
    test_remove_dir(empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loads_minimal_booklet),
        cmocka_unit_test(test_malformed_xml_names_line),
        cmocka_unit_test(test_schema_violation_names_line),
        cmocka_unit_test(test_doctype_refused),
        cmocka_unit_test(test_unknown_kind),
        cmocka_unit_test(test_missing_folder_and_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
