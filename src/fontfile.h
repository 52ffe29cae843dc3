/* TrueType files as a build reads them: each file once, for every
 * edition's PDF and for the web fonts. A file keeps its bytes, its cmap,
 * the metrics the PDF engine measures with (computed from head, hhea,
 * hmtx, loca and glyf as libharu computes them, so that a check measures
 * without loading the face into a PDF document) and its GPOS kerning.
 * Nothing here belongs to one document. */
#ifndef FOLIO_FONTFILE_H
#define FOLIO_FONTFILE_H

#include <stddef.h>
#include <stdint.h>

/* The code points that map to a real glyph, as sorted disjoint ranges. */
struct font_cmap {
    uint32_t (*ranges)[2]; /* [first, last] inclusive */
    size_t count;
    uint16_t *glyph; /* glyph ids of the Basic Multilingual Plane, 0x10000 of them (or NULL) */
};

/* Reads the cmap of a TrueType file (subtable format 12, else format 4).
 * Returns 0, or -1 with *error set to a static reason. */
int font_cmap_read(const char *path, struct font_cmap *cmap, const char **error);
int font_cmap_has(const struct font_cmap *cmap, uint32_t cp);
/* The glyph id of `cp`, 0 (.notdef) when none. */
uint32_t font_cmap_glyph(const struct font_cmap *cmap, uint32_t cp);
void font_cmap_free(struct font_cmap *cmap);

struct font_kern;

struct font_file {
    char *path;
    unsigned char *data; /* the file's bytes; NULL when it cannot be read */
    size_t len;
    int cmap_state;         /* 0 unread, 1 read, -1 none (cmap_error says why) */
    const char *cmap_error; /* static */
    struct font_cmap cmap;
    int metrics_state; /* 0 unread, 1 read, -1 a table missing */
    unsigned units_per_em, glyphs, h_metrics;
    size_t hmtx, loca, glyf, glyf_len; /* table offsets in data */
    int long_loca;
    int ascent, descent; /* hhea's, in 1/1000 em */
    int16_t *advance;    /* of the BMP in 1/1000 em, computed on demand (INT16_MIN: not yet) */
    struct font_kern *kern;
    int kern_state;  /* 0 unread, 1 read, -1 none */
    int haru_state;  /* 0 not tried, 1 libharu loads the file, -1 it refuses it */
    int web_checked; /* a check found webfont_woff2 takes it: once for every edition */
};

/* The files of one build, keyed by path; a zeroed cache is empty. */
struct font_cache {
    struct font_file **files;
    size_t count;
};

void font_cache_free(struct font_cache *cache);

/* The file at `path`, read on the first call for it (see data). */
struct font_file *font_cache_file(struct font_cache *cache, const char *path);

/* The cmap, parsed on first use: 0, or -1 (cmap_error says why). */
int font_file_cmap(struct font_file *f);

/* The advance of `cp` (at most U+FFFF) in 1/1000 em, as libharu's
 * HPDF_TTFontDef_GetCharWidth gives it: the glyph's hmtx advance times
 * 1000 / unitsPerEm, truncated; .notdef's for a code point without a
 * glyph. 0 when the tables are missing. */
double font_file_advance(struct font_file *f, uint32_t cp);

/* hhea's ascender and descender in 1/1000 em (libharu's fontdef->ascent,
 * ->descent); 0 when missing. */
int font_file_ascent(struct font_file *f);
int font_file_descent(struct font_file *f);

/* The glyf bounding box of the glyph of `cp` in 1/1000 em, as libharu's
 * HPDF_TTFontDef_GetCharBBox: left, bottom, right, top. 0, or -1 when
 * there is no such glyph or the box is empty. */
int font_file_glyph_box(struct font_file *f, uint32_t cp, double box[4]);

/* The kerning between two code points in 1/1000 em (negative: closer),
 * from the pair adjustments (XAdvance) of the GPOS 'kern' feature's
 * PairPos lookups, formats 1 and 2, extension lookups included: Noto Sans
 * has no old-style 'kern' table. 0 when the file has none or lacks either
 * character. Pairs are cached. */
double font_file_kern(struct font_file *f, uint32_t left, uint32_t right);

/* The offset and length of the sfnt table `tag` in data[0..len): 0, or
 * -1 when absent or out of bounds. */
int font_sfnt_table(const unsigned char *data, size_t len, const char *tag, size_t *off,
                    size_t *table_len);

#endif
