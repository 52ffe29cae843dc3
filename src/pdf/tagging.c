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

static const char *const S_names[] = {
    "Document", "Sect",   "Div",  "H1",        "H2",    "H3",         "H4",    "H5",   "H6",  "P",
    "L",        "LI",     "Lbl",  "LBody",     "Table", "THead",      "TBody", "TR",   "TH",  "TD",
    "Caption",  "Figure", "Note", "Reference", "Link",  "BlockQuote", "TOC",   "TOCI", "Span"};

enum S_kid_kind { S_KID_ELEM, S_KID_MCID, S_KID_OBJR };

struct S_kid {
    enum S_kid_kind kind;
    int value;   /* element id, or MCID */
    size_t page; /* MCID, OBJR */
    HPDF_Annotation annot;
};

struct S_elem {
    enum tag_type type;
    int parent; /* -1 until adopted */
    int attached, follow, scope;
    char *alt, *lang;
    struct S_kid *kids;
    size_t count, cap;
    struct buf text; /* a Link's text, for its annotations' /Contents */
    HPDF_Dict dict;
};

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
    HPDF_Page *hp;
    struct S_page *pages;
    size_t page_count;
    struct S_annot *annots;
    size_t annot_count, annot_cap;
    size_t max_kids; /* kids of one element, see S_split_large */
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
    for (size_t i = 1; i < tg->count; i++) {
        free(tg->elems[i].alt);
        free(tg->elems[i].lang);
        free(tg->elems[i].kids);
        buf_free(&tg->elems[i].text);
    }
    for (size_t p = 0; p < tg->page_count; p++)
        free(tg->pages[p].owners);
    free(tg->pages);
    free(tg->hp);
    free(tg->elems);
    free(tg->annots);
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
    e->type = type;
    e->parent = parent;
    return (int)tg->count++;
}

static struct S_elem *S_elem(struct tagging *tg, int tag)
{
    return tg && tag > 0 && (size_t)tag < tg->count ? &tg->elems[tag] : NULL;
}

void tagging_set_alt(struct tagging *tg, int tag, const char *alt)
{
    struct S_elem *e = S_elem(tg, tag);
    if (e && alt) {
        free(e->alt);
        e->alt = xstrdup(alt);
    }
}

void tagging_set_lang(struct tagging *tg, int tag, const char *lang)
{
    struct S_elem *e = S_elem(tg, tag);
    if (e && lang && *lang) {
        free(e->lang);
        e->lang = xstrdup(lang);
    }
}

void tagging_set_scope(struct tagging *tg, int tag, int row)
{
    struct S_elem *e = S_elem(tg, tag);
    if (e)
        e->scope = row ? 2 : 1;
}

void tagging_set_follow(struct tagging *tg, int tag, int ref)
{
    struct S_elem *e = S_elem(tg, tag);
    if (e)
        e->follow = ref;
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

static void S_push(struct S_elem *e, struct S_kid kid)
{
    if (e->count == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 4;
        e->kids = xrealloc(e->kids, e->cap * sizeof *e->kids);
    }
    e->kids[e->count++] = kid;
}

/* Puts the element into its parent's kids the first time it has content;
 * a footnote waits for tagging_finish to go after its reference. */
static void S_attach(struct tagging *tg, int tag)
{
    struct S_elem *e = S_elem(tg, tag);
    if (!e || e->attached)
        return;
    e->attached = 1;
    if (tag == TAG_ROOT || e->follow)
        return;
    if (!S_elem(tg, e->parent))
        e->parent = TAG_ROOT;
    S_attach(tg, e->parent);
    S_push(&tg->elems[e->parent], (struct S_kid){S_KID_ELEM, tag, 0, NULL});
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
    S_push(&tg->elems[tag], (struct S_kid){S_KID_MCID, mcid, page, NULL});
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
    S_push(e, (struct S_kid){S_KID_OBJR, 0, page, annot});
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
    buf_puts(&e->text, text); /* words end in their space glyphs (text.c) */
}

/* ---- writing ------------------------------------------------------------ */

/* A text string as UTF-16BE with a byte order mark, which every reader
 * takes for Unicode. */
static HPDF_Binary S_string(HPDF_MMgr mmgr, const char *s)
{
    struct buf b = {0};
    buf_put(&b, "\xFE\xFF", 2);
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
            buf_put(&b, pair, 2);
        }
    }
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

/* Footnotes go right after the reference that calls them. */
static void S_place_notes(struct tagging *tg)
{
    for (size_t i = 1; i < tg->count; i++) {
        struct S_elem *e = &tg->elems[i];
        if (!e->attached || !e->follow)
            continue;
        struct S_elem *ref = S_elem(tg, e->follow);
        int parent = ref && ref->attached ? ref->parent : TAG_ROOT;
        struct S_elem *pe = &tg->elems[parent];
        size_t at = pe->count;
        for (size_t k = 0; ref && ref->attached && k < pe->count; k++)
            if (pe->kids[k].kind == S_KID_ELEM && pe->kids[k].value == e->follow)
                at = k + 1;
        S_push(pe, (struct S_kid){0});
        memmove(&pe->kids[at + 1], &pe->kids[at], (pe->count - 1 - at) * sizeof *pe->kids);
        pe->kids[at] = (struct S_kid){S_KID_ELEM, (int)i, 0, NULL};
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
        struct S_kid kid = e->kids[k];
        if (kid.kind == S_KID_ELEM)
            tg->elems[kid.value].parent = to;
        else if (kid.kind == S_KID_MCID)
            tg->pages[kid.page].owners[kid.value] = to;
        else
            for (size_t a = 0; a < tg->annot_count; a++)
                if (tg->annots[a].annot == kid.annot)
                    tg->annots[a].tag = to;
        S_push(dst, kid);
        e = &tg->elems[tag];
    }
    e->count = from;
}

/* libharu refuses an array of more than HPDF_LIMIT_MAX_ARRAY items, so an
 * element with more kids than TAGGING_MAX_KIDS (a long table's TBody) is
 * cut into siblings of its type, each holding the next kids in order
 * (PDF/UA allows several TBody in a Table); the Document, which has no
 * parent, puts its kids into Div elements instead. */
static void S_split_large(struct tagging *tg, size_t max)
{
    for (size_t i = 1; i < tg->count; i++) { /* new siblings are visited too */
        if (!tg->elems[i].attached || tg->elems[i].count <= max)
            continue;
        if (i == TAG_ROOT) { /* one Div of all its kids, cut below like any other */
            int all = tagging_new(tg, TAG_DIV, TAG_ROOT);
            tg->elems[all].attached = 1;
            S_move_kids(tg, TAG_ROOT, 0, all);
            S_push(&tg->elems[TAG_ROOT], (struct S_kid){S_KID_ELEM, all, 0, NULL});
            continue;
        }
        int parent = tg->elems[i].parent;
        size_t at = 0; /* i's place among its parent's kids */
        while (at < tg->elems[parent].count && !(tg->elems[parent].kids[at].kind == S_KID_ELEM &&
                                                 tg->elems[parent].kids[at].value == (int)i))
            at++;
        int prev = (int)i;
        while (tg->elems[prev].count > max) {
            int next = tagging_new(tg, tg->elems[i].type, parent);
            struct S_elem *n = &tg->elems[next];
            n->attached = 1;
            n->scope = tg->elems[i].scope;
            if (tg->elems[i].lang)
                n->lang = xstrdup(tg->elems[i].lang);
            S_move_kids(tg, prev, max, next);
            struct S_elem *pe = &tg->elems[parent];
            S_push(pe, (struct S_kid){0});
            at = at < pe->count - 1 ? at + 1 : pe->count - 1;
            memmove(&pe->kids[at + 1], &pe->kids[at], (pe->count - 1 - at) * sizeof *pe->kids);
            pe->kids[at] = (struct S_kid){S_KID_ELEM, next, 0, NULL};
            prev = next;
        }
    }
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

/* A /K entry of element e for its kid k. */
static void S_add_kid(struct tagging *tg, HPDF_Doc pdf, HPDF_Array k, const struct S_kid *kid,
                      size_t pg)
{
    if (kid->kind == S_KID_ELEM) {
        HPDF_Array_Add(k, tg->elems[kid->value].dict);
    } else if (kid->kind == S_KID_MCID && kid->page == pg) {
        HPDF_Array_AddNumber(k, kid->value);
    } else if (kid->kind == S_KID_MCID) {
        HPDF_Dict mcr = S_dict(pdf, "MCR");
        HPDF_Dict_Add(mcr, "Pg", tg->hp[kid->page]);
        HPDF_Dict_AddNumber(mcr, "MCID", kid->value);
        HPDF_Array_Add(k, mcr);
    } else {
        HPDF_Dict objr = S_dict(pdf, "OBJR");
        HPDF_Dict_Add(objr, "Obj", kid->annot);
        HPDF_Dict_Add(objr, "Pg", tg->hp[kid->page]);
        HPDF_Array_Add(k, objr);
    }
}

static void S_write_elems(struct tagging *tg, HPDF_Doc pdf, HPDF_Dict root, HPDF_Array ids)
{
    size_t notes = 0;
    for (size_t i = 1; i < tg->count; i++) {
        struct S_elem *e = &tg->elems[i];
        if (!e->attached)
            continue;
        e->dict = S_dict(pdf, "StructElem");
        HPDF_Xref_Add(pdf->xref, e->dict);
    }
    for (size_t i = 1; i < tg->count; i++) {
        struct S_elem *e = &tg->elems[i];
        if (!e->attached)
            continue;
        HPDF_Dict_AddName(e->dict, "S", S_names[e->type]);
        HPDF_Dict_Add(e->dict, "P", i == TAG_ROOT ? root : tg->elems[e->parent].dict);
        size_t pg = (size_t)-1;
        for (size_t k = 0; k < e->count && pg == (size_t)-1; k++)
            if (e->kids[k].kind == S_KID_MCID)
                pg = e->kids[k].page;
        if (pg != (size_t)-1)
            HPDF_Dict_Add(e->dict, "Pg", tg->hp[pg]);
        HPDF_Array k = HPDF_Array_New(pdf->mmgr);
        for (size_t j = 0; j < e->count; j++)
            S_add_kid(tg, pdf, k, &e->kids[j], pg);
        HPDF_Dict_Add(e->dict, "K", k);
        if (e->alt)
            HPDF_Dict_Add(e->dict, "Alt", S_string(pdf->mmgr, e->alt));
        if (e->lang)
            HPDF_Dict_Add(e->dict, "Lang", HPDF_String_New(pdf->mmgr, e->lang, NULL));
        if (e->scope) {
            HPDF_Dict a = HPDF_Dict_New(pdf->mmgr);
            HPDF_Dict_AddName(a, "O", "Table");
            HPDF_Dict_AddName(a, "Scope", e->scope == 2 ? "Row" : "Column");
            HPDF_Dict_Add(e->dict, "A", a);
        }
        if (e->type == TAG_NOTE) { /* PDF/UA: a Note has an ID */
            char id[32];
            snprintf(id, sizeof id, "note-%06zu", ++notes);
            HPDF_Dict_Add(e->dict, "ID", HPDF_String_New(pdf->mmgr, id, NULL));
            HPDF_Array_Add(ids, HPDF_String_New(pdf->mmgr, id, NULL));
            HPDF_Array_Add(ids, e->dict);
        }
    }
}

/* A number tree filled in key order: one /Nums array, or, when more pairs
 * than one array may hold are coming, /Kids of leaves of `per_leaf` pairs
 * with their /Limits (ISO 32000-1, 7.9.7). */
struct S_numtree {
    HPDF_Doc pdf;
    HPDF_Array kids, nums, limits;
    size_t in_leaf, per_leaf;
    int leaves;
};

static void S_numtree_put(struct S_numtree *t, HPDF_INT32 key, void *value)
{
    if (!t->nums || (t->leaves && t->in_leaf == t->per_leaf)) {
        t->nums = HPDF_Array_New(t->pdf->mmgr);
        t->in_leaf = 0;
        if (t->leaves) {
            if (!t->kids)
                t->kids = HPDF_Array_New(t->pdf->mmgr);
            HPDF_Dict leaf = HPDF_Dict_New(t->pdf->mmgr);
            HPDF_Xref_Add(t->pdf->xref, leaf);
            t->limits = HPDF_Array_New(t->pdf->mmgr);
            HPDF_Array_AddNumber(t->limits, key);
            HPDF_Array_AddNumber(t->limits, key);
            HPDF_Dict_Add(leaf, "Limits", t->limits);
            HPDF_Dict_Add(leaf, "Nums", t->nums);
            HPDF_Array_Add(t->kids, leaf);
        }
    }
    if (t->limits) /* the leaf's last key so far */
        ((HPDF_Number)HPDF_Array_GetItem(t->limits, 1, HPDF_OCLASS_NUMBER))->value = key;
    HPDF_Array_AddNumber(t->nums, key);
    HPDF_Array_Add(t->nums, value);
    t->in_leaf++;
}

int tagging_finish(struct tagging *tg, HPDF_Doc pdf, const struct tagging_meta *meta,
                   struct diag_list *diags)
{
    if (!tg)
        return 0;
    tagging_end(tg);
    S_place_notes(tg);
    S_split_large(tg, tg->max_kids);
    HPDF_Dict root = S_dict(pdf, "StructTreeRoot");
    HPDF_Xref_Add(pdf->xref, root);
    tg->elems[TAG_ROOT].attached = 1;
    HPDF_Array ids = HPDF_Array_New(pdf->mmgr);
    S_write_elems(tg, pdf, root, ids);
    HPDF_Dict_Add(root, "K", tg->elems[TAG_ROOT].dict);
    if (HPDF_Array_Items(ids) > 0) {
        HPDF_Dict idtree = HPDF_Dict_New(pdf->mmgr);
        HPDF_Dict_Add(idtree, "Names", ids);
        HPDF_Dict_Add(root, "IDTree", idtree);
    } else {
        HPDF_Array_Free(ids);
    }
    /* the ParentTree: a page's MCIDs to their elements, then each link
     * annotation to its Link */
    size_t pages = 0;
    while (pages < tg->page_count && tg->hp[pages])
        pages++;
    struct S_numtree nt = {pdf,
                           NULL,
                           NULL,
                           NULL,
                           0,
                           tg->max_kids / 2 ? tg->max_kids / 2 : 1,
                           pages + tg->annot_count > (tg->max_kids / 2 ? tg->max_kids / 2 : 1)};
    for (size_t p = 0; p < pages; p++) {
        HPDF_Array owners = HPDF_Array_New(pdf->mmgr);
        for (size_t m = 0; m < tg->pages[p].count; m++)
            HPDF_Array_Add(owners, tg->elems[tg->pages[p].owners[m]].dict);
        S_numtree_put(&nt, (HPDF_INT32)p, owners);
        HPDF_Dict_AddNumber(tg->hp[p], "StructParents", (HPDF_INT32)p);
        HPDF_Dict_AddName(tg->hp[p], "Tabs", "S"); /* annotations in structure order */
    }
    size_t key = tg->page_count;
    for (size_t a = 0; a < tg->annot_count; a++, key++) {
        struct S_elem *link = &tg->elems[tg->annots[a].tag];
        HPDF_Dict annot = tg->annots[a].annot;
        while (link->text.len > 0 && link->text.data[link->text.len - 1] == ' ')
            link->text.data[--link->text.len] = '\0'; /* the last word's space glyph */
        HPDF_Dict_AddNumber(annot, "StructParent", (HPDF_INT32)key);
        HPDF_Dict_AddNumber(annot, "F", 4); /* printed (PDF/A) */
        HPDF_Dict_Add(annot, "Contents",
                      S_string(pdf->mmgr, link->text.len ? link->text.data : "link"));
        S_numtree_put(&nt, (HPDF_INT32)key, link->dict);
    }
    HPDF_Dict ptree = HPDF_Dict_New(pdf->mmgr);
    if (nt.kids)
        HPDF_Dict_Add(ptree, "Kids", nt.kids);
    else
        HPDF_Dict_Add(ptree, "Nums", nt.nums ? nt.nums : HPDF_Array_New(pdf->mmgr));
    HPDF_Xref_Add(pdf->xref, ptree);
    HPDF_Dict_Add(root, "ParentTree", ptree);
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)key);
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
