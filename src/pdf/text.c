#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "linebreak.h"
#include "text.h"
#include "util.h"

enum atom_kind {
    ATOM_TEXT,  /* a piece of a word, in one run style */
    ATOM_SPACE, /* an inter-word space */
    ATOM_BREAK, /* <br/>: a forced line break */
    ATOM_SOFT,  /* a break allowed inside a word (after a hyphen or slash, or anywhere in a word
                   too wide for the line) */
};

struct run {
    struct font_face *face;
    double size, charspace;
    unsigned rgb;
    const char *href;    /* borrowed from the tree */
    int internal;        /* href is an anchor of the document (a cross-reference) */
    double rise;         /* above the baseline: a footnote call */
    const xmlNode *note; /* the footnote this run calls */
    int missing, underline, upper;
};

struct text_atom {
    enum atom_kind kind;
    struct run run;
    char *text; /* ATOM_TEXT, owned */
    double width;
};

static int run_same(const struct run *a, const struct run *b)
{
    return a->face == b->face && a->size == b->size && a->charspace == b->charspace &&
           a->rgb == b->rgb && a->href == b->href && a->missing == b->missing &&
           a->underline == b->underline && a->rise == b->rise && a->note == b->note;
}

void text_init(struct text_block *tb, struct text_env *env, const struct text_style *style,
               const char *src)
{
    memset(tb, 0, sizeof *tb);
    tb->env = env;
    tb->src = src;
    tb->size = style->size;
    tb->line_height = style->size * style->leading;
    tb->ascent = 0.9 * style->size;
    tb->descent = 0.25 * style->size;
    struct font_face *face = font_set_face(env->fonts, style->font, style->face);
    HPDF_Font font = face ? font_face_font(env->fonts, face) : NULL;
    if (font) {
        tb->ascent = HPDF_Font_GetAscent(font) * style->size / 1000.0;
        tb->descent = -HPDF_Font_GetDescent(font) * style->size / 1000.0;
    }
}

void text_free(struct text_block *tb)
{
    for (size_t i = 0; i < tb->count; i++)
        free(tb->atoms[i].text);
    free(tb->atoms);
    free(tb->lines);
    free(tb->reported);
    memset(tb, 0, sizeof *tb);
}

static struct text_atom *add_atom(struct text_block *tb, enum atom_kind kind, const struct run *run)
{
    if (tb->count == tb->cap) {
        tb->cap = tb->cap ? tb->cap * 2 : 32;
        tb->atoms = xrealloc(tb->atoms, tb->cap * sizeof *tb->atoms);
    }
    struct text_atom *a = &tb->atoms[tb->count++];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->run = *run;
    return a;
}

static size_t utf8_put(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Capitals for the Latin letters of the languages we publish in. */
static uint32_t to_upper(uint32_t c)
{
    if (c >= 'a' && c <= 'z')
        return c - 32;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        return c - 32;
    if (c == 0xFF)
        return 0x178;
    if (c >= 0x100 && c <= 0x137 && (c & 1))
        return c - 1;
    if (c >= 0x14A && c <= 0x177 && (c & 1))
        return c - 1;
    if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && !(c & 1))
        return c - 1;
    return c;
}

static void report_missing(struct text_block *tb, const struct font_face *face, uint32_t cp)
{
    for (size_t i = 0; i < tb->reported_count; i++)
        if (tb->reported[i] == cp)
            return;
    tb->reported = xrealloc(tb->reported, (tb->reported_count + 1) * sizeof *tb->reported);
    tb->reported[tb->reported_count++] = cp;

    char ch[5] = {0};
    utf8_put(ch, cp);
    const char *base = strrchr(face->path, '/');
    base = base ? base + 1 : face->path;
    char *file = NULL;
    long line = 0;
    if (tb->src) {
        const char *colon = strrchr(tb->src, ':');
        char *end = NULL;
        if (colon && colon[1])
            line = strtol(colon + 1, &end, 10);
        if (colon && end && *end == '\0' && line > 0) {
            file = xstrndup(tb->src, (size_t)(colon - tb->src));
        } else {
            file = xstrdup(tb->src);
            line = 0;
        }
    }
    diag_add(tb->env->diags, DIAG_ERROR, file, line,
             "character U+%04X '%s' is not in the font %s (%s)", (unsigned)cp,
             cp >= 0x20 ? ch : "?", face->family, base);
    free(file);
}

/* Width of one code point in a run. */
static double cp_width(struct text_block *tb, const struct run *run, uint32_t cp)
{
    return font_face_advance(tb->env->fonts, run->face, cp) * run->size / 1000.0 + run->charspace;
}

static void flush_word(struct text_block *tb, const struct run *run, struct buf *word,
                       double *width)
{
    if (word->len == 0)
        return;
    struct text_atom *a = add_atom(tb, ATOM_TEXT, run);
    a->text = xstrndup(word->data, word->len);
    a->width = *width;
    word->len = 0;
    word->data[0] = '\0';
    *width = 0;
}

static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void add_chars(struct text_block *tb, const char *s, const struct run *run)
{
    struct buf word = {0};
    double width = 0;
    size_t piece = 0; /* code points in the current piece */
    int soft_after = 0;
    if (!run->face)
        return;
    while (*s) {
        uint32_t c = font_utf8_next(&s);
        if (is_space(c)) {
            flush_word(tb, run, &word, &width);
            piece = 0;
            soft_after = 0;
            if (tb->count > 0 && tb->atoms[tb->count - 1].kind != ATOM_SPACE &&
                tb->atoms[tb->count - 1].kind != ATOM_BREAK) {
                struct text_atom *a = add_atom(tb, ATOM_SPACE, run);
                a->width = cp_width(tb, run, ' ');
            }
            continue;
        }
        if (soft_after && c != '/') {
            flush_word(tb, run, &word, &width);
            add_atom(tb, ATOM_SOFT, run);
            piece = 0;
        }
        soft_after = 0;
        if (run->upper)
            c = to_upper(c);
        if (font_face_has(tb->env->fonts, run->face, c) == 0)
            report_missing(tb, run->face, c);
        char enc[4];
        buf_put(&word, enc, utf8_put(enc, c));
        width += cp_width(tb, run, c);
        piece++;
        if ((c == '-' || c == '/' || c == 0x2013) && piece >= 3)
            soft_after = 1;
    }
    flush_word(tb, run, &word, &width);
    buf_free(&word);
}

static void run_from_style(struct text_block *tb, const struct text_style *st, struct run *run)
{
    memset(run, 0, sizeof *run);
    run->face = font_set_face(tb->env->fonts, st->font, st->face);
    run->size = tb->size;
    run->charspace = st->charspace;
    run->rgb = st->rgb;
    run->upper = st->upper;
    run->href = st->href;
    run->underline = st->href != NULL;
}

static void add_children(struct text_block *tb, const xmlNode *node, const struct text_style *st,
                         const struct run *base)
{
    for (const xmlNode *c = node->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            add_chars(tb, (const char *)c->content, base);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        struct text_style sub = *st;
        struct run run = *base;
        switch (doc_type(c)) {
        case DOC_B:
            sub.face = (enum theme_face)(sub.face | FACE_BOLD);
            break;
        case DOC_I:
            sub.face = (enum theme_face)(sub.face | FACE_ITALIC);
            break;
        case DOC_A:
            run.href = doc_attr(c, "href");
            run.rgb = tb->env->link_rgb;
            run.underline = 1;
            break;
        case DOC_MISSING:
            run.missing = 1;
            break;
        case DOC_NOTE: {
            /* the call: its number, small and raised; the note's text goes
             * to the foot of the page */
            const char *n = doc_attr(c, "n");
            run.size = base->size * 0.62;
            run.rise = base->size * 0.36;
            run.note = c;
            run.face = font_set_face(tb->env->fonts, sub.font, sub.face);
            if (run.face)
                add_chars(tb, n ? n : "*", &run);
            continue;
        }
        case DOC_XREF:
            run.href = doc_attr(c, "target");
            run.internal = 1;
            run.rgb = tb->env->link_rgb;
            break;
        case DOC_BR:
            add_atom(tb, ATOM_BREAK, &run);
            continue;
        default:
            break;
        }
        run.face = font_set_face(tb->env->fonts, sub.font, sub.face);
        if (run.face)
            add_children(tb, c, &sub, &run);
    }
}

void text_add_inline(struct text_block *tb, const xmlNode *node, const struct text_style *style)
{
    struct run run;
    run_from_style(tb, style, &run);
    if (node && run.face)
        add_children(tb, node, style, &run);
}

void text_add_string(struct text_block *tb, const char *s, const struct text_style *style)
{
    struct run run;
    run_from_style(tb, style, &run);
    if (s)
        add_chars(tb, s, &run);
}

/* Splits the words wider than `width` into single characters with a break
 * allowed between any two. */
static void split_wide_words(struct text_block *tb, double width)
{
    struct text_block out = *tb;
    out.atoms = NULL;
    out.count = out.cap = 0;
    for (size_t i = 0; i < tb->count;) {
        if (tb->atoms[i].kind != ATOM_TEXT) {
            *add_atom(&out, tb->atoms[i].kind, &tb->atoms[i].run) = tb->atoms[i];
            i++;
            continue;
        }
        size_t j = i;
        double w = 0;
        for (; j < tb->count && tb->atoms[j].kind == ATOM_TEXT; j++)
            w += tb->atoms[j].width;
        for (size_t k = i; k < j; k++) {
            struct text_atom *a = &tb->atoms[k];
            if (w <= width) {
                *add_atom(&out, ATOM_TEXT, &a->run) = *a;
                continue;
            }
            for (const char *s = a->text; *s;) {
                const char *start = s;
                uint32_t c = font_utf8_next(&s);
                if (k > i || start > a->text)
                    add_atom(&out, ATOM_SOFT, &a->run);
                struct text_atom *piece = add_atom(&out, ATOM_TEXT, &a->run);
                piece->text = xstrndup(start, (size_t)(s - start));
                piece->width = cp_width(tb, &a->run, c);
            }
            free(a->text);
        }
        i = j;
    }
    free(tb->atoms);
    tb->atoms = out.atoms;
    tb->count = out.count;
    tb->cap = out.cap;
}

size_t text_break(struct text_block *tb, double width)
{
    split_wide_words(tb, width);
    struct linebreak_item *items = xcalloc(tb->count ? tb->count : 1, sizeof *items);
    for (size_t i = 0; i < tb->count; i++) {
        const struct text_atom *a = &tb->atoms[i];
        switch (a->kind) {
        case ATOM_TEXT:
            items[i].kind = LINEBREAK_BOX;
            items[i].width = a->width;
            break;
        case ATOM_SPACE:
            items[i].kind = LINEBREAK_GLUE;
            items[i].width = a->width;
            items[i].stretch = a->width / 2;
            break;
        case ATOM_BREAK:
            items[i].kind = LINEBREAK_PENALTY;
            items[i].penalty = LINEBREAK_FORCE;
            break;
        case ATOM_SOFT:
            items[i].kind = LINEBREAK_PENALTY;
            items[i].penalty = 0;
            break;
        }
    }
    size_t *breaks;
    size_t n = linebreak_first_fit(items, tb->count, &width, 1, &breaks);
    free(tb->lines);
    tb->lines = xcalloc(n ? n : 1, sizeof *tb->lines);
    tb->line_count = n;
    size_t start = linebreak_line_start(items, tb->count, 0);
    for (size_t k = 0; k < n; k++) {
        size_t end = breaks[k];
        while (end > start && tb->atoms[end - 1].kind != ATOM_TEXT)
            end--;
        tb->lines[k].first = start;
        tb->lines[k].end = end;
        for (size_t i = start; i < end; i++)
            tb->lines[k].width += tb->atoms[i].kind == ATOM_SOFT ? 0 : tb->atoms[i].width;
        start = linebreak_line_start(items, tb->count, breaks[k] + 1);
    }
    free(breaks);
    free(items);
    return n;
}

double text_width(const struct text_block *tb)
{
    double w = 0;
    for (size_t i = 0; i < tb->line_count; i++)
        if (tb->lines[i].width > w)
            w = tb->lines[i].width;
    return w;
}

size_t text_line_notes(const struct text_block *tb, size_t i, const xmlNode **out, size_t max)
{
    size_t n = 0;
    const xmlNode *last = NULL;
    for (size_t k = tb->lines[i].first; k < tb->lines[i].end; k++) {
        const xmlNode *note = tb->atoms[k].run.note;
        if (!note || note == last)
            continue;
        if (n < max)
            out[n] = note;
        n++;
        last = note;
    }
    return n;
}

double text_height(const struct text_block *tb)
{
    return (double)tb->line_count * tb->line_height;
}

static void draw_fragment(struct vitem *box, const struct run *run, const char *text, double x,
                          double baseline, double width, double size)
{
    if (run->missing) {
        box_rect(box, x - 1.5, baseline - 0.95 * size, width + 3, 1.25 * size, 0xFFF1B8, 1.5);
        box_line(box, x - 1.5, baseline + 0.3 * size, x + width + 1.5, baseline + 0.3 * size,
                 0xD9534F, 0.6);
    }
    struct prim *p = vitem_prim(box, PRIM_TEXT);
    p->x = x;
    p->y = baseline - run->rise;
    p->w = width;
    p->face = run->face;
    p->size = run->size;
    p->charspace = run->charspace;
    p->rgb = run->rgb;
    p->text = xstrdup(text);
    if (run->underline)
        box_line(box, x, baseline + 0.14 * size, x + width, baseline + 0.14 * size, run->rgb, 0.6);
    if (run->href) {
        struct prim *l = vitem_prim(box, PRIM_LINK);
        l->x = x;
        l->y = baseline - 0.95 * size;
        l->w = width;
        l->h = 1.25 * size;
        l->text = run->internal ? xasprintf("#%s", run->href) : xstrdup(run->href);
    }
}

void text_draw_line(const struct text_block *tb, size_t i, struct vitem *box, double x, double y)
{
    const struct text_line *line = &tb->lines[i];
    double baseline = y + (tb->line_height - (tb->ascent + tb->descent)) / 2 + tb->ascent;
    struct buf frag = {0};
    const struct run *cur = NULL;
    double frag_x = x, pos = x;

    for (size_t k = line->first; k < line->end; k++) {
        const struct text_atom *a = &tb->atoms[k];
        if (a->kind == ATOM_TEXT) {
            if (!cur || !run_same(cur, &a->run)) {
                if (cur)
                    draw_fragment(box, cur, frag.data, frag_x, baseline, pos - frag_x, tb->size);
                frag.len = 0;
                cur = &a->run;
                frag_x = pos;
            }
            buf_puts(&frag, a->text);
            pos += a->width;
        } else if (a->kind == ATOM_SPACE) {
            const struct text_atom *next = k + 1 < line->end ? &tb->atoms[k + 1] : NULL;
            if (cur && next && next->kind == ATOM_TEXT && run_same(cur, &next->run) &&
                run_same(cur, &a->run)) {
                buf_puts(&frag, " ");
            } else if (cur) {
                draw_fragment(box, cur, frag.data, frag_x, baseline, pos - frag_x, tb->size);
                frag.len = 0;
                cur = NULL;
            }
            pos += a->width;
            if (!cur)
                frag_x = pos;
        }
    }
    if (cur)
        draw_fragment(box, cur, frag.data, frag_x, baseline, pos - frag_x, tb->size);
    buf_free(&frag);
}

double text_draw(const struct text_block *tb, struct vitem *box, double x, double y, double width,
                 int align)
{
    for (size_t i = 0; i < tb->line_count; i++) {
        double off = 0;
        if (align == 1)
            off = (width - tb->lines[i].width) / 2;
        else if (align == 2)
            off = width - tb->lines[i].width;
        text_draw_line(tb, i, box, x + off, y + (double)i * tb->line_height);
    }
    return text_height(tb);
}
