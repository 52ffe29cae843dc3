#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "stage.h"
#include "testutil.h"

static void test_commit_replaces_files(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    assert_non_null(dir);
    char *a = path_join(dir, "a.txt");
    assert_int_equal(file_write(a, "old", 3), 0);
    struct stage s = {0};
    const char *tmp = stage_file(&s, a);
    assert_int_equal(file_write(tmp, "new", 3), 0);
    char *before = file_read(a, NULL);
    assert_string_equal(before, "old"); /* nothing moves before commit */
    free(before);
    assert_int_equal(stage_commit(&s, NULL), 0);
    char *after = file_read(a, NULL);
    assert_string_equal(after, "new");
    free(after);
    stage_free(&s);
    free(a);
    test_remove_dir(dir);
}

static void test_discard_keeps_previous_and_cleans_up(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    assert_non_null(dir);
    char *a = path_join(dir, "a.txt");
    assert_int_equal(file_write(a, "old", 3), 0);
    struct stage s = {0};
    char *tmp = xstrdup(stage_file(&s, a));
    assert_int_equal(file_write(tmp, "half", 4), 0);
    stage_free(&s); /* a build that failed */
    struct stat st;
    assert_int_not_equal(stat(tmp, &st), 0);
    char *kept = file_read(a, NULL);
    assert_string_equal(kept, "old");
    free(kept);
    free(tmp);
    free(a);
    test_remove_dir(dir);
}

static void test_commit_failure_names_file(void **state)
{
    (void)state;
    struct stage s = {0};
    const char *tmp = stage_file(&s, "/nonexistent-dir/x.txt");
    (void)tmp; /* never written: the rename must fail */
    const char *failed = NULL;
    assert_int_equal(stage_commit(&s, &failed), -1);
    assert_string_equal(failed, "/nonexistent-dir/x.txt");
    stage_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces_files),
        cmocka_unit_test(test_discard_keeps_previous_and_cleans_up),
        cmocka_unit_test(test_commit_failure_names_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
