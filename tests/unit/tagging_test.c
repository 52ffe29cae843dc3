#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <hpdf.h>

#include "pdf/tagging.h"

/* The tree is only written when libharu saves, so the tests read the
 * saved file: objects "n 0 obj", entries "/Key value", arrays "[ a b ]". */
struct S_doc {
    char *data;
};

static struct S_doc S_save(HPDF_Doc pdf)
{
    assert_int_equal(HPDF_SaveToStream(pdf), HPDF_OK);
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    char *data = malloc(size + 1);
    HPDF_UINT32 got = size;
    HPDF_STATUS st = HPDF_ReadFromStream(pdf, (HPDF_BYTE *)data, &got);
    assert_true(st == HPDF_OK || st == HPDF_STREAM_EOF);
    assert_int_equal(got, size);
    data[size] = '\0';
    return (struct S_doc){data};
}

/* The value of entry `key` of object n. */
static const char *S_entry(const struct S_doc *d, int n, const char *key)
{
    char head[32], k[32];
    snprintf(head, sizeof head, "\n%d 0 obj\n", n);
    snprintf(k, sizeof k, "\n/%s ", key);
    const char *obj = strstr(d->data, head);
    assert_non_null(obj);
    const char *end = strstr(obj, "endobj");
    const char *v = strstr(obj, k);
    assert_non_null(v);
    assert_true(v < end);
    return v + strlen(k);
}

static int S_ref(const struct S_doc *d, int n, const char *key)
{
    return atoi(S_entry(d, n, key));
}

static int S_is(const struct S_doc *d, int n, const char *type)
{
    const char *v = S_entry(d, n, "S");
    return v[0] == '/' && strncmp(v + 1, type, strlen(type)) == 0 && v[1 + strlen(type)] == '\n';
}

static void S_starts(const char *s, const char *start)
{
    assert_memory_equal(s, start, strlen(start));
}

/* Past one array item: a reference, a number, an array or a dictionary. */
static const char *S_skip(const char *p)
{
    while (*p == ' ' || *p == '\n')
        p++;
    if (*p == '[' || *p == '<') {
        int depth = 0;
        do {
            int two = p[0] == p[1] && (*p == '<' || *p == '>');
            if (*p == '[' || (two && *p == '<'))
                depth++;
            else if (*p == ']' || (two && *p == '>'))
                depth--;
            p += two ? 2 : 1;
        } while (depth > 0);
        return p;
    }
    char *end;
    strtol(p, &end, 10);
    return strncmp(end, " 0 R", 4) == 0 ? end + 4 : end;
}

/* Item i of the array at `a` ("[ ..."). */
static const char *S_at(const char *a, size_t i)
{
    assert_int_equal(*a, '[');
    const char *p = a + 1;
    for (size_t k = 0; k < i; k++)
        p = S_skip(p);
    while (*p == ' ')
        p++;
    assert_int_not_equal(*p, ']');
    return p;
}

static size_t S_count(const char *a)
{
    size_t n = 0;
    const char *p = a + 1;
    for (;;) {
        while (*p == ' ' || *p == '\n')
            p++;
        if (*p == ']')
            return n;
        p = S_skip(p);
        n++;
    }
}

/* Kid i of element n, an object number. */
static int S_kid(const struct S_doc *d, int n, size_t i)
{
    return atoi(S_at(S_entry(d, n, "K"), i));
}

static size_t S_kids(const struct S_doc *d, int n)
{
    return S_count(S_entry(d, n, "K"));
}

static int S_tree_root(const struct S_doc *d)
{
    const char *v = strstr(d->data, "/StructTreeRoot ");
    assert_non_null(v);
    return atoi(v + strlen("/StructTreeRoot "));
}

/* A page of a Table whose TBody holds `rows` TR of one TD each, and
 * `paras` P after it in the Document, written with at most `max` kids
 * per element. Returns the saved file; *doc is the Document's object. */
static struct S_doc S_tree(int rows, int paras, size_t max, int *doc)
{
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
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
    struct S_doc d = S_save(pdf);
    tagging_free(tg);
    HPDF_Free(pdf);
    *doc = S_ref(&d, S_tree_root(&d), "K");
    assert_true(S_is(&d, *doc, "Document"));
    return d;
}

/* A TBody of 10 rows with at most 4 kids an element becomes three TBody
 * of 4, 4 and 2 rows, in order, each row's /P its new TBody, and the
 * ParentTree still names each row's TD. */
static void test_long_tbody_is_cut(void **state)
{
    (void)state;
    int doc;
    struct S_doc d = S_tree(10, 0, 4, &doc);
    int table = S_kid(&d, doc, 0);
    assert_true(S_is(&d, table, "Table"));
    assert_int_equal(S_kids(&d, table), 3);
    size_t want[] = {4, 4, 2}, seen = 0;
    int ptree = S_ref(&d, S_tree_root(&d), "ParentTree");
    const char *nums = S_entry(&d, ptree, "Nums");
    assert_int_equal(atoi(S_at(nums, 0)), 0); /* page 0's key */
    const char *mcids = S_at(nums, 1);
    for (size_t b = 0; b < 3; b++) {
        int tbody = S_kid(&d, table, b);
        assert_true(S_is(&d, tbody, "TBody"));
        assert_int_equal(S_ref(&d, tbody, "P"), table);
        assert_int_equal(S_kids(&d, tbody), want[b]);
        for (size_t r = 0; r < want[b]; r++, seen++) {
            int tr = S_kid(&d, tbody, r);
            assert_int_equal(S_ref(&d, tr, "P"), tbody);
            int td = S_kid(&d, tr, 0);
            assert_true(S_is(&d, td, "TD"));
            assert_int_equal(atoi(S_at(S_entry(&d, td, "K"), 0)), (int)seen); /* its MCID */
            assert_int_equal(atoi(S_at(mcids, seen)), td); /* MCID n is row n's TD */
        }
    }
    assert_int_equal(seen, 10);
    assert_int_equal(S_count(mcids), 10);
    free(d.data);
}

/* The Document, which has no parent, puts its kids into Divs: the Table
 * and 9 P at 4 a Div. */
static void test_long_document_goes_into_divs(void **state)
{
    (void)state;
    int doc;
    struct S_doc d = S_tree(1, 9, 4, &doc);
    assert_int_equal(S_kids(&d, doc), 3);
    size_t want[] = {4, 4, 2};
    for (size_t k = 0; k < 3; k++) {
        int div = S_kid(&d, doc, k);
        assert_true(S_is(&d, div, "Div"));
        assert_int_equal(S_ref(&d, div, "P"), doc);
        assert_int_equal(S_kids(&d, div), want[k]);
        for (size_t i = 0; i < want[k]; i++)
            assert_int_equal(S_ref(&d, S_kid(&d, div, i), "P"), div);
    }
    assert_true(S_is(&d, S_kid(&d, S_kid(&d, doc, 0), 0), "Table"));
    free(d.data);
}

/* Under the limit nothing is cut. */
static void test_short_tree_is_kept(void **state)
{
    (void)state;
    int doc;
    struct S_doc d = S_tree(4, 3, 4, &doc);
    assert_int_equal(S_kids(&d, doc), 4);
    assert_int_equal(S_kids(&d, S_kid(&d, doc, 0)), 1);
    free(d.data);
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
    struct S_doc d = S_save(pdf);
    tagging_free(tg);
    HPDF_Free(pdf);
    int root = S_ref(&d, S_tree_root(&d), "ParentTree");
    assert_int_equal(S_ref(&d, S_tree_root(&d), "ParentTreeNextKey"), 5);
    const char *kids = S_entry(&d, root, "Kids");
    assert_int_equal(S_count(kids), 3);
    int key = 0;
    for (size_t l = 0; l < 3; l++) {
        int leaf = atoi(S_at(kids, l));
        const char *limits = S_entry(&d, leaf, "Limits");
        const char *nums = S_entry(&d, leaf, "Nums");
        size_t n = S_count(nums) / 2;
        assert_int_equal(n, l < 2 ? 2 : 1);
        assert_int_equal(atoi(S_at(limits, 0)), key);
        assert_int_equal(atoi(S_at(limits, 1)), key + (int)n - 1);
        for (size_t i = 0; i < n; i++, key++) {
            assert_int_equal(atoi(S_at(nums, 2 * i)), key);
            const char *owners = S_at(nums, 2 * i + 1);
            assert_int_equal(S_count(owners), 1);
            assert_true(S_is(&d, atoi(S_at(owners, 0)), "P"));
        }
    }
    assert_int_equal(key, 5);
    free(d.data);
}

/* What few elements have is written with them: a Figure's /Alt in
 * UTF-16BE (a pair of surrogates past U+FFFF), a Span's /Lang, a TH's
 * /Scope, a Note's /ID (also in the IDTree) right after its Reference,
 * and an element drawn on two pages: /Pg the first, an MCR the second. */
static void test_attributes_are_written(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    struct tagging *tg = tagging_new_tree();
    HPDF_Page pages[2] = {HPDF_AddPage(pdf), HPDF_AddPage(pdf)};
    tagging_pages(tg, pages, 2);
    int fig = tagging_new(tg, TAG_FIGURE, TAG_ROOT);
    tagging_set_alt(tg, fig, "\xc3\xa9\xf0\x9f\x98\x80");
    tagging_mark(tg, 0, fig, 0);
    int p = tagging_new(tg, TAG_P, TAG_ROOT);
    int span = tagging_new(tg, TAG_SPAN, -1);
    tagging_set_lang(tg, span, "qu-PE");
    tagging_adopt(tg, span, p);
    tagging_mark(tg, 0, span, 0);
    int ref = tagging_new(tg, TAG_REFERENCE, p);
    tagging_mark(tg, 0, ref, 0);
    int note = tagging_new(tg, TAG_NOTE, -1);
    tagging_set_follow(tg, note, ref);
    tagging_mark(tg, 1, note, 0);
    int th = tagging_new(tg, TAG_TH, TAG_ROOT);
    tagging_set_scope(tg, th, 1);
    tagging_mark(tg, 0, th, 0);
    tagging_mark(tg, 1, th, 0);
    struct tagging_meta meta = {0};
    assert_int_equal(tagging_finish(tg, pdf, &meta, NULL), 0);
    struct S_doc d = S_save(pdf);
    tagging_free(tg);
    HPDF_Free(pdf);
    int doc = S_ref(&d, S_tree_root(&d), "K");
    assert_int_equal(S_kids(&d, doc), 3); /* the Figure, the P, the TH */
    int f = S_kid(&d, doc, 0), para = S_kid(&d, doc, 1), h = S_kid(&d, doc, 2);
    assert_true(S_is(&d, f, "Figure"));
    S_starts(S_entry(&d, f, "Alt"), "<FEFF00E9D83DDE00>\n");
    assert_int_equal(S_kids(&d, para), 3); /* the Span, the Reference, the Note */
    int s = S_kid(&d, para, 0), n = S_kid(&d, para, 2);
    S_starts(S_entry(&d, s, "Lang"), "(qu-PE)\n");
    assert_true(S_is(&d, S_kid(&d, para, 1), "Reference"));
    assert_true(S_is(&d, n, "Note"));
    assert_int_equal(S_ref(&d, n, "P"), para);
    S_starts(S_entry(&d, n, "ID"), "(note-000001)\n");
    char names[64];
    snprintf(names, sizeof names, "[ (note-000001) %d 0 R ]", n);
    assert_non_null(strstr(d.data, names));
    S_starts(S_entry(&d, h, "A"), "<<\n/O /Table\n/Scope /Row\n>>\n");
    const char *k = S_entry(&d, h, "K");
    assert_int_equal(S_count(k), 2);
    assert_int_equal(atoi(S_at(k, 0)), 3); /* MCID 3 on its /Pg, page 0 */
    const char *mcr = S_at(k, 1);
    S_starts(mcr, "<<\n/Type /MCR\n/Pg ");
    const char *pg = mcr + strlen("<<\n/Type /MCR\n/Pg ");
    assert_int_not_equal(atoi(pg), S_ref(&d, h, "Pg")); /* page 1 */
    S_starts(strchr(pg, '\n'), "\n/MCID 1\n>>");
    free(d.data);
}

/* A list says how its items are numbered: a bullet list /Disc, a list
 * of roman numerals /LowerRoman; an unknown style writes nothing. */
static void test_lists_say_their_numbering(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    struct tagging *tg = tagging_new_tree();
    HPDF_Page page = HPDF_AddPage(pdf);
    tagging_pages(tg, &page, 1);
    const char *styles[] = {NULL, "lower-roman", "chevrons"};
    for (int i = 0; i < 3; i++) {
        int l = tagging_new(tg, TAG_L, TAG_ROOT);
        tagging_set_list_numbering(tg, l, styles[i]);
        int li = tagging_new(tg, TAG_LI, l);
        tagging_mark(tg, 0, tagging_new(tg, TAG_LBODY, li), 0);
    }
    struct tagging_meta meta = {0};
    assert_int_equal(tagging_finish(tg, pdf, &meta, NULL), 0);
    struct S_doc d = S_save(pdf);
    tagging_free(tg);
    HPDF_Free(pdf);
    int doc = S_ref(&d, S_tree_root(&d), "K");
    assert_int_equal(S_kids(&d, doc), 3);
    S_starts(S_entry(&d, S_kid(&d, doc, 0), "A"), "<<\n/O /List\n/ListNumbering /Disc\n>>\n");
    S_starts(S_entry(&d, S_kid(&d, doc, 1), "A"), "<<\n/O /List\n/ListNumbering /LowerRoman\n>>\n");
    char head[32];
    snprintf(head, sizeof head, "\n%d 0 obj\n", S_kid(&d, doc, 2));
    const char *obj = strstr(d.data, head), *a = strstr(obj, "\n/A ");
    assert_true(!a || a > strstr(obj, "endobj"));
    free(d.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_tbody_is_cut),
        cmocka_unit_test(test_lists_say_their_numbering),
        cmocka_unit_test(test_long_document_goes_into_divs),
        cmocka_unit_test(test_short_tree_is_kept),
        cmocka_unit_test(test_long_parent_tree_has_leaves),
        cmocka_unit_test(test_attributes_are_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
