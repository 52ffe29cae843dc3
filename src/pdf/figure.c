#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_pages.h>

#include "asset.h"
#include "doc.h"
#include "figure.h"
#include "util.h"

#define S_CAPTION_GAP 7.0 /* between the image and its caption */

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
    HPDF_Image image = img->format == ASSET_PNG ? HPDF_LoadPngImageFromFile(pdf, img->path)
                                                : HPDF_LoadJpegImageFromFile(pdf, img->path);
    pdf->error.error_fn = saved_fn;
    pdf->error.user_data = saved_data;
    if (le->error != 0) {
        HPDF_ResetError(pdf);
        return NULL;
    }
    return image;
}

void figure_layout(struct layout *lo, const xmlNode *node, double x, double width)
{
    const char *place = doc_src(node);
    const xmlNode *image_node = doc_child(node, DOC_IMAGE);
    struct asset_image img;
    if (asset_image_open(&img, lo->asset_dir, doc_attr(image_node, "href"), place, lo->env.diags) !=
        0)
        return;
    const char *unsupported = S_unsupported(&img);
    if (unsupported) {
        diag_add_at(lo->env.diags, DIAG_ERROR, place, "image %s %s", img.path, unsupported);
        asset_image_free(&img);
        return;
    }
    struct S_load_errors le = {0, 0};
    HPDF_Image image = S_load(lo->env.fonts->pdf, &img, &le);
    if (!image) {
        diag_add_at(lo->env.diags, DIAG_ERROR, place,
                    "image %s: the PDF library cannot read it (error 0x%04X, detail %u)", img.path,
                    (unsigned)le.error, (unsigned)le.detail);
        asset_image_free(&img);
        return;
    }

    /* the caption first: the image gets the page height it leaves */
    const xmlNode *caption = doc_child(node, DOC_CAPTION);
    double measure = lo->measure < width ? lo->measure : width;
    struct text_style st = layout_style(lo, "small", lo->muted);
    struct text_block tb;
    double caption_h = 0;
    if (caption) {
        text_init(&tb, &lo->env, &st, place);
        text_add_inline(&tb, caption, &st);
        text_break(&tb, measure);
        caption_h = S_CAPTION_GAP + text_height(&tb);
    }
    double w = width, h = width * img.height / img.width;
    double room = lo->height - caption_h;
    if (h > room && room > 0) {
        h = room;
        w = h * img.width / img.height;
    }
    double dpi = img.width / (w / 72.0);
    if (dpi < FIGURE_MIN_DPI)
        diag_add_at(lo->env.diags, DIAG_WARNING, place,
                    "image %s is %u px wide: upscaled to %.0f dpi (%.0f dpi or more prints "
                    "sharp; %.0f px would do)",
                    img.href, img.width, dpi, FIGURE_MIN_DPI, w / 72.0 * FIGURE_MIN_DPI);

    struct vitem *box = vlist_add(&lo->vl, V_BOX, lo->section);
    box->height = h + caption_h;
    struct prim *p = vitem_prim(box, PRIM_IMAGE);
    p->x = x;
    p->y = 0;
    p->w = w;
    p->h = h;
    p->image = image;
    p->text = xstrdup(doc_attr(image_node, "alt") ? doc_attr(image_node, "alt") : "");
    if (caption) {
        text_draw(&tb, box, x, h + S_CAPTION_GAP, measure, 0);
        text_free(&tb);
    }
    asset_image_free(&img);
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

void figure_draw(HPDF_Page page, const struct prim *p, double x, double top)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!p->image || !attr || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION)
        return;
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
