#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

static void test_buffers_and_strings(void **state)
{
    (void)state;
    struct buf b = {0};
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i % 10);
    assert_int_equal(b.len, 2000);
    assert_int_equal(b.data[b.len], '\0');
    assert_memory_equal(b.data, "0,1,2,", 6);
    buf_free(&b);
    assert_null(b.data);
    char *s = xasprintf("%s-%03d", "x", 7);
    assert_string_equal(s, "x-007");
    free(s);
    char *n = xstrndup("abcdef", 3);
    assert_string_equal(n, "abc");
    free(n);
}

static void test_utf8_shorten(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t max;
        const char *out;
    } cases[] = {
        {"", 0, ""},
        {"abc", 3, "abc"},
        {"abcd", 3, "abc\u2026"},
        {"ab\u00f1", 3, "ab\u2026"},         /* ñ straddles the cut */
        {"ab\u00f1", 4, "ab\u00f1"},         /* exactly fits */
        {"a\u2026bc", 3, "a\u2026"},         /* a three-byte character cut whole */
        {"\u00f1\u00f1\u00f1", 1, "\u2026"}, /* nothing whole fits */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = utf8_shorten(cases[i].in, cases[i].max);
        assert_string_equal(s, cases[i].out);
        free(s);
    }
}

static void test_paths_and_files(void **state)
{
    (void)state;
    char *p = path_join("out/", "a");
    assert_string_equal(p, "out/a");
    free(p);
    p = path_join("out", "a");
    assert_string_equal(p, "out/a");
    free(p);

    char *dir = test_tmpdir();
    assert_non_null(dir);
    char *deep = path_join(dir, "a/b/c");
    assert_int_equal(mkdir_p(deep), 0);
    assert_int_equal(mkdir_p(deep), 0); /* existing is fine */
    struct stat st;
    assert_int_equal(stat(deep, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    char *file = path_join(deep, "f.bin");
    const char data[] = {'a', '\0', 'b'};
    assert_int_equal(file_write(file, data, sizeof data), 0);
    size_t len = 0;
    char *back = file_read(file, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(back, data, 3);
    free(back);
    assert_null(file_read("/nonexistent/file", NULL));
    assert_int_equal(file_write("/nonexistent/dir/file", "x", 1), -1);
    free(file);
    free(deep);
    test_remove_dir(dir);
}

/* What file_read_checked refuses, and that it says why. */
static void test_read_checked(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    assert_non_null(dir);
    char *pub = path_join(dir, "pub"), *file = path_join(pub, "a.csv");
    char *fifo = path_join(pub, "fifo.csv"), *out = path_join(dir, "outside.csv");
    char *link = path_join(pub, "link.csv"), *inner = path_join(pub, "inner.csv");
    assert_int_equal(mkdir(pub, 0777), 0);
    assert_int_equal(file_write(file, "k,1\n", 4), 0);
    assert_int_equal(file_write(out, "k,2\n", 4), 0);
    assert_int_equal(symlink(out, link), 0);
    assert_int_equal(symlink("a.csv", inner), 0);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    struct file_rule rule = {"a CSV file", 16, pub};
    char why[512];
    size_t len = 0;
    char *text = file_read_checked(file, &rule, &len, why, sizeof why);
    assert_non_null(text);
    assert_int_equal(len, 4);
    free(text);
    text = file_read_checked(inner, &rule, &len, why, sizeof why); /* a link inside */
    assert_non_null(text);
    free(text);
    assert_null(file_read_checked(link, &rule, &len, why, sizeof why));
    assert_non_null(strstr(why, "a symbolic link to "));
    assert_non_null(strstr(why, "outside the publication folder"));
    /* a FIFO nobody writes would block an open: refused before it */
    assert_null(file_read_checked(fifo, &rule, &len, why, sizeof why));
    assert_string_equal(why, "not a regular file (a FIFO)");
    rule.max = 3;
    assert_null(file_read_checked(file, &rule, &len, why, sizeof why));
    assert_string_equal(why, "larger than the 3 bytes limit for a CSV file (4 bytes)");
    rule.root = NULL;
    assert_null(file_read_checked(pub, &rule, &len, why, sizeof why));
    assert_string_equal(why, "not a regular file (a folder)");
    assert_null(file_read(fifo, &len)); /* file_read: regular files only too */
    free(inner);
    free(link);
    free(out);
    free(fifo);
    free(file);
    free(pub);
    test_remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buffers_and_strings),
        cmocka_unit_test(test_utf8_shorten),
        cmocka_unit_test(test_paths_and_files),
        cmocka_unit_test(test_read_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
