/* Page breaking on hand-made vertical lists: where boxes go, and that
 * nothing runs past the page when it can be avoided. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "pdf/page.h"
#include "testutil.h"

static void S_box(struct vlist *vl, double h)
{
    vlist_add(vl, V_BOX, 0)->height = h;
}

static void S_penalty(struct vlist *vl, int penalty)
{
    vlist_add(vl, V_PENALTY, 0)->penalty = penalty;
}

/* Where a legal break exists, the page breaks there. */
static void test_breaks_at_the_last_legal_break(void **state)
{
    (void)state;
    struct vlist vl = {0}, notes = {0};
    S_box(&vl, 60);
    S_penalty(&vl, V_ALLOW);
    S_box(&vl, 30);
    S_penalty(&vl, V_FORBID);
    S_box(&vl, 30);
    struct page_info *pages;
    size_t count = page_break(&vl, &notes, 100, &pages);
    assert_int_equal(count, 2);
    assert_int_equal(vl.items[0].page, 0);
    assert_int_equal(vl.items[2].page, 1); /* kept with the box after it */
    assert_int_equal(vl.items[4].page, 1);
    assert_int_equal(pages[0].overfull, 0);
    assert_int_equal(pages[1].overfull, 0);
    free(pages);
    vlist_free(&vl);
}

/* Boxes that forbid every break between them but are taller than a page
 * together break anyway where the page is full, never off the page. */
static void test_a_kept_chain_taller_than_a_page_breaks_where_it_must(void **state)
{
    (void)state;
    struct vlist vl = {0}, notes = {0};
    for (int i = 0; i < 7; i++) {
        if (i > 0)
            S_penalty(&vl, V_FORBID);
        S_box(&vl, 40);
    }
    struct page_info *pages;
    size_t count = page_break(&vl, &notes, 100, &pages);
    assert_int_equal(count, 4); /* 2 + 2 + 2 + 1 boxes */
    for (size_t p = 0; p < count; p++)
        assert_int_equal(pages[p].overfull, 0);
    for (size_t i = 0; i < vl.count; i++)
        if (vl.items[i].kind == V_BOX)
            assert_true(vl.items[i].y + vl.items[i].height <= 100);
    free(pages);
    vlist_free(&vl);
}

/* A box taller than the page is the only overfull one, and its page says
 * which box it is. */
static void test_a_box_taller_than_a_page_is_named(void **state)
{
    (void)state;
    struct vlist vl = {0}, notes = {0};
    S_box(&vl, 50);
    S_penalty(&vl, V_ALLOW);
    S_box(&vl, 150);
    struct page_info *pages;
    size_t count = page_break(&vl, &notes, 100, &pages);
    assert_int_equal(count, 2);
    assert_int_equal(pages[0].overfull, 0);
    assert_int_equal(pages[1].overfull, 3); /* 1 + the index of the tall box */
    free(pages);
    vlist_free(&vl);
}

/* A table's header row comes back above a continued row only when both
 * fit: a tall row is not pushed off the page by it. */
static void test_a_repeated_header_never_pushes_a_row_off_the_page(void **state)
{
    (void)state;
    struct vlist vl = {0}, notes = {0};
    S_box(&vl, 30); /* the header row */
    S_penalty(&vl, V_ALLOW);
    S_box(&vl, 40);
    vl.items[2].repeat = 1;
    S_penalty(&vl, V_ALLOW);
    S_box(&vl, 40); /* fits after the header on the next page */
    vl.items[4].repeat = 1;
    S_penalty(&vl, V_ALLOW);
    S_box(&vl, 90); /* does not fit with it */
    vl.items[6].repeat = 1;
    struct page_info *pages;
    size_t count = page_break(&vl, &notes, 100, &pages);
    assert_int_equal(count, 3);
    assert_int_equal(pages[1].repeat, 1);
    assert_true(vl.items[4].y == 30); /* below the repeated header */
    assert_int_equal(pages[2].repeat, 0);
    assert_true(vl.items[6].y == 0);
    for (size_t p = 0; p < count; p++)
        assert_int_equal(pages[p].overfull, 0);
    free(pages);
    vlist_free(&vl);
}

/* A header of two rows comes back whole above a continued row. */
static void test_a_header_of_two_rows_repeats_whole(void **state)
{
    (void)state;
    struct vlist vl = {0}, notes = {0};
    S_box(&vl, 10); /* [0] the header's first row */
    S_penalty(&vl, V_FORBID);
    S_box(&vl, 15); /* [2] its second */
    S_penalty(&vl, V_FORBID);
    for (int r = 0; r < 3; r++) {
        if (r > 0)
            S_penalty(&vl, V_ALLOW);
        S_box(&vl, 30);
        vl.items[vl.count - 1].repeat = 3;
        vl.items[vl.count - 1].repeat_from = 1;
    }
    struct page_info *pages;
    size_t count = page_break(&vl, &notes, 100, &pages);
    assert_int_equal(count, 2);
    assert_int_equal(pages[1].repeat, 3);
    assert_int_equal(pages[1].repeat_from, 1);
    assert_true(vl.items[vl.count - 1].y == 25); /* below both rows */
    assert_true(page_header_height(&vl, 1, 3) == 25);
    assert_true(page_header_height(&vl, 0, 3) == 15);
    free(pages);
    vlist_free(&vl);
}

/* Rows continued on a new page bring back the header and, below it, the
 * subhead row of their group; a page that starts with a subhead row
 * brings back only the header. */
static void test_a_continued_group_repeats_its_subhead(void **state)
{
    (void)state;
    struct vlist vl = {0}, notes = {0};
    S_box(&vl, 20); /* [0] the header row */
    S_penalty(&vl, V_FORBID);
    S_box(&vl, 10); /* [2] group A's subhead */
    vl.items[2].repeat = 1;
    S_penalty(&vl, V_FORBID);
    S_box(&vl, 40); /* [4] a row of group A */
    vl.items[4].repeat = 1;
    vl.items[4].subhead = 3;
    S_penalty(&vl, V_ALLOW);
    S_box(&vl, 40); /* [6] group A again: on page 2 */
    vl.items[6].repeat = 1;
    vl.items[6].subhead = 3;
    S_penalty(&vl, V_ALLOW);
    S_box(&vl, 60); /* [8] group B's subhead: starts page 3 */
    vl.items[8].repeat = 1;
    struct page_info *pages;
    size_t count = page_break(&vl, &notes, 100, &pages);
    assert_int_equal(count, 3);
    assert_int_equal(vl.items[6].page, 1);
    assert_int_equal(pages[1].repeat, 1);
    assert_int_equal(pages[1].subhead, 3);
    assert_true(vl.items[6].y == 30); /* below the header and the subhead */
    assert_int_equal(vl.items[8].page, 2);
    assert_int_equal(pages[2].repeat, 1);
    assert_int_equal(pages[2].subhead, 0);
    assert_int_equal(pages[0].subhead, 0);
    free(pages);
    vlist_free(&vl);
}

static void S_space(struct vlist *vl, double h)
{
    vlist_add(vl, V_SPACE, 0)->height = h;
}

/* A section of boxes 10 high with `gap` between them, followed by a
 * forced page and a box. */
static void S_section(struct vlist *vl, size_t boxes, double gap)
{
    for (size_t i = 0; i < boxes; i++) {
        if (i > 0)
            S_space(vl, gap);
        S_box(vl, 10);
    }
    vlist_add(vl, V_PAGE, 0)->style = PAGE_BODY;
    S_box(vl, 10);
}

/* A section whose last page holds a line or two is set a page shorter by
 * shrinking its spaces, as little as it takes; one whose spaces cannot
 * give that much, or whose last page is full enough, keeps its pages. */
static void test_a_short_last_page_is_fitted_back(void **state)
{
    (void)state;
    struct vlist notes = {0};
    struct page_info *pages;
    /* 8 boxes with 3 between them: 101 high on a page of 100 */
    struct vlist vl = {0};
    S_section(&vl, 8, 3);
    assert_int_equal(page_break(&vl, &notes, 100, &pages), 3);
    free(pages);
    assert_int_equal(page_break_fitted(&vl, &notes, 100, &pages), 2);
    assert_int_equal(vl.items[14].page, 0); /* the last box is back on page 1 */
    assert_true(vl.items[1].height > 2.6 && vl.items[1].height < 3); /* a tenth less */
    assert_int_equal(vl.items[16].page, 1);
    free(pages);
    vlist_free(&vl);
    /* 10 boxes, 0.5 between: their spaces cannot give 4.5; kept, with the
     * places of the first pagination */
    struct vlist tight = {0};
    S_section(&tight, 10, 0.5);
    assert_int_equal(page_break_fitted(&tight, &notes, 100, &pages), 3);
    assert_int_equal(tight.items[18].page, 1);
    assert_true(tight.items[1].height == 0.5);
    free(pages);
    vlist_free(&tight);
    /* 10 boxes, 5 between: the last page two fifths full, left as it is */
    struct vlist full = {0};
    S_section(&full, 10, 5);
    assert_int_equal(page_break_fitted(&full, &notes, 100, &pages), 3);
    assert_int_equal(full.items[18].page, 1);
    assert_true(full.items[1].height == 5);
    free(pages);
    vlist_free(&full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_breaks_at_the_last_legal_break),
        cmocka_unit_test(test_a_kept_chain_taller_than_a_page_breaks_where_it_must),
        cmocka_unit_test(test_a_box_taller_than_a_page_is_named),
        cmocka_unit_test(test_a_repeated_header_never_pushes_a_row_off_the_page),
        cmocka_unit_test(test_a_header_of_two_rows_repeats_whole),
        cmocka_unit_test(test_a_continued_group_repeats_its_subhead),
        cmocka_unit_test(test_a_short_last_page_is_fitted_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
