#include <stdlib.h>
#include <string.h>

#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>

#include "deflate.h"
#include "font.h"
#include "subset.h"
#include "util.h"

struct font_kern;
static void font_kern_free(struct font_kern *k);

/* ---- cmap --------------------------------------------------------------- */

static uint32_t rd16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void cmap_add(struct font_cmap *cmap, size_t *cap, uint32_t first, uint32_t last)
{
    if (cmap->count > 0 && cmap->ranges[cmap->count - 1][1] + 1 == first) {
        cmap->ranges[cmap->count - 1][1] = last;
        return;
    }
    if (cmap->count == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        cmap->ranges = xrealloc(cmap->ranges, *cap * sizeof *cmap->ranges);
    }
    cmap->ranges[cmap->count][0] = first;
    cmap->ranges[cmap->count][1] = last;
    cmap->count++;
}

static int range_cmp(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Sorts and merges overlapping or touching ranges. */
static void cmap_normalize(struct font_cmap *cmap)
{
    if (cmap->count == 0)
        return;
    qsort(cmap->ranges, cmap->count, sizeof *cmap->ranges, range_cmp);
    size_t out = 0;
    for (size_t i = 1; i < cmap->count; i++) {
        if (cmap->ranges[i][0] <= cmap->ranges[out][1] + 1) {
            if (cmap->ranges[i][1] > cmap->ranges[out][1])
                cmap->ranges[out][1] = cmap->ranges[i][1];
        } else {
            out++;
            cmap->ranges[out][0] = cmap->ranges[i][0];
            cmap->ranges[out][1] = cmap->ranges[i][1];
        }
    }
    cmap->count = out + 1;
}

static void cmap_glyph(struct font_cmap *cmap, uint32_t c, uint32_t glyph)
{
    if (c > 0xFFFF)
        return;
    if (!cmap->glyph)
        cmap->glyph = xcalloc(0x10000, sizeof *cmap->glyph);
    cmap->glyph[c] = (uint16_t)glyph;
}

static int cmap_format4(const unsigned char *t, size_t len, struct font_cmap *cmap)
{
    size_t cap = 0;
    if (len < 14)
        return -1;
    size_t segs = rd16(t + 6) / 2;
    size_t ends = 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs,
           offsets = deltas + 2 * segs;
    if (offsets + 2 * segs > len)
        return -1;
    for (size_t i = 0; i < segs; i++) {
        uint32_t end = rd16(t + ends + 2 * i), start = rd16(t + starts + 2 * i);
        uint32_t delta = rd16(t + deltas + 2 * i), ro = rd16(t + offsets + 2 * i);
        for (uint32_t c = start; c <= end && c != 0xFFFF; c++) {
            uint32_t glyph;
            if (ro == 0) {
                glyph = (c + delta) & 0xFFFF;
            } else {
                size_t at = offsets + 2 * i + ro + 2 * (size_t)(c - start);
                if (at + 2 > len)
                    break;
                glyph = rd16(t + at);
                if (glyph != 0)
                    glyph = (glyph + delta) & 0xFFFF;
            }
            if (glyph != 0) {
                cmap_add(cmap, &cap, c, c);
                cmap_glyph(cmap, c, glyph);
            }
        }
    }
    return 0;
}

static int cmap_format12(const unsigned char *t, size_t len, struct font_cmap *cmap)
{
    size_t cap = 0;
    if (len < 16)
        return -1;
    uint32_t groups = rd32(t + 12);
    if (groups > (len - 16) / 12)
        return -1;
    for (uint32_t i = 0; i < groups; i++) {
        const unsigned char *g = t + 16 + 12 * (size_t)i;
        uint32_t first = rd32(g), last = rd32(g + 4), glyph = rd32(g + 8);
        if (last < first || last > 0x10FFFF)
            continue;
        if (glyph == 0)
            first++, glyph++; /* the first code maps to .notdef */
        if (first <= last)
            cmap_add(cmap, &cap, first, last);
        for (uint32_t c = first; c <= last && c <= 0xFFFF; c++)
            cmap_glyph(cmap, c, glyph + (c - first));
    }
    return 0;
}

/* Finds the best Unicode subtable; returns its offset within cmap or 0. */
static size_t cmap_pick(const unsigned char *c, size_t len, unsigned *format)
{
    size_t best = 0;
    int best_rank = 0;
    if (len < 4)
        return 0;
    size_t n = rd16(c + 2);
    for (size_t i = 0; i < n && 4 + 8 * i + 8 <= len; i++) {
        const unsigned char *r = c + 4 + 8 * i;
        uint32_t platform = rd16(r), encoding = rd16(r + 2), off = rd32(r + 4);
        if (off + 2 > len)
            continue;
        unsigned f = rd16(c + off);
        int unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        int rank = !unicode ? 0 : f == 12 ? 2 : f == 4 ? 1 : 0;
        if (rank > best_rank) {
            best_rank = rank;
            best = off;
            *format = f;
        }
    }
    return best;
}

int font_cmap_read(const char *path, struct font_cmap *cmap, const char **error)
{
    size_t len;
    unsigned char *data = (unsigned char *)file_read(path, &len);
    memset(cmap, 0, sizeof *cmap);
    if (!data) {
        *error = "cannot be read";
        return -1;
    }
    int rc = -1;
    *error = "is not a TrueType font with a Unicode cmap";
    if (len >= 12) {
        size_t tables = rd16(data + 4);
        for (size_t i = 0; i < tables && 12 + 16 * i + 16 <= len; i++) {
            const unsigned char *rec = data + 12 + 16 * i;
            if (memcmp(rec, "cmap", 4) != 0)
                continue;
            size_t off = rd32(rec + 8), tlen = rd32(rec + 12);
            if (off > len || tlen > len - off)
                break;
            unsigned format = 0;
            size_t sub = cmap_pick(data + off, tlen, &format);
            if (sub == 0)
                break;
            const unsigned char *t = data + off + sub;
            size_t slen = tlen - sub;
            rc = format == 12 ? cmap_format12(t, slen, cmap) : cmap_format4(t, slen, cmap);
            break;
        }
    }
    free(data);
    if (rc == 0 && cmap->count > 0) {
        cmap_normalize(cmap);
        return 0;
    }
    font_cmap_free(cmap);
    return -1;
}

int font_cmap_has(const struct font_cmap *cmap, uint32_t cp)
{
    size_t lo = 0, hi = cmap->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < cmap->ranges[mid][0])
            hi = mid;
        else if (cp > cmap->ranges[mid][1])
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

uint32_t font_cmap_glyph(const struct font_cmap *cmap, uint32_t cp)
{
    return cmap->glyph && cp <= 0xFFFF ? cmap->glyph[cp] : 0;
}

void font_cmap_free(struct font_cmap *cmap)
{
    free(cmap->ranges);
    free(cmap->glyph);
    cmap->glyph = NULL;
    cmap->ranges = NULL;
    cmap->count = 0;
}

/* ---- faces -------------------------------------------------------------- */

void font_set_init(struct font_set *set, HPDF_Doc pdf, struct diag_list *diags)
{
    memset(set, 0, sizeof *set);
    set->pdf = pdf;
    set->diags = diags;
}

void font_set_free(struct font_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        font_cmap_free(&set->faces[i]->cmap);
        font_kern_free(set->faces[i]->kern);
        free(set->faces[i]->advance);
        free(set->faces[i]->path);
        free(set->faces[i]->family);
        free(set->faces[i]);
    }
    free(set->faces);
    memset(set, 0, sizeof *set);
}

struct font_face *font_set_face(struct font_set *set, const struct theme_font *font,
                                enum theme_face face)
{
    const char *path = font->file[face] ? font->file[face] : font->file[FACE_REGULAR];
    if (!path)
        return NULL;
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->faces[i]->path, path) == 0)
            return set->faces[i];
    struct font_face *f = xcalloc(1, sizeof *f);
    f->path = xstrdup(path);
    f->family = xstrdup(font->family ? font->family : "?");
    set->faces = xrealloc(set->faces, (set->count + 1) * sizeof *set->faces);
    set->faces[set->count++] = f;
    return f;
}

int font_face_has(struct font_set *set, struct font_face *face, uint32_t cp)
{
    if (face->cmap_state == 0) {
        const char *why;
        if (font_cmap_read(face->path, &face->cmap, &why) == 0) {
            face->cmap_state = 1;
        } else {
            face->cmap_state = -1;
            diag_add(set->diags, DIAG_ERROR, face->path, 0, "font file %s", why);
        }
    }
    if (face->cmap_state < 0)
        return -1;
    /* libharu's widths and encoder stop at the Basic Multilingual Plane. */
    return cp <= 0xFFFF && font_cmap_has(&face->cmap, cp);
}

/* libharu's HPDF_GetFont with the UTF-8 encoder builds the CIDFontType2's
 * /W array and /CIDToGIDMap for all 65,536 BMP code points, each looked up
 * in the font's cmap (CIDFontType2_New: half the time of a short build).
 * Only an encoder whose to_unicode_fn is libharu's CMap one limits that
 * to the codes of its cid_map. For the call the UTF-8 encoder passes for
 * one with a single code, the space; its functions and maps are put back
 * after (folio draws with its own encoding, font_face_encode), and
 * tounicode_fix writes /W and /CIDToGIDMap for the code points used,
 * before saving. */
static HPDF_Font S_type0_font(HPDF_Doc pdf, const char *name)
{
    HPDF_Encoder encoder = HPDF_GetEncoder(pdf, "UTF-8");
    HPDF_CMapEncoderAttr attr = encoder ? (HPDF_CMapEncoderAttr)encoder->attr : NULL;
    if (!attr || encoder->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE)
        return HPDF_GetFont(pdf, name, "UTF-8");
    HPDF_UINT16(*cids)[256] = xmalloc(sizeof attr->cid_map);
    HPDF_UNICODE(*codes)[256] = xmalloc(sizeof attr->unicode_map);
    memcpy(cids, attr->cid_map, sizeof attr->cid_map);
    memcpy(codes, attr->unicode_map, sizeof attr->unicode_map);
    memset(attr->cid_map, 0, sizeof attr->cid_map);
    attr->cid_map[0][0x20] = 0x20;
    attr->unicode_map[0][0x20] = 0x20;
    HPDF_Encoder_ToUnicode_Func to_unicode = encoder->to_unicode_fn;
    encoder->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
    HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
    encoder->to_unicode_fn = to_unicode;
    memcpy(attr->cid_map, cids, sizeof attr->cid_map);
    memcpy(attr->unicode_map, codes, sizeof attr->unicode_map);
    free(cids);
    free(codes);
    return font;
}

HPDF_Font font_face_font(struct font_set *set, struct font_face *face)
{
    if (face->font || face->load_failed)
        return face->font;
    const char *name = HPDF_LoadTTFontFromFile(set->pdf, face->path, HPDF_TRUE);
    if (name)
        face->font = S_type0_font(set->pdf, name);
    if (!face->font) {
        face->load_failed = 1;
        diag_add(set->diags, DIAG_ERROR, face->path, 0,
                 "the PDF library cannot load this TrueType font");
    }
    return face->font;
}

int font_face_glyph_box(struct font_set *set, struct font_face *face, uint32_t cp, double box[4])
{
    HPDF_Font font =
        cp <= 0xFFFF && font_face_has(set, face, cp) == 1 ? font_face_font(set, face) : NULL;
    HPDF_FontDef def = font && font->attr ? ((HPDF_FontAttr)font->attr)->fontdef : NULL;
    if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE)
        return -1;
    HPDF_Box b = HPDF_TTFontDef_GetCharBBox(def, (HPDF_UINT16)cp);
    if (b.right <= b.left || b.top <= b.bottom)
        return -1;
    box[0] = b.left;
    box[1] = b.bottom;
    box[2] = b.right;
    box[3] = b.top;
    return 0;
}

double font_face_advance(struct font_set *set, struct font_face *face, uint32_t cp)
{
    if (cp > 0xFFFF)
        return 0;
    if (face->advance && face->advance[cp] != INT16_MIN)
        return face->advance[cp];
    HPDF_Font font = font_face_font(set, face);
    if (!font)
        return 0;
    /* libharu searches its tables at every call: measuring and drawing
     * ask for the same few hundred characters again and again */
    if (!face->advance) {
        face->advance = xmalloc(0x10000 * sizeof *face->advance);
        for (size_t i = 0; i < 0x10000; i++)
            face->advance[i] = INT16_MIN;
    }
    HPDF_INT w = HPDF_Font_GetUnicodeWidth(font, (HPDF_UNICODE)cp);
    face->advance[cp] = (int16_t)(w > INT16_MAX ? INT16_MAX : w < -INT16_MAX ? -INT16_MAX : w);
    return face->advance[cp];
}

uint32_t font_utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t c = p[0];
    int n = c < 0x80             ? 0
            : (c & 0xE0) == 0xC0 ? 1
            : (c & 0xF0) == 0xE0 ? 2
            : (c & 0xF8) == 0xF0 ? 3
                                 : -1;
    if (n < 0) {
        *s += 1;
        return 0xFFFD;
    }
    c = n == 0 ? c : n == 1 ? c & 0x1F : n == 2 ? c & 0x0F : c & 0x07;
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s += i;
            return 0xFFFD;
        }
        c = c << 6 | (p[i] & 0x3F);
    }
    *s += n + 1;
    return c;
}

/* ---- subsetting fix ------------------------------------------------------ */

struct sfnt_table {
    size_t off, len;
};

static int sfnt_find(const unsigned char *data, size_t len, const char *tag, struct sfnt_table *t)
{
    if (len < 12)
        return -1;
    size_t tables = rd16(data + 4);
    for (size_t i = 0; i < tables && 12 + 16 * i + 16 <= len; i++) {
        const unsigned char *rec = data + 12 + 16 * i;
        if (memcmp(rec, tag, 4) != 0)
            continue;
        t->off = rd32(rec + 8);
        t->len = rd32(rec + 12);
        return t->off <= len && t->len <= len - t->off ? 0 : -1;
    }
    return -1;
}

/* Marks the components of the used composite glyphs as used, to a fixed
 * point (components may be composites themselves). */
static void mark_components(const unsigned char *data, size_t len, HPDF_BYTE *used, size_t glyphs)
{
    struct sfnt_table head, loca, glyf;
    if (sfnt_find(data, len, "head", &head) != 0 || head.len < 54 ||
        sfnt_find(data, len, "loca", &loca) != 0 || sfnt_find(data, len, "glyf", &glyf) != 0)
        return;
    int long_loca = rd16(data + head.off + 50) != 0;
    size_t entry = long_loca ? 4 : 2;
    if (loca.len / entry < glyphs + 1)
        return;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t g = 0; g < glyphs; g++) {
            if (!used[g])
                continue;
            const unsigned char *l = data + loca.off + g * entry;
            size_t start = long_loca ? rd32(l) : rd16(l) * 2u;
            size_t end = long_loca ? rd32(l + entry) : rd16(l + entry) * 2u;
            if (end <= start + 10 || end > glyf.len)
                continue;
            const unsigned char *p = data + glyf.off + start, *stop = data + glyf.off + end;
            if ((int16_t)rd16(p) >= 0)
                continue; /* a simple glyph */
            p += 10;
            for (unsigned flags = 0x20; (flags & 0x20) && p + 4 <= stop;) {
                flags = rd16(p);
                size_t component = rd16(p + 2);
                p += 4 + ((flags & 1) ? 4 : 2);
                p += (flags & 8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0;
                if (component < glyphs && !used[component]) {
                    used[component] = 1;
                    changed = 1;
                }
            }
        }
    }
}

int font_face_encode(struct font_set *set, struct font_face *face, const char *text,
                     struct buf *out)
{
    HPDF_Font font = font_face_font(set, face);
    if (!font || !font->attr || face->cmap_state != 1)
        return -1;
    HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
    if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE || !def->attr)
        return -1;
    HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)def->attr;
    static const char digits[] = "0123456789ABCDEF";
    size_t start = out->len;
    buf_put(out, "<", 1);
    for (const char *s = text; *s;) {
        uint32_t cp = font_utf8_next(&s);
        if (cp > 0xFFFF) {
            out->len = start;
            out->data[start] = '\0';
            return -1;
        }
        uint32_t gid = font_cmap_glyph(&face->cmap, cp);
        if (tt->glyph_tbl.flgs && gid < tt->num_glyphs)
            tt->glyph_tbl.flgs[gid] = 1;
        char hex[4];
        for (int k = 0; k < 4; k++)
            hex[k] = digits[(cp >> (12 - 4 * k)) & 0xF];
        buf_put(out, hex, 4);
    }
    buf_put(out, ">", 1);
    return 0;
}

/* The font descriptor with the embedded subset (FontFile2), made here as
 * libharu's CIDFontType2_BeforeWrite_Func would make it when saving, so
 * that the file is deflated at folio's level (deflate.c) and not at
 * zlib's default: the subsets are most of a short document's bytes.
 * libharu then finds fontdef->descriptor set and only links it. */
static void S_font_descriptor(const struct font_face *face)
{
    HPDF_Font font = face->font;
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    HPDF_FontDef def = attr->fontdef;
    HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)def->attr;
    if (def->descriptor || !tt->embedding || !attr->xref)
        return;
    HPDF_Dict descriptor = HPDF_Dict_New(font->mmgr);
    HPDF_Dict data = HPDF_DictStream_New(font->mmgr, attr->xref);
    if (!descriptor || !data)
        return;
    /* hb-subset's subset, a tenth of the bytes libharu's writer keeps
     * (every table but the unused glyphs' outlines) in a third of the time;
     * libharu's writer when it cannot be made */
    struct buf program = {0};
    HPDF_STATUS ret;
    HPDF_UINT length1;
    if (tt->glyph_tbl.flgs && font_subset(face->path, tt->glyph_tbl.flgs, tt->num_glyphs,
                                          face->cmap.glyph, &program) == 0) {
        length1 = (HPDF_UINT)program.len;
        ret = HPDF_Stream_Write(data->stream, (const HPDF_BYTE *)program.data, length1);
    } else {
        ret = HPDF_TTFontDef_SaveFontData(def, data->stream);
        length1 = tt->length1;
    }
    buf_free(&program);
    if (ret != HPDF_OK)
        return;
    ret = HPDF_Dict_Add(descriptor, "FontFile2", data);
    ret += HPDF_Dict_AddNumber(data, "Length1", length1);
    ret += HPDF_Dict_AddNumber(data, "Length2", 0);
    ret += HPDF_Dict_AddNumber(data, "Length3", 0);
    data->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    deflate_stream(data);
    ret += HPDF_Xref_Add(attr->xref, descriptor);
    ret += HPDF_Dict_AddName(descriptor, "Type", "FontDescriptor");
    ret += HPDF_Dict_AddNumber(descriptor, "Ascent", def->ascent);
    ret += HPDF_Dict_AddNumber(descriptor, "Descent", def->descent);
    ret += HPDF_Dict_AddNumber(descriptor, "Flags", def->flags);
    ret += HPDF_Dict_Add(descriptor, "FontBBox", HPDF_Box_Array_New(font->mmgr, def->font_bbox));
    ret += HPDF_Dict_AddName(descriptor, "FontName", tt->base_font);
    ret += HPDF_Dict_AddNumber(descriptor, "ItalicAngle", def->italic_angle);
    ret += HPDF_Dict_AddNumber(descriptor, "StemV", def->stemv);
    ret += HPDF_Dict_AddNumber(descriptor, "XHeight", def->x_height);
    if (ret == HPDF_OK)
        def->descriptor = descriptor;
}

void font_set_finish(struct font_set *set, int embed)
{
    for (size_t i = 0; i < set->count; i++) {
        HPDF_Font font = set->faces[i]->font;
        if (!font || !font->attr)
            continue;
        HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
        if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE || !def->attr)
            continue;
        HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)def->attr;
        size_t len;
        unsigned char *data = (unsigned char *)file_read(set->faces[i]->path, &len);
        if (data && tt->glyph_tbl.flgs)
            mark_components(data, len, tt->glyph_tbl.flgs, tt->num_glyphs);
        free(data);
        if (embed)
            S_font_descriptor(set->faces[i]);
    }
}

/* ---- kerning: the GPOS 'kern' feature ------------------------------------- */

/* The pair adjustments of a face: its GPOS table, the PairPos subtables
 * of the 'kern' lookups, and a cache of the pairs asked for. */
struct font_kern {
    unsigned char *gpos;
    size_t len;
    size_t *subs;       /* offsets of PairPos subtables in gpos */
    size_t *lookup_end; /* per lookup: the end of its subtables in subs */
    size_t sub_count, lookup_count;
    double scale;   /* 1000 / unitsPerEm */
    uint32_t *keys; /* open addressing: left << 16 | right; KERN_EMPTY when free */
    float *values;
    size_t cap, used;
};

#define KERN_EMPTY 0xFFFFFFFFu

static void font_kern_free(struct font_kern *k)
{
    if (!k)
        return;
    free(k->gpos);
    free(k->subs);
    free(k->lookup_end);
    free(k->keys);
    free(k->values);
    free(k);
}

/* Bounds-checked reads: 0 past the end (a damaged table then kerns nothing). */
static uint32_t g16(const struct font_kern *k, size_t off)
{
    return off + 2 <= k->len ? rd16(k->gpos + off) : 0;
}

static uint32_t g32(const struct font_kern *k, size_t off)
{
    return off + 4 <= k->len ? rd32(k->gpos + off) : 0;
}

/* The coverage index of glyph g, or -1. */
static long kern_coverage(const struct font_kern *k, size_t off, uint32_t g)
{
    uint32_t format = g16(k, off), count = g16(k, off + 2);
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (format == 1) {
            uint32_t v = g16(k, off + 4 + 2 * mid);
            if (v == g)
                return (long)mid;
            if (v < g)
                lo = mid + 1;
            else
                hi = mid;
        } else if (format == 2) {
            size_t r = off + 4 + 6 * mid;
            uint32_t start = g16(k, r), end = g16(k, r + 2);
            if (g < start)
                hi = mid;
            else if (g > end)
                lo = mid + 1;
            else
                return (long)(g16(k, r + 4) + (g - start));
        } else {
            return -1;
        }
    }
    return -1;
}

static uint32_t kern_class(const struct font_kern *k, size_t off, uint32_t g)
{
    uint32_t format = g16(k, off);
    if (format == 1) {
        uint32_t start = g16(k, off + 2), count = g16(k, off + 4);
        return g >= start && g - start < count ? g16(k, off + 6 + 2 * (g - start)) : 0;
    }
    if (format != 2)
        return 0;
    size_t lo = 0, hi = g16(k, off + 2);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, r = off + 4 + 6 * mid;
        if (g < g16(k, r))
            hi = mid;
        else if (g > g16(k, r + 2))
            lo = mid + 1;
        else
            return g16(k, r + 4);
    }
    return 0;
}

static size_t popcount16(uint32_t v)
{
    size_t n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

/* The XAdvance of the first glyph by one PairPos subtable; returns 1 when
 * the subtable applies to the pair (then the lookup's later subtables
 * are not consulted), 0 when not. */
static int kern_pairpos(const struct font_kern *k, size_t off, uint32_t g1, uint32_t g2,
                        double *value)
{
    uint32_t format = g16(k, off);
    long cov = kern_coverage(k, off + g16(k, off + 2), g1);
    if (cov < 0)
        return 0;
    uint32_t vf1 = g16(k, off + 4), vf2 = g16(k, off + 6);
    size_t size1 = 2 * popcount16(vf1), size2 = 2 * popcount16(vf2);
    size_t xadv = 2 * popcount16(vf1 & 3); /* XPlacement, YPlacement come first */
    if (format == 1) {
        if ((uint32_t)cov >= g16(k, off + 8))
            return 0;
        size_t set = off + g16(k, off + 10 + 2 * (size_t)cov);
        size_t rec = 2 + size1 + size2, lo = 0, hi = g16(k, set);
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2, r = set + 2 + rec * mid;
            uint32_t second = g16(k, r);
            if (second == g2) {
                if (vf1 & 4)
                    *value += (int16_t)g16(k, r + 2 + xadv);
                return 1;
            }
            if (second < g2)
                lo = mid + 1;
            else
                hi = mid;
        }
        return 0;
    }
    if (format != 2)
        return 0;
    uint32_t c1 = kern_class(k, off + g16(k, off + 8), g1);
    uint32_t c2 = kern_class(k, off + g16(k, off + 10), g2);
    uint32_t n1 = g16(k, off + 12), n2 = g16(k, off + 14);
    if (c1 >= n1 || c2 >= n2)
        return 1;
    size_t r = off + 16 + ((size_t)c1 * n2 + c2) * (size1 + size2);
    if (vf1 & 4)
        *value += (int16_t)g16(k, r + xadv);
    return 1;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The lookup indices of the 'kern' feature of the Latin script (else the
 * default script, else any script), sorted: lookups apply in list order. */
static size_t kern_lookups(const struct font_kern *k, uint32_t *out, size_t max)
{
    size_t scripts = g16(k, 4), features = g16(k, 6), n = 0;
    size_t langsys = 0;
    for (int pass = 0; pass < 2 && !langsys; pass++) {
        for (size_t i = 0; i < g16(k, scripts); i++) {
            size_t rec = scripts + 2 + 6 * i;
            if (rec + 4 <= k->len && memcmp(k->gpos + rec, pass ? "DFLT" : "latn", 4) == 0) {
                size_t script = scripts + g16(k, rec + 4);
                langsys = g16(k, script) ? script + g16(k, script) : 0;
                break;
            }
        }
    }
    size_t fcount = g16(k, features);
    size_t idx_count = langsys ? g16(k, langsys + 4) : fcount;
    for (size_t i = 0; i < idx_count; i++) {
        size_t f = langsys ? g16(k, langsys + 6 + 2 * i) : i;
        size_t rec = features + 2 + 6 * f;
        if (f >= fcount || rec + 6 > k->len || memcmp(k->gpos + rec, "kern", 4) != 0)
            continue;
        size_t feature = features + g16(k, rec + 4);
        for (size_t j = 0; j < g16(k, feature + 2) && n < max; j++)
            out[n++] = g16(k, feature + 4 + 2 * j);
    }
    qsort(out, n, sizeof *out, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || out[u - 1] != out[i])
            out[u++] = out[i];
    return u;
}

static struct font_kern *kern_load(const char *path)
{
    size_t len;
    unsigned char *data = (unsigned char *)file_read(path, &len);
    struct sfnt_table gpos, head;
    if (!data || sfnt_find(data, len, "GPOS", &gpos) != 0 ||
        sfnt_find(data, len, "head", &head) != 0 || head.len < 54 || gpos.len < 10) {
        free(data);
        return NULL;
    }
    struct font_kern *k = xcalloc(1, sizeof *k);
    uint32_t upem = rd16(data + head.off + 18);
    k->scale = 1000.0 / (upem ? upem : 1000);
    k->gpos = xmalloc(gpos.len);
    memcpy(k->gpos, data + gpos.off, gpos.len);
    k->len = gpos.len;
    free(data);

    uint32_t lookups[256];
    size_t count = kern_lookups(k, lookups, 256);
    size_t list = g16(k, 8), cap = 0;
    k->lookup_end = xcalloc(count ? count : 1, sizeof *k->lookup_end);
    for (size_t i = 0; i < count; i++) {
        if (lookups[i] >= g16(k, list))
            continue;
        size_t lookup = list + g16(k, list + 2 + 2 * (size_t)lookups[i]);
        uint32_t type = g16(k, lookup);
        for (size_t s = 0; s < g16(k, lookup + 4); s++) {
            size_t sub = lookup + g16(k, lookup + 6 + 2 * s);
            if (type == 9 && g16(k, sub) == 1 && g16(k, sub + 2) == 2)
                sub += g32(k, sub + 4); /* an extension lookup: 32-bit offset */
            else if (type != 2)
                continue;
            if (sub >= k->len)
                continue;
            if (k->sub_count == cap) {
                cap = cap ? cap * 2 : 16;
                k->subs = xrealloc(k->subs, cap * sizeof *k->subs);
            }
            k->subs[k->sub_count++] = sub;
        }
        k->lookup_end[k->lookup_count++] = k->sub_count;
    }
    return k;
}

static double kern_compute(const struct font_kern *k, uint32_t g1, uint32_t g2)
{
    double value = 0;
    size_t s = 0;
    for (size_t l = 0; l < k->lookup_count; l++) {
        for (; s < k->lookup_end[l]; s++)
            if (kern_pairpos(k, k->subs[s], g1, g2, &value))
                break;
        s = k->lookup_end[l];
    }
    return value * k->scale;
}

static size_t kern_slot(const struct font_kern *k, uint32_t key)
{
    uint32_t x = key; /* "lowbias32": every bit of the key reaches the low bits */
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    size_t h = x & (k->cap - 1);
    while (k->keys[h] != KERN_EMPTY && k->keys[h] != key)
        h = (h + 1) & (k->cap - 1);
    return h;
}

double font_face_kern(struct font_set *set, struct font_face *face, uint32_t left, uint32_t right)
{
    if (left > 0xFFFF || right > 0xFFFF || face->kern_state < 0)
        return 0;
    if (face->kern_state == 0) {
        face->kern = kern_load(face->path);
        face->kern_state = face->kern && face->kern->lookup_count ? 1 : -1;
        if (face->kern_state < 0)
            return 0;
    }
    struct font_kern *k = face->kern;
    uint32_t key = left << 16 | right;
    if (key == KERN_EMPTY)
        return 0;
    if (k->cap && k->keys[kern_slot(k, key)] == key)
        return k->values[kern_slot(k, key)];
    if (font_face_has(set, face, left) != 1 || font_face_has(set, face, right) != 1)
        return 0;
    double v =
        kern_compute(k, font_cmap_glyph(&face->cmap, left), font_cmap_glyph(&face->cmap, right));
    if (2 * (k->used + 1) > k->cap) { /* grow and rehash */
        uint32_t *keys = k->keys;
        float *values = k->values;
        size_t old = k->cap;
        k->cap = old ? old * 2 : 1024;
        k->keys = xmalloc(k->cap * sizeof *k->keys);
        k->values = xmalloc(k->cap * sizeof *k->values);
        memset(k->keys, 0xFF, k->cap * sizeof *k->keys);
        for (size_t i = 0; i < old; i++)
            if (keys[i] != KERN_EMPTY) {
                size_t h = kern_slot(k, keys[i]);
                k->keys[h] = keys[i];
                k->values[h] = values[i];
            }
        free(keys);
        free(values);
    }
    size_t h = kern_slot(k, key);
    k->keys[h] = key;
    k->values[h] = (float)v;
    k->used++;
    return (float)v;
}

size_t font_utf8_put(char *out, uint32_t c)
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
