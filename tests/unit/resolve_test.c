#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "doc.h"
#include "resolve.h"
#include "testutil.h"

static xmlDoc *S_parse(const char *xml)
{
    return xmlReadMemory(xml, (int)strlen(xml), "tree.xml", NULL, 0);
}

static void test_anchors_and_contents(void **state)
{
    (void)state;
    xmlDoc *doc = S_parse("<document><contents title='C'/>"
                          "<section id='intro' opener='page'><title>Intro</title>"
                          "<h level='2'>Sub <b>part</b></h><h level='3'>Deep</h></section>"
                          "<section opener='page'><title>Second</title></section></document>");
    struct diag_list d = {0};
    assert_int_equal(resolve_document(doc, &d), 0);
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *contents = doc_child(root, DOC_CONTENTS);
    xmlNode *e1 = doc_first(contents), *e2 = doc_next(e1), *e3 = doc_next(e2);
    assert_non_null(e3);
    assert_null(doc_next(e3)); /* level-3 headings stay out */
    assert_string_equal(doc_attr(e1, "target"), "intro");
    assert_string_equal(doc_attr(e1, "level"), "1");
    char *t2 = doc_text(e2);
    assert_string_equal(t2, "Sub part");
    free(t2);
    assert_string_equal(doc_attr(e2, "level"), "2");
    const char *generated = doc_attr(e3, "target");
    assert_non_null(generated);
    assert_string_not_equal(generated, "intro");
    xmlNode *second = doc_next(doc_next(doc_first(root)));
    assert_string_equal(doc_attr(second, "id"), generated);
    xmlFreeDoc(doc);
}

static void test_duplicate_ids_reported(void **state)
{
    (void)state;
    xmlDoc *doc = S_parse("<document><section id='a' opener='page' src='x.xml:3'><title>A</title>"
                          "<timeline><entry id='b'/></timeline></section>"
                          "<section id='b' opener='page' src='x.xml:9'><title>B</title></section>"
                          "</document>");
    struct diag_list d = {0};
    assert_int_equal(resolve_document(doc, &d), -1);
    assert_true(test_has_diag(&d, "the id 'b' at x.xml:9"));
    diag_list_free(&d);
    xmlFreeDoc(doc);
}

static void test_tables_notes_and_cross_references(void **state)
{
    (void)state;
    xmlDoc *doc =
        S_parse("<document><info><word key='table'>Tabla</word></info>"
                "<section id='s' opener='page' src='r.xml:2'><title>S</title>"
                "<p>Ver <xref target='t-b'/> y <xref target='t-a'/><note>Nota uno.</note></p>"
                "<table id='t-a' "
                "printed='1'><caption>A</caption><body><row><cell>1</cell></row></body></table>"
                "<table id='t-b' printed='1' src='r.xml:9'><caption>B</caption>"
                "<body><row><cell>2</cell></row></body></table>"
                "<p>Otra<note>Nota dos.</note></p></section></document>");
    struct diag_list d = {0};
    assert_int_equal(resolve_document(doc, &d), 0);
    assert_xpath(doc, "//table[@id='t-a']/@label", "Tabla 1");
    assert_xpath(doc, "//table[@id='t-b']/@label", "Tabla 2");
    assert_xpath(doc, "//p[1]/xref[1]", "Tabla 2");
    assert_xpath(doc, "//p[1]/xref[2]", "Tabla 1");
    assert_xpath(doc, "//p[2]/note/@n", "2");
    /* the second table was printed as "1": reported at its place */
    assert_int_equal(d.errors, 0);
    const struct diag *w = test_find_diag(&d, "table 2 was printed as number 1");
    assert_non_null(w);
    assert_string_equal(w->file, "r.xml");
    assert_int_equal(w->line, 9);
    diag_list_free(&d);
    xmlFreeDoc(doc);
}

static void test_figures_uncounted_tables_and_contents_depth(void **state)
{
    (void)state;
    xmlDoc *doc = S_parse(
        "<document><info><word key='table'>Table</word><word key='figure'>Figure</word></info>"
        "<contents title='C' depth='3'/>"
        "<section id='s' opener='page'><title>S</title>"
        "<h level='2' id='h2'>1. Two</h><h level='3' id='h3'>a. Three</h>"
        "<h level='3' contents='no'>Unnumbered</h><h level='4'>i. Four</h>"
        "<p>See <xref target='f-b'/>, <xref target='t-a'/>, <xref target='h3'/></p>"
        "<table numbered='no'><body><row><cell>box</cell></row></body></table>"
        "<figure id='f-a' printed='1'><caption>A</caption></figure>"
        "<table id='t-a'><caption>T</caption><body><row><cell>1</cell></row></body></table>"
        "<figure id='f-b' printed='3' src='r.xml:7'><caption>B</caption></figure>"
        "</section></document>");
    struct diag_list d = {0};
    assert_int_equal(resolve_document(doc, &d), 0);
    /* the indicator-like table is not counted; figures have their own count */
    assert_xpath(doc, "//table[@id='t-a']/@label", "Table 1");
    assert_xpath(doc, "count(//table[@label])", "1");
    assert_xpath(doc, "//figure[@id='f-a']/@label", "Figure 1");
    assert_xpath(doc, "//figure[@id='f-b']/@label", "Figure 2");
    assert_xpath(doc, "//p/xref[1]", "Figure 2");
    assert_xpath(doc, "//p/xref[2]", "Table 1");
    assert_xpath(doc, "//p/xref[3]", "a. Three");
    const struct diag *w = test_find_diag(&d, "figure 2 was printed as number 3");
    assert_non_null(w);
    assert_int_equal(w->line, 7);
    assert_int_equal(d.count, 1);
    /* the contents: levels 1 to 3, the unnumbered heading left out */
    assert_xpath(doc, "count(//contents/entry)", "3");
    assert_xpath(doc, "//contents/entry[3]/@level", "3");
    assert_xpath(doc, "//contents/entry[3]/@target", "h3");
    diag_list_free(&d);
    xmlFreeDoc(doc);
}

static void test_numbering_per_section(void **state)
{
    (void)state;
    xmlDoc *doc = S_parse("<document numbering='section'><info><word key='table'>Tabla</word>"
                          "<word key='figure'>Figura</word></info>"
                          "<section opener='page'><title>I</title>"
                          "<table id='a'><body><row><cell>1</cell></row></body></table></section>"
                          "<section opener='page'><title>II</title><p><xref target='c'/></p>"
                          "<table id='b'><body><row><cell>1</cell></row></body></table>"
                          "<figure id='f' printed='2.1'/>"
                          "<table id='c' printed='3'><body><row><cell>1</cell></row></body></table>"
                          "</section></document>");
    struct diag_list d = {0};
    assert_int_equal(resolve_document(doc, &d), 0);
    assert_xpath(doc, "//table[@id='a']/@label", "Tabla 1.1");
    assert_xpath(doc, "//table[@id='b']/@label", "Tabla 2.1");
    assert_xpath(doc, "//table[@id='c']/@label", "Tabla 2.2");
    assert_xpath(doc, "//figure[@id='f']/@label", "Figura 2.1");
    assert_xpath(doc, "//p/xref", "Tabla 2.2");
    assert_int_equal(d.count, 1);
    assert_true(test_has_diag(&d, "table 2.2 was printed as number 3"));
    diag_list_free(&d);
    xmlFreeDoc(doc);
}

static void test_dangling_cross_reference(void **state)
{
    (void)state;
    xmlDoc *doc = S_parse("<document><section id='s' opener='page' src='r.xml:4'><title>S</title>"
                          "<p src='r.xml:5'>See <xref target='t-99'/></p></section></document>");
    struct diag_list d = {0};
    assert_int_equal(resolve_document(doc, &d), -1);
    const struct diag *e = test_find_diag(&d, "cross-reference to 't-99', which does not exist");
    assert_non_null(e);
    assert_string_equal(e->file, "r.xml");
    assert_int_equal(e->line, 5);
    diag_list_free(&d);
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anchors_and_contents),
        cmocka_unit_test(test_duplicate_ids_reported),
        cmocka_unit_test(test_tables_notes_and_cross_references),
        cmocka_unit_test(test_figures_uncounted_tables_and_contents_depth),
        cmocka_unit_test(test_numbering_per_section),
        cmocka_unit_test(test_dangling_cross_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
