/* Line breaking in the box/glue/penalty model of Knuth and Plass.
 *
 * A paragraph is a sequence of items: boxes (material of fixed width),
 * glue (breakable, stretchable space) and penalties (possible break points
 * with a cost; LINEBREAK_FORCE forces a break, LINEBREAK_FORBID forbids
 * one). A break may happen at a glue that follows a box, or at a penalty
 * below LINEBREAK_FORBID; glue and penalties at the start of a line are
 * discarded. The breakers only choose break positions: what the items are
 * and how they are drawn is the caller's business.
 *
 * Two breakers: first fit (greedy, line by line) and total fit (Knuth and
 * Plass, "Breaking paragraphs into lines", 1981: the breaks that minimise
 * the paragraph's total demerits, found with active nodes). */
#ifndef FOLIO_PDF_LINEBREAK_H
#define FOLIO_PDF_LINEBREAK_H

#include <stddef.h>

enum linebreak_kind { LINEBREAK_BOX, LINEBREAK_GLUE, LINEBREAK_PENALTY };

#define LINEBREAK_FORBID 10000
#define LINEBREAK_FORCE (-10000)

struct linebreak_item {
    enum linebreak_kind kind;
    double width;   /* box, glue; for a penalty: the width added when breaking there (a hyphen) */
    double stretch; /* glue; a box: how much wider it may be set (font expansion), at most */
    double shrink;  /* glue; a box: how much narrower it may be set, at most */
    int penalty;    /* penalty: <= LINEBREAK_FORCE forces, >= LINEBREAK_FORBID forbids; glue:
                       >= LINEBREAK_FORBID makes it unbreakable (a tie between words) */
    int flagged;    /* penalty only: a break here ends the line with a hyphen */
    double hang;    /* glue, penalty: how far a line ending there may reach into the right margin
                       (margin protrusion); a box: into the left margin, when a line starts with it */
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

/* The knobs of total fit. Ratios are adjustment ratios: r > 0 stretches
 * the line's glue by r times its stretch, r < 0 shrinks it by |r| times
 * its shrink (never below -1). Badness is 100 |r|^3, as in TeX. The
 * boxes' stretch and shrink (font expansion, as pdfTeX's) take the same
 * ratio as the glue up to 1: a line looser than that stretches its boxes
 * fully and its glue by the ratio that fills the line, which is the
 * ratio rated. */
struct linebreak_params {
    double tolerance;             /* the first pass takes lines with r <= tolerance */
    double emergency_tolerance;   /* the second pass; 0 for no limit; < 0 for no second pass
                                     nor fallback: a trial that may find no lines */
    double line_penalty;          /* added to every line's badness before squaring */
    double flagged_demerits;      /* two flagged (hyphenated) lines in a row */
    double final_hyphen_demerits; /* the last-but-one line of the paragraph flagged */
    double fitness_demerits;      /* adjacent lines whose fitness classes differ by more than one */
    int max_flagged_run;          /* a hard limit on consecutive flagged lines (0: none) */
    double end_stretch;           /* stretch every line has at its end: ragged right when > 0 */
};

/* Defaults for justified text: TeX's tolerances, demerits scaled to them. */
void linebreak_params_justified(struct linebreak_params *p);

/* Defaults for ragged-right text of the given measure: natural spaces (the
 * caller gives glue no stretch or shrink) and a stretch of `end_stretch`
 * at each line's end, so that the lines' shortfalls are balanced. */
void linebreak_params_ragged(struct linebreak_params *p, double end_stretch);

/* Total fit: the breaks that minimise the sum of the lines' demerits,
 * (line_penalty + badness)^2 plus penalties and the flagged, final-hyphen
 * and fitness demerits, among lines with -1 <= r <= tolerance. When no
 * such set of breaks exists, a second pass with the emergency tolerance;
 * then, when even that fails (a box wider than the line), the lines that
 * cannot fit are set overfull, one unbreakable box each, as first fit
 * does. No more than max_flagged_run flagged lines follow each other.
 * The last line and lines ending at a forced break are set at their
 * natural width (ratio 0) unless they must shrink.
 *
 * The time is linear in n for a given measure: only the nodes within one
 * line's reach of the current position stay active.
 *
 * Stores *breaks as linebreak_first_fit does and, when ratios is not NULL,
 * *ratios (malloc'ed; the caller frees it): the adjustment ratio of each
 * line. Returns the number of lines (0 when there is no box). */
size_t linebreak_total_fit(const struct linebreak_item *items, size_t n, const double *line_widths,
                           size_t n_widths, const struct linebreak_params *params, size_t **breaks,
                           double **ratios);

/* The first box at or after index `from`, or n: where a line starts when
 * the previous one ended at from - 1 (or from = 0 for the first line). */
size_t linebreak_line_start(const struct linebreak_item *items, size_t n, size_t from);

#endif
