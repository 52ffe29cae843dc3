#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "linebreak.h"
#include "tagging.h"
#include "text.h"
#include "util.h"

enum atom_kind {
    ATOM_TEXT,  /* a piece of a word, in one run style */
    ATOM_SPACE, /* an inter-word space */
    ATOM_BREAK, /* <br/>: a forced line break */
    ATOM_SOFT,  /* a break allowed inside a word (after a hyphen, dash or slash, or anywhere in a
                   word too wide for the line) */
    ATOM_HYPH,  /* a discretionary hyphen: a break that adds a hyphen (the dictionary's) */
};

struct text_run {
    struct font_face *face;
    const struct theme_font *font; /* the theme font and face it came from, for fallbacks */
    enum theme_face font_face;
    double size, charspace;
    unsigned rgb;
    const char *href;    /* borrowed from the tree */
    int internal;        /* href is an anchor of the document (a cross-reference) */
    double rise;         /* above the baseline: a footnote call */
    const xmlNode *note; /* the footnote this run calls */
    int missing, underline, upper;
    int hyphenate, keep;
    int tag; /* its inline structure element (Link, Reference, Span); 0: its block's */
    /* measured on first use (measuring a glyph marks it used in the font's
     * subset): NAN until then */
    double space_width, hyphen_width;
    /* which code points below 256 the face has, as asked: bit c of known, of has */
    uint64_t known[4], has[4];
};

/* A character of a word as measured: drawn from the same figures. */
struct text_glyph {
    double advance;       /* with letter-spacing, pt */
    double kern;          /* with the character before in its word, pt; see `kerned` */
    uint32_t cp;          /* the code point */
    unsigned char bytes;  /* of its UTF-8 */
    unsigned char kerned; /* kern was measured (not a word's first character) */
};

struct text_atom {
    enum atom_kind kind;
    int flagged;          /* ATOM_SOFT: after a hyphen or dash, so the line ends in one */
    size_t run;           /* index in the block's runs */
    size_t text, len;     /* ATOM_TEXT: its bytes in the block's text */
    size_t glyph, glyphs; /* ATOM_TEXT: its characters in the block's glyphs */
    double width;
    double kern_after; /* ATOM_TEXT: kerning with the next piece of the word, in width */
};

/* Runs that draw alike (and so may share a text drawing and kerning). */
static int run_same(const struct text_run *a, const struct text_run *b)
{
    return a == b || (a->face == b->face && a->size == b->size && a->charspace == b->charspace &&
                      a->rgb == b->rgb && a->href == b->href && a->missing == b->missing &&
                      a->underline == b->underline && a->rise == b->rise && a->note == b->note &&
                      a->tag == b->tag);
}

static int run_equal(const struct text_run *a, const struct text_run *b)
{
    return run_same(a, b) && a->font == b->font && a->font_face == b->font_face &&
           a->internal == b->internal && a->upper == b->upper && a->hyphenate == b->hyphenate &&
           a->keep == b->keep;
}

static const struct text_run *run_of(const struct text_block *tb, const struct text_atom *a)
{
    return &tb->runs[a->run];
}

/* Width of one code point in a run. */
static double cp_width(const struct text_block *tb, const struct text_run *run, uint32_t cp)
{
    return font_face_advance(tb->env->fonts, run->face, cp) * run->size / 1000.0 + run->charspace;
}

/* The kerning between two code points of a run, in points. */
static double kern_pt(const struct text_block *tb, const struct text_run *run, uint32_t a,
                      uint32_t b)
{
    return font_face_kern(tb->env->fonts, run->face, a, b) * run->size / 1000.0;
}

/* The index of `run` in the block's table, added when new. Atoms name
 * their run by index: an atom stays small, and the runs of one text node
 * are one entry. Only the latest entries are searched (a paragraph of a
 * thousand links has a thousand runs); a run entered twice is harmless. */
static size_t run_add(struct text_block *tb, const struct text_run *run)
{
    for (size_t k = tb->run_count, seen = 0; k-- > 0 && seen < 8; seen++)
        if (run_equal(&tb->runs[k], run))
            return k;
    if (tb->run_count == tb->run_cap) {
        tb->run_cap = tb->run_cap ? tb->run_cap * 2 : 4;
        tb->runs = xrealloc(tb->runs, tb->run_cap * sizeof *tb->runs);
    }
    struct text_run *r = &tb->runs[tb->run_count];
    *r = *run;
    r->space_width = r->hyphen_width = NAN;
    memset(r->known, 0, sizeof r->known);
    memset(r->has, 0, sizeof r->has);
    return tb->run_count++;
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
    tb->justify = style->justify;
    struct font_face *face = font_set_face(env->fonts, style->font, style->face);
    if (face && font_face_ready(env->fonts, face)) {
        tb->ascent = font_face_ascent(face) * style->size / 1000.0;
        tb->descent = -font_face_descent(face) * style->size / 1000.0;
    }
}

void text_free(struct text_block *tb)
{
    free(tb->atoms);
    free(tb->runs);
    free(tb->glyphs);
    buf_free(&tb->text);
    free(tb->lines);
    memset(tb, 0, sizeof *tb);
}

static struct text_atom *add_atom(struct text_block *tb, enum atom_kind kind, size_t run)
{
    if (tb->count == tb->cap) {
        tb->cap = tb->cap ? tb->cap * 2 : 32;
        tb->atoms = xrealloc(tb->atoms, tb->cap * sizeof *tb->atoms);
    }
    struct text_atom *a = &tb->atoms[tb->count++];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->run = run;
    return a;
}

static const char *atom_text(const struct text_block *tb, const struct text_atom *a)
{
    return tb->text.data + a->text;
}

/* Width of glyphs [from, from + n) as one piece of a word: its first
 * character's kerning with what went before is not in it. */
static double glyphs_width(const struct text_block *tb, size_t from, size_t n)
{
    const struct text_glyph *g = &tb->glyphs[from];
    double w = 0;
    for (size_t k = 0; k < n; k++) {
        w += g[k].advance;
        if (k > 0 && g[k].kerned)
            w += g[k].kern;
    }
    return w;
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

/* A character the face lacks: an error at the block's content line, once
 * for the document however often the text is measured again. */
static void report_missing(struct text_block *tb, const struct font_face *face, uint32_t cp)
{
    char ch[5] = {0};
    font_utf8_put(ch, cp);
    const char *base = strrchr(face->path, '/');
    base = base ? base + 1 : face->path;
    char *message = xasprintf("character U+%04X '%s' is not in the font %s (%s)", (unsigned)cp,
                              cp >= 0x20 ? ch : "?", face->family, base);
    struct diag_list probe = {0};
    diag_add_at(&probe, DIAG_ERROR, tb->src, "%s", message);
    const struct diag *d = &probe.items[0];
    int known = 0;
    for (size_t i = 0; i < tb->env->diags->count && !known; i++) {
        const struct diag *e = &tb->env->diags->items[i];
        known = e->line == d->line && strcmp(e->message, d->message) == 0 &&
                (e->file && d->file ? strcmp(e->file, d->file) == 0 : e->file == d->file);
    }
    if (!known)
        diag_add(tb->env->diags, DIAG_ERROR, d->file, d->line, "%s", message);
    diag_list_free(&probe);
    free(message);
}

/* font_face_has for a run's face, kept for the Latin-1 letters: a
 * paragraph asks for the same few dozen over and over. */
static int run_has(struct text_block *tb, size_t run, uint32_t c)
{
    struct text_run *r = &tb->runs[run];
    uint64_t bit = (uint64_t)1 << (c & 63);
    if (c < 256 && (r->known[c >> 6] & bit))
        return (r->has[c >> 6] & bit) != 0;
    int has = font_face_has(tb->env->fonts, r->face, c);
    if (c < 256 && has >= 0) {
        r->known[c >> 6] |= bit;
        r->has[c >> 6] |= has ? bit : 0;
    }
    return has;
}

/* A word piece of `len` bytes at `text` (not NUL-terminated, valid UTF-8)
 * as an atom: its characters measured once, for breaking and drawing. */
static void add_word(struct text_block *tb, size_t run, const char *text, size_t len)
{
    if (len == 0)
        return;
    struct text_atom *a = add_atom(tb, ATOM_TEXT, run);
    const struct text_run *r = &tb->runs[run];
    a->text = tb->text.len;
    a->len = len;
    buf_put(&tb->text, text, len);
    a->glyph = tb->glyph_count;
    uint32_t prev = 0;
    for (const char *s = text, *end = text + len; s < end;) {
        const char *at = s;
        uint32_t c = font_utf8_next(&s);
        if (tb->glyph_count == tb->glyph_cap) {
            tb->glyph_cap = tb->glyph_cap ? tb->glyph_cap * 2 : 256;
            tb->glyphs = xrealloc(tb->glyphs, tb->glyph_cap * sizeof *tb->glyphs);
        }
        struct text_glyph *g = &tb->glyphs[tb->glyph_count++];
        g->advance = cp_width(tb, r, c);
        g->kern = prev ? kern_pt(tb, r, prev, c) : 0;
        g->kerned = prev != 0;
        g->cp = c;
        g->bytes = (unsigned char)(s - at);
        a->glyphs++;
        prev = c;
    }
    a->width = glyphs_width(tb, a->glyph, a->glyphs);
}

static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A character the run's face lacks, drawn from the theme font's fallback
 * when that has it: returns 1 then (the character is added). */
static int add_fallback(struct text_block *tb, size_t run, uint32_t c)
{
    const struct text_run *base = &tb->runs[run];
    const struct theme_font *fb = base->font ? base->font->fallback : NULL;
    struct font_face *face = fb ? font_set_face(tb->env->fonts, fb, base->font_face) : NULL;
    if (!face || font_face_has(tb->env->fonts, face, c) != 1)
        return 0;
    struct text_run r = *base;
    r.face = face;
    r.font = fb;
    char enc[4];
    add_word(tb, run_add(tb, &r), enc, font_utf8_put(enc, c));
    return 1;
}

/* The word being read: a span of the source text, or, once a character
 * is changed (capitals), a copy in `buf`. */
struct word {
    const char *start; /* of the span; NULL while the word is in buf */
    size_t len;
    struct buf buf;
};

static void word_flush(struct text_block *tb, size_t run, struct word *w)
{
    add_word(tb, run, w->start ? w->start : w->buf.data, w->start ? w->len : w->buf.len);
    w->start = NULL;
    w->len = w->buf.len = 0;
}

/* Adds code point c, read from the source at [at, at + n), to the word:
 * the span grows while the word is the source's bytes unchanged. */
static void word_add(struct word *w, uint32_t c, const char *at, size_t n)
{
    char enc[4] = {(char)c};
    size_t len = c < 0x80 ? 1 : font_utf8_put(enc, c); /* (ASCII is its own encoding) */
    if (len == n && (len == 1 ? *at == enc[0] : memcmp(enc, at, n) == 0) && w->buf.len == 0 &&
        (!w->start || w->start + w->len == at)) {
        if (!w->start)
            w->start = at;
        w->len += n;
        return;
    }
    if (w->start) { /* the span so far goes into the copy */
        buf_put(&w->buf, w->start, w->len);
        w->start = NULL;
        w->len = 0;
    }
    buf_put(&w->buf, enc, len);
}

/* Room for the atoms, glyphs and bytes of `len` bytes of text at once:
 * no regrowing word by word. Estimates, grown past when wrong. */
static void reserve(struct text_block *tb, size_t len)
{
    if (tb->glyph_cap < tb->glyph_count + len) {
        tb->glyph_cap =
            tb->glyph_count + len > 2 * tb->glyph_cap ? tb->glyph_count + len : 2 * tb->glyph_cap;
        tb->glyphs = xrealloc(tb->glyphs, tb->glyph_cap * sizeof *tb->glyphs);
    }
    size_t atoms = tb->count + len / 3 + 8; /* a word and a space: four bytes or more */
    if (tb->cap < atoms) {
        tb->cap = atoms > 2 * tb->cap ? atoms : 2 * tb->cap;
        tb->atoms = xrealloc(tb->atoms, tb->cap * sizeof *tb->atoms);
    }
    if (tb->text.len + len + 1 > tb->text.cap)
        buf_grow(&tb->text, len);
}

static void add_chars(struct text_block *tb, const char *s, const struct text_run *style)
{
    struct word word = {0};
    size_t piece = 0; /* code points in the current piece */
    int soft_after = 0;
    if (!style->face)
        return;
    size_t run = run_add(tb, style);
    reserve(tb, strlen(s));
    while (*s) {
        const char *at = s;
        uint32_t c = font_utf8_next(&s);
        if (is_space(c)) {
            word_flush(tb, run, &word);
            piece = 0;
            soft_after = 0;
            if (tb->count > 0 && tb->atoms[tb->count - 1].kind != ATOM_SPACE &&
                tb->atoms[tb->count - 1].kind != ATOM_BREAK) {
                struct text_run *sp = &tb->runs[run];
                if (isnan(sp->space_width))
                    sp->space_width = cp_width(tb, sp, ' ');
                add_atom(tb, ATOM_SPACE, run)->width = sp->space_width;
            }
            continue;
        }
        if (soft_after && c != '/') {
            word_flush(tb, run, &word);
            add_atom(tb, ATOM_SOFT, run)->flagged = soft_after == 2;
            piece = 0;
        }
        soft_after = 0;
        const struct text_run *r = &tb->runs[run]; /* (add_fallback may move the table) */
        if (r->upper)
            c = to_upper(c);
        if (run_has(tb, run, c) == 0) {
            word_flush(tb, run, &word);
            if (add_fallback(tb, run, c)) {
                piece++;
                continue;
            }
            report_missing(tb, tb->runs[run].face, c);
        }
        word_add(&word, c, at, (size_t)(s - at));
        piece++;
        /* a break may follow a hyphen or dash (the line then ends in it) or
         * a slash, though not in a name */
        if ((c == '-' || c == '/' || c == 0x2013) && piece >= 3 && !tb->runs[run].keep)
            soft_after = c == '/' ? 1 : 2;
    }
    word_flush(tb, run, &word);
    buf_free(&word.buf);
}

static void run_from_style(struct text_block *tb, const struct text_style *st, struct text_run *run)
{
    memset(run, 0, sizeof *run);
    run->face = font_set_face(tb->env->fonts, st->font, st->face);
    run->font = st->font;
    run->font_face = st->face;
    run->hyphenate = st->hyphenate && !st->keep;
    run->keep = st->keep;
    run->size = tb->size;
    run->charspace = st->charspace;
    run->rgb = st->rgb;
    run->upper = st->upper;
    run->href = st->href;
    run->underline = st->href != NULL;
    if (st->href)
        run->tag = tagging_new(tb->env->tags, TAG_LINK, -1);
}

static void add_children(struct text_block *tb, const xmlNode *node, const struct text_style *st,
                         const struct text_run *base)
{
    for (const xmlNode *c = node->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            add_chars(tb, (const char *)c->content, base);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        struct text_style sub = *st;
        struct text_run run = *base;
        switch (doc_type(c)) {
        case DOC_B:
            sub.face = (enum theme_face)(sub.face | FACE_BOLD);
            break;
        case DOC_I:
            sub.face = (enum theme_face)(sub.face | FACE_ITALIC);
            break;
        case DOC_A: /* URLs and links are never hyphenated */
            run.href = doc_attr(c, "href");
            run.rgb = tb->env->link_rgb;
            run.underline = 1;
            run.hyphenate = 0;
            run.tag = tagging_new(tb->env->tags, TAG_LINK, base->tag ? base->tag : -1);
            break;
        case DOC_KEEP: /* a name: kept whole */
            run.keep = 1;
            run.hyphenate = 0;
            break;
        case DOC_MISSING: /* the other language's text: a span in that language */
            run.missing = 1;
            run.tag = tagging_new(tb->env->tags, TAG_SPAN, base->tag ? base->tag : -1);
            tagging_set_lang(tb->env->tags, run.tag, doc_attr(c, "lang"));
            break;
        case DOC_NOTE: {
            /* the call: its number, small and raised; the note's text goes
             * to the foot of the page */
            const char *n = doc_attr(c, "n");
            run.size = base->size * 0.62;
            run.rise = base->size * 0.36;
            run.note = c;
            run.hyphenate = 0;
            run.tag = tagging_new(tb->env->tags, TAG_REFERENCE, base->tag ? base->tag : -1);
            run.face = font_set_face(tb->env->fonts, sub.font, sub.face);
            if (run.face)
                add_chars(tb, n ? n : "*", &run);
            continue;
        }
        case DOC_XREF:
            run.href = doc_attr(c, "target");
            run.internal = 1;
            run.rgb = tb->env->link_rgb;
            run.hyphenate = 0;
            run.tag = tagging_new(tb->env->tags, TAG_LINK, base->tag ? base->tag : -1);
            break;
        case DOC_BR:
            add_atom(tb, ATOM_BREAK, run_add(tb, &run));
            continue;
        default:
            break;
        }
        run.face = font_set_face(tb->env->fonts, sub.font, sub.face);
        run.font = sub.font;
        run.font_face = sub.face;
        if (run.face)
            add_children(tb, c, &sub, &run);
    }
}

void text_add_inline(struct text_block *tb, const xmlNode *node, const struct text_style *style)
{
    struct text_run run;
    run_from_style(tb, style, &run);
    if (node && run.face)
        add_children(tb, node, style, &run);
}

void text_add_string(struct text_block *tb, const char *s, const struct text_style *style)
{
    struct text_run run;
    run_from_style(tb, style, &run);
    if (s)
        add_chars(tb, s, &run);
}

/* Splits the words wider than `width` into single characters with a break
 * allowed between any two. */
static void split_wide_words(struct text_block *tb, double width)
{
    double run = 0; /* the common case: nothing to split, nothing to copy */
    int wide = 0;
    for (size_t i = 0; i < tb->count && !wide; i++) {
        run = tb->atoms[i].kind == ATOM_TEXT ? run + tb->atoms[i].width : 0;
        /* a piece before a discretionary hyphen must fit with the hyphen */
        wide =
            run + (i + 1 < tb->count && tb->atoms[i + 1].kind == ATOM_HYPH ? tb->atoms[i + 1].width
                                                                           : 0) >
            width;
    }
    if (!wide)
        return;
    struct text_block out = *tb;
    out.atoms = NULL;
    out.count = out.cap = 0;
    for (size_t i = 0; i < tb->count;) {
        if (tb->atoms[i].kind != ATOM_TEXT) {
            *add_atom(&out, tb->atoms[i].kind, tb->atoms[i].run) = tb->atoms[i];
            i++;
            continue;
        }
        size_t j = i;
        double w = 0;
        for (; j < tb->count && tb->atoms[j].kind == ATOM_TEXT; j++)
            w += tb->atoms[j].width;
        if (j < tb->count && tb->atoms[j].kind == ATOM_HYPH)
            w += tb->atoms[j].width;
        for (size_t k = i; k < j; k++) {
            const struct text_atom *a = &tb->atoms[k];
            if (w <= width) {
                *add_atom(&out, ATOM_TEXT, a->run) = *a;
                continue;
            }
            size_t at = a->text;
            for (size_t g = a->glyph; g < a->glyph + a->glyphs; g++) {
                if (k > i || g > a->glyph)
                    add_atom(&out, ATOM_SOFT, a->run);
                struct text_atom *piece = add_atom(&out, ATOM_TEXT, a->run);
                piece->text = at;
                piece->len = tb->glyphs[g].bytes;
                piece->glyph = g;
                piece->glyphs = 1;
                piece->width = tb->glyphs[g].advance;
                at += piece->len;
            }
        }
        i = j;
    }
    free(tb->atoms);
    tb->atoms = out.atoms;
    tb->count = out.count;
    tb->cap = out.cap;
}

/* ---- hyphenation and kerning between pieces -------------------------------- */

static int is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

static int is_capital(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

/* The letters of a word piece without the punctuation around it: glyphs
 * [*from, *to) of it, and their bytes [*bfrom, *bto). Returns 0 unless
 * the piece is letters inside and not an acronym (two capitals or more). */
static int word_core(const struct text_block *tb, const struct text_atom *a, size_t *from,
                     size_t *to, size_t *bfrom, size_t *bto)
{
    const struct text_glyph *g = &tb->glyphs[a->glyph];
    size_t first = a->glyphs, last = 0, capitals = 0, bytes = 0;
    for (size_t k = 0; k < a->glyphs; k++) {
        if (is_letter(g[k].cp)) {
            if (first == a->glyphs) {
                first = k;
                *bfrom = bytes;
            }
            last = k + 1;
            *bto = bytes + g[k].bytes;
        }
        bytes += g[k].bytes;
    }
    if (first >= last)
        return 0;
    for (size_t k = first; k < last; k++) {
        if (!is_letter(g[k].cp))
            return 0;
        capitals += is_capital(g[k].cp);
    }
    *from = first;
    *to = last;
    return capitals < 2;
}

/* Whether the token (the atoms between spaces) around atom i may be
 * hyphenated: none of hyphen_token_ok's digits, '@', '/', inner '.'. */
static int token_ok(const struct text_block *tb, size_t i)
{
    size_t a = i, b = i;
    while (a > 0 && tb->atoms[a - 1].kind != ATOM_SPACE && tb->atoms[a - 1].kind != ATOM_BREAK)
        a--;
    while (b + 1 < tb->count && tb->atoms[b + 1].kind != ATOM_SPACE &&
           tb->atoms[b + 1].kind != ATOM_BREAK)
        b++;
    if (a == b) /* one piece: its bytes are one span already */
        return tb->atoms[a].kind != ATOM_TEXT || run_of(tb, &tb->atoms[a])->note ||
               hyphen_token_ok(atom_text(tb, &tb->atoms[a]), tb->atoms[a].len);
    struct buf token = {0};
    for (size_t k = a; k <= b; k++)
        if (tb->atoms[k].kind == ATOM_TEXT && !run_of(tb, &tb->atoms[k])->note)
            buf_put(&token, atom_text(tb, &tb->atoms[k]), tb->atoms[k].len);
    int ok = token.len == 0 || hyphen_token_ok(token.data, token.len);
    buf_free(&token);
    return ok;
}

/* Splits the hyphenable words at the dictionary's points, with a
 * discretionary hyphen (ATOM_HYPH) between the pieces. */
static void hyphenate(struct text_block *tb)
{
    struct text_block out = *tb;
    out.count = 0;
    /* room for a hyphenation point every other word piece: few regrowths */
    out.cap = tb->count + tb->count / 2 + 8;
    out.atoms = xmalloc(out.cap * sizeof *out.atoms);
    size_t token_checked = (size_t)-1;
    int token_good = 0;
    for (size_t i = 0; i < tb->count; i++) {
        const struct text_atom *a = &tb->atoms[i];
        const struct text_run *run = run_of(tb, a);
        size_t from, to, bfrom = 0, bto = 0, points[32], np = 0;
        if (a->kind == ATOM_SPACE || a->kind == ATOM_BREAK)
            token_checked = (size_t)-1;
        if (a->kind == ATOM_TEXT && run->hyphenate && !run->href && !run->note &&
            word_core(tb, a, &from, &to, &bfrom, &bto)) {
            if (token_checked == (size_t)-1) {
                token_good = token_ok(tb, i);
                token_checked = i;
            }
            if (token_good)
                np =
                    hyphen_points(tb->env->hyph, atom_text(tb, a) + bfrom, bto - bfrom, points, 32);
        }
        if (np == 0) {
            *add_atom(&out, a->kind, a->run) = *a;
            continue;
        }
        /* the pieces: spans of the word's bytes and glyphs */
        size_t prev = 0, g = a->glyph, bytes = 0;
        for (size_t k = 0; k <= np; k++) {
            size_t at = k < np ? bfrom + points[k] : a->len, g0 = g;
            while (bytes < at) /* the points are at characters */
                bytes += tb->glyphs[g++].bytes;
            struct text_atom *piece = add_atom(&out, ATOM_TEXT, a->run);
            piece->text = a->text + prev;
            piece->len = at - prev;
            piece->glyph = g0;
            piece->glyphs = g - g0;
            piece->width = glyphs_width(tb, g0, g - g0);
            if (k < np && isnan(run->hyphen_width))
                tb->runs[a->run].hyphen_width = cp_width(tb, run, '-');
            if (k < np)
                add_atom(&out, ATOM_HYPH, a->run)->width = run->hyphen_width;
            prev = at;
        }
    }
    free(tb->atoms);
    tb->atoms = out.atoms;
    tb->count = out.count;
    tb->cap = out.cap;
}

/* The kerning between the pieces of a word (across possible breaks) goes
 * into the width of the piece before: a line ending there takes it off. */
static void kern_pieces(struct text_block *tb)
{
    for (size_t i = 0; i + 1 < tb->count; i++) {
        struct text_atom *a = &tb->atoms[i];
        if (a->kind != ATOM_TEXT)
            continue;
        size_t j = i + 1;
        while (j < tb->count && (tb->atoms[j].kind == ATOM_SOFT || tb->atoms[j].kind == ATOM_HYPH))
            j++;
        const struct text_atom *next = &tb->atoms[j];
        if (j == tb->count || next->kind != ATOM_TEXT || !run_same(run_of(tb, a), run_of(tb, next)))
            continue;
        const struct text_glyph *first = &tb->glyphs[next->glyph];
        a->width -= a->kern_after; /* again after hyphenation: idempotent */
        /* pieces of one word: their kerning was measured with the word */
        a->kern_after =
            next->glyph == a->glyph + a->glyphs && first->kerned && a->run == next->run
                ? first->kern
                : kern_pt(tb, run_of(tb, a), tb->glyphs[a->glyph + a->glyphs - 1].cp, first->cp);
        a->width += a->kern_after;
    }
}

/* The kerning to take off at a break at atom i (the piece before it). */
static double kern_before(const struct text_block *tb, size_t i)
{
    return i > 0 && tb->atoms[i - 1].kind == ATOM_TEXT ? tb->atoms[i - 1].kern_after : 0;
}

/* ---- breaking --------------------------------------------------------------- */

/* The theme's settings for justified text, or these (a text block
 * without a theme: tests). */
static const struct theme_justify *justify_of(const struct text_block *tb)
{
    static const struct theme_justify defaults = {0.625, 1.0 / 3, 2,     10, 200, 10000,
                                                  5000,  2,       10000, 0,  0};
    return tb->env->justify ? tb->env->justify : &defaults;
}

/* A justified space stretches and shrinks by the theme's shares of its
 * width; a ragged one keeps it. */
static double space_stretch(const struct text_block *tb, const struct text_atom *a)
{
    return tb->justify ? a->width * justify_of(tb)->space_stretch : 0;
}

static double space_shrink(const struct text_block *tb, const struct text_atom *a)
{
    return tb->justify ? a->width * justify_of(tb)->space_shrink : 0;
}

/* Margin protrusion: the share of a glyph's advance that hangs into the
 * right margin at a line's end, or into the left at its start, after
 * pdfTeX's microtype defaults; light marks hang most, so the edge the
 * eye sees is straight. */
static double hang_right_share(uint32_t c)
{
    switch (c) {
    case '.':
    case ',':
    case 0x2019: /* ’ */
    case '\'':
        return 0.7;
    case '-':
    case 0x2010:
    case ':':
    case 0x201D: /* ” */
    case '"':
        return 0.5;
    case ';':
        return 0.3;
    case 0x2013: /* – */
    case ')':
    case 0xBB: /* » */
        return 0.2;
    case 0x2014: /* — */
        return 0.15;
    case '!':
    case '?':
        return 0.1;
    default:
        return 0;
    }
}

static double hang_left_share(uint32_t c)
{
    switch (c) {
    case 0x2018: /* ‘ */
    case '\'':
        return 0.5;
    case 0x201C: /* “ */
    case '"':
        return 0.3;
    case 0xAB: /* « */
    case 0xBF: /* ¿ */
    case 0xA1: /* ¡ */
    case '(':
        return 0.1;
    default:
        return 0;
    }
}

static int protrudes(const struct text_block *tb)
{
    return tb->justify && justify_of(tb)->protrusion;
}

/* How far a line ending at break atom i (a space, a hyphenation point, a
 * break after a hyphen) hangs into the right margin. */
static double hang_right(const struct text_block *tb, size_t i)
{
    if (!protrudes(tb) || i == 0 || i >= tb->count || tb->atoms[i - 1].kind != ATOM_TEXT)
        return 0;
    const struct text_atom *a = &tb->atoms[i - 1];
    const struct text_run *run = run_of(tb, a);
    const struct text_glyph *last = &tb->glyphs[a->glyph + a->glyphs - 1];
    int hyphen = tb->atoms[i].kind == ATOM_HYPH;
    if (run->rise != 0) /* a footnote call stands clear of the text already */
        return 0;
    double share = hang_right_share(hyphen ? '-' : last->cp);
    return share > 0 ? share * (hyphen ? tb->atoms[i].width : last->advance) : 0;
}

/* How far a line starting with text atom i hangs into the left margin. */
static double hang_left(const struct text_block *tb, size_t i)
{
    if (!protrudes(tb) || i >= tb->count || tb->atoms[i].kind != ATOM_TEXT)
        return 0;
    const struct text_glyph *first = &tb->glyphs[tb->atoms[i].glyph];
    double share = hang_left_share(first->cp);
    return share > 0 ? share * first->advance : 0;
}

/* How much a word piece may be set wider or narrower: font expansion. */
static double expansion(const struct text_block *tb, const struct text_atom *a)
{
    return tb->justify ? a->width * justify_of(tb)->expansion : 0;
}

/* Spaces inside a <keep> become ties, unless the kept words are wider
 * than the line together (then they break as any others). */
static void tie_kept(const struct text_block *tb, struct linebreak_item *items, double width)
{
    for (size_t i = 0; i < tb->count;) {
        if (!run_of(tb, &tb->atoms[i])->keep || tb->atoms[i].kind == ATOM_BREAK) {
            i++;
            continue;
        }
        size_t j = i;
        double w = 0;
        for (; j < tb->count && run_of(tb, &tb->atoms[j])->keep && tb->atoms[j].kind != ATOM_BREAK;
             j++)
            w += tb->atoms[j].kind == ATOM_TEXT || tb->atoms[j].kind == ATOM_SPACE
                     ? tb->atoms[j].width
                     : 0;
        for (size_t k = i + 1; w <= width && k + 1 < j; k++)
            if (tb->atoms[k].kind == ATOM_SPACE)
                items[k].penalty = LINEBREAK_FORBID;
        i = j;
    }
}

static struct linebreak_item *break_items(const struct text_block *tb, double width)
{
    struct linebreak_item *items = xmalloc((tb->count ? tb->count : 1) * sizeof *items);
    for (size_t i = 0; i < tb->count; i++) {
        const struct text_atom *a = &tb->atoms[i];
        struct linebreak_item *it = &items[i];
        *it = (struct linebreak_item){0};
        switch (a->kind) {
        case ATOM_TEXT:
            it->kind = LINEBREAK_BOX;
            it->width = a->width;
            it->stretch = it->shrink = expansion(tb, a);
            it->hang = hang_left(tb, i);
            break;
        case ATOM_SPACE:
            it->kind = LINEBREAK_GLUE;
            it->width = a->width;
            it->stretch = space_stretch(tb, a);
            it->shrink = space_shrink(tb, a);
            it->hang = hang_right(tb, i);
            break;
        case ATOM_BREAK:
            it->kind = LINEBREAK_PENALTY;
            it->penalty = LINEBREAK_FORCE;
            break;
        case ATOM_SOFT:
        case ATOM_HYPH:
            it->kind = LINEBREAK_PENALTY;
            it->flagged = a->kind == ATOM_HYPH || a->flagged;
            it->penalty = it->flagged ? justify_of(tb)->hyphen_penalty : 0;
            it->width = (a->kind == ATOM_HYPH ? a->width : 0) - kern_before(tb, i);
            it->hang = hang_right(tb, i);
            break;
        }
    }
    tie_kept(tb, items, width);
    return items;
}

/* Sets line k's width and, for a justified line, the ratio that fills
 * the measure. */
static void set_line(struct text_block *tb, struct text_line *line, size_t brk, double width)
{
    double natural = 0, stretch = 0, shrink = 0, words = 0;
    for (size_t i = line->first; i < line->end; i++) {
        const struct text_atom *a = &tb->atoms[i];
        if (a->kind == ATOM_TEXT || a->kind == ATOM_SPACE)
            natural += a->width;
        if (a->kind == ATOM_TEXT)
            words += a->width;
        if (a->kind == ATOM_SPACE) {
            stretch += space_stretch(tb, a);
            shrink += space_shrink(tb, a);
        }
    }
    if (line->end > line->first) {
        natural -= tb->atoms[line->end - 1].kern_after; /* the word goes on on the next line */
        words -= tb->atoms[line->end - 1].kern_after;
    }
    line->hyphen = brk < tb->count && tb->atoms[brk].kind == ATOM_HYPH;
    if (line->hyphen) {
        natural += tb->atoms[brk].width;
        words += tb->atoms[brk].width;
    }
    /* what hangs into the margins takes no room in the measure */
    line->hang_left = hang_left(tb, line->first);
    double hangs = line->hang_left + (line->last ? 0 : hang_right(tb, brk));
    /* A justified line fills the measure: its words expand (or condense)
     * by the ratio of its spaces, up to 1, as the breaker rated it; the
     * last line keeps its natural spaces unless they must shrink for it to
     * fit. */
    double gap = width + hangs - natural;
    double most = tb->justify ? justify_of(tb)->expansion : 0, r = 0;
    if (tb->justify && !line->last && gap > 0 && stretch + words * most > 0)
        r = gap / (stretch + words * most);
    else if (tb->justify && gap < 0 && shrink + words * most > 0)
        r = gap / (shrink + words * most);
    r = r > 1 ? 1 : r < -1 ? -1 : r;
    /* in steps of 1/100000, which Tz states exactly with three decimals */
    line->expand = round(r * most * 1e5) / 1e5;
    double rest = gap > 0 && (!tb->justify || line->last) ? 0 : gap - line->expand * words;
    line->ratio = 0;
    if (tb->justify && rest > 0 && stretch > 0)
        line->ratio = rest / stretch;
    else if (tb->justify && rest < 0 && shrink > 0)
        line->ratio = rest / shrink < -1 ? -1 : rest / shrink;
    line->width =
        natural - hangs + line->expand * words + line->ratio * (line->ratio > 0 ? stretch : shrink);
}

size_t text_break(struct text_block *tb, double width)
{
    if (!tb->prepared) {
        if (tb->env->hyph)
            hyphenate(tb);
        kern_pieces(tb);
        tb->prepared = 1;
    }
    split_wide_words(tb, width);
    struct linebreak_item *items = break_items(tb, width);
    /* Justified text: total fit with TeX's settings. Ragged text: total
     * fit too, with natural spaces and three ems of stretch at each line's
     * end, which evens out the rag (no line much shorter than its
     * neighbours) where first fit would leave a short line after a long. */
    struct linebreak_params params;
    const struct theme_justify *j = justify_of(tb);
    linebreak_params_justified(&params);
    params.max_flagged_run = j->max_hyphen_run;
    if (tb->justify) {
        params.tolerance = j->tolerance;
        params.line_penalty = j->line_penalty;
        params.flagged_demerits = j->hyphen_run_demerits;
        params.final_hyphen_demerits = j->final_hyphen_demerits;
        params.fitness_demerits = j->fitness_demerits;
    } else
        linebreak_params_ragged(&params, 3 * tb->size);
    size_t *breaks;
    size_t n = linebreak_total_fit(items, tb->count, &width, 1, &params, &breaks, NULL);
    free(tb->lines);
    tb->lines = xmalloc((n ? n : 1) * sizeof *tb->lines);
    tb->line_count = n;
    size_t start = linebreak_line_start(items, tb->count, 0);
    for (size_t k = 0; k < n; k++) {
        struct text_line *line = &tb->lines[k];
        size_t end = breaks[k];
        while (end > start && tb->atoms[end - 1].kind != ATOM_TEXT)
            end--;
        *line = (struct text_line){0};
        line->first = start;
        line->end = end;
        line->last = k + 1 == n || tb->atoms[breaks[k]].kind == ATOM_BREAK;
        set_line(tb, line, breaks[k], width);
        start = linebreak_line_start(items, tb->count, breaks[k] + 1);
    }
    free(breaks);
    free(items);
    return n;
}

void text_account(struct text_env *env, const struct text_block *tb)
{
    for (size_t i = 0; i < tb->line_count; i++) {
        const struct text_line *line = &tb->lines[i];
        env->stats.lines++;
        env->stats.hyphenated += line->hyphen;
        if (!tb->justify || line->last)
            continue;
        double r = line->ratio < 0 ? -line->ratio : line->ratio;
        env->stats.ratio_lines++;
        env->stats.ratio_sum += r;
        if (r > env->stats.worst_ratio)
            env->stats.worst_ratio = r;
    }
}

double text_width(const struct text_block *tb)
{
    double w = 0;
    for (size_t i = 0; i < tb->line_count; i++)
        if (tb->lines[i].width > w)
            w = tb->lines[i].width;
    return w;
}

double text_min_width(const struct text_block *tb)
{
    double widest = 0, piece = 0;
    for (size_t i = 0; i < tb->count; i++) {
        const struct text_atom *a = &tb->atoms[i];
        if (a->kind == ATOM_TEXT) {
            piece += a->width;
            continue;
        }
        widest = piece > widest ? piece : widest;
        piece = 0;
    }
    return piece > widest ? piece : widest;
}

size_t text_line_notes(const struct text_block *tb, size_t i, const xmlNode **out, int *refs,
                       size_t max)
{
    size_t n = 0;
    const xmlNode *last = NULL;
    for (size_t k = tb->lines[i].first; k < tb->lines[i].end; k++) {
        const xmlNode *note = run_of(tb, &tb->atoms[k])->note;
        if (!note || note == last)
            continue;
        if (n < max)
            out[n] = note;
        if (n < max && refs)
            refs[n] = run_of(tb, &tb->atoms[k])->tag;
        n++;
        last = note;
    }
    return n;
}

double text_height(const struct text_block *tb)
{
    return (double)tb->line_count * tb->line_height;
}

/* ---- drawing ---------------------------------------------------------------- */

/* A run of text being drawn: its glyphs sit where the PDF's own advances
 * put them, from x; a glyph that must sit elsewhere (a kerning pair, a
 * stretched space) starts another. */
struct pen {
    struct tagging *tags;
    struct vitem *box;
    const struct text_run *run;
    struct buf text;
    double x, end; /* where it starts, where its next glyph would go */
    double baseline;
    double expand; /* the line's font expansion */
};

/* How near a glyph must be to where the drawing's next would go to join it. */
#define PEN_EPS 1e-4

static void pen_flush(struct pen *pen)
{
    if (!pen->run || pen->text.len == 0) {
        pen->run = NULL;
        return;
    }
    struct prim *p = vitem_prim(pen->box, PRIM_TEXT);
    p->x = pen->x;
    p->y = pen->baseline - pen->run->rise;
    p->w = pen->end - pen->x;
    p->face = pen->run->face;
    p->size = pen->run->size;
    p->charspace = pen->run->charspace;
    p->expand = pen->expand;
    p->rgb = pen->run->rgb;
    p->text = xstrndup(pen->text.data, pen->text.len);
    /* an inline element belongs to the block whose box it is drawn in */
    if (pen->run->tag && pen->box->tag) {
        p->tag = pen->run->tag;
        tagging_adopt(pen->tags, pen->run->tag, pen->box->tag);
    }
    pen->text.len = 0;
    pen->run = NULL;
}

/* A word space after the text drawn so far, as the font's space glyph at
 * the drawing's end, so extracted and tagged text keeps its words apart
 * (PDF/UA reads spaces from the text, not from gaps). Every drawing is
 * placed from the line's origin, so the glyph's advance moves nothing. */
static void pen_space(struct pen *pen)
{
    if (pen->run && pen->text.len > 0 && pen->text.data[pen->text.len - 1] != ' ')
        buf_put(&pen->text, " ", 1);
}

/* Puts a character of `run` (its `n` bytes of UTF-8 at `utf8`), whose
 * advance is adv, at x; a space that went before it at its natural width
 * joins the same drawing, a stretched one (gap) ends the drawing before
 * with a space glyph. */
/* Whether the line breaker's hyphen is drawn as the face's soft hyphen,
 * so that the text read out of the PDF is the word whole: in Tagged PDF a
 * hyphen the break added must be U+00AD (ISO 32000-1, 14.8.2.2.3). Only
 * where that glyph has the hyphen's outline: some faces leave it blank. */
static int soft_hyphen(const struct text_block *tb, const struct text_run *run)
{
    double soft[4], hard[4];
    if (font_face_glyph_box(tb->env->fonts, run->face, 0xAD, soft) != 0 ||
        font_face_glyph_box(tb->env->fonts, run->face, '-', hard) != 0)
        return 0;
    for (int i = 0; i < 4; i++)
        if (soft[i] != hard[i])
            return 0;
    return 1;
}

static void pen_put(struct pen *pen, const struct text_run *run, const char *utf8, size_t n,
                    double x, double adv, double space, int gap)
{
    if (pen->run && run_same(pen->run, run) && fabs(x - pen->end) < PEN_EPS) {
        /* continues */
    } else if (pen->run && space > 0 && run_same(pen->run, run) &&
               fabs(x - (pen->end + space)) < PEN_EPS) {
        buf_put(&pen->text, " ", 1);
        pen->end += space;
    } else {
        if (gap)
            pen_space(pen);
        pen_flush(pen);
        pen->run = run;
        pen->x = pen->end = x;
    }
    buf_put(&pen->text, utf8, n);
    pen->end += adv;
}

/* Underline, link and <missing> marks of one run over [x, x + w]; the
 * <missing> background goes under the text drawn since prim `under`. */
static void decorate(struct vitem *box, const struct text_run *run, double x, double w,
                     double baseline, double size, size_t under)
{
    if (w <= 0)
        return;
    if (run->missing) {
        box_rect(box, x - 1.5, baseline - 0.95 * size, w + 3, 1.25 * size, 0xFFF1B8, 1.5);
        struct prim rect = box->prims[box->count - 1];
        memmove(&box->prims[under + 1], &box->prims[under],
                (box->count - 1 - under) * sizeof *box->prims);
        box->prims[under] = rect;
        box_line(box, x - 1.5, baseline + 0.3 * size, x + w + 1.5, baseline + 0.3 * size, 0xD9534F,
                 0.6);
    }
    if (run->underline)
        box_line(box, x, baseline + 0.14 * size, x + w, baseline + 0.14 * size, run->rgb, 0.6);
    if (run->href) {
        struct prim *l = vitem_prim(box, PRIM_LINK);
        l->tag = box->tag ? run->tag : 0;
        l->x = x;
        l->y = baseline - 0.95 * size;
        l->w = w;
        l->h = 1.25 * size;
        l->text = run->internal ? xasprintf("#%s", run->href) : xstrdup(run->href);
    }
}

void text_draw_line(const struct text_block *tb, size_t i, struct vitem *box, double x, double y)
{
    const struct text_line *line = &tb->lines[i];
    double baseline = y + (tb->line_height - (tb->ascent + tb->descent)) / 2 + tb->ascent;
    struct pen pen = {tb->env->tags, box, NULL, {0}, 0, 0, baseline, line->expand};
    const struct text_run *span = NULL; /* the run being decorated, from span_x */
    double f = 1 + line->expand;        /* the words' advances, kerning and letter-spacing */
    x -= line->hang_left;
    double span_x = x, span_end = x, pos = x, space = 0;
    int gap = 0; /* a word space went before the next glyph */
    size_t under = box->count;

    for (size_t k = line->first; k < line->end; k++) {
        const struct text_atom *a = &tb->atoms[k];
        const struct text_run *run = run_of(tb, a);
        if (a->kind == ATOM_SPACE) {
            const struct text_atom *next = k + 1 < line->end ? &tb->atoms[k + 1] : NULL;
            if (span && !(next && run_same(span, run_of(tb, next)) && run_same(span, run))) {
                pen_space(&pen);
                pen_flush(&pen);
                decorate(box, span, span_x, span_end - span_x, baseline, tb->size, under);
                span = NULL;
            }
            double stretch = line->ratio > 0 ? space_stretch(tb, a) : space_shrink(tb, a);
            pos += a->width + line->ratio * stretch;
            space = line->ratio == 0 && line->expand == 0 ? a->width : 0;
            gap = 1;
            continue;
        }
        if (a->kind != ATOM_TEXT)
            continue;
        if (!span || !run_same(span, run)) {
            if (gap)
                pen_space(&pen);
            pen_flush(&pen);
            if (span)
                decorate(box, span, span_x, span_end - span_x, baseline, tb->size, under);
            span = run;
            span_x = pos;
            under = box->count;
        }
        double cx = pos;
        const char *utf8 = atom_text(tb, a);
        const struct text_glyph *g = &tb->glyphs[a->glyph];
        for (size_t c = 0; c < a->glyphs; c++) {
            if (c > 0 && g[c].kerned) /* a piece's first character: its kerning is before it */
                cx += g[c].kern * f;
            double adv = g[c].advance * f;
            if (pen.run == run && fabs(cx - pen.end) < PEN_EPS) { /* pen_put's first case */
                buf_put(&pen.text, utf8, g[c].bytes);
                pen.end += adv;
            } else
                pen_put(&pen, run, utf8, g[c].bytes, cx, adv, space, gap);
            utf8 += g[c].bytes;
            space = 0;
            gap = 0;
            cx += adv;
        }
        pos += (a->width - (k + 1 == line->end ? a->kern_after : 0)) * f;
        span_end = pos;
    }
    if (line->hyphen && span) { /* the hyphen atom after the line's last piece */
        double hyphen = tb->atoms[line->end].width;
        const char *mark = soft_hyphen(tb, span) ? "\u00AD" : "-";
        pen_put(&pen, span, mark, strlen(mark), pos, hyphen * f, 0, 0);
        pos += hyphen * f;
    }
    /* a line ends between words unless a word goes on on the next */
    if (line->end >= tb->count ||
        (tb->atoms[line->end].kind != ATOM_SOFT && tb->atoms[line->end].kind != ATOM_HYPH))
        pen_space(&pen);
    pen_flush(&pen);
    if (span)
        decorate(box, span, span_x, span_end - span_x, baseline, tb->size, under);
    buf_free(&pen.text);
}

double text_widest_line(const struct text_block *tb)
{
    double widest = 0;
    for (size_t i = 0; i < tb->line_count; i++)
        widest = tb->lines[i].width > widest ? tb->lines[i].width : widest;
    return widest;
}

double text_draw(const struct text_block *tb, struct vitem *box, double x, double y, double width,
                 int align)
{
    double widest = align == 3 ? text_widest_line(tb) : 0;
    for (size_t i = 0; i < tb->line_count; i++) {
        double off = 0;
        if (align == 1)
            off = (width - tb->lines[i].width) / 2;
        else if (align == 2)
            off = width - tb->lines[i].width;
        else if (align == 3)
            off = width - widest;
        text_draw_line(tb, i, box, x + off, y + (double)i * tb->line_height);
    }
    return text_height(tb);
}
