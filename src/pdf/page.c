#include <stdlib.h>

#include "page.h"
#include "util.h"

struct pager {
    struct page_info *pages;
    size_t count, cap;
    double y;    /* height of the text placed on the page */
    double foot; /* height of the footnote lines placed on it, separator included */
    int has_box; /* in the current frame */
    /* two-column flow: the frame (0 left, 1 right) and where the columns
     * start on the page; bottom: the lowest text so far on the page */
    int frame, in_columns;
    double col_top, bottom;
    int used;          /* a box is on the page (a cover's boxes may have no height) */
    size_t last_break; /* index of the last legal break on the page, or SIZE_MAX */
    /* footnote lines, in the order they are called: [0, next_note) are on
     * pages, [next_note, called) wait for room at the foot of a page */
    size_t next_note, called;
    size_t break_note, break_called; /* both when the last break was passed */
};

static void new_page(struct pager *pg, enum page_style style)
{
    if (pg->count == pg->cap) {
        pg->cap = pg->cap ? pg->cap * 2 : 16;
        pg->pages = xrealloc(pg->pages, pg->cap * sizeof *pg->pages);
    }
    struct page_info *p = &pg->pages[pg->count];
    p->style = style;
    p->section = -1;
    p->overfull = 0;
    p->repeat = p->repeat_from = 0;
    p->subhead = 0;
    p->note_first = p->note_end = pg->next_note;
    pg->count++;
    pg->y = 0;
    pg->foot = 0;
    pg->has_box = 0;
    pg->frame = 0;
    pg->in_columns = 0;
    pg->col_top = 0;
    pg->bottom = 0;
    pg->used = 0;
    pg->last_break = (size_t)-1;
}

/* Columns start below what the page holds, and end below both columns. */
static void S_switch_columns(struct pager *pg, int on)
{
    pg->in_columns = on;
    pg->frame = 0;
    if (on) {
        pg->col_top = pg->y;
    } else {
        pg->y = pg->bottom;
    }
}

static void S_mark_break(struct pager *pg, size_t i)
{
    pg->last_break = i;
    pg->break_note = pg->next_note;
    pg->break_called = pg->called;
}

/* Places waiting footnote lines at the foot of the current page while they
 * fit; the others wait for the next page ("continued"). */
static void place_notes(struct pager *pg, const struct vlist *notes, double height)
{
    while (pg->next_note < pg->called) {
        double h = notes->items[pg->next_note].height + (pg->foot > 0 ? 0 : PAGE_FOOT_SEPARATOR);
        double text = pg->bottom > pg->y ? pg->bottom : pg->y; /* below both columns */
        if (text + pg->foot + h > height + 0.01 && (pg->foot > 0 || pg->used))
            break;
        pg->foot += h;
        pg->next_note++;
    }
    pg->pages[pg->count - 1].note_end = pg->next_note;
}

/* The height a box needs below it for its own footnotes: the first line of
 * the first one at least, with the separator if the page has none yet. */
static double notes_needed(const struct pager *pg, const struct vitem *it,
                           const struct vlist *notes)
{
    if (it->note_count == 0 || pg->next_note < pg->called)
        return 0; /* notes already waiting: this one's go after them anyway */
    return notes->items[it->note_first].height + (pg->foot > 0 ? 0 : PAGE_FOOT_SEPARATOR);
}

double page_header_height(const struct vlist *vl, size_t from, size_t to)
{
    double h = 0;
    for (size_t i = from ? from - 1 : to - 1; i < to; i++)
        if (vl->items[i].kind == V_BOX)
            h += vl->items[i].height;
    return h;
}

size_t page_break(struct vlist *vl, const struct vlist *notes, double height,
                  struct page_info **pages)
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
            if (pg.count > 0 && !pg.used && pg.foot == 0)
                pg.pages[pg.count - 1].style = it->style;
            else
                new_page(&pg, it->style);
            place_notes(&pg, notes, height);
        } else if (it->kind == V_BOX) {
            if ((it->columns == 2) != pg.in_columns)
                S_switch_columns(&pg, it->columns == 2);
            double need = it->height + notes_needed(&pg, it, notes);
            int overflows = pg.has_box && pg.y + pg.foot + need > height + slack;
            if (overflows && pg.last_break == (size_t)-1) {
                /* boxes kept together are taller than the page: better a
                 * break where it was forbidden than text off the page */
                if (pg.in_columns && pg.frame == 0) {
                    pg.frame = 1;
                    pg.y = pg.col_top;
                    pg.has_box = 0;
                } else {
                    new_page(&pg, PAGE_BODY);
                    place_notes(&pg, notes, height);
                }
                continue;
            }
            if (overflows) {
                i = pg.last_break + 1;
                /* the boxes after the break move to the next frame or page,
                 * and their notes (and any placed since) with them */
                pg.next_note = pg.break_note;
                pg.called = pg.break_called;
                pg.pages[pg.count - 1].note_end = pg.next_note;
                if (pg.in_columns && pg.frame == 0) {
                    pg.frame = 1;
                    pg.y = pg.col_top;
                    pg.has_box = 0;
                    pg.last_break = (size_t)-1;
                    continue;
                }
                new_page(&pg, PAGE_BODY);
                place_notes(&pg, notes, height);
                continue;
            }
            double header = it->repeat ? page_header_height(vl, it->repeat_from, it->repeat) : 0;
            if (!pg.has_box && it->repeat && pg.count > 0 &&
                vl->items[it->repeat - 1].page != pg.count - 1 &&
                pg.y + header + need <= height + slack) {
                /* a table continues here: its header rows come first (when
                 * both fit: a row is never pushed off the page by them) */
                pg.pages[pg.count - 1].repeat = it->repeat;
                pg.pages[pg.count - 1].repeat_from = it->repeat_from ? it->repeat_from : it->repeat;
                pg.y += header;
            }
            if (!pg.has_box && it->subhead && pg.count > 0 &&
                vl->items[it->subhead - 1].page != pg.count - 1 &&
                pg.y + vl->items[it->subhead - 1].height + need <= height + slack) {
                /* ... and the label of the group of rows it continues */
                pg.pages[pg.count - 1].subhead = it->subhead;
                pg.y += vl->items[it->subhead - 1].height;
            }
            if (!pg.has_box && pg.pages[pg.count - 1].section < 0)
                pg.pages[pg.count - 1].section = it->section;
            pg.has_box = 1;
            pg.used = 1;
            it->y = pg.y;
            it->frame = pg.frame;
            pg.y += it->height;
            if (pg.y > pg.bottom)
                pg.bottom = pg.y;
            if (it->note_count)
                pg.called = it->note_first + it->note_count;
            place_notes(&pg, notes, height);
        } else if (it->kind == V_SPACE) {
            it->y = pg.y;
            if (pg.has_box) {
                if (vl->items[i - 1].kind == V_BOX)
                    S_mark_break(&pg, i);
                pg.y += it->height;
            }
        } else {
            it->y = pg.y;
            if (pg.has_box && it->penalty < V_FORBID)
                S_mark_break(&pg, i);
        }
        it->page = pg.count - 1;
        i++;
    }
    /* footnotes still waiting at the end get pages of their own */
    while (pg.next_note < pg.called) {
        size_t before = pg.next_note;
        new_page(&pg, PAGE_BODY);
        place_notes(&pg, notes, height);
        if (pg.next_note == before) { /* a line taller than a page */
            pg.next_note++;
            pg.pages[pg.count - 1].note_end = pg.next_note;
        }
    }
    for (i = 0; i < vl->count; i++) {
        const struct vitem *it = &vl->items[i];
        if (it->kind == V_BOX && it->height > 0 && it->y + it->height > height + slack &&
            !pg.pages[it->page].overfull)
            pg.pages[it->page].overfull = i + 1;
    }
    *pages = pg.pages;
    return pg.count;
}

/* A section's last page holding at most this share of the text height is
 * worth a page fewer. */
#define PAGE_SHORT_END 0.2

static size_t S_overfull_pages(const struct page_info *pages, size_t count)
{
    size_t n = 0;
    for (size_t p = 0; p < count; p++)
        n += pages[p].overfull != 0;
    return n;
}

/* The vertical list's sections, as [from, to) ranges of items between
 * forced page breaks; the first page of each that holds a box, the last,
 * and how much of the last its text uses. */
struct S_run {
    size_t from, to, first_page, last_page;
    double used;
};

static size_t S_runs(const struct vlist *vl, struct S_run **out)
{
    struct S_run *runs = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < vl->count;) {
        size_t from = i;
        while (i < vl->count && vl->items[i].kind != V_PAGE)
            i++;
        struct S_run r = {from, i, (size_t)-1, 0, 0};
        for (size_t k = from; k < i; k++) {
            const struct vitem *it = &vl->items[k];
            if (it->kind != V_BOX)
                continue;
            if (r.first_page == (size_t)-1)
                r.first_page = it->page;
            if (it->page > r.last_page || (it->page == r.last_page && r.used == 0))
                r.last_page = it->page, r.used = 0;
            if (it->page == r.last_page && it->y + it->height > r.used)
                r.used = it->y + it->height;
        }
        if (r.first_page != (size_t)-1 && r.last_page > r.first_page) {
            if (n == cap)
                runs = xrealloc(runs, (cap = cap ? 2 * cap : 8) * sizeof *runs);
            runs[n++] = r;
        }
        i++; /* the V_PAGE */
    }
    *out = runs;
    return n;
}

/* Sets the run's spaces between blocks (not the fixed ones below a
 * heading) to `factor` times their heights in `kept`, which is indexed
 * from the run's first item. */
static void S_spaces(struct vlist *vl, const struct S_run *r, const double *kept, double factor)
{
    for (size_t k = r->from; k < r->to; k++)
        if (vl->items[k].kind == V_SPACE && !vl->items[k].fixed)
            vl->items[k].height = kept[k - r->from] * factor;
}

size_t page_break_fitted(struct vlist *vl, const struct vlist *notes, double height,
                         struct page_info **pages)
{
    size_t count = page_break(vl, notes, height, pages);
    struct S_run *runs;
    size_t nruns = S_runs(vl, &runs);
    int stale = 0; /* the boxes hold the places of a pagination not kept */
    for (size_t r = 0; r < nruns; r++) {
        if (runs[r].used > PAGE_SHORT_END * height)
            continue;
        double *kept = xmalloc((runs[r].to - runs[r].from) * sizeof *kept);
        for (size_t k = runs[r].from; k < runs[r].to; k++)
            kept[k - runs[r].from] = vl->items[k].height;
        size_t overfull = S_overfull_pages(*pages, count);
        int fitted = 0;
        for (int tenth = 1; tenth <= 4 && !fitted; tenth++) {
            S_spaces(vl, &runs[r], kept, 1 - 0.1 * tenth);
            struct page_info *tried;
            size_t n = page_break(vl, notes, height, &tried);
            fitted = n + 1 == count && S_overfull_pages(tried, n) <= overfull;
            free(fitted ? *pages : tried);
            if (fitted) {
                *pages = tried;
                count = n;
            }
            stale = !fitted;
        }
        if (!fitted)
            S_spaces(vl, &runs[r], kept, 1);
        free(kept);
    }
    if (stale) {
        free(*pages);
        count = page_break(vl, notes, height, pages);
    }
    free(runs);
    return count;
}
