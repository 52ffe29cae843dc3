/* The theme of a template: colours, fonts, text styles and page geometry,
 * read once from templates/<kind>/theme.xml and given to both writers. */
#ifndef FOLIO_THEME_H
#define FOLIO_THEME_H

#include <stddef.h>

#include "diag.h"

enum theme_face { FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_BOLD_ITALIC, FACE_COUNT };

struct theme_colour {
    char *name;
    unsigned rgb; /* 0xRRGGBB */
};

struct theme_font {
    char *role;             /* "text", "display" */
    char *family;           /* CSS family name */
    char *file[FACE_COUNT]; /* absolute paths of the TrueType files */
    /* fallback="role": the font that draws the characters this one lacks
     * (resolved once the theme is read), or NULL */
    char *fallback_role;
    const struct theme_font *fallback;
};

struct theme_style {
    char *name; /* "body", "h1", ... */
    const struct theme_font *font;
    double size;     /* pt */
    double leading;  /* line height as a multiple of size */
    int justify;     /* align="justify": set justified, else ragged right */
    int hyphenate;   /* hyphenate="yes": words may be hyphenated */
    double min_size; /* min-size: the smallest a text that must fit its place may step down to
                        (a cover's title); the size itself when not given */
};

/* How justified text is set (<justify>): the line breaker's knobs and
 * the microtypography it may use. Defaults: justify_defaults in theme.c. */
struct theme_justify {
    double space_stretch, space_shrink; /* of a space, as a share of its width */
    double tolerance;                   /* the largest adjustment ratio of a first-pass line */
    double line_penalty;                /* added to every line's badness */
    int hyphen_penalty;                 /* a break at a hyphen */
    double hyphen_run_demerits;         /* two hyphenated lines in a row */
    double final_hyphen_demerits;       /* the last-but-one line hyphenated */
    int max_hyphen_run;                 /* hyphenated lines in a row, at most */
    double fitness_demerits;            /* adjacent lines of fitness classes two apart */
    double expansion;                   /* font expansion of a line's words, at most ± this
                                           share of their width (0: none) */
    int protrusion;                     /* punctuation hangs into the margins */
};

struct theme {
    char *path;
    /* page geometry, in points */
    double page_width, page_height;
    double margin_top, margin_bottom, margin_inner, margin_outer;
    /* the body's measure and columns (<measure>): the measure in ems of
     * the body size (measure_em > 0) or points, the columns of a section
     * that does not say, and the gap between columns, pt */
    double measure_em, measure_pt;
    int columns;
    double column_gap;
    struct theme_justify justify;
    struct theme_colour *colours;
    size_t colour_count;
    struct theme_font *fonts;
    size_t font_count;
    struct theme_style *styles;
    size_t style_count;
};

/* Reads a theme file. Font files are looked up in the directories of
 * `font_path` (colon-separated; NULL for /usr/share/fonts/truetype).
 * Returns 0, or -1 with diagnostics appended (theme left empty). */
int theme_load(struct theme *theme, const char *path, const char *font_path,
               struct diag_list *diags);

/* Lookups by name; NULL when absent. */
const struct theme_colour *theme_colour(const struct theme *theme, const char *name);
const struct theme_style *theme_style(const struct theme *theme, const char *name);
const struct theme_font *theme_font(const struct theme *theme, const char *role);

/* The RGB of a colour, or 0 (black) when the theme lacks it. */
unsigned theme_rgb(const struct theme *theme, const char *name);

void theme_free(struct theme *theme);

#endif
