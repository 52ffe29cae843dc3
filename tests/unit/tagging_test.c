#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <hpdf.h>
#include <hpdf_doc.h>

#include "pdf/tagging.h"

static HPDF_Dict S_item(HPDF_Array a, HPDF_UINT i)
{
    return HPDF_Array_GetItem(a, i, HPDF_OCLASS_DICT);
}

static HPDF_Array S_kids(HPDF_Dict e)
{
    return HPDF_Dict_GetItem(e, "K", HPDF_OCLASS_ARRAY);
}

static const char *S_type(HPDF_Dict e)
{
    HPDF_Name n = HPDF_Dict_GetItem(e, "S", HPDF_OCLASS_NAME);
    return n ? HPDF_Name_GetValue(n) : "";
}

/* A page of a Table whose TBody holds `rows` TR of one TD each, and
 * `paras` P after it in the Document, written with at most `max` kids
 * per element. Returns the Document's dict. */
static HPDF_Dict S_tree(HPDF_Doc pdf, struct tagging **out, int rows, int paras, size_t max)
{
    struct tagging *tg = tagging_new_tree();
    tagging_set_max_kids(tg, max);
    HPDF_Page page = HPDF_AddPage(pdf);
    tagging_pages(tg, &page, 1);
    int table = tagging_new(tg, TAG_TABLE, TAG_ROOT);
    int body = tagging_new(tg, TAG_TBODY, table);
    for (int r = 0; r < rows; r++) {
        int tr = tagging_new(tg, TAG_TR, body);
        tagging_mark(tg, 0, tagging_new(tg, TAG_TD, tr), 0);
    }
    for (int p = 0; p < paras; p++)
        tagging_mark(tg, 0, tagging_new(tg, TAG_P, TAG_ROOT), 0);
    struct tagging_meta meta = {0};
    assert_int_equal(tagging_finish(tg, pdf, &meta, NULL), 0);
    *out = tg;
    HPDF_Dict root = HPDF_Dict_GetItem(pdf->catalog, "StructTreeRoot", HPDF_OCLASS_DICT);
    assert_non_null(root);
    return HPDF_Dict_GetItem(root, "K", HPDF_OCLASS_DICT);
}

/* A TBody of 10 rows with at most 4 kids an element becomes three TBody
 * of 4, 4 and 2 rows, in order, each row's /P its new TBody, and the
 * ParentTree still names each row's TD. */
static void test_long_tbody_is_cut(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    struct tagging *tg;
    HPDF_Dict doc = S_tree(pdf, &tg, 10, 0, 4);
    HPDF_Dict table = S_item(S_kids(doc), 0);
    assert_string_equal(S_type(table), "Table");
    HPDF_Array bodies = S_kids(table);
    assert_int_equal(HPDF_Array_Items(bodies), 3);
    HPDF_UINT want[] = {4, 4, 2}, seen = 0;
    HPDF_Array mcids = NULL;
    HPDF_Dict root = HPDF_Dict_GetItem(pdf->catalog, "StructTreeRoot", HPDF_OCLASS_DICT);
    HPDF_Dict ptree = HPDF_Dict_GetItem(root, "ParentTree", HPDF_OCLASS_DICT);
    mcids = HPDF_Array_GetItem(HPDF_Dict_GetItem(ptree, "Nums", HPDF_OCLASS_ARRAY), 1,
                               HPDF_OCLASS_ARRAY);
    for (HPDF_UINT b = 0; b < 3; b++) {
        HPDF_Dict tbody = S_item(bodies, b);
        assert_string_equal(S_type(tbody), "TBody");
        assert_ptr_equal(HPDF_Dict_GetItem(tbody, "P", HPDF_OCLASS_DICT), table);
        HPDF_Array rows = S_kids(tbody);
        assert_int_equal(HPDF_Array_Items(rows), want[b]);
        for (HPDF_UINT r = 0; r < want[b]; r++, seen++) {
            HPDF_Dict tr = S_item(rows, r);
            assert_ptr_equal(HPDF_Dict_GetItem(tr, "P", HPDF_OCLASS_DICT), tbody);
            HPDF_Dict td = S_item(S_kids(tr), 0);
            assert_ptr_equal(S_item(mcids, seen), td); /* MCID n is row n's TD */
        }
    }
    assert_int_equal(seen, 10);
    tagging_free(tg);
    HPDF_Free(pdf);
}

/* The Document, which has no parent, puts its kids into Divs: the Table
 * and 9 P at 4 a Div. */
static void test_long_document_goes_into_divs(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    struct tagging *tg;
    HPDF_Dict doc = S_tree(pdf, &tg, 1, 9, 4);
    HPDF_Array divs = S_kids(doc);
    assert_int_equal(HPDF_Array_Items(divs), 3);
    HPDF_UINT want[] = {4, 4, 2};
    for (HPDF_UINT d = 0; d < 3; d++) {
        HPDF_Dict div = S_item(divs, d);
        assert_string_equal(S_type(div), "Div");
        assert_ptr_equal(HPDF_Dict_GetItem(div, "P", HPDF_OCLASS_DICT), doc);
        assert_int_equal(HPDF_Array_Items(S_kids(div)), want[d]);
        for (HPDF_UINT k = 0; k < want[d]; k++)
            assert_ptr_equal(HPDF_Dict_GetItem(S_item(S_kids(div), k), "P", HPDF_OCLASS_DICT), div);
    }
    assert_string_equal(S_type(S_item(S_kids(S_item(divs, 0)), 0)), "Table");
    tagging_free(tg);
    HPDF_Free(pdf);
}

/* Under the limit nothing is cut. */
static void test_short_tree_is_kept(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    struct tagging *tg;
    HPDF_Dict doc = S_tree(pdf, &tg, 4, 3, 4);
    assert_int_equal(HPDF_Array_Items(S_kids(doc)), 4);
    assert_int_equal(HPDF_Array_Items(S_kids(S_item(S_kids(doc), 0))), 1);
    tagging_free(tg);
    HPDF_Free(pdf);
}

/* With more pages than a leaf holds (2 at 4 kids an element), the
 * ParentTree is /Kids of leaves whose /Limits bound their keys, and
 * every page's key still leads to its elements. */
static void test_long_parent_tree_has_leaves(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    struct tagging *tg = tagging_new_tree();
    tagging_set_max_kids(tg, 4);
    HPDF_Page pages[5];
    for (int p = 0; p < 5; p++)
        pages[p] = HPDF_AddPage(pdf);
    tagging_pages(tg, pages, 5);
    for (int p = 0; p < 5; p++)
        tagging_mark(tg, (size_t)p, tagging_new(tg, TAG_P, TAG_ROOT), 0);
    struct tagging_meta meta = {0};
    assert_int_equal(tagging_finish(tg, pdf, &meta, NULL), 0);
    HPDF_Dict root = HPDF_Dict_GetItem(pdf->catalog, "StructTreeRoot", HPDF_OCLASS_DICT);
    HPDF_Dict ptree = HPDF_Dict_GetItem(root, "ParentTree", HPDF_OCLASS_DICT);
    assert_null(HPDF_Dict_GetItem(ptree, "Nums", HPDF_OCLASS_ARRAY));
    HPDF_Array kids = HPDF_Dict_GetItem(ptree, "Kids", HPDF_OCLASS_ARRAY);
    assert_int_equal(HPDF_Array_Items(kids), 3);
    HPDF_INT32 key = 0;
    for (HPDF_UINT l = 0; l < 3; l++) {
        HPDF_Dict leaf = S_item(kids, l);
        HPDF_Array limits = HPDF_Dict_GetItem(leaf, "Limits", HPDF_OCLASS_ARRAY);
        HPDF_Array nums = HPDF_Dict_GetItem(leaf, "Nums", HPDF_OCLASS_ARRAY);
        HPDF_UINT n = HPDF_Array_Items(nums) / 2;
        assert_int_equal(n, l < 2 ? 2 : 1);
        assert_int_equal(((HPDF_Number)HPDF_Array_GetItem(limits, 0, HPDF_OCLASS_NUMBER))->value,
                         key);
        assert_int_equal(((HPDF_Number)HPDF_Array_GetItem(limits, 1, HPDF_OCLASS_NUMBER))->value,
                         key + (HPDF_INT32)n - 1);
        for (HPDF_UINT i = 0; i < n; i++, key++) {
            HPDF_Number k = HPDF_Array_GetItem(nums, 2 * i, HPDF_OCLASS_NUMBER);
            assert_int_equal(k->value, key);
            HPDF_Array owners = HPDF_Array_GetItem(nums, 2 * i + 1, HPDF_OCLASS_ARRAY);
            HPDF_Dict p = S_item(owners, 0);
            assert_string_equal(S_type(p), "P");
        }
    }
    assert_int_equal(key, 5);
    tagging_free(tg);
    HPDF_Free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_tbody_is_cut),
        cmocka_unit_test(test_long_document_goes_into_divs),
        cmocka_unit_test(test_short_tree_is_kept),
        cmocka_unit_test(test_long_parent_tree_has_leaves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
