/* flock() for the lock test. */
#define _DEFAULT_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "stage.h"
#include "testutil.h"

/* How many entries `dir` holds besides . and .. */
static int S_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void test_commit_replaces_files(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    assert_non_null(dir);
    char *a = path_join(dir, "a.txt");
    assert_int_equal(file_write(a, "old", 3), 0);
    struct stage s = {0};
    assert_int_equal(stage_write(&s, a, "new", 3), 0);
    char *before = file_read(a, NULL);
    assert_string_equal(before, "old"); /* nothing moves before commit */
    free(before);
    assert_int_equal(S_entries(dir), 2); /* a.txt and its temporary */
    assert_int_equal(stage_commit(&s, NULL), 0);
    char *after = file_read(a, NULL);
    assert_string_equal(after, "new");
    free(after);
    stage_free(&s);
    assert_int_equal(S_entries(dir), 1);
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
    assert_int_equal(stage_write(&s, a, "half", 4), 0);
    stage_free(&s); /* a build that failed */
    assert_int_equal(S_entries(dir), 1);
    char *kept = file_read(a, NULL);
    assert_string_equal(kept, "old");
    free(kept);
    free(a);
    test_remove_dir(dir);
}

static void test_write_failure_leaves_nothing(void **state)
{
    (void)state;
    struct stage s = {0};
    assert_int_equal(stage_write(&s, "/nonexistent-dir/x.txt", "x", 1), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(stage_commit(&s, NULL), 0); /* nothing staged */
    stage_free(&s);
}

/* A file staged in pieces counts once closed whole; one given up on, or
 * shorter on disk than what was appended, is removed. */
static void test_file_staged_in_pieces(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    assert_non_null(dir);
    char *a = path_join(dir, "a.pdf"), *b = path_join(dir, "b.pdf");
    struct stage s = {0};
    struct stage_file f;
    assert_int_equal(stage_open(&s, a, &f), 0);
    assert_int_equal(stage_append(&f, "one ", 4), 0);
    assert_int_equal(stage_append(&f, "two", 3), 0);
    assert_int_equal(f.written, 7);
    assert_int_equal(stage_close(&f, 1), 0);
    assert_int_equal(stage_open(&s, b, &f), 0);
    assert_int_equal(stage_append(&f, "half", 4), 0);
    errno = ENOSPC;
    assert_int_equal(stage_close(&f, 0), -1);
    assert_int_equal(errno, ENOSPC);     /* the caller's reason kept */
    assert_int_equal(S_entries(dir), 1); /* only a.pdf's temporary */
    assert_int_equal(stage_commit(&s, NULL), 0);
    char *got = file_read(a, NULL);
    assert_string_equal(got, "one two");
    free(got);
    assert_int_equal(access(b, F_OK), -1);
    stage_free(&s);
    free(a);
    free(b);
    test_remove_dir(dir);
}

/* Two builds at once write different temporaries for one output. */
static void test_temporaries_are_unique(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    assert_non_null(dir);
    char *a = path_join(dir, "a.txt");
    struct stage one = {0}, two = {0};
    assert_int_equal(stage_write(&one, a, "one", 3), 0);
    assert_int_equal(stage_write(&two, a, "two", 3), 0);
    assert_string_not_equal(one.temps[0], two.temps[0]);
    assert_int_equal(stage_commit(&two, NULL), 0);
    stage_free(&one);
    char *text = file_read(a, NULL);
    assert_string_equal(text, "two");
    free(text);
    stage_free(&two);
    assert_int_equal(S_entries(dir), 1);
    free(a);
    test_remove_dir(dir);
}

/* An output that is a symbolic link is replaced; its target is untouched. */
static void test_symlink_output_is_replaced(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    assert_non_null(dir);
    char *target = path_join(dir, "target.txt"), *a = path_join(dir, "a.txt");
    assert_int_equal(file_write(target, "keep", 4), 0);
    assert_int_equal(symlink(target, a), 0);
    struct stage s = {0};
    assert_int_equal(stage_write(&s, a, "new", 3), 0);
    assert_int_equal(stage_commit(&s, NULL), 0);
    stage_free(&s);
    struct stat st;
    assert_int_equal(lstat(a, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    char *kept = file_read(target, NULL);
    assert_string_equal(kept, "keep");
    free(kept);
    free(a);
    free(target);
    test_remove_dir(dir);
}

/* Folders a failed build made are removed; a symbolic link is no folder. */
static void test_made_folders_removed_and_links_refused(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    assert_non_null(dir);
    char *deep = path_join(dir, "out/pub/es");
    struct stage s = {0};
    assert_int_equal(stage_mkdir(&s, deep), 0);
    char *file = path_join(deep, "index.html");
    assert_int_equal(stage_write(&s, file, "x", 1), 0);
    stage_free(&s);
    assert_int_equal(S_entries(dir), 0);

    char *link = path_join(dir, "linked");
    assert_int_equal(symlink("/tmp", link), 0);
    assert_int_equal(stage_mkdir(&s, link), -1);
    assert_int_equal(errno, ELOOP);
    assert_int_equal(stage_lock(&s, link), -1);
    stage_free(&s);
    free(link);
    free(file);
    free(deep);
    test_remove_dir(dir);
}

static void test_lock_is_held_until_freed(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    assert_non_null(dir);
    char *pub = path_join(dir, "pub");
    struct stage s = {0};
    assert_int_equal(stage_lock(&s, pub), 0);
    int fd = open(pub, O_RDONLY | O_DIRECTORY);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), -1);
    assert_int_equal(errno, EWOULDBLOCK);
    stage_free(&s); /* nothing committed: the folder it made goes too */
    assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
    close(fd);
    assert_int_equal(S_entries(dir), 0);
    free(pub);
    test_remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces_files),
        cmocka_unit_test(test_discard_keeps_previous_and_cleans_up),
        cmocka_unit_test(test_write_failure_leaves_nothing),
        cmocka_unit_test(test_file_staged_in_pieces),
        cmocka_unit_test(test_temporaries_are_unique),
        cmocka_unit_test(test_symlink_output_is_replaced),
        cmocka_unit_test(test_made_folders_removed_and_links_refused),
        cmocka_unit_test(test_lock_is_held_until_freed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
