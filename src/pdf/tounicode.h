/* A correct ToUnicode CMap for libharu's UTF-8 TrueType fonts.
 *
 * What libharu 2.3.0 writes wrong. A TrueType font loaded with
 * HPDF_LoadTTFontFromFile and used through the "UTF-8" encoder becomes a
 * Type0 font with /Encoding /Identity-H, a CIDFontType2 descendant and a
 * /ToUnicode stream. libharu's UTF-8 encoder (hpdf_encoder_utf.c) writes
 * every character into the content stream as its Unicode code point in two
 * bytes (code points above U+FFFF become a space), and Identity-H makes that
 * code the CID; the /CIDToGIDMap stream then maps each CID, that is each
 * BMP code point, to the font's glyph (hpdf_font_cid.c, CIDFontType2_New).
 * So CID = Unicode code point, not glyph id. For the /ToUnicode entry,
 * however, CreateCMap (hpdf_font_cid.c) writes the *encoding* CMap of the
 * encoder: a code-space range, a notdef range and "1 begincidrange <0000>
 * <FFFF> 0 endcidrange", which maps codes to CIDs (all to CID 0), not to
 * Unicode. A ToUnicode CMap may only use bfchar/bfrange (PDF 32000-1:2008,
 * 9.10.3), so readers reject it: pdftotext prints "Syntax Warning: Invalid
 * 'begincidrange' operator in ToUnicode CMap" once per font and falls back
 * to guessing from the embedded font's own cmap.
 *
 * What we write instead, in the same stream object: a CMap with
 * /CMapType 2, the code space <0000>-<FFFF>, and beginbfchar/beginbfrange
 * entries mapping each used CID to itself as UTF-16BE: the code points
 * whose glyph is in the embedded subset (libharu flags a glyph when text is
 * measured or drawn with it; font_set_finish adds composite components).
 * Ranges never cross a 256-code block, as bfrange requires, and each
 * block holds at most 100 entries, as the CMap specification recommends.
 * The stream dictionary loses the encoding CMap's keys (/Type /CMap,
 * /CMapName, /CIDSystemInfo, /WMode), which a ToUnicode stream does not
 * carry.
 *
 * Fonts reached through libharu's internals (hpdf_doc.h, hpdf_font.h,
 * hpdf_fontdef.h), as font.c and the /Lang code of writer.c do. */
#ifndef FOLIO_PDF_TOUNICODE_H
#define FOLIO_PDF_TOUNICODE_H

#include <hpdf.h>

/* Replaces the ToUnicode CMap of every Type0 TrueType font of `pdf` that
 * uses the UTF-8 encoder. Call once, after all text is drawn and before
 * saving. Other fonts are left alone. libharu errors go to its handler. */
void tounicode_fix(HPDF_Doc pdf);

#endif
