#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_pages.h>
#include <hpdf_utils.h>

#include "emit.h"
#include "stream.h"
#include "figure.h"
#include "tagging.h"
#include "url.h"
#include "util.h"

struct origin {
    HPDF_Page page;
    HPDF_Page *pages; /* every page, for links within the document */
    size_t page_count;
    double x, y; /* PDF coordinates of the box's top-left corner */
    double page_h;
    size_t index;   /* the page's */
    int artifact;   /* everything drawn is an artifact (a repeated header row) */
    int pagination; /* ... of the running head and folio */
};

/* What is drawn next on the page belongs to structure element `tag` (0:
 * an artifact). */
static void S_mark(const struct layout *lo, const struct origin *o, int tag)
{
    if (lo->env.tags)
        tagging_mark(lo->env.tags, o->index, o->artifact || o->pagination ? 0 : tag, o->pagination);
}

static void set_fill(HPDF_Page page, unsigned rgb)
{
    HPDF_Page_SetRGBFill(page, (rgb >> 16 & 0xFF) / 255.0f, (rgb >> 8 & 0xFF) / 255.0f,
                         (rgb & 0xFF) / 255.0f);
}

static void set_stroke(HPDF_Page page, unsigned rgb, double width)
{
    HPDF_Page_SetRGBStroke(page, (rgb >> 16 & 0xFF) / 255.0f, (rgb >> 8 & 0xFF) / 255.0f,
                           (rgb & 0xFF) / 255.0f);
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)width);
}

/* A rectangle path from its bottom-left corner, corners rounded by r. */
static void rect_path(HPDF_Page page, double x, double y, double w, double h, double r)
{
    if (r <= 0) {
        HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
        return;
    }
    if (r > w / 2)
        r = w / 2;
    if (r > h / 2)
        r = h / 2;
    double k = 0.5523 * r;
    HPDF_Page_MoveTo(page, (HPDF_REAL)(x + r), (HPDF_REAL)y);
    HPDF_Page_LineTo(page, (HPDF_REAL)(x + w - r), (HPDF_REAL)y);
    HPDF_Page_CurveTo(page, (HPDF_REAL)(x + w - r + k), (HPDF_REAL)y, (HPDF_REAL)(x + w),
                      (HPDF_REAL)(y + r - k), (HPDF_REAL)(x + w), (HPDF_REAL)(y + r));
    HPDF_Page_LineTo(page, (HPDF_REAL)(x + w), (HPDF_REAL)(y + h - r));
    HPDF_Page_CurveTo(page, (HPDF_REAL)(x + w), (HPDF_REAL)(y + h - r + k),
                      (HPDF_REAL)(x + w - r + k), (HPDF_REAL)(y + h), (HPDF_REAL)(x + w - r),
                      (HPDF_REAL)(y + h));
    HPDF_Page_LineTo(page, (HPDF_REAL)(x + r), (HPDF_REAL)(y + h));
    HPDF_Page_CurveTo(page, (HPDF_REAL)(x + r - k), (HPDF_REAL)(y + h), (HPDF_REAL)x,
                      (HPDF_REAL)(y + h - r + k), (HPDF_REAL)x, (HPDF_REAL)(y + h - r));
    HPDF_Page_LineTo(page, (HPDF_REAL)x, (HPDF_REAL)(y + r));
    HPDF_Page_CurveTo(page, (HPDF_REAL)x, (HPDF_REAL)(y + r - k), (HPDF_REAL)(x + r - k),
                      (HPDF_REAL)y, (HPDF_REAL)(x + r), (HPDF_REAL)y);
    HPDF_Page_ClosePath(page);
}

static size_t draw_texts(struct layout *lo, const struct origin *o, const struct vitem *box,
                         size_t from);

/* The page number (1-based) of the anchor with id `id`, or 0. */
static size_t anchor_page(const struct layout *lo, const char *id)
{
    const struct layout_anchor *a = layout_anchor(lo, id);
    return a ? lo->vl.items[a->item].page + 1 : 0;
}

/* A destination at the top of the anchor's box. */
static HPDF_Destination anchor_destination(const struct layout *lo, HPDF_Page *pages,
                                           const struct layout_anchor *a)
{
    const struct vitem *it = &lo->vl.items[a->item];
    HPDF_Destination dst = HPDF_Page_CreateDestination(pages[it->page]);
    if (dst)
        HPDF_Destination_SetFitH(dst, (HPDF_REAL)(lo->page_h - lo->top - it->y + 12));
    return dst;
}

/* The page of a contents entry's target; 0, with a warning, when it has none. */
static size_t pageref_page(struct layout *lo, const struct prim *p)
{
    size_t page = anchor_page(lo, p->text);
    if (page == 0)
        diag_add(lo->env.diags, DIAG_WARNING, NULL, 0,
                 "contents entry points to '%s', which is not in the document", p->text);
    return page;
}

static void draw_pageref(struct layout *lo, const struct origin *o, const struct prim *p, double x,
                         double y)
{
    size_t page = pageref_page(lo, p);
    char num[32];
    if (page == 0)
        return;
    snprintf(num, sizeof num, "%zu", page);
    double w = 0;
    for (const char *s = num; *s; s++)
        w += font_face_advance(lo->env.fonts, p->face, (unsigned char)*s) * p->size / 1000.0;
    double right = x + p->w;
    /* the number, right-aligned, drawn as any text is */
    struct prim text = *p;
    text.kind = PRIM_TEXT;
    text.absolute = 1;
    text.x = right - w;
    text.y = o->page_h - y;
    text.charspace = 0;
    text.text = num;
    struct vitem box = {.prims = &text, .count = 1};
    S_mark(lo, o, p->tag);
    draw_texts(lo, o, &box, 0);
    /* Leader dots on a fixed 4.5 pt grid, so they line up from entry to entry. */
    S_mark(lo, o, 0);
    set_fill(o->page, lo->rule);
    for (double dx = ceil((x - o->x) / 4.5) * 4.5; o->x + dx < right - w - 5; dx += 4.5)
        HPDF_Page_Circle(o->page, (HPDF_REAL)(o->x + dx), (HPDF_REAL)(y + 1), 0.75f);
    HPDF_Page_Fill(o->page);
}

/* Draws the text prims from `from` on while they share face, size,
 * letter-spacing and colour, as one text object: a justified line is a
 * prim per word and a kerned word a prim per kerning pair, and separate
 * objects would double the page's content. Returns the index after them. */
/* A coordinate with three decimals at most, trailing zeros dropped;
 * printf's exact conversion of doubles would cost more than the text. */
static void put_number(struct buf *b, double v)
{
    long long m = llround(v * 1000);
    char s[32], *e = s + sizeof s, *p = e;
    unsigned long long u = m < 0 ? (unsigned long long)(-(m + 1)) + 1 : (unsigned long long)m;
    unsigned frac = (unsigned)(u % 1000);
    u /= 1000;
    if (frac) {
        int digits = 3;
        for (; frac % 10 == 0; frac /= 10)
            digits--;
        for (; digits > 0; digits--, frac /= 10)
            *--p = (char)('0' + frac % 10);
        *--p = '.';
    }
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (m < 0)
        *--p = '-';
    buf_put(b, p, (size_t)(e - p));
}

/* A float as libharu writes it (HPDF_FToA), followed by `after`. */
static void put_real(struct buf *b, double v, const char *after)
{
    char s[HPDF_REAL_LEN + 1];
    char *e = HPDF_FToA(s, (HPDF_REAL)v, s + sizeof s - 1);
    buf_put(b, s, (size_t)(e - s));
    buf_puts(b, after);
}

/* BT and the text state of a run of text, written as HPDF_Page_BeginText,
 * SetFontAndSize, SetRGBFill and SetCharSpace write them, with the page's
 * graphics state kept as they keep it: their checks and 512-byte scratch
 * buffers cost a tenth of a long build. NULL when the values are out of
 * libharu's range (the error is raised as libharu raises it). */
static const char *begin_text(const struct origin *o, HPDF_Font font, const struct prim *first,
                              struct buf *ops)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)o->page->attr;
    if (first->size <= 0 || first->size > HPDF_MAX_FONTSIZE ||
        first->charspace < HPDF_MIN_CHARSPACE || first->charspace > HPDF_MAX_CHARSPACE) {
        HPDF_RaiseError(o->page->error, HPDF_PAGE_OUT_OF_RANGE, 0);
        return NULL;
    }
    const char *name = HPDF_Page_GetLocalFontName(o->page, font);
    if (!name) {
        HPDF_RaiseError(o->page->error, HPDF_PAGE_INVALID_FONT, 0);
        return NULL;
    }
    HPDF_REAL rgb[3] = {(first->rgb >> 16 & 0xFF) / 255.0f, (first->rgb >> 8 & 0xFF) / 255.0f,
                        (first->rgb & 0xFF) / 255.0f};
    buf_puts(ops, "BT\n/");
    buf_puts(ops, name);
    buf_puts(ops, " ");
    put_real(ops, first->size, " Tf\n");
    put_real(ops, rgb[0], " ");
    put_real(ops, rgb[1], " ");
    put_real(ops, rgb[2], " rg\n");
    put_real(ops, first->charspace, " Tc\n");
    attr->gstate->font = font;
    attr->gstate->font_size = (HPDF_REAL)first->size;
    attr->gstate->writing_mode = ((HPDF_FontAttr)font->attr)->writing_mode;
    attr->gstate->rgb_fill = (HPDF_RGBColor){rgb[0], rgb[1], rgb[2]};
    attr->gstate->cs_fill = HPDF_CS_DEVICE_RGB;
    attr->gstate->char_space = (HPDF_REAL)first->charspace;
    return name;
}

static void write_ops(const struct origin *o, struct buf *ops)
{
    if (ops->len > 0)
        HPDF_Stream_Write(((HPDF_PageAttr)o->page->attr)->stream, (const HPDF_BYTE *)ops->data,
                          (HPDF_UINT)ops->len);
    ops->len = 0;
}

static size_t draw_texts(struct layout *lo, const struct origin *o, const struct vitem *box,
                         size_t from)
{
    const struct prim *first = &box->prims[from];
    HPDF_Font font = font_face_font(lo->env.fonts, first->face);
    /* The text object goes into the page's content in one write, each
     * string placed with Td from the previous one and shown with Tj (see
     * font_face_encode). */
    struct buf ops = {0};
    if (font && !begin_text(o, font, first, &ops))
        font = NULL;
    double cx = 0, cy = 0; /* the text line's origin: 0 0 after BT */
    /* font expansion: Tz scales the glyphs' advances, not Td's moves */
    if (font && first->expand != 0) {
        put_number(&ops, 100 * (1 + first->expand));
        buf_puts(&ops, " Tz\n");
    }
    size_t i = from;
    for (; i < box->count; i++) {
        const struct prim *p = &box->prims[i];
        if (p->kind != PRIM_TEXT || p->face != first->face || p->size != first->size ||
            p->charspace != first->charspace || p->rgb != first->rgb || p->tag != first->tag ||
            p->expand != first->expand)
            break;
        if (!font)
            continue;
        if (p->tag && !o->artifact)
            tagging_text(lo->env.tags, p->tag, p->text); /* a link's words, for its /Contents */
        double x = p->absolute ? p->x : o->x + p->x;
        double y = p->absolute ? o->page_h - p->y : o->y - p->y;
        size_t mark = ops.len;
        put_number(&ops, x - cx);
        buf_put(&ops, " ", 1);
        put_number(&ops, y - cy);
        buf_puts(&ops, " Td ");
        if (font_face_encode(lo->env.fonts, p->face, p->text, &ops) == 0) {
            buf_puts(&ops, " Tj\n");
            cx = x;
            cy = y;
            continue;
        }
        /* a character beyond the BMP: libharu's way, in a text object of its own */
        ops.len = mark;
        buf_puts(&ops, "ET\n");
        write_ops(o, &ops);
        HPDF_Page_BeginText(o->page);
        HPDF_Page_TextOut(o->page, (HPDF_REAL)x, (HPDF_REAL)y, p->text);
        HPDF_Page_EndText(o->page);
        buf_puts(&ops, "BT\n");
        cx = cy = 0;
    }
    if (font) {
        if (first->expand != 0) /* Tz outlives the text object */
            buf_puts(&ops, "100 Tz\n");
        buf_puts(&ops, "ET\n");
        write_ops(o, &ops);
    }
    buf_free(&ops);
    return i;
}

static void draw_prims(struct layout *lo, const struct origin *o, const struct vitem *box)
{
    for (size_t i = 0; i < box->count; i++) {
        const struct prim *p = &box->prims[i];
        double x = p->absolute ? p->x : o->x + p->x;
        double y = p->absolute ? o->page_h - p->y : o->y - p->y; /* PDF y of the prim's top */
        if (p->kind != PRIM_LINK && p->kind != PRIM_PAGEREF)
            S_mark(lo, o, p->tag);
        switch (p->kind) {
        case PRIM_TEXT:
            i = draw_texts(lo, o, box, i) - 1;
            break;
        case PRIM_RECT:
            if (p->line_width > 0) {
                set_stroke(o->page, p->rgb, p->line_width);
                rect_path(o->page, x, y - p->h, p->w, p->h, p->radius);
                HPDF_Page_Stroke(o->page);
            } else {
                set_fill(o->page, p->rgb);
                rect_path(o->page, x, y - p->h, p->w, p->h, p->radius);
                HPDF_Page_Fill(o->page);
            }
            break;
        case PRIM_LINE:
            set_stroke(o->page, p->rgb, p->line_width);
            HPDF_Page_MoveTo(o->page, (HPDF_REAL)x, (HPDF_REAL)y);
            HPDF_Page_LineTo(o->page, (HPDF_REAL)(x + p->w), (HPDF_REAL)(y - p->h));
            HPDF_Page_Stroke(o->page);
            break;
        case PRIM_POLYGON:
            set_fill(o->page, p->rgb);
            for (size_t k = 0; k < p->point_count; k++) {
                HPDF_REAL px = (HPDF_REAL)(x + p->points[2 * k] - p->x);
                HPDF_REAL py = (HPDF_REAL)(y - p->points[2 * k + 1] + p->y);
                if (k == 0)
                    HPDF_Page_MoveTo(o->page, px, py);
                else
                    HPDF_Page_LineTo(o->page, px, py);
            }
            HPDF_Page_ClosePath(o->page);
            HPDF_Page_Fill(o->page);
            break;
        case PRIM_DOT:
            set_fill(o->page, p->rgb);
            HPDF_Page_Circle(o->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)p->w);
            HPDF_Page_Fill(o->page);
            break;
        case PRIM_LINK: {
            if (o->artifact) /* a repeated row's links are those of its first drawing */
                break;
            HPDF_Rect r = {(HPDF_REAL)x, (HPDF_REAL)(y - p->h), (HPDF_REAL)(x + p->w),
                           (HPDF_REAL)y};
            HPDF_Annotation a = NULL;
            if (p->text[0] == '#') { /* within the document: contents, cross-references */
                const struct layout_anchor *target = layout_anchor(lo, p->text + 1);
                HPDF_Destination dst = target && lo->vl.items[target->item].page < o->page_count
                                           ? anchor_destination(lo, o->pages, target)
                                           : NULL;
                if (dst)
                    a = HPDF_Page_CreateLinkAnnot(o->page, r, dst);
            } else { /* the URL the web edition writes, percent-encoded alike */
                int absolute;
                char *url = url_safe(p->text, &absolute);
                char *uri = url ? url_ascii(url) : NULL;
                if (uri)
                    a = HPDF_Page_CreateURILinkAnnot(o->page, r, uri);
                free(uri);
                free(url);
            }
            if (a)
                HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
            if (a && p->tag)
                tagging_annot(lo->env.tags, o->index, p->tag, a);
            break;
        }
        case PRIM_PAGEREF:
            draw_pageref(lo, o, p, x, y);
            break;
        case PRIM_IMAGE:
            figure_draw(o->page, p, x, y, lo->env.tags != NULL);
            break;
        }
    }
}

/* The timeline's gutter line through a box, continued down to the next
 * timeline box when it is on the same page. */
static void draw_gutter(struct layout *lo, const struct origin *o, size_t i)
{
    const struct vitem *box = &lo->vl.items[i];
    double top = box->gutter_top, bottom = box->height;
    size_t j = i + 1;
    while (j < lo->vl.count &&
           (lo->vl.items[j].kind == V_SPACE || lo->vl.items[j].kind == V_PENALTY))
        j++;
    if (j < lo->vl.count && lo->vl.items[j].kind == V_BOX && lo->vl.items[j].gutter &&
        lo->vl.items[j].page == box->page && lo->vl.items[j].gutter_x == box->gutter_x)
        bottom = lo->vl.items[j].y - box->y;
    S_mark(lo, o, 0);
    set_stroke(o->page, lo->rule, 1.5);
    HPDF_Page_MoveTo(o->page, (HPDF_REAL)(o->x + box->gutter_x), (HPDF_REAL)(o->y - top));
    HPDF_Page_LineTo(o->page, (HPDF_REAL)(o->x + box->gutter_x), (HPDF_REAL)(o->y - bottom));
    HPDF_Page_Stroke(o->page);
}

static double measure_line(struct layout *lo, const char *s, const struct text_style *st,
                           struct text_block *tb)
{
    text_init(tb, &lo->env, st, NULL);
    text_add_string(tb, s, st);
    text_break(tb, 1e9);
    return text_width(tb);
}

/* A one-line text with its top at `top` in the content frame, within
 * [x, x + width], aligned left (0) or right (2); shortened at a word with
 * an ellipsis when too long. Returns the width drawn. Without a page
 * (emit_check) the text is only measured: its glyphs are checked. */
static double running_text(struct layout *lo, const struct origin *o, const char *s,
                           const struct text_style *st, double x, double top, int align,
                           double width)
{
    struct text_block tb;
    struct vitem box = {0};
    size_t n = strlen(s);
    char *text = xmalloc(n + 4); /* room for the ellipsis */
    memcpy(text, s, n + 1);
    double w = measure_line(lo, text, st, &tb);
    int live = 1;
    while (w > width) {
        char *cut = strrchr(text, ' ');
        text_free(&tb);
        live = 0;
        if (!cut)
            break;
        strcpy(cut, "…");
        w = measure_line(lo, text, st, &tb);
        live = 1;
        *cut = '\0'; /* the next round cuts before this word */
    }
    if (live && tb.line_count > 0 && o->page) {
        text_draw_line(&tb, 0, &box, align == 2 ? x + width - w : x, top);
        draw_prims(lo, o, &box);
    }
    if (live)
        text_free(&tb);
    else
        w = 0;
    for (size_t i = 0; i < box.count; i++)
        free(box.prims[i].text);
    free(box.prims);
    free(text);
    return w;
}

static void draw_running(struct layout *lo, const struct origin *page, const struct page_info *pi,
                         size_t index)
{
    struct origin running = *page;
    running.pagination = 1;
    const struct origin *o = &running;
    struct text_style st = layout_style(lo, "small", lo->muted);
    st.size = 7.5;
    st.leading = 1.2;
    double line_h = st.size * st.leading;
    if (pi->style == PAGE_BODY || pi->style == PAGE_OPENER) {
        double top = -(24 + line_h);
        double w = running_text(lo, o, lo->short_title, &st, 0, top, 0, lo->width);
        if (pi->section >= 0) {
            struct text_style sst = st;
            sst.face = FACE_BOLD;
            sst.rgb = lo->primary;
            running_text(lo, o, lo->sections[pi->section].title, &sst, w + 24, top, 2,
                         lo->width - w - 24);
        }
    }
    if (o->page && (pi->style == PAGE_BODY || pi->style == PAGE_OPENER)) {
        S_mark(lo, o, 0);
        set_stroke(o->page, lo->rule, 0.5);
        HPDF_Page_MoveTo(o->page, (HPDF_REAL)o->x, (HPDF_REAL)(o->y + 16));
        HPDF_Page_LineTo(o->page, (HPDF_REAL)(o->x + lo->width), (HPDF_REAL)(o->y + 16));
        HPDF_Page_Stroke(o->page);
    }
    if (pi->style == PAGE_BODY || pi->style == PAGE_OPENER) {
        char num[32];
        snprintf(num, sizeof num, "%zu", index + 1);
        struct text_style nst = layout_style(lo, "small", lo->primary);
        nst.face = FACE_BOLD;
        nst.size = 9;
        nst.leading = 1.2;
        nst.font = theme_font(lo->theme, "display") ? theme_font(lo->theme, "display") : nst.font;
        int recto = index % 2 == 0;
        running_text(lo, o, num, &nst, 0, lo->height + lo->bottom - 40, recto ? 2 : 0, lo->width);
    }
}

/* The page's footnote lines at the foot of its content area, under a short
 * rule. */
static void draw_notes(struct layout *lo, const struct origin *page, const struct page_info *pi)
{
    if (pi->note_first >= pi->note_end)
        return;
    double h = PAGE_FOOT_SEPARATOR;
    for (size_t i = pi->note_first; i < pi->note_end; i++)
        h += lo->notes.items[i].height;
    double y = lo->height - h; /* from the content area's top */
    S_mark(lo, page, 0);
    set_stroke(page->page, lo->rule, 0.6);
    HPDF_Page_MoveTo(page->page, (HPDF_REAL)page->x, (HPDF_REAL)(page->y - y - 6));
    HPDF_Page_LineTo(page->page, (HPDF_REAL)(page->x + 72), (HPDF_REAL)(page->y - y - 6));
    HPDF_Page_Stroke(page->page);
    y += PAGE_FOOT_SEPARATOR;
    for (size_t i = pi->note_first; i < pi->note_end; i++) {
        struct origin o = *page;
        o.y = page->y - y;
        draw_prims(lo, &o, &lo->notes.items[i]);
        y += lo->notes.items[i].height;
    }
}

/* A part taller than the page, which the page breaker let run below its
 * bottom margin. */
static void report_overfull(struct layout *lo, const struct page_info *pages, size_t p)
{
    if (!pages[p].overfull)
        return;
    const struct vitem *it = &lo->vl.items[pages[p].overfull - 1];
    diag_add_at(lo->env.diags, DIAG_ERROR, it->src,
                "this part is %.0f pt tall and cannot be split, but a page holds %.0f pt "
                "(page %zu of the PDF): shorten its text",
                it->height, lo->height, p + 1);
}

/* The warnings drawing a box's contents entries would give. */
static void check_pagerefs(struct layout *lo, const struct vitem *box)
{
    for (size_t i = 0; i < box->count; i++)
        if (box->prims[i].kind == PRIM_PAGEREF)
            pageref_page(lo, &box->prims[i]);
}

void emit_check(struct layout *lo, const struct page_info *pages, size_t count)
{
    /* in the order emit_document meets them */
    for (size_t i = 0; i < lo->vl.count; i++)
        if (lo->vl.items[i].kind == V_BOX && lo->vl.items[i].page < count)
            check_pagerefs(lo, &lo->vl.items[i]);
    for (size_t p = 0; p < count; p++) {
        struct origin o = {NULL, NULL, count, 0, 0, lo->page_h, p, 0, 0};
        draw_running(lo, &o, &pages[p], p);
        for (size_t i = pages[p].repeat_from; i && i <= pages[p].repeat; i++)
            if (lo->vl.items[i - 1].kind == V_BOX)
                check_pagerefs(lo, &lo->vl.items[i - 1]);
        if (pages[p].subhead)
            check_pagerefs(lo, &lo->vl.items[pages[p].subhead - 1]);
        for (size_t i = pages[p].note_first; i < pages[p].note_end; i++)
            check_pagerefs(lo, &lo->notes.items[i]);
        report_overfull(lo, pages, p);
    }
}

void emit_document(struct layout *lo, HPDF_Doc pdf, const struct page_info *pages, size_t count)
{
    HPDF_Page *hp = xcalloc(count ? count : 1, sizeof *hp);
    for (size_t p = 0; p < count; p++) {
        hp[p] = HPDF_AddPage(pdf);
        if (!hp[p])
            break;
        stream_fast(((HPDF_PageAttr)hp[p]->attr)->stream);
        HPDF_Page_SetWidth(hp[p], (HPDF_REAL)lo->page_w);
        HPDF_Page_SetHeight(hp[p], (HPDF_REAL)lo->page_h);
    }
    tagging_pages(lo->env.tags, hp, count);
    /* a box is drawn once, and its prims freed then, but for a table's
     * header row, drawn again atop the pages it continues on */
    unsigned char *repeated = xcalloc(lo->vl.count ? lo->vl.count : 1, 1);
    for (size_t p = 0; p < count; p++) {
        for (size_t i = pages[p].repeat_from; i && i <= pages[p].repeat; i++)
            repeated[i - 1] = 1;
        if (pages[p].subhead)
            repeated[pages[p].subhead - 1] = 1;
    }
    for (size_t i = 0; i < lo->vl.count; i++) {
        struct vitem *it = &lo->vl.items[i];
        if (it->kind != V_BOX || !hp[it->page])
            continue;
        int recto = it->page % 2 == 0;
        double column = it->frame * (lo->width + lo->column_gap) / 2;
        struct origin o = {hp[it->page],
                           hp,
                           count,
                           (recto ? lo->inner : lo->outer) + column,
                           lo->page_h - lo->top - it->y,
                           lo->page_h,
                           it->page,
                           0,
                           0};
        if (it->gutter)
            draw_gutter(lo, &o, i);
        draw_prims(lo, &o, it);
        if (!repeated[i])
            vitem_clear(it);
    }
    free(repeated);
    for (size_t p = 0; p < count && hp[p]; p++) {
        struct origin o = {
            hp[p], hp, count, p % 2 == 0 ? lo->inner : lo->outer, lo->page_h - lo->top, lo->page_h,
            p,     0,  0};
        draw_running(lo, &o, &pages[p], p);
        struct origin ro = o; /* the header rows again: artifacts, read once */
        ro.artifact = 1;
        for (size_t i = pages[p].repeat_from; i && i <= pages[p].repeat; i++)
            if (lo->vl.items[i - 1].kind == V_BOX) {
                draw_prims(lo, &ro, &lo->vl.items[i - 1]);
                ro.y -= lo->vl.items[i - 1].height;
            }
        if (pages[p].subhead)
            draw_prims(lo, &ro, &lo->vl.items[pages[p].subhead - 1]);
        draw_notes(lo, &o, &pages[p]);
        report_overfull(lo, pages, p);
    }
    tagging_end(lo->env.tags);
    /* the outline: sections, and their level-2 headings inside them */
    HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
    HPDF_Outline parent = NULL;
    for (size_t i = 0; i < lo->anchor_count; i++) {
        const struct layout_anchor *a = &lo->anchors[i];
        if (a->level < 1 || a->level > 2 || !a->title)
            continue;
        size_t page = lo->vl.items[a->item].page;
        if (page >= count || !hp[page] || (a->level == 2 && !parent))
            continue;
        HPDF_Outline ol = HPDF_CreateOutline(pdf, a->level == 1 ? NULL : parent, a->title, enc);
        HPDF_Destination dst = anchor_destination(lo, hp, a);
        if (ol && dst)
            HPDF_Outline_SetDestination(ol, dst);
        if (a->level == 1) {
            parent = ol;
            if (ol)
                HPDF_Outline_SetOpened(ol, HPDF_FALSE);
        }
    }
    free(hp);
    /* drawn: the boxes are not held while the PDF is finished */
    vlist_free(&lo->vl);
    vlist_free(&lo->notes);
}
