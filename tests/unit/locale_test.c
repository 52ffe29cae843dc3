#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "locale.h"

#define assert_formats(expr, expected)                                                             \
    do {                                                                                           \
        char *s_ = (expr);                                                                         \
        assert_string_equal(s_, expected);                                                         \
        free(s_);                                                                                  \
    } while (0)

static void test_integers_group_per_locale(void **state)
{
    (void)state;
    assert_formats(locale_format_integer(locale_find("es-PE"), 4108), "4,108");
    assert_formats(locale_format_integer(locale_find("es-CO"), 4108), "4.108");
    assert_formats(locale_format_integer(locale_find("es-ES"), 4108), "4108");
    assert_formats(locale_format_integer(locale_find("es-ES"), 14108), "14.108");
    assert_formats(locale_format_integer(locale_find("en-US"), 1234567), "1,234,567");
    assert_formats(locale_format_integer(locale_find("en-US"), -250), "-250");
    assert_formats(locale_format_integer(locale_find("en-US"), 0), "0");
}

static void test_decimals_and_percent(void **state)
{
    (void)state;
    assert_formats(locale_format_percent(locale_find("es-PE"), 2.7, 1), "2.7\xc2\xa0%");
    assert_formats(locale_format_percent(locale_find("es-CO"), 2.7, 1), "2,7\xc2\xa0%");
    assert_formats(locale_format_percent(locale_find("en-US"), 2.7, 1), "2.7%");
    /* half away from zero on the written decimal */
    assert_formats(locale_format_decimal(locale_find("en-US"), 2.675, 2), "2.68");
    assert_formats(locale_format_decimal(locale_find("en-US"), 0.05, 1), "0.1");
    assert_formats(locale_format_decimal(locale_find("en-US"), -1.25, 1), "-1.3");
    assert_formats(locale_format_decimal(locale_find("es-CO"), 1234.5, 2), "1.234,50");
}

/* Key figures as content writes them, formatted per locale; the digits
 * are kept as written (no rounding, trailing zeros stay). */
static void test_figures(void **state)
{
    (void)state;
    const struct locale *pe = locale_find("es-PE"), *co = locale_find("es-CO"),
                        *es = locale_find("es-ES"), *us = locale_find("en-US");
    assert_formats(locale_format_figure(pe, "21"), "21");
    assert_formats(locale_format_figure(pe, "4.5"), "4.5");
    assert_formats(locale_format_figure(co, "4.5"), "4,5");
    assert_formats(locale_format_figure(us, "4.50"), "4.50");
    assert_formats(locale_format_figure(pe, "87%"), "87\xc2\xa0%");
    assert_formats(locale_format_figure(us, "87%"), "87%");
    assert_formats(locale_format_figure(co, "12.5%"), "12,5\xc2\xa0%");
    assert_formats(locale_format_figure(us, "+300"), "+300");
    assert_formats(locale_format_figure(us, "300+"), "300+");
    assert_formats(locale_format_figure(us, "1200+"), "1,200+");
    assert_formats(locale_format_figure(co, "+1200"), "+1.200");
    assert_formats(locale_format_figure(es, "1200"), "1200");
    assert_formats(locale_format_figure(es, "12000"), "12.000");
    assert_formats(locale_format_figure(us, "+2.5%"), "+2.5%");
    assert_formats(locale_format_figure(us, "0.125"), "0.125");
    assert_formats(locale_format_figure(us, "999999999999999"), "999,999,999,999,999");
    const char *bad[] = {"",
                         "+",
                         "%",
                         "4.",
                         "4,5",
                         ".5",
                         "4.5.1",
                         "+3+",
                         "3%%",
                         "3+%",
                         "-3",
                         " 3",
                         "3 ",
                         "1,200",
                         "4.5a",
                         "1e3",
                         "0x1F",
                         "1.1234567",
                         "1234567890123456"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *s = locale_format_figure(us, bad[i]);
        if (s)
            fail_msg("'%s' formatted as '%s'", bad[i], s);
    }
}

static void test_spanish_ordinals(void **state)
{
    (void)state;
    const struct locale *es = locale_find("es-PE");
    assert_formats(locale_ordinal(es, 1, GENDER_MASCULINE_BEFORE_NOUN), "1.er");
    assert_formats(locale_ordinal(es, 2, GENDER_MASCULINE_BEFORE_NOUN), "2.\xc2\xba");
    assert_formats(locale_ordinal(es, 3, GENDER_MASCULINE_BEFORE_NOUN), "3.er");
    assert_formats(locale_ordinal(es, 11, GENDER_MASCULINE_BEFORE_NOUN), "11.\xc2\xba");
    assert_formats(locale_ordinal(es, 21, GENDER_MASCULINE_BEFORE_NOUN), "21.er");
    assert_formats(locale_ordinal(es, 1, GENDER_MASCULINE), "1.\xc2\xba");
    assert_formats(locale_ordinal(es, 2, GENDER_FEMININE), "2.\xc2\xaa");
}

static void test_english_ordinals(void **state)
{
    (void)state;
    const struct locale *en = locale_find("en-US");
    const char *expected[] = {"1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "102nd"};
    const long long n[] = {1, 2, 3, 4, 11, 12, 13, 21, 102};
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++)
        assert_formats(locale_ordinal(en, n[i], GENDER_FEMININE), expected[i]);
}

static void test_month_spans(void **state)
{
    (void)state;
    const struct locale *es = locale_find("es-PE"), *en = locale_find("en-US");
    assert_formats(locale_month_span(es, 2021, 4, 2021, 5), "abril \xe2\x80\x93 mayo de 2021");
    assert_formats(locale_month_span(en, 2021, 4, 2021, 5), "April \xe2\x80\x93 May 2021");
    assert_formats(locale_month_span(es, 2022, 8, 0, 0), "agosto de 2022");
    assert_formats(locale_month_span(en, 2023, 11, 2023, 11), "November 2023");
    assert_formats(locale_month_span(es, 2021, 12, 2022, 1),
                   "diciembre de 2021 \xe2\x80\x93 enero de 2022");
    assert_formats(locale_year_span(en, 2021, 2023), "2021\xe2\x80\x93"
                                                     "2023");
    assert_string_equal(locale_month_name(es, 13), "?");
}

static void test_semesters(void **state)
{
    (void)state;
    const struct locale *co = locale_find("es-CO"), *en = locale_find("en-US");
    assert_formats(locale_semester(co, 2021, 2), "segundo semestre de 2021");
    assert_formats(locale_semester(co, 2022, 1), "primer semestre de 2022");
    assert_formats(locale_semester(en, 2021, 2), "second semester 2021");
    assert_formats(locale_semester(en, 2022, 1), "first semester 2022");
}

static void test_parse_dates(void **state)
{
    (void)state;
    struct locale_date d;
    assert_true(locale_parse_date("2024-03-14", &d));
    assert_int_equal(d.year, 2024);
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 14);
    assert_true(locale_parse_date("2021-04", &d));
    assert_int_equal(d.day, 0);
    assert_true(locale_parse_date("2024-02-29", &d)); /* a leap year */
    assert_false(locale_parse_date("2023-02-29", &d));
    assert_false(locale_parse_date("1900-02-29", &d));
    assert_true(locale_parse_date("2000-02-29", &d));
    assert_false(locale_parse_date("2024-02-30", &d));
    assert_false(locale_parse_date("2024-04-31", &d));
    assert_false(locale_parse_date("2024-13", &d));
    assert_false(locale_parse_date("2024-00-10", &d));
    assert_false(locale_parse_date("2024-03-00", &d));
    assert_false(locale_parse_date("2024-3-14", &d));
    assert_false(locale_parse_date("2024-03-14x", &d));
    assert_false(locale_parse_date("", &d));
    assert_int_equal(locale_days_in_month(2024, 2), 29);
    assert_int_equal(locale_days_in_month(2023, 12), 31);

    struct locale_date a, b;
    locale_parse_date("2024-03", &a);
    locale_parse_date("2024-03-01", &b);
    assert_int_equal(locale_date_compare(&a, &b), 0);
    locale_parse_date("2024-02-29", &b);
    assert_true(locale_date_compare(&a, &b) > 0);
    locale_parse_date("2023-12-31", &a);
    locale_parse_date("2024-01", &b);
    assert_true(locale_date_compare(&a, &b) < 0);
}

static char *S_span(const struct locale *loc, const char *from, const char *to)
{
    struct locale_date a, z;
    assert_true(locale_parse_date(from, &a));
    if (to)
        assert_true(locale_parse_date(to, &z));
    return locale_date_span(loc, &a, to ? &z : NULL);
}

static void test_date_spans(void **state)
{
    (void)state;
    const struct locale *es = locale_find("es-PE"), *en = locale_find("en-US");
    assert_formats(S_span(es, "2024-03-14", NULL), "14 de marzo de 2024");
    assert_formats(S_span(en, "2024-03-14", NULL), "March 14, 2024");
    assert_formats(S_span(en, "2024-03-14", "2024-03-14"), "March 14, 2024");
    assert_formats(S_span(es, "2023-10-02", "2023-10-03"), "2 y 3 de octubre de 2023");
    assert_formats(S_span(en, "2023-10-02", "2023-10-03"), "October 2 and 3, 2023");
    assert_formats(S_span(es, "2024-03-14", "2024-03-16"), "14\xe2\x80\x93"
                                                           "16 de marzo de 2024");
    assert_formats(S_span(en, "2024-03-14", "2024-03-16"), "March 14\xe2\x80\x93"
                                                           "16, 2024");
    assert_formats(S_span(es, "2024-04-30", "2024-05-02"),
                   "30 de abril \xe2\x80\x93 2 de mayo de 2024");
    assert_formats(S_span(en, "2024-04-30", "2024-05-02"), "April 30 \xe2\x80\x93 May 2, 2024");
    assert_formats(S_span(es, "2023-12-30", "2024-01-02"),
                   "30 de diciembre de 2023 \xe2\x80\x93 2 de enero de 2024");
    assert_formats(S_span(en, "2023-12-30", "2024-01-02"),
                   "December 30, 2023 \xe2\x80\x93 January 2, 2024");
    /* months as before */
    assert_formats(S_span(es, "2021-04", "2021-05"), "abril \xe2\x80\x93 mayo de 2021");
    assert_formats(S_span(en, "2021-04", "2021-05"), "April \xe2\x80\x93 May 2021");
    assert_formats(S_span(en, "2022-08", NULL), "August 2022");
    /* a month and a day: each in full */
    assert_formats(S_span(en, "2024-03", "2024-04-02"), "March 2024 \xe2\x80\x93 April 2, 2024");
}

/* British English puts the day first, as CLDR's en-GB does, with no comma. */
static void test_date_spans_day_first_in_british_english(void **state)
{
    (void)state;
    const struct locale *gb = locale_find("en-GB");
    assert_formats(S_span(gb, "2022-10-27", NULL), "27 October 2022");
    assert_formats(S_span(gb, "2023-10-02", "2023-10-03"), "2 and 3 October 2023");
    assert_formats(S_span(gb, "2024-03-14", "2024-03-16"), "14\xe2\x80\x93"
                                                           "16 March 2024");
    assert_formats(S_span(gb, "2024-04-30", "2024-05-02"), "30 April \xe2\x80\x93 2 May 2024");
    assert_formats(S_span(gb, "2023-12-30", "2024-01-02"),
                   "30 December 2023 \xe2\x80\x93 2 January 2024");
    assert_formats(S_span(gb, "2022-08", NULL), "August 2022");
}

static void test_unknown_locale(void **state)
{
    (void)state;
    assert_null(locale_find("xx-YY"));
    assert_null(locale_find("es"));
    assert_null(locale_find(NULL));
    assert_string_equal(locale_tag(locale_find("es-CO")), "es-CO");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers_group_per_locale),
        cmocka_unit_test(test_decimals_and_percent),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_spanish_ordinals),
        cmocka_unit_test(test_english_ordinals),
        cmocka_unit_test(test_month_spans),
        cmocka_unit_test(test_semesters),
        cmocka_unit_test(test_parse_dates),
        cmocka_unit_test(test_date_spans),
        cmocka_unit_test(test_date_spans_day_first_in_british_english),
        cmocka_unit_test(test_unknown_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
