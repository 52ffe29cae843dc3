#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "testutil.h"

static void test_counts_errors_and_formats(void **state)
{
    (void)state;
    struct diag_list d = {0};
    diag_add(&d, DIAG_WARNING, "a.xml", 3, "careful with %s", "this");
    diag_add(&d, DIAG_ERROR, "b.xml", 7, "broken %d", 42);
    diag_add(&d, DIAG_ERROR, "c.xml", 0, "no line");
    diag_add(&d, DIAG_ERROR, NULL, 0, "no file");
    assert_int_equal(d.count, 4);
    assert_int_equal(d.errors, 3);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    diag_print(&d, f);
    fclose(f);
    assert_string_equal(text, "a.xml:3: warning: careful with this\n"
                              "b.xml:7: error: broken 42\n"
                              "c.xml: error: no line\n"
                              "folio: error: no file\n");
    free(text);
    diag_list_free(&d);
    assert_int_equal(d.count, 0);
}

static void test_node_place(void **state)
{
    (void)state;
    const char *xml = "<a>\n  <b/>\n</a>";
    xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), "content/x.xml", NULL, 0);
    xmlNode *b = xmlDocGetRootElement(doc)->children->next;
    char *place = diag_node_place(b);
    assert_string_equal(place, "content/x.xml:2");
    free(place);
    struct diag_list d = {0};
    diag_add_node(&d, DIAG_ERROR, b, "bad <%s>", "b");
    assert_string_equal(d.items[0].file, "content/x.xml");
    assert_int_equal(d.items[0].line, 2);
    assert_string_equal(d.items[0].message, "bad <b>");
    diag_list_free(&d);
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_errors_and_formats),
        cmocka_unit_test(test_node_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
