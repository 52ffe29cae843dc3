#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>
#include <hpdf_error.h>

#include "pdf/haru_errors.h"

static void assert_words(unsigned long error, int saved_errno, const char *want)
{
    char *got = haru_error_words(error, 0, saved_errno);
    assert_string_equal(got, want);
    free(got);
}

/* A full disk, a failed open, memory, images and fonts are said in words;
 * only an unexpected code shows its number. */
static void test_words(void **state)
{
    (void)state;
    assert_words(HPDF_FILE_IO_ERROR, ENOSPC, "cannot write the PDF file: No space left on device");
    assert_words(HPDF_FILE_OPEN_ERROR, EACCES,
                 "cannot write the PDF file (creating it failed): Permission denied");
    assert_words(HPDF_ZLIB_ERROR, ENOSPC,
                 "cannot compress the PDF's content (zlib failed, as it does when a write "
                 "fails): No space left on device");
    /* a stale errno from elsewhere is not blamed */
    assert_words(HPDF_ZLIB_ERROR, ENOENT,
                 "cannot compress the PDF's content (zlib failed, as it does when a write "
                 "fails)");
    assert_words(HPDF_FAILD_TO_ALLOC_MEM, ENOMEM, "out of memory while making the PDF");
    assert_words(HPDF_INVALID_JPEG_DATA, 0,
                 "an image could not be embedded: the PDF library cannot read it (export it "
                 "again as PNG or baseline JPEG)");
    assert_words(HPDF_TTF_MISSING_TABLE, 0,
                 "a font could not be loaded or embedded (the PDF needs TrueType fonts that "
                 "allow embedding)");
    assert_words(HPDF_ARRAY_COUNT_ERR, 0,
                 "the publication is larger than the PDF library can write (too many items in "
                 "one PDF array, dictionary or object table)");
    char *other = haru_error_words(HPDF_INVALID_OUTLINE, 7, 0);
    assert_string_equal(other, "the PDF library failed (libharu error 0x1036, detail 7)");
    free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
