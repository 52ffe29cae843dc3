/* Figures in both editions: PNG and JPEG images with caption and
 * alternative text, rendered into a PDF and an HTML page from a
 * temporary publication folder; refused, missing and corrupt images. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <libxml/parser.h>
#include <png.h>

#include "asset.h"
#include "html.h"
#include "pdf.h"
#include "theme.h"
#include "util.h"

#define IMAGES TEST_DATA_DIR "/images"
#define BOOKLET_THEME FOLIO_TEMPLATE_DIR "/booklet/theme.xml"
#define CSS_PATH FOLIO_TEMPLATE_DIR "/booklet/html.css"
static const char *const css_paths[] = {FOLIO_TEMPLATE_DIR "/web.css", CSS_PATH, NULL};

/* A publication folder (src/ with the images) and an output folder. */
struct fixture {
    char dir[32];
    char *src, *photos, *out, *pdf;
    struct theme theme;
};

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *data = file_read(from, &len);
    assert_non_null(data);
    assert_int_equal(file_write(to, data, len), 0);
    free(data);
}

/* A PNG `width` pixels wide, 2:1, written with libpng at run time: a
 * purple band over a light ground. */
static void write_png(const char *path, unsigned width)
{
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = width;
    image.height = width / 2;
    image.format = PNG_FORMAT_RGB;
    unsigned char *px = xmalloc(PNG_IMAGE_SIZE(image));
    for (size_t y = 0; y < image.height; y++)
        for (size_t x = 0; x < width; x++) {
            unsigned char *p = px + 3 * (y * width + x);
            int band = y > image.height * 2 / 3;
            p[0] = band ? 0x5b : 0xe8;
            p[1] = band ? 0x2a : 0xdf;
            p[2] = band ? 0x6e : (unsigned char)(0xc0 + x % 48);
        }
    assert_true(png_image_write_to_file(&image, path, 0, px, 0, NULL));
    free(px);
}

static char *in(const char *dir, const char *name)
{
    return path_join(dir, name);
}

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/folio-fig-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    f->src = in(f->dir, "src");
    f->photos = in(f->src, "photos");
    f->out = in(f->dir, "out");
    f->pdf = in(f->out, "out.pdf");
    if (mkdir_p(f->photos) != 0 || mkdir_p(f->out) != 0)
        return -1;
    struct diag_list d = {0};
    if (theme_load(&f->theme, BOOKLET_THEME, NULL, &d) != 0)
        return -1;
    diag_list_free(&d);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char *cmd = xasprintf("rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", f->dir);
    free(cmd);
    theme_free(&f->theme);
    free(f->src);
    free(f->photos);
    free(f->out);
    free(f->pdf);
    free(f);
    return 0;
}

/* Puts the images in the publication folder: photos/chart.png (320 px),
 * photos/photo.jpg (240 px), photos/wide.png (1400 px). */
static void add_images(const struct fixture *f)
{
    char *chart = in(f->photos, "chart.png"), *photo = in(f->photos, "photo.jpg");
    char *wide = in(f->photos, "wide.png");
    copy_file(IMAGES "/chart.png", chart);
    copy_file(IMAGES "/photo.jpg", photo);
    write_png(wide, 1400);
    free(chart);
    free(photo);
    free(wide);
}

/* A document tree with `figures` (XML) in its one section. */
static xmlDoc *document(const char *figures)
{
    char *xml = xasprintf(
        "<document lang=\"es\" locale=\"es-PE\" id=\"fig\" kind=\"booklet\">"
        "<info title=\"Figuras\" author=\"A\" subject=\"S\" keywords=\"k\" short-title=\"F\"/>"
        "<cover><title>Figuras</title></cover>"
        "<section id=\"s\" opener=\"page\" src=\"content/fig/publication.xml:3\">"
        "<title>Imágenes</title><p>Un párrafo antes.</p>%s<p>Un párrafo después.</p>"
        "</section></document>",
        figures);
    xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), "fig.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    free(xml);
    return doc;
}

static int render_pdf(const struct fixture *f, const char *figures, struct diag_list *d)
{
    xmlDoc *doc = document(figures);
    struct pdf_options opts = {0, NULL, f->src, NULL};
    remove(f->pdf);
    int rc = pdf_write(doc, &f->theme, f->pdf, &opts, d);
    xmlFreeDoc(doc);
    return rc;
}

static int render_html(const struct fixture *f, const char *figures, struct diag_list *d)
{
    xmlDoc *doc = document(figures);
    struct stage stage = {0};
    int rc = html_write(doc, &f->theme, css_paths, f->out, f->src, NULL, &stage, d);
    const char *failed;
    if (rc == 0)
        assert_int_equal(stage_commit(&stage, &failed), 0);
    else
        stage_discard(&stage);
    stage_free(&stage);
    xmlFreeDoc(doc);
    return rc;
}

/* The diagnostic of `severity` whose message has `needle`, or NULL. */
static const struct diag *find(const struct diag_list *d, enum diag_severity severity,
                               const char *needle)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == severity && strstr(d->items[i].message, needle))
            return &d->items[i];
    return NULL;
}

/* The uncompressed PDF (qpdf --qdf), malloc'ed. */
static char *qdf(const struct fixture *f, size_t *len)
{
    char *out = in(f->out, "qdf.pdf");
    char *cmd = xasprintf("qpdf --qdf --object-streams=disable '%s' '%s'", f->pdf, out);
    assert_int_equal(system(cmd), 0);
    char *data = file_read(out, len);
    assert_non_null(data);
    free(cmd);
    free(out);
    return data;
}

static size_t count(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle), c = 0;
    for (size_t i = 0; i + n <= len; i++)
        c += memcmp(data + i, needle, n) == 0;
    return c;
}

#define FIGURES                                                                                    \
    "<figure src=\"content/fig/publication.xml:7\">"                                               \
    "<image href=\"photos/wide.png\" alt=\"Participantes en círculo\"/>"                          \
    "<caption>El primer taller, en <b>Lima</b>.</caption></figure>"                                \
    "<figure src=\"content/fig/publication.xml:9\">"                                               \
    "<image href=\"photos/photo.jpg\" alt=\"Montaña y sol\"/></figure>"

static void test_pdf_png_and_jpeg(void **state)
{
    struct fixture *f = *state;
    add_images(f);
    struct diag_list d = {0};
    int rc = render_pdf(f, FIGURES, &d);
    if (d.errors)
        diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    /* the 1400 px PNG is sharp enough; the 240 px JPEG is not */
    assert_null(find(&d, DIAG_WARNING, "wide.png"));
    const struct diag *w =
        find(&d, DIAG_WARNING, "image photos/photo.jpg is 240 px wide: upscaled to");
    assert_non_null(w);
    assert_string_equal(w->file, "content/fig/publication.xml");
    assert_int_equal(w->line, 9);
    size_t len;
    char *pdf = qdf(f, &len);
    assert_int_equal(count(pdf, len, "/Subtype /Image"), 2);
    assert_int_equal(count(pdf, len, "/DCTDecode"), 1);
    /* each image a Figure structure element with its alternative text,
     * "Participantes" in UTF-16BE (qpdf writes hex strings in lower case),
     * drawn in the Figure's marked content */
    assert_int_equal(count(pdf, len, "/Alt <feff005000610072007400690063"), 1);
    assert_int_equal(count(pdf, len, "/S /Figure"), 2);
    assert_int_equal(count(pdf, len, "/Figure <</MCID"), 2);
    free(pdf);
    char *cmd = xasprintf("qpdf --check '%s' >/dev/null", f->pdf);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    /* the caption is text of the page */
    cmd = xasprintf("pdftotext -enc UTF-8 '%s' - 2>&1 | grep -q 'El primer taller, en Lima.'",
                    f->pdf);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    diag_list_free(&d);
}

static void test_pdf_upscale_warning(void **state)
{
    struct fixture *f = *state;
    add_images(f);
    struct diag_list d = {0};
    assert_int_equal(render_pdf(f,
                                "<figure src=\"content/fig/publication.xml:5\">"
                                "<image href=\"photos/chart.png\" alt=\"Barras\"/></figure>",
                                &d),
                     0);
    assert_int_equal(d.errors, 0);
    assert_non_null(find(&d, DIAG_WARNING, "image photos/chart.png is 320 px wide: upscaled to"));
    diag_list_free(&d);
}

/* An error naming the file and the figure's place; no PDF. */
static void expect_pdf_error(const struct fixture *f, const char *figure, const char *needle)
{
    struct diag_list d = {0};
    assert_int_equal(render_pdf(f, figure, &d), -1);
    const struct diag *e = find(&d, DIAG_ERROR, needle);
    if (!e)
        diag_print(&d, stderr);
    assert_non_null(e);
    assert_string_equal(e->file, "content/fig/publication.xml");
    assert_int_equal(e->line, 7);
    assert_null(find(&d, DIAG_ERROR, "PDF library error"));
    assert_int_not_equal(access(f->pdf, F_OK), 0);
    diag_list_free(&d);
}

#define FIG(href)                                                                                  \
    "<figure src=\"content/fig/publication.xml:7\"><image href=\"" href "\" alt=\"x\"/></figure>"

static void test_pdf_bad_images(void **state)
{
    struct fixture *f = *state;
    add_images(f);
    expect_pdf_error(f, FIG("photos/missing.png"), "photos/missing.png cannot be read");
    expect_pdf_error(f, FIG("../secret.png"), "image '../secret.png' refused");
    expect_pdf_error(f, FIG("photos/../../x.png"), "'..' segment");
    expect_pdf_error(f, FIG("/etc/passwd"), "absolute path");
    /* a truncated PNG: libharu's libpng handler would abort the process */
    char *chart = in(f->photos, "chart.png"), *bad = in(f->photos, "broken.png");
    size_t len;
    char *data = file_read(chart, &len);
    assert_int_equal(file_write(bad, data, len / 2), 0);
    free(data);
    expect_pdf_error(f, FIG("photos/broken.png"), "broken.png is not a valid PNG file");
    /* a JPEG cut short */
    char *photo = in(f->photos, "photo.jpg"), *cut = in(f->photos, "cut.jpg");
    data = file_read(photo, &len);
    assert_int_equal(file_write(cut, data, len - 100), 0);
    free(data);
    expect_pdf_error(f, FIG("photos/cut.jpg"), "cut.jpg is not a valid JPEG file");
    /* not an image at all, and a PNG named .jpg */
    char *text = in(f->photos, "notes.png"), *named = in(f->photos, "chart.jpg");
    assert_int_equal(file_write(text, "hello", 5), 0);
    copy_file(chart, named);
    expect_pdf_error(f, FIG("photos/notes.png"), "is not a PNG or JPEG image");
    expect_pdf_error(f, FIG("photos/chart.jpg"), "its name should end in .png");
    /* valid PNGs libharu 2.3 misprints or cannot read */
    char *deep = in(f->photos, "deep.png"), *laced = in(f->photos, "laced.png");
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = 64;
    image.height = 32;
    image.format = PNG_FORMAT_LINEAR_Y; /* 16-bit grey */
    unsigned short px[64 * 32] = {0};
    assert_true(png_image_write_to_file(&image, deep, 0, px, 0, NULL));
    expect_pdf_error(f, FIG("photos/deep.png"), "deep.png is a 16-bit PNG");
    copy_file(IMAGES "/laced.png", laced);
    expect_pdf_error(f, FIG("photos/laced.png"), "laced.png is an interlaced PNG");
    free(deep);
    free(laced);
    /* a symbolic link out of the folder */
    char *link = in(f->photos, "escape.png");
    assert_int_equal(symlink(IMAGES "/chart.png", link), 0);
    expect_pdf_error(f, FIG("photos/escape.png"), "outside the publication folder");
    free(link);
    free(text);
    free(named);
    free(photo);
    free(cut);
    free(chart);
    free(bad);
}

static void test_html_figure(void **state)
{
    struct fixture *f = *state;
    add_images(f);
    struct diag_list d = {0};
    int rc = render_html(f,
                         FIGURES "<figure><image href=\"photos/chart.png\" alt=\"\"/>"
                                 "<caption>Barras &amp; más</caption></figure>"
                                 "<figure><image href=\"photos/wide.png\" alt=\"Otra vez\"/>"
                                 "</figure>",
                         &d);
    if (d.count)
        diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(d.count, 0);
    char *index = in(f->out, "index.html");
    char *html = file_read(index, NULL);
    assert_non_null(html);
    assert_non_null(strstr(html,
                           "<figure class=\"figure\">\n<img src=\"wide.png\" "
                           "alt=\"Participantes en círculo\" width=\"1400\" height=\"700\" "
                           "loading=\"lazy\" decoding=\"async\">\n<figcaption>El primer taller, en "
                           "<strong>Lima</strong>.</figcaption>\n</figure>"));
    assert_non_null(strstr(html, "<img src=\"photo.jpg\" alt=\"Montaña y sol\" width=\"240\" "
                                 "height=\"160\" loading=\"lazy\" decoding=\"async\">\n</figure>"));
    assert_non_null(strstr(html, "<img src=\"chart.png\" alt=\"\" width=\"320\" height=\"200\""));
    assert_non_null(strstr(html, "<figcaption>Barras &amp; más</figcaption>"));
    /* the images copied beside the page, byte for byte */
    size_t a, b;
    char *copy = in(f->out, "photo.jpg");
    char *x = file_read(copy, &a), *y = file_read(IMAGES "/photo.jpg", &b);
    assert_non_null(x);
    assert_int_equal(a, b);
    assert_memory_equal(x, y, a);
    char *wide = in(f->out, "wide.png"), *chart = in(f->out, "chart.png");
    assert_int_equal(access(wide, R_OK), 0);
    assert_int_equal(access(chart, R_OK), 0);
    free(x);
    free(y);
    free(copy);
    free(wide);
    free(chart);
    free(html);
    free(index);
    diag_list_free(&d);
}

static void test_html_bad_images(void **state)
{
    struct fixture *f = *state;
    add_images(f);
    char *other = in(f->src, "other");
    assert_int_equal(mkdir_p(other), 0);
    char *chart2 = in(other, "chart.png");
    copy_file(IMAGES "/chart.png", chart2);
    struct diag_list d = {0};
    assert_int_equal(render_html(f, FIG("../x.png"), &d), -1);
    assert_non_null(find(&d, DIAG_ERROR, "image '../x.png' refused"));
    diag_list_free(&d);
    assert_int_equal(render_html(f, FIG("photos/missing.png"), &d), -1);
    const struct diag *e = find(&d, DIAG_ERROR, "missing.png cannot be read");
    assert_non_null(e);
    assert_int_equal(e->line, 7);
    diag_list_free(&d);
    assert_int_equal(render_html(f, FIG("photos/chart.png") FIG("other/chart.png"), &d), -1);
    assert_non_null(find(&d, DIAG_ERROR, "would both be chart.png"));
    diag_list_free(&d);
    /* no publication folder */
    xmlDoc *doc = document(FIG("photos/chart.png"));
    struct stage stage = {0};
    assert_int_equal(html_write(doc, &f->theme, css_paths, f->out, NULL, NULL, &stage, &d), -1);
    assert_non_null(find(&d, DIAG_ERROR, "no publication folder"));
    stage_discard(&stage);
    stage_free(&stage);
    xmlFreeDoc(doc);
    diag_list_free(&d);
    free(chart2);
    free(other);
}

static void test_href_check(void **state)
{
    (void)state;
    const char *why;
    assert_int_equal(asset_href_check("photos/x.png", &why), 0);
    assert_int_equal(asset_href_check("x.jpg", &why), 0);
    assert_int_equal(asset_href_check(".hidden.png", &why), 0);
    const char *bad[] = {"",          "/x.png",   "../x.png", "a/../x.png",
                         "a/./x.png", "a//x.png", "a/",       "http://example.org/x.png",
                         "a\\x.png",  "a\nb.png", "..",       "."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(asset_href_check(bad[i], &why), -1);
}

/* A gallery of three photos, each image with its own content line, and a
 * figure across the text area, for its width. */
#define GALLERY                                                                                    \
    "<figure src=\"content/fig/publication.xml:5\">"                                               \
    "<image href=\"photos/wide.png\" alt=\"Ancho\"/></figure>"                                     \
    "<gallery src=\"content/fig/publication.xml:20\">"                                             \
    "<photo src=\"content/fig/publication.xml:21\">"                                               \
    "<image src=\"content/fig/publication.xml:22\" href=\"photos/wide.png\" alt=\"Ronda\"/>"       \
    "<title>1.er Taller</title><when>abril de 2021</when>"                                         \
    "<caption>En Lima.</caption><credit>Foto: Ana Ríos</credit></photo>"                          \
    "<photo src=\"content/fig/publication.xml:25\">"                                               \
    "<image src=\"content/fig/publication.xml:26\" href=\"photos/chart.png\" alt=\"Barras\"/>"     \
    "<caption>Resultados.</caption></photo>"                                                       \
    "<photo src=\"content/fig/publication.xml:29\">"                                               \
    "<image src=\"content/fig/publication.xml:30\" href=\"photos/photo.jpg\" alt=\"Montaña\"/>"   \
    "<caption>Feria.</caption><credit>Foto: Archivo</credit></photo>"                              \
    "</gallery>"

/* The images a page's content draws: "w 0 0 h x y cm" before each "Do",
 * in order; returns how many (at most max). */
struct placed {
    double w, h, x, y;
};
static size_t placed_images(const char *pdf, size_t len, struct placed *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i + 4 < len && n < max; i++) {
        if (memcmp(pdf + i, " cm\n/", 5) != 0)
            continue;
        size_t start = i;
        while (start > 0 && pdf[start - 1] != '\n')
            start--;
        double b, c;
        if (sscanf(pdf + start, "%lf %lf %lf %lf %lf %lf", &out[n].w, &b, &c, &out[n].h, &out[n].x,
                   &out[n].y) == 6 &&
            b == 0 && c == 0)
            n++;
    }
    return n;
}

static void test_pdf_gallery_rows(void **state)
{
    struct fixture *f = *state;
    add_images(f);
    struct diag_list d = {0};
    int rc = render_pdf(f, GALLERY, &d);
    if (d.errors)
        diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    size_t len;
    char *pdf = qdf(f, &len);
    struct placed im[8];
    assert_int_equal(placed_images(pdf, len, im, 8), 4);
    assert_int_equal(count(pdf, len, "/S /Figure"), 4);
    double width = im[0].w; /* the figure spans the text area */
    /* first row: the 2:1 and the 1.6:1 image, one height, proportions
     * kept, together exactly across the text area */
    assert_true(fabs(im[1].h - im[2].h) < 0.01 && fabs(im[1].y - im[2].y) < 0.01);
    assert_true(fabs(im[1].w / im[1].h - 2.0) < 0.001);
    assert_true(fabs(im[2].w / im[2].h - 1.6) < 0.001);
    assert_true(fabs(im[1].x - im[0].x) < 0.01);
    assert_true(fabs(im[2].x + im[2].w - (im[0].x + width)) < 0.01);
    /* the last row: the JPEG alone at its 3:2, not stretched to the
     * measure (no taller than the rows' limit), below the first */
    assert_true(fabs(im[3].w / im[3].h - 1.5) < 0.001);
    assert_true(im[3].w < width && im[3].h <= 0.42 * width + 0.01);
    assert_true(fabs(im[3].y + im[3].h - (im[1].y + im[1].h)) > im[1].h); /* a row of its own */
    free(pdf);
    /* low resolution, at the image's line: the chart (320 px over some 2.9
     * inches) and the JPEG; not the 1400 px photo */
    assert_null(find(&d, DIAG_WARNING, "wide.png"));
    const struct diag *w = find(&d, DIAG_WARNING, "image photos/chart.png is 320 px wide");
    assert_non_null(w);
    assert_int_equal(w->line, 26);
    w = find(&d, DIAG_WARNING, "image photos/photo.jpg is 240 px wide");
    assert_non_null(w);
    assert_int_equal(w->line, 30);
    /* title, when, caption and credit are text of the page */
    char *cmd = xasprintf("pdftotext -enc UTF-8 '%s' - | tr -s ' \\n' '  ' | grep -q '1.er Taller "
                          "abril de 2021 En Lima. Foto: Ana Ríos'",
                          f->pdf);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    diag_list_free(&d);
}

static void test_pdf_gallery_missing_image(void **state)
{
    struct fixture *f = *state;
    add_images(f);
    struct diag_list d = {0};
    char *gallery = xstrdup(GALLERY);
    char *at = strstr(gallery, "photos/chart.png");
    memcpy(at, "photos/gone0.png", 16);
    assert_int_equal(render_pdf(f, gallery, &d), -1);
    const struct diag *e = find(&d, DIAG_ERROR, "photos/gone0.png cannot be read");
    assert_non_null(e);
    assert_int_equal(e->line, 26);
    assert_int_not_equal(access(f->pdf, F_OK), 0);
    diag_list_free(&d);
    free(gallery);
    /* an SVG is refused with the reason, at the figure's line */
    expect_pdf_error(f, FIG("photos/diagram.svg"), "SVG is not supported");
    expect_pdf_error(f, FIG("photos/diagram.SVGZ"), "SVG is not supported");
}

static void test_html_gallery(void **state)
{
    struct fixture *f = *state;
    add_images(f);
    struct diag_list d = {0};
    int rc = render_html(f,
                         GALLERY "<gallery><photo><title>Perdida</title><when>2022</when>"
                                 "<caption>Sin foto</caption></photo>"
                                 "<photo><caption>Solo el pie</caption></photo></gallery>",
                         &d);
    if (d.count)
        diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    char *index = in(f->out, "index.html");
    char *html = file_read(index, NULL);
    assert_non_null(html);
    assert_non_null(strstr(html, "<li>\n<figure class=\"photo pictured\">\n<img src=\"wide.png\" "
                                 "alt=\"Ronda\" width=\"1400\" height=\"700\" loading=\"lazy\" "
                                 "decoding=\"async\">\n<figcaption>\n<p class=\"photo-title\">1.er "
                                 "Taller</p>\n<p class=\"photo-when\">abril de 2021</p>\n<p "
                                 "class=\"photo-caption\">En Lima.</p>\n<p class=\"credit\">Foto: "
                                 "Ana Ríos</p>\n</figcaption>\n</figure>\n</li>"));
    assert_non_null(strstr(html, "<img src=\"photo.jpg\" alt=\"Montaña\" width=\"240\" "
                                 "height=\"160\""));
    /* the photo that was lost stays a captioned card, with no img */
    assert_non_null(strstr(html, "<figure class=\"photo\">\n<div class=\"photo-frame\">\n<p "
                                 "class=\"photo-title\">Perdida</p>"));
    /* with no title or date, its caption alone: no empty frame */
    assert_non_null(
        strstr(html, "<li>\n<figure class=\"photo\">\n<figcaption>Solo el pie</figcaption>"));
    char *jpeg = in(f->out, "photo.jpg");
    assert_int_equal(access(jpeg, R_OK), 0);
    free(jpeg);
    free(html);
    free(index);
    diag_list_free(&d);
    /* a figure's credit follows its caption */
    rc = render_html(f,
                     "<figure><image href=\"photos/chart.png\" alt=\"Barras\"/><caption>Cifras"
                     "</caption><credit>Imagen: CARE</credit></figure>",
                     &d);
    assert_int_equal(rc, 0);
    index = in(f->out, "index.html");
    html = file_read(index, NULL);
    assert_non_null(
        strstr(html, "<figcaption>Cifras <span class=\"credit\">Imagen: CARE</span></figcaption>"));
    free(html);
    free(index);
    diag_list_free(&d);
    /* a gallery image that is missing fails the edition at its line */
    char *gallery = xstrdup(GALLERY);
    char *at = strstr(gallery, "photos/photo.jpg");
    memcpy(at, "photos/gone0.jpg", 16);
    assert_int_equal(render_html(f, gallery, &d), -1);
    const struct diag *e = find(&d, DIAG_ERROR, "photos/gone0.jpg cannot be read");
    if (!e)
        diag_print(&d, stderr);
    assert_non_null(e);
    assert_int_equal(e->line, 30);
    free(gallery);
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pdf_png_and_jpeg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdf_upscale_warning, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdf_bad_images, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_figure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_bad_images, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdf_gallery_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdf_gallery_missing_image, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_gallery, setup, teardown),
        cmocka_unit_test(test_href_check),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
