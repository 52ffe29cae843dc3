#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "check.h"
#include "compose.h"
#include "data.h"
#include "localize.h"
#include "testutil.h"

/* One edition of the publication in `dir`, composed (after the checks and
 * the data pass, as a build does). */
static xmlDoc *S_compose_dir(const char *dir, const char *lang, const char *locale,
                             struct diag_list *d)
{
    struct publication pub;
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, d), 0);
    assert_int_equal(check_publication(&pub, 0, d), 0);
    assert_int_equal(data_check(&pub, 0, d), 0);
    xmlDoc *content = localize_publication(&pub, lang, 0, d);
    struct composer c;
    assert_int_equal(compose_open(&c, FOLIO_TEMPLATE_DIR, pub.kind, d), 0);
    xmlDoc *doc = compose_document(&c, content, locale_find(locale), d);
    compose_close(&c);
    xmlFreeDoc(content);
    publication_free(&pub);
    return doc;
}

static xmlDoc *S_compose(const char *lang, const char *locale, struct diag_list *d)
{
    return S_compose_dir(MINIMAL_DIR, lang, locale, d);
}

static void test_spanish_edition_formats_for_its_locale(void **state)
{
    (void)state;
    struct diag_list d = {0};
    xmlDoc *doc = S_compose("es", "es-PE", &d);
    assert_non_null(doc);
    assert_xpath(doc, "/document/@locale", "es-PE");
    assert_xpath(doc, "//timeline/entry[1]/label", "1.er Taller");
    /* the kind's name from the content, numbered among its kind */
    assert_xpath(doc, "//timeline/entry[2]/label", "1.\xc2\xaa Reuni\xc3\xb3n de intercambio");
    assert_xpath(doc, "//timeline/entry[1]/when", "abril \xe2\x80\x93 mayo de 2021");
    assert_xpath(doc, "//gallery/photo[2]/title",
                 "1.\xc2\xaa Reuni\xc3\xb3n de intercambio (h\xc3\xad"
                 "brida)");
    assert_xpath(doc, "//stat[1]/value", "4,108");
    /* derived: the number of meetings, with the stated prefix */
    assert_xpath(doc, "//stat[2]/value", "+2");
    assert_xpath(doc, "/document/cover/period",
                 "Per\xc3\xba 2021\xe2\x80\x93"
                 "2023");
    /* every edition, this one marked self, the source language's the default */
    assert_xpath(doc, "/document/alternate[not(@self)]/@href", "../en/index.html");
    assert_xpath(doc, "/document/alternate[not(@self)]/@label", "English");
    assert_xpath(doc, "/document/alternate[@self]/@lang", "es");
    assert_xpath(doc, "/document/alternate[@default]/@lang", "es");
    assert_xpath(doc, "//section[@id='topics']/quote/cite/org", "Organizaci\xc3\xb3n A");
    /* blocks point back at the content */
    char *src = test_xpath(doc, "//timeline/entry[2]/@src");
    assert_non_null(strstr(src, "minimal/publication.xml:52"));
    free(src);
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

static void test_english_edition(void **state)
{
    (void)state;
    struct diag_list d = {0};
    xmlDoc *doc = S_compose("en", "en-US", &d);
    assert_non_null(doc);
    assert_xpath(doc, "//timeline/entry[1]/label", "1st Workshop");
    assert_xpath(doc, "//timeline/entry[2]/when", "August 2022");
    assert_xpath(doc, "//timeline/entry[1]/list/item", "Topic one");
    assert_xpath(doc, "//section[@id='intro']/p[1]/i", "emphasis");
    assert_xpath(doc, "//section[@id='intro']/p[1]/a/@href", "https://example.org/");
    assert_xpath(doc, "/document/info/word[@key='page']", "Page");
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

static void test_report(void **state)
{
    (void)state;
    struct diag_list d = {0};
    xmlDoc *doc = S_compose_dir(REPORT_DIR, "es", "es-PE", &d);
    assert_non_null(doc);
    assert_int_equal(d.errors, 0);
    /* chapters I, II; sections 1.; an unnumbered heading left out of the
     * contents; an indicator's heading and its box */
    assert_xpath(doc, "/document/section[2]/title", "II. RESULTADOS");
    assert_xpath(doc, "//h[@id='muestra']", "1. Muestra");
    assert_xpath(doc, "//h[@contents='no'][1]", "Por edad");
    assert_xpath(doc, "//h[@id='oe-1']", "O.E. 1. Personas asistidas");
    assert_xpath(doc, "//table[@style='indicator']/body/row/cell[4]", "102.7\xc2\xa0%");
    /* values as the locale writes them; a reference left for resolve */
    assert_xpath(doc, "string(//section[2]/p[1])",
                 "Se asisti\xc3\xb3 a 4,108 personas (un 2.7\xc2\xa0% m\xc3\xa1s); mujeres: "
                 "60.0\xc2\xa0%.");
    assert_xpath(doc, "//section[1]/p[1]/xref[1]/@target", "t-muestra");
    assert_xpath(doc, "//figure[@id='f-mapa']/source", "Fuente: Elaboraci\xc3\xb3n propia");
    /* figures aligned, their column headings too */
    assert_xpath(doc, "//table[@id='t-muestra']/head/row/cell[2]/@align", "num");
    assert_xpath(doc, "count(//table[@id='t-muestra']/head/row/cell[1]/@align)", "0");
    /* a chart: series from the head, categories the rows asked for */
    assert_xpath(doc, "count(//table[@id='t-muestra']/chart/series)", "2");
    assert_xpath(doc, "//table[@id='t-muestra']/chart/series[2]/@name", "Hombres");
    assert_xpath(doc, "count(//table[@id='t-muestra']/chart/category)", "1");
    assert_xpath(doc, "//table[@id='t-muestra']/chart/category/@name", "Piura");
    assert_xpath(doc, "//table[@id='t-muestra']/chart/category/v[1]/@n", "70");
    assert_xpath(doc, "//table[@id='t-muestra']/chart/category/v[2]/@n", "0");
    assert_xpath(doc, "//table[@id='t-muestra']/chart/@alt",
                 "Gr\xc3\xa1"
                 "fico de barras agrupadas: Mujeres, Hombres por fila: Piura.");
    assert_xpath(doc, "count(//table[@id='t-edad']/chart/category)", "2");
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

/* The minimal booklet with a third meeting, a second workshop, composed. */
static xmlDoc *S_compose_three_meetings(const char *lang, const char *locale, struct diag_list *d)
{
    char *dir = test_variant("</meeting>\n  </meetings>",
                             "</meeting>\n<meeting id=\"m3\" kind=\"workshop\" start=\"2022-09\" "
                             "format=\"hybrid\"><photo><caption><es><p>Tres.</p></es><en><p>Three."
                             "</p></en></caption></photo></meeting>\n  </meetings>");
    assert_non_null(dir);
    char *with_photo = test_variant_of(dir, "<photo-of meeting=\"m2\"/>",
                                       "<photo-of meeting=\"m2\"/><photo-of meeting=\"m3\"/>");
    test_remove_dir(dir);
    assert_non_null(with_photo);
    xmlDoc *doc = S_compose_dir(with_photo, lang, locale, d);
    test_remove_dir(with_photo);
    return doc;
}

static void test_meetings_numbered_among_their_kind(void **state)
{
    (void)state;
    struct diag_list d = {0};
    xmlDoc *doc = S_compose_three_meetings("en", "en-US", &d);
    assert_non_null(doc);
    assert_xpath(doc, "//timeline/entry[3]/label", "2nd Workshop");
    assert_xpath(doc, "//timeline/entry[2]/label", "1st Exchange Meeting");
    /* the timeline and the gallery name a meeting alike */
    assert_xpath(doc, "//gallery/photo[2]/title", "1st Exchange Meeting (hybrid)");
    assert_xpath(doc, "//gallery/photo[3]/title", "2nd Workshop (hybrid)");
    xmlFreeDoc(doc);
    diag_list_free(&d);

    doc = S_compose_three_meetings("es", "es-PE", &d);
    assert_non_null(doc);
    /* primero is shortened before its noun, segundo is not */
    assert_xpath(doc, "//timeline/entry[1]/label", "1.er Taller");
    assert_xpath(doc, "//timeline/entry[3]/label", "2.\xc2\xba Taller");
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

static void test_days_formatted_for_the_locale(void **state)
{
    (void)state;
    char *dir = test_variant("start=\"2022-08\"", "start=\"2023-10-02\" end=\"2023-10-03\"");
    assert_non_null(dir);
    struct diag_list d = {0};
    xmlDoc *doc = S_compose_dir(dir, "en", "en-US", &d);
    assert_xpath(doc, "//timeline/entry[2]/when", "October 2 and 3, 2023");
    assert_xpath(doc, "//gallery/photo[2]/when", "October 2 and 3, 2023");
    xmlFreeDoc(doc);
    doc = S_compose_dir(dir, "es", "es-PE", &d);
    assert_xpath(doc, "//timeline/entry[2]/when", "2 y 3 de octubre de 2023");
    /* months as before */
    assert_xpath(doc, "//timeline/entry[1]/when", "abril \xe2\x80\x93 mayo de 2021");
    xmlFreeDoc(doc);
    diag_list_free(&d);
    test_remove_dir(dir);
}

/* A stated key figure as written, formatted for each locale. */
static void test_key_figures_formatted_for_the_locale(void **state)
{
    (void)state;
    const char *written[] = {"87%", "4.5", "+1200", "300+"};
    const char *es_co[] = {"87\xc2\xa0%", "4,5", "+1.200", "300+"};
    const char *en_us[] = {"87%", "4.5", "+1,200", "300+"};
    for (size_t i = 0; i < sizeof written / sizeof written[0]; i++) {
        char *to = xasprintf("<figure value=\"%s\">", written[i]);
        char *dir = test_variant("<figure value=\"4108\">", to);
        free(to);
        assert_non_null(dir);
        struct diag_list d = {0};
        xmlDoc *doc = S_compose_dir(dir, "es", "es-CO", &d);
        assert_xpath(doc, "//stat[1]/value", es_co[i]);
        xmlFreeDoc(doc);
        doc = S_compose_dir(dir, "en", "en-US", &d);
        assert_xpath(doc, "//stat[1]/value", en_us[i]);
        xmlFreeDoc(doc);
        diag_list_free(&d);
        test_remove_dir(dir);
    }
}

/* A report's period of days, formatted as a meeting's dates are. */
static void test_report_period_of_days(void **state)
{
    (void)state;
    char *dir = test_variant_of(REPORT_DIR, "<publisher>",
                                "<period from=\"2022-09-15\" to=\"2023-08-31\"/><publisher>");
    assert_non_null(dir);
    struct diag_list d = {0};
    xmlDoc *doc = S_compose_dir(dir, "es", "es-PE", &d);
    assert_xpath(doc, "/document/cover/period",
                 "15 de septiembre de 2022 \xe2\x80\x93 31 de agosto de 2023");
    xmlFreeDoc(doc);
    doc = S_compose_dir(dir, "en", "en-US", &d);
    assert_xpath(doc, "/document/cover/period", "September 15, 2022 \xe2\x80\x93 August 31, 2023");
    xmlFreeDoc(doc);
    diag_list_free(&d);
    test_remove_dir(dir);
}

static void test_missing_template(void **state)
{
    (void)state;
    struct diag_list d = {0};
    struct composer c;
    assert_int_equal(compose_open(&c, FOLIO_TEMPLATE_DIR, "no-such-kind", &d), -1);
    assert_true(d.errors >= 1);
    assert_non_null(strstr(d.items[0].file, "no-such-kind.xsl"));
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spanish_edition_formats_for_its_locale),
        cmocka_unit_test(test_english_edition),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_meetings_numbered_among_their_kind),
        cmocka_unit_test(test_days_formatted_for_the_locale),
        cmocka_unit_test(test_key_figures_formatted_for_the_locale),
        cmocka_unit_test(test_report_period_of_days),
        cmocka_unit_test(test_missing_template),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
