#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "build.h"
#include "testutil.h"

static struct build_options S_options(const char *out)
{
    struct build_options o = {
        .out_dir = out,
        .template_dir = FOLIO_TEMPLATE_DIR,
        .source_date_epoch = 0,
    };
    return o;
}

static int S_exists(const char *dir, const char *name)
{
    char *p = path_join(dir, name);
    struct stat st;
    int r = stat(p, &st) == 0 && st.st_size > 0;
    free(p);
    return r;
}

static void test_builds_every_edition(void **state)
{
    (void)state;
    char *out = test_tmpdir();
    assert_non_null(out);
    struct build_options o = S_options(out);
    struct diag_list d = {0};
    int rc = build_publication(MINIMAL_DIR, &o, &d);
    diag_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(d.errors, 0);
    const char *files[] = {"minimal/es/index.html",  "minimal/es/style.css",
                           "minimal/es/favicon.svg", "minimal/es/minimal-es.pdf",
                           "minimal/en/index.html",  "minimal/en/minimal-en.pdf"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        assert_true(S_exists(out, files[i]));
    diag_list_free(&d);
    test_remove_dir(out);
}

static void test_check_only_and_one_language(void **state)
{
    (void)state;
    char *out = test_tmpdir();
    assert_non_null(out);
    struct build_options o = S_options(out);
    struct diag_list d = {0};
    o.check_only = 1;
    assert_int_equal(build_publication(MINIMAL_DIR, &o, &d), 0);
    assert_false(S_exists(out, "minimal/es/index.html"));
    o.check_only = 0;
    o.only_lang = "en";
    assert_int_equal(build_publication(MINIMAL_DIR, &o, &d), 0);
    assert_true(S_exists(out, "minimal/en/minimal-en.pdf"));
    assert_false(S_exists(out, "minimal/es/minimal-es.pdf"));
    diag_list_free(&d);
    test_remove_dir(out);
}

static void test_failure_writes_nothing(void **state)
{
    (void)state;
    char *out = test_tmpdir();
    assert_non_null(out);
    struct build_options o = S_options(out);
    struct diag_list d = {0};
    /* a character no font has: the PDF writer refuses it after the HTML
     * edition was already staged */
    char *dir = test_variant("<p>Texto.</p>", "<p>Texto \xe2\x9c\x94.</p>");
    assert_int_equal(build_publication(dir, &o, &d), -1);
    assert_true(test_has_diag(&d, "U+2714"));
    char *cmd = xasprintf("test -z \"$(find '%s' -type f)\"", out);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    diag_list_free(&d);
    test_remove_dir(dir);
    test_remove_dir(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builds_every_edition),
        cmocka_unit_test(test_check_only_and_one_language),
        cmocka_unit_test(test_failure_writes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
