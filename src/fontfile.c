/* TrueType files read once per build: the cmap, libharu's metrics, the
 * GPOS kerning. */
#include <stdlib.h>
#include <string.h>

#include "fontfile.h"
#include "util.h"

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

int font_sfnt_table(const unsigned char *data, size_t len, const char *tag, size_t *off,
                    size_t *table_len)
{
    if (len < 12)
        return -1;
    size_t tables = rd16(data + 4);
    for (size_t i = 0; i < tables && 12 + 16 * i + 16 <= len; i++) {
        const unsigned char *rec = data + 12 + 16 * i;
        if (memcmp(rec, tag, 4) != 0)
            continue;
        *off = rd32(rec + 8);
        *table_len = rd32(rec + 12);
        return *off <= len && *table_len <= len - *off ? 0 : -1;
    }
    return -1;
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

/* The cmap of the TrueType font in data[0..len). */
static int cmap_parse(const unsigned char *data, size_t len, struct font_cmap *cmap,
                      const char **error)
{
    memset(cmap, 0, sizeof *cmap);
    int rc = -1;
    *error = "is not a TrueType font with a Unicode cmap";
    size_t off, tlen;
    if (font_sfnt_table(data, len, "cmap", &off, &tlen) == 0) {
        unsigned format = 0;
        size_t sub = cmap_pick(data + off, tlen, &format);
        if (sub != 0) {
            const unsigned char *t = data + off + sub;
            size_t slen = tlen - sub;
            rc = format == 12 ? cmap_format12(t, slen, cmap) : cmap_format4(t, slen, cmap);
        }
    }
    if (rc == 0 && cmap->count > 0) {
        cmap_normalize(cmap);
        return 0;
    }
    font_cmap_free(cmap);
    return -1;
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
    int rc = cmap_parse(data, len, cmap, error);
    free(data);
    return rc;
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
/* ---- metrics, as libharu computes them ---------------------------------- */

/* head, hhea, maxp, hmtx, loca and glyf: 0, or -1 when one is missing
 * (libharu refuses such a file too). */
static int S_metrics(struct font_file *f)
{
    if (f->metrics_state == 0) {
        size_t head, head_len, hhea, hhea_len, maxp, maxp_len, hmtx_len, loca_len;
        f->metrics_state = -1;
        if (f->data && font_sfnt_table(f->data, f->len, "head", &head, &head_len) == 0 &&
            head_len >= 54 && font_sfnt_table(f->data, f->len, "hhea", &hhea, &hhea_len) == 0 &&
            hhea_len >= 36 && font_sfnt_table(f->data, f->len, "maxp", &maxp, &maxp_len) == 0 &&
            maxp_len >= 6 && font_sfnt_table(f->data, f->len, "hmtx", &f->hmtx, &hmtx_len) == 0 &&
            font_sfnt_table(f->data, f->len, "loca", &f->loca, &loca_len) == 0 &&
            font_sfnt_table(f->data, f->len, "glyf", &f->glyf, &f->glyf_len) == 0) {
            const unsigned char *d = f->data;
            f->units_per_em = rd16(d + head + 18);
            f->long_loca = rd16(d + head + 50) != 0;
            f->glyphs = rd16(d + maxp + 4);
            f->h_metrics = rd16(d + hhea + 34);
            if (f->units_per_em && f->h_metrics && f->glyphs &&
                4 * (size_t)f->h_metrics <= hmtx_len &&
                (f->glyphs + 1) * (size_t)(f->long_loca ? 4 : 2) <= loca_len) {
                f->ascent = (int16_t)((int32_t)(int16_t)rd16(d + hhea + 4) * 1000 /
                                      (int32_t)f->units_per_em);
                f->descent = (int16_t)((int32_t)(int16_t)rd16(d + hhea + 6) * 1000 /
                                       (int32_t)f->units_per_em);
                f->metrics_state = 1;
            }
        }
    }
    return f->metrics_state > 0 ? 0 : -1;
}

/* The glyph id libharu finds for `cp`. */
static uint32_t S_glyph(struct font_file *f, uint32_t cp)
{
    return font_file_cmap(f) == 0 ? font_cmap_glyph(&f->cmap, cp) : 0;
}

/* hmtx's advance of glyph `gid` times 1000 / unitsPerEm, truncated as
 * libharu truncates it. */
static int S_gid_width(const struct font_file *f, uint32_t gid)
{
    uint32_t m = gid < f->h_metrics ? gid : f->h_metrics - 1;
    return (int16_t)(uint16_t)(rd16(f->data + f->hmtx + 4 * (size_t)m) * 1000u / f->units_per_em);
}

double font_file_advance(struct font_file *f, uint32_t cp)
{
    if (cp > 0xFFFF || S_metrics(f) != 0)
        return 0;
    if (!f->advance) {
        f->advance = xmalloc(0x10000 * sizeof *f->advance);
        for (size_t i = 0; i < 0x10000; i++)
            f->advance[i] = INT16_MIN;
    }
    if (f->advance[cp] == INT16_MIN) {
        uint32_t gid = S_glyph(f, cp);
        int w = gid < f->glyphs ? S_gid_width(f, gid) : S_gid_width(f, 0);
        f->advance[cp] = (int16_t)(w < -INT16_MAX ? -INT16_MAX : w);
    }
    return f->advance[cp];
}

int font_file_ascent(struct font_file *f)
{
    return S_metrics(f) == 0 ? f->ascent : 0;
}

int font_file_descent(struct font_file *f)
{
    return S_metrics(f) == 0 ? f->descent : 0;
}

int font_file_glyph_box(struct font_file *f, uint32_t cp, double box[4])
{
    uint32_t gid = cp <= 0xFFFF && S_metrics(f) == 0 ? S_glyph(f, cp) : 0;
    if (gid == 0 || gid >= f->glyphs)
        return -1;
    const unsigned char *l = f->data + f->loca;
    size_t at = f->long_loca ? rd32(l + 4 * (size_t)gid) : 2 * (size_t)rd16(l + 2 * (size_t)gid);
    if (at + 10 > f->glyf_len)
        return -1;
    const unsigned char *g = f->data + f->glyf + at + 2;
    for (int i = 0; i < 4; i++) /* xMin, yMin, xMax, yMax */
        box[i] = (float)((int32_t)(int16_t)rd16(g + 2 * i) * 1000 / (int32_t)f->units_per_em);
    return box[2] <= box[0] || box[3] <= box[1] ? -1 : 0;
}

/* ---- the cache ------------------------------------------------------------ */

struct font_file *font_cache_file(struct font_cache *cache, const char *path)
{
    for (size_t i = 0; i < cache->count; i++)
        if (strcmp(cache->files[i]->path, path) == 0)
            return cache->files[i];
    struct font_file *f = xcalloc(1, sizeof *f);
    f->path = xstrdup(path);
    f->data = (unsigned char *)file_read(path, &f->len);
    cache->files = xrealloc(cache->files, (cache->count + 1) * sizeof *cache->files);
    cache->files[cache->count++] = f;
    return f;
}

int font_file_cmap(struct font_file *f)
{
    if (f->cmap_state == 0) {
        if (!f->data)
            f->cmap_error = "cannot be read";
        f->cmap_state =
            f->data && cmap_parse(f->data, f->len, &f->cmap, &f->cmap_error) == 0 ? 1 : -1;
    }
    return f->cmap_state > 0 ? 0 : -1;
}

void font_cache_free(struct font_cache *cache)
{
    for (size_t i = 0; i < cache->count; i++) {
        struct font_file *f = cache->files[i];
        font_cmap_free(&f->cmap);
        font_kern_free(f->kern);
        free(f->advance);
        free(f->data);
        free(f->path);
        free(f);
    }
    free(cache->files);
    cache->files = NULL;
    cache->count = 0;
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

static struct font_kern *kern_load(const unsigned char *data, size_t len)
{
    size_t gpos, gpos_len, head, head_len;
    if (!data || font_sfnt_table(data, len, "GPOS", &gpos, &gpos_len) != 0 ||
        font_sfnt_table(data, len, "head", &head, &head_len) != 0 || head_len < 54 || gpos_len < 10)
        return NULL;
    struct font_kern *k = xcalloc(1, sizeof *k);
    uint32_t upem = rd16(data + head + 18);
    k->scale = 1000.0 / (upem ? upem : 1000);
    k->gpos = xmalloc(gpos_len);
    memcpy(k->gpos, data + gpos, gpos_len);
    k->len = gpos_len;

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

double font_file_kern(struct font_file *f, uint32_t left, uint32_t right)
{
    if (left > 0xFFFF || right > 0xFFFF || f->kern_state < 0)
        return 0;
    if (f->kern_state == 0) {
        f->kern = kern_load(f->data, f->len);
        f->kern_state = f->kern && f->kern->lookup_count ? 1 : -1;
        if (f->kern_state < 0)
            return 0;
    }
    struct font_kern *k = f->kern;
    uint32_t key = left << 16 | right;
    if (key == KERN_EMPTY)
        return 0;
    if (k->cap) {
        size_t slot = kern_slot(k, key);
        if (k->keys[slot] == key)
            return k->values[slot];
    }
    if (font_file_cmap(f) != 0 || !font_cmap_has(&f->cmap, left) || !font_cmap_has(&f->cmap, right))
        return 0;
    double v = kern_compute(k, font_cmap_glyph(&f->cmap, left), font_cmap_glyph(&f->cmap, right));
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
