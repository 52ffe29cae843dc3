#include <stdlib.h>
#include <string.h>

#include <hpdf_font.h>
#include <hpdf_fontdef.h>

#include "font.h"
#include "util.h"

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
            if (glyph != 0)
                cmap_add(cmap, &cap, c, c);
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
            first++; /* the first code maps to .notdef */
        if (first <= last)
            cmap_add(cmap, &cap, first, last);
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

void font_cmap_free(struct font_cmap *cmap)
{
    free(cmap->ranges);
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

HPDF_Font font_face_font(struct font_set *set, struct font_face *face)
{
    if (face->font || face->load_failed)
        return face->font;
    const char *name = HPDF_LoadTTFontFromFile(set->pdf, face->path, HPDF_TRUE);
    if (name)
        face->font = HPDF_GetFont(set->pdf, name, "UTF-8");
    if (!face->font) {
        face->load_failed = 1;
        diag_add(set->diags, DIAG_ERROR, face->path, 0,
                 "the PDF library cannot load this TrueType font");
    }
    return face->font;
}

double font_face_advance(struct font_set *set, struct font_face *face, uint32_t cp)
{
    HPDF_Font font = font_face_font(set, face);
    if (!font || cp > 0xFFFF)
        return 0;
    return HPDF_Font_GetUnicodeWidth(font, (HPDF_UNICODE)cp);
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

void font_set_finish(struct font_set *set)
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
    }
}
