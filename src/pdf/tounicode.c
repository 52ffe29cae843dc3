#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>

#include "tounicode.h"
#include "util.h"

#define S_CODES 0x10000
#define S_PER_BLOCK 100 /* entries per bfchar/bfrange block */

/* The glyph of code point u in segment i of a format 4 cmap, as
 * HPDF_TTFontDef_GetGlyphid finds it, without its search for the segment
 * (a scan of every segment before it, for each code point); libharu's own
 * call where the segments overlap or the index is at the array's end. */
static HPDF_UINT16 S_glyph(HPDF_FontDef def, const HPDF_TTF_CmapRange *cm, size_t i,
                           unsigned before, unsigned u)
{
    size_t segs = cm->seg_count_x2 / 2u;
    if (cm->format != 4 || (i > 0 && before >= u))
        return HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)u);
    if (cm->id_range_offset[i] == 0)
        return (HPDF_UINT16)(u + cm->id_delta[i]);
    size_t idx = cm->id_range_offset[i] / 2u + (u - cm->start_count[i]) - (segs - i);
    if (idx >= cm->glyph_id_array_count)
        return HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)u);
    return (HPDF_UINT16)(cm->glyph_id_array[idx] + cm->id_delta[i]);
}

/* Marks in `used` the BMP code points whose glyph libharu will embed.
 * Only the code points of the font's own cmap segments are looked at, so
 * this costs a few thousand look-ups, not 65536 linear scans. */
static void S_used_codes(HPDF_FontDef def, unsigned char *used, HPDF_UINT16 *gids)
{
    HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)def->attr;
    const HPDF_TTF_CmapRange *cm = &tt->cmap;
    if (!tt->glyph_tbl.flgs || !cm->start_count || !cm->end_count)
        return;
    size_t segs = cm->seg_count_x2 / 2u;
    unsigned before = 0; /* the highest end of the segments before */
    for (size_t i = 0; i < segs; i++) {
        /* U+0000..U+001F are libharu's notdef range; U+FFFF ends the cmap. */
        unsigned first = cm->start_count[i] < 0x20 ? 0x20 : cm->start_count[i];
        unsigned last = cm->end_count[i] > 0xFFFE ? 0xFFFE : cm->end_count[i];
        for (unsigned u = first; u <= last; u++) {
            HPDF_UINT16 gid = S_glyph(def, cm, i, before, u);
            if (gid != 0 && gid < tt->num_glyphs && tt->glyph_tbl.flgs[gid]) {
                used[u] = 1;
                gids[u] = gid;
            }
        }
        if (cm->end_count[i] > before)
            before = cm->end_count[i];
    }
}

/* One mapping: codes [first, last] to the same code points. */
struct S_run {
    unsigned first, last;
};

/* The runs of used codes, none crossing a 256-code block. */
static size_t S_runs(const unsigned char *used, struct S_run **out)
{
    size_t count = 0, cap = 0;
    struct S_run *runs = NULL;
    for (unsigned u = 0; u < S_CODES; u++) {
        if (!used[u])
            continue;
        unsigned last = u;
        while (last + 1 < S_CODES && used[last + 1] && ((last + 1) & 0xFF) != 0)
            last++;
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            runs = xrealloc(runs, cap * sizeof *runs);
        }
        runs[count++] = (struct S_run){u, last};
        u = last;
    }
    *out = runs;
    return count;
}

/* Writes the runs of one kind (singles as bfchar, else bfrange) in blocks
 * of at most S_PER_BLOCK entries. */
static void S_write_kind(struct buf *b, const struct S_run *runs, size_t count, int ranges)
{
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        n += (runs[i].first != runs[i].last) == ranges;
    const char *kind = ranges ? "bfrange" : "bfchar";
    size_t in_block = 0;
    for (size_t i = 0; i < count; i++) {
        const struct S_run *r = &runs[i];
        if ((r->first != r->last) != ranges)
            continue;
        if (in_block == 0)
            buf_printf(b, "%zu begin%s\n", n < S_PER_BLOCK ? n : S_PER_BLOCK, kind);
        if (ranges)
            buf_printf(b, "<%04X> <%04X> <%04X>\n", r->first, r->last, r->first);
        else
            buf_printf(b, "<%04X> <%04X>\n", r->first, r->first);
        n--;
        if (++in_block == S_PER_BLOCK || n == 0) {
            buf_printf(b, "end%s\n", kind);
            in_block = 0;
        }
    }
}

/* The text of the CMap: every used code to itself. */
static char *S_cmap_text(const unsigned char *used)
{
    struct S_run *runs;
    size_t count = S_runs(used, &runs);
    struct buf b = {0};
    buf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
                 "12 dict begin\n"
                 "begincmap\n"
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                 "/CMapName /Adobe-Identity-UCS def\n"
                 "/CMapType 2 def\n"
                 "1 begincodespacerange\n"
                 "<0000> <FFFF>\n"
                 "endcodespacerange\n");
    S_write_kind(&b, runs, count, 0);
    S_write_kind(&b, runs, count, 1);
    buf_puts(&b, "endcmap\n"
                 "CMapName currentdict /CMap defineresource pop\n"
                 "end\n"
                 "end\n");
    free(runs);
    return b.data;
}

/* The font's ToUnicode stream when it is one we know how to replace: a
 * Type0 font over a TrueType file, with libharu's UTF-8 encoder (where
 * CID = code point). NULL otherwise. */
static HPDF_Dict S_target(HPDF_Font font)
{
    HPDF_FontAttr attr = font ? (HPDF_FontAttr)font->attr : NULL;
    if (!attr || attr->type != HPDF_FONT_TYPE0_TT || !attr->cmap_stream || !attr->encoder ||
        strcmp(attr->encoder->name, "UTF-8") != 0)
        return NULL;
    HPDF_FontDef def = attr->fontdef;
    if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE || !def->attr)
        return NULL;
    /* only if it really is the /ToUnicode entry (not an /Encoding CMap) */
    if (HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT) != attr->cmap_stream)
        return NULL;
    return attr->cmap_stream->stream ? attr->cmap_stream : NULL;
}

/* The descendant font's /W (the widths that differ from /DW) and the
 * /CIDToGIDMap stream, for the used codes only: font.c had libharu make
 * them for one code (see S_type0_font there). */
static void S_widths_and_map(HPDF_Font font, const unsigned char *used, const HPDF_UINT16 *gids)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    HPDF_Dict descendant = attr->descendant_font;
    if (!descendant)
        return;
    HPDF_INT16 dw = attr->fontdef->missing_width;
    HPDF_Array widths = HPDF_Array_New(font->mmgr), run = NULL;
    unsigned last = 0;
    for (unsigned u = 0; u < S_CODES && widths; u++) {
        if (!used[u]) {
            run = NULL;
            continue;
        }
        last = u;
        HPDF_INT16 w = HPDF_TTFontDef_GetGidWidth(attr->fontdef, gids[u]);
        if (w == dw) {
            run = NULL;
        } else {
            if (!run) {
                HPDF_Array_AddNumber(widths, (HPDF_INT32)u);
                run = HPDF_Array_New(font->mmgr);
                HPDF_Array_Add(widths, run);
            }
            HPDF_Array_AddNumber(run, w);
        }
    }
    if (widths)
        HPDF_Dict_Add(descendant, "W", widths);
    if (!attr->map_stream || !attr->map_stream->stream)
        return;
    size_t len = 2 * ((size_t)last + 1);
    HPDF_BYTE *map = xcalloc(len, 1);
    for (unsigned u = 0; u <= last; u++) {
        map[2 * u] = (HPDF_BYTE)(used[u] ? gids[u] >> 8 : 0);
        map[2 * u + 1] = (HPDF_BYTE)(used[u] ? gids[u] & 0xFF : 0);
    }
    HPDF_MemStream_FreeData(attr->map_stream->stream);
    HPDF_Stream_Write(attr->map_stream->stream, map, (HPDF_UINT)len);
    free(map);
}

void tounicode_fix(HPDF_Doc pdf)
{
    if (!pdf || !pdf->font_mgr)
        return;
    unsigned char *used = xmalloc(S_CODES);
    HPDF_UINT16 *gids = xcalloc(S_CODES, sizeof *gids);
    for (HPDF_UINT i = 0; i < pdf->font_mgr->count; i++) {
        HPDF_Font font = HPDF_List_ItemAt(pdf->font_mgr, i);
        HPDF_Dict cmap = S_target(font);
        if (!cmap)
            continue;
        memset(used, 0, S_CODES);
        S_used_codes(((HPDF_FontAttr)font->attr)->fontdef, used, gids);
        S_widths_and_map(font, used, gids);
        char *text = S_cmap_text(used);
        /* the encoding CMap's keys; absent ones are no error */
        HPDF_Dict_RemoveElement(cmap, "Type");
        HPDF_Dict_RemoveElement(cmap, "CMapName");
        HPDF_Dict_RemoveElement(cmap, "CIDSystemInfo");
        HPDF_Dict_RemoveElement(cmap, "WMode");
        HPDF_MemStream_FreeData(cmap->stream);
        HPDF_Stream_WriteStr(cmap->stream, text);
        free(text);
    }
    free(gids);
    free(used);
}
