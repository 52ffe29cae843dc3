/* The web edition's fonts: subset with hb-subset, packed as WOFF2.
 *
 * WOFF2 (W3C REC 2018) is a 48-byte header, a table directory and one
 * Brotli stream of the tables concatenated. Debian's WOFF2 encoder,
 * libwoff2enc, has only a C++ interface; the container is this short, so
 * it is written here over libbrotlienc (C), with the null transform for
 * every table (glyf and loca stored as they are: version 3), which every
 * WOFF2 decoder reads. */
#include <brotli/encode.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "webfont.h"

static uint32_t S_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void S_put_u32(struct buf *b, uint32_t v)
{
    char c[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    buf_put(b, c, 4);
}

static void S_put_u16(struct buf *b, unsigned v)
{
    char c[2] = {(char)(v >> 8), (char)v};
    buf_put(b, c, 2);
}

/* UIntBase128: 7 bits a byte, most significant first, no leading zeros. */
static void S_put_base128(struct buf *b, uint32_t v)
{
    char c[5];
    int n = 0;
    do {
        c[4 - n] = (char)(v & 0x7f);
        v >>= 7;
        n++;
    } while (v);
    for (int i = 5 - n; i < 4; i++)
        c[i] |= (char)0x80;
    buf_put(b, c + 5 - n, (size_t)n);
}

struct S_table {
    uint32_t tag, offset, length;
};

static int S_by_tag(const void *a, const void *b)
{
    uint32_t x = ((const struct S_table *)a)->tag, y = ((const struct S_table *)b)->tag;
    return x < y ? -1 : x > y;
}

static const uint32_t S_glyf = 0x676c7966, S_loca = 0x6c6f6361;

/* An sfnt (TrueType) font as WOFF2. 0, or -1 when it is not one. */
static int S_pack(const unsigned char *font, size_t len, struct buf *out)
{
    if (len < 12)
        return -1;
    size_t n = (size_t)font[4] << 8 | font[5];
    if (n == 0 || len < 12 + 16 * n)
        return -1;
    struct S_table *tables = xmalloc(n * sizeof *tables);
    size_t stream_len = 0;
    uint32_t sfnt_size = (uint32_t)(12 + 16 * n);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *r = font + 12 + 16 * i;
        tables[i] = (struct S_table){S_u32(r), S_u32(r + 8), S_u32(r + 12)};
        if (tables[i].offset > len || tables[i].length > len - tables[i].offset) {
            free(tables);
            return -1;
        }
        stream_len += tables[i].length;
        sfnt_size += (tables[i].length + 3) & ~3u;
    }
    qsort(tables, n, sizeof *tables, S_by_tag);

    char *stream = xmalloc(stream_len ? stream_len : 1);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(stream + at, font + tables[i].offset, tables[i].length);
        at += tables[i].length;
    }
    size_t packed_len = BrotliEncoderMaxCompressedSize(stream_len);
    uint8_t *packed = xmalloc(packed_len);
    /* quality 6 of 11 and a 128 kB window (a subset is tens of kB): on
     * the booklet's 8 faces 5 % more bytes than quality 11 in a fortieth
     * of the time, and no time in the kernel zeroing the default 4 MB */
    int ok = BrotliEncoderCompress(6, 17, BROTLI_MODE_FONT, stream_len, (const uint8_t *)stream,
                                   &packed_len, packed);
    free(stream);
    if (!ok) {
        free(packed);
        free(tables);
        return -1;
    }

    struct buf dir = {0};
    buf_put(&dir, "", 0);
    for (size_t i = 0; i < n; i++) {
        int null_glyf = tables[i].tag == S_glyf || tables[i].tag == S_loca;
        /* tag index 63: the tag follows; version 3 is glyf's and loca's
         * null transform, version 0 every other table's */
        char flags = (char)(0x3f | (null_glyf ? 0xc0 : 0));
        buf_put(&dir, &flags, 1);
        S_put_u32(&dir, tables[i].tag);
        S_put_base128(&dir, tables[i].length);
    }
    size_t total = 48 + dir.len + packed_len;
    total = (total + 3) & ~(size_t)3;

    buf_put(out, "", 0);
    S_put_u32(out, 0x774f4632);  /* 'wOF2' */
    S_put_u32(out, S_u32(font)); /* the sfnt version */
    S_put_u32(out, (uint32_t)total);
    S_put_u16(out, (unsigned)n);
    S_put_u16(out, 0);
    S_put_u32(out, sfnt_size);
    S_put_u32(out, (uint32_t)packed_len);
    S_put_u16(out, 1); /* WOFF version 1.0 */
    S_put_u16(out, 0);
    for (int i = 0; i < 5; i++) /* no metadata, no private data */
        S_put_u32(out, 0);
    buf_put(out, dir.data, dir.len);
    buf_put(out, (const char *)packed, packed_len);
    while (out->len < total)
        buf_put(out, "", 1);
    buf_free(&dir);
    free(packed);
    free(tables);
    return 0;
}

/* The font's bytes as a blob: `data` when given, else the file read. */
static hb_blob_t *S_blob(const char *path, const char *data, size_t len)
{
    return data ? hb_blob_create_or_fail(data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL)
                : hb_blob_create_from_file_or_fail(path);
}

int webfont_woff2(const char *path, const char *data, size_t len, const uint32_t *codepoints,
                  size_t count, char **out, size_t *out_len, char *error, size_t error_size)
{
    *out = NULL;
    *out_len = 0;
    hb_blob_t *blob = S_blob(path, data, len);
    if (!blob) {
        snprintf(error, error_size, "cannot read the font %s", path);
        return -1;
    }
    hb_face_t *face = hb_face_create(blob, 0);
    hb_subset_input_t *input = hb_subset_input_create_or_fail();
    hb_face_t *subset = NULL;
    int rc = -1;
    if (input) {
        hb_set_t *unicodes = hb_subset_input_unicode_set(input);
        for (size_t i = 0; i < count; i++)
            hb_set_add(unicodes, codepoints[i]);
        /* a screen's rasteriser hints by itself; TrueType hints are most
         * of Noto's bytes */
        hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
        subset = hb_subset_or_fail(face, input);
    }
    if (!subset) {
        snprintf(error, error_size, "the font %s cannot be subset (not a TrueType font?)", path);
    } else {
        hb_blob_t *sub = hb_face_reference_blob(subset);
        unsigned int sub_len = 0;
        const char *sub_data = hb_blob_get_data(sub, &sub_len);
        struct buf b = {0};
        if (S_pack((const unsigned char *)sub_data, sub_len, &b) == 0) {
            *out = b.data;
            *out_len = b.len;
            rc = 0;
        } else {
            buf_free(&b);
            snprintf(error, error_size, "the font %s cannot be packed as WOFF2", path);
        }
        hb_blob_destroy(sub);
        hb_face_destroy(subset);
    }
    hb_subset_input_destroy(input);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return rc;
}

int webfont_check(const char *path, const char *data, size_t len, char *error, size_t error_size)
{
    /* the subset of no character: what reading, subsetting and packing
     * can refuse, at a fraction of an edition's cost */
    char *out;
    size_t out_len;
    int rc = webfont_woff2(path, data, len, NULL, 0, &out, &out_len, error, error_size);
    free(out);
    return rc;
}
