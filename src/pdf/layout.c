#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "docchart.h"
#include "figure.h"
#include "layout.h"
#include "tagging.h"
#include "util.h"

/* Vertical rhythm, in points. */
#define GAP_PARA 9.0     /* between paragraphs */
#define GAP_BLOCK 20.0   /* around grids, quotes and timelines */
#define GAP_H2 24.0      /* above a level-2 heading */
#define GAP_H3 16.0      /* above a level-3 heading */
#define GAP_AFTER_H 6.0  /* between a heading and what it introduces */
#define GAP_OPENER 26.0  /* below an opener band */
#define GRID_GUTTER 14.0 /* between the columns and rows of a grid */
#define CARD_PAD 14.0
#define BULLET_INDENT 16.0
#define QUOTE_INDENT 24.0
#define CHART_WIDTH 400.0 /* the widest a chart is drawn */
#define TIMELINE_INDENT 32.0

struct text_style layout_style(const struct layout *lo, const char *name, unsigned rgb)
{
    const struct theme_style *ts = theme_style(lo->theme, name);
    struct text_style st = {0};
    st.font = ts->font;
    st.face = FACE_REGULAR;
    st.size = ts->size;
    st.leading = ts->leading;
    st.rgb = rgb;
    st.justify = ts->justify;
    st.hyphenate = ts->hyphenate;
    return st;
}

static struct text_style face_style(const struct layout *lo, const char *name, unsigned rgb,
                                    enum theme_face face)
{
    struct text_style st = layout_style(lo, name, rgb);
    st.face = face;
    st.justify = st.hyphenate = 0; /* a title or label in the style's size, not running text */
    return st;
}

/* `a` blended towards `b` by t (0..1). */
static unsigned mix(unsigned a, unsigned b, double t)
{
    unsigned out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
        double x = (a >> shift & 0xFF) * (1 - t) + (b >> shift & 0xFF) * t;
        out |= (unsigned)lround(x) << shift;
    }
    return out;
}

/* ---- the vertical list -------------------------------------------------- */

/* A new structure element of `type` under the current container. */
static int S_tag(struct layout *lo, enum tag_type type)
{
    return tagging_new(lo->env.tags, type, lo->container);
}

/* Moves the prims a box got since `from` before all the others, so they
 * come first in the reading order (a list's marker before its text). */
static void S_to_front(struct vitem *box, size_t from)
{
    size_t n = box->count - from;
    if (n == 0 || from == 0)
        return;
    struct prim *tmp = xmalloc(n * sizeof *tmp);
    memcpy(tmp, &box->prims[from], n * sizeof *tmp);
    memmove(&box->prims[n], box->prims, from * sizeof *box->prims);
    memcpy(box->prims, tmp, n * sizeof *tmp);
    free(tmp);
}

static struct vitem *vbox(struct layout *lo, double height)
{
    struct vitem *it = vlist_add(&lo->vl, V_BOX, lo->section);
    it->height = height;
    it->tag = lo->pen;
    it->columns = lo->columns;
    it->src = lo->src;
    return it;
}

/* Adds vertical space; adjacent spaces collapse to the larger, except
 * that a fixed space (below a heading) keeps its height. */
static void vspace(struct layout *lo, double h)
{
    struct vlist *vl = &lo->vl;
    if (vl->count > 0 && vl->items[vl->count - 1].kind == V_SPACE) {
        struct vitem *last = &vl->items[vl->count - 1];
        if (!last->fixed && h > last->height)
            last->height = h;
        return;
    }
    vlist_add(vl, V_SPACE, lo->section)->height = h;
}

static void vspace_fixed(struct layout *lo, double h)
{
    vspace(lo, h);
    lo->vl.items[lo->vl.count - 1].fixed = 1;
}

static void vpenalty(struct layout *lo, int penalty)
{
    vlist_add(&lo->vl, V_PENALTY, lo->section)->penalty = penalty;
}

static void vpage(struct layout *lo, enum page_style style)
{
    vlist_add(&lo->vl, V_PAGE, lo->section)->style = style;
}

static char *plain_text(const xmlNode *node);

/* Records that `id` (when not NULL) points at the next box to be added. */
static void anchor_next(struct layout *lo, const char *id, int level, const xmlNode *title)
{
    if (!id)
        return;
    lo->anchors = xrealloc(lo->anchors, (lo->anchor_count + 1) * sizeof *lo->anchors);
    lo->anchors[lo->anchor_count++] =
        (struct layout_anchor){id, lo->vl.count, level, title ? plain_text(title) : NULL};
}

const struct layout_anchor *layout_anchor(const struct layout *lo, const char *id)
{
    for (size_t i = 0; id && i < lo->anchor_count; i++)
        if (strcmp(lo->anchors[i].id, id) == 0)
            return &lo->anchors[i];
    return NULL;
}

static void mark_absolute(struct vitem *box, size_t from)
{
    for (size_t i = from; i < box->count; i++)
        box->prims[i].absolute = 1;
}

/* The footnotes called on lines [from, to) of a text block become lines
 * of the footnote list, called by `box` (after those it already calls:
 * a box's footnote lines are consecutive). */
static void attach_notes(struct layout *lo, struct vitem *box, const struct text_block *tb,
                         size_t from, size_t to)
{
    struct text_style st = layout_style(lo, "small", lo->ink);
    struct text_style nst = face_style(lo, "small", lo->primary, FACE_BOLD);
    size_t first = lo->notes.count;
    for (size_t i = from; i < to; i++) {
        const xmlNode *called[16];
        int refs[16];
        size_t n = text_line_notes(tb, i, called, refs, 16);
        for (size_t k = 0; k < n && k < 16; k++) {
            int note = tagging_new(lo->env.tags, TAG_NOTE, -1);
            tagging_set_follow(lo->env.tags, note, refs[k]);
            struct text_block nb;
            text_init(&nb, &lo->env, &st, doc_src(called[k]));
            const char *num = doc_attr(called[k], "n");
            text_add_string(&nb, num ? num : "*", &nst);
            text_add_string(&nb, " ", &st);
            text_add_inline(&nb, called[k], &st);
            text_break(&nb, lo->measure);
            for (size_t l = 0; l < nb.line_count; l++) {
                struct vitem *line = vlist_add(&lo->notes, V_BOX, lo->section);
                line->height = nb.line_height;
                line->tag = note;
                text_draw_line(&nb, l, line, 0, 0);
            }
            text_free(&nb);
        }
    }
    if (box->note_count == 0)
        box->note_first = first;
    box->note_count += lo->notes.count - first;
}

/* Draws `tb` into `box` at (x, y) and has the box call the footnotes of
 * its text, so a note called in a key figure, a card or a quote is set at
 * the foot of the page like any other; returns the height drawn. */
static double draw_noted(struct layout *lo, struct vitem *box, const struct text_block *tb,
                         double x, double y, double width)
{
    double h = text_draw(tb, box, x, y, width, 0);
    attach_notes(lo, box, tb, 0, tb->line_count);
    return h;
}

/* One box per line; a page may break between lines only where at least
 * two lines stay on each side (no orphans, no widows). */
static void flow_lines(struct layout *lo, const struct text_block *tb, double x, double gx,
                       double width)
{
    size_t n = tb->line_count;
    size_t para = n > 0 ? ++lo->paragraphs : 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            vpenalty(lo, i >= 2 && n - i >= 2 ? V_ALLOW : V_FORBID);
        struct vitem *box = vbox(lo, tb->line_height);
        box->gutter = gx > 0;
        box->gutter_x = gx;
        text_draw_line(tb, i, box, x, 0);
        box->para = para;
        box->line = i;
        box->lines = n;
        if (tb->lines[i].width > width + 0.01)
            lo->overfull++;
        attach_notes(lo, box, tb, i, i + 1);
    }
    text_account(&lo->env, tb);
}

static void text_for(struct layout *lo, struct text_block *tb, const xmlNode *node,
                     const struct text_style *st, double width)
{
    text_init(tb, &lo->env, st, doc_src(node));
    text_add_inline(tb, node, st);
    text_break(tb, width);
}

/* ---- blocks taller than a page ------------------------------------------ */

/* A framed block (a quote, a card, a table row) is one box, kept whole on
 * a page, unless it is taller than this share of the page: then it is set
 * as slices, a box per line, and the page breaks between lines as in a
 * paragraph, its decoration drawn slice by slice. */
#define SPLIT_SHARE 0.75

static int too_tall(const struct layout *lo, double height)
{
    return height > lo->height * SPLIT_SHARE;
}

enum slice_look {
    SLICE_PANEL, /* a tinted panel with rounded corners (testimonials, cards) */
    SLICE_BAR,   /* a bar at the left (quotes) */
    SLICE_FRAME, /* a hairline frame with a band at its top (photo cards) */
};

struct slice_deco {
    enum slice_look look;
    double x, w; /* the decoration's extent */
    double radius;
};

/* The part of the decoration one slice of height h draws; first and last:
 * whether it is the block's first and last slice. Seams between slices
 * overlap a little so no hairline of paper shows between them. */
static void slice_decorate(const struct layout *lo, struct vitem *box, const struct slice_deco *d,
                           double h, int first, int last)
{
    double top = first ? 0 : -0.5;
    switch (d->look) {
    case SLICE_PANEL: {
        double r = fmin(d->radius, h / 2);
        if (first || last) /* rounded at the block's ends, square where it is cut */
            box_rect(box, d->x, 0, d->w, h, lo->tint, r);
        if (first && !last)
            box_rect(box, d->x, h - r, d->w, r, lo->tint, 0);
        else if (last && !first)
            box_rect(box, d->x, top, d->w, r - top, lo->tint, 0);
        else if (!first)
            box_rect(box, d->x, top, d->w, h - top, lo->tint, 0);
        break;
    }
    case SLICE_BAR:
        box_rect(box, d->x, first ? 2 : top, 4, h - (first ? 2 : top), lo->accent, 0);
        break;
    case SLICE_FRAME:
        box_line(box, d->x + 0.4, top, d->x + 0.4, h, lo->rule, 0.8);
        box_line(box, d->x + d->w - 0.4, top, d->x + d->w - 0.4, h, lo->rule, 0.8);
        if (first)
            box_rect(box, d->x, 0, d->w, 5, lo->primary, 0);
        if (last)
            box_line(box, d->x, h - 0.4, d->x + d->w, h - 0.4, lo->rule, 0.8);
        break;
    }
}

/* One text block of a sliced block, set at x after a gap of `gap`. */
struct slice_part {
    const struct text_block *tb;
    double x, gap;
    int keep; /* never a break between it and the part before (a quote's attribution) */
    int tag;  /* its structure element */
};

/* Sets the parts as slices, pad_top above the first line and pad_bottom
 * below the last; a page may break between two lines of a part where two
 * stay on each side, and between parts of two lines or more. Returns the
 * index of the first slice's box, for what the caller draws on it. */
static size_t flow_slices(struct layout *lo, const struct slice_part *parts, size_t n,
                          double pad_top, double pad_bottom, const struct slice_deco *deco)
{
    size_t first_box = lo->vl.count, total = 0, seen = 0;
    for (size_t p = 0; p < n; p++)
        total += parts[p].tb->line_count;
    for (size_t p = 0; p < n; p++) {
        const struct text_block *tb = parts[p].tb;
        size_t lines = tb->line_count;
        for (size_t i = 0; i < lines; i++, seen++) {
            int first = seen == 0, last = seen + 1 == total;
            if (!first) {
                int allow = i > 0
                                ? i >= 2 && lines - i >= 2
                                : !parts[p].keep && lines >= 2 && parts[p - 1].tb->line_count >= 2;
                vpenalty(lo, allow ? V_ALLOW : V_FORBID);
            }
            double y = (first ? pad_top : 0) + (i == 0 && !first ? parts[p].gap : 0);
            double h = y + tb->line_height + (last ? pad_bottom : 0);
            struct vitem *box = vbox(lo, h);
            slice_decorate(lo, box, deco, h, first, last);
            box->tag = parts[p].tag;
            text_draw_line(tb, i, box, parts[p].x, y);
            attach_notes(lo, box, tb, i, i + 1);
        }
    }
    return first_box;
}

/* ---- blocks ------------------------------------------------------------- */

/* A paragraph: body text, a lead (larger), or a quote (the words of an
 * interviewee: indented, in italics, a rule at its left). */
/* Whether a paragraph is kept with the block after it: a lead paragraph
 * right under a heading is that heading's subtitle, and one whose text
 * ends in a colon introduces what follows (key figures, a list, a
 * table, but not a heading). */
static int introduces_next(const xmlNode *node)
{
    const xmlNode *next = doc_next(node);
    if (!next)
        return 0;
    const char *style = doc_attr(node, "style");
    const xmlNode *prev = node->prev;
    while (prev && prev->type != XML_ELEMENT_NODE)
        prev = prev->prev;
    if (style && strcmp(style, "lead") == 0 && prev && doc_type(prev) == DOC_H)
        return 1;
    if (doc_type(next) == DOC_H)
        return 0;
    char *text = doc_text(node);
    size_t n = strlen(text);
    while (n > 0 && strchr(" \t\r\n", text[n - 1]))
        n--;
    int colon = n > 0 && text[n - 1] == ':';
    free(text);
    return colon;
}

static void block_p(struct layout *lo, const xmlNode *node, double x, double width, double gx)
{
    const char *style = doc_attr(node, "style");
    int lead = style && strcmp(style, "lead") == 0, quote = style && strcmp(style, "quote") == 0;
    struct text_style st = layout_style(lo, lead ? "lead" : "body", quote ? lo->muted : lo->ink);
    double indent = quote ? QUOTE_INDENT : 0;
    if (quote)
        st.face = FACE_ITALIC;
    struct text_block tb;
    int container = lo->container;
    if (quote) /* an interviewee's words */
        lo->container = S_tag(lo, TAG_BLOCKQUOTE);
    lo->pen = S_tag(lo, TAG_P);
    lo->container = container;
    text_for(lo, &tb, node, &st, width - 2 * indent);
    vspace(lo, lead ? GAP_PARA * 1.4 : GAP_PARA);
    size_t from = lo->vl.count;
    flow_lines(lo, &tb, x + indent, gx, width - 2 * indent);
    for (size_t i = from; quote && i < lo->vl.count; i++)
        if (lo->vl.items[i].kind == V_BOX)
            box_rect(&lo->vl.items[i], x + indent - 10, 0, 2, lo->vl.items[i].height, lo->accent,
                     0);
    text_free(&tb);
    if (introduces_next(node))
        vpenalty(lo, V_FORBID);
}

/* A heading of level 2 to 6 in the theme's style "h<level>" (the deeper
 * levels fall back to "h3"). */
static void block_h(struct layout *lo, const xmlNode *node, double x, double width)
{
    const char *level = doc_attr(node, "level");
    int n = level ? atoi(level) : 2;
    char name[4] = {'h', (char)('0' + (n >= 2 && n <= 6 ? n : 3)), '\0'};
    if (!theme_style(lo->theme, name))
        name[1] = '3';
    struct text_style st = face_style(lo, name, n <= 3 ? lo->primary : lo->ink, FACE_BOLD);
    struct text_block tb;
    text_for(lo, &tb, node, &st, width);
    vspace(lo, n <= 2 ? GAP_H2 : n == 3 ? GAP_H3 : GAP_H3 * 0.8);
    anchor_next(lo, doc_attr(node, "id"), n, node);
    /* PDF/UA forbids skipping a level (an H3 straight under a section's
     * H1): the structure takes the next level down at most */
    int sl = n >= 2 && n <= 6 ? n : 2;
    if (sl > lo->heading + 1)
        sl = lo->heading + 1;
    lo->heading = sl;
    lo->pen = S_tag(lo, (enum tag_type)(TAG_H1 + sl - 1));
    struct vitem *box = vbox(lo, text_height(&tb));
    draw_noted(lo, box, &tb, x, 0, width);
    text_free(&tb);
    vpenalty(lo, V_FORBID);
    vspace_fixed(lo, GAP_AFTER_H);
}

/* The marker of item `n` (from 1) of a list in `style`: "3.", "c.",
 * "iii.", "III."; NULL for a bullet. */
static char *list_marker(const char *style, int n)
{
    if (!style || strcmp(style, "bullet") == 0)
        return NULL;
    if (strcmp(style, "decimal") == 0)
        return xasprintf("%d.", n);
    if (strcmp(style, "lower-alpha") == 0)
        return xasprintf("%c.", 'a' + (n - 1) % 26);
    static const char *const ones[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    static const char *const tens[] = {"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"};
    char *roman = xasprintf("%s%s.", tens[n / 10 % 10], ones[n % 10]);
    if (strcmp(style, "upper-roman") == 0)
        for (char *c = roman; *c; c++)
            if (*c >= 'a' && *c <= 'z')
                *c = (char)(*c - 'a' + 'A');
    return roman;
}

/* A bullet filling the disc of radius r at (cx, cy): the face's "•" in
 * the accent colour, so the item's label (Lbl) has text to read, as
 * PDF/UA expects of it; the disc itself where the face has no bullet. */
static void S_bullet(const struct layout *lo, struct vitem *box, double cx, double cy, double r,
                     int tag)
{
    struct text_style st = layout_style(lo, "body", lo->accent);
    struct font_face *face = font_set_face(lo->env.fonts, st.font, FACE_REGULAR);
    double g[4];
    if (!face || font_face_glyph_box(lo->env.fonts, face, 0x2022, g) != 0) {
        box_dot(box, cx, cy, r, lo->accent);
        box->prims[box->count - 1].tag = tag;
        return;
    }
    double size = 4 * r * 1000 / (g[2] - g[0] + g[3] - g[1]); /* its mean diameter 2r */
    struct prim *p = vitem_prim(box, PRIM_TEXT);
    p->face = face;
    p->size = size;
    p->rgb = lo->accent;
    p->x = cx - (g[0] + g[2]) / 2 * size / 1000;
    p->y = cy + (g[1] + g[3]) / 2 * size / 1000;
    p->w = font_face_advance(lo->env.fonts, face, 0x2022) * size / 1000;
    p->text = xstrdup("\u2022");
    p->tag = tag;
}

/* Whether a list is a run-in heading: one item, all of it bold (the
 * reports' "• Qualitative data: Semi-structured interviews"), kept with
 * the block after it. */
static int list_is_run_in_heading(const xmlNode *list)
{
    const xmlNode *item = doc_first(list);
    if (!item || doc_next(item) || doc_type(item) != DOC_ITEM || !doc_next(list))
        return 0;
    int bold = 0;
    for (const xmlNode *c = item->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && doc_type(c) == DOC_B)
            bold = 1;
        else if (c->type != XML_TEXT_NODE || !xmlIsBlankNode(c))
            return 0;
    }
    return bold;
}

/* A list; a list that follows an item is that item's sub-list, indented
 * under its text. */
static void block_list(struct layout *lo, const xmlNode *node, double x, double width, double gx)
{
    struct text_style st = layout_style(lo, "body", lo->ink);
    const char *style = doc_attr(node, "style");
    double indent = style && strcmp(style, "bullet") != 0 ? BULLET_INDENT * 1.6 : BULLET_INDENT;
    vspace(lo, GAP_PARA);
    int n = 0, container = lo->container, list = S_tag(lo, TAG_L), body = 0;
    tagging_set_list_numbering(lo->env.tags, list, style);
    for (const xmlNode *item = doc_first(node); item; item = doc_next(item)) {
        if (doc_type(item) == DOC_LIST) { /* a sub-list: in the body of the item before it */
            if (!body) {
                lo->container = tagging_new(lo->env.tags, TAG_LI, list);
                body = S_tag(lo, TAG_LBODY);
            }
            lo->container = body;
            block_list(lo, item, x + indent, width - indent, gx);
            lo->container = container;
            continue;
        }
        if (doc_type(item) != DOC_ITEM)
            continue;
        int li = tagging_new(lo->env.tags, TAG_LI, list);
        int label = tagging_new(lo->env.tags, TAG_LBL, li);
        body = tagging_new(lo->env.tags, TAG_LBODY, li);
        lo->pen = body;
        struct text_block tb;
        text_for(lo, &tb, item, &st, width - indent);
        if (n++ > 0)
            vspace(lo, 3);
        size_t at = lo->vl.count;
        flow_lines(lo, &tb, x + indent, gx, width - indent);
        char *marker = list_marker(style, n);
        struct vitem *first = tb.line_count > 0 ? &lo->vl.items[at] : NULL;
        size_t from = first ? first->count : 0;
        if (first && marker) {
            struct text_block mb;
            text_init(&mb, &lo->env, &st, doc_src(item));
            text_add_string(&mb, marker, &st);
            text_break(&mb, indent);
            first->tag = label;
            text_draw(&mb, first, x, 0, indent - 4, 0);
            text_free(&mb);
        } else if (first) {
            double baseline = (tb.line_height - tb.ascent - tb.descent) / 2 + tb.ascent;
            S_bullet(lo, first, x + 5, baseline - 0.3 * tb.size, 1.9, label);
        }
        if (first) {
            S_to_front(first, from);
            first->tag = body;
        }
        free(marker);
        text_free(&tb);
    }
    if (list_is_run_in_heading(node))
        vpenalty(lo, V_FORBID);
}

/* A grid's column count: `want`, or fewer when there are fewer cells. */
static int grid_columns(size_t cells, int want)
{
    return cells < (size_t)want ? (int)cells : want;
}

static size_t count_children(const xmlNode *node, enum doc_type type)
{
    size_t n = 0;
    for (const xmlNode *c = doc_first(node); c; c = doc_next(c))
        n += doc_type(c) == type;
    return n;
}

static void block_stats(struct layout *lo, const xmlNode *node, double x, double width)
{
    size_t n = count_children(node, DOC_STAT);
    if (n == 0)
        return;
    struct text_style vst = face_style(lo, "stat", lo->accent, FACE_BOLD);
    struct text_style lst = layout_style(lo, "small", lo->ink);
    int cols = grid_columns(n, n % 3 == 0 && n % 4 != 0 ? 3 : 4);
    struct text_block *values = xcalloc(n, sizeof *values), *labels = xcalloc(n, sizeof *labels);
    size_t i = 0;
    for (const xmlNode *s = doc_first(node); s; s = doc_next(s)) {
        if (doc_type(s) != DOC_STAT)
            continue;
        text_for(lo, &values[i], doc_child(s, DOC_VALUE), &vst, 1e9);
        i++;
    }
    /* Four across only when every number fits its column. */
    double colw = (width - (cols - 1) * GRID_GUTTER) / cols;
    for (i = 0; i < n && cols > 2; i++)
        if (text_width(&values[i]) > colw)
            cols = 2, i = 0;
    colw = (width - (cols - 1) * GRID_GUTTER) / cols;
    i = 0;
    for (const xmlNode *s = doc_first(node); s; s = doc_next(s)) {
        if (doc_type(s) != DOC_STAT)
            continue;
        text_for(lo, &labels[i], doc_child(s, DOC_LABEL), &lst, colw - 4);
        i++;
    }
    vspace(lo, GAP_BLOCK);
    for (size_t row = 0; row < n; row += (size_t)cols) {
        double h = 0;
        for (size_t k = row; k < n && k < row + (size_t)cols; k++) {
            double hk = 14 + text_height(&values[k]) + 6 + text_height(&labels[k]);
            h = hk > h ? hk : h;
        }
        if (row > 0)
            vspace(lo, GRID_GUTTER + 4);
        struct vitem *box = vbox(lo, h);
        for (size_t k = row; k < n && k < row + (size_t)cols; k++) {
            double cx = x + (double)(k - row) * (colw + GRID_GUTTER);
            box->tag = S_tag(lo, TAG_P); /* a key figure: its number and label */
            box_line(box, cx, 0.5, cx + colw, 0.5, lo->rule, 1);
            box_rect(box, cx, 0, 30, 3.5, lo->accent, 0);
            double y = 14 + draw_noted(lo, box, &values[k], cx, 14, colw) + 6;
            draw_noted(lo, box, &labels[k], cx, y, colw);
        }
    }
    for (i = 0; i < n; i++) {
        text_free(&values[i]);
        text_free(&labels[i]);
    }
    free(values);
    free(labels);
}

/* A cell of a card grid: stacked text blocks with gaps above each, a list
 * item's indented past its marker (a bullet, or the text in mark). */
#define CELL_PARTS 24
struct cell {
    struct text_block tb[CELL_PARTS], mark[CELL_PARTS];
    double gap[CELL_PARTS], indent[CELL_PARTS];
    int marker[CELL_PARTS];                    /* 0 none, 1 a bullet, 2 mark */
    int tag[CELL_PARTS], mark_tag[CELL_PARTS]; /* structure elements of text and marker */
    size_t count;
    const xmlNode *node;
};

static double cell_height(const struct cell *c)
{
    double h = 0;
    for (size_t i = 0; i < c->count; i++)
        h += c->gap[i] + text_height(&c->tb[i]);
    return h;
}

static void cell_free(struct cell *c)
{
    for (size_t i = 0; i < c->count; i++) {
        text_free(&c->tb[i]);
        if (c->marker[i] == 2)
            text_free(&c->mark[i]);
    }
}

static struct text_block *cell_add(struct cell *c, double gap, int tag)
{
    if (c->count == CELL_PARTS)
        return NULL;
    c->gap[c->count] = gap;
    c->tag[c->count] = tag;
    return &c->tb[c->count++];
}

/* Part t's marker, its first line's top at y in box, its text at x. */
static void cell_mark(const struct layout *lo, const struct cell *c, size_t t, struct vitem *box,
                      double x, double y)
{
    const struct text_block *tb = &c->tb[t];
    double step = c->marker[t] == 2 ? BULLET_INDENT * 1.4 : BULLET_INDENT * 0.8;
    int tag = box->tag;
    size_t from = box->count;
    box->tag = c->mark_tag[t];
    if (c->marker[t] == 2)
        text_draw(&c->mark[t], box, x - step, y, step - 3, 0);
    else if (c->marker[t] == 1) {
        S_bullet(lo, box, x - step + 3.5,
                 y + (tb->line_height - tb->ascent - tb->descent) / 2 + tb->ascent - 0.3 * tb->size,
                 1.6, c->mark_tag[t]);
    }
    if (c->marker[t])
        S_to_front(box, from); /* the marker before its text, wherever it is drawn */
    box->tag = tag;
}

/* A list in a card: each item a part indented past its marker, a sub-list
 * further in. */
static void cell_list(struct layout *lo, struct cell *c, const xmlNode *list,
                      const struct text_style *st, double inner, double indent)
{
    const char *style = doc_attr(list, "style");
    char *probe = list_marker(style, 1);
    double step = probe ? BULLET_INDENT * 1.4 : BULLET_INDENT * 0.8;
    free(probe);
    int n = 0, container = lo->container, l = S_tag(lo, TAG_L), body = 0;
    tagging_set_list_numbering(lo->env.tags, l, style);
    for (const xmlNode *item = doc_first(list); item; item = doc_next(item)) {
        struct text_block *tb;
        if (doc_type(item) == DOC_LIST) {
            lo->container = body ? body : l;
            cell_list(lo, c, item, st, inner, indent + step);
            lo->container = container;
        }
        int li = doc_type(item) == DOC_ITEM ? tagging_new(lo->env.tags, TAG_LI, l) : 0;
        int label = tagging_new(lo->env.tags, TAG_LBL, li);
        if (doc_type(item) != DOC_ITEM ||
            !(tb = cell_add(c, n++ ? 4 : 6, body = tagging_new(lo->env.tags, TAG_LBODY, li))))
            continue;
        size_t t = c->count - 1;
        c->mark_tag[t] = label;
        c->indent[t] = indent + step;
        text_for(lo, tb, item, st, inner - c->indent[t]);
        char *marker = list_marker(style, n);
        c->marker[t] = marker ? 2 : 1;
        if (marker) {
            text_init(&c->mark[t], &lo->env, st, doc_src(item));
            text_add_string(&c->mark[t], marker, st);
            text_break(&c->mark[t], step);
        }
        free(marker);
    }
}

enum grid_look { GRID_CARD, GRID_PHOTO };

/* A cell too tall for a page, across the grid's whole width and set as
 * slices that the page may break between. */
static void grid_cell_sliced(struct layout *lo, struct cell *c, double x, double width, double top,
                             enum grid_look look)
{
    struct slice_part parts[CELL_PARTS];
    for (size_t t = 0; t < c->count; t++) {
        text_break(&c->tb[t], width - 2 * CARD_PAD - c->indent[t]);
        parts[t] =
            (struct slice_part){&c->tb[t], x + CARD_PAD + c->indent[t], c->gap[t], 0, c->tag[t]};
    }
    struct slice_deco deco = {look == GRID_CARD ? SLICE_PANEL : SLICE_FRAME, x, width, 6};
    size_t first = flow_slices(lo, parts, c->count, top, CARD_PAD, &deco);
    if (look == GRID_CARD)
        box_rect(&lo->vl.items[first], x + CARD_PAD, CARD_PAD, 22, 3, lo->accent, 0);
    /* each part's marker on the box of its first line */
    size_t i = first;
    for (size_t t = 0; t < c->count; t++)
        for (size_t line = 0; line < c->tb[t].line_count; line++, i++) {
            while (lo->vl.items[i].kind != V_BOX)
                i++;
            if (line == 0)
                cell_mark(lo, c, t, &lo->vl.items[i], x + CARD_PAD + c->indent[t],
                          i == first ? top : c->gap[t]);
        }
}

/* Lays out rows of cells; a row is one box, so no cell is ever split,
 * unless the row is too tall for a page: then its cells follow one another
 * across the whole width, each split between its lines. */
static void grid_rows(struct layout *lo, struct cell *cells, size_t n, int cols, double x,
                      double width, enum grid_look look)
{
    double colw = (width - (cols - 1) * GRID_GUTTER) / cols;
    double top = look == GRID_CARD ? CARD_PAD + 9 : CARD_PAD + 6;
    vspace(lo, GAP_BLOCK);
    for (size_t row = 0; row < n; row += (size_t)cols) {
        double h = 0;
        for (size_t k = row; k < n && k < row + (size_t)cols; k++) {
            double hk = top + cell_height(&cells[k]) + CARD_PAD;
            h = hk > h ? hk : h;
        }
        if (row > 0)
            vspace(lo, GRID_GUTTER);
        if (too_tall(lo, h)) {
            for (size_t k = row; k < n && k < row + (size_t)cols; k++) {
                if (k > row)
                    vspace(lo, GRID_GUTTER);
                grid_cell_sliced(lo, &cells[k], x, width, top, look);
            }
            continue;
        }
        struct vitem *box = vbox(lo, h);
        for (size_t k = row; k < n && k < row + (size_t)cols; k++) {
            double cx = x + (double)(k - row) * (colw + GRID_GUTTER);
            if (look == GRID_CARD) {
                box_rect(box, cx, 0, colw, h, lo->tint, 6);
                box_rect(box, cx + CARD_PAD, CARD_PAD, 22, 3, lo->accent, 0);
            } else {
                box_frame(box, cx + 0.4, 0.4, colw - 0.8, h - 0.8, lo->rule, 4, 0.8);
                box_rect(box, cx, 0, colw, 5, lo->primary, 0);
            }
            double y = top;
            for (size_t t = 0; t < cells[k].count; t++) {
                double ix = cx + CARD_PAD + cells[k].indent[t];
                y += cells[k].gap[t];
                box->tag = cells[k].tag[t];
                cell_mark(lo, &cells[k], t, box, ix, y);
                y += draw_noted(lo, box, &cells[k].tb[t], ix, y,
                                colw - 2 * CARD_PAD - cells[k].indent[t]);
            }
        }
    }
}

static void block_cards(struct layout *lo, const xmlNode *node, double x, double width)
{
    size_t n = count_children(node, DOC_CARD);
    if (n == 0)
        return;
    int with_text = 0;
    for (const xmlNode *c = doc_first(node); c; c = doc_next(c))
        with_text |= doc_type(c) == DOC_CARD && (doc_child(c, DOC_P) || doc_child(c, DOC_LIST));
    int cols = grid_columns(n, with_text ? 2 : 3);
    double inner = (width - (cols - 1) * GRID_GUTTER) / cols - 2 * CARD_PAD;
    struct cell *cells = xcalloc(n, sizeof *cells);
    struct text_style tst = face_style(lo, "body", lo->ink, FACE_BOLD);
    struct text_style pst = layout_style(lo, "small", lo->ink);
    size_t i = 0;
    for (const xmlNode *c = doc_first(node); c; c = doc_next(c)) {
        if (doc_type(c) != DOC_CARD)
            continue;
        struct cell *cell = &cells[i++];
        int container = lo->container;
        lo->container = S_tag(lo, TAG_DIV); /* a card */
        text_for(lo, cell_add(cell, 0, S_tag(lo, TAG_P)), doc_child(c, DOC_TITLE), &tst, inner);
        for (const xmlNode *k = doc_first(c); k; k = doc_next(k)) {
            struct text_block *tb;
            if (doc_type(k) == DOC_LINK && (tb = cell_add(cell, 5, S_tag(lo, TAG_P)))) {
                struct text_style lst = layout_style(lo, "small", lo->primary);
                lst.href = doc_attr(k, "href");
                text_for(lo, tb, k, &lst, inner);
            } else if (doc_type(k) == DOC_P && (tb = cell_add(cell, 6, S_tag(lo, TAG_P)))) {
                text_for(lo, tb, k, &pst, inner);
            } else if (doc_type(k) == DOC_LIST) {
                cell_list(lo, cell, k, &pst, inner, 0);
            }
        }
        lo->container = container;
    }
    grid_rows(lo, cells, n, cols, x, width, GRID_CARD);
    for (i = 0; i < n; i++)
        cell_free(&cells[i]);
    free(cells);
}

static void block_gallery(struct layout *lo, const xmlNode *node, double x, double width)
{
    if (figure_gallery_pictured(node)) { /* photos in rows (see figure.h) */
        vspace(lo, GAP_BLOCK);
        figure_gallery(lo, node, x, width);
        return;
    }
    size_t n = count_children(node, DOC_PHOTO);
    if (n == 0)
        return;
    int cols = grid_columns(n, 2);
    double inner = (width - (cols - 1) * GRID_GUTTER) / cols - 2 * CARD_PAD;
    struct cell *cells = xcalloc(n, sizeof *cells);
    struct text_style tst = face_style(lo, "body", lo->ink, FACE_BOLD);
    struct text_style wst = layout_style(lo, "small", lo->muted);
    struct text_style cst = layout_style(lo, "small", lo->ink);
    size_t i = 0;
    for (const xmlNode *p = doc_first(node); p; p = doc_next(p)) {
        if (doc_type(p) != DOC_PHOTO)
            continue;
        struct cell *cell = &cells[i++];
        int container = lo->container;
        lo->container = S_tag(lo, TAG_DIV); /* a photo lost: its text */
        text_for(lo, cell_add(cell, 0, S_tag(lo, TAG_P)), doc_child(p, DOC_TITLE), &tst, inner);
        text_for(lo, cell_add(cell, 2, S_tag(lo, TAG_P)), doc_child(p, DOC_WHEN), &wst, inner);
        text_for(lo, cell_add(cell, 8, S_tag(lo, TAG_P)), doc_child(p, DOC_CAPTION), &cst, inner);
        lo->container = container;
    }
    grid_rows(lo, cells, n, cols, x, width, GRID_PHOTO);
    for (i = 0; i < n; i++)
        cell_free(&cells[i]);
    free(cells);
}

/* ---- tables ------------------------------------------------------------ */

#define TABLE_PAD 4.0     /* cell padding, left and right */
#define TABLE_ROW_PAD 3.5 /* above and below a cell's text */
#define TABLE_MIN_COL 42.0

/* A cell between the two passes over a table: its text is measured for
 * the column widths, then set again row by row, so only one row's text
 * blocks are alive at a time. */
/* One for every cell of a table, all alive while it is laid out: small, so
 * a table of 100,000 rows is not held twice over in text blocks. */
struct table_cell {
    const xmlNode *node;
    struct text_block *tb; /* while its row is set (from the measuring when kept) */
    size_t col, span;
    double natural, narrow; /* text_width and text_min_width unbroken */
    int tag;                /* its TH or TD */
    unsigned char num, head, total, subhead;
    unsigned char kept; /* its text block lives from the measuring to its row */
};

static size_t table_span(const xmlNode *cell)
{
    const char *s = doc_attr(cell, "span");
    long v = s ? atol(s) : 1;
    return v >= 1 && v <= 64 ? (size_t)v : 1;
}

/* Column widths, as web browsers lay out tables: each column between its
 * widest unbreakable word (min) and its widest unbroken cell (max). When
 * the maxima fit they share the measure in proportion; else every column
 * gets its minimum and the room left goes where the text is longest (in
 * proportion to max - min), so no column is squeezed below its words. */
static void table_columns(struct table_cell *cells, size_t n, size_t cols, double width, double *w)
{
    /* per column: natural width of all cells (mx), of the body's (mb),
     * and the widest word (mn) */
    double *mx = xcalloc(cols, sizeof *mx), *mb = xcalloc(cols, sizeof *mb);
    double *mn = xcalloc(cols, sizeof *mn);
    for (size_t i = 0; i < n; i++) {
        if (cells[i].span != 1)
            continue;
        size_t k = cells[i].col;
        /* a hair more than the text: set again at exactly its width, the
         * widest word of a column could round to not fitting and break */
        double nw = cells[i].natural + 2 * TABLE_PAD + 0.01;
        double mw = cells[i].narrow + 2 * TABLE_PAD + 0.01;
        mx[k] = nw > mx[k] ? nw : mx[k];
        if (!cells[i].head)
            mb[k] = nw > mb[k] ? nw : mb[k];
        mn[k] = mw > mn[k] ? mw : mn[k];
    }
    double sum_max = 0, sum_body = 0, sum_min = 0;
    for (size_t k = 0; k < cols; k++) {
        mx[k] = mx[k] > TABLE_MIN_COL ? mx[k] : TABLE_MIN_COL;
        mn[k] = mn[k] > mx[k] ? mx[k] : mn[k];
        mb[k] = mb[k] > mn[k] ? mb[k] : mn[k]; /* a heading's words whole */
        sum_max += mx[k];
        sum_body += mb[k];
        sum_min += mn[k];
    }
    /* Too narrow for every cell on one line: the headings wrap first (a
     * long heading over a column of figures), then the body's text. */
    for (size_t k = 0; k < cols; k++) {
        if (sum_max <= width)
            w[k] = mx[k] * width / sum_max; /* fill the measure, keeping proportions */
        else if (sum_body <= width)
            w[k] = mb[k] + (mx[k] - mb[k]) * (width - sum_body) / (sum_max - sum_body);
        else if (sum_min < width)
            w[k] = mn[k] + (mb[k] - mn[k]) * (width - sum_min) / (sum_body - sum_min);
        else
            w[k] = mn[k] * width / sum_min; /* too wide even so: words will break */
    }
    free(mx);
    free(mb);
    free(mn);
}

/* A row too tall for a page, as slices of one line of every cell each,
 * which the page may break between where two lines stay on each side. */
static void table_row_sliced(struct layout *lo, struct table_cell *cells, size_t from, size_t to,
                             const double *colx, size_t cols, double x, int tint)
{
    size_t lines = 0;
    double line_h = 0;
    for (size_t i = from; i < to; i++) {
        lines = cells[i].tb->line_count > lines ? cells[i].tb->line_count : lines;
        line_h = fmax(line_h, cells[i].tb->line_height);
    }
    int head = cells[from].head, total = cells[from].total;
    double width = colx[cols];
    for (size_t k = 0; k < lines; k++) {
        if (k > 0)
            vpenalty(lo, k >= 2 && lines - k >= 2 ? V_ALLOW : V_FORBID);
        double y = k == 0 ? TABLE_ROW_PAD : 0;
        double h = y + line_h + (k + 1 == lines ? TABLE_ROW_PAD : 0);
        struct vitem *box = vbox(lo, h);
        if (tint)
            box_rect(box, x, k == 0 ? 0 : -0.5, width, h + (k == 0 ? 0 : 0.5), lo->tint, 0);
        for (size_t i = from; i < to; i++) {
            const struct text_block *tb = cells[i].tb;
            if (k >= tb->line_count)
                continue;
            double cx = x + colx[cells[i].col] + TABLE_PAD;
            double cw = colx[cells[i].col + cells[i].span] - colx[cells[i].col] - 2 * TABLE_PAD;
            /* as table_row_box sets it */
            double widest = cells[i].head ? tb->lines[k].width : text_widest_line(tb);
            box->tag = cells[i].tag;
            text_draw_line(tb, k, box, cells[i].num ? cx + cw - widest : cx, y);
            attach_notes(lo, box, tb, k, k + 1);
        }
        if (k == 0 && total)
            box_line(box, x, 0, x + width, 0, lo->ink, 1.0);
        if (k + 1 == lines && !total)
            box_line(box, x, h, x + width, h, head ? lo->primary : lo->rule, head ? 1.0 : 0.5);
    }
}

/* One row of a table: a box, or slices of it when it is too tall for a
 * page. Returns the index of its first box. */
static size_t table_row_box(struct layout *lo, struct table_cell *cells, size_t from, size_t to,
                            const double *colx, size_t cols, double x, int tint)
{
    double h = 0;
    for (size_t i = from; i < to; i++) {
        double ch = text_height(cells[i].tb) + 2 * TABLE_ROW_PAD;
        h = ch > h ? ch : h;
    }
    size_t first = lo->vl.count;
    if (too_tall(lo, h)) {
        table_row_sliced(lo, cells, from, to, colx, cols, x, tint);
        return first;
    }
    struct vitem *box = vbox(lo, h);
    int head = from < to && cells[from].head, total = from < to && cells[from].total;
    if (tint)
        box_rect(box, x, 0, colx[cols], h, lo->tint, 0);
    for (size_t i = from; i < to; i++) {
        double cx = x + colx[cells[i].col];
        double cw = colx[cells[i].col + cells[i].span] - colx[cells[i].col];
        box->tag = cells[i].tag;
        /* a figure's column: a heading's lines flush right, a wrapped
         * text's as a block flush right */
        text_draw(cells[i].tb, box, cx + TABLE_PAD, TABLE_ROW_PAD, cw - 2 * TABLE_PAD,
                  !cells[i].num   ? 0
                  : cells[i].head ? 2
                                  : 3);
    }
    for (size_t i = from; i < to; i++)
        attach_notes(lo, box, cells[i].tb, 0, cells[i].tb->line_count);
    double width = colx[cols];
    if (head)
        box_line(box, x, h, x + width, h, lo->primary, 1.0);
    else if (total)
        box_line(box, x, 0, x + width, 0, lo->ink, 1.0);
    else
        box_line(box, x, h, x + width, h, lo->rule, 0.5);
    return first;
}

/* "Tabla 3." in bold, then the caption: a table's or a figure's, above
 * it. Nothing when there is neither. */
static void caption_box(struct layout *lo, const xmlNode *node, double x, double width,
                        enum tag_type type)
{
    const char *label = doc_attr(node, "label");
    const xmlNode *caption = doc_child(node, DOC_CAPTION);
    anchor_next(lo, doc_attr(node, "id"), 0, NULL);
    if (!label && !caption)
        return;
    struct text_style lst = face_style(lo, "small", lo->primary, FACE_BOLD);
    struct text_style cst = face_style(lo, "small", lo->ink, FACE_BOLD);
    struct text_block cap;
    text_init(&cap, &lo->env, &lst, doc_src(node));
    if (label) {
        text_add_string(&cap, label, &lst);
        text_add_string(&cap, ". ", &lst);
    }
    text_add_inline(&cap, caption, &cst);
    text_break(&cap, width);
    lo->pen = S_tag(lo, type);
    struct vitem *cbox = vbox(lo, text_height(&cap) + 6);
    text_draw(&cap, cbox, x, 0, width, 0);
    attach_notes(lo, cbox, &cap, 0, cap.line_count);
    text_free(&cap);
    vpenalty(lo, V_FORBID);
}

/* The source line under a table or figure, kept with it. */
static void source_box(struct layout *lo, const xmlNode *node, double x, double width)
{
    const xmlNode *source = doc_child(node, DOC_SOURCE);
    if (!source)
        return;
    struct text_style sst = layout_style(lo, "small", lo->muted);
    struct text_block sb;
    text_for(lo, &sb, source, &sst, width);
    vpenalty(lo, V_FORBID);
    lo->pen = S_tag(lo, TAG_P);
    struct vitem *sbox = vbox(lo, text_height(&sb) + 4);
    text_draw(&sb, sbox, x, 4, width, 0);
    attach_notes(lo, sbox, &sb, 0, sb.line_count);
    text_free(&sb);
}

/* A cell's text, broken to `width`. */
static void table_cell_text(struct layout *lo, struct table_cell *tc, double width)
{
    unsigned rgb = tc->head || tc->subhead ? lo->primary : lo->ink;
    int bold = tc->head || tc->total || tc->subhead;
    struct text_style st = face_style(lo, "small", rgb, bold ? FACE_BOLD : FACE_REGULAR);
    text_for(lo, tc->tb, tc->node, &st, width);
}

/* The rows of `node`'s <head> and <body>: the header's box repeats on
 * every page the rows run over; a break may fall between body rows,
 * keeping two rows together at either end. tint: rows on the tint. */
static void table_rows(struct layout *lo, const xmlNode *node, double x, double width, int tint)
{
    size_t n = 0, cols = 0, rows = 0, cell_cap = 0, row_cap = 0, widest = 0;
    const xmlNode *parts[2] = {doc_child(node, DOC_HEAD), doc_child(node, DOC_BODY)};
    for (int part = 0; part < 2; part++)
        for (const xmlNode *row = doc_first(parts[part]); row; row = doc_next(row)) {
            size_t k = 0;
            for (const xmlNode *cell = doc_first(row); cell; cell = doc_next(cell))
                k++;
            row_cap++;
            cell_cap += k;
            widest = k > widest ? k : widest;
        }
    /* sized once: the rows' and the cells' counts */
    struct table_cell *cells = xcalloc(cell_cap ? cell_cap : 1, sizeof *cells);
    size_t *row_start = xcalloc(row_cap + 1, sizeof *row_start);
    struct text_block *row_tb = xcalloc(widest ? widest : 1, sizeof *row_tb), measured;
    for (int part = 0; part < 2; part++) {
        int group = doc_first(parts[part]) ? S_tag(lo, part == 0 ? TAG_THEAD : TAG_TBODY) : 0;
        for (const xmlNode *row = doc_first(parts[part]); row; row = doc_next(row)) {
            const char *role = doc_attr(row, "role");
            row_start[rows++] = n;
            size_t col = 0;
            int tr = tagging_new(lo->env.tags, TAG_TR, group);
            /* header cells as the web edition has them: the head's, a
             * subhead row's, a body row's first when there is a head */
            int subhead = role && strcmp(role, "subhead") == 0;
            for (const xmlNode *cell = doc_first(row); cell; cell = doc_next(cell)) {
                int th = part == 0 || subhead || (col == 0 && parts[0]);
                int tag = tagging_new(lo->env.tags, th ? TAG_TH : TAG_TD, tr);
                if (th)
                    tagging_set_scope(lo->env.tags, tag, part == 1 && !subhead);
                struct table_cell *tc = &cells[n++];
                const char *align = doc_attr(cell, "align");
                tc->node = cell;
                tc->col = col;
                tc->span = table_span(cell);
                tc->num = align && strcmp(align, "num") == 0;
                tc->head = part == 0;
                tc->total = role && strcmp(role, "total") == 0;
                tc->subhead = subhead;
                tc->tag = tag;
                col += tc->span;
            }
            cols = col > cols ? col : cols;
        }
    }
    row_start[rows] = n;
    double *colw = xcalloc(cols ? cols : 1, sizeof *colw);
    double *colx = xcalloc(cols ? cols + 1 : 1, sizeof *colx);
    /* natural widths first; a cell of plain text is set again with its
     * row, one with inline markup is kept, since its links and footnote
     * calls made their structure elements when it was measured */
    for (size_t i = 0; i < n; i++) {
        cells[i].kept = doc_first(cells[i].node) != NULL;
        cells[i].tb = cells[i].kept ? xmalloc(sizeof *cells[i].tb) : &measured;
        table_cell_text(lo, &cells[i], 1e9);
        cells[i].natural = text_width(cells[i].tb);
        cells[i].narrow = text_min_width(cells[i].tb);
        if (!cells[i].kept) {
            text_free(&measured);
            cells[i].tb = NULL;
        }
    }
    table_columns(cells, n, cols, width, colw);
    for (size_t k = 0; k < cols; k++)
        colx[k + 1] = colx[k] + colw[k];
    size_t header = 0, header_from = 0, subhead = 0, body_rows = 0, body_seen = 0;
    for (size_t r = 0; r < rows; r++)
        body_rows += row_start[r] < row_start[r + 1] && !cells[row_start[r]].head;
    for (size_t r = 0; r < rows; r++) {
        size_t from = row_start[r], to = row_start[r + 1];
        if (from == to)
            continue;
        int head = cells[from].head;
        if (r > 0) {
            /* a subhead row stays with the row after it */
            int after_subhead = row_start[r - 1] < row_start[r] && cells[row_start[r - 1]].subhead;
            int allow = !head && !after_subhead && body_seen >= 2 && body_rows - body_seen >= 2;
            vpenalty(lo, allow ? V_ALLOW : V_FORBID);
        }
        for (size_t i = from; i < to; i++) {
            double cw = 0;
            for (size_t k = cells[i].col; k < cells[i].col + cells[i].span && k < cols; k++)
                cw += colw[k];
            if (cells[i].kept) {
                text_break(cells[i].tb, cw - 2 * TABLE_PAD);
            } else {
                cells[i].tb = &row_tb[i - from];
                table_cell_text(lo, &cells[i], cw - 2 * TABLE_PAD);
            }
        }
        size_t first = table_row_box(lo, cells, from, to, colx, cols, x, tint);
        for (size_t i = from; i < to; i++) {
            text_free(cells[i].tb);
            if (cells[i].kept)
                free(cells[i].tb);
            cells[i].tb = NULL;
        }
        if (head) {
            header = lo->vl.count; /* 1 + the index of its (last) box */
            if (!header_from)
                header_from = first + 1;
        } else {
            for (size_t b = first; b < lo->vl.count; b++) {
                lo->vl.items[b].repeat = header;
                lo->vl.items[b].repeat_from = header_from;
                lo->vl.items[b].subhead = cells[from].subhead ? 0 : subhead;
            }
            if (cells[from].subhead)
                subhead = lo->vl.count;
            body_seen++;
        }
    }
    free(cells);
    free(row_start);
    free(row_tb);
    free(colw);
    free(colx);
}

/* Text widths for a chart, in the theme's text font. */
static double chart_measure(void *ctx, const char *text, double size, int bold)
{
    struct layout *lo = ctx;
    const struct theme_style *small = theme_style(lo->theme, "small");
    struct font_face *face =
        font_set_face(lo->env.fonts, small->font, bold ? FACE_BOLD : FACE_REGULAR);
    double w = 0;
    for (const char *p = text; *p;)
        w += font_face_advance(lo->env.fonts, face, font_utf8_next(&p));
    return w * size / 1000;
}

static unsigned chart_rgb(const struct layout *lo, const struct doc_chart *dc, int colour)
{
    if (colour == CHART_RULE)
        return lo->rule;
    if (CHART_IS_ON(colour)) {
        unsigned fill = chart_rgb(lo, dc, CHART_ON_SERIES(colour));
        return chart_is_dark(fill) ? lo->paper : lo->ink;
    }
    if (colour >= 0)
        return dc->palette[(size_t)colour % dc->palette_count];
    return lo->ink;
}

/* A table's chart under its rows: one box holding the shapes chart.c
 * laid out, drawn as vector paths and text. */
static void block_chart(struct layout *lo, const xmlNode *table, double x, double width)
{
    struct doc_chart dc;
    struct chart_drawing d = {0};
    char error[200] = "";
    const struct theme_style *small = theme_style(lo->theme, "small");
    double w = width < CHART_WIDTH ? width : CHART_WIDTH;
    if (doc_chart_read(doc_child(table, DOC_CHART), lo->theme, &dc) != 0)
        snprintf(error, sizeof error, "it has no series or no categories");
    else {
        dc.chart.hyphenate = hyphen_points_cb;
        dc.chart.hyphenate_ctx = lo->env.hyph;
        /* a chart is one box: it must fit a page, with room to spare */
        dc.chart.max_height = 0.9 * lo->height;
        chart_layout(&dc.chart, w, small->size, chart_measure, lo, &d, error, sizeof error);
    }
    if (error[0]) {
        diag_add_at(lo->env.diags, DIAG_ERROR, doc_src(table),
                    "the table's chart cannot be drawn: %s", error);
        doc_chart_free(&dc);
        return;
    }
    /* a page may part the chart from its table, as it would a figure: the
     * table's last rows need not go over with it */
    vpenalty(lo, V_ALLOW);
    vspace_fixed(lo, 10);
    /* a Figure with the text alternative the web edition gives the chart */
    lo->pen = S_tag(lo, TAG_FIGURE);
    tagging_set_alt(lo->env.tags, lo->pen, doc_attr(doc_child(table, DOC_CHART), "alt"));
    struct vitem *box = vbox(lo, d.height);
    for (size_t i = 0; i < d.count; i++) {
        const struct chart_shape *sh = &d.shapes[i];
        unsigned rgb = chart_rgb(lo, &dc, sh->colour);
        if (sh->kind == CHART_RECT) {
            box_rect(box, x + sh->x, sh->y, sh->w, sh->h, rgb, 0);
        } else if (sh->kind == CHART_LINE) {
            box_line(box, x + sh->x, sh->y, x + sh->x + sh->w, sh->y + sh->h, rgb, sh->stroke);
        } else if (sh->kind == CHART_POLYGON) {
            struct prim *p = vitem_prim(box, PRIM_POLYGON);
            p->rgb = rgb;
            p->point_count = sh->point_count;
            p->points = xmalloc(2 * sh->point_count * sizeof *p->points);
            for (size_t k = 0; k < sh->point_count; k++) {
                p->points[2 * k] = x + sh->points[2 * k];
                p->points[2 * k + 1] = sh->points[2 * k + 1];
            }
        } else if (sh->kind == CHART_TEXT) {
            struct prim *p = vitem_prim(box, PRIM_TEXT);
            double tw = chart_measure(lo, sh->text, sh->size, sh->bold);
            p->face =
                font_set_face(lo->env.fonts, small->font, sh->bold ? FACE_BOLD : FACE_REGULAR);
            p->size = sh->size;
            p->rgb = rgb;
            p->x = x + sh->x -
                   (sh->anchor == CHART_MIDDLE ? tw / 2
                    : sh->anchor == CHART_END  ? tw
                                               : 0);
            p->y = sh->y;
            p->w = tw;
            p->text = xstrdup(sh->text);
        }
    }
    for (size_t i = 0; i < box->count; i++) /* every shape is the chart's */
        box->prims[i].tag = box->tag;
    chart_drawing_free(&d);
    doc_chart_free(&dc);
}

static void block_table(struct layout *lo, const xmlNode *node, double x, double width)
{
    const char *style = doc_attr(node, "style");
    vspace(lo, GAP_BLOCK);
    int container = lo->container;
    lo->container = S_tag(lo, TAG_TABLE);
    caption_box(lo, node, x, width, TAG_CAPTION);
    table_rows(lo, node, x, width, style && strcmp(style, "indicator") == 0);
    lo->container = container;
    if (doc_child(node, DOC_CHART))
        block_chart(lo, node, x, width);
    source_box(lo, node, x, width);
    vspace(lo, GAP_BLOCK);
}

/* A figure without an image: its caption, its grid of text when it has
 * one, its source. */
static void block_figure_text(struct layout *lo, const xmlNode *node, double x, double width)
{
    const xmlNode *grid = doc_child(node, DOC_GRID);
    vspace(lo, GAP_BLOCK);
    int container = lo->container;
    if (grid) /* its grid is a table of text */
        lo->container = S_tag(lo, TAG_TABLE);
    caption_box(lo, node, x, width, grid ? TAG_CAPTION : TAG_P);
    if (grid)
        table_rows(lo, grid, x, width, 0);
    lo->container = container;
    source_box(lo, node, x, width);
    vspace(lo, GAP_BLOCK);
}

/* The cite line under a quote: the name bold, the organization muted. */
static void cite_text(struct layout *lo, struct text_block *tb, const xmlNode *quote, double width)
{
    const xmlNode *cite = doc_child(quote, DOC_CITE);
    struct text_style nst = face_style(lo, "small", lo->ink, FACE_BOLD);
    struct text_style ost = layout_style(lo, "small", lo->muted);
    text_init(tb, &lo->env, &nst, doc_src(quote));
    if (cite) {
        text_add_string(tb, "— ", &nst);
        struct text_style name = nst;
        name.keep = 1; /* a person's name is kept whole */
        text_add_inline(tb, doc_child(cite, DOC_NAME), &name);
        const xmlNode *org = doc_child(cite, DOC_ORG);
        if (org) {
            text_add_string(tb, " · ", &ost);
            text_add_inline(tb, org, &ost);
        }
    }
    text_break(tb, width);
}

/* The quote's paragraphs as one text block, between typographic quotes. */
static void quote_text(struct layout *lo, struct text_block *tb, const xmlNode *quote,
                       const struct text_style *st, double width)
{
    text_init(tb, &lo->env, st, doc_src(quote));
    const xmlNode *last = NULL;
    for (const xmlNode *p = doc_first(quote); p; p = doc_next(p))
        if (doc_type(p) == DOC_P)
            last = p;
    int first = 1;
    for (const xmlNode *p = doc_first(quote); p; p = doc_next(p)) {
        if (doc_type(p) != DOC_P)
            continue;
        if (!first)
            text_add_string(tb, "\n", st); /* a space; paragraphs run on in a quote */
        if (first)
            text_add_string(tb, "“", st);
        first = 0;
        text_add_inline(tb, p, st);
        if (p == last)
            text_add_string(tb, "”", st);
    }
    text_break(tb, width);
}

static void block_quote(struct layout *lo, const xmlNode *node, double x, double width)
{
    const char *style = doc_attr(node, "style");
    struct text_block q, cite;
    vspace(lo, GAP_BLOCK + 4);
    int container = lo->container;
    lo->container = S_tag(lo, TAG_BLOCKQUOTE);
    int qt = S_tag(lo, TAG_P), ct = S_tag(lo, TAG_P);
    lo->container = container;
    if (style && strcmp(style, "testimonial") == 0) {
        double pad = 20, mark = 34;
        double w = width;
        struct text_style st = face_style(lo, "lead", lo->ink, FACE_ITALIC);
        quote_text(lo, &q, node, &st, w - 2 * pad - mark);
        cite_text(lo, &cite, node, w - 2 * pad - mark);
        struct text_style mst = face_style(lo, "stat", lo->accent, FACE_BOLD);
        struct text_block m;
        text_init(&m, &lo->env, &mst, doc_src(node));
        text_add_string(&m, "“", &mst);
        text_break(&m, 100);
        double h = pad + text_height(&q) + 10 + text_height(&cite) + pad;
        if (too_tall(lo, h)) {
            struct slice_part parts[] = {{&q, x + pad + mark, 0, 0, qt},
                                         {&cite, x + pad + mark, 10, 1, ct}};
            struct slice_deco deco = {SLICE_PANEL, x, w, 8};
            size_t first = flow_slices(lo, parts, 2, pad, pad, &deco);
            lo->vl.items[first].tag = 0; /* the mark is decoration */
            text_draw(&m, &lo->vl.items[first], x + pad - 2, pad - 4, 100, 0);
        } else {
            lo->pen = 0; /* the big quotation mark is decoration */
            struct vitem *box = vbox(lo, h);
            box_rect(box, x, 0, w, h, lo->tint, 8);
            text_draw(&m, box, x + pad - 2, pad - 4, 100, 0);
            box->tag = qt;
            double y = pad + draw_noted(lo, box, &q, x + pad + mark, pad, w) + 10;
            box->tag = ct;
            draw_noted(lo, box, &cite, x + pad + mark, y, w);
        }
        text_free(&m);
    } else {
        double indent = 22, w = width - indent;
        struct text_style st = face_style(lo, "quote", lo->primary, FACE_ITALIC);
        quote_text(lo, &q, node, &st, w);
        cite_text(lo, &cite, node, w);
        double qh = text_height(&q);
        double h = qh + 10 + text_height(&cite);
        if (too_tall(lo, h)) {
            struct slice_part parts[] = {{&q, x + indent, 0, 0, qt},
                                         {&cite, x + indent, 10, 1, ct}};
            struct slice_deco deco = {SLICE_BAR, x, 4, 0};
            flow_slices(lo, parts, 2, 0, 0, &deco);
        } else {
            struct vitem *box = vbox(lo, h);
            box_rect(box, x, 2, 4, h - 2, lo->accent, 0);
            box->tag = qt;
            draw_noted(lo, box, &q, x + indent, 0, w);
            box->tag = ct;
            draw_noted(lo, box, &cite, x + indent, qh + 10, w);
        }
    }
    text_free(&q);
    text_free(&cite);
    vspace(lo, GAP_BLOCK + 4);
}

static void block_timeline(struct layout *lo, const xmlNode *node, double x, double width)
{
    double gx = x + 7;
    double cw = (lo->measure < width ? lo->measure : width) - TIMELINE_INDENT;
    double cx = x + TIMELINE_INDENT;
    struct text_style lst = face_style(lo, "h3", lo->primary, FACE_BOLD);
    struct text_style wst = layout_style(lo, "small", lo->muted);
    struct text_style tst = layout_style(lo, "small", lo->accent);
    tst.size *= 0.9;
    int first = 1;
    vspace(lo, GAP_BLOCK);
    for (const xmlNode *e = doc_first(node); e; e = doc_next(e)) {
        if (doc_type(e) != DOC_ENTRY)
            continue;
        struct text_block label, when, tag;
        text_for(lo, &label, doc_child(e, DOC_LABEL), &lst, cw);
        text_for(lo, &when, doc_child(e, DOC_WHEN), &wst, cw);
        const xmlNode *tag_node = doc_child(e, DOC_TAG);
        if (tag_node)
            text_for(lo, &tag, tag_node, &tst, cw);
        if (!first)
            vspace(lo, GAP_BLOCK);
        int container = lo->container;
        lo->container = S_tag(lo, TAG_DIV); /* an entry */
        double y = text_height(&label) + 1;
        double h = y + text_height(&when);
        double tag_x = cx + text_width(&when) + 8, tag_y = y;
        double tag_w = tag_node ? text_width(&tag) + 12 : 0;
        if (tag_node && tag_x + tag_w > cx + cw) {
            tag_x = cx;
            tag_y = h + 3;
            h = tag_y + text_height(&tag);
        }
        struct vitem *box = vbox(lo, h + 2);
        double dot_y = (label.line_height - label.ascent - label.descent) / 2 + label.ascent -
                       0.36 * label.size;
        box->gutter = 1;
        box->gutter_x = gx;
        box->gutter_top = first ? dot_y : 0;
        box_dot(box, gx, dot_y, 6, lo->accent);
        box_dot(box, gx, dot_y, 2.4, lo->paper);
        box->tag = S_tag(lo, TAG_P);
        draw_noted(lo, box, &label, cx, 0, cw);
        box->tag = S_tag(lo, TAG_P);
        draw_noted(lo, box, &when, cx, y, cw);
        if (tag_node) {
            double th = text_height(&tag);
            box_frame(box, tag_x, tag_y + 1, tag_w, th - 1, lo->accent, (th - 1) / 2, 0.7);
            box->tag = S_tag(lo, TAG_P);
            text_draw(&tag, box, tag_x + 6, tag_y + 0.5, tag_w, 0);
            text_free(&tag);
        }
        text_free(&label);
        text_free(&when);
        vpenalty(lo, V_FORBID);
        vspace_fixed(lo, 4);
        for (const xmlNode *b = doc_first(e); b; b = doc_next(b)) {
            if (doc_type(b) == DOC_P)
                block_p(lo, b, cx, cw, gx);
            else if (doc_type(b) == DOC_LIST)
                block_list(lo, b, cx, cw, gx);
        }
        lo->container = container;
        first = 0;
    }
}

static void section_block(struct layout *lo, const xmlNode *b)
{
    lo->src = doc_src(b);
    double x = 0, w = lo->width, m = lo->measure;
    if (lo->columns == 2) /* every block within its column */
        w = m = (lo->width - lo->column_gap) / 2;
    switch (doc_type(b)) {
    case DOC_P:
        block_p(lo, b, x, m, 0);
        break;
    case DOC_H:
        block_h(lo, b, x, m);
        break;
    case DOC_LIST:
        block_list(lo, b, x, m, 0);
        break;
    case DOC_STATS:
        block_stats(lo, b, x, w);
        break;
    case DOC_CARDS:
        block_cards(lo, b, x, w);
        break;
    case DOC_TIMELINE:
        block_timeline(lo, b, x, w);
        break;
    case DOC_QUOTE:
        block_quote(lo, b, x, m + 60 < w ? m + 60 : w);
        break;
    case DOC_TABLE:
        block_table(lo, b, x, w);
        break;
    case DOC_GALLERY:
        block_gallery(lo, b, x, w);
        break;
    case DOC_FIGURE: /* with an image: one box, image and caption (see figure.h) */
        if (!doc_child(b, DOC_IMAGE)) {
            block_figure_text(lo, b, x, w);
            break;
        }
        vspace(lo, GAP_BLOCK);
        figure_layout(lo, b, x, w);
        vspace(lo, GAP_BLOCK);
        break;
    default:
        break;
    }
}

/* ---- openers, cover, back cover, contents ------------------------------- */

/* The height of `node` set in `st` at `width`; 0 without it. */
static double height_of(struct layout *lo, const xmlNode *node, const struct text_style *st,
                        double width)
{
    if (!node)
        return 0;
    struct text_block tb;
    text_for(lo, &tb, node, st, width);
    double h = text_height(&tb);
    text_free(&tb);
    return h;
}

static struct text_style kicker_style(const struct layout *lo, unsigned rgb)
{
    struct text_style st = face_style(lo, "kicker", rgb, FACE_BOLD);
    st.upper = 1;
    st.charspace = st.size * 0.14;
    return st;
}

/* Lays out a section's kicker and title; returns the index of their box. */
static size_t section_opener(struct layout *lo, const xmlNode *sec, int page)
{
    struct text_style kst = kicker_style(lo, lo->accent);
    struct text_style tst = face_style(lo, page ? "h1" : "h2", lo->primary, FACE_BOLD);
    struct text_block kicker, title;
    const xmlNode *kn = doc_child(sec, DOC_KICKER);
    text_for(lo, &kicker, kn, &kst, lo->width);
    double kh = kn ? text_height(&kicker) + 4 : 0;
    /* a title taller than the page steps down in size, to the style's min-size */
    const struct theme_style *ts = theme_style(lo->theme, page ? "h1" : "h2");
    double room = lo->height - kh - (page ? 58 : 0);
    while (height_of(lo, doc_child(sec, DOC_TITLE), &tst, lo->width * 0.86) > room &&
           tst.size > ts->min_size)
        tst.size = fmax(ts->min_size, tst.size - 1);
    text_for(lo, &title, doc_child(sec, DOC_TITLE), &tst, lo->width * 0.86);
    size_t at;
    if (page) {
        double y = 12;
        double h = y + 4 + 12 + kh + text_height(&title) + 30;
        vpage(lo, PAGE_OPENER);
        at = lo->vl.count;
        struct vitem *box = vbox(lo, h);
        box_rect(box, 0, 0, lo->page_w, lo->top + h, lo->tint, 0);
        mark_absolute(box, 0);
        box_rect(box, 0, y, 36, 4, lo->accent, 0);
        y += 16;
        if (kn) {
            box->tag = S_tag(lo, TAG_P);
            y += text_draw(&kicker, box, 0, y, lo->width, 0) + 4;
        }
        box->tag = S_tag(lo, TAG_H1);
        lo->heading = 1;
        text_draw(&title, box, 0, y, lo->width, 0);
        vpenalty(lo, V_FORBID);
        vspace_fixed(lo, GAP_OPENER);
    } else {
        vspace(lo, GAP_H2 + 10);
        at = lo->vl.count;
        struct vitem *box = vbox(lo, kh + text_height(&title));
        if (kn) {
            box->tag = S_tag(lo, TAG_P);
            text_draw(&kicker, box, 0, 0, lo->width, 0);
        }
        box->tag = S_tag(lo, TAG_H1);
        lo->heading = 1;
        text_draw(&title, box, 0, kh, lo->width, 0);
        vpenalty(lo, V_FORBID);
        vspace_fixed(lo, GAP_AFTER_H + 4);
    }
    text_free(&kicker);
    text_free(&title);
    return at;
}

/* The plain text of a node with its whitespace collapsed, malloc'ed. */
static char *plain_text(const xmlNode *node)
{
    char *s = doc_text(node), *out = s;
    int space = 1; /* drops leading whitespace */
    for (const char *p = s; *p; p++) {
        int ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (ws && !space)
            *out++ = ' ';
        else if (!ws)
            *out++ = *p;
        space = ws;
    }
    if (out > s && out[-1] == ' ')
        out--;
    *out = '\0';
    return s;
}

static void layout_section(struct layout *lo, const xmlNode *sec)
{
    const char *opener = doc_attr(sec, "opener");
    lo->sections = xrealloc(lo->sections, (lo->section_count + 1) * sizeof *lo->sections);
    struct layout_section *s = &lo->sections[lo->section_count];
    s->title = plain_text(doc_child(sec, DOC_TITLE));
    s->id = doc_attr(sec, "id");
    lo->section = (int)lo->section_count++;
    int page = !opener || strcmp(opener, "inline") != 0;
    lo->columns = 1; /* the opener spans the page */
    lo->container = tagging_new(lo->env.tags, TAG_SECT, TAG_ROOT);
    s->first_item = section_opener(lo, sec, page);
    const char *columns = doc_attr(sec, "columns");
    lo->columns = !columns ? lo->theme->columns : strcmp(columns, "2") == 0 ? 2 : 1;
    if (s->id) {
        lo->anchors = xrealloc(lo->anchors, (lo->anchor_count + 1) * sizeof *lo->anchors);
        lo->anchors[lo->anchor_count++] =
            (struct layout_anchor){s->id, s->first_item, 1, xstrdup(s->title)};
    }
    for (const xmlNode *b = doc_first(sec); b; b = doc_next(b))
        section_block(lo, b);
    lo->columns = 1;
    lo->container = lo->env.tags ? TAG_ROOT : 0;
}

/* The left edge of full pages (cover, back cover): centred between the
 * mirrored margins, whatever side the page falls on. */
static double sheet_x(const struct layout *lo)
{
    return (lo->inner + lo->outer) / 2;
}

static double draw_abs(struct layout *lo, struct vitem *box, const xmlNode *node,
                       const struct text_style *st, double x, double y, double width)
{
    struct text_block tb;
    if (!node)
        return 0;
    text_for(lo, &tb, node, st, width);
    size_t from = box->count;
    double h = text_draw(&tb, box, x, y, width, 0);
    mark_absolute(box, from);
    text_free(&tb);
    return h;
}

/* A cover's text from y down, its title in `tst`, drawn into `box` or
 * only measured when box is NULL; returns the y below it. */
typedef double stack_fn(struct layout *lo, struct vitem *box, const xmlNode *node,
                        const struct text_style *tst, double y);

/* Steps the title's size down a point at a time, to `min_size`, while the
 * stack is taller than `room`; returns the stack's height. */
static double fit_stack(struct layout *lo, stack_fn *stack, const xmlNode *node,
                        struct text_style *tst, double min_size, double room)
{
    double need = stack(lo, NULL, node, tst, 0);
    while (need > room && tst->size > min_size) {
        tst->size = fmax(min_size, tst->size - 1);
        need = stack(lo, NULL, node, tst, 0);
    }
    return need;
}

/* The cover's kicker, title, subtitle and period from y down, the title in
 * `tst`; drawn into `box`, or only measured when box is NULL. Returns the
 * y below them. */
static double cover_stack(struct layout *lo, struct vitem *box, const xmlNode *cover,
                          const struct text_style *tst, double y)
{
    unsigned light = mix(lo->paper, lo->primary, 0.12);
    double x = sheet_x(lo), w = lo->width;
    struct text_style kst = kicker_style(lo, light);
    kst.size *= 1.25;
    struct text_style sst = layout_style(lo, "lead", light);
    sst.size *= 1.15;
    const xmlNode *parts[] = {doc_child(cover, DOC_KICKER), doc_child(cover, DOC_TITLE),
                              doc_child(cover, DOC_SUBTITLE)};
    const struct text_style *styles[] = {&kst, tst, &sst};
    const enum tag_type types[] = {TAG_P, TAG_H1, TAG_P};
    const double widths[] = {w, w * 0.9, w * 0.8}, gaps[] = {12, 16, 26};
    for (int i = 0; i < 3; i++) {
        if (box && parts[i])
            box->tag = S_tag(lo, types[i]);
        y += (box ? draw_abs(lo, box, parts[i], styles[i], x, y, widths[i])
                  : height_of(lo, parts[i], styles[i], widths[i])) +
             gaps[i];
    }
    const xmlNode *period = doc_child(cover, DOC_PERIOD);
    if (period) {
        struct text_style pst = face_style(lo, "h3", lo->paper, FACE_BOLD);
        struct text_block tb;
        text_for(lo, &tb, period, &pst, w - 28);
        double ph = text_height(&tb) + 10, pw = text_width(&tb) + 28;
        if (box) {
            size_t from = box->count;
            box_rect(box, x, y, pw, ph, lo->accent, fmin(ph / 2, 14));
            box->tag = S_tag(lo, TAG_P);
            text_draw(&tb, box, x + 14, y + 5, w, 0);
            mark_absolute(box, from);
        }
        y += ph;
        text_free(&tb);
    }
    return y;
}

/* A masthead: the cover as a band across the head of the first page, the
 * publisher above its rule, and the body following below it on the same
 * page (a bulletin's first page). Its title steps down like the cover's,
 * to keep the band within the top three fifths of the page. */
static void layout_band(struct layout *lo, const xmlNode *cover)
{
    double x = sheet_x(lo), w = lo->width;
    vpage(lo, PAGE_COVER);
    lo->container = tagging_new(lo->env.tags, TAG_SECT, TAG_ROOT);
    struct text_style ust = layout_style(lo, "small", mix(lo->paper, lo->primary, 0.12));
    struct text_block pb;
    const xmlNode *pub = doc_child(cover, DOC_PUBLISHER);
    double y = lo->top * 0.55;
    if (pub) {
        text_for(lo, &pb, pub, &ust, w);
        y += text_height(&pb) + 14;
    }
    y += 22; /* the accent rule */
    struct text_style tst = face_style(lo, "cover-title", lo->paper, FACE_BOLD);
    const struct theme_style *ts = theme_style(lo->theme, "cover-title");
    double room = lo->page_h * 0.6 - y;
    double need = fit_stack(lo, cover_stack, cover, &tst, ts->min_size, room);
    if (need > room)
        diag_add_at(lo->env.diags, DIAG_ERROR, doc_src(cover),
                    "the masthead's text takes %.0f pt with the title at its smallest (%.0f pt), "
                    "but the masthead has room for %.0f pt: shorten the title, subtitle or kicker",
                    need, ts->min_size, room);
    double bottom = y + need + 30;
    struct vitem *box = vbox(lo, bottom - lo->top);
    box_rect(box, 0, 0, lo->page_w, bottom, lo->primary, 0);
    box_dot(box, lo->page_w - 30, bottom * 0.35, bottom * 0.55, mix(lo->primary, lo->paper, 0.06));
    mark_absolute(box, 0);
    if (pub) {
        size_t from = box->count;
        box->tag = S_tag(lo, TAG_P);
        text_draw(&pb, box, x, lo->top * 0.55, w, 0);
        mark_absolute(box, from);
        text_free(&pb);
    }
    box_rect(box, x, y - 22, 44, 5, lo->accent, 0);
    mark_absolute(box, box->count - 1);
    cover_stack(lo, box, cover, &tst, y);
    lo->container = lo->env.tags ? TAG_ROOT : 0;
    vpenalty(lo, V_FORBID); /* the band keeps with what follows */
    vspace_fixed(lo, 28);
}

/* The cover: its title steps down in size, to the theme's min-size, until
 * everything fits above the publisher's line; past that the cover is an
 * error, since a cover cannot continue on another page. */
static void layout_cover(struct layout *lo, const xmlNode *cover)
{
    const char *layout = doc_attr(cover, "layout");
    if (layout && strcmp(layout, "band") == 0) {
        layout_band(lo, cover);
        return;
    }
    double x = sheet_x(lo), w = lo->width;
    vpage(lo, PAGE_COVER);
    lo->pen = 0;
    lo->container = tagging_new(lo->env.tags, TAG_SECT, TAG_ROOT);
    struct vitem *box = vbox(lo, 0);
    box_rect(box, 0, 0, lo->page_w, lo->page_h, lo->primary, 0);
    box_dot(box, lo->page_w - 30, 120, 210, mix(lo->primary, lo->paper, 0.06));
    box_dot(box, lo->page_w - 30, 120, 120, mix(lo->primary, lo->paper, 0.10));
    box_dot(box, 40, lo->page_h - 40, 90, mix(lo->primary, lo->paper, 0.05));
    mark_absolute(box, 0);

    double limit = lo->page_h - lo->bottom; /* above the publisher's line, when there is one */
    const xmlNode *pub = doc_child(cover, DOC_PUBLISHER);
    struct text_style ust = layout_style(lo, "small", mix(lo->paper, lo->primary, 0.12));
    ust.size *= 1.1;
    struct text_block pb;
    if (pub) {
        text_for(lo, &pb, pub, &ust, w);
        limit -= text_height(&pb) + 12 + 14;
    }
    /* the stack starts a third down the page, higher when it is long */
    struct text_style tst = face_style(lo, "cover-title", lo->paper, FACE_BOLD);
    const struct theme_style *ts = theme_style(lo->theme, "cover-title");
    double top = lo->top + 22; /* below the accent rule */
    double need = fit_stack(lo, cover_stack, cover, &tst, ts->min_size, limit - top);
    if (need > limit - top)
        diag_add_at(lo->env.diags, DIAG_ERROR, doc_src(cover),
                    "the cover's text takes %.0f pt with the title at its smallest (%.0f pt), "
                    "but the cover has room for %.0f pt: shorten the title, subtitle or kicker",
                    need, ts->min_size, limit - top);
    double y = fmax(top, fmin(lo->page_h * 0.34 + 22, limit - need));
    box_rect(box, x, y - 22, 44, 5, lo->accent, 0);
    mark_absolute(box, box->count - 1);
    cover_stack(lo, box, cover, &tst, y);
    if (pub) {
        double py = lo->page_h - lo->bottom - text_height(&pb);
        size_t from = box->count;
        box_line(box, x, py - 12, x + w, py - 12, mix(lo->primary, lo->paper, 0.35), 0.6);
        box->tag = S_tag(lo, TAG_P);
        text_draw(&pb, box, x, py, w, 0);
        mark_absolute(box, from);
        text_free(&pb);
    }
    lo->container = lo->env.tags ? TAG_ROOT : 0;
    vpage(lo, PAGE_BODY); /* the cover is a page of its own, whatever follows */
}

/* The back cover's title and paragraphs from y down, drawn into `box`
 * (measured only when it is NULL); returns the y below them. */
static double backcover_stack(struct layout *lo, struct vitem *box, const xmlNode *back,
                              const struct text_style *tst, double y)
{
    double x = sheet_x(lo), w = lo->width;
    const xmlNode *title = doc_child(back, DOC_TITLE);
    if (box && title)
        box->tag = S_tag(lo, TAG_H1);
    y += (box ? draw_abs(lo, box, title, tst, x, y, w) : height_of(lo, title, tst, w)) + 18;
    struct text_style pst = layout_style(lo, "lead", mix(lo->paper, lo->primary, 0.12));
    for (const xmlNode *p = doc_first(back); p; p = doc_next(p))
        if (doc_type(p) == DOC_P) {
            if (box)
                box->tag = S_tag(lo, TAG_P);
            y += (box ? draw_abs(lo, box, p, &pst, x, y, w) : height_of(lo, p, &pst, w)) + 8;
        }
    return y;
}

/* The back cover: its text rises from 0.42 of the page when it is long,
 * then its title steps down to the theme's min-size; past that it is an
 * error. */
static void layout_backcover(struct layout *lo, const xmlNode *back)
{
    double x = sheet_x(lo), w = lo->width;
    lo->section = -1;
    vpage(lo, PAGE_BACK);
    lo->pen = 0;
    lo->container = tagging_new(lo->env.tags, TAG_SECT, TAG_ROOT);
    struct vitem *box = vbox(lo, 0);
    box_rect(box, 0, 0, lo->page_w, lo->page_h, lo->primary, 0);
    box_dot(box, 30, lo->page_h * 0.2, 150, mix(lo->primary, lo->paper, 0.06));
    mark_absolute(box, 0);
    /* A closing line: set on one line when it can be, down to 3/4 size. */
    struct text_style tst = face_style(lo, "cover-title", lo->paper, FACE_BOLD);
    const xmlNode *title = doc_child(back, DOC_TITLE);
    if (title) {
        struct text_block tb;
        text_for(lo, &tb, title, &tst, 1e9);
        double natural = text_width(&tb);
        text_free(&tb);
        if (natural > w && natural * 0.75 <= w)
            tst.size *= w / natural * 0.995; /* a hair under, against rounding */
        else if (natural > w)
            tst.size *= 0.75;
    }
    const struct theme_style *ts = theme_style(lo->theme, "cover-title");
    double top = lo->top + 24, limit = lo->page_h - lo->bottom;
    double need = fit_stack(lo, backcover_stack, back, &tst, ts->min_size, limit - top);
    if (need > limit - top)
        diag_add_at(lo->env.diags, DIAG_ERROR, doc_src(back),
                    "the back cover's text takes %.0f pt, but the back cover has room for "
                    "%.0f pt: shorten it",
                    need, limit - top);
    double y = fmax(top, fmin(lo->page_h * 0.42 + 24, limit - need));
    box_rect(box, x, y - 24, 44, 5, lo->accent, 0);
    mark_absolute(box, box->count - 1);
    backcover_stack(lo, box, back, &tst, y);
    lo->container = lo->env.tags ? TAG_ROOT : 0;
}

static void layout_contents(struct layout *lo, const xmlNode *contents)
{
    struct text_style hst = face_style(lo, "h1", lo->primary, FACE_BOLD);
    struct text_block tb;
    vpage(lo, PAGE_BODY);
    text_init(&tb, &lo->env, &hst, doc_src(contents));
    text_add_string(&tb, doc_attr(contents, "title"), &hst);
    text_break(&tb, lo->width);
    lo->pen = S_tag(lo, TAG_H1);
    struct vitem *box = vbox(lo, 16 + text_height(&tb));
    box_rect(box, 0, 0, 36, 4, lo->accent, 0);
    text_draw(&tb, box, 0, 16, lo->width, 0);
    int toc = S_tag(lo, TAG_TOC);
    text_free(&tb);
    vpenalty(lo, V_FORBID);
    vspace_fixed(lo, 22);
    for (const xmlNode *e = doc_first(contents); e; e = doc_next(e)) {
        if (doc_type(e) != DOC_ENTRY)
            continue;
        const char *level_attr = doc_attr(e, "level");
        int level = level_attr ? atoi(level_attr) : 1, sub = level > 1;
        struct text_style st =
            sub ? layout_style(lo, "body", lo->muted) : face_style(lo, "body", lo->ink, FACE_BOLD);
        st.justify = st.hyphenate = 0;
        double indent = sub ? 16 * (level - 1) : 0, numw = 36;
        text_for(lo, &tb, e, &st, lo->measure - indent - numw);
        vspace(lo, sub ? 2 : 8);
        /* an entry: its text, page number and link annotation are one Link */
        lo->pen = tagging_new(lo->env.tags, TAG_LINK, tagging_new(lo->env.tags, TAG_TOCI, toc));
        box = vbox(lo, text_height(&tb));
        text_draw(&tb, box, indent, 0, lo->measure, 0);
        if (tb.line_count > 0) {
            struct prim *p = vitem_prim(box, PRIM_PAGEREF);
            size_t last = tb.line_count - 1;
            p->x = indent + tb.lines[last].width + 6;
            p->w = lo->measure - p->x;
            p->y = (double)last * tb.line_height + (tb.line_height - tb.ascent - tb.descent) / 2 +
                   tb.ascent;
            p->face = font_set_face(lo->env.fonts, st.font, st.face);
            p->size = st.size;
            p->rgb = lo->primary;
            p->text = xstrdup(doc_attr(e, "target") ? doc_attr(e, "target") : "");
            struct prim *link = vitem_prim(box, PRIM_LINK);
            link->x = indent;
            link->w = lo->measure - indent;
            link->h = text_height(&tb);
            link->text = xasprintf("#%s", p->text);
        }
        text_free(&tb);
    }
}

int layout_document(struct layout *lo, const xmlDoc *doc)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    lo->section = -1;
    if (doc_type(root) != DOC_DOCUMENT) {
        diag_add(lo->env.diags, DIAG_ERROR, NULL, 0, "the PDF writer needs a <document> tree");
        return -1;
    }
    const xmlNode *info = doc_child(root, DOC_INFO);
    const char *st = info ? doc_attr(info, "short-title") : NULL;
    lo->short_title = xstrdup(st ? st : "");
    lo->container = lo->env.tags ? TAG_ROOT : 0;
    for (const xmlNode *n = doc_first(root); n; n = doc_next(n)) {
        lo->src = doc_src(n);
        switch (doc_type(n)) {
        case DOC_COVER:
            layout_cover(lo, n);
            break;
        case DOC_CONTENTS:
            layout_contents(lo, n);
            break;
        case DOC_SECTION:
            layout_section(lo, n);
            break;
        case DOC_BACKCOVER:
            layout_backcover(lo, n);
            break;
        default:
            break;
        }
    }
    return 0;
}

void layout_free(struct layout *lo)
{
    vlist_free(&lo->vl);
    vlist_free(&lo->notes);
    for (size_t i = 0; i < lo->section_count; i++)
        free(lo->sections[i].title);
    free(lo->sections);
    for (size_t i = 0; i < lo->anchor_count; i++)
        free(lo->anchors[i].title);
    free(lo->anchors);
    lo->anchors = NULL;
    lo->anchor_count = 0;
    free(lo->short_title);
    lo->sections = NULL;
    lo->short_title = NULL;
    lo->section_count = 0;
}
