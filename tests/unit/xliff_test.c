#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/xpathInternals.h>

#include "i18n.h"
#include "testutil.h"
#include "xliff.h"

struct loaded {
    char *dir;
    struct publication pub;
};

static void S_load(struct loaded *l, const char *from, const char *to)
{
    struct diag_list d = {0};
    l->dir = test_outdated_variant(from, to);
    assert_non_null(l->dir);
    assert_int_equal(load_publication(&l->pub, l->dir, FOLIO_TEMPLATE_DIR, &d), 0);
    diag_list_free(&d);
}

static void S_unload(struct loaded *l)
{
    publication_free(&l->pub);
    test_remove_dir(l->dir);
}

static xmlDoc *S_export(struct loaded *l, enum xliff_version v, struct buf *out)
{
    struct diag_list d = {0};
    assert_int_equal(xliff_export(&l->pub, "en", v, out, &d), 0);
    assert_int_equal(d.count, 0);
    xmlDoc *doc = xmlReadMemory(out->data, (int)out->len, "x.xlf", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    return doc;
}

static double S_count(xmlDoc *doc, const char *ns, const char *expr)
{
    xmlXPathContext *ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, (const xmlChar *)"x", (const xmlChar *)ns);
    xmlXPathObject *o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    assert_non_null(o);
    double n = xmlXPathCastToNumber(o);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    return n;
}

#define NS20 "urn:oasis:names:tc:xliff:document:2.0"
#define NS12 "urn:oasis:names:tc:xliff:document:1.2"

/* The structure the OASIS XLIFF 2.0 core schema asks for, checked without
 * the schema (which the tests may not fetch): root, file, units in order
 * notes, originalData, segment; states; inline codes referring to data. */
static void test_xliff2_structure(void **state)
{
    (void)state;
    struct loaded l;
    S_load(&l, "<en>Test title</en>", "");
    struct buf out = {0};
    xmlDoc *doc = S_export(&l, XLIFF_2_0, &out);
    assert_int_equal(S_count(doc, NS20,
                             "count(/x:xliff[@version='2.0'][@srcLang='es']"
                             "[@trgLang='en']/x:file[starts-with(@id,'folio-test-')])"),
                     1);
    assert_int_equal(S_count(doc, NS20, "count(//x:unit)"), 42);
    /* every unit: notes, then maybe originalData, then one segment */
    assert_int_equal(S_count(doc, NS20,
                             "count(//x:unit[*[1][self::x:notes]][x:segment]"
                             "[not(x:segment/preceding-sibling::*[not(self::x:notes "
                             "or self::x:originalData)])])"),
                     42);
    assert_int_equal(S_count(doc, NS20,
                             "count(//x:segment[@state!='initial' and "
                             "@state!='translated' and @state!='final'])"),
                     0);
    assert_int_equal(S_count(doc, NS20,
                             "count(//x:unit[@id='front:title']/x:segment"
                             "[@state='initial'][not(x:target)])"),
                     1);
    assert_int_equal(S_count(doc, NS20,
                             "count(//x:unit[@id='intro:body'][x:notes/"
                             "x:note[@category='outdated']]/x:segment[@state="
                             "'initial']/x:target)"),
                     1);
    /* the paragraph, the emphasis and the link as paired codes, each
     * pointing at its original markup */
    assert_int_equal(S_count(doc, NS20,
                             "count(//x:unit[@id='intro:body']/x:segment/x:source/"
                             "x:pc[@id='1']/x:pc[@type='fmt'][@subType='xlf:i'])"),
                     1);
    assert_int_equal(S_count(doc, NS20,
                             "count(//x:unit[@id='intro:body']/x:segment/x:source//"
                             "x:pc[@type='link'])"),
                     1);
    assert_int_equal(S_count(doc, NS20,
                             "count(//x:pc[not(@dataRefStart = ancestor::x:unit/"
                             "x:originalData/x:data/@id)])"),
                     0);
    assert_int_equal(S_count(doc, NS20,
                             "count(//x:ph[@subType='folio:ordinal']"
                             "[@canDelete='no'])"),
                     4);
    assert_int_equal(S_count(doc, NS20, "count(//x:data[.='<a href=\"https://example.org/\">'])"),
                     1);
    /* ids are NMTOKENs: no space, no slash */
    assert_int_equal(S_count(doc, NS20, "count(//x:unit[contains(@id,' ') or contains(@id,'/')])"),
                     0);
    xmlFreeDoc(doc);
    buf_free(&out);
    S_unload(&l);
}

static void test_xliff12_structure(void **state)
{
    (void)state;
    struct loaded l;
    S_load(&l, NULL, NULL);
    struct buf out = {0};
    xmlDoc *doc = S_export(&l, XLIFF_1_2, &out);
    assert_int_equal(S_count(doc, NS12,
                             "count(/x:xliff[@version='1.2']/x:file[contains(@original,"
                             "'/publication.xml')][@source-language='es']"
                             "[@target-language='en'][@datatype='xml']/x:body)"),
                     1);
    assert_int_equal(S_count(doc, NS12, "count(//x:trans-unit[*[1][self::x:source]][x:note])"), 42);
    assert_int_equal(S_count(doc, NS12,
                             "count(//x:trans-unit[@id='intro:body']/x:target"
                             "[@state='needs-review-translation'])"),
                     1);
    assert_int_equal(S_count(doc, NS12, "count(//x:g[@ctype='italic'])"), 2);
    assert_int_equal(S_count(doc, NS12, "count(//x:g[@ctype='link'])"), 2);
    assert_int_equal(S_count(doc, NS12, "count(//x:x[@ctype='x-folio-ordinal'])"), 4);
    xmlFreeDoc(doc);
    buf_free(&out);
    S_unload(&l);
}

static char *S_content(const struct loaded *l)
{
    return file_read(l->pub.path, NULL);
}

/* Imports `xlf` (a string) into the publication. */
static int S_import(struct loaded *l, const char *xlf, struct xliff_import_result *r,
                    struct diag_list *d)
{
    char *path = path_join(l->dir, "t.xlf");
    assert_int_equal(file_write(path, xlf, strlen(xlf)), 0);
    int rc = xliff_import(path, &l->pub, r, d);
    free(path);
    return rc;
}

static char *S_replace(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    assert_non_null(at);
    return xasprintf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

static void test_import_adds_a_missing_translation(void **state)
{
    (void)state;
    struct loaded l;
    S_load(&l, "<en>Test title</en>", "");
    struct buf out = {0};
    xmlDoc *doc = S_export(&l, XLIFF_2_0, &out);
    xmlFreeDoc(doc);
    char *xlf = S_replace(out.data, "<source>Título de prueba</source>",
                          "<source>Título de prueba</source><target>A &amp; B</target>");
    char *t = S_replace(xlf, "<segment state=\"initial\">\n        <source>Título",
                        "<segment state=\"translated\">\n        <source>Título");
    struct xliff_import_result r;
    struct diag_list d = {0};
    assert_int_equal(S_import(&l, t, &r, &d), 0);
    assert_int_equal(r.changed, 1);
    char *text = S_content(&l);
    char *fp = NULL;
    struct i18n_units units;
    assert_int_equal(i18n_units_collect(&l.pub, "en", &units, &d), 0);
    fp = xasprintf("<title><es>Título de prueba</es><en from=\"%s\">A &amp; B</en></title>",
                   i18n_find(&units, "front:title")->fingerprint);
    assert_non_null(strstr(text, fp));
    i18n_units_free(&units);
    free(fp);
    free(text);
    free(t);
    free(xlf);
    diag_list_free(&d);
    buf_free(&out);
    S_unload(&l);
}

static void test_import_state_initial_is_not_applied(void **state)
{
    (void)state;
    struct loaded l;
    S_load(&l, NULL, NULL);
    struct buf out = {0};
    xmlFreeDoc(S_export(&l, XLIFF_2_0, &out));
    char *before = S_content(&l);
    /* the outdated unit is exported in state initial: a change to it is a
     * draft until the translator confirms it */
    char *xlf = S_replace(out.data, "First paragraph with", "The first paragraph with");
    struct xliff_import_result r;
    struct diag_list d = {0};
    assert_int_equal(S_import(&l, xlf, &r, &d), 0);
    assert_int_equal(r.unconfirmed, 1);
    assert_int_equal(r.changed, 0);
    assert_true(test_has_diag(&d, "a changed translation in state initial is not applied"));
    char *after = S_content(&l);
    assert_string_equal(before, after);
    free(after);
    diag_list_free(&d);
    /* confirmed final unchanged: marked current, only from= changes */
    char *final = S_replace(out.data, "<segment state=\"initial\">\n        <source><pc id=\"1\"",
                            "<segment state=\"final\">\n        <source><pc id=\"1\"");
    assert_int_equal(S_import(&l, final, &r, &d), 0);
    assert_int_equal(r.marked, 1);
    after = S_content(&l);
    assert_null(strstr(after, "from=\"000000\""));
    assert_int_equal(strlen(after), strlen(before));
    free(after);
    free(final);
    free(xlf);
    free(before);
    diag_list_free(&d);
    buf_free(&out);
    S_unload(&l);
}

static void test_import_errors_write_nothing(void **state)
{
    (void)state;
    struct loaded l;
    S_load(&l, NULL, NULL);
    struct buf out = {0};
    xmlFreeDoc(S_export(&l, XLIFF_2_0, &out));
    char *before = S_content(&l);
    static const struct {
        const char *from, *to, *message;
    } cases[] = {
        {"<target>Test title</target>", "<target>Test <sc id=\"1\"/>title</target>",
         "<sc> is not an inline code folio reads"},
        {"<target>Test title</target>", "<target>Test title</targt>", "malformed XLIFF"},
        {"unit id=\"front:title\"", "unit id=\"front:series\"",
         "unit 'front:series' appears twice"},
        {"<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\"", "<xliff xmlns=\"urn:x\"",
         "not an XLIFF 2.0 or 1.2 file"},
        {"trgLang=\"en\"", "trgLang=\"fr\"", "its target language 'fr' is not one"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *xlf = S_replace(out.data, cases[i].from, cases[i].to);
        /* with a good change beside it, which must not be written either */
        char *both = S_replace(xlf, "<target>Peru</target>", "<target>Perú</target>");
        struct xliff_import_result r;
        struct diag_list d = {0};
        assert_int_equal(S_import(&l, both, &r, &d), -1);
        if (!test_has_diag(&d, cases[i].message)) {
            diag_print(&d, stderr);
            fail_msg("case %zu: no '%s'", i, cases[i].message);
        }
        char *after = S_content(&l);
        assert_string_equal(before, after);
        free(after);
        diag_list_free(&d);
        free(both);
        free(xlf);
    }
    free(before);
    buf_free(&out);
    S_unload(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xliff2_structure),
        cmocka_unit_test(test_xliff12_structure),
        cmocka_unit_test(test_import_adds_a_missing_translation),
        cmocka_unit_test(test_import_state_initial_is_not_applied),
        cmocka_unit_test(test_import_errors_write_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
