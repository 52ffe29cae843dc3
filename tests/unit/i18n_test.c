#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "i18n.h"
#include "testutil.h"

struct loaded {
    char *dir;
    struct publication pub;
    struct i18n_units units;
};

/* The minimal booklet with one change, loaded, with its English units. */
static void S_load(struct loaded *l, const char *from, const char *to)
{
    struct diag_list d = {0};
    l->dir = test_outdated_variant(from, to);
    assert_non_null(l->dir);
    assert_int_equal(load_publication(&l->pub, l->dir, FOLIO_TEMPLATE_DIR, &d), 0);
    assert_int_equal(i18n_units_collect(&l->pub, "en", &l->units, &d), 0);
    diag_list_free(&d);
}

/* The n-th element named `name` in document order. */
static xmlNode *S_nth_element(xmlNode *node, const char *name, int n)
{
    static int seen;
    if (n > 0)
        seen = n;
    for (xmlNode *c = node; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(c->name, (const xmlChar *)name) && --seen == 0)
            return c;
        xmlNode *found = S_nth_element(c->children, name, 0);
        if (found)
            return found;
    }
    return NULL;
}

static void S_unload(struct loaded *l)
{
    i18n_units_free(&l->units);
    publication_free(&l->pub);
    test_remove_dir(l->dir);
}

static void test_ids_derive_from_the_nearest_id(void **state)
{
    (void)state;
    struct loaded l;
    S_load(&l, NULL, NULL);
    assert_int_equal(l.units.count, 42);
    assert_string_equal(l.units.items[0].id, "front:series");
    assert_non_null(i18n_find(&l.units, "intro:body"));
    assert_non_null(i18n_find(&l.units, "intro:key-figures:figure.2:label"));
    assert_non_null(i18n_find(&l.units, "org-a:name"));
    assert_non_null(i18n_find(&l.units, "workshop:name"));
    assert_non_null(i18n_find(&l.units, "topics:quote:body"));
    assert_non_null(i18n_find(&l.units, "closing:line"));
    assert_null(i18n_find(&l.units, "intro:key-figures:figure:label"));
    S_unload(&l);
}

static void test_ids_survive_edits_elsewhere(void **state)
{
    (void)state;
    struct loaded a, b;
    S_load(&a, NULL, NULL);
    /* a new key figure in another part of the booklet, and a new paragraph
     * of a quote before the organizations */
    S_load(&b, "<figure value=\"4108\">",
           "<figure value=\"7\"><label><es>Nuevas</es><en>New</en></label></figure>"
           "<figure value=\"4108\">");
    assert_int_equal(b.units.count, a.units.count + 1);
    struct i18n_unit *u = i18n_find(&b.units, "orgs:heading");
    assert_non_null(u);
    assert_string_equal(u->fingerprint, i18n_find(&a.units, "orgs:heading")->fingerprint);
    assert_non_null(i18n_find(&b.units, "testimonials:quote:body"));
    assert_non_null(i18n_find(&b.units, "intro:key-figures:figure.3:label"));
    S_unload(&a);
    S_unload(&b);
}

static void test_states_and_words(void **state)
{
    (void)state;
    struct loaded l;
    S_load(&l, "<en>Test title</en>", "");
    struct i18n_unit *title = i18n_find(&l.units, "front:title");
    assert_int_equal(title->state, I18N_MISSING);
    assert_int_equal(title->words, 3);
    struct i18n_unit *body = i18n_find(&l.units, "intro:body");
    assert_int_equal(body->state, I18N_OUTDATED);
    assert_string_equal(body->from, "000000");
    assert_int_equal(i18n_find(&l.units, "front:series")->state, I18N_TRANSLATED);
    assert_false(i18n_complete(&l.units));
    struct buf out = {0};
    i18n_status_text(&l.pub, &l.units, &out);
    assert_non_null(strstr(out.data, ": 42 units, 40 translated, 1 missing, 1 outdated; 10 words "
                                     "to translate"));
    assert_non_null(strstr(out.data, "missing:\n"));
    char *line = xasprintf("%s/publication.xml:8: front:title: Título de prueba\n", l.dir);
    assert_non_null(strstr(out.data, line));
    free(line);
    line = xasprintf("outdated:\n%s/publication.xml:20: intro:body: Primer párrafo con énfasis y "
                     "un enlace.\n",
                     l.dir);
    assert_non_null(strstr(out.data, line));
    free(line);
    buf_free(&out);
    i18n_status_json(&l.pub, &l.units, &out);
    assert_non_null(strstr(out.data, "\"missing\":1,\"outdated\":1"));
    assert_non_null(strstr(out.data, "\"id\":\"front:title\",\"state\":\"missing\",\"line\":8"));
    buf_free(&out);
    S_unload(&l);
}

static void test_first_words(void **state)
{
    (void)state;
    struct loaded l;
    S_load(&l, NULL, NULL);
    char *w = i18n_first_words(i18n_find(&l.units, "intro:body")->source, 3);
    assert_string_equal(w, "Primer párrafo con\xe2\x80\xa6");
    free(w);
    char *c = i18n_context(&l.pub, i18n_find(&l.units, "intro:key-figures:figure.2:label"));
    assert_string_equal(c, "introduction #intro \xe2\x80\x9cNúmeros\xe2\x80\x9d \xe2\x80\xba "
                           "key-figures \xe2\x80\xba figure 2 \xe2\x80\xba label");
    free(c);
    S_unload(&l);
}

static void test_duplicate_derived_id_is_an_error(void **state)
{
    (void)state;
    struct loaded l;
    S_load(&l, NULL, NULL);
    i18n_units_free(&l.units);
    /* an id that spells another unit's derived one */
    xmlNode *kicker = S_nth_element(xmlDocGetRootElement(l.pub.doc), "kicker", 2);
    assert_non_null(kicker);
    xmlSetProp(kicker, (const xmlChar *)"id", (const xmlChar *)"intro:heading");
    struct diag_list d = {0};
    assert_int_equal(i18n_units_collect(&l.pub, "en", &l.units, &d), -1);
    assert_true(test_has_diag(&d, "two translatable units have the id 'intro:heading' (the other "
                                  "at line 17)"));
    diag_list_free(&d);
    S_unload(&l);
}

static char *S_read(const char *dir)
{
    char *path = path_join(dir, "publication.xml");
    char *text = file_read(path, NULL);
    free(path);
    return text;
}

static void test_mark_current_changes_only_the_attribute(void **state)
{
    (void)state;
    struct loaded l;
    S_load(&l, NULL, NULL);
    char *before = S_read(l.dir);
    struct diag_list d = {0};
    size_t marked = 0;
    char *ids[] = {"intro:body", "front:title"};
    assert_int_equal(i18n_mark_current(&l.pub, "en", ids, 2, 0, &marked, &d), 0);
    assert_int_equal(marked, 2);
    assert_int_equal(d.count, 0);
    char *after = S_read(l.dir);
    char *expect = xstrdup(before);
    struct buf b = {0};
    const char *t = strstr(expect, "<en>Test title</en>");
    buf_put(&b, expect, (size_t)(t - expect));
    buf_puts(&b, "<en from=\"");
    buf_puts(&b, i18n_find(&l.units, "front:title")->fingerprint);
    buf_puts(&b, "\">Test title</en>");
    const char *rest = t + strlen("<en>Test title</en>");
    const char *old = strstr(rest, "from=\"000000\"");
    buf_put(&b, rest, (size_t)(old - rest));
    buf_printf(&b, "from=\"%s\"", i18n_find(&l.units, "intro:body")->fingerprint);
    buf_puts(&b, old + strlen("from=\"000000\""));
    assert_string_equal(after, b.data);
    buf_free(&b);
    free(expect);
    free(before);
    free(after);
    S_unload(&l);

    /* marked again, nothing changes; --all marks the rest */
    S_load(&l, NULL, NULL);
    assert_int_equal(i18n_mark_current(&l.pub, "en", NULL, 0, 1, &marked, &d), 0);
    assert_int_equal(marked, 42);
    S_unload(&l);
}

static void test_mark_current_errors_write_nothing(void **state)
{
    (void)state;
    struct loaded l;
    S_load(&l, "<en>Test title</en>", "");
    char *before = S_read(l.dir);
    struct diag_list d = {0};
    size_t marked = 7;
    char *ids[] = {"intro:body", "no-such-unit", "front:title"};
    assert_int_equal(i18n_mark_current(&l.pub, "en", ids, 3, 0, &marked, &d), -1);
    assert_int_equal(marked, 0);
    assert_true(test_has_diag(&d, "no translatable unit has the id 'no-such-unit'"));
    assert_true(test_has_diag(&d, "front:title: there is no en translation to mark"));
    char *after = S_read(l.dir);
    assert_string_equal(before, after);
    free(before);
    free(after);
    diag_list_free(&d);
    S_unload(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_derive_from_the_nearest_id),
        cmocka_unit_test(test_ids_survive_edits_elsewhere),
        cmocka_unit_test(test_states_and_words),
        cmocka_unit_test(test_first_words),
        cmocka_unit_test(test_duplicate_derived_id_is_an_error),
        cmocka_unit_test(test_mark_current_changes_only_the_attribute),
        cmocka_unit_test(test_mark_current_errors_write_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
