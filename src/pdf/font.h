/* TrueType faces for the PDF writer: each theme font file is read once
 * per build (fontfile.h: its cmap says which code points have a glyph,
 * for libharu draws an empty box for the others without a word; its
 * metrics measure the text) and loaded into each drawn document's
 * libharu once, lazily, when text first needs it. */
#ifndef FOLIO_PDF_FONT_H
#define FOLIO_PDF_FONT_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "diag.h"
#include "fontfile.h"
#include "theme.h"
#include "util.h"

struct font_face {
    char *path;             /* absolute path of the .ttf */
    char *family;           /* "Noto Sans", for messages */
    struct font_file *file; /* its bytes, cmap, metrics and kerning, shared by the build */
    int cmap_state;         /* 0 unasked, 1 readable, -1 unreadable (reported once) */
    HPDF_Font font;         /* NULL until first loaded */
    int load_failed;
    int ready; /* libharu takes the face: loaded here, or (nothing drawn) in an earlier document */
    /* the code points measured, a bit each for the BMP: their glyphs go into
     * the subset, as libharu's own measuring would put them */
    unsigned char *measured;
};

/* The faces of one document, keyed by file path. */
struct font_set {
    HPDF_Doc pdf;
    struct diag_list *diags;
    struct font_cache *cache; /* the build's, or `own` */
    struct font_cache own;
    int draws; /* the document will be drawn: each face is loaded into it */
    struct font_face **faces;
    size_t count;
};

/* `cache` holds the files for every document of a build (NULL: the set
 * reads its own). With `draws` 0 (a check) a face is loaded into libharu
 * only when no earlier document of the cache loaded it: the metrics are
 * the file's, libharu's verdict on it is the same for every document. */
void font_set_init(struct font_set *set, HPDF_Doc pdf, struct font_cache *cache, int draws,
                   struct diag_list *diags);
void font_set_free(struct font_set *set);

/* The face of a theme font, regular when the wanted face has no file. */
struct font_face *font_set_face(struct font_set *set, const struct theme_font *font,
                                enum theme_face face);

/* 1 when the face has a glyph for `cp`, 0 when not, -1 when its cmap is
 * unreadable (reported once, as an error). */
int font_face_has(struct font_set *set, struct font_face *face, uint32_t cp);

/* 1 when libharu loads the face (into this document when it draws; the
 * first call does), 0 after a failure (reported once, as an error). */
int font_face_ready(struct font_set *set, struct font_face *face);

/* The libharu font (loaded on first use), or NULL after a failure. */
HPDF_Font font_face_font(struct font_set *set, struct font_face *face);

/* The advance of `cp` in 1/1000 em (0 when the font is unavailable). */
double font_face_advance(struct font_set *set, struct font_face *face, uint32_t cp);

/* The face's ascent and descent (negative) in 1/1000 em, libharu's. */
int font_face_ascent(const struct font_face *face);
int font_face_descent(const struct font_face *face);

/* The bounding box of the glyph of `cp` in 1/1000 em: left, bottom,
 * right, top. Returns 0, or -1 when the face has no such glyph. */
int font_face_glyph_box(struct font_set *set, struct font_face *face, uint32_t cp, double box[4]);

/* The kerning between two code points in 1/1000 em (font_file_kern). */
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
 * used (this marks those of the code points measured) and misses the
 * components of composite glyphs (the acute of "í" in Noto Sans Display
 * Bold), which then print without their accents. This marks those
 * components as used too. With `embed` (the file will be
 * saved) it also makes each face's font descriptor and subset, deflated
 * at deflate.c's level, in place of libharu's at save time. */
void font_set_finish(struct font_set *set, int embed);

/* Encodes `c` in UTF-8 into out (room for 4 bytes); returns the bytes
 * written, not NUL-terminated. */
size_t font_utf8_put(char *out, uint32_t c);

/* Decodes one UTF-8 sequence at *s, advancing it; U+FFFD for bad bytes. */
uint32_t font_utf8_next(const char **s);

#endif
