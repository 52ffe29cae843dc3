#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "chart.h"

/* A text column of the printed report, labels at 8 pt. */
#define WIDTH 450.0
#define SIZE 8.0
/* The text box chart.h promises: 0.9 × size above the baseline, 0.25 below. */
#define ASCENT 0.9
#define DESCENT 0.25
/* a legend's colour square */
#define SWATCH (0.8 * SIZE)

#define ELLIPSIS "\xE2\x80\xA6"
#define DASH "\xE2\x80\x93"

static const enum chart_type S_types[] = {CHART_GROUPED, CHART_STACKED, CHART_HBAR, CHART_PYRAMID,
                                          CHART_DONUT};
#define TYPE_COUNT (sizeof S_types / sizeof S_types[0])

static const char *const S_palette[] = {"#1b6ca8", "#e07a1f", "#5a9e4b"};

/* Simple and deterministic: every byte half the size wide (bold a little
 * more). `ctx`, when given, counts the calls. */
static double S_measure(void *ctx, const char *text, double size, int bold)
{
    if (ctx)
        (*(int *)ctx)++;
    return (double)strlen(text) * size * (bold ? 0.55 : 0.5);
}

/* A chart of `type` over n categories and m series (the series count a
 * type needs: 2 for a pyramid, 1 for a donut, else `m`). */
static struct chart S_chart(enum chart_type type, size_t n, size_t m, const char *const *categories,
                            const char *const *series, const double *values)
{
    struct chart c = {0};
    c.type = type;
    c.category_count = n;
    c.series_count = type == CHART_PYRAMID ? 2 : type == CHART_DONUT ? 1 : m;
    c.categories = categories;
    c.series = series;
    c.values = values;
    return c;
}

/* The box a shape covers. */
static void S_extent(const struct chart_shape *s, double *x0, double *y0, double *x1, double *y1)
{
    switch (s->kind) {
    case CHART_RECT:
        *x0 = s->x, *y0 = s->y, *x1 = s->x + s->w, *y1 = s->y + s->h;
        break;
    case CHART_LINE:
        *x0 = fmin(s->x, s->x + s->w), *x1 = fmax(s->x, s->x + s->w);
        *y0 = fmin(s->y, s->y + s->h), *y1 = fmax(s->y, s->y + s->h);
        break;
    case CHART_POLYGON:
        *x0 = *y0 = HUGE_VAL, *x1 = *y1 = -HUGE_VAL;
        for (size_t i = 0; i < s->point_count; i++) {
            *x0 = fmin(*x0, s->points[2 * i]), *x1 = fmax(*x1, s->points[2 * i]);
            *y0 = fmin(*y0, s->points[2 * i + 1]), *y1 = fmax(*y1, s->points[2 * i + 1]);
        }
        break;
    case CHART_TEXT: {
        double w = S_measure(NULL, s->text, s->size, s->bold);
        *x0 = s->anchor == CHART_START ? s->x : s->anchor == CHART_MIDDLE ? s->x - w / 2 : s->x - w;
        *x1 = *x0 + w;
        *y0 = s->y - ASCENT * s->size, *y1 = s->y + DESCENT * s->size;
        break;
    }
    }
}

/* Every shape inside 0..width × 0..height, rectangles not inverted,
 * polygons and texts not empty. */
static void S_assert_inside(const struct chart_drawing *d)
{
    const double slack = 1e-9;
    assert_true(d->width > 0 && d->height > 0);
    for (size_t i = 0; i < d->count; i++) {
        const struct chart_shape *s = &d->shapes[i];
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        S_extent(s, &x0, &y0, &x1, &y1);
        if (x0 < -slack || y0 < -slack || x1 > d->width + slack || y1 > d->height + slack)
            fail_msg("shape %zu (kind %d, '%s') at %g,%g..%g,%g is outside %g × %g", i,
                     (int)s->kind, s->text ? s->text : "", x0, y0, x1, y1, d->width, d->height);
        if (s->kind == CHART_RECT)
            assert_true(s->w > 0 && s->h > 0);
        if (s->kind == CHART_POLYGON)
            assert_true(s->point_count >= 3);
        if (s->kind == CHART_TEXT) {
            assert_non_null(s->text);
            assert_true(s->text[0] != '\0');
            assert_float_equal(s->size, SIZE, 0);
        }
    }
}

/* Lays `c` out, which must succeed, and checks the bounds. */
static void S_lay(const struct chart *c, double width, struct chart_drawing *d)
{
    char error[256] = "";
    if (chart_layout(c, width, SIZE, S_measure, NULL, d, error, sizeof error) != 0)
        fail_msg("chart_layout (type %d): %s", (int)c->type, error);
    assert_float_equal(d->width, width, 0);
    S_assert_inside(d);
}

/* Lays `c` out, which must fail with a message containing `needle`. */
static void S_refused(const struct chart *c, double width, const char *needle)
{
    char error[256] = "";
    struct chart_drawing d;
    assert_int_equal(chart_layout(c, width, SIZE, S_measure, NULL, &d, error, sizeof error), -1);
    if (!strstr(error, needle))
        fail_msg("error '%s' does not say '%s'", error, needle);
    assert_int_equal(d.count, 0);
    assert_null(d.shapes);
    chart_drawing_free(&d); /* harmless on an empty drawing */
}

static size_t S_count(const struct chart_drawing *d, enum chart_shape_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        n += d->shapes[i].kind == kind;
    return n;
}

static size_t S_count_colour(const struct chart_drawing *d, enum chart_shape_kind kind, int colour)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        n += d->shapes[i].kind == kind && d->shapes[i].colour == colour;
    return n;
}

/* The first text equal to `text`, or NULL. */
static const struct chart_shape *S_text(const struct chart_drawing *d, const char *text)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->shapes[i].kind == CHART_TEXT && strcmp(d->shapes[i].text, text) == 0)
            return &d->shapes[i];
    return NULL;
}

static size_t S_count_text(const struct chart_drawing *d, const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        n += d->shapes[i].kind == CHART_TEXT && strcmp(d->shapes[i].text, text) == 0;
    return n;
}

/* The first text that begins with `prefix`, or NULL. */
static const struct chart_shape *S_text_starting(const struct chart_drawing *d, const char *prefix)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->shapes[i].kind == CHART_TEXT &&
            strncmp(d->shapes[i].text, prefix, strlen(prefix)) == 0)
            return &d->shapes[i];
    return NULL;
}

/* The texts that contain `needle`. */
static size_t S_count_text_with(const struct chart_drawing *d, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        n += d->shapes[i].kind == CHART_TEXT && strstr(d->shapes[i].text, needle) != NULL;
    return n;
}

/* The bar (a rectangle of series colour, not a legend swatch) drawn for
 * the n-th value of that colour. */
static const struct chart_shape *S_bar(const struct chart_drawing *d, int colour, size_t n)
{
    for (size_t i = 0; i < d->count; i++) {
        const struct chart_shape *s = &d->shapes[i];
        int swatch = s->w == SWATCH && s->h == SWATCH;
        if (s->kind == CHART_RECT && s->colour == colour && !swatch && n-- == 0)
            return s;
    }
    return NULL;
}

static char *S_svg(const struct chart_drawing *d, const char *title, const char *desc)
{
    char *svg =
        chart_svg(d, S_palette, 3, "#222222", "#bbbbbb", "Noto Sans, sans-serif", title, desc);
    assert_non_null(svg);
    return svg;
}

/* Women and men by age group. */
static const char *const S_ages[] = {"0 a 17", "18 a 29", "30 a 59", "60 y m\xC3\xA1s"};
static const char *const S_sexes[] = {"Mujeres", "Hombres"};
static const double S_people[] = {237, 230, 426, 651, 541, 134, 38, 40};

static void test_type_parse(void **state)
{
    (void)state;
    assert_int_equal(chart_type_parse("grouped"), CHART_GROUPED);
    assert_int_equal(chart_type_parse("stacked"), CHART_STACKED);
    assert_int_equal(chart_type_parse("hbar"), CHART_HBAR);
    assert_int_equal(chart_type_parse("pyramid"), CHART_PYRAMID);
    assert_int_equal(chart_type_parse("donut"), CHART_DONUT);
    assert_int_equal(chart_type_parse("pie"), -1);
    assert_int_equal(chart_type_parse("Grouped"), -1);
    assert_int_equal(chart_type_parse(""), -1);
    assert_int_equal(chart_type_parse(NULL), -1);
}

static void test_grouped(void **state)
{
    (void)state;
    struct chart c = S_chart(CHART_GROUPED, 4, 2, S_ages, S_sexes, S_people);
    struct chart_drawing d;
    S_lay(&c, WIDTH, &d);
    /* 8 bars and 2 legend swatches */
    assert_int_equal(S_count(&d, CHART_RECT), 10);
    assert_int_equal(S_count_colour(&d, CHART_RECT, 0), 5);
    assert_non_null(S_text(&d, "Mujeres"));
    assert_non_null(S_text(&d, "Hombres"));
    assert_non_null(S_text(&d, "60 y m\xC3\xA1s"));
    /* values over the bars, centred on them */
    const struct chart_shape *bar = S_bar(&d, 1, 1), *label = S_text(&d, "651");
    assert_non_null(bar);
    assert_non_null(label);
    assert_int_equal(label->anchor, CHART_MIDDLE);
    assert_float_equal(label->x, bar->x + bar->w / 2, 1e-9);
    assert_true(label->y < bar->y);
    /* 651 at most: gridlines every 200 up to 800, none beyond */
    assert_non_null(S_text(&d, "0"));
    assert_non_null(S_text(&d, "200"));
    assert_non_null(S_text(&d, "800"));
    assert_null(S_text(&d, "1000"));
    assert_int_equal(S_count(&d, CHART_LINE), 5); /* 4 gridlines and the zero line */
    /* bars share one scale and one baseline */
    const struct chart_shape *b426 = S_bar(&d, 0, 1), *b237 = S_bar(&d, 0, 0);
    assert_float_equal(b426->h / b237->h, 426.0 / 237.0, 1e-9);
    assert_float_equal(b426->y + b426->h, b237->y + b237->h, 1e-9);
    chart_drawing_free(&d);
    assert_null(d.shapes);
    assert_int_equal(d.count, 0);
}

static void test_stacked(void **state)
{
    (void)state;
    struct chart c = S_chart(CHART_STACKED, 4, 2, S_ages, S_sexes, S_people);
    struct chart_drawing d;
    S_lay(&c, WIDTH, &d);
    assert_int_equal(S_count(&d, CHART_RECT), 10);
    /* series 0 at the bottom, series 1 on it */
    const struct chart_shape *women = S_bar(&d, 0, 1), *men = S_bar(&d, 1, 1);
    assert_float_equal(men->y + men->h, women->y, 1e-9);
    assert_float_equal(men->x, women->x, 1e-9);
    /* 426 + 651 = 1077 at most: the axis reaches 1200 */
    assert_non_null(S_text(&d, "1200"));
    /* a tall segment has its value inside; 38 on a 1200 axis is too thin */
    const struct chart_shape *label = S_text(&d, "651");
    assert_non_null(label);
    assert_true(label->y > men->y && label->y < men->y + men->h);
    assert_null(S_text(&d, "38"));
    chart_drawing_free(&d);
}

static void test_hbar(void **state)
{
    (void)state;
    struct chart c = S_chart(CHART_HBAR, 4, 1, S_ages, S_sexes, S_people);
    c.series_count = 1;
    const double values[] = {237, 651, 0, 38};
    c.values = values;
    struct chart_drawing d;
    S_lay(&c, WIDTH, &d);
    /* one series: no legend; a zero value has no bar but its label */
    assert_int_equal(S_count(&d, CHART_RECT), 3);
    assert_null(S_text(&d, "Mujeres"));
    assert_non_null(S_text(&d, "0"));
    /* each value at its bar's end */
    const struct chart_shape *bar = S_bar(&d, 0, 1), *label = S_text(&d, "651");
    assert_int_equal(label->anchor, CHART_START);
    assert_float_equal(label->x, bar->x + bar->w + 0.4 * SIZE, 1e-9);
    assert_true(label->y > bar->y && label->y < bar->y + bar->h);
    /* category labels end at the label column, left of the bars */
    const struct chart_shape *age = S_text(&d, "18 a 29");
    assert_int_equal(age->anchor, CHART_END);
    assert_true(age->x <= bar->x);
    assert_true(age->x <= 0.4 * WIDTH);
    chart_drawing_free(&d);

    /* two series: grouped horizontal bars and a legend */
    c.series_count = 2;
    c.values = S_people;
    S_lay(&c, WIDTH, &d);
    assert_int_equal(S_count(&d, CHART_RECT), 10);
    assert_non_null(S_text(&d, "Hombres"));
    const struct chart_shape *w = S_bar(&d, 0, 0), *m = S_bar(&d, 1, 0);
    assert_float_equal(w->y + w->h + 0.1 * 1.2 * SIZE, m->y, 1e-9);
    assert_float_equal(w->w / m->w, 237.0 / 230.0, 1e-9);
    chart_drawing_free(&d);
}

static void test_pyramid(void **state)
{
    (void)state;
    const double values[] = {237, 230, 426, 651, 100, 100, 38, NAN};
    struct chart c = S_chart(CHART_PYRAMID, 4, 2, S_ages, S_sexes, values);
    struct chart_drawing d;
    S_lay(&c, WIDTH, &d);
    /* 7 bars (one value missing) and 2 swatches */
    assert_int_equal(S_count(&d, CHART_RECT), 9);
    /* women grow left, men right, from either side of the central column */
    const struct chart_shape *w = S_bar(&d, 0, 2), *m = S_bar(&d, 1, 2);
    assert_float_equal(w->w, m->w, 1e-9); /* 100 and 100: one scale */
    assert_float_equal(w->x + w->w + m->x, WIDTH, 1e-9);
    assert_true(w->x + w->w < WIDTH / 2 && m->x > WIDTH / 2);
    const struct chart_shape *w426 = S_bar(&d, 0, 1), *m651 = S_bar(&d, 1, 1);
    assert_float_equal(w426->w / m651->w, 426.0 / 651.0, 1e-9);
    assert_float_equal(w426->x + w426->w, w->x + w->w, 1e-9);
    /* value labels at the outer ends */
    const struct chart_shape *l426 = S_text(&d, "426");
    assert_int_equal(l426->anchor, CHART_END);
    assert_true(l426->x < w426->x);
    /* the series' names over their sides, the age groups in the middle */
    assert_true(S_text(&d, "Mujeres")->x < WIDTH / 2 && S_text(&d, "Mujeres")->bold);
    assert_true(S_text(&d, "Hombres")->x > WIDTH / 2);
    assert_float_equal(S_text(&d, "30 a 59")->x, WIDTH / 2, 1e-9);
    assert_non_null(S_text(&d, DASH));
    chart_drawing_free(&d);
}

/* Every 2 degrees at most: the angle between consecutive outer points. */
static void S_assert_fine_arcs(const struct chart_shape *s, double cx, double cy)
{
    size_t outer = s->point_count / 2;
    for (size_t k = 1; k < outer; k++) {
        double a0 = atan2(s->points[2 * k - 2] - cx, cy - s->points[2 * k - 1]);
        double a1 = atan2(s->points[2 * k] - cx, cy - s->points[2 * k + 1]);
        double step = fabs(a1 - a0) * 180 / 3.14159265358979323846;
        if (step > 180)
            step = 360 - step;
        assert_true(step <= 2 + 1e-9);
    }
}

static void test_donut(void **state)
{
    (void)state;
    const char *const names[] = {"Lima y Callao", "Tumbes", "Piura"};
    const char *const series[] = {"Casos"};
    const double values[] = {50, 30, 20};
    struct chart c = S_chart(CHART_DONUT, 3, 1, names, series, values);
    struct chart_drawing d;
    S_lay(&c, WIDTH, &d);
    assert_int_equal(S_count(&d, CHART_POLYGON), 3);
    assert_int_equal(S_count(&d, CHART_RECT), 3); /* the legend's swatches */
    /* the first wedge starts at 12 o'clock and runs clockwise to 6 o'clock */
    const struct chart_shape *first = NULL;
    for (size_t i = 0; i < d.count && !first; i++)
        if (d.shapes[i].kind == CHART_POLYGON)
            first = &d.shapes[i];
    assert_int_equal(first->colour, 0);
    double cx = first->points[0], top = first->points[1];
    size_t outer = first->point_count / 2;
    assert_int_equal(outer, 91); /* 180 degrees, a point every 2 */
    double bottom = first->points[2 * (outer - 1) + 1];
    double cy = (top + bottom) / 2;
    assert_float_equal(first->points[2 * (outer - 1)], cx, 1e-9);
    assert_float_equal(first->points[2 * (outer / 2)] - cx, cy - top, 1e-9); /* 3 o'clock */
    for (size_t i = 0; i < d.count; i++)
        if (d.shapes[i].kind == CHART_POLYGON)
            S_assert_fine_arcs(&d.shapes[i], cx, cy);
    /* the legend: category, value and share */
    assert_non_null(S_text(&d, "Lima y Callao"));
    assert_non_null(S_text(&d, "30"));
    assert_non_null(S_text(&d, "50.0%"));
    assert_non_null(S_text(&d, "30.0%"));
    assert_non_null(S_text(&d, "20.0%"));
    chart_drawing_free(&d);

    /* shares with one decimal: 1/3 */
    const double thirds[] = {1, 1, 1};
    c.values = thirds;
    S_lay(&c, WIDTH, &d);
    assert_int_equal(S_count_text(&d, "33.3%"), 3);
    chart_drawing_free(&d);

    /* a narrow column: the legend goes under the ring */
    c.values = values;
    S_lay(&c, 150, &d);
    assert_true(d.height > 0.4 * 150 + 3 * 1.2 * SIZE);
    chart_drawing_free(&d);
}

/* All zero: no division by zero, an axis of 0..1, no bars; a donut refuses. */
static void test_all_zeros(void **state)
{
    (void)state;
    const double zeros[] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        struct chart c = S_chart(S_types[t], 4, 2, S_ages, S_sexes, zeros);
        if (S_types[t] == CHART_DONUT) {
            S_refused(&c, WIDTH, "every value is zero or missing");
            continue;
        }
        struct chart_drawing d;
        S_lay(&c, WIDTH, &d);
        assert_int_equal(S_count(&d, CHART_RECT), 2); /* the legend's swatches only */
        if (S_types[t] == CHART_GROUPED || S_types[t] == CHART_STACKED) {
            assert_non_null(S_text(&d, "0.0"));
            assert_non_null(S_text(&d, "1.0"));
        }
        if (S_types[t] != CHART_STACKED)
            assert_int_equal(S_count_text(&d, "0"), 8); /* every value printed */
        chart_drawing_free(&d);
    }
}

static void test_one_category(void **state)
{
    (void)state;
    const char *const one[] = {"Total"};
    const double values[] = {1939, 1346};
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        struct chart c = S_chart(S_types[t], 1, 2, one, S_sexes, values);
        struct chart_drawing d;
        S_lay(&c, WIDTH, &d);
        assert_int_equal(S_count_text(&d, "Total"), 1);
        if (S_types[t] == CHART_DONUT) {
            assert_int_equal(S_count(&d, CHART_POLYGON), 1); /* the whole ring */
            assert_non_null(S_text(&d, "100.0%"));
        } else {
            assert_int_equal(S_count(&d, CHART_RECT), 4);
        }
        chart_drawing_free(&d);
    }
}

static void test_one_series(void **state)
{
    (void)state;
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        if (S_types[t] == CHART_PYRAMID)
            continue;
        struct chart c = S_chart(S_types[t], 4, 1, S_ages, S_sexes, S_people);
        struct chart_drawing d;
        S_lay(&c, WIDTH, &d);
        assert_null(S_text(&d, "Mujeres")); /* no legend of series */
        assert_int_equal(S_count(&d, CHART_RECT) + S_count(&d, CHART_POLYGON),
                         S_types[t] == CHART_DONUT ? 8 : 4);
        chart_drawing_free(&d);
    }
}

/* A missing value: no bar or wedge, "–" for its label. */
static void test_missing_value(void **state)
{
    (void)state;
    const double values[] = {237, 230, NAN, 651, 541, 134, 38, 40};
    const size_t shapes[] = {9, 9, 9, 9, 3 + 4}; /* bars (or wedges) and swatches */
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        struct chart c = S_chart(S_types[t], 4, 2, S_ages, S_sexes, values);
        struct chart_drawing d;
        S_lay(&c, WIDTH, &d);
        assert_int_equal(S_count(&d, CHART_RECT) + S_count(&d, CHART_POLYGON), shapes[t]);
        if (S_types[t] == CHART_DONUT)
            assert_int_equal(S_count_text(&d, DASH), 2); /* value and share */
        else if (S_types[t] != CHART_STACKED)
            assert_int_equal(S_count_text(&d, DASH), 1);
        chart_drawing_free(&d);
    }
    /* a stacked category with no value at all shows "–" */
    const double none[] = {237, 230, NAN, NAN, 541, 134, 38, 40};
    struct chart c = S_chart(CHART_STACKED, 4, 2, S_ages, S_sexes, none);
    struct chart_drawing d;
    S_lay(&c, WIDTH, &d);
    assert_int_equal(S_count_text(&d, DASH), 1);
    chart_drawing_free(&d);
    /* every value missing: an empty chart, not an error (a donut refuses) */
    const double all[] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    c = S_chart(CHART_GROUPED, 4, 2, S_ages, S_sexes, all);
    S_lay(&c, WIDTH, &d);
    assert_int_equal(S_count(&d, CHART_RECT), 2);
    chart_drawing_free(&d);
    c = S_chart(CHART_DONUT, 4, 1, S_ages, S_sexes, all);
    S_refused(&c, WIDTH, "every value is zero or missing");
}

/* No line of a category label in `d` ends inside a word without a hyphen,
 * none is cut with "…", and every label is there whole: its lines, the
 * hyphens added taken out, joined with spaces, are the label. */
static void S_assert_labels_whole(const struct chart_drawing *d, const char *const *labels,
                                  size_t n)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->shapes[i].kind == CHART_TEXT && strstr(d->shapes[i].text, ELLIPSIS))
            fail_msg("'%s' is cut with an ellipsis", d->shapes[i].text);
    for (size_t c = 0; c < n; c++) {
        char joined[1024] = "";
        const struct chart_shape *first = NULL;
        size_t len = 0, want = strlen(labels[c]);
        /* the lines of a label: texts in a column, one after another */
        for (size_t i = 0; i < d->count && len < want; i++) {
            const struct chart_shape *s = &d->shapes[i];
            if (s->kind != CHART_TEXT)
                continue;
            if (!first) {
                /* its first line: the label's start, to a word's end or a hyphen
                 * (another label may start with the same words) */
                size_t k = strlen(s->text), h = s->text[k - 1] == '-';
                char next = k - h <= want ? labels[c][k - h] : 'x';
                if (strncmp(labels[c], s->text, k - h) != 0 || !(h || next == ' ' || next == '\0'))
                    continue;
                first = s;
            } else if (s->x != first->x || s->anchor != first->anchor) {
                continue;
            }
            size_t k = strlen(s->text);
            if (len + k > want + 1)
                fail_msg("the line '%s' runs past '%s'", s->text, labels[c]);
            int added = k > 1 && s->text[k - 1] == '-' && labels[c][len + k - 1] != '-';
            char next = labels[c][len + k - (size_t)added], last = s->text[k - 1];
            if (!added && next != '\0' && next != ' ' && last != '-' && last != '/')
                fail_msg("the line '%s' of '%s' ends inside a word without a hyphen", s->text,
                         labels[c]);
            if (strncmp(labels[c] + len, s->text, k - (size_t)added) != 0)
                fail_msg("the line '%s' is not the next of '%s'", s->text, labels[c]);
            memcpy(joined + len, s->text, k - (size_t)added);
            len += k - (size_t)added;
            if (!added && len < want)
                joined[len++] = ' ';
            joined[len] = '\0';
        }
        assert_string_equal(joined, labels[c]);
    }
}

/* Every text of a category label anchored `anchor`: CHART_MIDDLE under
 * columns, CHART_END beside rows. */
static void S_assert_label_anchor(const struct chart_drawing *d, const char *label,
                                  enum chart_anchor anchor)
{
    const struct chart_shape *s = S_text_starting(d, label);
    assert_non_null(s);
    assert_int_equal(s->anchor, anchor);
}

/* Long labels are wrapped at spaces, onto as many lines as they need (up
 * to 8) rather than cut with "…"; a word longer than a line is broken with
 * a hyphen; nothing leaves the drawing. */
static void test_long_labels(void **state)
{
    (void)state;
    const char *const names[] = {
        "Asociaci\xC3\xB3n de Municipalidades del Per\xC3\xBA, programa nacional de "
        "fortalecimiento de capacidades para la gesti\xC3\xB3n del riesgo de desastres en "
        "zonas rurales altoandinas y amaz\xC3\xB3nicas",
        "Ayacucho", "Superextraordinariamentelarguisimaconstitucionalidadinquebrantable", "Tumbes"};
    const char *const series[] = {"Mujeres", "Hombres"};
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        struct chart c = S_chart(S_types[t], 4, 2, names, series, S_people);
        struct chart_drawing d;
        S_lay(&c, WIDTH, &d);
        assert_int_equal(S_count_text_with(&d, ELLIPSIS), 0);
        assert_non_null(S_text(&d, "Ayacucho"));
        assert_null(S_text(&d, names[0]));
        S_assert_labels_whole(&d, names, 4);
        /* the long word, broken with hyphens */
        const struct chart_shape *w = S_text_starting(&d, "Superextra");
        assert_non_null(w);
        assert_int_equal(w->text[strlen(w->text) - 1], '-');
        if (S_types[t] == CHART_HBAR) {
            for (size_t i = 0; i < d.count; i++)
                if (d.shapes[i].kind == CHART_TEXT && d.shapes[i].anchor == CHART_END &&
                    strcmp(d.shapes[i].text, "Ayacucho") == 0)
                    assert_true(d.shapes[i].x <= 0.4 * WIDTH);
        }
        chart_drawing_free(&d);
    }
}

/* Table 37 of the evaluation report: labels too long for their columns
 * (a word wider than its column) turn the columns into rows, the labels
 * beside them whole; labels that wrap at spaces onto 4 lines keep their
 * columns, none cut with "…". */
static void test_labels_turn_columns_into_rows(void **state)
{
    (void)state;
    const char *const es[] = {"A\xC3\xBAn no consigo empleo",
                              "Consegu\xC3\xAD empleo gracias a la orientaci\xC3\xB3n brindada",
                              "Consegu\xC3\xAD empleo, pero con otros medios",
                              "Inici\xC3\xA9 mi propio emprendimiento individual",
                              "Inici\xC3\xA9 un emprendimiento con otras personas",
                              "Otro. Especificar:"};
    const char *const en[] = {"I have not found work yet",
                              "I found work thanks to the guidance that was provided",
                              "I found work, but by other means",
                              "I started my own individual business",
                              "I started a business with other people",
                              "Other. Please specify:"};
    const char *const series[] = {"S\xC3\xAD, subieron", "S\xC3\xAD, bajaron",
                                  "No, se mantienen iguales", "No responde"};
    const double values[] = {NAN, 7,  5, 2, NAN, 2, 1, 1,   1, 4,  6, 1,
                             9,   19, 6, 1, NAN, 1, 1, NAN, 2, 10, 5, 2};
    static const enum chart_type columns[] = {CHART_STACKED, CHART_GROUPED};
    for (size_t t = 0; t < 2; t++) {
        /* 300 pt: a column takes 11 characters, "emprendimiento" 14 */
        struct chart c = S_chart(columns[t], 6, 4, es, series, values);
        struct chart_drawing d;
        S_lay(&c, 300, &d);
        S_assert_labels_whole(&d, es, 6);
        S_assert_label_anchor(&d, "Inici\xC3\xA9 un", CHART_END);
        assert_null(S_text_starting(&d, "emprendimient-"));
        chart_drawing_free(&d);
        /* 450 pt: 17 characters, 4 lines for the longest label */
        c = S_chart(columns[t], 6, 4, en, series, values);
        S_lay(&c, WIDTH, &d);
        S_assert_labels_whole(&d, en, 6);
        S_assert_label_anchor(&d, "I found work", CHART_MIDDLE);
        assert_non_null(S_text(&d, "provided"));
        chart_drawing_free(&d);
    }
}

/* A range keeps its dash with its figures: "(0 – 5 años)" wraps before
 * the parenthesis or after the range, never at the dash. */
static void test_ranges_are_not_parted(void **state)
{
    (void)state;
    const char *const names[] = {"Primera infancia (0 \xE2\x80\x93 5 a\xC3\xB1os)",
                                 "J\xC3\xB3venes (18 \xE2\x80\x93 29 a\xC3\xB1os)"};
    const char *const series[] = {"Mujeres", "Hombres"};
    const double values[] = {237, 216, 651, 411};
    for (double width = 200; width <= 420; width += 20) {
        struct chart c = S_chart(CHART_PYRAMID, 2, 2, names, series, values);
        struct chart_drawing d;
        S_lay(&c, width, &d);
        for (size_t i = 0; i < d.count; i++) {
            const struct chart_shape *sh = &d.shapes[i];
            if (sh->kind != CHART_TEXT)
                continue;
            size_t n = strlen(sh->text);
            if (n >= 3 && strcmp(sh->text + n - 3, "\xE2\x80\x93") == 0)
                fail_msg("at %.0f pt a line ends at the dash: '%s'", width, sh->text);
            if (strncmp(sh->text, "\xE2\x80\x93", 3) == 0 || strncmp(sh->text, "5 a", 3) == 0 ||
                strncmp(sh->text, "29 a", 4) == 0)
                fail_msg("at %.0f pt a line starts within the range: '%s'", width, sh->text);
        }
        chart_drawing_free(&d);
    }
}

/* A chart that would be taller than max_height (a page, in print) wraps
 * its labels onto fewer lines, cut with "…", until it fits; without the
 * limit they are whole. */
static void test_labels_shortened_to_the_height(void **state)
{
    (void)state;
    const char *long_label = "una etiqueta muy larga que ocupa muchos renglones junto a su barra "
                             "en un folleto de resultados de un semestre";
    const char *const names[] = {long_label, long_label, long_label, long_label, long_label};
    const char *const series[] = {"Total"};
    const double values[] = {1, 2, 3, 4, 5};
    struct chart c = S_chart(CHART_HBAR, 5, 1, names, series, values);
    struct chart_drawing d;
    S_lay(&c, 300, &d);
    double whole = d.height;
    for (size_t i = 0; i < d.count; i++)
        if (d.shapes[i].kind == CHART_TEXT)
            assert_null(strstr(d.shapes[i].text, ELLIPSIS));
    chart_drawing_free(&d);
    c.max_height = whole * 0.6;
    S_lay(&c, 300, &d);
    assert_true(d.height <= c.max_height);
    int cut = 0;
    for (size_t i = 0; i < d.count; i++)
        cut += d.shapes[i].kind == CHART_TEXT && strstr(d.shapes[i].text, ELLIPSIS) != NULL;
    assert_int_equal(cut, 5);
    chart_drawing_free(&d);
}

/* A word wider than its line is broken where the chart's hyphenation says,
 * with a hyphen shown. */
static size_t S_every_fourth(void *ctx, const char *word, size_t len, size_t *points, size_t max)
{
    (void)word;
    (*(int *)ctx)++;
    size_t n = 0;
    for (size_t at = 4; at + 2 < len && n < max; at += 4)
        points[n++] = at;
    return n;
}

static void test_labels_hyphenated(void **state)
{
    (void)state;
    const char *const names[] = {"Interinstitucionalidades", "Lima"};
    const char *const series[] = {"Casos"};
    const double values[] = {3, 4};
    int calls = 0;
    struct chart c = S_chart(CHART_HBAR, 2, 1, names, series, values);
    c.hyphenate = S_every_fourth;
    c.hyphenate_ctx = &calls;
    struct chart_drawing d;
    /* 40% of 150 pt: 15 characters a line */
    S_lay(&c, 150, &d);
    assert_true(calls > 0);
    S_assert_labels_whole(&d, names, 2);
    /* "Interinstitucio" would fit; the hyphenation's "Interinstitu-" does */
    assert_non_null(S_text(&d, "Interinstitu-"));
    assert_non_null(S_text(&d, "cionalidades"));
    chart_drawing_free(&d);
}

static void test_many_categories(void **state)
{
    (void)state;
    char names[20][48];
    const char *categories[20];
    double values[60];
    for (size_t i = 0; i < 20; i++) {
        snprintf(names[i], sizeof names[i], "Departamento n\xC3\xBAmero %zu", i + 1);
        categories[i] = names[i];
    }
    for (size_t i = 0; i < 60; i++)
        values[i] = (double)((i * 37) % 101);
    const char *const series[] = {"Mujeres", "Hombres", "Otros"};
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        for (size_t m = 1; m <= 3; m++) {
            if ((S_types[t] == CHART_PYRAMID && m != 2) || (S_types[t] == CHART_DONUT && m != 1))
                continue;
            struct chart c = S_chart(S_types[t], 20, m, categories, series, values);
            struct chart_drawing d;
            S_lay(&c, WIDTH, &d);
            chart_drawing_free(&d);
            /* a narrow column: rows still fit, 20 columns do not */
            if (S_types[t] == CHART_GROUPED || S_types[t] == CHART_STACKED) {
                S_refused(&c, 250, "20 categories do not fit a chart 250 pt wide");
            } else {
                S_lay(&c, 200, &d);
                chart_drawing_free(&d);
            }
        }
    }
}

/* Grouped and hbar charts show negative values; the others refuse them. */
static void test_negative_values(void **state)
{
    (void)state;
    const char *const names[] = {"Meta 1", "Meta 2", "Meta 3"};
    const char *const series[] = {"Cambio"};
    const double change[] = {12.5, -7, 2.7};
    struct chart c = S_chart(CHART_GROUPED, 3, 1, names, series, change);
    struct chart_drawing d;
    S_lay(&c, WIDTH, &d);
    /* the axis runs from -10 to 15 in steps of 5 */
    assert_non_null(S_text(&d, "-10"));
    assert_non_null(S_text(&d, "15"));
    assert_null(S_text(&d, "-0"));
    const struct chart_shape *up = S_bar(&d, 0, 0), *down = S_bar(&d, 0, 1);
    assert_float_equal(up->y + up->h, down->y, 1e-9); /* both meet at zero */
    assert_float_equal(down->h / up->h, 7 / 12.5, 1e-9);
    assert_true(S_text(&d, "-7")->y > down->y + down->h); /* its label below it */
    chart_drawing_free(&d);

    c.type = CHART_HBAR;
    S_lay(&c, WIDTH, &d);
    up = S_bar(&d, 0, 0);
    down = S_bar(&d, 0, 1);
    assert_float_equal(down->x + down->w, up->x, 1e-9);
    const struct chart_shape *label = S_text(&d, "-7");
    assert_int_equal(label->anchor, CHART_END);
    assert_true(label->x < down->x);
    assert_true(S_text(&d, "Meta 2")->x < label->x - S_measure(NULL, "-7", SIZE, 0));
    chart_drawing_free(&d);

    /* all negative */
    const double worse[] = {-1, -2, -3};
    c.values = worse;
    for (int type = CHART_GROUPED; type <= CHART_HBAR; type += CHART_HBAR) {
        c.type = (enum chart_type)type;
        S_lay(&c, WIDTH, &d);
        assert_int_equal(S_count(&d, CHART_RECT), 3);
        chart_drawing_free(&d);
    }

    c.values = change;
    c.type = CHART_STACKED;
    S_refused(&c, WIDTH, "a stacked chart cannot show the negative value -7 (Meta 2, Cambio)");
    c.type = CHART_DONUT;
    S_refused(&c, WIDTH, "a donut chart cannot show the negative value -7 (Meta 2, Cambio)");
    const double pyramid[] = {10, 12, 8, -1, 3, 4};
    c = S_chart(CHART_PYRAMID, 3, 2, names, S_sexes, pyramid);
    S_refused(&c, WIDTH, "a pyramid chart cannot show the negative value -1 (Meta 2, Hombres)");
}

/* The caller's labels ("4,108") are printed as given, "–" where a value is
 * missing whatever the label says. */
static void test_value_labels(void **state)
{
    (void)state;
    const char *const names[] = {"Beneficiarios", "Casos"};
    const char *const series[] = {"Meta", "Resultado"};
    const double values[] = {4000, 4108, 130, NAN};
    const char *const labels[] = {"4,000", "4,108", "130", "n.d."};
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        if (S_types[t] == CHART_DONUT || S_types[t] == CHART_STACKED)
            continue;
        struct chart c = S_chart(S_types[t], 2, 2, names, series, values);
        c.value_labels = labels;
        struct chart_drawing d;
        S_lay(&c, WIDTH, &d);
        assert_non_null(S_text(&d, "4,108"));
        assert_non_null(S_text(&d, "130"));
        assert_null(S_text(&d, "4108"));
        assert_null(S_text(&d, "n.d."));
        assert_non_null(S_text(&d, DASH));
        chart_drawing_free(&d);
    }
    /* without labels: %g */
    const double fractions[] = {0.25, 1e7};
    const char *const one[] = {"Tasa"};
    struct chart c = S_chart(CHART_HBAR, 2, 1, names, one, fractions);
    struct chart_drawing d;
    S_lay(&c, WIDTH, &d);
    assert_non_null(S_text(&d, "0.25"));
    assert_non_null(S_text(&d, "1e+07"));
    chart_drawing_free(&d);
}

static void test_errors(void **state)
{
    (void)state;
    struct chart c = S_chart(CHART_GROUPED, 4, 2, S_ages, S_sexes, S_people);
    struct chart_drawing d;
    char error[256];

    c.category_count = 0;
    S_refused(&c, WIDTH, "no categories");
    c.category_count = 4;
    c.series_count = 0;
    S_refused(&c, WIDTH, "no series");

    c = S_chart(CHART_PYRAMID, 4, 2, S_ages, S_sexes, S_people);
    c.series_count = 1;
    S_refused(&c, WIDTH, "a pyramid takes two series (left and right); this chart has 1");
    c = S_chart(CHART_DONUT, 4, 1, S_ages, S_sexes, S_people);
    c.series_count = 2;
    S_refused(&c, WIDTH, "a donut takes one series; this chart has 2");

    const double infinite[] = {1, 2, INFINITY, 4};
    c = S_chart(CHART_HBAR, 4, 1, S_ages, S_sexes, infinite);
    S_refused(&c, WIDTH, "the value of 30 a 59, Mujeres is not a finite number");
    const double huge[] = {1, 2, 3, -1e308};
    c.values = huge;
    S_refused(&c, WIDTH, "the value of 60 y m\xC3\xA1s, Mujeres is not a finite number");
    /* the largest values that are charted */
    const double large[] = {1e300, -1e300, 0, 1e-300};
    c.values = large;
    S_lay(&c, WIDTH, &d);
    chart_drawing_free(&d);
    c.type = CHART_GROUPED;
    S_lay(&c, WIDTH, &d);
    char *svg = S_svg(&d, "t", NULL);
    assert_null(strstr(svg, "nan"));
    assert_null(strstr(svg, "inf"));
    free(svg);
    chart_drawing_free(&d);

    c = S_chart(CHART_GROUPED, 4, 2, S_ages, S_sexes, S_people);
    S_refused(&c, 50, "too narrow");
    S_refused(&c, 0, "a width and a label size above 0");
    S_refused(&c, NAN, "a width and a label size above 0");
    S_refused(&c, 1e6, "up to 100000 pt");
    c.type = (enum chart_type)7;
    S_refused(&c, WIDTH, "unknown chart type 7");

    /* too many columns for the width, though the width itself would do */
    double many[200] = {0};
    const char *names[200];
    for (size_t i = 0; i < 200; i++)
        names[i] = "x";
    c = S_chart(CHART_GROUPED, 200, 1, names, S_sexes, many);
    S_refused(&c, WIDTH, "200 categories do not fit a chart 450 pt wide");

    /* no measure function; no room for the message: still -1 */
    c = S_chart(CHART_GROUPED, 4, 2, S_ages, S_sexes, S_people);
    assert_int_equal(chart_layout(&c, WIDTH, SIZE, NULL, NULL, &d, error, sizeof error), -1);
    assert_non_null(strstr(error, "measure"));
    c.category_count = 0;
    assert_int_equal(chart_layout(&c, WIDTH, SIZE, S_measure, NULL, &d, NULL, 0), -1);
    assert_int_equal(chart_layout(&c, WIDTH, 0, S_measure, NULL, &d, error, 1), -1);
    assert_string_equal(error, "");
    chart_drawing_free(&d);
}

/* Counts the elements named `name` under `node`. */
static size_t S_elements(const xmlNode *node, const char *name)
{
    size_t n = 0;
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        n += strcmp((const char *)node->name, name) == 0;
        n += S_elements(node->children, name);
    }
    return n;
}

static xmlNode *S_child(const xmlNode *parent, const char *name)
{
    for (xmlNode *n = parent->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

/* Parses `svg` with libxml2 and checks it against the drawing. */
static void S_assert_svg(const char *svg, const struct chart_drawing *d, const char *title)
{
    xmlDoc *doc = xmlReadMemory(svg, (int)strlen(svg), "chart.svg", "UTF-8", XML_PARSE_NONET);
    if (!doc)
        fail_msg("not well-formed: %s", svg);
    xmlNode *root = xmlDocGetRootElement(doc);
    assert_string_equal((const char *)root->name, "svg");
    assert_string_equal((const char *)root->ns->href, "http://www.w3.org/2000/svg");
    xmlChar *role = xmlGetProp(root, (const xmlChar *)"role");
    assert_string_equal((const char *)role, "img");
    xmlFree(role);
    assert_int_equal(S_elements(root, "rect"), S_count(d, CHART_RECT));
    assert_int_equal(S_elements(root, "polygon"), S_count(d, CHART_POLYGON));
    assert_int_equal(S_elements(root, "line"), S_count(d, CHART_LINE));
    assert_int_equal(S_elements(root, "text"), S_count(d, CHART_TEXT));
    /* the title comes first, and aria-labelledby names it and the desc */
    xmlNode *t = S_child(root, "title");
    assert_ptr_equal(t, xmlFirstElementChild(root));
    xmlChar *text = xmlNodeGetContent(t);
    assert_string_equal((const char *)text, title);
    xmlFree(text);
    xmlChar *ids = xmlGetProp(root, (const xmlChar *)"aria-labelledby");
    xmlChar *title_id = xmlGetProp(t, (const xmlChar *)"id");
    assert_non_null(strstr((const char *)ids, (const char *)title_id));
    xmlNode *desc = S_child(root, "desc");
    if (desc) {
        xmlChar *desc_id = xmlGetProp(desc, (const xmlChar *)"id");
        assert_non_null(strstr((const char *)ids, (const char *)desc_id));
        xmlFree(desc_id);
    }
    xmlFree(ids);
    xmlFree(title_id);
    xmlFreeDoc(doc);
}

static void test_svg_well_formed(void **state)
{
    (void)state;
    const double values[] = {237, 230, NAN, 651, 541, 134, 38, 40};
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        struct chart c = S_chart(S_types[t], 4, 2, S_ages, S_sexes, values);
        struct chart_drawing d;
        S_lay(&c, WIDTH, &d);
        char *svg = S_svg(&d, "Poblaci\xC3\xB3n por edad", "Mujeres y hombres por grupo de edad");
        S_assert_svg(svg, &d, "Poblaci\xC3\xB3n por edad");
        assert_non_null(
            strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 450 "));
        assert_non_null(strstr(svg, "font-family=\"Noto Sans, sans-serif\""));
        assert_non_null(strstr(svg, "font-size=\"8\""));
        assert_non_null(strstr(svg, "fill=\"#1b6ca8\""));
        assert_non_null(strstr(svg, "fill=\"#222222\""));
        if (S_count(&d, CHART_LINE) > 0)
            assert_non_null(strstr(svg, "stroke=\"#bbbbbb\""));
        free(svg);
        chart_drawing_free(&d);
    }
}

/* Title, desc and labels are escaped; forbidden control characters dropped. */
static void test_svg_escaping(void **state)
{
    (void)state;
    const char *const names[] = {"<b>Lima & \"Callao\"</b>", "Tumbes\x01"};
    const char *const series[] = {"A & B", "C < D"};
    const double values[] = {1, 2, 3, 4};
    struct chart c = S_chart(CHART_GROUPED, 2, 2, names, series, values);
    struct chart_drawing d;
    S_lay(&c, WIDTH, &d);
    const char *title = "Casos & \"derivaciones\" <2024>";
    char *svg = chart_svg(&d, S_palette, 3, "#222222", "#bbbbbb", "\"Noto Sans\"", title, NULL);
    S_assert_svg(svg, &d, title);
    assert_non_null(strstr(svg, "A &amp; B"));
    assert_non_null(strstr(svg, "C &lt; D"));
    assert_non_null(strstr(svg, "font-family=\"&quot;Noto Sans&quot;\""));
    assert_null(strstr(svg, "<desc")); /* no desc given */
    assert_null(strstr(svg, "\x01"));
    free(svg);
    chart_drawing_free(&d);
}

/* Two charts on a page get different ids; the same chart the same ids. */
static void test_svg_ids(void **state)
{
    (void)state;
    struct chart c = S_chart(CHART_GROUPED, 4, 2, S_ages, S_sexes, S_people);
    struct chart_drawing d;
    S_lay(&c, WIDTH, &d);
    char *a = S_svg(&d, "Poblaci\xC3\xB3n", "Por edad");
    char *b = S_svg(&d, "Poblaci\xC3\xB3n", "Por sexo");
    char *again = S_svg(&d, "Poblaci\xC3\xB3n", "Por edad");
    chart_drawing_free(&d);
    c.type = CHART_HBAR;
    S_lay(&c, WIDTH, &d);
    char *h = S_svg(&d, "Poblaci\xC3\xB3n", "Por edad");
    chart_drawing_free(&d);

    char ida[32], idb[32], idh[32], idagain[32];
    assert_int_equal(sscanf(strstr(a, "<title id=\""), "<title id=\"%31[^\"]", ida), 1);
    assert_int_equal(sscanf(strstr(b, "<title id=\""), "<title id=\"%31[^\"]", idb), 1);
    assert_int_equal(sscanf(strstr(h, "<title id=\""), "<title id=\"%31[^\"]", idh), 1);
    assert_int_equal(sscanf(strstr(again, "<title id=\""), "<title id=\"%31[^\"]", idagain), 1);
    assert_int_equal(strlen(ida), strlen("chart-01234567-title"));
    assert_int_equal(strncmp(ida, "chart-", 6), 0);
    assert_string_not_equal(ida, idb);
    assert_string_not_equal(ida, idh);
    assert_string_equal(ida, idagain);
    free(a);
    free(b);
    free(again);
    free(h);
}

/* Every number in the attribute values of `svg` has two decimals at most,
 * no trailing zero, and none is "-0". */
static void S_assert_numbers(const char *svg)
{
    for (const char *p = strstr(svg, "=\""); p; p = strstr(p, "=\"")) {
        p += 2;
        const char *end = strchr(p, '"');
        for (const char *prev = p - 1; p < end; prev = p - 1) {
            size_t n = strspn(p, "-.0123456789");
            /* a number stands alone: not "w3" in a URL, "1b" in a colour */
            int alone = !isalnum((unsigned char)*prev) && !isalnum((unsigned char)p[n]);
            if (n == 0 || !alone) {
                p += n ? n : 1;
                continue;
            }
            char token[64];
            snprintf(token, sizeof token, "%.*s", (int)n, p);
            const char *dot = strchr(token, '.');
            if (dot) {
                size_t decimals = strlen(dot + 1);
                if (decimals < 1 || decimals > 2 || token[n - 1] == '0')
                    fail_msg("number '%s'", token);
            }
            if (strcmp(token, "-0") == 0)
                fail_msg("negative zero");
            p += n;
        }
    }
}

static void test_svg_numbers(void **state)
{
    (void)state;
    const char *const names[] = {"a", "b", "c"};
    const char *const series[] = {"s"};
    const double values[] = {1.0 / 3, -2.0 / 7, 0};
    for (int type = CHART_GROUPED; type <= CHART_HBAR; type += CHART_HBAR) {
        struct chart c = S_chart((enum chart_type)type, 3, 1, names, series, values);
        struct chart_drawing d;
        S_lay(&c, 333.333, &d);
        char *svg = S_svg(&d, "t", "d");
        S_assert_numbers(svg);
        assert_non_null(strstr(svg, "viewBox=\"0 0 333.33 "));
        free(svg);
        chart_drawing_free(&d);
    }
    /* chart_svg on its own: tiny negatives print as 0, not -0 */
    double points[] = {-0.004, 1, 2, -0.0, 3.999, 4.5};
    char text[] = "x";
    struct chart_shape shapes[] = {
        {.kind = CHART_RECT, .x = -0.001, .y = -0.0, .w = 10.006, .h = 2.3449},
        {.kind = CHART_POLYGON, .points = points, .point_count = 3},
        {.kind = CHART_LINE, .colour = CHART_RULE, .x = 1, .w = -1.001, .stroke = 0.25},
        {.kind = CHART_TEXT, .colour = CHART_INK, .x = -0.0049, .y = 7, .text = text, .size = 8},
    };
    struct chart_drawing hand = {20, 10, shapes, 4};
    char *own = S_svg(&hand, "t", "d");
    S_assert_numbers(own);
    assert_non_null(strstr(own, "<rect x=\"0\" y=\"0\" width=\"10.01\" height=\"2.34\""));
    assert_non_null(strstr(own, "points=\"0,1 2,0 4,4.5\""));
    assert_non_null(strstr(own, "x2=\"0\""));
    assert_non_null(strstr(own, "<text x=\"0\" y=\"7\""));
    free(own);

    /* a donut's points: sines and cosines near zero */
    const double quarters[] = {1, 1, 1, 1};
    struct chart c = S_chart(CHART_DONUT, 3, 1, names, series, quarters);
    struct chart_drawing d;
    S_lay(&c, WIDTH, &d);
    char *svg = S_svg(&d, "t", "d");
    S_assert_numbers(svg);
    free(svg);
    chart_drawing_free(&d);
}

static void test_determinism(void **state)
{
    (void)state;
    const double values[] = {237, 230, NAN, 651, 541, 134, 38, 40};
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        struct chart c = S_chart(S_types[t], 4, 2, S_ages, S_sexes, values);
        struct chart_drawing d1, d2;
        S_lay(&c, WIDTH, &d1);
        S_lay(&c, WIDTH, &d2);
        char *a = S_svg(&d1, "t", "d"), *b = S_svg(&d2, "t", "d");
        assert_string_equal(a, b);
        free(a);
        free(b);
        chart_drawing_free(&d1);
        chart_drawing_free(&d2);
    }
}

/* The measure function gets the caller's context, the size and the weight. */
static void test_measure_context(void **state)
{
    (void)state;
    int calls = 0;
    char error[64];
    struct chart c = S_chart(CHART_PYRAMID, 4, 2, S_ages, S_sexes, S_people);
    struct chart_drawing d;
    assert_int_equal(chart_layout(&c, WIDTH, SIZE, S_measure, &calls, &d, error, sizeof error), 0);
    assert_true(calls > 0);
    chart_drawing_free(&d);
    chart_drawing_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_parse),
        /* each type on typical data */
        cmocka_unit_test(test_grouped),
        cmocka_unit_test(test_stacked),
        cmocka_unit_test(test_hbar),
        cmocka_unit_test(test_pyramid),
        cmocka_unit_test(test_donut),
        /* every type on awkward data */
        cmocka_unit_test(test_all_zeros),
        cmocka_unit_test(test_one_category),
        cmocka_unit_test(test_one_series),
        cmocka_unit_test(test_missing_value),
        cmocka_unit_test(test_long_labels),
        cmocka_unit_test(test_labels_turn_columns_into_rows),
        cmocka_unit_test(test_labels_hyphenated),
        cmocka_unit_test(test_labels_shortened_to_the_height),
        cmocka_unit_test(test_ranges_are_not_parted),
        cmocka_unit_test(test_many_categories),
        cmocka_unit_test(test_negative_values),
        cmocka_unit_test(test_value_labels),
        cmocka_unit_test(test_errors),
        /* the SVG */
        cmocka_unit_test(test_svg_well_formed),
        cmocka_unit_test(test_svg_escaping),
        cmocka_unit_test(test_svg_ids),
        cmocka_unit_test(test_svg_numbers),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_measure_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
