/* pdf_write: sets libharu up, runs layout, page breaking and drawing, and
 * writes the document information. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_streams.h>

#include "doc.h"
#include "emit.h"
#include "haru_errors.h"
#include "deflate.h"
#include "layout.h"
#include "page.h"
#include "pdf.h"
#include "stream.h"
#include "tagging.h"
#include "tounicode.h"
#include "util.h"

struct haru_errors {
    struct diag_list *diags;
    const char *path;
    int count;
};

/* libharu reports errors here instead of failing hard; the calls then
 * return an error status and we carry on to HPDF_Free. */
static void HPDF_STDCALL on_haru_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
    struct haru_errors *he = data;
    int saved_errno = errno;
    if (he->count++ > 0)
        return; /* the first error says it; the rest are consequences */
    char *words = haru_error_words(error, detail, saved_errno);
    diag_add(he->diags, DIAG_ERROR, he->path, 0, "%s", words);
    free(words);
}

/* Civil date of a count of days since 1970-01-01 (Howard Hinnant's algorithm). */
static void civil_from_days(long long z, long long *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Sets the info dates; `xmp` gets the same instant in XMP's form. */
static void set_dates(HPDF_Doc pdf, long long epoch, char xmp[32], struct diag_list *diags)
{
    long long days = epoch / 86400, secs = epoch % 86400, year;
    int month, day;
    civil_from_days(days, &year, &month, &day);
    if (year > 9999) {
        diag_add(diags, DIAG_ERROR, NULL, 0, "SOURCE_DATE_EPOCH %lld is past the year 9999", epoch);
        return;
    }
    HPDF_Date date = {(HPDF_INT)year,
                      month,
                      day,
                      (HPDF_INT)(secs / 3600),
                      (HPDF_INT)(secs / 60 % 60),
                      (HPDF_INT)(secs % 60),
                      'Z',
                      0,
                      0};
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date);
    snprintf(xmp, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)year, month, day, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
}

/* The sRGB profile of Debian's icc-profiles-free, for PDF/A's output intent. */
#define SRGB_PROFILE "/usr/share/color/icc/sRGB.icc"

static int finish_tags(HPDF_Doc pdf, struct tagging *tags, const xmlDoc *doc, const char *date,
                       struct diag_list *diags)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *info = doc_child(root, DOC_INFO);
    const char *lang = doc_attr(root, "locale");
    struct tagging_meta meta = {info ? doc_attr(info, "title") : NULL,
                                info ? doc_attr(info, "author") : NULL,
                                info ? doc_attr(info, "subject") : NULL,
                                info ? doc_attr(info, "keywords") : NULL,
                                lang ? lang : doc_attr(root, "lang"),
                                date[0] ? date : NULL,
                                1,
                                SRGB_PROFILE};
    return tagging_finish(tags, pdf, &meta, diags);
}

static void set_info(HPDF_Doc pdf, const xmlDoc *doc)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *info = doc_child(root, DOC_INFO);
    static const struct {
        const char *attr;
        HPDF_InfoType type;
    } fields[] = {{"title", HPDF_INFO_TITLE},
                  {"author", HPDF_INFO_AUTHOR},
                  {"subject", HPDF_INFO_SUBJECT},
                  {"keywords", HPDF_INFO_KEYWORDS}};
    for (size_t i = 0; info && i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = doc_attr(info, fields[i].attr);
        if (v && *v)
            HPDF_SetInfoAttr(pdf, fields[i].type, v);
    }
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "folio");
    const char *lang = doc_attr(root, "locale");
    if (!lang)
        lang = doc_attr(root, "lang");
    /* libharu has no call for /Lang; the catalog is a plain dictionary. */
    if (lang && *lang)
        HPDF_Dict_Add(pdf->catalog, "Lang", HPDF_String_New(pdf->mmgr, lang, NULL));
}

/* The theme's values libharu would refuse while drawing are refused here,
 * before layout: `folio check`, which draws nothing, reports them too. */
static int check_theme(const struct theme *theme, struct diag_list *diags)
{
    for (size_t i = 0; i < theme->style_count; i++) {
        if (!theme->styles[i].font || !theme->styles[i].font->file[FACE_REGULAR]) {
            diag_add(diags, DIAG_ERROR, theme->path, 0, "style '%s' has no font file",
                     theme->styles[i].name);
            return -1;
        }
        if (theme->styles[i].size > HPDF_MAX_FONTSIZE) {
            diag_add(diags, DIAG_ERROR, theme->path, 0,
                     "style '%s' is %g pt: a PDF font size is at most %d pt", theme->styles[i].name,
                     theme->styles[i].size, HPDF_MAX_FONTSIZE);
            return -1;
        }
    }
    if (theme->page_width <= 0 || theme->page_height <= 0 ||
        theme->margin_inner + theme->margin_outer >= theme->page_width * 0.8 ||
        theme->margin_top + theme->margin_bottom >= theme->page_height * 0.8) {
        diag_add(diags, DIAG_ERROR, theme->path, 0, "page geometry leaves no room for text");
        return -1;
    }
    if (theme->page_width < HPDF_MIN_PAGE_SIZE || theme->page_width > HPDF_MAX_PAGE_SIZE ||
        theme->page_height < HPDF_MIN_PAGE_SIZE || theme->page_height > HPDF_MAX_PAGE_SIZE) {
        diag_add(diags, DIAG_ERROR, theme->path, 0,
                 "the page is %g x %g pt: a PDF page is %d to %d pt a side", theme->page_width,
                 theme->page_height, HPDF_MIN_PAGE_SIZE, HPDF_MAX_PAGE_SIZE);
        return -1;
    }
    return 0;
}

static void layout_init(struct layout *lo, const struct theme *t, struct font_set *fonts,
                        struct diag_list *diags)
{
    memset(lo, 0, sizeof *lo);
    lo->theme = t;
    lo->env.fonts = fonts;
    lo->env.diags = diags;
    lo->env.justify = &t->justify;
    lo->page_w = t->page_width;
    lo->page_h = t->page_height;
    lo->top = t->margin_top;
    lo->bottom = t->margin_bottom;
    lo->inner = t->margin_inner;
    lo->outer = t->margin_outer;
    lo->width = lo->page_w - lo->inner - lo->outer;
    lo->column_gap = t->column_gap;
    lo->height = lo->page_h - lo->top - lo->bottom;
    lo->measure = t->measure_em > 0 ? theme_style(t, "body")->size * t->measure_em : t->measure_pt;
    if (lo->measure > lo->width)
        lo->measure = lo->width;
    lo->primary = theme_rgb(t, "primary");
    lo->accent = theme_rgb(t, "accent");
    lo->ink = theme_rgb(t, "ink");
    lo->muted = theme_rgb(t, "muted");
    lo->tint = theme_rgb(t, "tint");
    lo->rule = theme_rgb(t, "rule");
    lo->paper = theme_colour(t, "paper") ? theme_rgb(t, "paper") : 0xFFFFFF;
    lo->env.link_rgb = lo->primary;
    lo->env.missing_rgb = 0xFFF1B8;
}

/* What the quality report can say once the pages are made: how many
 * lines, which of them overfull, and every paragraph cut by a page break
 * leaving one line alone: its first at the foot of a page (an orphan) or
 * its last at the top of the next (a widow). */
static void report_layout(struct pdf_layout_report *r, const struct layout *lo, size_t pages)
{
    r->pages = pages;
    r->overfull += lo->overfull;
    const struct text_stats *ts = &lo->env.stats;
    r->ratio_lines += ts->ratio_lines;
    r->ratio_sum += ts->ratio_sum;
    r->hyphenated += ts->hyphenated;
    if (ts->worst_ratio > r->worst_ratio)
        r->worst_ratio = ts->worst_ratio;
    const struct vitem *prev = NULL; /* the previous line of the same paragraph */
    for (size_t i = 0; i < lo->vl.count; i++) {
        const struct vitem *it = &lo->vl.items[i];
        if (it->kind != V_BOX || it->para == 0)
            continue;
        r->lines++;
        if (prev && prev->para == it->para &&
            (prev->page != it->page || prev->frame != it->frame)) {
            if (it->line == 1)
                r->orphans++;
            if (it->line == it->lines - 1)
                r->widows++;
        }
        prev = it;
    }
}

/* libharu's writes gathered into blocks for the sink; the first failure
 * is kept, and libharu told, though its save may not say so (it returns
 * what its own error state says, and a stream's error is not in it). */
struct sink_stream {
    const struct pdf_sink *sink;
    unsigned char block[1 << 16];
    size_t used;
    int err; /* errno of the first failed write; 0 */
};

static int sink_flush(struct sink_stream *s)
{
    if (s->err == 0 && s->used > 0 && s->sink->write(s->sink->ctx, s->block, s->used) != 0)
        s->err = errno ? errno : EIO;
    s->used = 0;
    return s->err ? -1 : 0;
}

static HPDF_STATUS sink_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT size)
{
    struct sink_stream *s = stream->attr;
    while (size > 0 && s->err == 0) {
        if (s->used == sizeof s->block)
            sink_flush(s);
        size_t n = sizeof s->block - s->used < size ? sizeof s->block - s->used : size;
        memcpy(s->block + s->used, ptr, n);
        s->used += n;
        ptr += n;
        size -= (HPDF_UINT)n;
    }
    return s->err ? HPDF_FILE_IO_ERROR : HPDF_OK;
}

/* Saves the document to `sink`: 0; -1 when libharu failed (its handler
 * may have said why); -2 when the sink did, said here. */
static int save_to_sink(HPDF_Doc pdf, const struct pdf_sink *sink, struct diag_list *diags)
{
    struct sink_stream *s = xmalloc(sizeof *s);
    s->sink = sink;
    s->used = 0;
    s->err = 0;
    /* HPDF_SaveToStream writes into the document's stream; HPDF_Free frees it */
    HPDF_Stream_Free(pdf->stream);
    pdf->stream = HPDF_CallbackWriter_New(pdf->mmgr, sink_write, s);
    int rc = pdf->stream && HPDF_SaveToStream(pdf) == HPDF_OK ? 0 : -1;
    if (sink_flush(s) != 0) {
        diag_add(diags, DIAG_ERROR, sink->path, 0, "cannot write: %s", io_strerror(s->err));
        rc = -2;
    }
    free(s);
    return rc;
}

int pdf_render(xmlDoc *doc, const struct theme *theme, const struct pdf_sink *sink,
               const struct pdf_options *opts, struct diag_list *diags)
{
    size_t errors = diags->errors;
    struct haru_errors he = {diags, NULL, 0};
    if (check_theme(theme, diags) != 0)
        return -1;
    HPDF_Doc pdf = HPDF_New(on_haru_error, &he);
    if (!pdf) {
        diag_add(diags, DIAG_ERROR, NULL, 0, "cannot start the PDF library");
        return -1;
    }
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);

    struct font_set fonts;
    struct layout lo;
    struct page_info *pages = NULL;
    font_set_init(&fonts, pdf, opts ? opts->fonts : NULL, sink != NULL, diags);
    layout_init(&lo, theme, &fonts, diags);
    /* the edition's hyphenation dictionary, once for the document (none: no hyphens) */
    const xmlNode *root = xmlDocGetRootElement(doc);
    const char *locale = root ? doc_attr(root, "locale") : NULL;
    lo.env.hyph = hyphen_open(locale ? locale : root ? doc_attr(root, "lang") : NULL, NULL);
    lo.asset_dir = opts ? opts->asset_dir : NULL;
    const char *plain = getenv("FOLIO_PDF_UNTAGGED");
    int untagged = plain && strcmp(plain, "1") == 0;
    struct tagging *tags = untagged ? NULL : tagging_new_tree();
    lo.env.tags = tags;
    int rc = layout_document(&lo, doc);
    /* A missing glyph stops the writer before drawing: no partial PDF. */
    if (rc == 0 && diags->errors == errors && he.count == 0) {
        size_t count = page_break_fitted(&lo.vl, &lo.notes, lo.height, &pages);
        if (opts && opts->report)
            report_layout(opts->report, &lo, count);
        char date[32] = "";
        if (count > HPDF_LIMIT_MAX_ARRAY) { /* the length of the page tree's /Kids */
            diag_add(diags, DIAG_ERROR, NULL, 0,
                     "the PDF would have %zu pages; the PDF library makes at most %d", count,
                     HPDF_LIMIT_MAX_ARRAY);
        } else if (!sink) {
            /* a check: what drawing, tagging and saving could report, and
             * no drawing */
            emit_check(&lo, pages, count);
            if (opts && opts->source_date_epoch >= 0)
                set_dates(pdf, opts->source_date_epoch, date, diags);
            /* what tagging_finish would say of the output intent's profile */
            if (tags && access(SRGB_PROFILE, R_OK) != 0)
                diag_add(diags, DIAG_ERROR, SRGB_PROFILE, 0,
                         "cannot read the sRGB colour profile PDF/A needs (Debian: "
                         "icc-profiles-free)");
        } else {
            emit_document(&lo, pdf, pages, count);
            /* the pages deflate on the second core while the fonts are
             * subset and the structure tree made */
            struct deflater *deflating = deflate_pages_start(pdf, count);
            set_info(pdf, doc);
            if (opts && opts->source_date_epoch >= 0)
                set_dates(pdf, opts->source_date_epoch, date, diags);
            if (tags)
                finish_tags(pdf, tags, doc, date, diags);
            font_set_finish(&fonts, 1);
            tounicode_fix(pdf);
            deflate_pages_finish(deflating);
            if (diags->errors == errors && he.count == 0 && save_to_sink(pdf, sink, diags) == -1 &&
                he.count == 0)
                diag_add(diags, DIAG_ERROR, NULL, 0, "the PDF library could not save the document");
        }
    }
    free(pages);
    hyphen_close(lo.env.hyph);
    tagging_free(tags);
    layout_free(&lo);
    font_set_free(&fonts);
    HPDF_Free(pdf);
    return diags->errors == errors && he.count == 0 ? 0 : -1;
}

static int buf_sink_write(void *ctx, const void *data, size_t len)
{
    buf_put(ctx, data, len);
    return 0;
}

int pdf_write(xmlDoc *doc, const struct theme *theme, const char *path,
              const struct pdf_options *opts, struct diag_list *diags)
{
    struct buf out = {0};
    struct pdf_sink sink = {buf_sink_write, &out, path};
    int rc = pdf_render(doc, theme, path ? &sink : NULL, opts, diags);
    if (rc == 0 && path && file_write(path, out.data, out.len) != 0) {
        diag_add(diags, DIAG_ERROR, path, 0, "cannot write the PDF file: %s", io_strerror(errno));
        rc = -1;
    }
    buf_free(&out);
    return rc;
}
