/* TrueType faces for the PDF writer: each theme font file is read once
 * for its cmap (which code points have a glyph: libharu draws an empty
 * box for the others without a word) and loaded into libharu once, lazily,
 * when text first needs it. */
#ifndef FOLIO_PDF_FONT_H
#define FOLIO_PDF_FONT_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "diag.h"
#include "theme.h"
#include "util.h"

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

struct font_face {
    char *path;   /* absolute path of the .ttf */
    char *family; /* "Noto Sans", for messages */
    struct font_cmap cmap;
    int cmap_state; /* 0 unread, 1 read, -1 unreadable (reported once) */
    HPDF_Font font; /* NULL until first loaded */
    int load_failed;
    int16_t *advance;       /* advances of the BMP, cached (INT16_MIN: not asked yet) */
    struct font_kern *kern; /* the GPOS pair adjustments, read on first use */
    int kern_state;         /* 0 unread, 1 read, -1 none */
};

/* The faces of one document, keyed by file path. */
struct font_set {
    HPDF_Doc pdf;
    struct diag_list *diags;
    struct font_face **faces;
    size_t count;
};

void font_set_init(struct font_set *set, HPDF_Doc pdf, struct diag_list *diags);
void font_set_free(struct font_set *set);

/* The face of a theme font, regular when the wanted face has no file. */
struct font_face *font_set_face(struct font_set *set, const struct theme_font *font,
                                enum theme_face face);

/* 1 when the face has a glyph for `cp`, 0 when not, -1 when its cmap is
 * unreadable (reported once, as an error). */
int font_face_has(struct font_set *set, struct font_face *face, uint32_t cp);

/* The libharu font (loaded on first use), or NULL after a failure. */
HPDF_Font font_face_font(struct font_set *set, struct font_face *face);

/* The advance of `cp` in 1/1000 em (0 when the font is unavailable). */
double font_face_advance(struct font_set *set, struct font_face *face, uint32_t cp);

/* The bounding box of the glyph of `cp` in 1/1000 em: left, bottom,
 * right, top. Returns 0, or -1 when the face has no such glyph. */
int font_face_glyph_box(struct font_set *set, struct font_face *face, uint32_t cp, double box[4]);

/* The kerning between two code points in 1/1000 em (negative: closer),
 * from the pair adjustments (XAdvance) of the GPOS 'kern' feature's
 * PairPos lookups, formats 1 and 2, extension lookups included: Noto Sans
 * has no old-style 'kern' table. 0 when the face has none. Pairs are
 * cached per face. */
double font_face_kern(struct font_set *set, struct font_face *face, uint32_t left, uint32_t right);

/* Writes `text` (UTF-8) as a PDF string for the face, "<004F0073>": with
 * libharu's UTF-8 encoder a TrueType font's codes are the characters' code
 * points in two bytes. Marks their glyphs used so the subset embeds them,
 * as libharu's own text functions do. emit.c writes text into the page's
 * content this way: libharu's TextOut measures every string again, which
 * is a sixth of the time of a long document. Returns 0, or -1 for a
 * character beyond the Basic Multilingual Plane (then nothing is
 * written). */
int font_face_encode(struct font_set *set, struct font_face *face, const char *text,
                     struct buf *out);

/* Call before saving: libharu's subsetter keeps only the glyphs it saw
 * used and misses the components of composite glyphs (the acute of "í" in
 * Noto Sans Display Bold), which then print without their accents. This
 * marks those components as used too. With `embed` (the file will be
 * saved) it also makes each face's font descriptor and subset, deflated
 * at deflate.c's level, in place of libharu's at save time. */
void font_set_finish(struct font_set *set, int embed);

/* Encodes `c` in UTF-8 into out (room for 4 bytes); returns the bytes
 * written, not NUL-terminated. */
size_t font_utf8_put(char *out, uint32_t c);

/* Decodes one UTF-8 sequence at *s, advancing it; U+FFFD for bad bytes. */
uint32_t font_utf8_next(const char **s);

#endif
