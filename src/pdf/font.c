#include <stdlib.h>
#include <string.h>

#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>

#include "deflate.h"
#include "font.h"
#include "subset.h"
#include "util.h"

static uint32_t rd16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- faces -------------------------------------------------------------- */

void font_set_init(struct font_set *set, HPDF_Doc pdf, struct font_cache *cache, int draws,
                   struct diag_list *diags)
{
    memset(set, 0, sizeof *set);
    set->pdf = pdf;
    set->diags = diags;
    set->cache = cache ? cache : &set->own;
    set->draws = draws;
}

void font_set_free(struct font_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->faces[i]->measured);
        free(set->faces[i]->path);
        free(set->faces[i]->family);
        free(set->faces[i]);
    }
    free(set->faces);
    font_cache_free(&set->own);
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
    f->file = font_cache_file(set->cache, path);
    set->faces = xrealloc(set->faces, (set->count + 1) * sizeof *set->faces);
    set->faces[set->count++] = f;
    return f;
}

int font_face_has(struct font_set *set, struct font_face *face, uint32_t cp)
{
    if (face->cmap_state == 0) {
        if (font_file_cmap(face->file) == 0) {
            face->cmap_state = 1;
        } else {
            face->cmap_state = -1;
            diag_add(set->diags, DIAG_ERROR, face->path, 0, "font file %s", face->file->cmap_error);
        }
    }
    if (face->cmap_state < 0)
        return -1;
    /* libharu's widths and encoder stop at the Basic Multilingual Plane;
     * a code point with a glyph is in the cmap without a search */
    const struct font_cmap *cmap = &face->file->cmap;
    return cp <= 0xFFFF && ((cmap->glyph && cmap->glyph[cp]) || font_cmap_has(cmap, cp));
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

static void S_load_failed(struct font_set *set, struct font_face *face)
{
    face->load_failed = 1;
    diag_add(set->diags, DIAG_ERROR, face->path, 0,
             "the PDF library cannot load this TrueType font");
}

HPDF_Font font_face_font(struct font_set *set, struct font_face *face)
{
    if (face->font || face->load_failed)
        return face->font;
    const char *name = HPDF_LoadTTFontFromFile(set->pdf, face->path, HPDF_TRUE);
    if (name)
        face->font = S_type0_font(set->pdf, name);
    face->file->haru_state = face->font ? 1 : -1;
    if (!face->font)
        S_load_failed(set, face);
    return face->font;
}

int font_face_ready(struct font_set *set, struct font_face *face)
{
    if (face->ready || face->load_failed)
        return face->ready;
    if (set->draws || face->file->haru_state == 0)
        face->ready = font_face_font(set, face) != NULL;
    else if (face->file->haru_state > 0)
        face->ready = 1;
    else
        S_load_failed(set, face);
    return face->ready;
}

int font_face_ascent(const struct font_face *face)
{
    return font_file_ascent(face->file);
}

int font_face_descent(const struct font_face *face)
{
    return font_file_descent(face->file);
}

int font_face_glyph_box(struct font_set *set, struct font_face *face, uint32_t cp, double box[4])
{
    if (cp > 0xFFFF || font_face_has(set, face, cp) != 1 || !font_face_ready(set, face))
        return -1;
    return font_file_glyph_box(face->file, cp, box);
}

double font_face_advance(struct font_set *set, struct font_face *face, uint32_t cp)
{
    if (cp > 0xFFFF || !font_face_ready(set, face))
        return 0;
    if (!face->measured)
        face->measured = xcalloc(0x10000 / 8, 1);
    face->measured[cp >> 3] |= (unsigned char)(1u << (cp & 7));
    const int16_t *known = face->file->advance; /* measuring asks for a few hundred, often */
    return known && known[cp] != INT16_MIN ? known[cp] : font_file_advance(face->file, cp);
}

double font_face_kern(struct font_set *set, struct font_face *face, uint32_t left, uint32_t right)
{
    if (face->cmap_state == 0)
        font_face_has(set, face, left); /* reports an unreadable cmap */
    return face->cmap_state > 0 ? font_file_kern(face->file, left, right) : 0;
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

/* Marks the components of the used composite glyphs as used, to a fixed
 * point (components may be composites themselves). */
static void mark_components(const unsigned char *data, size_t len, HPDF_BYTE *used, size_t glyphs)
{
    size_t head, head_len, loca, loca_len, glyf, glyf_len;
    if (font_sfnt_table(data, len, "head", &head, &head_len) != 0 || head_len < 54 ||
        font_sfnt_table(data, len, "loca", &loca, &loca_len) != 0 ||
        font_sfnt_table(data, len, "glyf", &glyf, &glyf_len) != 0)
        return;
    int long_loca = rd16(data + head + 50) != 0;
    size_t entry = long_loca ? 4 : 2;
    if (loca_len / entry < glyphs + 1)
        return;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t g = 0; g < glyphs; g++) {
            if (!used[g])
                continue;
            const unsigned char *l = data + loca + g * entry;
            size_t start = long_loca ? rd32(l) : rd16(l) * 2u;
            size_t end = long_loca ? rd32(l + entry) : rd16(l + entry) * 2u;
            if (end <= start + 10 || end > glyf_len)
                continue;
            const unsigned char *p = data + glyf + start, *stop = data + glyf + end;
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
        uint32_t gid = font_cmap_glyph(&face->file->cmap, cp);
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
    const struct font_file *file = face->file;
    if (tt->glyph_tbl.flgs && file &&
        font_subset(file->data, file->len, tt->glyph_tbl.flgs, tt->num_glyphs,
                    file->cmap_state == 1 ? file->cmap.glyph : NULL, &program) == 0) {
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

/* No bit set among the 64 at `bits`. */
static int S_none(const unsigned char *bits)
{
    uint64_t word;
    memcpy(&word, bits, sizeof word);
    return word == 0;
}

void font_set_finish(struct font_set *set, int embed)
{
    for (size_t i = 0; i < set->count; i++) {
        struct font_face *face = set->faces[i];
        HPDF_Font font = face->font;
        if (!font || !font->attr)
            continue;
        HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
        if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE || !def->attr)
            continue;
        HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)def->attr;
        /* as HPDF_TTFontDef_GetCharWidth marks what it measures */
        for (uint32_t cp = 0; tt->glyph_tbl.flgs && face->measured && cp < 0x10000; cp++) {
            if (cp % 64 == 0 && S_none(face->measured + cp / 8)) {
                cp += 63;
                continue;
            }
            if (!(face->measured[cp >> 3] & (1u << (cp & 7))))
                continue;
            HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
            if (gid < tt->num_glyphs)
                tt->glyph_tbl.flgs[gid] = 1;
        }
        if (face->file->data && tt->glyph_tbl.flgs)
            mark_components(face->file->data, face->file->len, tt->glyph_tbl.flgs, tt->num_glyphs);
        if (embed)
            S_font_descriptor(set->faces[i]);
    }
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
