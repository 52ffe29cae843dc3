#include <setjmp.h>
#include <stdarg.h>
#include <math.h>
#include <stddef.h>

#include <cmocka.h>

#include "derive.h"

static struct printed P(const char *s) {
    struct printed p;
    assert_int_equal(printed_parse(s, &p), 0);
    return p;
}

static void
test_parse(void **state)
{
    (void)state;
    struct printed p = P("2.7");
    assert_float_equal(p.value, 2.7, 1e-12);
    assert_int_equal(p.decimals, 1);
    assert_int_equal(P("4108").decimals, 0);
    assert_int_equal(P("-12.50").decimals, 2);
    struct printed bad;
    assert_int_equal(printed_parse("4,108", &bad), -1);
    assert_int_equal(printed_parse("2.", &bad), -1);
    assert_int_equal(printed_parse("", &bad), -1);
    assert_int_equal(printed_parse("-", &bad), -1);
    assert_int_equal(printed_parse("63.3%", &bad), -1);
}

static void test_rounding_rule(void **state)
{
    (void)state;
    assert_float_equal(derive_round(2.675, 2), 2.68, 1e-12);
    assert_float_equal(derive_round(-2.5, 0), -3, 1e-12);
    assert_float_equal(derive_round(0.05, 1), 0.1, 1e-12);
    assert_float_equal(derive_round(43.846, 1), 43.8, 1e-12);
    /* large values stay exact: no nudge of whole units */
    assert_float_equal(derive_round(1e15, 0), 1e15, 0);
    assert_float_equal(derive_round(999999999999999.0, 0), 999999999999999.0, 0);
    assert_float_equal(derive_round(123456789012.35, 1), 123456789012.4, 0);
    assert_float_equal(derive_round(0.0004, 2), 0, 0);
    /* whole numbers come back as they are, and never as -0 */
    assert_float_equal(derive_round(4108, 2), 4108, 0);
    assert_float_equal(derive_round(-26659, 0), -26659, 0);
    assert_false(signbit(derive_round(-0.0, 1)));
}

/* Figures beyond 15 digits are refused, not printed wrong. */
static void test_printable_bound(void **state)
{
    (void)state;
    struct printed p;
    assert_int_equal(printed_parse("999999999999999", &p), 0);
    assert_int_equal(printed_parse("1000000000000000", &p), -2);
    assert_int_equal(printed_parse("1234567890.123456", &p), -2);
    assert_true(derive_printable(999999999999999.0, 0));
    assert_false(derive_printable(1e15, 0));
    assert_false(derive_printable(2e19, 0));
    assert_false(derive_printable(99999999999.5, 5));
    assert_true(derive_printable(99999999999.5, 4));
    assert_false(derive_printable(1.0 / 0.0, 0));
    assert_false(derive_printable(0.0 / 0.0, 0));
}

/* Figures of the Alma Llanera II report, as printed. */
static void test_printed_report_figures(void **state)
{
    (void)state;
    /* 4,108 beneficiaries for a target of 4,000: "un 2.7% más" */
    assert_true(derive_matches(P("2.7"), derive_change(4108, 4000)));
    assert_true(derive_matches(P("2.7"), derive_percent(108, 4000)));
    /* 187 cases for a target of 130: "un 43.8% más" */
    assert_true(derive_matches(P("43.8"), derive_change(187, 130)));
    /* non-response rates: Lima y Callao 443/700, Tumbes 382/477 printed "80%" */
    assert_true(derive_matches(P("63.3"), derive_percent(443, 700)));
    assert_true(derive_matches(P("80"), derive_percent(382, 477)));
    /* the total row printed 69.2%, but 1346/1939 is 69.42%: a mismatch */
    assert_false(derive_matches(P("69.2"), derive_percent(1346, 1939)));
    assert_true(derive_matches(P("69.4"), derive_percent(1346, 1939)));
    /* column total of table 13 */
    const double women[] = {237, 426, 230, 651, 541, 134, 38};
    assert_true(derive_matches(P("2257"), derive_sum(women, 7)));
    assert_false(derive_matches(P("2258"), derive_sum(women, 7)));
}

static void test_zero_denominators(void **state)
{
    (void)state;
    assert_float_equal(derive_percent(5, 0), 0, 0);
    assert_float_equal(derive_change(5, 0), 0, 0);
    assert_float_equal(derive_sum(NULL, 0), 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_rounding_rule),
        cmocka_unit_test(test_printable_bound),
        cmocka_unit_test(test_printed_report_figures),
        cmocka_unit_test(test_zero_denominators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
