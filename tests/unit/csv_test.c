#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"
#include "testutil.h"
#include "util.h"

static int S_parse(struct csv_table *t, const char *text, struct diag_list *d)
{
    return csv_parse(t, text, strlen(text), "data/x.csv", d);
}

static void test_commas_quotes_and_line_breaks(void **state)
{
    (void)state;
    struct csv_table t;
    struct diag_list d = {0};
    const char *text = "Departamento,Mujeres,Nota\r\n"
                       "Lima y Callao,158,\"dice \"\"hola\"\"\"\r\n"
                       "\"La\nLibertad\",70,\"a, b\"\r\n"
                       "Tumbes,53,\r\n";
    assert_int_equal(S_parse(&t, text, &d), 0);
    assert_int_equal(t.separator, ',');
    assert_int_equal(t.header.count, 3);
    assert_string_equal(csv_cell(&t, &t.header, 1), "Mujeres");
    assert_int_equal(t.row_count, 3);
    assert_string_equal(csv_cell(&t, &t.rows[0], 2), "dice \"hola\"");
    assert_string_equal(csv_cell(&t, &t.rows[1], 0), "La\nLibertad");
    assert_string_equal(csv_cell(&t, &t.rows[1], 2), "a, b");
    assert_int_equal(t.rows[1].line, 3);
    assert_int_equal(t.rows[2].line, 5); /* the line break inside quotes counts */
    assert_string_equal(csv_cell(&t, &t.rows[2], 2), "");
    csv_free(&t);
}

static void test_semicolons_bom_and_hxl(void **state)
{
    (void)state;
    struct csv_table t;
    struct diag_list d = {0};
    const char *text = "\xEF\xBB\xBF"
                       "Regi\xC3\xB3n;Tasa\n#adm1;#indicator+rate\nPiura;64,7\n\nTumbes;80\n";
    assert_int_equal(S_parse(&t, text, &d), 0);
    assert_int_equal(t.separator, ';');
    assert_string_equal(csv_cell(&t, &t.header, 0), "Regi\xC3\xB3n"); /* no BOM left */
    assert_int_equal(t.hxl.count, 2);
    assert_string_equal(csv_cell(&t, &t.hxl, 1), "#indicator+rate");
    assert_int_equal(t.row_count, 2); /* the hashtag row and the blank line are not data */
    assert_string_equal(csv_cell(&t, &t.rows[0], 1), "64,7");
    assert_int_equal(t.rows[1].line, 5);
    csv_free(&t);
}

static void S_expect_error(const char *text, long line, const char *needle)
{
    struct csv_table t;
    struct diag_list d = {0};
    assert_int_equal(S_parse(&t, text, &d), -1);
    const struct diag *e = test_find_diag(&d, needle);
    if (!e) {
        diag_print(&d, stderr);
        fail_msg("no diagnostic '%s'", needle);
    }
    assert_string_equal(e->file, "data/x.csv");
    assert_int_equal(e->line, line);
    assert_int_equal(t.row_count, 0);
    diag_list_free(&d);
}

static void test_malformed_files(void **state)
{
    (void)state;
    S_expect_error("a,b\n1,2\n3\n", 3, "this row has 1 cells, the header 2");
    S_expect_error("a,b\n1,2,3\n", 2, "this row has 3 cells, the header 2");
    S_expect_error("a,b\n\"1,2\n3,4\n", 2, "a quoted field is never closed");
    S_expect_error("a,b\n\"1\"x,2\n", 2, "text after a quoted field");
    S_expect_error("a,b\n1\"x,2\n", 2, "a quote inside an unquoted field");
    S_expect_error("a,b\n1,2\nLe\xF3n,3\n", 3, "not UTF-8");
    S_expect_error("", 1, "the file is empty");
}

/* "a,b\n1," then a cell of `n` bytes, quoted or not, from line 2 */
static char *S_long_cell(size_t n, int quoted)
{
    char *text = xmalloc(n + 16);
    size_t len = (size_t)sprintf(text, "a,b\n1,%s", quoted ? "\"" : "");
    memset(text + len, quoted ? '\n' : 'x', n); /* a quoted cell's lines count too */
    strcpy(text + len + n, quoted ? "\"\n" : "\n");
    return text;
}

static void test_cells_of_at_most_64_kb(void **state)
{
    (void)state;
    for (int quoted = 0; quoted <= 1; quoted++) {
        struct csv_table t;
        struct diag_list d = {0};
        char *text = S_long_cell(65536, quoted);
        assert_int_equal(S_parse(&t, text, &d), 0);
        assert_int_equal(strlen(csv_cell(&t, &t.rows[0], 1)), 65536);
        assert_int_equal(csv_cell(&t, &t.rows[0], 1)[65535], quoted ? '\n' : 'x');
        csv_free(&t);
        free(text);
        text = S_long_cell(65537, quoted);
        S_expect_error(text, 2, "a cell of more than 65536 bytes: a CSV cell has at most 64 KB");
        free(text);
    }
}

static void test_missing_file(void **state)
{
    (void)state;
    struct csv_table t;
    struct diag_list d = {0};
    assert_int_equal(csv_read(&t, "/nonexistent/x.csv", NULL, &d), -1);
    assert_true(test_has_diag(&d, "cannot read: No such file"));
    diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commas_quotes_and_line_breaks),
        cmocka_unit_test(test_semicolons_bom_and_hxl),
        cmocka_unit_test(test_malformed_files),
        cmocka_unit_test(test_cells_of_at_most_64_kb),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
