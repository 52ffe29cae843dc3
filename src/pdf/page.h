/* Page breaking: assigns every item of the vertical list a page and a
 * position. Greedy, like the line breaker: fill the page, and when a box
 * does not fit, break at the last legal break point on the page (a space
 * after a box, or a penalty below V_FORBID). Spaces and penalties at the
 * top of a page are discarded. A page that starts inside a table begins
 * with the table's header row again. */
#ifndef FOLIO_PDF_PAGE_H
#define FOLIO_PDF_PAGE_H

#include <stddef.h>

#include "box.h"
#include "diag.h"

/* Space between the text and the footnotes of a page: a short rule sits
 * in it. */
#define PAGE_FOOT_SEPARATOR 14.0

struct page_info {
    enum page_style style;
    int section;        /* the section of its first box, -1 for none */
    size_t overfull;    /* 1 + the index of the first box running below the bottom margin; 0 */
    size_t repeat;      /* 1 + the index of a table header box drawn again at the page's top; 0 */
    size_t repeat_from; /* 1 + the index of its first box (its rows between, to repeat); 0 */
    size_t subhead;     /* 1 + the index of a table's subhead row drawn again below it; 0 */
    size_t note_first, note_end; /* the footnote lines at its foot: [note_first, note_end) */
};

/* The height of a table's header repeated on a page: its boxes from 1 +
 * index `from` (0: only the last) to 1 + index `to`. */
double page_header_height(const struct vlist *vl, size_t from, size_t to);

/* Paginates into pages of content height `height`. A box calls the
 * footnote lines notes->items[note_first .. + note_count): they go at the
 * foot of its page, the first at least, the rest continued on the next
 * pages when they do not fit. Returns the number of pages and stores their
 * descriptions in *pages (malloc'ed; the caller frees it). */
size_t page_break(struct vlist *vl, const struct vlist *notes, double height,
                  struct page_info **pages);

/* page_break, then the pages between two forced page breaks (a section)
 * whose last holds only a few lines made one page fewer, where they can
 * be: the section's spaces between blocks are shrunk, by a tenth to
 * two fifths, as little as it takes, and kept as they were when that
 * does not do it or would leave anything running off a page. */
size_t page_break_fitted(struct vlist *vl, const struct vlist *notes, double height,
                         struct page_info **pages);

#endif
