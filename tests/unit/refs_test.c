#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "refs.h"
#include "testutil.h"
#include "util.h"

static void S_write(const char *dir, const char *name, const char *text)
{
    char *path = path_join(dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

#define GRAMMAR "<grammar xmlns='http://relaxng.org/ns/structure/1.0' xmlns:f='urn:folio:schema'>"

static const struct kind_ref *S_find(const struct kind_refs *r, const char *attr)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->items[i].attr, attr) == 0)
            return &r->items[i];
    return NULL;
}

/* A kind's schema and the file it includes: a reference in a <define>
 * holds on any element, one inside an <element> on that element, "*"
 * names anything with an id; attributes without f:refers-to are none. */
static void test_references_across_an_include(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *kind = path_join(dir, "kind");
    assert_int_equal(mkdir(kind, 0700), 0);
    S_write(dir, "common.rng",
            GRAMMAR "<define name='org-ref'><attribute name='org' f:refers-to='organization'/>"
                    "</define><define name='id'><attribute name='id'/></define></grammar>");
    S_write(kind, "schema.rng",
            GRAMMAR "<include href='../common.rng'/><start><element name='root'>"
                    "<ref name='org-ref'/><element name='photo-of'>"
                    "<attribute name='meeting' f:refers-to='meeting'/></element>"
                    "<element name='ref'><attribute name='to' f:refers-to='*' "
                    "f:refers-to-words='table or figure'/></element>"
                    "</element></start></grammar>");
    char *schema = path_join(kind, "schema.rng");
    struct kind_refs refs;
    assert_int_equal(refs_read(&refs, schema), 0);
    assert_int_equal(refs.count, 3);

    const struct kind_ref *org = S_find(&refs, "org");
    assert_non_null(org);
    assert_null(org->element);
    assert_string_equal(org->target, "organization");
    assert_string_equal(org->words, "organization");

    const struct kind_ref *meeting = S_find(&refs, "meeting");
    assert_non_null(meeting);
    assert_string_equal(meeting->element, "photo-of");
    assert_string_equal(meeting->target, "meeting");

    const struct kind_ref *to = S_find(&refs, "to");
    assert_non_null(to);
    assert_string_equal(to->element, "ref");
    assert_null(to->target);
    assert_string_equal(to->words, "table or figure");
    assert_null(S_find(&refs, "id"));
    refs_free(&refs);
    free(schema);
    free(kind);
    test_remove_dir(dir);
}

static void test_unreadable_schema(void **state)
{
    (void)state;
    struct kind_refs refs;
    assert_int_equal(refs_read(&refs, "/nonexistent/schema.rng"), -1);
    assert_int_equal(refs.count, 0);
    refs_free(&refs);
}

/* The booklet declares its three references, the report its one: check
 * knows no kind's names. */
static void test_the_kinds_declare_their_references(void **state)
{
    (void)state;
    struct kind_refs refs;
    assert_int_equal(refs_read(&refs, FOLIO_TEMPLATE_DIR "/booklet/schema.rng"), 0);
    assert_int_equal(refs.count, 3);
    assert_string_equal(S_find(&refs, "kind")->element, "meeting");
    assert_string_equal(S_find(&refs, "kind")->target, "kind");
    assert_string_equal(S_find(&refs, "org")->target, "organization");
    assert_string_equal(S_find(&refs, "meeting")->target, "meeting");
    refs_free(&refs);
    assert_int_equal(refs_read(&refs, FOLIO_TEMPLATE_DIR "/report/schema.rng"), 0);
    assert_int_equal(refs.count, 1);
    assert_string_equal(refs.items[0].words, "table, figure or section");
    refs_free(&refs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_references_across_an_include),
        cmocka_unit_test(test_unreadable_schema),
        cmocka_unit_test(test_the_kinds_declare_their_references),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
