/* Charts drawn from a table's figures: grouped and stacked bars,
 * horizontal bars, a population pyramid and a donut.
 *
 * chart_layout turns the data into a drawing: a list of shapes in a box
 * `width` wide (its height is the layout's choice), in points, y growing
 * downwards. Both writers draw the same shapes: the HTML writer as SVG
 * (chart_svg), the PDF writer as vector paths and text, so the two
 * editions show the same chart. */
#ifndef FOLIO_CHART_H
#define FOLIO_CHART_H

#include <stddef.h>

#include "locale.h"

enum chart_type { CHART_GROUPED, CHART_STACKED, CHART_HBAR, CHART_PYRAMID, CHART_DONUT };

struct chart {
    enum chart_type type;
    size_t category_count; /* the table's rows */
    size_t series_count;   /* the table's columns; pyramid: 2, donut: 1 */
    const char *const *categories;
    const char *const *series;
    /* values[c * series_count + s]; NAN for a value that is missing */
    const double *values;
    /* the same figures formatted for the edition's locale ("4,108"), or
     * NULL to print them with %g */
    const char *const *value_labels;
    /* formats axis labels and a donut's shares; NULL: plain %f */
    const struct locale *locale;
    /* Where a word (UTF-8 letters, `len` bytes) may take a hyphen: byte
     * offsets, increasing, up to `max` into `points`; returns how many.
     * A label's word too wide for its line is broken at one of them (with
     * a visible hyphen). NULL: no dictionary (words are broken after a
     * hyphen or slash they have, else between characters, with a hyphen). */
    size_t (*hyphenate)(void *ctx, const char *word, size_t len, size_t *points, size_t max);
    void *hyphenate_ctx;
    /* The tallest the drawing may be (a page's text, in print), 0 for no
     * limit: labels then wrap onto fewer lines, cut with "…", until it
     * fits, if it can. */
    double max_height;
};

/* The width of `text` (UTF-8) set at `size` points, bold or not. */
typedef double (*chart_measure_fn)(void *ctx, const char *text, double size, int bold);

enum chart_shape_kind { CHART_RECT, CHART_POLYGON, CHART_LINE, CHART_TEXT };

enum chart_anchor { CHART_START, CHART_MIDDLE, CHART_END };

/* Colours are indices: 0..series_count-1 a series' colour (a donut: a
 * category's), CHART_INK the text colour, CHART_RULE axis and grid lines;
 * CHART_ON(s) a text set on series s's colour, which the writer draws in
 * the ink or the paper colour, whichever reads better on it. */
enum { CHART_INK = -1, CHART_RULE = -2 };
#define CHART_ON(s) (-10 - (s))
#define CHART_IS_ON(colour) ((colour) <= -10)
#define CHART_ON_SERIES(colour) (-10 - (colour))

struct chart_shape {
    enum chart_shape_kind kind;
    int colour;
    /* RECT: x, y (top left), w, h. LINE: from (x, y) to (x + w, y + h),
     * width `stroke`. TEXT: baseline at (x, y), aligned by `anchor`. */
    double x, y, w, h;
    double stroke;
    /* POLYGON: point_count points, x0 y0 x1 y1 ... (a closed, filled path) */
    double *points;
    size_t point_count;
    char *text;
    double size;
    int bold;
    enum chart_anchor anchor;
};

struct chart_drawing {
    double width, height;
    struct chart_shape *shapes;
    size_t count;
};

/* Lays `chart` out `width` points wide with labels set at `size` points.
 * 0, or -1 with a message in `error` (size `error_size`) when the chart
 * cannot be drawn (no categories, a pyramid without two series, a negative
 * value in a donut ...).
 *
 * Negative values: grouped and hbar charts show them (the axis reaches
 * below zero, the bar hangs down or left from it); stacked, pyramid and
 * donut charts refuse them with an error. A donut also refuses values
 * that are all zero or missing. A missing value (NAN) has no bar or wedge
 * and the label "–" (value_labels are not used for it). Infinite values
 * are refused.
 *
 * Every shape lies inside 0..width × 0..height, a text taken to reach
 * 0.9 × size above its baseline and 0.25 × size below it, as wide as
 * `measure` says (`measure` is required). Category labels are wrapped at
 * spaces; a word too wide for its line is broken with a hyphen (see
 * `hyphenate`); a label is cut with "…" only past 8 lines, or fewer when
 * the drawing would be taller than `max_height`. Grouped and
 * stacked columns whose labels do not fit under them whole (every word
 * whole, 4 lines at most) are drawn as horizontal bars instead, the
 * labels beside them, when those fit the width. The drawing depends on
 * nothing but the arguments. `out` is left empty on failure and is freed
 * with chart_drawing_free on success. */
int chart_layout(const struct chart *chart, double width, double size, chart_measure_fn measure,
                 void *ctx, struct chart_drawing *out, char *error, size_t error_size);

void chart_drawing_free(struct chart_drawing *drawing);

/* The drawing as an SVG element (malloc'd, UTF-8, no XML declaration):
 * viewBox in points, colours from `palette` ("#rrggbb" for series 0..n-1,
 * cycled), `ink` and `rule`; role="img" with `title` and `desc` (text
 * alternatives, escaped here; desc may be NULL). The ids aria-labelledby
 * names are "chart-<h>-title" and "chart-<h>-desc", <h> eight hex digits
 * of a hash (FNV-1a) of title, desc and the drawing: the same for the same chart, and
 * (barring a 1 in 2^32 collision) different for charts on one page that
 * differ in any of them. Numbers have two decimals at most. */
char *chart_svg(const struct chart_drawing *drawing, const char *const *palette,
                size_t palette_count, const char *ink, const char *rule, const char *font_family,
                const char *title, const char *desc);

/* 1 when text on the colour `rgb` (0xRRGGBB) reads better white than
 * dark: for a CHART_ON text. */
int chart_is_dark(unsigned rgb);

/* Parses "grouped", "stacked", "hbar", "pyramid", "donut"; -1 if unknown. */
int chart_type_parse(const char *name);

#endif
