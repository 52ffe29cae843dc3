/* The HTML edition writer: the sample tree rendered into a temporary folder,
 * then its three files read back and checked. */
#include <setjmp.h>
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>

#include "html.h"
#include "resolve.h"
#include "theme.h"
#include "util.h"

#define THEME_PATH FOLIO_TEMPLATE_DIR "/booklet/theme.xml"
#define CSS_PATH FOLIO_TEMPLATE_DIR "/booklet/html.css"
static const char *const css_paths[] = {FOLIO_TEMPLATE_DIR "/web.css", CSS_PATH, NULL};
#define SAMPLE_PATH TEST_DATA_DIR "/document-sample.xml"

struct output {
    char dir[64];
    char *index, *css, *icon;
    struct diag_list diags;
    int rc;
};

static char *S_read_in(const char *dir, const char *name)
{
    char *path = path_join(dir, name);
    char *data = file_read(path, NULL);
    free(path);
    return data;
}

static void S_remove_in(const char *dir, const char *name)
{
    char *path = path_join(dir, name);
    remove(path);
    free(path);
}

/* Fails naming the first of the `n` strings the page lacks. */
static void S_expect_all(const char *page, const char *const *expected, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strstr(page, expected[i]))
            fail_msg("missing in the page: %s", expected[i]);
}

/* Renders `doc` with the booklet theme and the stylesheets `css` into a
 * fresh temporary folder, commits the stage and reads the files back. */
static void S_render_with(xmlDoc *doc, const char *const *css, struct output *out)
{
    memset(out, 0, sizeof *out);
    struct theme theme;
    assert_int_equal(theme_load(&theme, THEME_PATH, NULL, &out->diags), 0);
    strcpy(out->dir, "/tmp/folio-html-test-XXXXXX");
    assert_non_null(mkdtemp(out->dir));

    struct stage stage = {0};
    out->rc = html_write(doc, &theme, css, out->dir, NULL, NULL, &stage, &out->diags);
    const char *failed = NULL;
    assert_int_equal(stage_commit(&stage, &failed), 0);
    stage_free(&stage);
    theme_free(&theme);

    out->index = S_read_in(out->dir, "index.html");
    out->css = S_read_in(out->dir, "style.css");
    out->icon = S_read_in(out->dir, "favicon.svg");
}

/* The booklet's edition of `doc`. */
static void S_render(xmlDoc *doc, struct output *out)
{
    S_render_with(doc, css_paths, out);
}

static void S_output_free(struct output *out)
{
    /* the page, its stylesheet, icon and fonts */
    DIR *d = opendir(out->dir);
    for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            S_remove_in(out->dir, e->d_name);
    if (d)
        closedir(d);
    rmdir(out->dir);
    free(out->index);
    free(out->css);
    free(out->icon);
    diag_list_free(&out->diags);
}

static int S_has_warning(const struct diag_list *diags, const char *needle)
{
    for (size_t i = 0; i < diags->count; i++)
        if (diags->items[i].severity == DIAG_WARNING && strstr(diags->items[i].message, needle))
            return 1;
    return 0;
}

static xmlDoc *S_sample(void)
{
    xmlDoc *doc = xmlReadFile(SAMPLE_PATH, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    return doc;
}

static void test_sample_page(void **state)
{
    (void)state;
    xmlDoc *doc = S_sample();
    struct output out;
    S_render(doc, &out);
    assert_int_equal(out.rc, 0);
    assert_int_equal(out.diags.errors, 0);
    assert_non_null(out.index);

    const char *html = out.index;
    assert_true(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
    assert_non_null(strstr(html, "<html lang=\"es-PE\""));
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    assert_non_null(
        strstr(html, "<title>Aprendizajes, metodologías y experiencias en SMAPS</title>"));
    assert_non_null(
        strstr(html, "<link rel=\"alternate\" hreflang=\"en\" href=\"../en/index.html\">"));
    assert_non_null(
        strstr(html, "<a href=\"../en/index.html\" hreflang=\"en\" lang=\"en\">English</a>"));
    assert_non_null(strstr(html, "href=\"sample-es.pdf\""));
    assert_non_null(strstr(html, "<link rel=\"stylesheet\" href=\"style.css\">"));
    assert_non_null(
        strstr(html, "<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">"));
    assert_non_null(strstr(html, "<h1>Aprendizajes, metodologías y experiencias en SMAPS</h1>"));

    /* blocks */
    assert_non_null(strstr(
        html, "<section id=\"introduction\" class=\"opener\" "
              "aria-labelledby=\"introduction-title\">\n<p class=\"kicker\">Introducción</p>\n"
              "<h2 id=\"introduction-title\">Introducción y números generales</h2>"));
    assert_non_null(strstr(html, "<p class=\"lead\">Una Comunidad"));
    assert_non_null(strstr(html, "<strong>Salud Mental y Apoyo Psicosocial</strong>"));
    assert_non_null(strstr(html, "<span class=\"stat-value\">+250</span>"));
    assert_non_null(strstr(html, "<a href=\"http://www.acnur.org/pais/peru\" rel=\"noopener\">"
                                 "www.acnur.org/pais/peru</a>"));
    assert_non_null(strstr(html, "<h3>Arte-terapia</h3>"));
    assert_non_null(strstr(html, "<li class=\"entry\" id=\"m1\">\n<h3 class=\"entry-label\">"));
    assert_non_null(strstr(html, "<span class=\"tag\">en línea</span>"));
    assert_non_null(strstr(html, "<figure class=\"quote pull\">\n<blockquote>\n<p>El enfoque"));
    assert_non_null(strstr(html, "<span class=\"cite-name\">Christian Guzmán</span>"));
    assert_non_null(strstr(html, "<figure class=\"photo\">"));
    assert_non_null(strstr(html, "<mark class=\"missing\" lang=\"es\" title=\""));
    assert_non_null(strstr(html, "<footer class=\"backcover\">\n<h2 class=\"closing\">"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "<script"));
    assert_true(html[strlen(html) - 1] == '\n');
    S_output_free(&out);
    xmlFreeDoc(doc);
}

/* Whether `css` has a rule naming the class `cls`: ".cls" not followed by
 * more of a name. */
static int S_has_rule(const char *css, const char *cls)
{
    size_t n = strlen(cls);
    for (const char *p = strchr(css, '.'); p; p = strchr(p + 1, '.'))
        if (strncmp(p + 1, cls, n) == 0 &&
            !strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", p[1 + n]))
            return 1;
    return 0;
}

/* Every class a block of the sample carries has a rule in the stylesheet
 * of every kind's edition: a block one kind's template makes is never
 * left unstyled in another's (a bulletin's gallery, a meeting report's
 * back cover once were, their rules only in the booklet's html.css). */
static void test_every_class_styled_in_every_kind(void **state)
{
    (void)state;
    static const char *const kinds[] = {"booklet", "bulletin", "meeting-report", "report"};
    /* hooks with no look of their own, styled by what holds them */
    static const char *const hooks[] = {"inline", "level-1", "photo-caption", "when", "xref"};
    xmlDoc *doc = S_sample();
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        char *kind_css = xasprintf("%s/%s/html.css", FOLIO_TEMPLATE_DIR, kinds[k]);
        const char *const css[] = {FOLIO_TEMPLATE_DIR "/web.css", kind_css, NULL};
        struct output out;
        S_render_with(doc, css, &out);
        assert_int_equal(out.rc, 0);
        assert_non_null(out.index);
        assert_non_null(out.css);
        size_t checked = 0;
        for (const char *p = strstr(out.index, "class=\""); p; p = strstr(p, "class=\"")) {
            p += strlen("class=\"");
            while (*p && *p != '"') {
                size_t n = strcspn(p, " \"");
                char cls[64];
                assert_true(n > 0 && n < sizeof cls);
                memcpy(cls, p, n);
                cls[n] = '\0';
                int hook = 0;
                for (size_t h = 0; h < sizeof hooks / sizeof *hooks; h++)
                    hook |= strcmp(cls, hooks[h]) == 0;
                if (!hook && !S_has_rule(out.css, cls))
                    fail_msg("%s: no rule in style.css for the class %s", kinds[k], cls);
                checked++;
                p += n;
                p += *p == ' ';
            }
        }
        assert_true(checked > 40);
        S_output_free(&out);
        free(kind_css);
    }
    xmlFreeDoc(doc);
}

static void test_stylesheet_from_theme(void **state)
{
    (void)state;
    xmlDoc *doc = S_sample();
    struct output out;
    S_render(doc, &out);
    assert_non_null(out.css);

    /* the colour is read from the theme, not written here a second time */
    struct theme theme;
    struct diag_list diags = {0};
    assert_int_equal(theme_load(&theme, THEME_PATH, NULL, &diags), 0);
    char *primary = xasprintf("--primary: #%06x;", theme_rgb(&theme, "primary"));
    char *accent = xasprintf("--accent: #%06x;", theme_rgb(&theme, "accent"));
    assert_non_null(strstr(out.css, ":root {"));
    assert_non_null(strstr(out.css, primary));
    assert_non_null(strstr(out.css, accent));
    assert_non_null(strstr(out.css, "--font-text: \"Noto Sans\", system-ui, sans-serif;"));
    assert_non_null(strstr(out.css, "--size-body: 1.063rem;"));

    /* then the rules of every kind, then the kind's, verbatim */
    char *web = file_read(FOLIO_TEMPLATE_DIR "/web.css", NULL), *kind = file_read(CSS_PATH, NULL);
    assert_non_null(web);
    assert_non_null(kind);
    char *rules = xasprintf("%s%s", web, kind);
    free(web);
    free(kind);
    const char *tail = out.css + strlen(out.css) - strlen(rules);
    assert_string_equal(tail, rules);
    assert_non_null(strstr(tail, "var(--primary)"));

    /* the favicon in the same colours */
    assert_non_null(out.icon);
    char *fill = xasprintf("fill=\"#%06x\"", theme_rgb(&theme, "primary"));
    assert_non_null(strstr(out.icon, fill));
    assert_non_null(strstr(out.icon, ">C</text>"));

    free(fill);
    free(rules);
    free(primary);
    free(accent);
    theme_free(&theme);
    diag_list_free(&diags);
    S_output_free(&out);
    xmlFreeDoc(doc);
}

/* A tree built here: text that must be escaped and links that must go. */
static xmlDoc *S_tricky_tree(void)
{
    static const char xml[] =
        "<document lang='en' locale='en-GB' id='x&amp;y' kind='booklet'>"
        "<info title='Tom &amp; Jerry &lt;3' author='A' subject='S &quot;quoted&quot;' "
        "keywords='k' short-title='tom'/>"
        "<alternate lang='es' href='javascript:alert(1)' label='Español'/>"
        "<cover><title>Fish &amp; Chips &lt;script&gt;</title></cover>"
        "<section opener='inline'><title>It&apos;s &quot;here&quot;</title>"
        "<p>Bad <a href='javascript:alert(1)'>one</a>, "
        "worse <a href=' JaVa&#9;ScRiPt:alert(2)'>two</a>, "
        "data <a href='data:text/html,x'>three</a>, "
        "good <a href='mailto:a@b.org'>mail</a> "
        "<a href='#s'>near</a> <a href='a b.html'>spaced</a><br/>end</p>"
        "<cards><card><title>C</title><link href='vbscript:x'>bad card</link></card></cards>"
        "</section></document>";
    xmlDoc *doc = xmlReadMemory(xml, (int)sizeof xml - 1, "tricky.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    return doc;
}

static void test_escaping_and_unsafe_links(void **state)
{
    (void)state;
    xmlDoc *doc = S_tricky_tree();
    struct output out;
    S_render(doc, &out);
    assert_int_equal(out.rc, 0);
    const char *html = out.index;
    assert_non_null(html);

    assert_non_null(strstr(html, "<html lang=\"en-GB\""));
    assert_non_null(strstr(html, "<title>Tom &amp; Jerry &lt;3</title>"));
    assert_non_null(strstr(html, "<meta property=\"og:title\" content=\"Tom &amp; Jerry &lt;3\">"));
    assert_non_null(strstr(html, "<h1>Fish &amp; Chips &lt;script&gt;</h1>"));
    assert_non_null(strstr(html, "It&#39;s &quot;here&quot;"));
    assert_non_null(strstr(html, "href=\"x&amp;y-en.pdf\""));
    assert_null(strstr(html, "<script"));

    /* no scheme but http, https, mailto; the words stay */
    assert_null(strstr(html, "javascript"));
    assert_null(strstr(html, "ScRiPt:"));
    assert_null(strstr(html, "data:"));
    assert_null(strstr(html, "vbscript"));
    assert_non_null(strstr(html, "Bad one, worse two, data three,"));
    assert_non_null(strstr(html, "<p class=\"card-link\">bad card</p>"));
    assert_non_null(strstr(html, "<a href=\"mailto:a@b.org\" rel=\"noopener\">mail</a>"));
    assert_non_null(strstr(html, "<a href=\"#s\">near</a>"));
    assert_non_null(strstr(html, "<a href=\"a%20b.html\">spaced</a>"));
    assert_non_null(strstr(html, "<br>\nend</p>"));
    assert_true(S_has_warning(&out.diags, "javascript:alert(1)"));
    assert_true(S_has_warning(&out.diags, "data:text/html,x"));
    assert_true(S_has_warning(&out.diags, "vbscript:x"));
    assert_int_equal(out.diags.errors, 0);

    /* an unnamed section gets an id of its own */
    assert_non_null(strstr(html, "<section id=\"section-1\" class=\"inline\" "
                                 "aria-labelledby=\"section-1-title\">"));
    assert_non_null(strstr(out.icon, ">T</text>"));
    S_output_free(&out);
    xmlFreeDoc(doc);
}

static void test_deterministic(void **state)
{
    (void)state;
    xmlDoc *doc = S_sample();
    struct output a, b;
    S_render(doc, &a);
    S_render(doc, &b);
    assert_non_null(a.index);
    assert_non_null(b.index);
    assert_string_equal(a.index, b.index);
    assert_string_equal(a.css, b.css);
    assert_string_equal(a.icon, b.icon);
    S_output_free(&a);
    S_output_free(&b);
    xmlFreeDoc(doc);
}

static void test_errors(void **state)
{
    (void)state;
    xmlDoc *doc = S_sample();
    struct theme theme;
    struct diag_list diags = {0};
    assert_int_equal(theme_load(&theme, THEME_PATH, NULL, &diags), 0);
    struct stage stage = {0};

    /* a stylesheet that is not there */
    static const char *const missing[] = {FOLIO_TEMPLATE_DIR "/web.css", "/nonexistent/html.css",
                                          NULL};
    assert_int_equal(html_write(doc, &theme, missing, "/tmp", NULL, NULL, &stage, &diags), -1);
    assert_true(diags.errors > 0);
    assert_int_equal(stage.count, 0);

    /* a folder that is not there */
    size_t before = diags.errors;
    assert_int_equal(
        html_write(doc, &theme, css_paths, "/nonexistent/dir", NULL, NULL, &stage, &diags), -1);
    assert_true(diags.errors > before);

    /* not a document tree */
    xmlDoc *other = xmlReadMemory("<theme/>", 8, "other.xml", NULL, 0);
    before = diags.errors;
    assert_int_equal(html_write(other, &theme, css_paths, "/tmp", NULL, NULL, &stage, &diags), -1);
    assert_true(diags.errors > before);

    xmlFreeDoc(other);
    stage_free(&stage);
    theme_free(&theme);
    diag_list_free(&diags);
    xmlFreeDoc(doc);
}

static void test_tables_notes_and_cross_references(void **state)
{
    (void)state;
    xmlDoc *doc = xmlReadFile(TEST_DATA_DIR "/document-tables.xml", NULL, 0);
    struct diag_list d = {0};
    assert_int_equal(resolve_document(doc, &d), 0);
    struct output out;
    S_render(doc, &out);
    assert_int_equal(out.rc, 0);
    const char *expected[] = {
        "<div class=\"scroll\" tabindex=\"0\" role=\"region\" "
        "aria-labelledby=\"scroll-1-caption\">\n"
        "<table id=\"t13\">\n<caption id=\"scroll-1-caption\"><span class=\"caption-text\">"
        "<span class=\"label\">Tabla 1</span> N\xc3\xbamero de participantes",
        "<thead>\n<tr><td></td><th scope=\"col\" class=\"num\">Mujeres</th>",
        "<aside class=\"notes\" aria-label=\"Notas: Tablas\">",
        "<th scope=\"col\" class=\"num\">Mujeres</th>",
        "<th scope=\"row\">Primera infancia (0 \xe2\x80\x93 5 a\xc3\xb1os)</th>",
        "<td class=\"num\">237</td>",
        "<tr class=\"total\">",
        "<p class=\"source\">Fuente: Elaboraci\xc3\xb3n propia</p>",
        "<a class=\"xref\" href=\"#t13\">Tabla 1</a>",
        "<sup class=\"note-call\"><a href=\"#note-1\" id=\"note-call-1\">1</a></sup>",
        "<li id=\"note-1\" value=\"1\">V\xc3\xa9\x61se el anexo <a",
    };
    S_expect_all(out.index, expected, sizeof expected / sizeof expected[0]);
    /* the note's text is at the end of the section, not inside the paragraph */
    assert_null(
        strstr(out.index,
               "meta<sup class=\"note-call\"><a href=\"#note-1\" id=\"note-call-1\">1</a></sup>V"));
    S_output_free(&out);
    diag_list_free(&d);
    xmlFreeDoc(doc);
}

/* Web-edition markup: a heading over two header rows spans down over the
 * empty cell under it, an empty header cell is a plain cell, a
 * one-column table has no row headers, a table without a caption scrolls
 * in an unnamed-landmark group, and the stylesheet has the dark palette
 * and the theme's fonts. */
static void test_tables_on_the_web(void **state)
{
    (void)state;
    static const char tree[] =
        "<document lang=\"en\" locale=\"en-US\" id=\"t\" kind=\"report\">"
        "<info title=\"T\" author=\"A\" subject=\"S\" keywords=\"k\" short-title=\"T\"/>"
        "<cover><title>T</title></cover>"
        "<section id=\"s1\" opener=\"page\"><title>Tables</title>"
        "<table id=\"two\"><caption>Two header rows</caption>"
        "<head><row><cell>Department</cell><cell align=\"num\">Centres</cell>"
        "<cell span=\"2\">Consultants</cell></row>"
        "<row><cell></cell><cell align=\"num\"></cell><cell>GBV</cell><cell>Health</cell></row>"
        "</head><body><row><cell>Tumbes</cell><cell align=\"num\">1</cell><cell>2</cell>"
        "<cell>3</cell></row></body></table>"
        "<table numbered=\"no\"><head><row><cell>Topic</cell></row></head>"
        "<body><row><cell>Health</cell></row><row><cell>Work</cell></row></body></table>"
        "</section></document>";
    xmlDoc *doc = xmlReadMemory(tree, (int)sizeof tree - 1, "web.xml", NULL, 0);
    struct diag_list d = {0};
    assert_int_equal(resolve_document(doc, &d), 0);
    struct output out;
    S_render(doc, &out);
    assert_int_equal(out.rc, 0);
    const char *expected[] = {
        "<tr><th scope=\"col\" rowspan=\"2\">Department</th>"
        "<th scope=\"col\" class=\"num\" rowspan=\"2\">Centres</th>"
        "<th scope=\"col\" colspan=\"2\">Consultants</th></tr>\n"
        "<tr><th scope=\"col\">GBV</th><th scope=\"col\">Health</th></tr>",
        "<tr><th scope=\"row\">Tumbes</th>",
        "<div class=\"scroll\" tabindex=\"0\" role=\"group\" aria-label=\"Table\">",
        "<tbody>\n<tr><td>Health</td></tr>",
    };
    S_expect_all(out.index, expected, sizeof expected / sizeof expected[0]);
    assert_null(strstr(out.index, "></th>"));
    assert_non_null(strstr(out.css, "@media (prefers-color-scheme: dark) {\n  :root {\n"));
    /* the theme's faces, written beside the page */
    assert_non_null(strstr(out.css, "@font-face { font-family: \"Noto Sans\"; src: "
                                    "url(\"NotoSans-Bold.woff2\") format(\"woff2\"); "
                                    "font-weight: 700; font-style: normal; font-display: swap; }"));
    char *font = path_join(out.dir, "NotoSans-Bold.woff2");
    size_t font_len = 0;
    char *woff2 = file_read(font, &font_len);
    assert_non_null(woff2);
    assert_memory_equal(woff2, "wOF2", 4);
    free(woff2);
    free(font);
    S_output_free(&out);
    diag_list_free(&d);
    xmlFreeDoc(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_page),
        cmocka_unit_test(test_every_class_styled_in_every_kind),
        cmocka_unit_test(test_stylesheet_from_theme),
        cmocka_unit_test(test_escaping_and_unsafe_links),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_tables_notes_and_cross_references),
        cmocka_unit_test(test_tables_on_the_web),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
