/* Every block of the document tree (templates/document.rng's "block")
 * has an HTML and a PDF rendering: each stands in one of the sample trees,
 * and its text is found in the web page and in the PDF's text
 * (pdftotext). A block added to document.rng with no sample, or a writer
 * that drops one, fails here. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "html.h"
#include "pdf.h"
#include "resolve.h"
#include "stage.h"
#include "testutil.h"
#include "theme.h"
#include "util.h"

#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define THEME_PATH FOLIO_TEMPLATE_DIR "/booklet/theme.xml"
static const char *const css_paths[] = {FOLIO_TEMPLATE_DIR "/web.css",
                                        FOLIO_TEMPLATE_DIR "/booklet/html.css", NULL};
static const char *const samples[] = {TEST_DATA_DIR "/document-sample.xml",
                                      TEST_DATA_DIR "/document-tables.xml",
                                      TEST_DATA_DIR "/document-figure.xml"};
#define SAMPLES (sizeof samples / sizeof samples[0])
#define MAX_BLOCKS 32

static int S_rng(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, RNG_NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static xmlNode *S_define(xmlNode *grammar, const char *name)
{
    for (xmlNode *n = grammar->children; n; n = n->next) {
        xmlChar *v = S_rng(n, "define") ? xmlGetProp(n, (const xmlChar *)"name") : NULL;
        int same = v && strcmp((const char *)v, name) == 0;
        xmlFree(v);
        if (same)
            return n;
    }
    return NULL;
}

/* The element names the "block" define's choice refers to, each ref
 * followed to its define's <element name>. */
static size_t S_block_names(xmlDoc *rng, char **names)
{
    xmlNode *grammar = xmlDocGetRootElement(rng);
    xmlNode *block = S_define(grammar, "block");
    assert_non_null(block);
    size_t count = 0;
    for (xmlNode *c = block->children; c; c = c->next) {
        if (!S_rng(c, "choice"))
            continue;
        for (xmlNode *r = c->children; r; r = r->next) {
            if (!S_rng(r, "ref"))
                continue;
            xmlChar *name = xmlGetProp(r, (const xmlChar *)"name");
            xmlNode *d = S_define(grammar, (const char *)name);
            assert_non_null(d);
            xmlNode *e = d->children;
            while (e && !S_rng(e, "element"))
                e = e->next;
            assert_non_null(e);
            assert_true(count < MAX_BLOCKS);
            xmlChar *element = xmlGetProp(e, (const xmlChar *)"name");
            names[count++] = xstrdup((const char *)element);
            xmlFree(element);
            xmlFree(name);
        }
    }
    return count;
}

/* Letters and digits only, lower-cased (ASCII): what survives line breaks,
 * hyphenation, small capitals and markup alike. */
static char *S_squeeze(const char *s)
{
    char *out = xcalloc(1, strlen(s) + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (isalnum(*p) || *p >= 0x80)
            *o++ = (char)tolower(*p);
    return out;
}

/* The HTML page with its tags taken out. */
static char *S_html_text(const char *html)
{
    char *out = xcalloc(1, strlen(html) + 1), *o = out;
    int in_tag = 0;
    for (const char *p = html; *p; p++) {
        if (*p == '<')
            in_tag = 1;
        else if (*p == '>')
            in_tag = 0;
        else if (!in_tag)
            *o++ = *p;
    }
    return out;
}

struct rendering {
    char *html, *pdf; /* squeezed texts */
};

static void S_render(const char *sample, struct rendering *out)
{
    struct diag_list d = {0};
    struct theme theme;
    assert_int_equal(theme_load(&theme, THEME_PATH, NULL, &d), 0);
    xmlDoc *doc = xmlReadFile(sample, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    assert_int_equal(resolve_document(doc, &d), 0);
    char *dir = test_tmpdir();
    assert_non_null(dir);

    struct stage stage = {0};
    assert_int_equal(html_write(doc, &theme, css_paths, dir, NULL, NULL, &stage, &d), 0);
    const char *failed = NULL;
    assert_int_equal(stage_commit(&stage, &failed), 0);
    stage_free(&stage);
    char *index = path_join(dir, "index.html");
    char *page = file_read(index, NULL);
    assert_non_null(page);
    char *text = S_html_text(page);
    out->html = S_squeeze(text);
    free(text);
    free(page);
    free(index);

    char *pdf = path_join(dir, "out.pdf");
    struct pdf_options opts = {-1, NULL, NULL, NULL};
    assert_int_equal(pdf_write(doc, &theme, pdf, &opts, &d), 0);
    char *cmd = xasprintf("pdftotext -q '%s' -", pdf);
    char *words = test_output(cmd);
    assert_non_null(words);
    out->pdf = S_squeeze(words);
    free(words);
    free(cmd);
    free(pdf);
    if (d.errors)
        diag_print(&d, stderr);
    assert_int_equal(d.errors, 0);
    diag_list_free(&d);
    test_remove_dir(dir);
    xmlFreeDoc(doc);
    theme_free(&theme);
}

/* The first text of the first `name` element of `doc` that has any,
 * squeezed; NULL when the sample has none. */
static char *S_block_text(xmlDoc *doc, const char *name)
{
    xmlXPathContext *x = xmlXPathNewContext(doc);
    /* its first piece of text: a table's cells or a grid's may be read
     * column by column from the PDF */
    char *expr = xasprintf("((//%s[normalize-space()])[1]//text()[normalize-space()])[1]", name);
    xmlXPathObject *r = xmlXPathEvalExpression((const xmlChar *)expr, x);
    char *text = NULL;
    if (r && r->nodesetval && r->nodesetval->nodeNr > 0) {
        xmlChar *content = xmlNodeGetContent(r->nodesetval->nodeTab[0]);
        text = S_squeeze((const char *)content);
        xmlFree(content);
        size_t n = strlen(text) > 24 ? 24 : strlen(text); /* enough to be its own */
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--; /* not inside a character */
        text[n] = '\0';
    }
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(x);
    free(expr);
    return text;
}

static void test_every_block_renders_in_both_writers(void **state)
{
    (void)state;
    xmlDoc *rng = xmlReadFile(FOLIO_TEMPLATE_DIR "/document.rng", NULL, XML_PARSE_NOBLANKS);
    assert_non_null(rng);
    char *names[MAX_BLOCKS];
    size_t count = S_block_names(rng, names);
    assert_true(count >= 10); /* p h list stats cards timeline quote gallery table figure */

    struct rendering out[SAMPLES];
    xmlDoc *docs[SAMPLES];
    for (size_t s = 0; s < SAMPLES; s++) {
        S_render(samples[s], &out[s]);
        docs[s] = xmlReadFile(samples[s], NULL, XML_PARSE_NONET);
    }
    for (size_t i = 0; i < count; i++) {
        int found = 0;
        for (size_t s = 0; s < SAMPLES && !found; s++) {
            char *text = S_block_text(docs[s], names[i]);
            if (!text)
                continue;
            found = 1;
            if (!strstr(out[s].html, text) || !strstr(out[s].pdf, text))
                fail_msg("<%s> of %s: '%s' missing from the %s", names[i], samples[s], text,
                         strstr(out[s].html, text) ? "PDF" : "HTML");
            free(text);
        }
        if (!found)
            fail_msg("no sample tree has a <%s> with text: add one", names[i]);
        free(names[i]);
    }
    for (size_t s = 0; s < SAMPLES; s++) {
        free(out[s].html);
        free(out[s].pdf);
        xmlFreeDoc(docs[s]);
    }
    xmlFreeDoc(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_block_renders_in_both_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
