#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "i18n.h"
#include "review.h"
#include "sources.h"
#include "testutil.h"

static void S_diff(const char *old, const char *now, const char *expected)
{
    struct buf b = {0};
    review_word_diff(old, now, &b);
    assert_string_equal(b.data ? b.data : "", expected);
    buf_free(&b);
}

static void test_word_diff(void **state)
{
    (void)state;
    S_diff("a b c", "a b c", "a b c");
    S_diff("Los cuatro encuentros", "Los cuatro encuentros regionales",
           "Los cuatro encuentros <ins>regionales</ins>");
    S_diff("uno dos tres", "uno tres", "uno <del>dos</del> tres");
    S_diff("la <b> & c", "la c", "la <del>&lt;b&gt;</del> <del>&amp;</del> c");
    S_diff("", "nuevo", "<ins>nuevo</ins>");
    S_diff("viejo", "", "<del>viejo</del>");
}

/* mark-current records the source; after the source changes, the page
 * shows the old and the new as a word diff, and a missing one marked. */
static void test_page(void **state)
{
    (void)state;
    char *dir = test_variant("<en>Test title</en>", "<en></en>");
    struct diag_list d = {0};
    struct publication pub;
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, &d), 0);
    size_t marked = 0;
    char *ids[] = {"intro:body"};
    assert_int_equal(i18n_mark_current(&pub, "en", ids, 1, 0, &marked, &d), 0);
    char *old = sources_lookup(&pub, "ce7fa3");
    assert_non_null(old);
    assert_string_equal(old, "Primer párrafo con énfasis y un enlace.");
    free(old);
    publication_free(&pub);

    char *changed = test_variant_of(dir, "Primer párrafo", "Primer y único párrafo");
    char *from = path_join(dir, ".folio"), *to = path_join(changed, ".folio");
    char *cmd = xasprintf("cp -r '%s' '%s'", from, to);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(load_publication(&pub, changed, FOLIO_TEMPLATE_DIR, &d), 0);
    struct buf page = {0};
    assert_int_equal(review_write(&pub, "en", &page, &d), 0);
    assert_int_equal(d.count, 0);
    assert_non_null(strstr(page.data, "<tr class=\"outdated\" id=\"intro:body\">"));
    assert_non_null(strstr(page.data, "Primer <ins>y</ins> <ins>único</ins> párrafo con"));
    assert_non_null(strstr(page.data, "translated from source ce7fa3, now"));
    assert_non_null(strstr(page.data, "<tr class=\"missing\" id=\"front:title\">"));
    assert_non_null(strstr(page.data, "/publication.xml:8</a>"));
    assert_non_null(strstr(page.data, "1 missing, 1 outdated"));
    buf_free(&page);
    publication_free(&pub);
    diag_list_free(&d);
    free(cmd);
    free(from);
    free(to);
    test_remove_dir(changed);
    test_remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_diff),
        cmocka_unit_test(test_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
