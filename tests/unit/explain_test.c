/* explain: the forms read from schema patterns (the rest is covered by
 * the diagnostics corpus, tests/diagnostics/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "explain.h"

static void S_forms(const char *pattern, const char *want)
{
    char *got = explain_pattern_forms(pattern);
    if (!want) {
        if (got)
            fail_msg("%s: expected no form, got %s", pattern, got);
        return;
    }
    if (!got)
        fail_msg("%s: no form, expected %s", pattern, want);
    assert_string_equal(got, want);
    free(got);
}

static void test_month_and_day_patterns(void **state)
{
    (void)state;
    S_forms("[0-9]{4}-(0[1-9]|1[0-2])", "YYYY-MM");
    S_forms("[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?", "YYYY-MM or YYYY-MM-DD");
    S_forms("\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(/(0[1-9]|[12][0-9]|3[01]))?",
            "YYYY-MM-DD or YYYY-MM-DD/DD");
}

static void test_other_digit_patterns(void **state)
{
    (void)state;
    S_forms("[0-9]{4}", "NNNN"); /* no month: digits, not a year */
    S_forms("[0-9]{2}:[0-9]{2}", "NN:NN");
}

static void test_patterns_beyond_forms(void **state)
{
    (void)state;
    S_forms("[0-9a-f]{6}", NULL);
    S_forms("[a-z]{2}-[A-Z]{2}", NULL);
    S_forms("(https?://|mailto:).+", NULL);
    S_forms("[0-9]+", NULL);
    S_forms("", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_month_and_day_patterns),
        cmocka_unit_test(test_other_digit_patterns),
        cmocka_unit_test(test_patterns_beyond_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
