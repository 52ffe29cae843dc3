/* Charts laid out as shapes, and the SVG form of those shapes.
 *
 * One layout function per chart type (S_grouped, S_stacked, S_hbar,
 * S_pyramid, S_donut), built from shared pieces: label wrapping (S_wrap),
 * the legend (S_legend), the value axis (S_axis_*), the labels under
 * columns (S_column_labels). Columns whose labels do not fit under them
 * whole become rows (S_as_rows: S_hbar, S_hstacked). Positions are in
 * points, y downwards. A text is taken to reach S_ASCENT × size above its baseline and S_DESCENT ×
 * size below it, and every layout keeps those boxes, like every other
 * shape, inside the drawing.
 *
 * The module allocates through its own two helpers (which abort when
 * memory runs out, as util.c's do) so that it builds on its own. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "locale.h"
#include "util.h"

/* Proportions, as fractions of the label size. A text's box: from
 * S_ASCENT above its baseline (accented capitals) to S_DESCENT below. */
#define S_ASCENT 0.9
#define S_DESCENT 0.25
#define S_LEADING 1.2    /* baseline to baseline; the height of a row of text */
#define S_GAP 0.5        /* between a label and what it labels */
#define S_NEAR 0.4       /* between a bar's end and its value label */
#define S_SWATCH 0.8     /* a legend's colour square */
#define S_MAX_LINES 8    /* lines of a wrapped category label */
#define S_COLUMN_LINES 4 /* lines of a label under a column */

static const double S_PI = 3.14159265358979323846;
static const char S_ELLIPSIS[] = "\xE2\x80\xA6"; /* … */
static const char S_DASH[] = "\xE2\x80\x93";     /* –, a missing value */

/* ---- the layout's state and its shapes ----------------------------------- */

struct S_layout {
    const struct chart *chart;
    double width, size;
    chart_measure_fn measure;
    void *ctx;
    struct chart_drawing *out;
    size_t cap;    /* shapes allocated in out */
    char **labels; /* the value label of every cell, as values[] */
    char *error;
    size_t error_size;
    size_t max_lines; /* of a wrapped category label: S_MAX_LINES, fewer to keep to max_height */
};

static int S_fail(struct S_layout *L, const char *fmt, ...) UTIL_PRINTF(2, 3);

static int S_fail(struct S_layout *L, const char *fmt, ...)
{
    if (L->error && L->error_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(L->error, L->error_size, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static double S_value(const struct chart *c, size_t category, size_t series)
{
    return c->values[category * c->series_count + series];
}

static const char *S_category(const struct chart *c, size_t i)
{
    return c->categories[i] ? c->categories[i] : "";
}

static const char *S_series(const struct chart *c, size_t i)
{
    return c->series[i] ? c->series[i] : "";
}

static const char *S_label(const struct S_layout *L, size_t category, size_t series)
{
    return L->labels[category * L->chart->series_count + series];
}

static struct chart_shape *S_shape(struct S_layout *L, enum chart_shape_kind kind, int colour)
{
    struct chart_drawing *d = L->out;
    if (d->count == L->cap) {
        L->cap = L->cap ? 2 * L->cap : 64;
        d->shapes = xrealloc(d->shapes, L->cap * sizeof *d->shapes);
    }
    struct chart_shape *s = &d->shapes[d->count++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->colour = colour;
    return s;
}

/* A rectangle given by any two opposite corners' offsets; one of no area
 * (a zero value's bar) is not drawn. */
static void S_rect(struct S_layout *L, int colour, double x, double y, double w, double h)
{
    if (w < 0) {
        x += w;
        w = -w;
    }
    if (h < 0) {
        y += h;
        h = -h;
    }
    if (w <= 0 || h <= 0)
        return;
    struct chart_shape *s = S_shape(L, CHART_RECT, colour);
    s->x = x;
    s->y = y;
    s->w = w;
    s->h = h;
}

static void S_line(struct S_layout *L, double x, double y, double w, double h, double stroke)
{
    struct chart_shape *s = S_shape(L, CHART_LINE, CHART_RULE);
    s->x = x;
    s->y = y;
    s->w = w;
    s->h = h;
    s->stroke = stroke;
}

/* Takes `points` (point_count pairs, malloc'd). */
static void S_polygon(struct S_layout *L, int colour, double *points, size_t point_count)
{
    struct chart_shape *s = S_shape(L, CHART_POLYGON, colour);
    s->points = points;
    s->point_count = point_count;
}

static void S_text(struct S_layout *L, double x, double baseline, const char *text, int bold,
                   enum chart_anchor anchor)
{
    if (!*text)
        return;
    struct chart_shape *s = S_shape(L, CHART_TEXT, CHART_INK);
    s->x = x;
    s->y = baseline;
    s->text = xstrdup(text);
    s->size = L->size;
    s->bold = bold;
    s->anchor = anchor;
}

static double S_measure(const struct S_layout *L, const char *text, int bold)
{
    return *text ? L->measure(L->ctx, text, L->size, bold) : 0;
}

/* The baseline of a line of text set in a row S_LEADING high from `top`,
 * its box centred in the row. */
static double S_baseline(const struct S_layout *L, double top)
{
    return top + ((S_LEADING - S_ASCENT - S_DESCENT) / 2 + S_ASCENT) * L->size;
}

/* The baseline that centres a line of text on `middle`. */
static double S_centred(const struct S_layout *L, double middle)
{
    return middle + (S_ASCENT - S_DESCENT) / 2 * L->size;
}

/* ---- label wrapping -------------------------------------------------------- */

/* A label broken into lines, each malloc'd. */
struct S_lines {
    char *line[S_MAX_LINES];
    size_t count;
};

static void S_lines_free(struct S_lines *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->line[i]);
    l->count = 0;
}

static void S_strings_free(char **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

static int S_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The length of the longest prefix of s[0..n), in whole UTF-8 characters,
 * that fits `max_w` when `tail` follows it. */
static size_t S_fit_prefix(const struct S_layout *L, const char *s, size_t n, const char *tail,
                           double max_w, int bold)
{
    size_t tail_len = strlen(tail), best = 0;
    char *tmp = xmalloc(n + tail_len + 1);
    for (size_t i = 1; i <= n; i++) {
        if (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            continue; /* inside a character */
        memcpy(tmp, s, i);
        memcpy(tmp + i, tail, tail_len + 1);
        if (S_measure(L, tmp, bold) > max_w)
            break;
        best = i;
    }
    free(tmp);
    return best;
}

/* `line` (malloc'd, freed here) shortened until it fits `max_w` with "…"
 * after it: "…" alone, or nothing, when even that is too wide. */
static char *S_cut(const struct S_layout *L, char *line, double max_w, int bold)
{
    size_t n = S_fit_prefix(L, line, strlen(line), S_ELLIPSIS, max_w, bold);
    while (n > 0 && (S_is_space(line[n - 1]) || line[n - 1] == '-'))
        n--;
    char *cut = xstrndup("", 0);
    if (n > 0 || S_measure(L, S_ELLIPSIS, bold) <= max_w) {
        cut = xrealloc(cut, n + sizeof S_ELLIPSIS);
        memcpy(cut, line, n);
        memcpy(cut + n, S_ELLIPSIS, sizeof S_ELLIPSIS);
    }
    free(line);
    return cut;
}

/* Where a word wider than a line is broken: after `*take` bytes of
 * w[0..n), with a hyphen added when `*hyphen`. At a point the chart's
 * hyphenation gives, else after a hyphen or slash the word has, else (as
 * a last resort) between two characters with a hyphen: never without a
 * hyphen or slash to show the word goes on. The longest such start that
 * fits `max_w`; 0 when not even one character and a hyphen do. */
static void S_break_word(const struct S_layout *L, const char *w, size_t n, double max_w, int bold,
                         size_t *take, int *hyphen)
{
    char *tmp = xmalloc(n + 2);
    *take = 0;
    *hyphen = 1;
    /* the letters of the word, without the punctuation around them */
    size_t a = 0, b = n;
    while (a < b && (unsigned char)w[a] < 0x80 && !isalpha((unsigned char)w[a]))
        a++;
    while (b > a && (unsigned char)w[b - 1] < 0x80 && !isalpha((unsigned char)w[b - 1]))
        b--;
    int letters = b > a;
    for (size_t i = a; i < b; i++)
        if ((unsigned char)w[i] < 0x80 && !isalpha((unsigned char)w[i]))
            letters = 0; /* a code, a number, "sí/no": not for the dictionary */
    if (letters && L->chart->hyphenate) {
        size_t points[64];
        size_t k = L->chart->hyphenate(L->chart->hyphenate_ctx, w + a, b - a, points, 64);
        for (size_t i = k; i-- > 0 && !*take;) {
            size_t at = a + points[i];
            if (at <= a || at >= b)
                continue;
            memcpy(tmp, w, at);
            memcpy(tmp + at, "-", 2);
            if (S_measure(L, tmp, bold) <= max_w)
                *take = at;
        }
    }
    for (size_t at = n - 1; at > 0 && !*take; at--) {
        if (w[at - 1] != '-' && w[at - 1] != '/')
            continue;
        memcpy(tmp, w, at);
        tmp[at] = '\0';
        if (S_measure(L, tmp, bold) <= max_w) {
            *take = at;
            *hyphen = 0;
        }
    }
    if (!*take)
        *take = S_fit_prefix(L, w, n, "-", max_w, bold);
    free(tmp);
}

/* How a label was wrapped: every word whole, a word broken (with a
 * hyphen), text left out (cut with "…"). */
enum { S_WHOLE = 0, S_BROKEN = 1, S_CUT = 2 };

/* The length of the word at `p` (up to white space), with the words a
 * line should not part it from: a dash standing alone after it, and the
 * figure after such a dash ("(18 – 29 años)" breaks at neither space). */
static size_t S_unit(const char *p)
{
    size_t w = 0;
    while (p[w] && !S_is_space(p[w]))
        w++;
    for (;;) {
        size_t gap = w, next;
        while (S_is_space(p[gap]))
            gap++;
        for (next = gap; p[next] && !S_is_space(p[next]);)
            next++;
        if (next == gap)
            return w;
        int dash_next = (next - gap == 3 && (strncmp(p + gap, "\xE2\x80\x93", 3) == 0 ||
                                             strncmp(p + gap, "\xE2\x80\x94", 3) == 0));
        int after_dash = w >= 3 && strncmp(p + w - 3, "\xE2\x80\x93", 3) == 0 &&
                         (w == 3 || S_is_space(p[w - 4])) && isdigit((unsigned char)p[gap]);
        if (!dash_next && !after_dash)
            return w;
        w = next;
    }
}

/* `text` broken at white space into at most `max_lines` lines no wider than
 * `max_w`. A word wider than a line is broken as S_break_word says; text
 * left over is cut with "…" at the end of the last line. Every line fits:
 * where not even one character does, the label is left empty. Returns
 * S_WHOLE, or S_BROKEN and S_CUT or'd. */
static int S_wrap(const struct S_layout *L, const char *text, double max_w, size_t max_lines,
                  int bold, struct S_lines *out)
{
    /* a line is text with its runs of white space made single spaces, and
     * perhaps a hyphen: never longer than the text and one byte */
    char *line = xmalloc(strlen(text) + 2);
    const char *p = text;
    int cut = 0, how = S_WHOLE;
    out->count = 0;
    while (!cut) {
        while (S_is_space(*p))
            p++;
        if (!*p)
            break;
        if (out->count == max_lines) {
            cut = 1;
            break;
        }
        size_t n = 0;
        for (;;) {
            while (S_is_space(*p))
                p++;
            size_t w = S_unit(p);
            if (w == 0)
                break;
            size_t m = n;
            if (n > 0)
                line[m++] = ' ';
            memcpy(line + m, p, w);
            line[m + w] = '\0';
            if (S_measure(L, line, bold) <= max_w) {
                n = m + w;
                p += w;
                continue;
            }
            if (n > 0)
                break; /* the word begins the next line */
            size_t k;
            int hyphen;
            S_break_word(L, p, w, max_w, bold, &k, &hyphen);
            if (k == 0)
                cut = 1;
            memcpy(line, p, k);
            n = k;
            if (k > 0 && hyphen)
                line[n++] = '-';
            p += k;
            how |= S_BROKEN;
            break;
        }
        if (n > 0)
            out->line[out->count++] = xstrndup(line, n);
    }
    free(line);
    if (cut) {
        if (out->count == 0)
            out->line[out->count++] = xstrndup("", 0);
        out->line[out->count - 1] = S_cut(L, out->line[out->count - 1], max_w, bold);
        how |= S_CUT;
    }
    return how;
}

/* ---- the legend ------------------------------------------------------------- */

/* The legend of a chart with several series, from `y` down: a swatch and
 * the name of each series, as many to a row as the width takes. Returns
 * the height it takes with a gap below it; 0 for a single series. */
static double S_legend(struct S_layout *L, double y)
{
    const struct chart *c = L->chart;
    if (c->series_count < 2)
        return 0;
    double size = L->size, swatch = S_SWATCH * size, row_h = S_LEADING * size;
    double x = 0;
    size_t row = 0;
    for (size_t s = 0; s < c->series_count; s++) {
        struct S_lines name;
        S_wrap(L, S_series(c, s), L->width - swatch - S_GAP * size, 1, 0, &name);
        const char *text = name.count ? name.line[0] : "";
        double item = swatch + S_GAP * size + S_measure(L, text, 0);
        if (x > 0 && x + item > L->width) {
            x = 0;
            row++;
        }
        double top = y + (double)row * row_h;
        S_rect(L, (int)s, x, top + (row_h - swatch) / 2, swatch, swatch);
        S_text(L, x + swatch + S_GAP * size, S_baseline(L, top), text, 0, CHART_START);
        x += item + 2 * size;
        S_lines_free(&name);
    }
    return (double)(row + 1) * row_h + S_GAP * size;
}

/* ---- the value axis ---------------------------------------------------------- */

/* A value axis in round steps, mantissa × 10^exponent with a mantissa of
 * 1, 2 or 5, from k_lo steps to k_hi steps; 0 is always on it. */
struct S_axis {
    long k_lo, k_hi;
    int mantissa, exponent;
    double lo, hi; /* k_lo and k_hi steps */
};

static double S_axis_value(const struct S_axis *a, long k)
{
    /* k × mantissa is exact; dividing by a power of ten rather than
     * multiplying by its inverse keeps 3 × 0.1 at 0.3 */
    double units = (double)k * a->mantissa;
    return a->exponent >= 0 ? units * pow(10, a->exponent) : units / pow(10, -a->exponent);
}

/* The axis over [lo, hi] (lo <= 0 <= hi) with at most about `ticks` steps.
 * An empty range (every value zero or missing) gets the axis 0..1. */
static void S_axis_make(struct S_axis *a, double lo, double hi, int ticks)
{
    if (hi - lo <= 0)
        hi = lo + 1;
    double raw = (hi - lo) / ticks;
    int e = (int)floor(log10(raw));
    double f = raw / pow(10, e);
    int m = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10;
    if (m == 10) {
        m = 1;
        e++;
    }
    a->mantissa = m;
    a->exponent = e;
    double step = S_axis_value(a, 1);
    /* a little slack: 0.3 / 0.1 is 2.9999999999999996 */
    a->k_lo = (long)floor(lo / step + 1e-9);
    a->k_hi = (long)ceil(hi / step - 1e-9);
    a->lo = S_axis_value(a, a->k_lo);
    a->hi = S_axis_value(a, a->k_hi);
}

/* The tick label of step k: as many decimals as the step has ("0.5",
 * "1.0"), none for whole steps, in the chart's locale ("1,000"); %g for
 * steps beyond the reach of %f. */
static void S_axis_label(const struct S_layout *L, const struct S_axis *a, long k, char *buf,
                         size_t size)
{
    double v = S_axis_value(a, k);
    if (v == 0)
        v = 0; /* never "-0" */
    int decimals = a->exponent < 0 ? -a->exponent : 0;
    if (a->exponent < -15 || a->exponent > 15) {
        snprintf(buf, size, "%g", v);
    } else if (L->chart->locale) {
        char *s = locale_format_decimal(L->chart->locale, v, decimals);
        snprintf(buf, size, "%s", s);
        free(s);
    } else {
        snprintf(buf, size, "%.*f", decimals, v);
    }
}

static double S_axis_label_width(const struct S_layout *L, const struct S_axis *a)
{
    char label[64];
    double widest = 0;
    for (long k = a->k_lo; k <= a->k_hi; k++) {
        S_axis_label(L, a, k, label, sizeof label);
        widest = fmax(widest, S_measure(L, label, 0));
    }
    return widest;
}

/* Gridlines at about one per three label heights along `length`. */
static int S_axis_ticks(const struct S_layout *L, double length)
{
    int t = (int)(length / (3 * L->size));
    return t < 2 ? 2 : t > 6 ? 6 : t;
}

/* Where `v` falls on a vertical axis drawn from `bottom` (a->lo) up to
 * `top` (a->hi). */
static double S_axis_y(const struct S_axis *a, double v, double top, double bottom)
{
    return bottom - (v - a->lo) / (a->hi - a->lo) * (bottom - top);
}

/* A gridline across [x0, x1] at every step but zero (whose line is drawn
 * over the bars), each with its tick label left of x0. */
static void S_axis_grid(struct S_layout *L, const struct S_axis *a, double x0, double x1,
                        double top, double bottom)
{
    char label[64];
    for (long k = a->k_lo; k <= a->k_hi; k++) {
        double y = S_axis_y(a, S_axis_value(a, k), top, bottom);
        if (k != 0)
            S_line(L, x0, y, x1 - x0, 0, 0.25);
        S_axis_label(L, a, k, label, sizeof label);
        S_text(L, x0 - S_GAP * L->size, S_centred(L, y), label, 0, CHART_END);
    }
}

/* The lowest and highest values, 0 included, missing values skipped. */
static void S_range(const struct chart *c, double *lo, double *hi)
{
    *lo = 0;
    *hi = 0;
    for (size_t i = 0; i < c->category_count * c->series_count; i++) {
        double v = c->values[i];
        if (isnan(v))
            continue;
        *lo = fmin(*lo, v);
        *hi = fmax(*hi, v);
    }
}

/* ---- pieces of the vertical bar charts ----------------------------------- */

/* The height of a vertical chart's plot. */
static double S_plot_height(const struct S_layout *L)
{
    return fmax(0.4 * L->width, 8 * L->size);
}

/* The category labels under the columns, from `y` down, each centred on
 * its slot and wrapped to it. Returns the bottom of the lowest line. */
static double S_column_labels(struct S_layout *L, double x0, double slot, double y)
{
    const struct chart *c = L->chart;
    double size = L->size;
    size_t most = 1;
    for (size_t i = 0; i < c->category_count; i++) {
        struct S_lines lines;
        S_wrap(L, S_category(c, i), slot - 0.25 * size, L->max_lines, 0, &lines);
        for (size_t j = 0; j < lines.count; j++)
            S_text(L, x0 + ((double)i + 0.5) * slot,
                   y + S_ASCENT * size + (double)j * S_LEADING * size, lines.line[j], 0,
                   CHART_MIDDLE);
        if (lines.count > most)
            most = lines.count;
        S_lines_free(&lines);
    }
    return y + (S_ASCENT + S_DESCENT) * size + (double)(most - 1) * S_LEADING * size;
}

/* 1 when every value label (missing values aside) is at most `room` wide. */
static int S_values_fit(const struct S_layout *L, double room)
{
    const struct chart *c = L->chart;
    for (size_t i = 0; i < c->category_count * c->series_count; i++)
        if (!isnan(c->values[i]) && S_measure(L, L->labels[i], 0) > room)
            return 0;
    return 1;
}

/* The left edge of the plot (right of the tick labels) and the width of
 * one category's slot; -1 when the categories do not fit. */
static int S_columns(struct S_layout *L, const struct S_axis *a, double *x0, double *slot)
{
    const struct chart *c = L->chart;
    *x0 = S_axis_label_width(L, a) + S_GAP * L->size;
    *slot = (L->width - *x0) / (double)c->category_count;
    if (*slot < 2 * L->size)
        return S_fail(L, "%zu categories do not fit a chart %.0f pt wide with labels at %g pt",
                      c->category_count, L->width, L->size);
    return 0;
}

static int S_hbar(struct S_layout *L);
static int S_hstacked(struct S_layout *L);

/* Shapes from `mark` on taken back, and the message of a failure: for a
 * layout tried and given up. */
static void S_rollback(struct S_layout *L, size_t mark)
{
    struct chart_drawing *d = L->out;
    for (size_t i = mark; i < d->count; i++) {
        free(d->shapes[i].points);
        free(d->shapes[i].text);
    }
    d->count = mark;
    if (L->error && L->error_size > 0)
        L->error[0] = '\0';
}

/* 1 when every category label wraps under its column, `slot` wide, at
 * spaces alone onto S_COLUMN_LINES lines. */
static int S_columns_take_labels(const struct S_layout *L, double slot)
{
    const struct chart *c = L->chart;
    for (size_t i = 0; i < c->category_count; i++) {
        struct S_lines lines;
        int how = S_wrap(L, S_category(c, i), slot - 0.25 * L->size,
                         L->max_lines < S_COLUMN_LINES ? L->max_lines : S_COLUMN_LINES, 0, &lines);
        S_lines_free(&lines);
        if (how != S_WHOLE)
            return 0;
    }
    return 1;
}

/* Columns over `a` whose labels do not fit under them whole are drawn as
 * rows by `rows` instead (the long labels beside the bars, where they have
 * room): 1 when that is done, 0 when the columns are to be drawn after all
 * (they take their labels, the rows do not fit, or the columns do not fit
 * the width at all, which is an error: as rows, so many categories would
 * stand taller than a page). */
static int S_as_rows(struct S_layout *L, const struct S_axis *a, int (*rows)(struct S_layout *))
{
    double x0, slot;
    if (S_columns(L, a, &x0, &slot) < 0 || S_columns_take_labels(L, slot))
        return 0;
    size_t mark = L->out->count;
    if (rows(L) == 0)
        return 1;
    S_rollback(L, mark);
    return 0;
}

/* ---- the five layouts --------------------------------------------------------- */

/* Grouped columns: one group per category, one bar per series; value
 * labels over the bars when they all fit their bar, else none (the axis
 * reads them). A negative value's bar hangs below the zero line. */
static int S_grouped(struct S_layout *L)
{
    const struct chart *c = L->chart;
    size_t m = c->series_count;
    double size = L->size, lo, hi, x0, slot;
    S_range(c, &lo, &hi);
    struct S_axis a;
    S_axis_make(&a, lo, hi, S_axis_ticks(L, S_plot_height(L)));
    if (S_as_rows(L, &a, S_hbar))
        return 0;
    double top = S_legend(L, 0) + S_LEADING * size; /* room for the top labels */
    double bottom = top + S_plot_height(L);
    if (S_columns(L, &a, &x0, &slot) < 0)
        return -1;
    double bar = 0.8 * slot / (double)m;
    double room = m == 1 ? slot - 0.25 * size : bar;
    int show = S_values_fit(L, room);
    double zero = S_axis_y(&a, 0, top, bottom);

    S_axis_grid(L, &a, x0, L->width, top, bottom);
    for (size_t i = 0; i < c->category_count; i++) {
        for (size_t s = 0; s < m; s++) {
            double v = S_value(c, i, s), x = x0 + ((double)i + 0.1) * slot + (double)s * bar;
            const char *label = S_label(L, i, s);
            if (isnan(v)) {
                if (S_measure(L, label, 0) <= room)
                    S_text(L, x + bar / 2, zero - 0.3 * size, label, 0, CHART_MIDDLE);
                continue;
            }
            double y = S_axis_y(&a, v, top, bottom);
            S_rect(L, (int)s, x, y, bar, zero - y);
            if (show)
                S_text(L, x + bar / 2, v < 0 ? y + (0.3 + S_ASCENT) * size : y - 0.3 * size, label,
                       0, CHART_MIDDLE);
        }
    }
    S_line(L, x0, zero, L->width - x0, 0, 0.75);
    /* room under the plot for the labels of bars that reach its bottom */
    double foot = show && lo < 0 ? (0.3 + S_ASCENT + S_DESCENT) * size : 0;
    L->out->height = S_column_labels(L, x0, slot, bottom + foot + S_GAP * size);
    return 0;
}

/* Stacked columns: series 0 at the bottom; a segment's value is printed
 * inside it when it fits. A category with no value at all shows "–". */
/* A stacked bar's segment of series `s` for category `i`, with its value
 * inside it, centred, when the segment has room for it. */
static void S_segment(struct S_layout *L, size_t i, size_t s, double x, double y, double w,
                      double h)
{
    S_rect(L, (int)s, x, y, w, h);
    const char *label = S_label(L, i, s);
    if (h >= S_LEADING * L->size && S_measure(L, label, 0) <= w - 0.25 * L->size) {
        S_text(L, x + w / 2, S_centred(L, y + h / 2), label, 0, CHART_MIDDLE);
        L->out->shapes[L->out->count - 1].colour = CHART_ON((int)s);
    }
}

static int S_stacked(struct S_layout *L)
{
    const struct chart *c = L->chart;
    size_t m = c->series_count;
    double size = L->size, hi = 0, x0, slot;
    for (size_t i = 0; i < c->category_count; i++) {
        double sum = 0;
        for (size_t s = 0; s < m; s++)
            if (!isnan(S_value(c, i, s)))
                sum += S_value(c, i, s);
        hi = fmax(hi, sum);
    }
    struct S_axis a;
    S_axis_make(&a, 0, hi, S_axis_ticks(L, S_plot_height(L)));
    if (S_as_rows(L, &a, S_hstacked))
        return 0;
    double top = S_legend(L, 0) + S_LEADING * size;
    double bottom = top + S_plot_height(L);
    if (S_columns(L, &a, &x0, &slot) < 0)
        return -1;
    double bar = 0.6 * slot;

    S_axis_grid(L, &a, x0, L->width, top, bottom);
    for (size_t i = 0; i < c->category_count; i++) {
        double x = x0 + ((double)i + 0.2) * slot, sum = 0;
        int any = 0;
        for (size_t s = 0; s < m; s++) {
            double v = S_value(c, i, s);
            if (isnan(v))
                continue;
            any = 1;
            double y0 = S_axis_y(&a, sum, top, bottom), y1 = S_axis_y(&a, sum + v, top, bottom);
            S_segment(L, i, s, x, y1, bar, y0 - y1);
            sum += v;
        }
        if (!any && S_measure(L, S_DASH, 0) <= slot - 0.25 * size)
            S_text(L, x + bar / 2, bottom - 0.3 * size, S_DASH, 0, CHART_MIDDLE);
    }
    S_line(L, x0, bottom, L->width - x0, 0, 0.75);
    L->out->height = S_column_labels(L, x0, slot, bottom + S_GAP * size);
    return 0;
}

/* Horizontal bars: category labels right-aligned in a column of at most 40%
 * of the width, one bar per series, each value at its bar's end (left of a
 * negative bar). */
static int S_hbar(struct S_layout *L)
{
    const struct chart *c = L->chart;
    size_t m = c->series_count;
    double size = L->size, lo, hi;
    double y = S_legend(L, 0);
    double label_w = 0;
    for (size_t i = 0; i < c->category_count; i++)
        label_w = fmax(label_w, S_measure(L, S_category(c, i), 0));
    label_w = fmin(label_w, 0.4 * L->width);
    S_range(c, &lo, &hi);
    if (hi - lo <= 0)
        hi = 1;
    /* the widest value label on each side of the bars; "–" sits right of zero */
    double left_w = 0, right_w = 0;
    for (size_t i = 0; i < c->category_count * m; i++) {
        double w = S_measure(L, L->labels[i], 0);
        if (!isnan(c->values[i]) && c->values[i] < 0)
            left_w = fmax(left_w, w + S_NEAR * size);
        else
            right_w = fmax(right_w, w + S_NEAR * size);
    }
    double x0 = label_w + S_GAP * size + left_w, x1 = L->width - right_w;
    if (x1 - x0 < 4 * size)
        return S_fail(L, "the bars do not fit a chart %.0f pt wide with labels at %g pt", L->width,
                      size);
    double zero = x0 + (0 - lo) / (hi - lo) * (x1 - x0);
    double bar = S_LEADING * size, first = y;

    for (size_t i = 0; i < c->category_count; i++) {
        struct S_lines lines;
        S_wrap(L, S_category(c, i), label_w, L->max_lines, 0, &lines);
        double block = (double)lines.count * S_LEADING * size, bars = (double)m * bar;
        double h = fmax(block, bars);
        for (size_t j = 0; j < lines.count; j++)
            S_text(L, label_w, S_baseline(L, y + (h - block) / 2 + (double)j * S_LEADING * size),
                   lines.line[j], 0, CHART_END);
        S_lines_free(&lines);
        for (size_t s = 0; s < m; s++) {
            double v = S_value(c, i, s), top = y + (h - bars) / 2 + (double)s * bar;
            const char *label = S_label(L, i, s);
            if (isnan(v)) {
                S_text(L, zero + S_NEAR * size, S_baseline(L, top), label, 0, CHART_START);
                continue;
            }
            double end = x0 + (v - lo) / (hi - lo) * (x1 - x0);
            S_rect(L, (int)s, zero, top + 0.05 * bar, end - zero, 0.9 * bar);
            if (v < 0)
                S_text(L, end - S_NEAR * size, S_baseline(L, top), label, 0, CHART_END);
            else
                S_text(L, end + S_NEAR * size, S_baseline(L, top), label, 0, CHART_START);
        }
        y += h + S_GAP * size;
    }
    y -= S_GAP * size;
    S_line(L, zero, first, 0, y - first, 0.75);
    L->out->height = y;
    return 0;
}

/* Stacked bars laid horizontally, for stacked columns whose labels are too
 * long for them: category labels right-aligned in a column of at most 40%
 * of the width, series 0 at the left, a segment's value printed inside it
 * when it fits, the value axis under the bars. A category with no value
 * at all shows "–". */
static int S_hstacked(struct S_layout *L)
{
    const struct chart *c = L->chart;
    size_t n = c->category_count, m = c->series_count;
    double size = L->size, hi = 0, label_w = 0;
    for (size_t i = 0; i < n; i++) {
        double sum = 0;
        for (size_t s = 0; s < m; s++)
            if (!isnan(S_value(c, i, s)))
                sum += S_value(c, i, s);
        hi = fmax(hi, sum);
        label_w = fmax(label_w, S_measure(L, S_category(c, i), 0));
    }
    label_w = fmin(label_w, 0.4 * L->width);
    double x0 = label_w + S_GAP * size;
    /* the axis's labels are centred on their gridlines: the last one's
     * half is kept inside the width, the first one's right of the labels */
    struct S_axis a;
    S_axis_make(&a, 0, hi, S_axis_ticks(L, (L->width - x0) / 2));
    double tick_w = S_axis_label_width(L, &a);
    double x1 = L->width - tick_w / 2;
    x0 = fmax(x0, tick_w / 2);
    if (x1 - x0 < 4 * size)
        return S_fail(L, "the bars do not fit a chart %.0f pt wide with labels at %g pt", L->width,
                      size);

    double top = S_legend(L, 0), bar = 1.5 * S_LEADING * size;
    struct S_lines *names = xmalloc(n * sizeof *names);
    double *row = xmalloc(n * sizeof *row), bottom = top;
    for (size_t i = 0; i < n; i++) {
        S_wrap(L, S_category(c, i), label_w, L->max_lines, 0, &names[i]);
        row[i] = fmax((double)names[i].count * S_LEADING * size, bar);
        bottom += row[i] + (i + 1 < n ? S_GAP * size : 0);
    }

    char label[64];
    for (long k = a.k_lo; k <= a.k_hi; k++) {
        double x = x0 + (S_axis_value(&a, k) - a.lo) / (a.hi - a.lo) * (x1 - x0);
        if (k != 0)
            S_line(L, x, top, 0, bottom - top, 0.25);
        S_axis_label(L, &a, k, label, sizeof label);
        S_text(L, x, bottom + S_GAP * size + S_ASCENT * size, label, 0, CHART_MIDDLE);
    }
    double y = top;
    for (size_t i = 0; i < n; i++) {
        double block = (double)names[i].count * S_LEADING * size, h = row[i];
        for (size_t j = 0; j < names[i].count; j++)
            S_text(L, label_w, S_baseline(L, y + (h - block) / 2 + (double)j * S_LEADING * size),
                   names[i].line[j], 0, CHART_END);
        S_lines_free(&names[i]);
        double bt = y + (h - bar) / 2, sum = 0;
        int any = 0;
        for (size_t s = 0; s < m; s++) {
            double v = S_value(c, i, s);
            if (isnan(v))
                continue;
            any = 1;
            double e0 = x0 + (sum - a.lo) / (a.hi - a.lo) * (x1 - x0);
            double e1 = x0 + (sum + v - a.lo) / (a.hi - a.lo) * (x1 - x0);
            S_segment(L, i, s, e0, bt + 0.1 * bar, e1 - e0, 0.8 * bar);
            sum += v;
        }
        if (!any)
            S_text(L, x0 + S_NEAR * size, S_centred(L, bt + bar / 2), S_DASH, 0, CHART_START);
        y += h + S_GAP * size;
    }
    S_line(L, x0, top, 0, bottom - top, 0.75);
    free(names);
    free(row);
    L->out->height = bottom + S_GAP * size + (S_ASCENT + S_DESCENT) * size;
    return 0;
}

/* A population pyramid: series 0 grows left and series 1 right from a
 * central column of category labels, on one scale; each series' name and
 * swatch above its side. */
static int S_pyramid(struct S_layout *L)
{
    const struct chart *c = L->chart;
    double size = L->size, width = L->width, hi = 0;
    double column = 0, value_w = 0;
    for (size_t i = 0; i < c->category_count; i++)
        column = fmax(column, S_measure(L, S_category(c, i), 0));
    column = fmin(column, 0.3 * width);
    for (size_t i = 0; i < c->category_count * 2; i++) {
        value_w = fmax(value_w, S_measure(L, L->labels[i], 0) + S_NEAR * size);
        if (!isnan(c->values[i]))
            hi = fmax(hi, c->values[i]);
    }
    if (hi <= 0)
        hi = 1;
    double cx0 = (width - column) / 2 - S_GAP * size, cx1 = width - cx0;
    double reach = cx0 - value_w; /* the longest bar */
    if (reach < 3 * size)
        return S_fail(L, "the pyramid does not fit a chart %.0f pt wide with labels at %g pt",
                      width, size);

    /* the series' names over their sides, swatches next to the centre */
    double swatch = S_SWATCH * size, row_h = S_LEADING * size;
    double name_w = cx0 - swatch - S_GAP * size;
    for (int s = 0; s < 2; s++) {
        struct S_lines name;
        S_wrap(L, S_series(c, (size_t)s), name_w, 1, 1, &name);
        const char *text = name.count ? name.line[0] : "";
        double sx = s == 0 ? cx0 - swatch : cx1;
        S_rect(L, s, sx, (row_h - swatch) / 2, swatch, swatch);
        if (s == 0)
            S_text(L, sx - S_GAP * size, S_baseline(L, 0), text, 1, CHART_END);
        else
            S_text(L, sx + swatch + S_GAP * size, S_baseline(L, 0), text, 1, CHART_START);
        S_lines_free(&name);
    }

    double y = row_h + S_GAP * size, first = y, bar = S_LEADING * size;
    for (size_t i = 0; i < c->category_count; i++) {
        struct S_lines lines;
        S_wrap(L, S_category(c, i), column, L->max_lines, 0, &lines);
        double block = (double)lines.count * S_LEADING * size, h = fmax(block, bar);
        for (size_t j = 0; j < lines.count; j++)
            S_text(L, width / 2, S_baseline(L, y + (h - block) / 2 + (double)j * S_LEADING * size),
                   lines.line[j], 0, CHART_MIDDLE);
        S_lines_free(&lines);
        double top = y + (h - bar) / 2;
        for (int s = 0; s < 2; s++) {
            double v = S_value(c, i, (size_t)s);
            double len = isnan(v) ? 0 : v / hi * reach;
            const char *label = S_label(L, i, (size_t)s);
            if (s == 0) {
                S_rect(L, 0, cx0 - len, top + 0.05 * bar, len, 0.9 * bar);
                S_text(L, cx0 - len - S_NEAR * size, S_baseline(L, top), label, 0, CHART_END);
            } else {
                S_rect(L, 1, cx1, top + 0.05 * bar, len, 0.9 * bar);
                S_text(L, cx1 + len + S_NEAR * size, S_baseline(L, top), label, 0, CHART_START);
            }
        }
        y += h + 0.25 * size;
    }
    y -= 0.25 * size;
    S_line(L, cx0, first, 0, y - first, 0.75);
    S_line(L, cx1, first, 0, y - first, 0.75);
    L->out->height = y;
    return 0;
}

/* A wedge of a ring from angle a0 to a1 (degrees, clockwise from 12
 * o'clock): the outer arc forwards, then the inner arc back, a point at
 * least every 2 degrees. A whole ring is one such polygon, its hole left
 * by the nonzero fill rule (the inner arc runs the other way). */
static void S_wedge(struct S_layout *L, int colour, double cx, double cy, double outer,
                    double inner, double a0, double a1)
{
    size_t steps = (size_t)ceil((a1 - a0) / 2 - 1e-9);
    if (steps < 1)
        steps = 1;
    size_t count = 2 * (steps + 1);
    double *p = xmalloc(2 * count * sizeof *p);
    for (size_t k = 0; k <= steps; k++) {
        double t = (a0 + (a1 - a0) * (double)k / (double)steps) * S_PI / 180;
        size_t back = count - 1 - k;
        p[2 * k] = cx + outer * sin(t);
        p[2 * k + 1] = cy - outer * cos(t);
        p[2 * back] = cx + inner * sin(t);
        p[2 * back + 1] = cy - inner * cos(t);
    }
    S_polygon(L, colour, p, count);
}

/* A donut: one wedge per category with a value above zero, from 12
 * o'clock clockwise; beside it (below it when the width is short) a legend
 * of swatch, category, value and share. A missing value has no wedge and
 * "–" for value and share. */
static int S_donut(struct S_layout *L)
{
    const struct chart *c = L->chart;
    size_t n = c->category_count;
    double size = L->size, width = L->width, total = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(c->values[i]))
            total += c->values[i];

    char **shares = xmalloc(n * sizeof *shares);
    double value_w = 0, share_w = 0;
    for (size_t i = 0; i < n; i++) {
        double v = c->values[i];
        if (isnan(v))
            shares[i] = xstrdup(S_DASH);
        else if (c->locale)
            shares[i] = locale_format_percent(c->locale, v / total * 100, 1);
        else
            shares[i] = xasprintf("%.1f%%", v / total * 100);
        value_w = fmax(value_w, S_measure(L, L->labels[i], 0));
        share_w = fmax(share_w, S_measure(L, shares[i], 0));
    }
    double swatch = S_SWATCH * size, row_h = S_LEADING * size;
    /* a legend row: swatch, category, value, share, with gaps between */
    double fixed = swatch + S_GAP * size + 2 * size + value_w + 2 * size + share_w;
    double d = fmin(0.4 * width, 25 * size);
    double lx = d + 2 * size, name_w = width - lx - fixed;
    int beside = name_w >= 6 * size;
    if (!beside) {
        lx = 0;
        name_w = width - fixed;
    }
    if (name_w < 3 * size) {
        S_strings_free(shares, n);
        return S_fail(L,
                      "the donut's legend does not fit a chart %.0f pt wide with labels at %g pt",
                      width, size);
    }

    struct S_lines *names = xmalloc(n * sizeof *names);
    double legend_h = 0;
    for (size_t i = 0; i < n; i++) {
        S_wrap(L, S_category(c, i), name_w, L->max_lines, 0, &names[i]);
        size_t lines = names[i].count ? names[i].count : 1;
        legend_h += (double)lines * row_h + (i + 1 < n ? 0.25 * size : 0);
    }
    double cx, cy, y, height;
    if (beside) {
        height = fmax(d, legend_h);
        cx = d / 2;
        cy = height / 2;
        y = (height - legend_h) / 2;
    } else {
        cx = width / 2;
        cy = d / 2;
        y = d + size;
        height = y + legend_h;
    }

    double angle = 0;
    for (size_t i = 0; i < n; i++) {
        double v = c->values[i];
        if (isnan(v) || v == 0)
            continue;
        double sweep = v / total * 360;
        S_wedge(L, (int)i, cx, cy, d / 2, 0.6 * d / 2, angle, angle + sweep);
        angle += sweep;
    }
    double value_x = lx + swatch + S_GAP * size + name_w + 2 * size + value_w;
    for (size_t i = 0; i < n; i++) {
        S_rect(L, (int)i, lx, y + (row_h - swatch) / 2, swatch, swatch);
        for (size_t j = 0; j < names[i].count; j++)
            S_text(L, lx + swatch + S_GAP * size, S_baseline(L, y + (double)j * row_h),
                   names[i].line[j], 0, CHART_START);
        S_text(L, value_x, S_baseline(L, y), L->labels[i], 0, CHART_END);
        S_text(L, width, S_baseline(L, y), shares[i], 0, CHART_END);
        y += (double)(names[i].count ? names[i].count : 1) * row_h + 0.25 * size;
        S_lines_free(&names[i]);
    }
    free(names);
    S_strings_free(shares, n);
    L->out->height = height;
    return 0;
}

/* ---- chart_layout ------------------------------------------------------------- */

static const char *const S_type_names[] = {"grouped", "stacked", "hbar", "pyramid", "donut"};

/* What every chart needs, and what each type refuses. */
static int S_check(struct S_layout *L)
{
    const struct chart *c = L->chart;
    if (!L->measure)
        return S_fail(L, "no function to measure text was given");
    /* (a bound keeps every coordinate printable with %.2f) */
    if (!(L->width > 0 && L->width <= 1e5 && L->size > 0 && L->size <= 1e5))
        return S_fail(L,
                      "a chart needs a width and a label size above 0 and up to 100000 pt "
                      "(got %g and %g)",
                      L->width, L->size);
    if ((unsigned)c->type > CHART_DONUT)
        return S_fail(L, "unknown chart type %d", (int)c->type);
    const char *type = S_type_names[c->type];
    if (c->category_count == 0 || !c->categories)
        return S_fail(L, "the chart has no categories (rows)");
    if (c->series_count == 0 || !c->series)
        return S_fail(L, "the chart has no series (columns)");
    if (!c->values)
        return S_fail(L, "the chart has no values");
    if (c->category_count > SIZE_MAX / sizeof(double) / c->series_count)
        return S_fail(L, "the chart has too many values");
    if (c->type == CHART_PYRAMID && c->series_count != 2)
        return S_fail(L, "a pyramid takes two series (left and right); this chart has %zu",
                      c->series_count);
    if (c->type == CHART_DONUT && c->series_count != 1)
        return S_fail(L, "a donut takes one series; this chart has %zu", c->series_count);
    if (L->width < 12 * L->size)
        return S_fail(L, "a chart %g pt wide is too narrow for labels at %g pt", L->width, L->size);
    int any = 0;
    for (size_t i = 0; i < c->category_count; i++) {
        for (size_t s = 0; s < c->series_count; s++) {
            double v = S_value(c, i, s);
            if (isnan(v))
                continue;
            /* (a bound keeps the axis's ends finite) */
            if (!(fabs(v) <= 1e300))
                return S_fail(L, "the value of %s, %s is not a finite number of a size to chart",
                              S_category(c, i), S_series(c, s));
            if (v < 0 &&
                (c->type == CHART_STACKED || c->type == CHART_PYRAMID || c->type == CHART_DONUT))
                return S_fail(L, "a %s chart cannot show the negative value %g (%s, %s)", type, v,
                              S_category(c, i), S_series(c, s));
            any |= v > 0;
        }
    }
    if (c->type == CHART_DONUT && !any)
        return S_fail(L, "a donut needs a value above zero; every value is zero or missing");
    return 0;
}

/* The label of every cell: "–" for a missing value, else the caller's
 * label, else %g. */
static char **S_value_labels(const struct chart *c)
{
    size_t n = c->category_count * c->series_count;
    char **labels = xmalloc(n * sizeof *labels);
    for (size_t i = 0; i < n; i++) {
        double v = c->values[i];
        char buf[32];
        if (isnan(v)) {
            labels[i] = xstrdup(S_DASH);
        } else if (c->value_labels && c->value_labels[i]) {
            labels[i] = xstrdup(c->value_labels[i]);
        } else {
            snprintf(buf, sizeof buf, "%g", v == 0 ? 0.0 : v);
            labels[i] = xstrdup(buf);
        }
    }
    return labels;
}

int chart_layout(const struct chart *chart, double width, double size, chart_measure_fn measure,
                 void *ctx, struct chart_drawing *out, char *error, size_t error_size)
{
    struct S_layout L = {chart, width, size,  measure,    ctx,        out,
                         0,     NULL,  error, error_size, S_MAX_LINES};
    if (!out)
        return S_fail(&L, "no drawing to lay the chart out into");
    memset(out, 0, sizeof *out);
    if (!chart)
        return S_fail(&L, "no chart");
    if (S_check(&L) < 0)
        return -1;
    L.labels = S_value_labels(chart);
    static int (*const layouts[])(struct S_layout *) = {[CHART_GROUPED] = S_grouped,
                                                        [CHART_STACKED] = S_stacked,
                                                        [CHART_HBAR] = S_hbar,
                                                        [CHART_PYRAMID] = S_pyramid,
                                                        [CHART_DONUT] = S_donut};
    int r;
    for (L.max_lines = S_MAX_LINES;; L.max_lines--) {
        out->width = width;
        r = layouts[chart->type](&L);
        if (r < 0 || chart->max_height <= 0 || out->height <= chart->max_height || L.max_lines == 1)
            break;
        chart_drawing_free(out); /* too tall: again with shorter labels */
        L.cap = 0;
    }
    S_strings_free(L.labels, chart->category_count * chart->series_count);
    if (r < 0)
        chart_drawing_free(out);
    return r;
}

void chart_drawing_free(struct chart_drawing *drawing)
{
    if (!drawing)
        return;
    for (size_t i = 0; i < drawing->count; i++) {
        free(drawing->shapes[i].points);
        free(drawing->shapes[i].text);
    }
    free(drawing->shapes);
    memset(drawing, 0, sizeof *drawing);
}

int chart_type_parse(const char *name)
{
    for (size_t i = 0; name && i < sizeof S_type_names / sizeof S_type_names[0]; i++)
        if (strcmp(name, S_type_names[i]) == 0)
            return (int)i;
    return -1;
}

/* ---- SVG ------------------------------------------------------------------------ */

/* A coordinate: two decimals at most, trailing zeros dropped, never "-0". */
static void S_num(struct buf *b, double v)
{
    char s[64];
    snprintf(s, sizeof s, "%.2f", v);
    char *end = s + strlen(s);
    if (strchr(s, '.')) {
        while (end[-1] == '0')
            *--end = '\0';
        if (end[-1] == '.')
            *--end = '\0';
    }
    buf_puts(b, strcmp(s, "-0") == 0 ? "0" : s);
}

/* ` name="v"` with v a coordinate. */
static void S_num_attr(struct buf *b, const char *name, double v)
{
    buf_puts(b, " ");
    buf_puts(b, name);
    buf_puts(b, "=\"");
    S_num(b, v);
    buf_puts(b, "\"");
}

static void S_attr(struct buf *b, const char *name, const char *value)
{
    buf_puts(b, " ");
    buf_puts(b, name);
    buf_puts(b, "=\"");
    buf_put_escaped(b, value);
    buf_puts(b, "\"");
}

struct S_colours {
    const char *const *palette;
    size_t palette_count;
    const char *ink, *rule;
};

int chart_is_dark(unsigned rgb)
{
    /* WCAG relative luminance; white text reads better below ~0.18 */
    double l = 0;
    static const double weight[3] = {0.2126, 0.7152, 0.0722};
    for (int i = 0; i < 3; i++) {
        double c = (rgb >> (16 - 8 * i) & 0xFF) / 255.0;
        l += weight[i] * (c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4));
    }
    return l < 0.18;
}

static const char *S_colour(const struct S_colours *k, int colour)
{
    if (colour == CHART_RULE && k->rule)
        return k->rule;
    if (CHART_IS_ON(colour)) {
        const char *fill = S_colour(k, CHART_ON_SERIES(colour));
        unsigned rgb = 0;
        if (fill[0] == '#' && sscanf(fill + 1, "%6x", &rgb) == 1 && chart_is_dark(rgb))
            return "#ffffff";
        return k->ink ? k->ink : "currentColor";
    }
    if (colour >= 0 && k->palette && k->palette_count > 0 &&
        k->palette[(size_t)colour % k->palette_count])
        return k->palette[(size_t)colour % k->palette_count];
    return k->ink ? k->ink : "currentColor";
}

static void S_svg_shape(struct buf *b, const struct chart_shape *s, const struct S_colours *k,
                        const char *font_family)
{
    static const char *const anchors[] = {"start", "middle", "end"};
    switch (s->kind) {
    case CHART_RECT:
        buf_puts(b, "<rect");
        S_num_attr(b, "x", s->x);
        S_num_attr(b, "y", s->y);
        S_num_attr(b, "width", s->w);
        S_num_attr(b, "height", s->h);
        S_attr(b, "fill", S_colour(k, s->colour));
        buf_puts(b, "/>\n");
        break;
    case CHART_POLYGON:
        buf_puts(b, "<polygon points=\"");
        for (size_t i = 0; i < s->point_count; i++) {
            if (i > 0)
                buf_puts(b, " ");
            S_num(b, s->points[2 * i]);
            buf_puts(b, ",");
            S_num(b, s->points[2 * i + 1]);
        }
        buf_puts(b, "\"");
        S_attr(b, "fill", S_colour(k, s->colour));
        buf_puts(b, "/>\n");
        break;
    case CHART_LINE:
        buf_puts(b, "<line");
        S_num_attr(b, "x1", s->x);
        S_num_attr(b, "y1", s->y);
        S_num_attr(b, "x2", s->x + s->w);
        S_num_attr(b, "y2", s->y + s->h);
        S_attr(b, "stroke", S_colour(k, s->colour));
        S_num_attr(b, "stroke-width", s->stroke);
        buf_puts(b, "/>\n");
        break;
    case CHART_TEXT:
        buf_puts(b, "<text");
        S_num_attr(b, "x", s->x);
        S_num_attr(b, "y", s->y);
        S_attr(b, "font-family", font_family);
        S_num_attr(b, "font-size", s->size);
        if (s->bold)
            buf_puts(b, " font-weight=\"bold\"");
        S_attr(b, "text-anchor", anchors[s->anchor <= CHART_END ? s->anchor : CHART_START]);
        S_attr(b, "fill", S_colour(k, s->colour));
        buf_puts(b, ">");
        buf_put_escaped(b, s->text ? s->text : "");
        buf_puts(b, "</text>\n");
        break;
    }
}

/* FNV-1a, 32 bits. */
static uint32_t S_hash(uint32_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

char *chart_svg(const struct chart_drawing *drawing, const char *const *palette,
                size_t palette_count, const char *ink, const char *rule, const char *font_family,
                const char *title, const char *desc)
{
    struct S_colours k = {palette, palette_count, ink, rule};
    struct buf body = {0}, svg = {0};
    if (!font_family)
        font_family = "sans-serif";
    if (!title)
        title = "";
    buf_put(&body, "", 0);
    for (size_t i = 0; i < drawing->count; i++)
        S_svg_shape(&body, &drawing->shapes[i], &k, font_family);

    /* ids for aria-labelledby, unique on a page unless the same chart with
     * the same texts is there twice (when they name the same words) */
    uint32_t h = S_hash(2166136261u, title, strlen(title) + 1);
    h = S_hash(h, desc ? desc : "", desc ? strlen(desc) + 1 : 1);
    h = S_hash(h, body.data, body.len);
    char id[32];
    snprintf(id, sizeof id, "chart-%08lx", (unsigned long)h);
    int has_desc = desc && *desc;

    buf_puts(&svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    S_num(&svg, drawing->width);
    buf_puts(&svg, " ");
    S_num(&svg, drawing->height);
    buf_puts(&svg, "\" role=\"img\" aria-labelledby=\"");
    buf_puts(&svg, id);
    buf_puts(&svg, "-title");
    if (has_desc) {
        buf_puts(&svg, " ");
        buf_puts(&svg, id);
        buf_puts(&svg, "-desc");
    }
    buf_puts(&svg, "\">\n<title id=\"");
    buf_puts(&svg, id);
    buf_puts(&svg, "-title\">");
    buf_put_escaped(&svg, title);
    buf_puts(&svg, "</title>\n");
    if (has_desc) {
        buf_puts(&svg, "<desc id=\"");
        buf_puts(&svg, id);
        buf_puts(&svg, "-desc\">");
        buf_put_escaped(&svg, desc);
        buf_puts(&svg, "</desc>\n");
    }
    buf_put(&svg, body.data, body.len);
    buf_puts(&svg, "</svg>\n");
    free(body.data);
    return svg.data;
}
