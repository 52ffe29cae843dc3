/* Inline text: the runs of a paragraph (<b>, <i>, <a>, <keep>, <missing>,
 * <br/>) turned into measured atoms, broken into lines by the line breaker
 * and drawn into a box's display list. One size and leading per text
 * block; faces, colours and decorations vary by run.
 *
 * Words are measured with the fonts' kerning and drawn with it (libharu
 * has no TJ: a word is drawn in pieces where a kerning pair moves the next
 * glyph). Justified blocks are broken by total fit and their lines filled
 * to the measure, with the theme's <justify> settings: spaces, font
 * expansion of the words (drawn through Tz) and punctuation hanging into
 * the margins; ragged ones by total fit with ragged-right settings.
 * Hyphenated blocks get discretionary hyphens from the document's
 * dictionary (hyphen.h), never inside <a>, <keep> or tokens with digits,
 * '@', '/' or an inner '.'. */
#ifndef FOLIO_PDF_TEXT_H
#define FOLIO_PDF_TEXT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "box.h"
#include "font.h"
#include "hyphen.h"
#include "theme.h"

/* Line quality of the paragraphs accounted with text_account. */
struct text_stats {
    size_t lines;
    size_t ratio_lines; /* justified lines but a paragraph's last */
    double worst_ratio; /* the largest |ratio| among them */
    double ratio_sum;
    size_t hyphenated; /* lines ending in a hyphen the breaker added */
};

/* What every text block needs from its writer. */
struct text_env {
    struct font_set *fonts;
    struct diag_list *diags;
    unsigned link_rgb;       /* <a> */
    unsigned missing_rgb;    /* background of <missing> */
    struct hyphenator *hyph; /* the document's dictionary; NULL: no hyphenation */
    struct text_stats stats; /* see text_account */
    struct tagging *tags;    /* structure elements of links, references, spans; NULL: untagged */
    const struct theme_justify *justify; /* how justified text is set; NULL: the defaults */
};

struct text_style {
    const struct theme_font *font;
    enum theme_face face; /* the face of plain runs; <b>/<i> add to it */
    double size, leading; /* pt; line height = size * leading */
    unsigned rgb;
    double charspace; /* letter-spacing, pt */
    int upper;        /* set in capitals */
    const char *href; /* a link: underlined and clickable */
    int justify;      /* set justified (the last line and lines before <br/> ragged) */
    int hyphenate;    /* words may be hyphenated */
    int keep;         /* a name: never hyphenated, its words kept on one line */
};

struct text_atom;
struct text_run;
struct text_glyph;

struct text_line {
    size_t first, end; /* atoms [first, end) */
    double width;      /* as set: the measure for a justified line, without what hangs out */
    double ratio;      /* adjustment ratio of its spaces (0: natural) */
    double expand;     /* its words scaled horizontally by 1 + expand (font expansion) */
    double hang_left;  /* how far its first glyph hangs into the left margin (protrusion) */
    int hyphen;        /* ends in a hyphen the breaker added */
    int last;          /* ends the paragraph or a forced break */
};

struct text_block {
    struct text_env *env;
    double size, line_height, ascent, descent; /* ascent, descent in pt */
    struct text_atom *atoms;
    size_t count, cap;
    struct text_run *runs; /* the styles of the atoms, each once */
    size_t run_count, run_cap;
    struct text_glyph *glyphs; /* the measured characters of the words, in order */
    size_t glyph_count, glyph_cap;
    struct buf text; /* the words' UTF-8, which atoms index */
    struct text_line *lines;
    size_t line_count;
    const char *src; /* "path:line" for diagnostics, borrowed */
    int justify;     /* from the style given to text_init */
    int prepared;    /* words hyphenated and kerned (once, at the first text_break) */
};

/* Starts an empty block measured in `style` (its size and leading). */
void text_init(struct text_block *tb, struct text_env *env, const struct text_style *style,
               const char *src);
void text_free(struct text_block *tb);

/* Appends the inline content of `node` (its children), or a plain UTF-8
 * string, in `style`. Whitespace collapses to single spaces. Characters
 * missing from their face are reported as errors (once per document). */
void text_add_inline(struct text_block *tb, const xmlNode *node, const struct text_style *style);
void text_add_string(struct text_block *tb, const char *s, const struct text_style *style);

/* Breaks the block into lines of at most `width` (total fit); a word
 * wider than the line is broken anywhere. Returns the number of lines. */
size_t text_break(struct text_block *tb, double width);

/* Adds the lines of a broken block (a paragraph) to env->stats. */
void text_account(struct text_env *env, const struct text_block *tb);

/* Widest line after text_break. */
double text_width(const struct text_block *tb);

/* Widest piece the breaker cannot split: a word, or a part of one
 * between hyphens, dashes or slashes (the dictionary's hyphens aside). */
double text_min_width(const struct text_block *tb);

/* The width of the block's widest line. */
double text_widest_line(const struct text_block *tb);

/* Draws line `i` into `box`, its left end at x and its top at y. */
void text_draw_line(const struct text_block *tb, size_t i, struct vitem *box, double x, double y);

/* Draws every line, the first one's top at y, aligned left (0), centred
 * (1) or right (2) within [x, x + width], or (3) as a block flush right
 * whose lines are flush left (a figure's column holding a wrapped text).
 * Returns the height drawn. */
double text_draw(const struct text_block *tb, struct vitem *box, double x, double y, double width,
                 int align);

/* The footnotes (<note> elements) called on line `i`: up to `max` of them
 * into out, and the Reference elements of their calls into refs (when not
 * NULL); returns how many there are. */
size_t text_line_notes(const struct text_block *tb, size_t i, const xmlNode **out, int *refs,
                       size_t max);

/* Height of n lines. */
double text_height(const struct text_block *tb);

#endif
