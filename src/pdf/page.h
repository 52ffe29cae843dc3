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

struct page_info {
    enum page_style style;
    int section;   /* the section of its first box, -1 for none */
    int overfull;  /* content runs below the bottom margin */
    size_t repeat; /* 1 + the index of a table header box drawn again at the page's top; 0 */
};

/* Paginates into pages of content height `height`. Returns the number of
 * pages and stores their descriptions in *pages (malloc'ed; the caller
 * frees it). */
size_t page_break(struct vlist *vl, double height, struct page_info **pages);

#endif
