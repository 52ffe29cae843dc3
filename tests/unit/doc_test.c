#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "doc.h"
#include "testutil.h"

static void test_types_and_accessors(void **state)
{
    (void)state;
    xmlDoc *doc = xmlReadFile(TEST_DATA_DIR "/document-sample.xml", NULL, 0);
    assert_non_null(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    assert_int_equal(doc_type(root), DOC_DOCUMENT);
    assert_string_equal(doc_attr(root, "locale"), "es-PE");
    assert_null(doc_attr(root, "no-such"));
    xmlNode *cover = doc_child(root, DOC_COVER);
    assert_non_null(cover);
    assert_int_equal(doc_type(doc_first(cover)), DOC_KICKER);
    assert_int_equal(doc_type(doc_next(doc_first(cover))), DOC_TITLE);
    assert_null(doc_child(cover, DOC_TIMELINE));
    xmlNode *section = doc_child(root, DOC_SECTION);
    xmlNode *p = doc_child(section, DOC_P);
    char *text = doc_text(doc_next(p));
    assert_non_null(strstr(text, "Salud Mental y Apoyo Psicosocial (SMAPS)")); /* <b> dropped */
    free(text);
    assert_string_equal(doc_word(doc, "page"), "P\xc3\xa1gina");
    assert_string_equal(doc_word(doc, "undefined-word"), "undefined-word");
    assert_int_equal(doc_type(root->children), DOC_OTHER); /* a text node */
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types_and_accessors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
