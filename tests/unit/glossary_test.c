#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "glossary.h"
#include "testutil.h"

/* A glossary of two entries: VBG / GBV (GBV forbidden in Spanish) and
 * NNyA / children and adolescents (NNyA forbidden in English). */
static const char S_tbx[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" "
    "xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
    "<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>\n"
    "<text><body>\n"
    "<conceptEntry id=\"gbv\">\n"
    " <langSec xml:lang=\"es\"><termSec><term>VBG</term></termSec>\n"
    "  <termSec><term>GBV</term><termNote "
    "type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></termSec></langSec>\n"
    " <langSec xml:lang=\"en-US\"><termSec><term>GBV</term></termSec></langSec>\n"
    "</conceptEntry>\n"
    "<conceptEntry id=\"nnya\">\n"
    " <langSec xml:lang=\"es\"><termSec><term>NNyA</term></termSec></langSec>\n"
    " <langSec xml:lang=\"en\"><termSec><term>children and adolescents</term></termSec>\n"
    "  <termSec><term>NNyA</term><termNote "
    "type=\"administrativeStatus\">supersededTerm-admn-sts</termNote></termSec></langSec>\n"
    "</conceptEntry>\n"
    "</body></text></tbx>\n";

static void S_write(const char *dir, const char *name, const char *text)
{
    char *path = path_join(dir, name);
    assert_int_equal(file_write(path, text, strlen(text)), 0);
    free(path);
}

/* Checks a variant of the minimal booklet (source-lang `source`) whose
 * introduction says `es` and `en`, with the test glossary as its own. */
static void S_check(const char *source, const char *es, const char *en, struct diag_list *d)
{
    char *a = test_variant("Primer párrafo con <em>énfasis</em>", es);
    char *b = test_variant_of(a, "First paragraph with <em>emphasis</em>", en);
    char *dir = test_variant_of(b, "<booklet source-lang=\"es\"",
                                strcmp(source, "en") == 0 ? "<booklet source-lang=\"en\""
                                                          : "<booklet source-lang=\"es\"");
    test_remove_dir(a);
    test_remove_dir(b);
    assert_non_null(dir);
    if (strcmp(source, "en") == 0) { /* the English is the source now: no from="" on it */
        char *c = test_variant_of(dir, " from=\"ce7fa3\"", "");
        test_remove_dir(dir);
        dir = c;
    }
    /* in a folder of its own: nothing beside it is a shared glossary */
    char *top = test_tmpdir();
    char *inside = path_join(top, "pub");
    assert_int_equal(rename(dir, inside), 0);
    free(dir);
    S_write(inside, "glossary.tbx", S_tbx);
    struct publication pub;
    assert_int_equal(load_publication(&pub, inside, FOLIO_TEMPLATE_DIR, d), 0);
    assert_int_equal(glossary_check_publication(&pub, d), 0);
    publication_free(&pub);
    free(inside);
    test_remove_dir(top);
}

static void test_match(void **state)
{
    (void)state;
    assert_true(glossary_match("víctimas de VBG.", "VBG"));
    assert_true(glossary_match("(VBG)", "VBG"));
    assert_false(glossary_match("vbg", "VBG"));  /* an acronym as written */
    assert_false(glossary_match("VBGs", "VBG")); /* whole words only */
    assert_false(glossary_match("ÑVBG", "VBG")); /* a letter beyond ASCII is a letter */
    assert_true(glossary_match("for Children and\n   Adolescents", "children and adolescents"));
    assert_true(glossary_match("SALUD MENTAL", "salud mental"));
    assert_true(glossary_match("Atención en Salud", "atención en salud"));
    assert_true(glossary_match("ATENCIÓN EN SALUD", "atención en salud"));
    assert_false(glossary_match("children and adolescent", "children and adolescents"));
    assert_false(glossary_match("", "VBG"));
}

/* Spanish source, English translation: a hit is silent, a miss and a
 * forbidden term are warnings at the translation's line. */
static void test_spanish_to_english(void **state)
{
    (void)state;
    struct diag_list d = {0};
    S_check("es", "Casos de VBG", "GBV cases", &d);
    assert_int_equal(d.count, 0);
    diag_list_free(&d);

    S_check("es", "Casos de VBG", "Cases of violence", &d);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].severity, DIAG_WARNING);
    assert_int_equal(d.items[0].line, 20);
    assert_non_null(strstr(d.items[0].message, "glossary: the es source says 'VBG' and the en "
                                               "translation has no 'GBV'"));
    assert_non_null(strstr(d.items[0].message, "glossary.tbx:5)"));
    diag_list_free(&d);

    S_check("es", "Atención a NNyA", "Care for NNyA", &d);
    assert_int_equal(d.count, 2);
    assert_true(test_has_diag(&d, "the en translation uses 'NNyA', a term the glossary"));
    assert_true(test_has_diag(&d, "forbids; say 'children and adolescents'"));
    assert_true(test_has_diag(&d, "has no 'children and adolescents'"));
    diag_list_free(&d);

    S_check("es", "Atención a NNyA", "Care for Children and Adolescents", &d);
    assert_int_equal(d.count, 0);
    diag_list_free(&d);
}

/* English source, Spanish translation: the same glossary, read the other
 * way. */
static void test_english_to_spanish(void **state)
{
    (void)state;
    struct diag_list d = {0};
    S_check("en", "Casos de VBG", "GBV cases", &d);
    assert_int_equal(d.count, 0);
    diag_list_free(&d);

    S_check("en", "Casos de violencia", "GBV cases", &d);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].line, 19);
    assert_true(test_has_diag(&d, "the en source says 'GBV' and the es translation has no 'VBG'"));
    diag_list_free(&d);

    S_check("en", "Casos de GBV", "GBV cases", &d);
    assert_int_equal(d.count, 2);
    assert_true(test_has_diag(&d, "the es translation uses 'GBV', a term the glossary"));
    diag_list_free(&d);

    /* a forbidden term in the source is as printed: not reported */
    S_check("en", "Atención a niñas, niños y adolescentes", "Care for NNyA", &d);
    assert_int_equal(d.count, 0);
    diag_list_free(&d);
}

/* The shared glossary, beside the publication's folder, counts too. */
static void test_shared_glossary(void **state)
{
    (void)state;
    char *top = test_tmpdir();
    char *variant = test_variant("Primer párrafo con <em>énfasis</em>", "Casos de VBG");
    char *dir = path_join(top, "pub");
    assert_int_equal(rename(variant, dir), 0);
    free(variant);
    S_write(top, "glossary.tbx", S_tbx);
    struct diag_list d = {0};
    struct publication pub;
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, &d), 0);
    assert_int_equal(glossary_check_publication(&pub, &d), 0);
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(d.items[0].message, "has no 'GBV'"));
    publication_free(&pub);
    diag_list_free(&d);
    free(dir);
    test_remove_dir(top);
}

static void test_malformed(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = path_join(dir, "g.tbx");
    struct glossary g = {0};
    struct diag_list d = {0};

    S_write(dir, "g.tbx", "<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\">\n<text>\n</tbx>\n");
    assert_int_equal(glossary_load(&g, path, &d), -1);
    assert_true(d.errors > 0);
    assert_int_equal(d.items[0].line, 3);
    diag_list_free(&d);

    S_write(dir, "g.tbx", "<martif/>\n");
    assert_int_equal(glossary_load(&g, path, &d), -1);
    assert_true(test_has_diag(&d, "not a TBX glossary"));
    diag_list_free(&d);

    S_write(dir, "g.tbx",
            "<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body>\n"
            "<conceptEntry><langSec xml:lang=\"es\">\n<termSec><term> </term></termSec>"
            "</langSec></conceptEntry></body></text></tbx>\n");
    assert_int_equal(glossary_load(&g, path, &d), -1);
    assert_true(test_has_diag(&d, "<termSec> has no term"));
    assert_int_equal(d.items[0].line, 3);
    glossary_free(&g);
    diag_list_free(&d);

    /* TBX v2 names read alike */
    S_write(dir, "g.tbx",
            "<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body><termEntry>"
            "<langSet xml:lang=\"es\"><tig><term>ACNUR</term></tig></langSet>"
            "<langSet xml:lang=\"en\"><tig><term>UNHCR</term></tig></langSet>"
            "</termEntry></body></text></tbx>\n");
    assert_int_equal(glossary_load(&g, path, &d), 0);
    assert_int_equal(g.count, 1);
    assert_int_equal(g.items[0].count, 2);
    assert_string_equal(g.items[0].terms[1].text, "UNHCR");
    glossary_free(&g);
    diag_list_free(&d);
    free(path);
    test_remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_spanish_to_english),
        cmocka_unit_test(test_english_to_spanish),
        cmocka_unit_test(test_shared_glossary),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
