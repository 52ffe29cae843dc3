/* Helpers shared by the unit tests: temporary publication folders made
 * from tests/data/minimal (a booklet) or tests/data/report-minimal with
 * one textual change. */
#ifndef FOLIO_TESTUTIL_H
#define FOLIO_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xpath.h>

#include "diag.h"
#include "util.h"

#define MINIMAL_DIR TEST_DATA_DIR "/minimal"
#define REPORT_DIR TEST_DATA_DIR "/report-minimal"

/* A new empty folder under /tmp, malloc'ed; NULL when none can be made. */
static inline char *test_tmpdir(void)
{
    char tmpl[] = "/tmp/folio-test-XXXXXX";
    return mkdtemp(tmpl) ? xstrdup(tmpl) : NULL;
}

/* A new folder holding a copy of the publication in `source` (its
 * publication.xml and data/ folder) with every occurrence of `from` in
 * publication.xml replaced by `to` (from NULL: unchanged). Returns the
 * folder, malloc'ed; NULL if `from` does not occur. */
static inline char *test_variant_of(const char *source, const char *from, const char *to)
{
    char *xml = path_join(source, "publication.xml");
    char *text = file_read(xml, NULL);
    free(xml);
    if (!text)
        return NULL;
    struct buf b = {0};
    if (from && !strstr(text, from)) {
        free(text);
        return NULL;
    }
    const char *rest = text;
    for (const char *at; from && (at = strstr(rest, from)); rest = at + strlen(from)) {
        buf_put(&b, rest, (size_t)(at - rest));
        buf_puts(&b, to);
    }
    buf_puts(&b, rest);
    free(text);
    char *dir = test_tmpdir();
    if (dir) {
        char *path = path_join(dir, "publication.xml");
        file_write(path, b.data, b.len);
        free(path);
        char *cmd = xasprintf("test ! -d '%s/data' || cp -r '%s/data' '%s/'", source, source, dir);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot copy %s/data\n", source);
        free(cmd);
    }
    buf_free(&b);
    return dir;
}

/* The minimal booklet with one change (see test_variant_of). */
static inline char *test_variant(const char *from, const char *to)
{
    return test_variant_of(MINIMAL_DIR, from, to);
}

/* The string value of an XPath expression over `doc`, malloc'ed. */
static inline char *test_xpath(xmlDoc *doc, const char *expr)
{
    xmlXPathContext *ctx = xmlXPathNewContext(doc);
    xmlXPathObject *o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    xmlChar *s = xmlXPathCastToString(o);
    char *r = xstrdup((const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    return r;
}

#define assert_xpath(doc, expr, expected)                                                          \
    do {                                                                                           \
        char *s_ = test_xpath(doc, expr);                                                          \
        assert_string_equal(s_, expected);                                                         \
        free(s_);                                                                                  \
    } while (0)

/* What a shell command prints on its standard output, malloc'ed ("" when
 * it prints nothing or cannot run). */
static inline char *test_output(const char *command)
{
    struct buf b = {0};
    FILE *p = popen(command, "r");
    if (p) {
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
            buf_put(&b, chunk, n);
        pclose(p);
    }
    if (!b.data)
        buf_put(&b, "", 0);
    return b.data;
}

/* Removes a folder made by test_variant and what is in it. */
static inline void test_remove_dir(char *dir)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
    free(cmd);
    free(dir);
}

/* The first diagnostic whose message contains `needle`, or NULL. */
static inline const struct diag *test_find_diag(const struct diag_list *d, const char *needle)
{
    for (size_t i = 0; i < d->count; i++)
        if (strstr(d->items[i].message, needle))
            return &d->items[i];
    return NULL;
}

static inline int test_has_diag(const struct diag_list *d, const char *needle)
{
    return test_find_diag(d, needle) != NULL;
}

/* The minimal booklet with one change and the translation of its
 * introduction's body outdated (made from="000000"): the translators'
 * tests study every state; the others build it as a release. */
static inline char *test_outdated_variant(const char *from, const char *to)
{
    char *dir = test_variant(from, to);
    char *outdated = dir ? test_variant_of(dir, "from=\"ce7fa3\"", "from=\"000000\"") : NULL;
    if (dir)
        test_remove_dir(dir);
    return outdated;
}

#endif
