#include <stdlib.h>

#include "linebreak.h"
#include "util.h"

size_t linebreak_line_start(const struct linebreak_item *items, size_t n, size_t from)
{
    while (from < n && items[from].kind != LINEBREAK_BOX)
        from++;
    return from < n ? from : n;
}

/* Ends one line starting at `start`; returns the index of its break. */
static size_t fit_line(const struct linebreak_item *items, size_t n, size_t start, double measure)
{
    double width = 0, shrink = 0;
    size_t best = n;
    int have_best = 0;

    for (size_t i = start; i < n; i++) {
        const struct linebreak_item *it = &items[i];
        if (it->kind == LINEBREAK_BOX) {
            width += it->width;
            if (width - shrink > measure && have_best)
                return best;
            continue;
        }
        if (it->kind == LINEBREAK_PENALTY && it->penalty <= LINEBREAK_FORCE)
            return i;
        int legal = it->kind == LINEBREAK_GLUE ? items[i - 1].kind == LINEBREAK_BOX
                                               : it->penalty < LINEBREAK_FORBID;
        if (legal && i > start) {
            double extra = it->kind == LINEBREAK_PENALTY ? it->width : 0;
            if (width + extra - shrink <= measure) {
                best = i;
                have_best = 1;
            } else if (!have_best) {
                /* One unbreakable run wider than the line: it is its own line. */
                return i;
            }
        }
        if (it->kind == LINEBREAK_GLUE) {
            width += it->width;
            shrink += it->shrink;
        }
    }
    return n;
}

size_t linebreak_first_fit(const struct linebreak_item *items, size_t n, const double *line_widths,
                           size_t n_widths, size_t **breaks)
{
    size_t count = 0, cap = 8;
    size_t *out = xmalloc(cap * sizeof *out);
    size_t start = linebreak_line_start(items, n, 0);

    while (start < n) {
        double measure = line_widths[count < n_widths ? count : n_widths - 1];
        size_t brk = fit_line(items, n, start, measure);
        if (count == cap)
            out = xrealloc(out, (cap *= 2) * sizeof *out);
        out[count++] = brk;
        start = linebreak_line_start(items, n, brk + 1);
    }
    *breaks = out;
    return count;
}
