/* The ToUnicode CMaps written in place of libharu's: the sample tree is
 * rendered and pdftotext must read it without a warning, accents and
 * quotation marks right. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <libxml/parser.h>

#include "pdf.h"
#include "theme.h"
#include "util.h"

#define SAMPLE TEST_DATA_DIR "/document-sample.xml"
#define BOOKLET_THEME FOLIO_TEMPLATE_DIR "/booklet/theme.xml"

struct fixture {
    char dir[32];
    char pdf[64];
    char txt[64];
    char err[64];
};

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/folio-tou-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->pdf, sizeof f->pdf, "%s/out.pdf", f->dir);
    snprintf(f->txt, sizeof f->txt, "%s/out.txt", f->dir);
    snprintf(f->err, sizeof f->err, "%s/err.txt", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    remove(f->pdf);
    remove(f->txt);
    remove(f->err);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void render_sample(const struct fixture *f)
{
    struct theme theme;
    struct diag_list d = {0};
    assert_int_equal(theme_load(&theme, BOOKLET_THEME, NULL, &d), 0);
    xmlDoc *doc = xmlReadFile(SAMPLE, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    struct pdf_options opts = {0, NULL, NULL, NULL};
    int rc = pdf_write(doc, &theme, f->pdf, &opts, &d);
    if (d.count > 0)
        diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    xmlFreeDoc(doc);
    theme_free(&theme);
    diag_list_free(&d);
}

/* Runs `command` through the shell; returns what it printed on stderr
 * (malloc'ed) and its exit status in *status. */
static char *run_stderr(const struct fixture *f, const char *command, int *status)
{
    char *cmd = xasprintf("%s 2>'%s'", command, f->err);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char sink[256];
    while (fread(sink, 1, sizeof sink, p) > 0)
        ;
    *status = pclose(p);
    free(cmd);
    char *err = file_read(f->err, NULL);
    assert_non_null(err);
    return err;
}

static void test_pdftotext_reads_it_cleanly(void **state)
{
    struct fixture *f = *state;
    render_sample(f);
    char *cmd = xasprintf("pdftotext -enc UTF-8 '%s' '%s'", f->pdf, f->txt);
    int status;
    char *err = run_stderr(f, cmd, &status);
    assert_int_equal(status, 0);
    if (*err)
        fprintf(stderr, "pdftotext said: %s\n", err);
    assert_null(strstr(err, "Syntax Warning"));
    assert_string_equal(err, "");
    char *text = file_read(f->txt, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "¿Cómo? ¡Así! Año, niño, pingüino"));
    assert_non_null(strstr(text, "“comillas”"));
    assert_non_null(strstr(text, "Introducción y números generales"));
    free(text);
    free(err);
    free(cmd);
}

/* The replaced stream is a ToUnicode CMap (bfchar/bfrange), not libharu's
 * encoding CMap, and the file stays valid. */
static void test_cmap_is_a_tounicode_cmap(void **state)
{
    struct fixture *f = *state;
    render_sample(f);
    char *cmd = xasprintf("qpdf --qdf --object-streams=disable '%s' '%s'", f->pdf, f->txt);
    int status;
    char *err = run_stderr(f, cmd, &status);
    assert_int_equal(status, 0);
    size_t len;
    char *qdf = file_read(f->txt, &len);
    assert_non_null(qdf);
    for (size_t i = 0; i < len; i++) /* binary streams (the ICC profile) hold NULs */
        if (qdf[i] == '\0')
            qdf[i] = ' ';
    assert_null(strstr(qdf, "begincidrange"));
    assert_non_null(strstr(qdf, "beginbfrange"));
    assert_non_null(strstr(qdf, "/CMapType 2 def"));
    free(qdf);
    free(err);
    free(cmd);
    cmd = xasprintf("qpdf --check '%s'", f->pdf);
    err = run_stderr(f, cmd, &status);
    assert_int_equal(status, 0);
    assert_string_equal(err, "");
    free(err);
    free(cmd);
}

/* Each CIDToGIDMap covers the code points drawn, up to the highest (the
 * sample's is U+201D), not libharu's 65,535 codes (131,070 bytes). */
static void test_cid_to_gid_maps_cover_the_used_codes(void **state)
{
    struct fixture *f = *state;
    render_sample(f);
    char *cmd = xasprintf("qpdf --qdf --object-streams=disable '%s' '%s'", f->pdf, f->txt);
    int status;
    free(run_stderr(f, cmd, &status));
    assert_int_equal(status, 0);
    free(cmd);
    size_t len;
    char *qdf = file_read(f->txt, &len);
    assert_non_null(qdf);
    for (size_t i = 0; i < len; i++)
        if (qdf[i] == '\0')
            qdf[i] = ' ';
    int maps = 0;
    for (const char *p = qdf; (p = strstr(p, "/CIDToGIDMap ")) != NULL; p++) {
        long obj = strtol(p + strlen("/CIDToGIDMap "), NULL, 10);
        assert_true(obj > 0);
        cmd = xasprintf("qpdf --show-object=%ld --filtered-stream-data '%s' | wc -c", obj, f->txt);
        FILE *pipe = popen(cmd, "r");
        assert_non_null(pipe);
        long bytes = -1;
        assert_int_equal(fscanf(pipe, "%ld", &bytes), 1);
        assert_int_equal(pclose(pipe), 0);
        assert_true(bytes >= 2 * 0x20);
        assert_true(bytes < 2 * 0x2100);
        free(cmd);
        maps++;
    }
    assert_true(maps > 0);
    free(qdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdftotext_reads_it_cleanly),
        cmocka_unit_test(test_cmap_is_a_tounicode_cmap),
        cmocka_unit_test(test_cid_to_gid_maps_cover_the_used_codes),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    xmlCleanupParser();
    return rc;
}
