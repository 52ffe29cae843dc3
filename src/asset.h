/* Images a document tree points at (<figure><image href>), shared by the
 * two writers: the href checked and resolved against the publication
 * folder, the file's format and pixel size read and its data checked.
 *
 * An href is a relative path inside the publication folder: never
 * absolute, never with a '..' (or '.') segment, a backslash, a scheme or a
 * control character, and the file it names, symbolic links followed, must
 * lie inside the folder too, be a regular file (a FIFO or device is never
 * opened) and hold at most FILE_MAX_IMAGE bytes. An SVG file (.svg, .svgz) is refused with
 * a message saying to export it as PNG: libharu embeds only PNG and JPEG,
 * and rendering SVG through librsvg would print it as a bitmap anyway. The
 * template and the content checks may
 * refuse such paths earlier; the writers refuse them regardless. */
#ifndef FOLIO_ASSET_H
#define FOLIO_ASSET_H

#include "diag.h"

enum asset_format { ASSET_PNG = 1, ASSET_JPEG };

struct asset_image {
    char *path;       /* the file, <asset_dir>/<href>; malloc'ed */
    const char *href; /* as written, borrowed */
    const char *name; /* its last segment ("x.png"), inside href */
    enum asset_format format;
    unsigned width, height; /* pixels */
    unsigned png_depth;     /* a PNG's bits a channel (1, 2, 4, 8, 16) */
    int png_interlaced;     /* a PNG stored interlaced (Adam7) */
    /* the file's bytes, read once: the writers use them and never open
     * the file again; malloc'ed */
    unsigned char *data;
    size_t len;
};

/* 0 when `href` is an acceptable image path, else -1 with *why set to a
 * static reason. */
int asset_href_check(const char *href, const char **why);

/* Resolves `href` in `asset_dir` and reads the image: a PNG is decoded in
 * full (libpng, errors caught), so that a corrupt file is found here and
 * not inside the PDF library, whose libpng error handler aborts the
 * process; a JPEG's markers are walked up to its end. Returns 0, or -1
 * with an error appended at `place` ("path:line" of the block, may be
 * NULL) naming the file. */
int asset_image_open(struct asset_image *img, const char *asset_dir, const char *href,
                     const char *place, struct diag_list *diags);

void asset_image_free(struct asset_image *img);

/* Frees the file's bytes once they were used, keeping the rest. */
void asset_image_drop_data(struct asset_image *img);

#endif
