#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_pages.h>

#include "asset.h"
#include "doc.h"
#include "figure.h"
#include "tagging.h"
#include "util.h"

#define S_CAPTION_GAP 7.0 /* between the image and its caption */

#define FIGURE_GUTTER 14.0  /* between the photos of a gallery, and its rows */
#define FIGURE_ROW_MAX 0.42 /* a gallery row is at most this share of the measure high */
#define FIGURE_ROW_PHOTOS 3 /* photos in a gallery row, at most */

/* libharu's errors while one image loads: its handler is swapped for this
 * one around the call, so a load failure becomes our diagnostic rather
 * than a "PDF library error" that fails the whole document. */
struct S_load_errors {
    HPDF_STATUS error, detail;
};

static void HPDF_STDCALL S_on_load_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
    struct S_load_errors *le = data;
    if (le->error == 0) {
        le->error = error;
        le->detail = detail;
    }
}

/* What libharu 2.3 gets wrong among valid PNGs, or NULL: it reads
 * 16-bit files with the wrong row length (half the picture, false
 * colours) and fails on interlaced ones. */
static const char *S_unsupported(const struct asset_image *img)
{
    if (img->format != ASSET_PNG)
        return NULL;
    if (img->png_depth == 16)
        return "is a 16-bit PNG, which the PDF library prints wrongly: save it with 8 bits a "
               "channel";
    if (img->png_interlaced)
        return "is an interlaced PNG, which the PDF library cannot read: save it "
               "non-interlaced";
    return NULL;
}

static HPDF_Image S_load(HPDF_Doc pdf, const struct asset_image *img, struct S_load_errors *le)
{
    HPDF_Error_Handler saved_fn = pdf->error.error_fn;
    void *saved_data = pdf->error.user_data;
    pdf->error.error_fn = S_on_load_error;
    pdf->error.user_data = le;
    HPDF_UINT len = (HPDF_UINT)img->len;
    HPDF_Image image = img->format == ASSET_PNG ? HPDF_LoadPngImageFromMem(pdf, img->data, len)
                                                : HPDF_LoadJpegImageFromMem(pdf, img->data, len);
    pdf->error.error_fn = saved_fn;
    pdf->error.user_data = saved_data;
    if (le->error != 0) {
        HPDF_ResetError(pdf);
        return NULL;
    }
    return image;
}

/* The image of `image_node` loaded into the PDF, its pixel size in *img
 * (the caller frees it), or NULL with an error at the image's content
 * line (else at `place`). */
static HPDF_Image S_open(struct layout *lo, const xmlNode *image_node, const char *place,
                         struct asset_image *img)
{
    const char *at = doc_attr(image_node, "src") ? doc_attr(image_node, "src") : place;
    if (asset_image_open(img, lo->asset_dir, doc_attr(image_node, "href"), at, lo->env.diags) != 0)
        return NULL;
    const char *unsupported = S_unsupported(img);
    if (unsupported) {
        diag_add_at(lo->env.diags, DIAG_ERROR, at, "image %s %s", img->path, unsupported);
        asset_image_free(img);
        return NULL;
    }
    struct S_load_errors le = {0, 0};
    HPDF_Image image = S_load(lo->env.fonts->pdf, img, &le);
    asset_image_drop_data(img); /* the PDF holds its copy */
    if (!image) {
        diag_add_at(lo->env.diags, DIAG_ERROR, at,
                    "image %s: the PDF library cannot read it (error 0x%04X, detail %u)", img->path,
                    (unsigned)le.error, (unsigned)le.detail);
        asset_image_free(img);
    }
    return image;
}

/* Warns when the image prints `w` points wide at less than FIGURE_MIN_DPI. */
static void S_check_dpi(struct layout *lo, const xmlNode *image_node, const char *place,
                        const struct asset_image *img, double w)
{
    double dpi = img->width / (w / 72.0);
    if (dpi >= FIGURE_MIN_DPI)
        return;
    const char *at = doc_attr(image_node, "src") ? doc_attr(image_node, "src") : place;
    diag_add_at(lo->env.diags, DIAG_WARNING, at,
                "image %s is %u px wide: upscaled to %.0f dpi (%.0f dpi or more prints "
                "sharp; %.0f px would do)",
                img->href, img->width, dpi, FIGURE_MIN_DPI, w / 72.0 * FIGURE_MIN_DPI);
}

/* The image as a Figure with its alternative text; an empty alt makes it
 * decoration, an artifact. */
static void S_image_prim(struct layout *lo, struct vitem *box, HPDF_Image image,
                         const xmlNode *image_node, double x, double y, double w, double h)
{
    const char *alt = doc_attr(image_node, "alt");
    box->tag = alt && *alt ? tagging_new(lo->env.tags, TAG_FIGURE, lo->container) : 0;
    tagging_set_alt(lo->env.tags, box->tag, alt);
    struct prim *p = vitem_prim(box, PRIM_IMAGE);
    p->x = x;
    p->y = y;
    p->w = w;
    p->h = h;
    p->image = image;
    p->text = xstrdup(doc_attr(image_node, "alt") ? doc_attr(image_node, "alt") : "");
}

/* The caption line under an image: "Figura 4." in bold, the caption, the
 * credit muted ("Foto: Ana Ríos"). 1 when there is anything to set. */
static int S_caption(struct layout *lo, struct text_block *tb, const xmlNode *node, double width)
{
    const char *label = doc_attr(node, "label");
    const xmlNode *caption = doc_child(node, DOC_CAPTION), *credit = doc_child(node, DOC_CREDIT);
    if (!label && !caption && !credit)
        return 0;
    struct text_style st = layout_style(lo, "small", lo->ink);
    struct text_style bold = st, muted = layout_style(lo, "small", lo->muted);
    bold.face = FACE_BOLD;
    bold.rgb = lo->primary;
    text_init(tb, &lo->env, &st, doc_src(node));
    if (label) {
        text_add_string(tb, label, &bold);
        text_add_string(tb, ". ", &bold);
    }
    if (caption)
        text_add_inline(tb, caption, &st);
    if (credit) {
        if (caption || label)
            text_add_string(tb, " ", &muted);
        text_add_inline(tb, credit, &muted);
    }
    text_break(tb, width);
    return 1;
}

void figure_layout(struct layout *lo, const xmlNode *node, double x, double width)
{
    const char *place = doc_src(node);
    const xmlNode *image_node = doc_child(node, DOC_IMAGE);
    struct asset_image img;
    HPDF_Image image = S_open(lo, image_node, place, &img);
    if (!image)
        return; /* never an empty frame: the error stops the build */

    /* the caption first: the image gets the page height it leaves */
    double measure = lo->measure < width ? lo->measure : width;
    struct text_block tb, sb;
    double caption_h = 0;
    int has_caption = S_caption(lo, &tb, node, measure);
    if (has_caption)
        caption_h = S_CAPTION_GAP + text_height(&tb);
    const xmlNode *source = doc_child(node, DOC_SOURCE);
    struct text_style sst = layout_style(lo, "small", lo->muted);
    if (source) {
        text_init(&sb, &lo->env, &sst, doc_src(node));
        text_add_inline(&sb, source, &sst);
        text_break(&sb, measure);
        caption_h += 4 + text_height(&sb);
    }
    double w = width, h = width * img.height / img.width;
    double room = lo->height - caption_h;
    if (h > room && room > 0) {
        h = room;
        w = h * img.width / img.height;
    }
    S_check_dpi(lo, image_node, place, &img, w);

    struct vitem *box = vlist_add(&lo->vl, V_BOX, lo->section);
    box->height = h + caption_h;
    box->columns = lo->columns;
    S_image_prim(lo, box, image, image_node, x, 0, w, h);
    double y = h;
    box->tag = tagging_new(lo->env.tags, TAG_P, lo->container);
    if (has_caption) {
        y += S_CAPTION_GAP + text_draw(&tb, box, x, h + S_CAPTION_GAP, measure, 0);
        text_free(&tb);
    }
    if (source) {
        box->tag = tagging_new(lo->env.tags, TAG_P, lo->container);
        text_draw(&sb, box, x, y + 4, measure, 0);
        text_free(&sb);
    }
    asset_image_free(&img);
}

/* ---- gallery ------------------------------------------------------------ */

/* One photo of a gallery: its image (or none: a lost photo, set as its
 * text alone) and its text under it. */
struct S_photo {
    const xmlNode *node, *image_node;
    HPDF_Image image;
    struct asset_image img;
    double aspect; /* width / height; 1 for a photo without an image */
    double w;      /* as laid out, pt */
    struct text_block title, when, text, credit;
    int has_title, has_when, has_credit;
};

/* Title (bold), when (muted), caption, credit (muted) at `width`. */
static double S_photo_text(struct layout *lo, struct S_photo *ph, double width)
{
    const xmlNode *title = doc_child(ph->node, DOC_TITLE), *when = doc_child(ph->node, DOC_WHEN);
    const xmlNode *caption = doc_child(ph->node, DOC_CAPTION),
                  *credit = doc_child(ph->node, DOC_CREDIT);
    struct text_style tst = layout_style(lo, "small", lo->ink);
    tst.face = FACE_BOLD;
    tst.justify = tst.hyphenate = 0;
    struct text_style wst = layout_style(lo, "small", lo->muted);
    struct text_style cst = layout_style(lo, "small", lo->ink);
    cst.justify = 0;
    double h = 0;
    if ((ph->has_title = title != NULL)) {
        text_init(&ph->title, &lo->env, &tst, doc_src(ph->node));
        text_add_inline(&ph->title, title, &tst);
        text_break(&ph->title, width);
        h += text_height(&ph->title);
    }
    if ((ph->has_when = when != NULL)) {
        text_init(&ph->when, &lo->env, &wst, doc_src(ph->node));
        text_add_inline(&ph->when, when, &wst);
        text_break(&ph->when, width);
        h += text_height(&ph->when);
    }
    text_init(&ph->text, &lo->env, &cst, doc_src(ph->node));
    if (h > 0)
        h += 3;
    text_add_inline(&ph->text, caption, &cst);
    text_break(&ph->text, width);
    h += text_height(&ph->text);
    if ((ph->has_credit = credit != NULL)) {
        text_init(&ph->credit, &lo->env, &wst, doc_src(ph->node));
        text_add_inline(&ph->credit, credit, &wst);
        text_break(&ph->credit, width);
        h += 2 + text_height(&ph->credit);
    }
    return h;
}

static void S_photo_draw(struct S_photo *ph, struct vitem *box, double x, double y, double width)
{
    if (ph->has_title)
        y += text_draw(&ph->title, box, x, y, width, 0);
    if (ph->has_when)
        y += text_draw(&ph->when, box, x, y, width, 0);
    if (ph->has_title || ph->has_when)
        y += 3;
    y += text_draw(&ph->text, box, x, y, width, 0);
    if (ph->has_credit)
        text_draw(&ph->credit, box, x, y + 2, width, 0);
}

static void S_photo_free(struct S_photo *ph)
{
    if (ph->has_title)
        text_free(&ph->title);
    if (ph->has_when)
        text_free(&ph->when);
    text_free(&ph->text);
    if (ph->has_credit)
        text_free(&ph->credit);
    asset_image_free(&ph->img);
}

int figure_gallery_pictured(const xmlNode *gallery)
{
    for (const xmlNode *p = doc_first(gallery); p; p = doc_next(p))
        if (doc_type(p) == DOC_PHOTO && doc_child(p, DOC_IMAGE))
            return 1;
    return 0;
}

/* One row of photos [first, end), all `h` high, `gutter` apart. */
static void S_gallery_row(struct layout *lo, struct S_photo *photos, size_t first, size_t end,
                          double x, double h)
{
    double text_h = 0;
    for (size_t i = first; i < end; i++) {
        double t = S_photo_text(lo, &photos[i], photos[i].w);
        text_h = t > text_h ? t : text_h;
    }
    struct vitem *box = vlist_add(&lo->vl, V_BOX, lo->section);
    box->height = h + S_CAPTION_GAP + text_h;
    box->columns = lo->columns;
    for (size_t i = first; i < end; i++) {
        struct S_photo *ph = &photos[i];
        if (ph->image) {
            S_image_prim(lo, box, ph->image, ph->image_node, x, 0, ph->w, h);
            box->tag = tagging_new(lo->env.tags, TAG_P, lo->container);
            S_photo_draw(ph, box, x, h + S_CAPTION_GAP, ph->w);
        } else {
            /* a lost photo: its text on a rule, never an empty frame */
            box->tag = tagging_new(lo->env.tags, TAG_P, lo->container);
            box_rect(box, x, 0, ph->w, 3, lo->primary, 0);
            S_photo_draw(ph, box, x, S_CAPTION_GAP + 3, ph->w);
        }
        x += ph->w + FIGURE_GUTTER;
        S_photo_free(ph);
    }
}

void figure_gallery(struct layout *lo, const xmlNode *node, double x, double width)
{
    size_t n = 0;
    for (const xmlNode *p = doc_first(node); p; p = doc_next(p))
        n += doc_type(p) == DOC_PHOTO;
    struct S_photo *photos = xcalloc(n ? n : 1, sizeof *photos);
    size_t count = 0;
    for (const xmlNode *p = doc_first(node); p; p = doc_next(p)) {
        if (doc_type(p) != DOC_PHOTO)
            continue;
        struct S_photo *ph = &photos[count];
        ph->node = p;
        ph->image_node = doc_child(p, DOC_IMAGE);
        ph->aspect = 1.0;
        if (ph->image_node) {
            ph->image = S_open(lo, ph->image_node, doc_src(p), &ph->img);
            if (!ph->image)
                continue; /* the error stops the build; no frame is drawn */
            ph->aspect = (double)ph->img.width / ph->img.height;
        }
        count++;
    }
    /* rows filled greedily until they are no taller than FIGURE_ROW_MAX of
     * the measure, at most FIGURE_ROW_PHOTOS; each row's photos share one
     * height and together span the measure, a short last row excepted */
    double max_h = width * FIGURE_ROW_MAX;
    for (size_t first = 0; first < count;) {
        size_t end = first;
        double sum = 0, h = 0;
        while (end < count && end - first < FIGURE_ROW_PHOTOS) {
            sum += photos[end++].aspect;
            h = (width - (double)(end - first - 1) * FIGURE_GUTTER) / sum;
            if (h <= max_h)
                break;
        }
        if (h > max_h)
            h = max_h;
        if (h + 60 > lo->height)
            h = lo->height - 60; /* room for a caption on the page */
        for (size_t i = first; i < end; i++) {
            photos[i].w = photos[i].aspect * h;
            if (photos[i].image)
                S_check_dpi(lo, photos[i].image_node, doc_src(photos[i].node), &photos[i].img,
                            photos[i].w);
        }
        if (first > 0)
            vlist_add(&lo->vl, V_SPACE, lo->section)->height = FIGURE_GUTTER;
        S_gallery_row(lo, photos, first, end, x, h);
        first = end;
    }
    free(photos);
}

/* `s` as a PDF text string in hex: UTF-16BE with a byte order mark. */
static void S_text_string(struct buf *b, const char *s)
{
    buf_puts(b, "<FEFF");
    while (*s) {
        uint32_t c = font_utf8_next(&s);
        if (c > 0xFFFF) {
            c -= 0x10000;
            buf_printf(b, "%04X%04X", (unsigned)(0xD800 + (c >> 10)),
                       (unsigned)(0xDC00 + (c & 0x3FF)));
        } else {
            buf_printf(b, "%04X", (unsigned)c);
        }
    }
    buf_puts(b, ">");
}

void figure_draw(HPDF_Page page, const struct prim *p, double x, double top, int tagged)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!p->image || !attr || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION)
        return;
    if (tagged) { /* emit.c has opened the Figure's (or an artifact's) sequence */
        HPDF_Page_DrawImage(page, (HPDF_Image)p->image, (HPDF_REAL)x, (HPDF_REAL)(top - p->h),
                            (HPDF_REAL)p->w, (HPDF_REAL)p->h);
        return;
    }
    struct buf mark = {0};
    if (p->text && *p->text) {
        buf_puts(&mark, "/Span <</Alt ");
        S_text_string(&mark, p->text);
        buf_puts(&mark, ">> BDC\n");
    } else {
        buf_puts(&mark, "/Artifact BMC\n");
    }
    HPDF_Stream_WriteStr(attr->stream, mark.data);
    HPDF_Page_DrawImage(page, (HPDF_Image)p->image, (HPDF_REAL)x, (HPDF_REAL)(top - p->h),
                        (HPDF_REAL)p->w, (HPDF_REAL)p->h);
    HPDF_Stream_WriteStr(attr->stream, "EMC\n");
    buf_free(&mark);
}
