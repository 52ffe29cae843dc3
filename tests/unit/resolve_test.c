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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anchors_and_contents),
        cmocka_unit_test(test_duplicate_ids_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
