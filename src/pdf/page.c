#include <stdlib.h>

#include "page.h"
#include "util.h"

struct pager {
    struct page_info *pages;
    size_t count, cap;
    double y;
    int has_box;
    size_t last_break; /* index of the last legal break on the page, or SIZE_MAX */
};

static void new_page(struct pager *pg, enum page_style style)
{
    if (pg->count == pg->cap) {
        pg->cap = pg->cap ? pg->cap * 2 : 16;
        pg->pages = xrealloc(pg->pages, pg->cap * sizeof *pg->pages);
    }
    pg->pages[pg->count].style = style;
    pg->pages[pg->count].section = -1;
    pg->pages[pg->count].overfull = 0;
    pg->pages[pg->count].repeat = 0;
    pg->count++;
    pg->y = 0;
    pg->has_box = 0;
    pg->last_break = (size_t)-1;
}

size_t page_break(struct vlist *vl, double height, struct page_info **pages)
{
    struct pager pg = {0};
    const double slack = 0.01;
    size_t i = 0;

    if (vl->count == 0 || vl->items[0].kind != V_PAGE)
        new_page(&pg, PAGE_BODY);
    while (i < vl->count) {
        struct vitem *it = &vl->items[i];
        if (it->kind == V_PAGE) {
            /* A forced page: reuse the current one only if nothing is on it. */
            if (pg.count > 0 && !pg.has_box)
                pg.pages[pg.count - 1].style = it->style;
            else
                new_page(&pg, it->style);
        } else if (it->kind == V_BOX) {
            if (pg.has_box && pg.y + it->height > height + slack && pg.last_break != (size_t)-1) {
                i = pg.last_break + 1;
                new_page(&pg, PAGE_BODY);
                continue;
            }
            if (!pg.has_box && it->repeat && pg.count > 0 &&
                vl->items[it->repeat - 1].page != pg.count - 1) {
                /* a table continues here: its header row comes first */
                pg.pages[pg.count - 1].repeat = it->repeat;
                pg.y += vl->items[it->repeat - 1].height;
            }
            if (!pg.has_box)
                pg.pages[pg.count - 1].section = it->section;
            pg.has_box = 1;
            it->y = pg.y;
            pg.y += it->height;
        } else if (it->kind == V_SPACE) {
            it->y = pg.y;
            if (pg.has_box) {
                if (vl->items[i - 1].kind == V_BOX)
                    pg.last_break = i;
                pg.y += it->height;
            }
        } else {
            it->y = pg.y;
            if (pg.has_box && it->penalty < V_FORBID)
                pg.last_break = i;
        }
        it->page = pg.count - 1;
        i++;
    }
    for (i = 0; i < vl->count; i++) {
        const struct vitem *it = &vl->items[i];
        if (it->kind == V_BOX && it->height > 0 && it->y + it->height > height + slack)
            pg.pages[it->page].overfull = 1;
    }
    *pages = pg.pages;
    return pg.count;
}
