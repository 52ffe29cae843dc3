#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_pages.h>

#include "font.h"
#include "haru_errors.h"
#include "tagging.h"
#include "util.h"

/* The tree is kept in compact records and written at save time by the
 * write_fn of one empty libharu dictionary per element (and per
 * ParentTree node): libharu objects for every entry, name and reference
 * cost about 2 KB an element, these records a few dozen bytes. */

static const char *const S_names[] = {
    "Document", "Sect",   "Div",  "H1",        "H2",    "H3",         "H4",    "H5",   "H6",  "P",
    "L",        "LI",     "Lbl",  "LBody",     "Table", "THead",      "TBody", "TR",   "TH",  "TD",
    "Caption",  "Figure", "Note", "Reference", "Link",  "BlockQuote", "TOC",   "TOCI", "Span"};

enum S_kid_kind { S_KID_ELEM, S_KID_MCID, S_KID_OBJR };

/* An element id, an MCID on `page`, or an annotation (tg->annots index)
 * on `page`. */
struct S_kid {
    int value;
    unsigned kind : 2;
    unsigned page : 30;
};

/* What few elements have, apart, so that every element stays small. */
struct S_extra {
    char *alt, *lang;
    struct buf text; /* a Link's text, for its annotations' /Contents */
    int follow;      /* a Note: the Reference it goes after */
    int note;        /* a Note's number, for its /ID (from 1) */
};

struct S_elem {
    union {
        struct S_kid one; /* while cap is 1: most elements (a cell, a paragraph) have one kid */
        struct S_kid *many;
    } kids;
    uint32_t count, cap;
    int parent;     /* -1 until adopted */
    uint32_t extra; /* tg->extras index + 1; 0: none */
    uint32_t obj;   /* object number, once written */
    uint8_t type, attached, scope;
    uint8_t numbering; /* an L's: S_numbering index + 1; 0: none written */
};

/* /ListNumbering of the document's list styles, in the same order. */
static const char *const S_list_style[] = {"bullet", "decimal", "lower-alpha", "lower-roman",
                                           "upper-roman"};
static const char *const S_numbering[] = {"Disc", "Decimal", "LowerAlpha", "LowerRoman",
                                          "UpperRoman"};

struct S_page {
    int open;    /* -1 none, 0 artifact, -2 pagination artifact, else the element */
    int *owners; /* MCID -> element */
    size_t count, cap;
};

struct S_annot {
    HPDF_Annotation annot;
    int tag;
};

struct tagging {
    struct S_elem *elems; /* from 1; [0] unused */
    size_t count, cap;
    struct S_extra *extras;
    size_t extra_count, extra_cap;
    HPDF_Page *hp;
    struct S_page *pages;
    size_t page_count;
    struct S_annot *annots;
    size_t annot_count, annot_cap;
    size_t max_kids; /* kids of one element, see S_split_large */
    /* set by tagging_finish for the write functions */
    uint32_t *order; /* element object k (from first_obj) -> element id */
    uint32_t first_obj, root_obj, first_leaf;
    size_t written_pages, per_leaf, leaves;
};

struct tagging *tagging_new_tree(void)
{
    struct tagging *tg = xcalloc(1, sizeof *tg);
    tg->count = 1;
    tg->max_kids = TAGGING_MAX_KIDS;
    tagging_new(tg, TAG_DOCUMENT, 0);
    return tg;
}

void tagging_free(struct tagging *tg)
{
    if (!tg)
        return;
    for (size_t i = 1; i < tg->count; i++)
        if (tg->elems[i].cap > 1)
            free(tg->elems[i].kids.many);
    for (size_t x = 0; x < tg->extra_count; x++) {
        free(tg->extras[x].alt);
        free(tg->extras[x].lang);
        buf_free(&tg->extras[x].text);
    }
    for (size_t p = 0; p < tg->page_count; p++)
        free(tg->pages[p].owners);
    free(tg->pages);
    free(tg->hp);
    free(tg->elems);
    free(tg->extras);
    free(tg->annots);
    free(tg->order);
    free(tg);
}

int tagging_new(struct tagging *tg, enum tag_type type, int parent)
{
    if (!tg)
        return 0;
    if (tg->count >= tg->cap) {
        tg->cap = tg->cap ? tg->cap * 2 : 256;
        tg->elems = xrealloc(tg->elems, tg->cap * sizeof *tg->elems);
    }
    struct S_elem *e = &tg->elems[tg->count];
    memset(e, 0, sizeof *e);
    e->type = (uint8_t)type;
    e->parent = parent;
    return (int)tg->count++;
}

static struct S_elem *S_elem(struct tagging *tg, int tag)
{
    return tg && tag > 0 && (size_t)tag < tg->count ? &tg->elems[tag] : NULL;
}

static struct S_extra *S_extra_of(const struct tagging *tg, const struct S_elem *e)
{
    return e->extra ? &tg->extras[e->extra - 1] : NULL;
}

/* The element's extra record, made on first use. */
static struct S_extra *S_extra(struct tagging *tg, struct S_elem *e)
{
    if (!e->extra) {
        if (tg->extra_count == tg->extra_cap) {
            tg->extra_cap = tg->extra_cap ? tg->extra_cap * 2 : 16;
            tg->extras = xrealloc(tg->extras, tg->extra_cap * sizeof *tg->extras);
        }
        memset(&tg->extras[tg->extra_count], 0, sizeof *tg->extras);
        e->extra = (uint32_t)++tg->extra_count;
    }
    return &tg->extras[e->extra - 1];
}

static int S_follow(const struct tagging *tg, const struct S_elem *e)
{
    const struct S_extra *x = S_extra_of(tg, e);
    return x ? x->follow : 0;
}

void tagging_set_alt(struct tagging *tg, int tag, const char *alt)
{
    struct S_elem *e = S_elem(tg, tag);
    if (e && alt) {
        struct S_extra *x = S_extra(tg, e);
        free(x->alt);
        x->alt = xstrdup(alt);
    }
}

void tagging_set_lang(struct tagging *tg, int tag, const char *lang)
{
    struct S_elem *e = S_elem(tg, tag);
    if (e && lang && *lang) {
        struct S_extra *x = S_extra(tg, e);
        free(x->lang);
        x->lang = xstrdup(lang);
    }
}

void tagging_set_scope(struct tagging *tg, int tag, int row)
{
    struct S_elem *e = S_elem(tg, tag);
    if (e)
        e->scope = row ? 2 : 1;
}

void tagging_set_list_numbering(struct tagging *tg, int tag, const char *style)
{
    struct S_elem *e = S_elem(tg, tag);
    for (size_t i = 0; e && i < sizeof S_list_style / sizeof *S_list_style; i++)
        if (strcmp(style ? style : "bullet", S_list_style[i]) == 0)
            e->numbering = (uint8_t)(i + 1);
}

void tagging_set_follow(struct tagging *tg, int tag, int ref)
{
    struct S_elem *e = S_elem(tg, tag);
    if (e && (ref || e->extra))
        S_extra(tg, e)->follow = ref;
}

void tagging_set_max_kids(struct tagging *tg, size_t max)
{
    if (tg && max > 0)
        tg->max_kids = max;
}

void tagging_adopt(struct tagging *tg, int tag, int parent)
{
    /* up to the first unparented ancestor; a chain is short (a link in a span) */
    for (int t = tag, guard = 0; S_elem(tg, t) && guard < 64; guard++) {
        struct S_elem *e = S_elem(tg, t);
        if (e->parent == -1) {
            if (t != parent)
                e->parent = parent;
            return;
        }
        t = e->parent;
    }
}

void tagging_pages(struct tagging *tg, HPDF_Page *pages, size_t count)
{
    if (!tg)
        return;
    tg->hp = xcalloc(count ? count : 1, sizeof *tg->hp);
    memcpy(tg->hp, pages, count * sizeof *pages);
    tg->page_count = count;
    tg->pages = xcalloc(count ? count : 1, sizeof *tg->pages);
    for (size_t p = 0; p < count; p++)
        tg->pages[p].open = -1;
}

static struct S_kid S_kid(enum S_kid_kind kind, int value, size_t page)
{
    return (struct S_kid){.value = value, .kind = kind, .page = (unsigned)page};
}

static struct S_kid *S_kids(struct S_elem *e)
{
    return e->cap > 1 ? e->kids.many : &e->kids.one;
}

static const struct S_kid *S_kids_of(const struct S_elem *e)
{
    return e->cap > 1 ? e->kids.many : &e->kids.one;
}

static void S_push(struct S_elem *e, struct S_kid kid)
{
    if (e->cap == 0)
        e->cap = 1;
    if (e->count == e->cap && e->cap > 1) {
        e->kids.many = xrealloc(e->kids.many, 2 * e->cap * sizeof *e->kids.many);
        e->cap *= 2;
    } else if (e->count == e->cap) { /* the kid in the record moves out */
        struct S_kid one = e->kids.one;
        e->kids.many = xmalloc(2 * sizeof *e->kids.many);
        e->kids.many[0] = one;
        e->cap = 2;
    }
    S_kids(e)[e->count++] = kid;
}

/* Puts the element into its parent's kids the first time it has content;
 * a footnote waits for tagging_finish to go after its reference. */
static void S_attach(struct tagging *tg, int tag)
{
    struct S_elem *e = S_elem(tg, tag);
    if (!e || e->attached)
        return;
    e->attached = 1;
    if (tag == TAG_ROOT || S_follow(tg, e))
        return;
    if (!S_elem(tg, e->parent))
        e->parent = TAG_ROOT;
    S_attach(tg, e->parent);
    S_push(&tg->elems[e->parent], S_kid(S_KID_ELEM, tag, 0));
}

static void S_write(struct tagging *tg, size_t page, const char *s)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)tg->hp[page]->attr;
    HPDF_Stream_WriteStr(attr->stream, s);
}

void tagging_mark(struct tagging *tg, size_t page, int tag, int pagination)
{
    if (!tg || page >= tg->page_count || !tg->hp[page])
        return;
    struct S_page *ps = &tg->pages[page];
    int want = tag > 0 ? tag : pagination ? -2 : 0;
    if (ps->open == want)
        return;
    if (ps->open != -1)
        S_write(tg, page, "EMC\n");
    ps->open = want;
    if (want == 0) {
        S_write(tg, page, "/Artifact BMC\n");
        return;
    }
    if (want == -2) {
        S_write(tg, page, "/Artifact <</Type /Pagination>> BDC\n");
        return;
    }
    if (ps->count == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 32;
        ps->owners = xrealloc(ps->owners, ps->cap * sizeof *ps->owners);
    }
    int mcid = (int)ps->count;
    ps->owners[ps->count++] = tag;
    S_attach(tg, tag);
    S_push(&tg->elems[tag], S_kid(S_KID_MCID, mcid, page));
    char op[64];
    snprintf(op, sizeof op, "/%s <</MCID %d>> BDC\n", S_names[tg->elems[tag].type], mcid);
    S_write(tg, page, op);
}

void tagging_end(struct tagging *tg)
{
    for (size_t p = 0; tg && p < tg->page_count; p++)
        if (tg->hp[p] && tg->pages[p].open != -1) {
            S_write(tg, p, "EMC\n");
            tg->pages[p].open = -1;
        }
}

void tagging_annot(struct tagging *tg, size_t page, int tag, HPDF_Annotation annot)
{
    struct S_elem *e = S_elem(tg, tag);
    if (!e || !annot)
        return;
    S_attach(tg, tag);
    S_push(e, S_kid(S_KID_OBJR, (int)tg->annot_count, page));
    if (tg->annot_count == tg->annot_cap) {
        tg->annot_cap = tg->annot_cap ? tg->annot_cap * 2 : 32;
        tg->annots = xrealloc(tg->annots, tg->annot_cap * sizeof *tg->annots);
    }
    tg->annots[tg->annot_count++] = (struct S_annot){annot, tag};
}

void tagging_text(struct tagging *tg, int tag, const char *text)
{
    struct S_elem *e = S_elem(tg, tag);
    if (!e || e->type != TAG_LINK || !text)
        return;
    buf_puts(&S_extra(tg, e)->text, text); /* words end in their space glyphs (text.c) */
}

/* ---- the tree's last shape ---------------------------------------------- */

/* Footnotes go right after the reference that calls them. */
static void S_place_notes(struct tagging *tg)
{
    for (size_t i = 1; i < tg->count; i++) {
        struct S_elem *e = &tg->elems[i];
        int follow = S_follow(tg, e);
        if (!e->attached || !follow)
            continue;
        struct S_elem *ref = S_elem(tg, follow);
        int parent = ref && ref->attached ? ref->parent : TAG_ROOT;
        struct S_elem *pe = &tg->elems[parent];
        size_t at = pe->count;
        for (size_t k = 0; ref && ref->attached && k < pe->count; k++)
            if (S_kids(pe)[k].kind == S_KID_ELEM && S_kids(pe)[k].value == follow)
                at = k + 1;
        S_push(pe, S_kid(S_KID_ELEM, 0, 0));
        struct S_kid *kids = S_kids(pe);
        memmove(&kids[at + 1], &kids[at], (pe->count - 1 - at) * sizeof *kids);
        kids[at] = S_kid(S_KID_ELEM, (int)i, 0);
        e->parent = parent;
    }
}

/* Moves kids [from, e's end) of element `tag` to element `to`, which
 * takes over their back-references: the /P of an element, a page's MCID
 * owner, an annotation's StructParent. */
static void S_move_kids(struct tagging *tg, int tag, size_t from, int to)
{
    struct S_elem *e = &tg->elems[tag], *dst = &tg->elems[to];
    for (size_t k = from; k < e->count; k++) {
        struct S_kid kid = S_kids(e)[k];
        if (kid.kind == S_KID_ELEM)
            tg->elems[kid.value].parent = to;
        else if (kid.kind == S_KID_MCID)
            tg->pages[kid.page].owners[kid.value] = to;
        else
            tg->annots[kid.value].tag = to;
        S_push(dst, kid);
    }
    e->count = (uint32_t)from;
}

/* An element with more kids than `max` (a long table's TBody) is cut
 * into siblings of its type, each holding the next kids in order (PDF/UA
 * allows several TBody in a Table), so that no /K grows with the
 * document; the Document, which has no parent, puts its kids into Div
 * elements instead. */
static void S_split_large(struct tagging *tg, size_t max)
{
    for (size_t i = 1; i < tg->count; i++) { /* new siblings are visited too */
        if (!tg->elems[i].attached || tg->elems[i].count <= max)
            continue;
        if (i == TAG_ROOT) { /* one Div of all its kids, cut below like any other */
            int all = tagging_new(tg, TAG_DIV, TAG_ROOT);
            tg->elems[all].attached = 1;
            S_move_kids(tg, TAG_ROOT, 0, all);
            S_push(&tg->elems[TAG_ROOT], S_kid(S_KID_ELEM, all, 0));
            continue;
        }
        int parent = tg->elems[i].parent;
        size_t at = 0; /* i's place among its parent's kids */
        const struct S_kid *kids = S_kids(&tg->elems[parent]);
        while (at < tg->elems[parent].count &&
               !(kids[at].kind == S_KID_ELEM && kids[at].value == (int)i))
            at++;
        int prev = (int)i;
        while (tg->elems[prev].count > max) {
            int next = tagging_new(tg, tg->elems[i].type, parent);
            struct S_elem *n = &tg->elems[next];
            n->attached = 1;
            n->scope = tg->elems[i].scope;
            n->numbering = tg->elems[i].numbering;
            const struct S_extra *x = S_extra_of(tg, &tg->elems[i]);
            if (x && x->lang) {
                char *lang = xstrdup(x->lang); /* before S_extra moves the records */
                S_extra(tg, n)->lang = lang;
            }
            S_move_kids(tg, prev, max, next);
            struct S_elem *pe = &tg->elems[parent];
            S_push(pe, S_kid(S_KID_ELEM, 0, 0));
            at = at < pe->count - 1 ? at + 1 : pe->count - 1;
            struct S_kid *pk = S_kids(pe);
            memmove(&pk[at + 1], &pk[at], (pe->count - 1 - at) * sizeof *pk);
            pk[at] = S_kid(S_KID_ELEM, next, 0);
            prev = next;
        }
    }
}

/* ---- writing ------------------------------------------------------------ */

/* A text string as UTF-16BE with a byte order mark, which every reader
 * takes for Unicode. */
static void S_utf16(struct buf *b, const char *s)
{
    buf_put(b, "\xFE\xFF", 2);
    while (*s) {
        uint32_t c = font_utf8_next(&s);
        unsigned units[2] = {c, 0};
        size_t n = 1;
        if (c > 0xFFFF) {
            c -= 0x10000;
            units[0] = 0xD800 + (c >> 10);
            units[1] = 0xDC00 + (c & 0x3FF);
            n = 2;
        }
        for (size_t i = 0; i < n; i++) {
            char pair[2] = {(char)(units[i] >> 8), (char)(units[i] & 0xFF)};
            buf_put(b, pair, 2);
        }
    }
}

static HPDF_Binary S_string(HPDF_MMgr mmgr, const char *s)
{
    struct buf b = {0};
    S_utf16(&b, s);
    HPDF_Binary bin = HPDF_Binary_New(mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
    buf_free(&b);
    return bin;
}

static HPDF_Dict S_dict(HPDF_Doc pdf, const char *type)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d && type)
        HPDF_Dict_AddName(d, "Type", type);
    return d;
}

/* An empty dictionary whose entries `write` prints from the tree when
 * libharu saves it. */
static HPDF_Dict S_written_dict(HPDF_Doc pdf, struct tagging *tg, HPDF_Dict_OnWriteFunc write)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d) {
        d->write_fn = write;
        d->attr = tg;
    }
    return d;
}

static uint32_t S_obj(const void *obj)
{
    return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

/* Stream output in libharu's own forms (HPDF_Dict_Write, HPDF_Array_Write),
 * keeping the first error. */
struct S_out {
    HPDF_Stream stream;
    HPDF_STATUS status;
};

static void S_put(struct S_out *o, const char *s)
{
    if (o->status == HPDF_OK)
        o->status = HPDF_Stream_WriteStr(o->stream, s);
}

static void S_put_int(struct S_out *o, long v)
{
    if (o->status == HPDF_OK)
        o->status = HPDF_Stream_WriteInt(o->stream, (HPDF_INT)v);
}

/* "n 0 R" followed by `end` */
static void S_put_ref(struct S_out *o, uint32_t obj, const char *end)
{
    S_put_int(o, (long)obj);
    S_put(o, " 0 R");
    S_put(o, end);
}

static void S_put_kid(struct S_out *o, const struct tagging *tg, struct S_kid kid, size_t pg)
{
    if (kid.kind == S_KID_ELEM) {
        S_put_ref(o, tg->elems[kid.value].obj, " ");
    } else if (kid.kind == S_KID_MCID && kid.page == pg) {
        S_put_int(o, kid.value);
        S_put(o, " ");
    } else if (kid.kind == S_KID_MCID) {
        S_put(o, "<<\n/Type /MCR\n/Pg ");
        S_put_ref(o, S_obj(tg->hp[kid.page]), "\n/MCID ");
        S_put_int(o, kid.value);
        S_put(o, "\n>> ");
    } else {
        S_put(o, "<<\n/Type /OBJR\n/Obj ");
        S_put_ref(o, S_obj(tg->annots[kid.value].annot), "\n/Pg ");
        S_put_ref(o, S_obj(tg->hp[kid.page]), "\n>> ");
    }
}

static HPDF_STATUS S_write_elem(HPDF_Dict dict, HPDF_Stream stream)
{
    struct tagging *tg = dict->attr;
    size_t i = tg->order[S_obj(dict) - tg->first_obj];
    const struct S_elem *e = &tg->elems[i];
    const struct S_extra *x = S_extra_of(tg, e);
    struct S_out o = {stream, HPDF_OK};
    S_put(&o, "/Type /StructElem\n/S /");
    S_put(&o, S_names[e->type]);
    S_put(&o, "\n/P ");
    S_put_ref(&o, i == TAG_ROOT ? tg->root_obj : tg->elems[e->parent].obj, "\n");
    size_t pg = (size_t)-1; /* the page of the first MCID, the /Pg of the others */
    const struct S_kid *kids = S_kids_of(e);
    for (size_t k = 0; k < e->count && pg == (size_t)-1; k++)
        if (kids[k].kind == S_KID_MCID)
            pg = kids[k].page;
    if (pg != (size_t)-1) {
        S_put(&o, "/Pg ");
        S_put_ref(&o, S_obj(tg->hp[pg]), "\n");
    }
    S_put(&o, "/K [ ");
    for (size_t k = 0; k < e->count; k++)
        S_put_kid(&o, tg, kids[k], pg);
    S_put(&o, "]\n");
    if (x && x->alt) {
        struct buf b = {0};
        S_utf16(&b, x->alt);
        S_put(&o, "/Alt <");
        if (o.status == HPDF_OK)
            o.status = HPDF_Stream_WriteBinary(stream, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len, NULL);
        S_put(&o, ">\n");
        buf_free(&b);
    }
    if (x && x->lang) {
        S_put(&o, "/Lang ");
        if (o.status == HPDF_OK)
            o.status = HPDF_Stream_WriteEscapeText(stream, x->lang);
        S_put(&o, "\n");
    }
    if (e->scope)
        S_put(&o, e->scope == 2 ? "/A <<\n/O /Table\n/Scope /Row\n>>\n"
                                : "/A <<\n/O /Table\n/Scope /Column\n>>\n");
    if (e->numbering) {
        char a[64];
        snprintf(a, sizeof a, "/A <<\n/O /List\n/ListNumbering /%s\n>>\n",
                 S_numbering[e->numbering - 1]);
        S_put(&o, a);
    }
    if (x && x->note) { /* PDF/UA: a Note has an ID */
        char id[48];
        snprintf(id, sizeof id, "/ID (note-%06d)\n", x->note);
        S_put(&o, id);
    }
    return o.status;
}

/* The IDTree's /Names: each Note's ID and the Note, in ID order. */
static HPDF_STATUS S_write_ids(HPDF_Dict dict, HPDF_Stream stream)
{
    const struct tagging *tg = dict->attr;
    struct S_out o = {stream, HPDF_OK};
    S_put(&o, "/Names [ ");
    for (size_t i = 1; i < tg->count; i++) {
        const struct S_extra *x = S_extra_of(tg, &tg->elems[i]);
        if (!tg->elems[i].attached || !x || !x->note)
            continue;
        char id[32];
        snprintf(id, sizeof id, "(note-%06d) ", x->note);
        S_put(&o, id);
        S_put_ref(&o, tg->elems[i].obj, " ");
    }
    S_put(&o, "]\n");
    return o.status;
}

/* The ParentTree's entries, in key order: each written page's MCIDs to
 * their elements, then each link annotation to its Link. */
static size_t S_entries(const struct tagging *tg)
{
    return tg->written_pages + tg->annot_count;
}

static size_t S_entry_key(const struct tagging *tg, size_t j)
{
    return j < tg->written_pages ? j : tg->page_count + (j - tg->written_pages);
}

/* "/Nums [ key value ... ]" for entries [from, to) */
static void S_put_nums(struct S_out *o, const struct tagging *tg, size_t from, size_t to)
{
    S_put(o, "/Nums [ ");
    for (size_t j = from; j < to; j++) {
        S_put_int(o, (long)S_entry_key(tg, j));
        if (j >= tg->written_pages) {
            S_put(o, " ");
            S_put_ref(o, tg->elems[tg->annots[j - tg->written_pages].tag].obj, " ");
            continue;
        }
        const struct S_page *ps = &tg->pages[j];
        S_put(o, " [ ");
        for (size_t m = 0; m < ps->count; m++)
            S_put_ref(o, tg->elems[ps->owners[m]].obj, " ");
        S_put(o, "] ");
    }
    S_put(o, "]\n");
}

/* A leaf of the ParentTree's /Kids: per_leaf entries with their /Limits. */
static HPDF_STATUS S_write_leaf(HPDF_Dict dict, HPDF_Stream stream)
{
    const struct tagging *tg = dict->attr;
    size_t from = (S_obj(dict) - tg->first_leaf) * tg->per_leaf;
    size_t to = from + tg->per_leaf < S_entries(tg) ? from + tg->per_leaf : S_entries(tg);
    struct S_out o = {stream, HPDF_OK};
    S_put(&o, "/Limits [ ");
    S_put_int(&o, (long)S_entry_key(tg, from));
    S_put(&o, " ");
    S_put_int(&o, (long)S_entry_key(tg, to - 1));
    S_put(&o, " ]\n");
    S_put_nums(&o, tg, from, to);
    return o.status;
}

/* A number tree (ISO 32000-1, 7.9.7): one /Nums array, or, with more
 * entries than one leaf takes, /Kids of leaves. */
static HPDF_STATUS S_write_parent_tree(HPDF_Dict dict, HPDF_Stream stream)
{
    const struct tagging *tg = dict->attr;
    struct S_out o = {stream, HPDF_OK};
    if (!tg->leaves) {
        S_put_nums(&o, tg, 0, S_entries(tg));
        return o.status;
    }
    S_put(&o, "/Kids [ ");
    for (size_t l = 0; l < tg->leaves; l++)
        S_put_ref(&o, tg->first_leaf + (uint32_t)l, " ");
    S_put(&o, "]\n");
    return o.status;
}

/* libharu grows its xref list 1,024 entries at a time, copying the whole
 * list byte by byte each time (HPDF_MemCpy), which is quadratic in the
 * tree's objects (0.3 s of CPU for a table of 100,000 rows). The next
 * growth makes room for `more` at once; returns the step to give back
 * with S_xref_step. */
static HPDF_UINT S_xref_reserve(HPDF_Xref xref, size_t more)
{
    HPDF_UINT step = xref->entries->items_per_block;
    if (more > step && more < HPDF_LIMIT_MAX_XREF_ELEMENT)
        xref->entries->items_per_block = (HPDF_UINT)more;
    return step;
}

static void S_xref_step(HPDF_Xref xref, HPDF_UINT step)
{
    xref->entries->items_per_block = step;
}

/* One object per attached element, numbered in id order from the first;
 * returns the first, the Document's. */
static HPDF_Dict S_add_elems(struct tagging *tg, HPDF_Doc pdf)
{
    HPDF_Dict doc = NULL;
    tg->order = xcalloc(tg->count, sizeof *tg->order);
    int notes = 0;
    for (size_t i = 1, n = 0; i < tg->count; i++) {
        struct S_elem *e = &tg->elems[i];
        if (!e->attached)
            continue;
        if (e->type == TAG_NOTE)
            S_extra(tg, e)->note = ++notes;
        HPDF_Dict d = S_written_dict(pdf, tg, S_write_elem);
        if (HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
            return NULL;
        e->obj = S_obj(d);
        if (n == 0) {
            tg->first_obj = e->obj;
            doc = d;
        }
        tg->order[n++] = (uint32_t)i;
    }
    return doc;
}

static void S_xml(struct buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '<')
            buf_puts(b, "&lt;");
        else if (*s == '>')
            buf_puts(b, "&gt;");
        else if (*s == '&')
            buf_puts(b, "&amp;");
        else if (*s == '"')
            buf_puts(b, "&quot;");
        else
            buf_put(b, s, 1);
    }
}

/* The XMP packet: the document information again (PDF/A wants both to
 * agree), pdfuaid, and for PDF/A pdfaid with the extension schema that
 * declares pdfuaid, which PDF/A does not predefine. */
static void S_xmp(struct buf *b, const struct tagging_meta *m, const char *producer)
{
    buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                "<rdf:Description rdf:about=\"\"\n"
                " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
                " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
                " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
                " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
                "<dc:format>application/pdf</dc:format>\n");
    if (m->title && *m->title) {
        buf_puts(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        S_xml(b, m->title);
        buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
    }
    if (m->author && *m->author) {
        buf_puts(b, "<dc:creator><rdf:Seq><rdf:li>");
        S_xml(b, m->author);
        buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (m->subject && *m->subject) {
        buf_puts(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        S_xml(b, m->subject);
        buf_puts(b, "</rdf:li></rdf:Alt></dc:description>\n");
    }
    if (m->lang && *m->lang) {
        buf_puts(b, "<dc:language><rdf:Bag><rdf:li>");
        S_xml(b, m->lang);
        buf_puts(b, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    if (m->keywords && *m->keywords) {
        buf_puts(b, "<pdf:Keywords>");
        S_xml(b, m->keywords);
        buf_puts(b, "</pdf:Keywords>\n");
    }
    if (producer && *producer) {
        buf_puts(b, "<pdf:Producer>");
        S_xml(b, producer);
        buf_puts(b, "</pdf:Producer>\n");
    }
    buf_puts(b, "<xmp:CreatorTool>folio</xmp:CreatorTool>\n");
    if (m->date && *m->date)
        buf_printf(b,
                   "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
                   "<xmp:MetadataDate>%s</xmp:MetadataDate>\n",
                   m->date, m->date, m->date);
    buf_puts(b, "<pdfuaid:part>1</pdfuaid:part>\n");
    if (m->pdfa)
        buf_puts(b, "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>U</pdfaid:conformance>\n"
                    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
                    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
                    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/"
                    "</pdfaSchema:namespaceURI>\n"
                    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
                    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
                    "<pdfaProperty:name>part</pdfaProperty:name>\n"
                    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
                    "<pdfaProperty:category>internal</pdfaProperty:category>\n"
                    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is "
                    "followed</pdfaProperty:description>\n"
                    "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
                    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n");
    buf_puts(b, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
}

static int S_output_intent(HPDF_Doc pdf, const char *icc, struct diag_list *diags)
{
    size_t len = 0;
    char *data = icc ? file_read(icc, &len) : NULL;
    if (!data) {
        diag_add(diags, DIAG_ERROR, icc, 0,
                 "cannot read the sRGB colour profile PDF/A needs (Debian: icc-profiles-free)");
        return -1;
    }
    HPDF_Dict profile = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    HPDF_Dict_AddNumber(profile, "N", 3);
    profile->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    HPDF_Stream_Write(profile->stream, (HPDF_BYTE *)data, (HPDF_UINT)len);
    free(data);
    HPDF_Dict intent = S_dict(pdf, "OutputIntent");
    HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    HPDF_Dict_Add(intent, "OutputConditionIdentifier", S_string(pdf->mmgr, "sRGB IEC61966-2.1"));
    HPDF_Dict_Add(intent, "Info", S_string(pdf->mmgr, "sRGB IEC61966-2.1"));
    HPDF_Dict_Add(intent, "DestOutputProfile", profile);
    HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
    HPDF_Array_Add(intents, intent);
    HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents);
    return 0;
}

int tagging_finish(struct tagging *tg, HPDF_Doc pdf, const struct tagging_meta *meta,
                   struct diag_list *diags)
{
    if (!tg)
        return 0;
    tagging_end(tg);
    S_place_notes(tg);
    S_split_large(tg, tg->max_kids);
    tg->elems[TAG_ROOT].attached = 1;
    size_t objects = 0;
    for (size_t i = 1; i < tg->count; i++)
        objects += tg->elems[i].attached;
    /* the ParentTree, in leaves of half the kids an element holds */
    while (tg->written_pages < tg->page_count && tg->hp[tg->written_pages])
        tg->written_pages++;
    tg->per_leaf = tg->max_kids / 2 ? tg->max_kids / 2 : 1;
    if (S_entries(tg) > tg->per_leaf)
        tg->leaves = (S_entries(tg) + tg->per_leaf - 1) / tg->per_leaf;
    /* and the root, the ParentTree, the XMP and sRGB streams with their /Length */
    HPDF_UINT step = S_xref_reserve(pdf->xref, objects + tg->leaves + 6);
    HPDF_Dict root = S_dict(pdf, "StructTreeRoot");
    HPDF_Xref_Add(pdf->xref, root);
    tg->root_obj = S_obj(root);
    HPDF_Dict_Add(root, "K", S_add_elems(tg, pdf));
    int notes = 0;
    for (size_t i = 1; i < tg->count; i++)
        notes += tg->elems[i].attached && tg->elems[i].type == TAG_NOTE;
    if (notes > 0)
        HPDF_Dict_Add(root, "IDTree", S_written_dict(pdf, tg, S_write_ids));
    for (size_t l = 0; l < tg->leaves; l++) {
        HPDF_Dict leaf = S_written_dict(pdf, tg, S_write_leaf);
        if (HPDF_Xref_Add(pdf->xref, leaf) != HPDF_OK)
            break;
        if (l == 0)
            tg->first_leaf = S_obj(leaf);
    }
    for (size_t p = 0; p < tg->written_pages; p++) {
        HPDF_Dict_AddNumber(tg->hp[p], "StructParents", (HPDF_INT32)p);
        HPDF_Dict_AddName(tg->hp[p], "Tabs", "S"); /* annotations in structure order */
    }
    for (size_t a = 0; a < tg->annot_count; a++) {
        struct S_extra *link = S_extra_of(tg, &tg->elems[tg->annots[a].tag]);
        struct buf *text = link ? &link->text : NULL;
        while (text && text->len > 0 && text->data[text->len - 1] == ' ')
            text->data[--text->len] = '\0'; /* the last word's space glyph */
        HPDF_Dict annot = tg->annots[a].annot;
        HPDF_Dict_AddNumber(annot, "StructParent", (HPDF_INT32)(tg->page_count + a));
        HPDF_Dict_AddNumber(annot, "F", 4); /* printed (PDF/A) */
        HPDF_Dict_Add(annot, "Contents",
                      S_string(pdf->mmgr, text && text->len ? text->data : "link"));
    }
    HPDF_Dict ptree = S_written_dict(pdf, tg, S_write_parent_tree);
    HPDF_Xref_Add(pdf->xref, ptree);
    S_xref_step(pdf->xref, step);
    HPDF_Dict_Add(root, "ParentTree", ptree);
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)(tg->page_count + tg->annot_count));
    HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", root);
    if (HPDF_GetError(pdf) != HPDF_OK) { /* a refused add only sets the error */
        char *words = haru_error_words(HPDF_GetError(pdf), HPDF_GetErrorDetail(pdf), 0);
        diag_add(diags, DIAG_ERROR, NULL, 0, "%s: the structure tree", words);
        free(words);
        return -1;
    }

    HPDF_Dict mark = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_Add(mark, "Marked", HPDF_Boolean_New(pdf->mmgr, HPDF_TRUE));
    HPDF_Dict_Add(pdf->catalog, "MarkInfo", mark);
    HPDF_Dict prefs = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_Add(prefs, "DisplayDocTitle", HPDF_Boolean_New(pdf->mmgr, HPDF_TRUE));
    HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", prefs);

    struct buf xmp = {0};
    S_xmp(&xmp, meta, HPDF_GetInfoAttr(pdf, HPDF_INFO_PRODUCER));
    HPDF_Dict md = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    HPDF_Dict_AddName(md, "Type", "Metadata");
    HPDF_Dict_AddName(md, "Subtype", "XML");
    md->filter = HPDF_STREAM_FILTER_NONE; /* readable by tools that do not parse PDF */
    HPDF_Stream_Write(md->stream, (HPDF_BYTE *)xmp.data, (HPDF_UINT)xmp.len);
    buf_free(&xmp);
    HPDF_Dict_Add(pdf->catalog, "Metadata", md);
    pdf->pdf_version = HPDF_VER_17; /* PDF/UA-1 and PDF/A-2 build on ISO 32000-1 */
    if (meta->pdfa)
        return S_output_intent(pdf, meta->icc, diags);
    return 0;
}
