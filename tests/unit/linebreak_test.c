/* The line breakers (first fit and total fit) on boxes, glue and penalties. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>

#include <cmocka.h>

#include "pdf/linebreak.h"

/* Words of the given widths separated by glue of width 1 (no shrink). */
static size_t words(struct linebreak_item *items, const double *widths, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            items[k++] = (struct linebreak_item){LINEBREAK_GLUE, 1, 0.5, 0, 0, 0, 0};
        items[k++] = (struct linebreak_item){LINEBREAK_BOX, widths[i], 0, 0, 0, 0, 0};
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
        {LINEBREAK_BOX, 3, 0, 0, 0, 0, 0}, {LINEBREAK_GLUE, 1, 0, 0, 0, 0, 0},
        {LINEBREAK_BOX, 3, 0, 0, 0, 0, 0}, {LINEBREAK_PENALTY, 0, 0, 0, LINEBREAK_FORCE, 0, 0},
        {LINEBREAK_BOX, 3, 0, 0, 0, 0, 0},
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
        {LINEBREAK_BOX, 6, 0, 0, 0, 0, 0}, {LINEBREAK_PENALTY, 0, 0, 0, LINEBREAK_FORBID, 0, 0},
        {LINEBREAK_BOX, 6, 0, 0, 0, 0, 0}, {LINEBREAK_PENALTY, 0, 0, 0, 0, 0, 0},
        {LINEBREAK_BOX, 6, 0, 0, 0, 0, 0},
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
    struct linebreak_item items[] = {{LINEBREAK_GLUE, 1, 0, 0, 0, 0, 0}};
    double width = 10;
    size_t *breaks;
    assert_int_equal(linebreak_first_fit(items, 1, &width, 1, &breaks), 0);
    free(breaks);
}

/* ---- total fit ---------------------------------------------------------- */

/* The adjustment ratio of line k (glue stretch only, as in words()). */
static double line_ratio(const struct linebreak_item *items, size_t n, const size_t *breaks,
                         size_t k, double width)
{
    size_t start = linebreak_line_start(items, n, k == 0 ? 0 : breaks[k - 1] + 1);
    double w = 0, stretch = 0;
    for (size_t i = start; i < breaks[k]; i++) {
        w += items[i].kind == LINEBREAK_PENALTY ? 0 : items[i].width;
        stretch += items[i].kind == LINEBREAK_GLUE ? items[i].stretch : 0;
    }
    if (breaks[k] < n && items[breaks[k]].kind == LINEBREAK_PENALTY)
        w += items[breaks[k]].width;
    return stretch > 0 ? (width - w) / stretch : 0;
}

static double worst_ratio(const struct linebreak_item *items, size_t n, const size_t *breaks,
                          size_t lines, double width)
{
    double worst = 0;
    for (size_t k = 0; k + 1 < lines; k++) { /* the last line is set at its natural width */
        double r = line_ratio(items, n, breaks, k, width);
        worst = r > worst ? r : worst;
    }
    return worst;
}

static void test_total_fit_balances(void **state)
{
    (void)state;
    /* Worked by hand at width 10, glue 1 stretching by 1:
     * first fit:  "4 5" (r 0) | "2 2 2 1" (r 0) | "2 5" (r 2) | "4 5"
     * total fit:  "4 5" (r 0) | "2 2 2" (r 1) | "1 2 5" (r 0) | "4 5":
     * demerits (10+0)^2 + (10+100)^2 + (10+0)^2 beat 3 * 100 + (10+800)^2. */
    double w[] = {4, 5, 2, 2, 2, 1, 2, 5, 4, 5};
    struct linebreak_item items[32];
    size_t n = words(items, w, 10);
    for (size_t i = 0; i < n; i++)
        if (items[i].kind == LINEBREAK_GLUE)
            items[i].stretch = 1;
    double width = 10;
    size_t *ff, *tf;
    double *ratios;
    struct linebreak_params par;
    linebreak_params_justified(&par);
    size_t nf = linebreak_first_fit(items, n, &width, 1, &ff);
    size_t nt = linebreak_total_fit(items, n, &width, 1, &par, &tf, &ratios);
    assert_int_equal(nf, 4);
    assert_int_equal(ff[0], 3);
    assert_int_equal(ff[1], 11);
    assert_int_equal(ff[2], 15);
    assert_int_equal(nt, 4);
    assert_int_equal(tf[0], 3);  /* after the 2nd word */
    assert_int_equal(tf[1], 9);  /* after the 5th */
    assert_int_equal(tf[2], 15); /* after the 8th */
    assert_int_equal(tf[3], n);
    assert_true(fabs(ratios[1] - 1) < 1e-9);
    assert_true(ratios[3] == 0); /* the last line */
    assert_true(worst_ratio(items, n, tf, nt, width) < worst_ratio(items, n, ff, nf, width));
    free(ff);
    free(tf);
    free(ratios);
}

/* "3 3-3 3-3 3-3 ...": lines of "3 3-" (the hyphen 1 wide) fill 8
 * exactly, so every line wants to end in a hyphen; a line ending at a
 * space is either a lone "3" with nothing to stretch or overfull. */
static size_t hyphen_paragraph(struct linebreak_item *items, size_t pairs)
{
    size_t k = 0;
    items[k++] = (struct linebreak_item){LINEBREAK_BOX, 3, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < pairs; i++) {
        items[k++] = (struct linebreak_item){LINEBREAK_GLUE, 1, 1, 0, 0, 0, 0};
        items[k++] = (struct linebreak_item){LINEBREAK_BOX, 3, 0, 0, 0, 0, 0};
        items[k++] = (struct linebreak_item){LINEBREAK_PENALTY, 1, 0, 0, 50, 1, 0};
        items[k++] = (struct linebreak_item){LINEBREAK_BOX, 3, 0, 0, 0, 0, 0};
    }
    return k;
}

static size_t longest_flagged_run(const struct linebreak_item *items, size_t n,
                                  const size_t *breaks, size_t lines)
{
    size_t run = 0, longest = 0;
    for (size_t k = 0; k < lines; k++) {
        int flagged =
            breaks[k] < n && items[breaks[k]].kind == LINEBREAK_PENALTY && items[breaks[k]].flagged;
        run = flagged ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    return longest;
}

static void test_never_three_hyphens_in_a_row(void **state)
{
    (void)state;
    struct linebreak_item items[128];
    size_t n = hyphen_paragraph(items, 12);
    double width = 8;
    struct linebreak_params par;
    linebreak_params_justified(&par);
    /* without the rule and the demerits, every line ends in a hyphen */
    par.max_flagged_run = 0;
    par.flagged_demerits = 0;
    par.final_hyphen_demerits = 0;
    size_t *breaks;
    size_t lines = linebreak_total_fit(items, n, &width, 1, &par, &breaks, NULL);
    assert_true(longest_flagged_run(items, n, breaks, lines) >= 3);
    free(breaks);
    /* with the rule, never three (even with no demerits to discourage them) */
    par.max_flagged_run = 2;
    lines = linebreak_total_fit(items, n, &width, 1, &par, &breaks, NULL);
    assert_true(lines > 3);
    assert_true(longest_flagged_run(items, n, breaks, lines) <= 2);
    assert_int_equal(breaks[lines - 1], n);
    free(breaks);
}

static void test_total_fit_never_overfull(void **state)
{
    (void)state;
    double w[300];
    unsigned seed = 777;
    for (size_t i = 0; i < 300; i++) {
        seed = seed * 1103515245u + 12345u;
        w[i] = 1 + (seed >> 16) % 12;
    }
    struct linebreak_item items[600];
    size_t n = words(items, w, 300);
    for (size_t i = 0; i < n; i++)
        if (items[i].kind == LINEBREAK_GLUE)
            items[i].shrink = 0.3;
    struct linebreak_params par;
    linebreak_params_justified(&par);
    for (double width = 12; width <= 90; width += 5.5) {
        size_t *breaks;
        double *ratios;
        size_t lines = linebreak_total_fit(items, n, &width, 1, &par, &breaks, &ratios);
        assert_true(lines > 1);
        assert_int_equal(breaks[lines - 1], n);
        for (size_t k = 0; k < lines; k++) {
            /* natural width less the shrink fits */
            size_t start = linebreak_line_start(items, n, k == 0 ? 0 : breaks[k - 1] + 1);
            double nat = 0, shrink = 0;
            for (size_t i = start; i < breaks[k]; i++) {
                nat += items[i].width;
                shrink += items[i].kind == LINEBREAK_GLUE ? items[i].shrink : 0;
            }
            assert_true(nat - shrink <= width + 1e-9);
            assert_true(ratios[k] >= -1 - 1e-9);
        }
        free(breaks);
        free(ratios);
    }
}

static void test_total_fit_forced_breaks_and_widths(void **state)
{
    (void)state;
    struct linebreak_item items[] = {
        {LINEBREAK_BOX, 3, 0, 0, 0, 0, 0},
        {LINEBREAK_GLUE, 1, 1, 0, 0, 0, 0},
        {LINEBREAK_BOX, 3, 0, 0, 0, 0, 0},
        {LINEBREAK_GLUE, 1, 1, 0, 0, 0, 0},
        {LINEBREAK_PENALTY, 0, 0, 0, LINEBREAK_FORCE, 0, 0},
        {LINEBREAK_BOX, 3, 0, 0, 0, 0, 0},
        {LINEBREAK_GLUE, 1, 1, 0, 0, 0, 0},
        {LINEBREAK_BOX, 3, 0, 0, 0, 0, 0},
    };
    double width = 100;
    struct linebreak_params par;
    linebreak_params_justified(&par);
    size_t *breaks;
    double *ratios;
    size_t lines = linebreak_total_fit(items, 8, &width, 1, &par, &breaks, &ratios);
    assert_int_equal(lines, 2);
    assert_int_equal(breaks[0], 4); /* at the forced break, not the glue before it */
    assert_int_equal(breaks[1], 8);
    assert_true(ratios[0] == 0); /* set at its natural width */
    free(breaks);
    free(ratios);

    /* per-line widths, and a box wider than the line on its own line */
    double w[] = {4, 4, 4, 30, 4};
    struct linebreak_item it[16];
    size_t n = words(it, w, 5);
    double widths[] = {9, 14};
    lines = linebreak_total_fit(it, n, widths, 2, &par, &breaks, NULL);
    assert_int_equal(lines, 4);
    assert_int_equal(breaks[0], 3); /* "4 4" in 9 */
    assert_int_equal(breaks[1], 5); /* "4" */
    assert_int_equal(breaks[2], 7); /* the 30 alone, overfull */
    assert_int_equal(breaks[3], n);
    free(breaks);

    /* no boxes, no lines; a tie is no break */
    struct linebreak_item tied[] = {
        {LINEBREAK_BOX, 5, 0, 0, 0, 0, 0},
        {LINEBREAK_GLUE, 1, 1, 0, LINEBREAK_FORBID, 0, 0},
        {LINEBREAK_BOX, 5, 0, 0, 0, 0, 0},
    };
    width = 8;
    lines = linebreak_total_fit(tied, 3, &width, 1, &par, &breaks, NULL);
    assert_int_equal(lines, 1);
    free(breaks);
    lines = linebreak_total_fit(tied + 1, 1, &width, 1, &par, &breaks, NULL);
    assert_int_equal(lines, 0);
    free(breaks);
}

/* Font expansion: boxes that may widen share a short line's stretch with
 * its glue, at one ratio up to 1; past 1 the glue takes the rest alone. */
static void test_boxes_stretch_with_the_glue(void **state)
{
    (void)state;
    struct linebreak_item items[] = {
        {LINEBREAK_BOX, 10, 0.5, 0.5, 0, 0, 0}, {LINEBREAK_GLUE, 1, 1, 0, 0, 0, 0},
        {LINEBREAK_BOX, 10, 0.5, 0.5, 0, 0, 0}, {LINEBREAK_GLUE, 1, 1, 0, 0, 0, 0},
        {LINEBREAK_BOX, 10, 0.5, 0.5, 0, 0, 0}, {LINEBREAK_GLUE, 1, 1, 0, 0, 0, 0},
        {LINEBREAK_BOX, 10, 0.5, 0.5, 0, 0, 0},
    };
    size_t n = sizeof items / sizeof items[0], *breaks;
    double *ratios, width = 22;
    struct linebreak_params par;
    linebreak_params_justified(&par);
    size_t lines = linebreak_total_fit(items, n, &width, 1, &par, &breaks, &ratios);
    assert_int_equal(lines, 2);
    assert_int_equal(breaks[0], 3);
    assert_true(fabs(ratios[0] - 0.5) < 1e-9); /* 1 pt short: glue 1 and boxes 1, halfway */
    free(breaks);
    free(ratios);
    width = 24; /* 3 pt short: boxes fully (1), the glue 2 */
    lines = linebreak_total_fit(items, n, &width, 1, &par, &breaks, &ratios);
    assert_int_equal(lines, 2);
    assert_true(fabs(ratios[0] - 2) < 1e-9);
    free(breaks);
    free(ratios);
}

/* Protrusion: what hangs at a line's ends needs no room in the measure. */
static void test_hanging_marks_need_no_room(void **state)
{
    (void)state;
    struct linebreak_item items[] = {
        {LINEBREAK_BOX, 10, 0, 0, 0, 0, 0.5}, /* an opening quote: 0.5 may hang left */
        {LINEBREAK_GLUE, 1, 0, 0, 0, 0, 0},   {LINEBREAK_BOX, 10, 0, 0, 0, 0, 0},
        {LINEBREAK_GLUE, 1, 0, 0, 0, 0, 0.5}, /* after a full stop: 0.5 may hang right */
        {LINEBREAK_BOX, 10, 0, 0, 0, 0, 0},
    };
    size_t n = sizeof items / sizeof items[0], *breaks;
    double *ratios, width = 20; /* "b b" is 21 wide, nothing stretches or shrinks */
    struct linebreak_params par;
    linebreak_params_justified(&par);
    par.emergency_tolerance = -1; /* a trial: only lines that fit */
    size_t lines = linebreak_total_fit(items, n, &width, 1, &par, &breaks, &ratios);
    assert_int_equal(lines, 2);
    assert_int_equal(breaks[0], 3);
    assert_true(fabs(ratios[0]) < 1e-9);
    free(breaks);
    free(ratios);
    items[0].hang = items[3].hang = 0; /* without the hangs no line fits */
    lines = linebreak_total_fit(items, n, &width, 1, &par, &breaks, &ratios);
    assert_int_equal(lines, 0);
    free(breaks);
    free(ratios);
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
        cmocka_unit_test(test_total_fit_balances),
        cmocka_unit_test(test_never_three_hyphens_in_a_row),
        cmocka_unit_test(test_boxes_stretch_with_the_glue),
        cmocka_unit_test(test_hanging_marks_need_no_room),
        cmocka_unit_test(test_total_fit_never_overfull),
        cmocka_unit_test(test_total_fit_forced_breaks_and_widths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
