/* The PDF writer, end to end on the sample document tree. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <libxml/parser.h>

#include "pdf.h"
#include "testutil.h"
#include "theme.h"

#define SAMPLE TEST_DATA_DIR "/document-sample.xml"
#define BOOKLET_THEME FOLIO_TEMPLATE_DIR "/booklet/theme.xml"

struct fixture {
    struct theme theme;
    char dir[32];
    char path[64];
};

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    struct diag_list d = {0};
    if (theme_load(&f->theme, BOOKLET_THEME, NULL, &d) != 0)
        return -1;
    diag_list_free(&d);
    strcpy(f->dir, "/tmp/folio-pdf-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/out.pdf", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    remove(f->path);
    rmdir(f->dir);
    theme_free(&f->theme);
    free(f);
    return 0;
}

/* Renders `doc` and returns the file's bytes (NULL when pdf_write failed). */
static char *render(struct fixture *f, xmlDoc *doc, long long epoch, size_t *len,
                    struct diag_list *d)
{
    struct pdf_options opts = {epoch, NULL, NULL, NULL};
    remove(f->path);
    if (pdf_write(doc, &f->theme, f->path, &opts, d) != 0)
        return NULL;
    return file_read(f->path, len);
}

static char *render_sample(struct fixture *f, long long epoch, size_t *len)
{
    struct diag_list d = {0};
    xmlDoc *doc = xmlReadFile(SAMPLE, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    char *pdf = render(f, doc, epoch, len, &d);
    if (d.errors > 0)
        diag_print(&d, stderr);
    assert_int_equal(d.errors, 0);
    xmlFreeDoc(doc);
    diag_list_free(&d);
    return pdf;
}

/* memmem is not in C11. */
static int contains(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0)
            return 1;
    return 0;
}

static size_t count(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle), c = 0;
    for (size_t i = 0; i + n <= len; i++)
        c += memcmp(data + i, needle, n) == 0;
    return c;
}

static size_t pages(const char *data, size_t len)
{
    return count(data, len, "/Type /Page") - count(data, len, "/Type /Pages");
}

static void test_sample_renders(void **state)
{
    struct fixture *f = *state;
    size_t len;
    char *pdf = render_sample(f, 0, &len);
    assert_non_null(pdf);
    assert_true(len > 1000);
    assert_memory_equal(pdf, "%PDF-", 5);
    assert_true(contains(pdf, len, "%%EOF"));
    /* Cover, six section openers, back cover. */
    assert_int_equal(pages(pdf, len), 8);
    /* Fonts embedded as subsets; links without borders; /Lang; outlines shown. */
    assert_true(contains(pdf, len, "/FontFile2"));
    assert_true(contains(pdf, len, "+NotoSans-Regular"));
    /* libharu writes '/' in strings as \057 */
    assert_true(contains(pdf, len, "/URI (https:\\057\\057www.encuentros-sjs.org\\057)"));
    /* Four card links (one of them broken over two lines) and one in a paragraph. */
    assert_int_equal(count(pdf, len, "/Subtype /Link"), 6);
    assert_int_equal(count(pdf, len, "/Border [ 0 0 0 ]"), 6);
    assert_true(contains(pdf, len, "/Lang (es-PE)"));
    assert_true(contains(pdf, len, "/PageMode /UseOutlines"));
    assert_true(count(pdf, len, "/Dest") >= 6); /* an outline entry per section */
    /* UTF-16BE hex: "folio" */
    assert_true(contains(pdf, len, "/Creator <FEFF0066006F006C0069006F>"));
    free(pdf);
}

static void test_two_renders_identical(void **state)
{
    struct fixture *f = *state;
    size_t a_len, b_len;
    char *a = render_sample(f, 1700000000, &a_len);
    char *b = render_sample(f, 1700000000, &b_len);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    free(a);
    free(b);
    /* Without SOURCE_DATE_EPOCH too, and then there are no dates. */
    a = render_sample(f, -1, &a_len);
    b = render_sample(f, -1, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    assert_false(contains(a, a_len, "/CreationDate"));
    assert_false(contains(a, a_len, "/ModDate"));
    free(a);
    free(b);
}

static void test_epoch_is_the_date(void **state)
{
    struct fixture *f = *state;
    size_t len;
    char *pdf = render_sample(f, 0, &len);
    assert_true(contains(pdf, len, "/CreationDate (D:19700101000000Z"));
    assert_true(contains(pdf, len, "/ModDate (D:19700101000000Z"));
    free(pdf);
    /* 2023-11-14 22:13:20 UTC */
    pdf = render_sample(f, 1700000000, &len);
    assert_true(contains(pdf, len, "(D:20231114221320Z"));
    free(pdf);
}

static xmlDoc *tree(const char *body)
{
    char *xml =
        xasprintf("<document lang='es' locale='es-PE' id='t' kind='booklet'>"
                  "<info title='T' author='A' subject='S' keywords='K' short-title='T'/>"
                  "<cover><title>Portada</title></cover>"
                  "<section id='s' opener='page' src='x.xml:3'><title>Sección</title>%s</section>"
                  "</document>",
                  body);
    xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", "UTF-8", XML_PARSE_NONET);
    free(xml);
    assert_non_null(doc);
    return doc;
}

/* theme.xml with fallback="symbols" on the text font, DejaVu Sans as the
 * symbols font; written next to the output. */
static int fallback_theme(struct fixture *f, struct theme *theme, const char *fallback)
{
    size_t len;
    char *xml = file_read(BOOKLET_THEME, &len);
    assert_non_null(xml);
    const char *at = strstr(xml, "<font role=\"text\"");
    assert_non_null(at);
    struct buf b = {0};
    buf_put(&b, xml, (size_t)(at - xml));
    buf_puts(&b, "<font role=\"symbols\" family=\"DejaVu Sans\" regular=\"dejavu/DejaVuSans.ttf\" "
                 "bold=\"dejavu/DejaVuSans-Bold.ttf\" italic=\"dejavu/DejaVuSans-Oblique.ttf\" "
                 "bold-italic=\"dejavu/DejaVuSans-BoldOblique.ttf\"/>\n");
    buf_puts(&b, "<font role=\"text\" fallback=\"");
    buf_puts(&b, fallback);
    buf_puts(&b, "\"");
    buf_puts(&b, at + strlen("<font role=\"text\""));
    char path[80];
    snprintf(path, sizeof path, "%s/theme.xml", f->dir);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(b.data, out);
    fclose(out);
    buf_free(&b);
    free(xml);
    struct diag_list d = {0};
    int rc = theme_load(theme, path, NULL, &d);
    remove(path);
    diag_list_free(&d);
    return rc;
}

static void test_fallback_font(void **state)
{
    struct fixture *f = *state;
    struct theme theme;
    assert_int_equal(fallback_theme(f, &theme, "nonesuch"), -1); /* an unknown role */
    assert_int_equal(fallback_theme(f, &theme, "symbols"), 0);
    assert_ptr_equal(theme_font(&theme, "text")->fallback, theme_font(&theme, "symbols"));
    struct diag_list d = {0};
    xmlDoc *doc =
        tree("<p>Bien</p><p src='x.xml:7'>Hecho \xe2\x9c\x94 y <b>listo \xe2\x9c\x94</b></p>");
    struct pdf_options opts = {.source_date_epoch = 0};
    assert_int_equal(pdf_write(doc, &theme, f->path, &opts, &d), 0);
    assert_int_equal(d.errors, 0);
    size_t len;
    char *pdf = file_read(f->path, &len);
    assert_non_null(pdf);
    assert_true(contains(pdf, len, "DejaVuSans"));      /* the check mark's font */
    assert_true(contains(pdf, len, "DejaVuSans-Bold")); /* in the bold run, the bold face */
    free(pdf);
    xmlFreeDoc(doc);
    diag_list_free(&d);
    theme_free(&theme);
}

static void test_missing_glyph_is_an_error(void **state)
{
    struct fixture *f = *state;
    struct diag_list d = {0};
    xmlDoc *doc = tree("<p>Bien</p><p src='x.xml:7'>Hecho \xe2\x9c\x94 y <b>listo</b></p>");
    size_t len;
    char *pdf = render(f, doc, 0, &len, &d);
    assert_null(pdf);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.items[0].file, "x.xml");
    assert_int_equal(d.items[0].line, 7);
    assert_non_null(strstr(d.items[0].message, "U+2714"));
    assert_non_null(strstr(d.items[0].message, "Noto Sans"));
    assert_non_null(strstr(d.items[0].message, "NotoSans-Regular.ttf"));
    xmlFreeDoc(doc);
    diag_list_free(&d);

    /* Without a src of its own, the section's place is used. */
    doc = tree("<list><item>\xe2\x9e\xa4 uno</item></list>");
    assert_null(render(f, doc, 0, &len, &d));
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.items[0].file, "x.xml");
    assert_int_equal(d.items[0].line, 3);
    assert_non_null(strstr(d.items[0].message, "U+27A4"));
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

static void test_long_content_paginates(void **state)
{
    struct fixture *f = *state;
    struct buf b = {0};
    for (int i = 0; i < 60; i++)
        buf_printf(&b,
                   "<p>Párrafo %d: una Comunidad de Práctica es un grupo de personas que "
                   "comparten un interés o una pasión por algo que hacen y aprenden cómo "
                   "mejorar a medida que interactúan regularmente.</p>",
                   i);
    buf_puts(&b, "<p>Unapalabramuchísimomáslargaquecualquierlíneadetextoquepodamosimaginar"
                 "yquenocabeenningunaparte.</p>");
    xmlDoc *doc = tree(b.data);
    struct diag_list d = {0};
    size_t len;
    char *pdf = render(f, doc, 0, &len, &d);
    assert_non_null(pdf);
    assert_int_equal(d.count, 0); /* no overfull page warnings */
    assert_true(pages(pdf, len) >= 5);
    free(pdf);
    buf_free(&b);
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

/* Trees the schema would refuse still render, without crashing or leaking. */
static void test_odd_trees_render(void **state)
{
    struct fixture *f = *state;
    static const char *const bodies[] = {
        "",
        "<p/><p>  </p><h level='9'/><list/><list><item/></list>",
        "<stats/><stats><stat/><stat><value>1</value></stat></stats>",
        "<cards/><cards><card/><card><link href='x'/></card></cards>",
        "<timeline><entry/><entry><label>L</label><p/></entry></timeline>",
        "<quote/><quote style='testimonial'><p/></quote><gallery><photo/></gallery>",
        "<unknown>text</unknown><p><unknown>inline</unknown><br/><br/><a>no href</a></p>",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct diag_list d = {0};
        xmlDoc *doc = tree(bodies[i]);
        size_t len;
        char *pdf = render(f, doc, -1, &len, &d);
        assert_non_null(pdf);
        assert_int_equal(d.errors, 0);
        free(pdf);
        xmlFreeDoc(doc);
        diag_list_free(&d);
    }
}

static void test_bad_tree_and_path(void **state)
{
    struct fixture *f = *state;
    struct diag_list d = {0};
    struct pdf_options opts = {-1, NULL, NULL, NULL};
    xmlDoc *doc = xmlReadMemory("<nothing/>", 10, "n.xml", NULL, 0);
    assert_int_equal(pdf_write(doc, &f->theme, f->path, &opts, &d), -1);
    assert_true(d.errors > 0);
    xmlFreeDoc(doc);
    diag_list_free(&d);

    doc = xmlReadFile(SAMPLE, NULL, XML_PARSE_NONET);
    assert_int_equal(pdf_write(doc, &f->theme, "/nonexistent-dir/x.pdf", &opts, &d), -1);
    assert_true(d.errors > 0);
    assert_non_null(strstr(d.items[0].message, "cannot write"));
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

static int failing_write(void *ctx, const void *data, size_t len)
{
    (void)data;
    size_t *calls = ctx;
    *calls += len > 0;
    errno = ENOSPC;
    return -1;
}

/* A sink that cannot take the bytes fails the render with its file named,
 * after the first refused piece. */
static void test_sink_failure_is_an_error(void **state)
{
    struct fixture *f = *state;
    struct diag_list d = {0};
    struct pdf_options opts = {-1, NULL, NULL, NULL};
    xmlDoc *doc = xmlReadFile(SAMPLE, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    size_t calls = 0;
    struct pdf_sink sink = {failing_write, &calls, "out/x.pdf"};
    assert_int_equal(pdf_render(doc, &f->theme, &sink, &opts, &d), -1);
    assert_int_equal(calls, 1);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.items[0].file, "out/x.pdf");
    assert_non_null(strstr(d.items[0].message, "cannot write"));
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

/* A check (no file) draws nothing and reports what drawing reports: a
 * contents entry pointing nowhere, a part too tall for any page. */
static void test_check_reports_what_drawing_does(void **state)
{
    struct fixture *f = *state;
    struct buf b = {0};
    buf_puts(&b, "<document lang='es' locale='es-PE' id='t' kind='booklet'>"
                 "<info title='T' author='A' subject='S' keywords='K' short-title='T'/>"
                 "<cover><title>Portada</title></cover>"
                 "<contents><title>Contenido</title><entry target='nowhere'>Perdida</entry>"
                 "</contents><section id='s' src='x.xml:3'><title>Sección</title>"
                 "<h level='2' src='x.xml:9'>");
    for (int i = 0; i < 400; i++)
        buf_printf(&b, "Título%d ", i);
    buf_puts(&b, "</h><p>Fin.</p></section></document>");
    xmlDoc *doc = xmlReadMemory(b.data, (int)b.len, "t.xml", "UTF-8", XML_PARSE_NONET);
    assert_non_null(doc);
    struct pdf_options opts = {-1, NULL, NULL, NULL};
    struct diag_list built = {0}, checked = {0};
    assert_int_equal(pdf_write(doc, &f->theme, f->path, &opts, &built), -1);
    assert_int_equal(pdf_write(doc, &f->theme, NULL, &opts, &checked), -1);
    assert_int_equal(built.errors, 1);
    assert_int_equal(built.count, 2);
    assert_non_null(strstr(built.items[0].message, "'nowhere', which is not in the document"));
    assert_non_null(strstr(built.items[1].message, "cannot be split"));
    assert_int_equal(checked.count, built.count);
    for (size_t i = 0; i < built.count; i++) {
        assert_int_equal(checked.items[i].severity, built.items[i].severity);
        assert_int_equal(checked.items[i].line, built.items[i].line);
        assert_string_equal(checked.items[i].message, built.items[i].message);
    }
    diag_list_free(&built);
    diag_list_free(&checked);
    xmlFreeDoc(doc);
    buf_free(&b);
}

/* The text pdftotext finds on page `page` of the fixture's file. */
static char *page_text(struct fixture *f, int page)
{
    char *cmd = xasprintf("pdftotext -q -layout -f %d -l %d '%s' -", page, page, f->path);
    char *text = test_output(cmd);
    free(cmd);
    return text;
}

/* A table longer than a page splits between rows, and its header row
 * starts every page it runs over. */
static void test_long_table_repeats_its_header(void **state)
{
    struct fixture *f = *state;
    struct buf rows = {0};
    for (int i = 1; i <= 90; i++)
        buf_printf(&rows,
                   "<row><cell>Fila %d</cell><cell align='num'>%d</cell>"
                   "<cell align='num'>%d</cell></row>",
                   i, i * 3, i * 5);
    char *body = xasprintf("<table label='Tabla 1'><caption>Larga</caption>"
                           "<head><row><cell>Grupo</cell><cell align='num'>Mujeres</cell>"
                           "<cell align='num'>Hombres</cell></row></head><body>%s"
                           "<row role='total'><cell>Total</cell><cell align='num'>12285</cell>"
                           "<cell align='num'>20475</cell></row></body>"
                           "<source>Fuente: prueba</source></table>",
                           rows.data);
    xmlDoc *doc = tree(body);
    struct diag_list d = {0};
    size_t len;
    char *pdf = render(f, doc, 0, &len, &d);
    assert_non_null(pdf);
    size_t n = pages(pdf, len);
    assert_true(n >= 4); /* cover, then the table over three pages at least */
    int table_pages = 0;
    for (size_t p = 2; p <= n; p++) {
        char *text = page_text(f, (int)p);
        if (strstr(text, "Fila ")) {
            table_pages++;
            if (!strstr(text, "Mujeres"))
                fail_msg("page %zu continues the table without its header", p);
        }
        free(text);
    }
    assert_true(table_pages >= 2);
    char *last = page_text(f, (int)n);
    assert_non_null(strstr(last, "Fila 90"));
    assert_non_null(strstr(last, "Fuente: prueba")); /* the source stays with the last rows */
    free(last);
    free(pdf);
    free(body);
    buf_free(&rows);
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

/* The page (from 1) of the whole file's text that holds `needle`; 0 when
 * none does (pdftotext parts pages with a form feed). */
static int page_of(struct fixture *f, const char *needle)
{
    char *cmd = xasprintf("pdftotext -q '%s' -", f->path);
    char *text = test_output(cmd);
    free(cmd);
    const char *at = strstr(text, needle);
    int page = at ? 1 : 0;
    for (const char *p = text; at && p < at; p++)
        page += *p == '\f';
    free(text);
    return page;
}

/* For how many of the lengths of text put before `blocks` the page
 * parts the text `a` from the text `b` after it. */
static int parted_count(struct fixture *f, const char *blocks, const char *a, const char *b)
{
    int parted = 0;
    for (int k = 36; k <= 56; k += 3) {
        struct buf body = {0};
        for (int i = 0; i < k; i++)
            buf_printf(&body, "<p>Relleno %d.</p>", i);
        buf_puts(&body, blocks);
        /* and enough after them that the section's last page is not one a
         * page fewer could be made of (page_break_fitted) */
        for (int i = 0; i < 20; i++)
            buf_printf(&body, "<p>Cola %d.</p>", i);
        xmlDoc *doc = tree(body.data);
        struct diag_list d = {0};
        size_t len;
        char *pdf = render(f, doc, 0, &len, &d);
        assert_non_null(pdf);
        parted += page_of(f, a) != page_of(f, b);
        free(pdf);
        buf_free(&body);
        xmlFreeDoc(doc);
        diag_list_free(&d);
    }
    return parted;
}

/* Some blocks stay on the page of the block after them, wherever the page
 * would end: a paragraph ending in a colon (with the key figures it
 * introduces), a heading's subtitle (a lead paragraph right under it, with
 * the heading after it), a run-in heading (a list of one bold item, with
 * its paragraph). Each is checked against the same blocks without what
 * keeps them, which the lengths tried do part. */
static void test_blocks_kept_with_what_follows(void **state)
{
    struct fixture *f = *state;
    const char *two_lines = "Una frase que presenta lo que sigue y que ocupa dos renglones en la "
                            "columna de texto del folleto";
    const char *stats = "<stats><stat><value>21</value><label>Organizaciones</label></stat>"
                        "<stat><value>6</value><label>Encuentros</label></stat></stats>";
    const char *after = "<h level='3'>Factores de riesgo</h><p>La migración no es en sí misma "
                        "una causa de trastornos mentales, y puede ser un factor de riesgo si "
                        "existe una vulnerabilidad previa de la persona que migra.</p>";
    const char *run_in = "<p>La migración no es en sí misma una causa de trastornos mentales, "
                         "y puede ser un factor de riesgo si existe una vulnerabilidad previa "
                         "de la persona que migra o de su familia.</p>";
    char *kept[3], *loose[3];
    kept[0] = xasprintf("<p>%s:</p>%s", two_lines, stats);
    loose[0] = xasprintf("<p>%s.</p>%s", two_lines, stats);
    kept[1] =
        xasprintf("<h level='2'>Impactos</h><p style='lead'>Del proceso del folleto</p>%s", after);
    loose[1] = xasprintf("<h level='2'>Impactos</h><p>Del proceso del folleto</p>%s", after);
    kept[2] = xasprintf("<list><item><b>Data del folleto</b></item></list>%s", run_in);
    loose[2] = xasprintf("<list><item>Data del folleto</item></list>%s", run_in);
    const char *next[3] = {"Organizaciones", "Factores de riesgo", "La migración"};
    for (int i = 0; i < 3; i++) {
        if (parted_count(f, kept[i], "del folleto", next[i]) != 0)
            fail_msg("case %d: parted from what follows", i);
        assert_true(parted_count(f, loose[i], "del folleto", next[i]) > 0);
        free(kept[i]);
        free(loose[i]);
    }
}

/* A hyphen the line breaker adds is a soft hyphen (U+00AD) in the text
 * read out of the PDF, so the word reads whole; a hyphen of the text
 * stays U+002D. */
static void test_an_added_hyphen_is_soft(void **state)
{
    struct fixture *f = *state;
    struct buf body = {0};
    buf_puts(&body, "<p>");
    for (int i = 0; i < 30; i++)
        buf_puts(&body, "La coordinación interinstitucional fortalece las responsabilidades "
                        "compartidas del acompañamiento psicosocial en Lima-Callao. ");
    buf_puts(&body, "</p>");
    xmlDoc *doc = tree(body.data);
    struct diag_list d = {0};
    size_t len;
    char *pdf = render(f, doc, 0, &len, &d);
    assert_non_null(pdf);
    char *cmd = xasprintf("pdftotext -q '%s' -", f->path);
    char *text = test_output(cmd);
    free(cmd);
    int soft = 0;
    for (char *p = strstr(text, "\xc2\xad"); p; p = strstr(p + 2, "\xc2\xad")) {
        assert_int_equal(p[2], '\n'); /* only where a line ends */
        soft++;
    }
    assert_true(soft > 0);
    assert_non_null(strstr(text, "Lima-Callao"));
    /* joined at the soft hyphens, every word is the paragraph's */
    struct buf joined = {0};
    for (const char *p = text; *p; p++)
        if (p[0] == '\xc2' && p[1] == '\xad' && p[2] == '\n')
            p += 2;
        else
            buf_put(&joined, p, 1);
    for (char *w = strtok(joined.data, " \n\f"); w; w = strtok(NULL, " \n\f")) {
        char *spaced = xasprintf(" %s ", w);
        if (!strstr(body.data, w) && !strstr(" Portada Sección T ", spaced) && /* cover, heads */
            strspn(w, "0123456789") != strlen(w))                              /* page numbers */
            fail_msg("'%s' is not a word of the paragraph", w);
        free(spaced);
    }
    buf_free(&joined);
    free(text);
    free(pdf);
    buf_free(&body);
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

/* A table too wide for every cell on one line wraps its long headings
 * before the text of its body: the region's name stays whole. */
static void test_headings_wrap_before_the_body(void **state)
{
    struct fixture *f = *state;
    const char *body =
        "<table label='Tabla 1'><caption>Muestra</caption><head><row>"
        "<cell>Región</cell>"
        "<cell align='num'>Instituciones aliadas de los gobiernos regionales y locales en las "
        "cuatro regiones del proyecto</cell>"
        "<cell align='num'>Coordinadores regionales del proyecto en cada una de las regiones "
        "donde trabaja</cell>"
        "<cell>Especialistas</cell></row></head><body>"
        "<row><cell>Lima y Callao</cell><cell align='num'>4</cell><cell align='num'>3</cell>"
        "<cell>Protección (1), Medios de vida (1), Salud y Salud Mental (1)</cell></row>"
        "<row><cell>La Libertad</cell><cell align='num'>4</cell><cell align='num'>1</cell>"
        "<cell>Comunicaciones (1)</cell></row></body></table>";
    xmlDoc *doc = tree(body);
    struct diag_list d = {0};
    size_t len;
    char *pdf = render(f, doc, 0, &len, &d);
    assert_non_null(pdf);
    char *text = page_text(f, 2);
    assert_non_null(strstr(text, "Lima y Callao"));
    assert_non_null(strstr(text, "La Libertad"));
    free(text);
    free(pdf);
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

/* Footnotes: at the foot of the page that calls them; one too long for
 * the room left continues on the next page. */
static void test_footnotes_at_the_foot(void **state)
{
    struct fixture *f = *state;
    struct buf body = {0}, long_note = {0};
    for (int i = 0; i < 40; i++)
        buf_puts(&long_note, "Una nota muy larga que sigue para comprobar que contin\xc3\xba"
                             "a en la p\xc3\xa1gina siguiente. ");
    for (int i = 1; i <= 24; i++) {
        buf_printf(&body,
                   "<p>P\xc3\xa1rrafo %d con texto suficiente para ocupar varias l\xc3\xadneas "
                   "de la columna y llenar la p\xc3\xa1gina poco a poco, una y otra vez, "
                   "hasta que la p\xc3\xa1gina se acabe",
                   i);
        if (i == 3)
            buf_puts(&body, "<note n='1'>NOTAUNO al pie.</note>");
        if (i == 14)
            buf_printf(&body, "<note n='2'>INICIO %s FINAL</note>", long_note.data);
        buf_puts(&body, ".</p>");
    }
    xmlDoc *doc = tree(body.data);
    struct diag_list d = {0};
    size_t len;
    char *pdf = render(f, doc, 0, &len, &d);
    assert_non_null(pdf);
    size_t n = pages(pdf, len), call1 = 0, note1 = 0, start2 = 0, end2 = 0, call2 = 0;
    for (size_t p = 1; p <= n; p++) {
        char *text = page_text(f, (int)p);
        if (strstr(text, "rrafo 3 "))
            call1 = p;
        if (strstr(text, "NOTAUNO"))
            note1 = p;
        if (strstr(text, "rrafo 14 "))
            call2 = p;
        if (strstr(text, "INICIO"))
            start2 = p;
        if (strstr(text, "FINAL"))
            end2 = p;
        free(text);
    }
    assert_true(call1 > 0);
    assert_int_equal(note1, call1);
    assert_int_equal(start2, call2);
    assert_true(end2 > start2); /* continued */
    free(pdf);
    buf_free(&body);
    buf_free(&long_note);
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

/* A two-column section: text fills the left column, then the right one,
 * then the next page; the opener spans the page. */
static void test_two_columns(void **state)
{
    struct fixture *f = *state;
    struct buf body = {0};
    for (int i = 1; i <= 30; i++)
        buf_printf(&body,
                   "<p>Columna%02d con texto suficiente para ocupar varias l\xc3\xadneas de "
                   "la columna, una y otra vez, hasta llenar la p\xc3\xa1gina.</p>",
                   i);
    char *xml = xasprintf("<document lang='es' locale='es-PE' id='t' kind='booklet'>"
                          "<info title='T' author='A' subject='S' keywords='K' short-title='T'/>"
                          "<cover><title>Portada</title></cover>"
                          "<section id='s' opener='page' columns='2'><title>Dos columnas</title>"
                          "%s</section></document>",
                          body.data);
    xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", "UTF-8", XML_PARSE_NONET);
    struct diag_list d = {0};
    size_t len;
    char *pdf = render(f, doc, 0, &len, &d);
    assert_non_null(pdf);
    /* word boxes of page 2: where do the paragraphs start? */
    char *cmd = xasprintf("pdftotext -q -bbox -f 2 -l 2 '%s' -", f->path);
    char *words = test_output(cmd);
    double right_min = 1e9, title_x = -1;
    int left = 0, right = 0;
    for (char *line = strtok(words, "\n"); line; line = strtok(NULL, "\n")) {
        char *at = strstr(line, "xMin=\"");
        if (!at)
            continue;
        double x = atof(at + 6);
        if (strstr(line, ">Dos<"))
            title_x = x;
        if (!strstr(line, ">Columna"))
            continue;
        if (x < 595.0 / 2) {
            left++;
        } else {
            right++;
            right_min = x < right_min ? x : right_min;
        }
    }
    free(words);
    assert_true(left >= 3);
    assert_true(right >= 3);
    assert_true(right_min > 595.0 / 2);
    assert_true(title_x > 0 && title_x < 100); /* the opener starts at the left margin */
    assert_true(pages(pdf, len) >= 3);         /* and the flow goes on to the next page */
    free(cmd);
    free(pdf);
    free(xml);
    buf_free(&body);
    xmlFreeDoc(doc);
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_renders),
        cmocka_unit_test(test_two_renders_identical),
        cmocka_unit_test(test_epoch_is_the_date),
        cmocka_unit_test(test_missing_glyph_is_an_error),
        cmocka_unit_test(test_fallback_font),
        cmocka_unit_test(test_long_content_paginates),
        cmocka_unit_test(test_odd_trees_render),
        cmocka_unit_test(test_bad_tree_and_path),
        cmocka_unit_test(test_sink_failure_is_an_error),
        cmocka_unit_test(test_check_reports_what_drawing_does),
        cmocka_unit_test(test_long_table_repeats_its_header),
        cmocka_unit_test(test_headings_wrap_before_the_body),
        cmocka_unit_test(test_blocks_kept_with_what_follows),
        cmocka_unit_test(test_an_added_hyphen_is_soft),
        cmocka_unit_test(test_footnotes_at_the_foot),
        cmocka_unit_test(test_two_columns),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    xmlCleanupParser();
    return rc;
}
