/* realpath() is an X/Open extension in glibc. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "asset.h"
#include "util.h"

/* Larger images are refused rather than decoded: 50 megapixels. */
#define S_MAX_PIXELS 50000000.0

int asset_href_check(const char *href, const char **why)
{
    if (!href || !*href) {
        *why = "is empty";
        return -1;
    }
    if (href[0] == '/') {
        *why = "is an absolute path";
        return -1;
    }
    for (const char *s = href; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f) {
            *why = "has a control character";
            return -1;
        }
        if (c == '\\' || c == ':') {
            *why = "has a backslash or a colon (a path inside the publication folder is "
                   "expected, not a URL)";
            return -1;
        }
    }
    /* each segment: not empty, not "." nor ".." */
    for (const char *seg = href; seg;) {
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.')) {
            *why = n == 0 ? "has an empty segment" : "has a '.' or '..' segment";
            return -1;
        }
        seg = end ? end + 1 : NULL;
    }
    return 0;
}

static unsigned S_be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned long S_be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

static void S_size_refused(char *why, size_t why_len, unsigned long w, unsigned long h)
{
    if (w == 0 || h == 0)
        snprintf(why, why_len, "has an unusable size (%lu × %lu px)", w, h);
    else
        snprintf(why, why_len, "is %lu × %lu px, more than the limit of %.0f megapixels", w, h,
                 S_MAX_PIXELS / 1e6);
}

/* Decodes the whole PNG (to one grey byte a pixel: the smallest buffer)
 * with libpng's simplified API, which reports errors instead of aborting. */
static int S_png(struct asset_image *img, const unsigned char *data, size_t len, char *why,
                 size_t why_len)
{
    if (len < 24 || memcmp(data + 12, "IHDR", 4) != 0) {
        snprintf(why, why_len, "is not a valid PNG file (no header)");
        return -1;
    }
    unsigned long w = S_be32(data + 16), h = S_be32(data + 20);
    if (w == 0 || h == 0 || (double)w * (double)h > S_MAX_PIXELS) {
        S_size_refused(why, why_len, w, h);
        return -1;
    }
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, len)) {
        snprintf(why, why_len, "is not a valid PNG file (%s)", image.message);
        return -1;
    }
    image.format = PNG_FORMAT_GRAY;
    void *pixels = xmalloc(PNG_IMAGE_SIZE(image));
    int ok = png_image_finish_read(&image, NULL, pixels, 0, NULL);
    free(pixels);
    if (!ok) {
        snprintf(why, why_len, "is not a valid PNG file (%s)", image.message);
        png_image_free(&image);
        return -1;
    }
    img->format = ASSET_PNG;
    img->png_depth = data[24];
    img->png_interlaced = data[28] != 0;
    img->width = (unsigned)w;
    img->height = (unsigned)h;
    return 0;
}

/* Walks a JPEG's markers: a frame header the PDF's DCTDecode filter and
 * the PDF library understand (baseline, extended or progressive; 1, 3 or
 * 4 components), then a scan, then the end-of-image marker. The
 * entropy-coded data itself is not decoded. */
static int S_jpeg(struct asset_image *img, const unsigned char *d, size_t len, char *why,
                  size_t why_len)
{
    size_t i = 2;
    int frame = 0;
    for (;;) {
        while (i < len && d[i] == 0xFF && i + 1 < len && d[i + 1] == 0xFF)
            i++; /* fill bytes */
        if (i + 4 > len || d[i] != 0xFF) {
            snprintf(why, why_len, "is not a valid JPEG file (truncated or damaged)");
            return -1;
        }
        unsigned marker = d[i + 1];
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            i += 2;
            continue;
        }
        unsigned seg = S_be16(d + i + 2);
        if (marker == 0xD9 || seg < 2 || i + 2 + seg > len) {
            snprintf(why, why_len, "is not a valid JPEG file (truncated or damaged)");
            return -1;
        }
        const unsigned char *p = d + i + 4;
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
            marker != 0xCC) {
            if (marker > 0xC2) {
                snprintf(why, why_len,
                         "is a lossless or arithmetic-coded JPEG, which PDF "
                         "does not support");
                return -1;
            }
            if (seg < 8 || (p[5] != 1 && p[5] != 3 && p[5] != 4) || p[0] != 8) {
                snprintf(why, why_len, "is a JPEG of a kind PDF does not support");
                return -1;
            }
            img->height = S_be16(p + 1);
            img->width = S_be16(p + 3);
            frame = 1;
        } else if (marker == 0xDA) {
            i += 2 + seg;
            break;
        }
        i += 2 + seg;
    }
    if (!frame || img->width == 0 || img->height == 0) {
        snprintf(why, why_len, "is not a valid JPEG file (no image size before the data)");
        return -1;
    }
    if ((double)img->width * (double)img->height > S_MAX_PIXELS) {
        S_size_refused(why, why_len, img->width, img->height);
        return -1;
    }
    /* 0xFF 0xD9 can only be a marker in the entropy-coded data */
    for (; i + 1 < len; i++)
        if (d[i] == 0xFF && d[i + 1] == 0xD9) {
            img->format = ASSET_JPEG;
            return 0;
        }
    snprintf(why, why_len, "is not a valid JPEG file (truncated: no end marker)");
    return -1;
}

/* 1 when the file name ends as its format says (.png; .jpg or .jpeg, any
 * case): web servers give the type by the name, and no image can be
 * copied over index.html or style.css. */
static int S_extension_ok(const char *name, enum asset_format format)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return 0;
    char ext[6] = {0};
    for (size_t i = 0; i < sizeof ext - 1 && dot[i + 1]; i++)
        ext[i] = (char)(dot[i + 1] | 0x20);
    if (strlen(dot + 1) >= sizeof ext)
        return 0;
    return format == ASSET_PNG ? strcmp(ext, "png") == 0
                               : strcmp(ext, "jpg") == 0 || strcmp(ext, "jpeg") == 0;
}

/* 1 when the file name ends in .svg or .svgz, any case. */
static int S_is_svg(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return 0;
    char ext[5] = {0};
    size_t n = strlen(dot + 1);
    if (n < 3 || n > 4)
        return 0;
    for (size_t i = 0; i < n; i++)
        ext[i] = (char)(dot[i + 1] | 0x20);
    return strcmp(ext, "svg") == 0 || strcmp(ext, "svgz") == 0;
}

int asset_image_open(struct asset_image *img, const char *asset_dir, const char *href,
                     const char *place, struct diag_list *diags)
{
    memset(img, 0, sizeof *img);
    img->href = href ? href : "";
    const char *why;
    if (asset_href_check(href, &why) != 0) {
        diag_add_at(diags, DIAG_ERROR, place,
                    "image '%s' refused: the path %s; it must name a file inside the "
                    "publication folder",
                    img->href, why);
        return -1;
    }
    const char *slash = strrchr(href, '/');
    img->name = slash ? slash + 1 : href;
    if (S_is_svg(img->name)) {
        diag_add_at(diags, DIAG_ERROR, place,
                    "image %s: SVG is not supported (the PDF library embeds only PNG and JPEG, "
                    "and a rendered SVG would print as a bitmap): export the diagram as a PNG "
                    "of 150 dpi or more at its printed size",
                    href);
        return -1;
    }
    if (!asset_dir) {
        diag_add_at(diags, DIAG_ERROR, place, "image %s: no publication folder to find it in",
                    href);
        return -1;
    }
    img->path = path_join(asset_dir, href);
    size_t len;
    const struct file_rule rule = {"an image", FILE_MAX_IMAGE, asset_dir};
    char unread[512];
    unsigned char *data =
        (unsigned char *)file_read_checked(img->path, &rule, &len, unread, sizeof unread);
    if (!data) {
        diag_add_at(diags, DIAG_ERROR, place, "image %s cannot be read: %s", img->path, unread);
        asset_image_free(img);
        return -1;
    }
    char reason[160];
    int rc = -1;
    if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
        rc = S_png(img, data, len, reason, sizeof reason);
    else if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        rc = S_jpeg(img, data, len, reason, sizeof reason);
    else
        snprintf(reason, sizeof reason, "is not a PNG or JPEG image");
    img->data = data;
    img->len = len;
    if (rc == 0 && !S_extension_ok(img->name, img->format)) {
        snprintf(reason, sizeof reason, "is a %s file: its name should end in %s",
                 img->format == ASSET_PNG ? "PNG" : "JPEG",
                 img->format == ASSET_PNG ? ".png" : ".jpg or .jpeg");
        rc = -1;
    }
    if (rc != 0) {
        diag_add_at(diags, DIAG_ERROR, place, "image %s %s", img->path, reason);
        asset_image_free(img);
    }
    return rc;
}

void asset_image_free(struct asset_image *img)
{
    free(img->path);
    img->path = NULL;
    asset_image_drop_data(img);
}

void asset_image_drop_data(struct asset_image *img)
{
    free(img->data);
    img->data = NULL;
    img->len = 0;
}
