#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "localize.h"
#include "testutil.h"

/* The string value of an XPath expression over `doc`, malloc'ed. */

static xmlDoc *S_localize(const char *from, const char *to, const char *lang, int draft,
                          struct diag_list *d)
{
    char *dir = test_variant(from, to);
    struct publication pub;
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, d), 0);
    xmlDoc *doc = localize_publication(&pub, lang, draft, d);
    publication_free(&pub);
    test_remove_dir(dir);
    return doc;
}

static void test_picks_one_language(void **state)
{
    (void)state;
    struct diag_list d = {0};
    xmlDoc *doc = S_localize(NULL, NULL, "en", 0, &d);
    assert_non_null(doc);
    assert_xpath(doc, "/booklet/front/title", "Test title");
    assert_xpath(doc, "/booklet/@lang", "en");
    assert_xpath(doc, "/booklet/@locale", "en-US");
    assert_xpath(doc, "count(//es) + count(//en)", "0");
    assert_xpath(doc, "/booklet/introduction/body/p/em", "emphasis");
    /* lines survive the copy, for later diagnostics */
    xmlXPathContext *ctx = xmlXPathNewContext(doc);
    xmlXPathObject *o = xmlXPathEvalExpression((const xmlChar *)"//meeting[@id='m2']", ctx);
    assert_int_equal(xmlGetLineNo(o->nodesetval->nodeTab[0]), 52);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

static void test_draft_marks_missing_text(void **state)
{
    (void)state;
    struct diag_list d = {0};
    xmlDoc *doc = S_localize("<en><p>Text.</p></en>", "", "en", 1, &d);
    assert_non_null(doc);
    assert_xpath(doc, "/booklet/topics/body/p/missing/@lang", "es");
    assert_xpath(doc, "/booklet/topics/body/p/missing", "Texto.");
    xmlFreeDoc(doc);

    doc = S_localize("<en>Test title</en>", "", "en", 1, &d);
    assert_xpath(doc, "/booklet/front/title/missing", "Título de prueba");
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

static void test_release_refuses_missing_text(void **state)
{
    (void)state;
    struct diag_list d = {0};
    assert_null(S_localize("<en>Test title</en>", "", "en", 0, &d));
    assert_true(test_has_diag(&d, "<title> has no en text"));
    diag_list_free(&d);
    assert_null(S_localize(NULL, NULL, "fr", 0, &d));
    assert_true(test_has_diag(&d, "no fr edition"));
    diag_list_free(&d);
}

static void test_folds_white_space(void **state)
{
    (void)state;
    struct diag_list d = {0};
    xmlDoc *doc = S_localize("<es><p>Texto.</p></es>",
                             "<es><p>\n   Un   texto\n  con <em>dos</em> <strong>marcas</strong>"
                             "\n   partido.  </p></es>",
                             "es", 0, &d);
    assert_non_null(doc);
    assert_xpath(doc, "string(/booklet/topics/body/p)", "Un texto con dos marcas partido.");
    /* the space between the two inline elements stays; the ends go */
    assert_xpath(doc, "/booklet/topics/body/p/text()[1]", "Un texto con ");
    assert_xpath(doc, "/booklet/topics/body/p/text()[2]", " ");
    assert_xpath(doc, "/booklet/topics/body/p/text()[3]", " partido.");
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

/* The edition made of the content itself is the one made of a copy, and
 * the publication is left without its tree. */
static void test_take_matches_copy(void **state)
{
    (void)state;
    struct diag_list d = {0};
    char *dir = test_variant(NULL, NULL);
    struct publication pub;
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, &d), 0);
    xmlDoc *copy = localize_publication(&pub, "en", 1, &d);
    xmlDoc *taken = localize_publication_take(&pub, "en", 1, &d);
    assert_non_null(copy);
    assert_non_null(taken);
    assert_null(pub.doc);
    xmlChar *a, *b;
    int na, nb;
    xmlDocDumpMemory(copy, &a, &na);
    xmlDocDumpMemory(taken, &b, &nb);
    assert_true(na > 0);
    assert_string_equal((const char *)a, (const char *)b);
    xmlFree(a);
    xmlFree(b);
    xmlFreeDoc(copy);
    xmlFreeDoc(taken);
    publication_free(&pub);
    /* an unknown edition takes nothing */
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, &d), 0);
    assert_null(localize_publication_take(&pub, "fr", 0, &d));
    assert_non_null(pub.doc);
    publication_free(&pub);
    test_remove_dir(dir);
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_picks_one_language),
        cmocka_unit_test(test_draft_marks_missing_text),
        cmocka_unit_test(test_release_refuses_missing_text),
        cmocka_unit_test(test_folds_white_space),
        cmocka_unit_test(test_take_matches_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
