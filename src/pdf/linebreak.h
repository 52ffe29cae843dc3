/* Line breaking in the box/glue/penalty model of Knuth and Plass.
 *
 * A paragraph is a sequence of items: boxes (material of fixed width),
 * glue (breakable, stretchable space) and penalties (possible break points
 * with a cost; LINEBREAK_FORCE forces a break, LINEBREAK_FORBID forbids
 * one). A break may happen at a glue that follows a box, or at a penalty
 * below LINEBREAK_FORBID; glue and penalties at the start of a line are
 * discarded. The breakers only choose break positions: what the items are
 * and how they are drawn is the caller's business. */
#ifndef FOLIO_PDF_LINEBREAK_H
#define FOLIO_PDF_LINEBREAK_H

#include <stddef.h>

enum linebreak_kind { LINEBREAK_BOX, LINEBREAK_GLUE, LINEBREAK_PENALTY };

#define LINEBREAK_FORBID 10000
#define LINEBREAK_FORCE (-10000)

struct linebreak_item {
    enum linebreak_kind kind;
    double width;   /* box, glue; for a penalty: the width added when breaking there (a hyphen) */
    double stretch; /* glue only */
    double shrink;  /* glue only */
    int penalty;    /* penalty only: <= LINEBREAK_FORCE forces, >= LINEBREAK_FORBID forbids */
};

/* Greedy first fit: fills each line with as much as fits (using the glue's
 * shrink when needed), then breaks at the last legal break point. Line k is
 * measured against line_widths[k], or the last width for k >= n_widths
 * (n_widths >= 1). A line overflows only when a single unbreakable run of
 * boxes is wider than the line by itself.
 *
 * Stores in *breaks (malloc'ed; the caller frees it) the index of the item
 * at which each line ends, exclusive: line k holds the items from the
 * previous break (discardable items skipped) to breaks[k]; the last break
 * is always n. Returns the number of lines (0 when there is no box). */
size_t linebreak_first_fit(const struct linebreak_item *items, size_t n, const double *line_widths,
                           size_t n_widths, size_t **breaks);

/* The first box at or after index `from`, or n: where a line starts when
 * the previous one ended at from - 1 (or from = 0 for the first line). */
size_t linebreak_line_start(const struct linebreak_item *items, size_t n, size_t from);

#endif
