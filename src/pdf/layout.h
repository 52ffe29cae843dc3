/* Blocks into the vertical list: the design of the booklet lives here.
 * Each block of the document tree becomes boxes (a line of text, a row of
 * cards, a quote) separated by spaces where a page may break and by
 * penalties that forbid or allow a break, which is how headings keep with
 * what follows, cards stay whole and paragraphs keep two lines on each
 * side of a break. */
#ifndef FOLIO_PDF_LAYOUT_H
#define FOLIO_PDF_LAYOUT_H

#include <libxml/tree.h>

#include "box.h"
#include "text.h"

struct layout_section {
    char *title;       /* plain text, for the running head and the outline */
    const char *id;    /* borrowed from the tree; may be NULL */
    size_t first_item; /* index of its first box in the vertical list */
};

/* A place links, the contents and the outline point at: a section
 * (level 1), a heading (2, 3) or another target such as a table (0). */
struct layout_anchor {
    const char *id; /* borrowed from the tree */
    size_t item;    /* its box in the vertical list */
    int level;
    char *title; /* plain text for the outline (levels 1 and 2), else NULL */
};

struct layout {
    const struct theme *theme;
    struct text_env env;
    /* geometry, pt */
    double page_w, page_h, top, bottom, inner, outer;
    double width; /* content area */
    double height;
    double measure;    /* text column, for comfortable line lengths */
    int columns;       /* of the current section: 1, or 2 for a two-column body */
    double column_gap; /* between the two columns */
    const char *src;   /* "path:line" of the block being laid out, for the boxes it makes */
    /* palette */
    unsigned primary, accent, ink, muted, tint, rule, paper;
    struct vlist vl;
    struct vlist notes; /* footnote lines, boxes in the order they are called */
    size_t paragraphs;  /* paragraphs flowed line by line so far */
    size_t overfull;    /* their lines wider than the measure */
    struct layout_section *sections;
    size_t section_count;
    int section; /* current, -1 before the first */
    struct layout_anchor *anchors;
    size_t anchor_count;
    char *short_title;
    const char *asset_dir; /* the publication folder, for figures' images; may be NULL */
    /* structure (tagging.h, through env.tags): the element new blocks go
     * under, and the one new boxes' prims belong to */
    int container, pen;
    int heading; /* the last heading's structure level, so none is skipped */
};

/* Builds the vertical list of the whole document. Returns 0, or -1 when
 * the tree lacks what every document has (diagnostics appended). Missing
 * glyphs are reported through env.diags but do not stop the layout. */
int layout_document(struct layout *lo, const xmlDoc *doc);

void layout_free(struct layout *lo);

/* The anchor with id `id`, or NULL. */
const struct layout_anchor *layout_anchor(const struct layout *lo, const char *id);

/* Resolved text styles. */
struct text_style layout_style(const struct layout *lo, const char *name, unsigned rgb);

#endif
