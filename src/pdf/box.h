/* The layout's intermediate form: a vertical list of boxes, spaces and
 * penalties (the page-level analogue of the line breaker's items), each
 * box carrying a display list of drawing primitives. layout.c builds it
 * from the document tree, page.c assigns every item a page and a position,
 * emit.c draws it. */
#ifndef FOLIO_PDF_BOX_H
#define FOLIO_PDF_BOX_H

#include <stddef.h>

#include "font.h"

enum prim_kind {
    PRIM_TEXT,    /* text at baseline (x, y); w is its width */
    PRIM_RECT,    /* rectangle at (x, y) top-left, w x h; filled, or stroked when line_width > 0 */
    PRIM_LINE,    /* segment from (x, y) to (x + w, y + h) */
    PRIM_DOT,     /* disc centred at (x, y), radius w */
    PRIM_LINK,    /* URI link annotation over the rectangle (x, y, w, h); text is the URI */
    PRIM_PAGEREF, /* contents entry: dot leaders from x to the page number of `text` (a section id),
                     right-aligned at x + w on baseline y */
    PRIM_IMAGE,   /* `image` scaled into the rectangle (x, y) top-left, w x h; text is its
                     alternative text (see figure.h) */
    PRIM_POLYGON, /* a filled polygon: point_count points (x, y pairs) from the box's origin */
};

struct prim {
    enum prim_kind kind;
    int absolute; /* coordinates from the page's top-left corner instead of the box's */
    double x, y, w, h;
    double radius;     /* PRIM_RECT corners */
    double line_width; /* PRIM_RECT stroke, PRIM_LINE */
    unsigned rgb;
    struct font_face *face; /* PRIM_TEXT, PRIM_PAGEREF */
    double size, charspace;
    double expand;  /* PRIM_TEXT: glyphs scaled horizontally by 1 + expand (font expansion) */
    char *text;     /* owned */
    void *image;    /* PRIM_IMAGE: an HPDF_Image, owned by the libharu document */
    double *points; /* PRIM_POLYGON, owned */
    size_t point_count;
    int tag; /* the structure element it belongs to (tagging.h); 0: an artifact */
};

enum vkind { V_BOX, V_SPACE, V_PENALTY, V_PAGE };

enum page_style { PAGE_COVER, PAGE_OPENER, PAGE_BODY, PAGE_BACK };

/* Penalties between boxes: a break is allowed below V_FORBID. */
#define V_ALLOW 0
#define V_FORBID 10000

struct vitem {
    enum vkind kind;
    double height;         /* V_BOX, V_SPACE */
    int penalty;           /* V_PENALTY */
    enum page_style style; /* V_PAGE: the style of the page it starts */
    int section;           /* index of the current section, -1 before the first */
    const char *src;       /* V_BOX: "path:line" of the content it sets, borrowed; may be NULL */
    int fixed;             /* V_SPACE: keeps its height when a later space collapses into it */
    int gutter;            /* a timeline box: the gutter line runs through it */
    double gutter_x, gutter_top;
    size_t note_first, note_count; /* the footnote lines it calls (struct layout's notes) */
    /* a line of a paragraph: which paragraph (from 1; 0 for other boxes),
     * its index and the paragraph's count of lines, for the quality report */
    size_t para, line, lines;
    int columns; /* 2 when it flows in two columns (page.c sets frame: 0 left, 1 right) */
    int frame;
    size_t repeat;      /* a table row: 1 + the index of the header box that repeats above it when a
                           page starts with it; 0 for none */
    size_t repeat_from; /* ... and of the first such box, for a header of several rows; 0: one */
    size_t subhead;     /* a table row under a subhead row: 1 + the index of that row's box, which
                           repeats too (below the header), so a continued group keeps its label */
    int tag;            /* V_BOX: the structure element of the prims added next (vitem_prim) */
    struct prim *prims;
    size_t count, cap;
    /* placement (page.c): the page index and the top, from the content area's top */
    size_t page;
    double y;
};

struct vlist {
    struct vitem *items;
    size_t count, cap;
};

/* Appends an item; the pointer is valid until the next append. */
struct vitem *vlist_add(struct vlist *vl, enum vkind kind, int section);
struct prim *vitem_prim(struct vitem *box, enum prim_kind kind);
/* Frees a box's prims, once drawn; the box keeps its place. */
void vitem_clear(struct vitem *box);
void vlist_free(struct vlist *vl);

/* Drawing shorthands on a box: decoration, so artifacts (tag 0). */
void box_rect(struct vitem *box, double x, double y, double w, double h, unsigned rgb,
              double radius);
void box_frame(struct vitem *box, double x, double y, double w, double h, unsigned rgb,
               double radius, double line_width);
void box_line(struct vitem *box, double x, double y, double x2, double y2, unsigned rgb,
              double width);
void box_dot(struct vitem *box, double x, double y, double r, unsigned rgb);

#endif
