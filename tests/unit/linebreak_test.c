/* The first-fit line breaker on boxes, glue and penalties. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "pdf/linebreak.h"

/* Words of the given widths separated by glue of width 1 (no shrink). */
static size_t words(struct linebreak_item *items, const double *widths, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            items[k++] = (struct linebreak_item){LINEBREAK_GLUE, 1, 0.5, 0, 0};
        items[k++] = (struct linebreak_item){LINEBREAK_BOX, widths[i], 0, 0, 0};
    }
    return k;
}

/* Natural width of line k (its boxes and inner glue). */
static double line_width(const struct linebreak_item *items, size_t n, const size_t *breaks,
                         size_t k)
{
    size_t start = linebreak_line_start(items, n, k == 0 ? 0 : breaks[k - 1] + 1);
    double w = 0;
    for (size_t i = start; i < breaks[k]; i++)
        w += items[i].kind == LINEBREAK_PENALTY ? 0 : items[i].width;
    return w;
}

static void test_fixed_boxes_break_where_expected(void **state)
{
    (void)state;
    /* Six words of 4: "4 4 4" is 14 wide, so a line of 14 holds three. */
    double w[] = {4, 4, 4, 4, 4, 4};
    struct linebreak_item items[16];
    size_t n = words(items, w, 6);
    double width = 14;
    size_t *breaks;
    size_t lines = linebreak_first_fit(items, n, &width, 1, &breaks);
    assert_int_equal(lines, 2);
    assert_int_equal(breaks[0], 5); /* the glue after the third word */
    assert_int_equal(breaks[1], n);
    free(breaks);

    /* One point narrower: two words a line. */
    width = 13;
    lines = linebreak_first_fit(items, n, &width, 1, &breaks);
    assert_int_equal(lines, 3);
    assert_int_equal(breaks[0], 3);
    assert_int_equal(breaks[1], 7);
    free(breaks);
}

static void test_line_widths_per_line(void **state)
{
    (void)state;
    double w[] = {4, 4, 4, 4, 4, 4};
    struct linebreak_item items[16];
    size_t n = words(items, w, 6);
    double widths[] = {9, 100}; /* a short first line, then a long one */
    size_t *breaks;
    size_t lines = linebreak_first_fit(items, n, widths, 2, &breaks);
    assert_int_equal(lines, 2);
    assert_int_equal(breaks[0], 3);
    free(breaks);
}

static void test_forced_break(void **state)
{
    (void)state;
    struct linebreak_item items[] = {
        {LINEBREAK_BOX, 3, 0, 0, 0}, {LINEBREAK_GLUE, 1, 0, 0, 0},
        {LINEBREAK_BOX, 3, 0, 0, 0}, {LINEBREAK_PENALTY, 0, 0, 0, LINEBREAK_FORCE},
        {LINEBREAK_BOX, 3, 0, 0, 0},
    };
    double width = 100;
    size_t *breaks;
    size_t lines = linebreak_first_fit(items, 5, &width, 1, &breaks);
    assert_int_equal(lines, 2);
    assert_int_equal(breaks[0], 3);
    assert_int_equal(breaks[1], 5);
    free(breaks);
}

static void test_forbidden_penalty_is_no_break(void **state)
{
    (void)state;
    struct linebreak_item items[] = {
        {LINEBREAK_BOX, 6, 0, 0, 0}, {LINEBREAK_PENALTY, 0, 0, 0, LINEBREAK_FORBID},
        {LINEBREAK_BOX, 6, 0, 0, 0}, {LINEBREAK_PENALTY, 0, 0, 0, 0},
        {LINEBREAK_BOX, 6, 0, 0, 0},
    };
    double width = 13;
    size_t *breaks;
    size_t lines = linebreak_first_fit(items, 5, &width, 1, &breaks);
    assert_int_equal(lines, 2);
    assert_int_equal(breaks[0], 3); /* not at the forbidden penalty */
    free(breaks);
}

static void test_wide_box_is_its_own_line(void **state)
{
    (void)state;
    double w[] = {3, 50, 3};
    struct linebreak_item items[8];
    size_t n = words(items, w, 3);
    double width = 10;
    size_t *breaks;
    size_t lines = linebreak_first_fit(items, n, &width, 1, &breaks);
    assert_int_equal(lines, 3);
    assert_int_equal(breaks[0], 1);
    assert_int_equal(breaks[1], 3);
    assert_int_equal(breaks[2], n);
    assert_true(line_width(items, n, breaks, 1) > width); /* the only overfull line */
    assert_true(line_width(items, n, breaks, 0) <= width);
    assert_true(line_width(items, n, breaks, 2) <= width);
    free(breaks);
}

static void test_no_line_exceeds_width(void **state)
{
    (void)state;
    /* A pseudo-random paragraph: widths 1..9, measured at several widths. */
    double w[200];
    unsigned seed = 12345;
    for (size_t i = 0; i < 200; i++) {
        seed = seed * 1103515245u + 12345u;
        w[i] = 1 + (seed >> 16) % 9;
    }
    struct linebreak_item items[400];
    size_t n = words(items, w, 200);
    for (double width = 9; width <= 80; width += 7) {
        size_t *breaks;
        size_t lines = linebreak_first_fit(items, n, &width, 1, &breaks);
        assert_true(lines > 1);
        assert_int_equal(breaks[lines - 1], n);
        for (size_t k = 0; k < lines; k++) {
            assert_true(line_width(items, n, breaks, k) <= width);
            /* First fit: the next line's first word would not have fitted. */
            if (k + 1 < lines) {
                size_t next = linebreak_line_start(items, n, breaks[k] + 1);
                assert_true(line_width(items, n, breaks, k) + 1 + items[next].width > width);
            }
        }
        free(breaks);
    }
}

static void test_no_boxes_no_lines(void **state)
{
    (void)state;
    struct linebreak_item items[] = {{LINEBREAK_GLUE, 1, 0, 0, 0}};
    double width = 10;
    size_t *breaks;
    assert_int_equal(linebreak_first_fit(items, 1, &width, 1, &breaks), 0);
    free(breaks);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_boxes_break_where_expected),
        cmocka_unit_test(test_line_widths_per_line),
        cmocka_unit_test(test_forced_break),
        cmocka_unit_test(test_forbidden_penalty_is_no_break),
        cmocka_unit_test(test_wide_box_is_its_own_line),
        cmocka_unit_test(test_no_line_exceeds_width),
        cmocka_unit_test(test_no_boxes_no_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
