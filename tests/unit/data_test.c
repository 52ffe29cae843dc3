#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "check.h"
#include "data.h"
#include "testutil.h"

/* Loads a variant of the minimal report and runs the data pass on it;
 * returns its result. With `keep`, the loaded publication is left in
 * *pub for the caller to inspect and free. */
static int S_run(const char *from, const char *to, int strict, struct diag_list *d,
                 struct publication *keep)
{
    char *dir = test_variant_of(REPORT_DIR, from, to);
    assert_non_null(dir);
    struct publication pub;
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, d), 0);
    assert_int_equal(check_publication(&pub, 0, d), 0);
    int rc = data_check(&pub, strict, d);
    if (keep)
        *keep = pub;
    else
        publication_free(&pub);
    test_remove_dir(dir);
    return rc;
}

static void test_consistent_report_has_no_diagnostics(void **state)
{
    (void)state;
    struct diag_list d = {0};
    struct publication pub;
    assert_int_equal(S_run(NULL, NULL, 0, &d, &pub), 0);
    assert_int_equal(d.count, 0);
    /* the CSV's figures are in the table; the places of their rows, which
     * the pass's messages name, are not kept after it */
    assert_xpath(pub.doc, "count(//table[@id='t-edad']/body/row[@key='jovenes']/cell)", "4");
    assert_xpath(pub.doc, "string(//table[@id='t-edad']/body/row[@key='jovenes']/cell[3])", "18");
    assert_xpath(pub.doc, "count(//row[@src])", "0");
    /* cells showing a figure carry its number: a rate without its sign, a
     * dash as none, a blank or a label nothing */
    assert_xpath(pub.doc, "string(//table[@id='t-llamadas']//row[@key='lima']/cell[4]/@n)", "63.3");
    assert_xpath(pub.doc, "string(//table[@id='t-muestra']//row[@key='piura']/cell[3]/@n)", "0");
    assert_xpath(pub.doc, "count(//table[@id='t-llamadas']//row[@key='total']/cell[5]/@n)", "0");
    assert_xpath(pub.doc, "count(//table[@id='t-muestra']//row[@key='lima']/cell[1]/@n)", "0");
    /* each value says what to show: as printed, or computed */
    assert_xpath(pub.doc, "string((//value[@of='#oe-1.result'])[1]/@n)", "4108");
    assert_xpath(pub.doc, "string((//value[@of='#oe-1.over'])[1]/@n)", "2.7");
    assert_xpath(pub.doc, "string((//value[@of='#oe-1.over'])[1]/@percent)", "yes");
    assert_xpath(pub.doc, "string((//value[@as='percent'])[1]/@n)", "60.0");
    assert_xpath(pub.doc, "string((//value[@as='percent'])[2]/@decimals)", "1");
    publication_free(&pub);
    diag_list_free(&d);
}

/* A column of mostly figures is set right whole: its heading and a text
 * cell in it get align="num"; a figure in a column of text
 * align="text"; figures in their own column, text in its own, subhead
 * rows and spanning cells nothing (the template sets a cell with n
 * right). */
static void test_columns_of_figures_are_aligned_whole(void **state)
{
    (void)state;
    struct diag_list d = {0};
    struct publication pub;
    const char *table =
        "<table id=\"t-mixta\"><caption><es>Mixta</es><en>Mixed</en></caption>"
        "<head><row><cell><es>Región</es><en>Region</en></cell><cell>A</cell><cell>B</cell>"
        "<cell>C</cell><cell>D</cell></row></head><body>"
        "<row><cell>Lima</cell><cell>1</cell><cell>uno</cell><cell>7</cell><cell>1</cell></row>"
        "<row><cell>Piura</cell><cell>2</cell><cell>dos</cell><cell>8</cell><cell>2</cell></row>"
        "<row role=\"subhead\"><cell>Sur</cell><cell>x</cell><cell>y</cell><cell>z</cell>"
        "<cell>w</cell></row>"
        "<row><cell>Tumbes</cell><cell>ver</cell><cell>3</cell><cell>9</cell><cell>3</cell></row>"
        "<row><cell>Total</cell><cell>3</cell><cell>tres</cell><cell>nota</cell>"
        "<cell span=\"1\">otra</cell></row></body></table>"
        "<table id=\"t-llamadas\" printed=\"2\">";
    assert_int_equal(S_run("<table id=\"t-llamadas\" printed=\"2\">", table, 0, &d, &pub), 0);
    static const struct {
        const char *cell, *align;
    } want[] = {
        {"head/row/cell[1]", ""},       {"head/row/cell[2]", "num"},
        {"head/row/cell[3]", ""},       {"head/row/cell[4]", "num"},
        {"head/row/cell[5]", "num"},    {"body/row[1]/cell[2]", ""},
        {"body/row[1]/cell[3]", ""},    {"body/row[3]/cell[2]", ""},
        {"body/row[4]/cell[2]", "num"}, {"body/row[4]/cell[3]", "text"},
        {"body/row[5]/cell[4]", "num"}, {"body/row[5]/cell[5]", ""}, /* spans, if only one column */
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char q[128];
        snprintf(q, sizeof q, "string(//table[@id='t-mixta']/%s/@align)", want[i].cell);
        assert_xpath(pub.doc, q, want[i].align);
    }
    publication_free(&pub);
    diag_list_free(&d);
}

static void test_wrong_total_is_reported_with_both_figures(void **state)
{
    (void)state;
    struct diag_list d = {0};
    const char *right = "<cell>Total</cell><cell>228</cell>";
    assert_int_equal(S_run(right, "<cell>Total</cell><cell>229</cell>", 0, &d, NULL), 0);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].severity, DIAG_WARNING);
    assert_int_equal(d.items[0].line, 31);
    assert_string_equal(d.items[0].message,
                        "table 't-muestra' (printed as 1), row 'Total', column 2: printed 229, "
                        "computed 228 (column)");
    diag_list_free(&d);

    /* a row total too; --strict makes them errors */
    assert_int_equal(
        S_run("<cell>79</cell><cell>237</cell>", "<cell>79</cell><cell>238</cell>", 1, &d, NULL),
        -1);
    assert_int_equal(d.errors, 2); /* the row and the column it adds up to */
    assert_true(test_has_diag(&d, "row 'Lima', column 4: printed 238, computed 237 (sum(c2:c3))"));
    assert_true(test_has_diag(&d, "row 'Total', column 4: printed 307, computed 308 (column)"));
    diag_list_free(&d);
}

static void test_percentages_round_at_the_printed_decimals(void **state)
{
    (void)state;
    struct diag_list d = {0};
    /* 443 / 700 = 63.29%: "63.3%" agrees, "63.2%" does not, "63%" agrees */
    assert_int_equal(S_run("calc=\"c3/c2\">63.3%</cell><cell calc=\"(c2",
                           "calc=\"c3/c2\">63%</cell><cell calc=\"(c2", 0, &d, NULL),
                     0);
    assert_int_equal(d.count, 0);
    assert_int_equal(S_run("calc=\"c3/c2\">63.3%</cell><cell calc=\"(c2",
                           "calc=\"c3/c2\">63.2%</cell><cell calc=\"(c2", 0, &d, NULL),
                     0);
    assert_true(test_has_diag(&d, "printed 63.2%, computed 63.286% (rounds to 63.3%) (c3/c2)"));
    diag_list_free(&d);
    /* 108 / 4000 = 2.7% exactly; "2.8%" is reported in both languages once */
    assert_int_equal(S_run("stated=\"2.7%\"", "stated=\"2.8%\"", 0, &d, NULL), 0);
    assert_int_equal(d.count, 1);
    assert_true(test_has_diag(&d, "value printed 2.8%, computed 2.700% (rounds to 2.7%)"));
    diag_list_free(&d);
}

static void test_translation_must_show_the_same_values(void **state)
{
    (void)state;
    struct diag_list d = {0};
    const char *en = "<en><value of=\"#oe-1.result\" stated=\"4,108\"/> people";
    assert_int_equal(
        S_run(en, "<en><value of=\"#oe-1.target\" stated=\"4,000\"/> people", 0, &d, NULL), -1);
    assert_true(test_has_diag(&d, "the en text shows other values than the es text"));
    diag_list_free(&d);
}

static void test_expression_errors(void **state)
{
    (void)state;
    static const struct {
        const char *to, *message;
    } cases[] = {
        {"#oe-9.result", "nothing has the id 'oe-9'"},
        {"#oe-1.total", "indicator 'oe-1' has no field 'total'"},
        {"#oe-1", "is an indicator: write #oe-1.result"},
        {"#t-muestra[nowhere,2]", "table 't-muestra' has no row 'nowhere'"},
        {"#t-muestra[lima,9]", "row 'Lima' has no column 9"},
        {"#t-muestra[lima,1]", "row 'Lima', column 1: 'Lima' is not a figure"},
        {"(#oe-1.result", "a ')' is missing"},
        {"#oe-1.result +", "an expression ends too early"},
        {"#oe-1.result / 0", "division by zero"},
        {"c2", "only meaningful in a table cell"},
        {"#intro", "is a <chapter>, which holds no figure"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct diag_list d = {0};
        char *to = xasprintf("of=\"%s\" stated=\"4,108\"", cases[i].to);
        assert_int_equal(S_run("of=\"#oe-1.result\" stated=\"4,108\"", to, 0, &d, NULL), -1);
        if (!test_has_diag(&d, cases[i].message))
            fail_msg("%s: no diagnostic '%s'", cases[i].to, cases[i].message);
        free(to);
        diag_list_free(&d);
    }
}

/* A row's label is named in messages, shortened to 40 bytes at a
 * character boundary: labels at and around that length, and a two-byte
 * character across it. */
static void test_long_row_labels_are_shortened_whole(void **state)
{
    (void)state;
    static const struct {
        const char *label, *shown;
    } cases[] = {
        {"123456789012345678901234567890123456789", "123456789012345678901234567890123456789"},
        {"1234567890123456789012345678901234567890", "1234567890123456789012345678901234567890"},
        {"12345678901234567890123456789012345678901",
         "1234567890123456789012345678901234567890\u2026"},
        {"123456789012345678901234567890123456789012",
         "1234567890123456789012345678901234567890\u2026"},
        {"1234567890123456789012345678901234567890123",
         "1234567890123456789012345678901234567890\u2026"},
        {"123456789012345678901234567890123456789\u00f1o",
         "123456789012345678901234567890123456789\u2026"},
        {"12345678901234567890123456789012345678\u00f1o",
         "12345678901234567890123456789012345678\u00f1\u2026"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct diag_list d = {0};
        char *to = xasprintf("<cell>%s</cell><cell>158</cell><cell>79</cell><cell>238</cell>",
                             cases[i].label);
        char *message = xasprintf("row '%s', column 4: printed 238", cases[i].shown);
        assert_int_equal(S_run("<cell>Lima</cell><cell>158</cell><cell>79</cell><cell>237</cell>",
                               to, 0, &d, NULL),
                         0);
        if (!test_has_diag(&d, message))
            fail_msg("label of %zu bytes: no diagnostic '%s'", strlen(cases[i].label), message);
        free(message);
        free(to);
        diag_list_free(&d);
    }
}

/* Names in expressions are read whole, however long: none is cut to fit a
 * buffer and then mistaken for another. */
static void test_long_names_in_expressions_are_read_whole(void **state)
{
    (void)state;
    char *id = xasprintf("oe-1%0200d", 0);
    char *key = xasprintf("lima%0200d", 0);
    char field[120] = "result";
    memset(field + 6, 'x', 100);
    struct {
        char *to;
        const char *message;
    } cases[] = {
        {xasprintf("#%s.result", id), "nothing has the id 'oe-10000"},
        {xasprintf("#t-muestra[%s,2]", key), "table 't-muestra' has no row 'lima0000"},
        {xasprintf("#oe-1.%s", field), "indicator 'oe-1' has no field 'resultxxxx"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct diag_list d = {0};
        char *to = xasprintf("of=\"%s\" stated=\"4,108\"", cases[i].to);
        assert_int_equal(S_run("of=\"#oe-1.result\" stated=\"4,108\"", to, 0, &d, NULL), -1);
        if (!test_has_diag(&d, cases[i].message))
            fail_msg("%.40s: no diagnostic '%s'", cases[i].to, cases[i].message);
        free(to);
        free(cases[i].to);
        diag_list_free(&d);
    }
    free(id);
    free(key);
}

static void test_data_eval(void **state)
{
    (void)state;
    const char *xml = "<r><indicator id='a' target='200' result='250'/>"
                      "<table id='t'><body><row key='x'><cell>x</cell>"
                      "<cell>4,108</cell><cell>63.3%</cell><cell>-</cell></row>"
                      "</body></table></r>";
    xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, 0);
    assert_non_null(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    char error[128];
    double v;
    assert_int_equal(data_eval(root, "1 + 2 * 3 - (4 - 2) / 4", &v, error, sizeof error), 0);
    assert_float_equal(v, 6.5, 1e-12);
    assert_int_equal(data_eval(root, "-2 * -3", &v, error, sizeof error), 0);
    assert_float_equal(v, 6, 1e-12);
    assert_int_equal(data_eval(root, "#a.achievement", &v, error, sizeof error), 0);
    assert_float_equal(v, 1.25, 1e-12);
    assert_int_equal(data_eval(root, "#a.over", &v, error, sizeof error), 0);
    assert_float_equal(v, 0.25, 1e-12);
    /* printed group separators and percent signs; a dash is none */
    assert_int_equal(data_eval(root, "#t[x,2] + #t[1,3] + #t[x,4]", &v, error, sizeof error), 0);
    assert_float_equal(v, 4108.633, 1e-9);
    assert_int_equal(data_eval(root, "2 3", &v, error, sizeof error), -1);
    assert_string_equal(error, "unexpected '3'");
    /* numbers are decimal digits only: nothing else strtod takes */
    const char *not_numbers[] = {"0x10", "1e5", "0x1p3", "inf", "nan", "1.2.3", "1_000"};
    for (size_t i = 0; i < sizeof not_numbers / sizeof *not_numbers; i++)
        assert_int_equal(data_eval(root, not_numbers[i], &v, error, sizeof error), -1);
    assert_int_equal(data_eval(root, "0x10 + 1", &v, error, sizeof error), -1);
    assert_string_equal(error, "'0x10' is not a number: write digits with an optional .decimals");
    assert_int_equal(data_eval(root, "1000000000000000", &v, error, sizeof error), -1);
    assert_int_equal(data_eval(root, "999999999999999", &v, error, sizeof error), 0);
    assert_float_equal(v, 999999999999999.0, 0);
    xmlFreeDoc(doc);
}

/* Parentheses and signs nest at most 64 deep: deeper input is an error,
 * not a stack overflow. */
static void test_expression_depth_is_bounded(void **state)
{
    (void)state;
    xmlDoc *doc = xmlReadMemory("<r/>", 4, NULL, NULL, 0);
    xmlNode *root = xmlDocGetRootElement(doc);
    char error[256];
    double v;
    size_t n = 30000;
    char *deep = malloc(2 * n + 2);
    memset(deep, '(', n);
    deep[n] = '1';
    memset(deep + n + 1, ')', n);
    deep[2 * n + 1] = '\0';
    assert_int_equal(data_eval(root, deep, &v, error, sizeof error), -1);
    assert_string_equal(error, "the expression nests parentheses and signs deeper than 64 levels");
    free(deep);
    size_t m = 1000000;
    char *signs = malloc(m + 2);
    memset(signs, '-', m);
    strcpy(signs + m, "1");
    assert_int_equal(data_eval(root, signs, &v, error, sizeof error), -1);
    assert_string_equal(error, "the expression nests parentheses and signs deeper than 64 levels");
    free(signs);
    /* 64 levels are fine, 65 are not */
    char fine[2 * 65 + 2];
    memset(fine, '(', 64);
    fine[64] = '2';
    memset(fine + 65, ')', 64);
    fine[129] = '\0';
    assert_int_equal(data_eval(root, fine, &v, error, sizeof error), 0);
    assert_float_equal(v, 2, 0);
    assert_int_equal(data_eval(root, "--2 * -(-3)", &v, error, sizeof error), 0);
    assert_float_equal(v, 6, 0);
    assert_int_equal(data_eval(root,
                               "-((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)"
                               ")))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))",
                               &v, error, sizeof error),
                     -1);
    xmlFreeDoc(doc);
}

static void test_count(void **state)
{
    (void)state;
    const char *xml = "<r><list id='l'><d><m/><m/></d><d><m/></d><e><m/></e></list>"
                      "<table id='t'><body><row><cell>a</cell></row><row><cell>b</cell></row>"
                      "<row role='total'><cell>2</cell></row></body></table></r>";
    xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, 0);
    assert_non_null(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    char error[128];
    double v;
    /* an element's children, a table's rows without its total */
    assert_int_equal(data_eval(root, "count(#l)", &v, error, sizeof error), 0);
    assert_float_equal(v, 3, 0);
    assert_int_equal(data_eval(root, "count(#t)", &v, error, sizeof error), 0);
    assert_float_equal(v, 2, 0);
    /* elements of a name at any depth, in expressions like any figure */
    assert_int_equal(data_eval(root, "count( #l , m )", &v, error, sizeof error), 0);
    assert_float_equal(v, 4, 0);
    assert_int_equal(data_eval(root, "count(#l, d) * 10 + count(#l, x)", &v, error, sizeof error),
                     0);
    assert_float_equal(v, 20, 0);
    assert_int_equal(data_eval(root, "count(#nope)", &v, error, sizeof error), -1);
    assert_string_equal(error, "nothing has the id 'nope'");
    assert_int_equal(data_eval(root, "count(l)", &v, error, sizeof error), -1);
    assert_non_null(strstr(error, "count expects an id"));
    assert_int_equal(data_eval(root, "count(#l, )", &v, error, sizeof error), -1);
    assert_non_null(strstr(error, "the name of an element"));
    assert_int_equal(data_eval(root, "count(#l", &v, error, sizeof error), -1);
    assert_string_equal(error, "a ')' is missing after count(#l");
    xmlFreeDoc(doc);
}

/* distinct(#table, N, ...): the different texts of a column, or
 * combinations of columns, in the body rows that are not totals, spaces
 * collapsed; usable like any figure. */
static void test_distinct(void **state)
{
    (void)state;
    const char *xml = "<r><p id='p'/><table id='t'><body>"
                      "<row><cell>Peru</cell><cell>Health</cell></row>"
                      "<row><cell> Costa  Rica </cell><cell>Health</cell></row>"
                      "<row><cell>Peru</cell><cell>Foreign Affairs</cell></row>"
                      "<row role='subhead'><cell>Other</cell></row>"
                      "<row><cell>Costa Rica</cell><cell>Migration</cell></row>"
                      "<row role='total'><cell>Total</cell><cell>4</cell></row>"
                      "</body></table></r>";
    xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, 0);
    assert_non_null(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    char error[128];
    double v;
    assert_int_equal(data_eval(root, "distinct(#t, 1)", &v, error, sizeof error), 0);
    assert_float_equal(v, 2, 0);
    assert_int_equal(data_eval(root, "distinct( #t , 2 ) * 10", &v, error, sizeof error), 0);
    assert_float_equal(v, 30, 0);
    assert_int_equal(data_eval(root, "distinct(#t, 1, 2)", &v, error, sizeof error), 0);
    assert_float_equal(v, 4, 0);
    assert_int_equal(data_eval(root, "distinct(#t)", &v, error, sizeof error), -1);
    assert_string_equal(error, "distinct expects a table and up to 8 columns: distinct(#t, 2)");
    assert_int_equal(data_eval(root, "distinct(t, 1)", &v, error, sizeof error), -1);
    assert_string_equal(error, "distinct expects a table and columns: distinct(#table, 2) or "
                               "distinct(#table, 1, 2)");
    assert_int_equal(data_eval(root, "distinct(#t, 1", &v, error, sizeof error), -1);
    assert_string_equal(error, "distinct expects a table and up to 8 columns: distinct(#t, 2)");
    assert_int_equal(data_eval(root, "distinct(#nope, 1)", &v, error, sizeof error), -1);
    assert_string_equal(error, "nothing has the id 'nope'");
    assert_int_equal(data_eval(root, "distinct(#p, 1)", &v, error, sizeof error), -1);
    assert_string_equal(error, "'#p' is not a table");
    assert_int_equal(data_eval(root, "distinct(#t, 3)", &v, error, sizeof error), -1);
    assert_string_equal(error, "row 'Peru' has no column 3");
    assert_int_equal(data_eval(root, "distinct(#t, 2, 3)", &v, error, sizeof error), -1);
    assert_string_equal(error, "row 'Peru' has no column 3");
    xmlFreeDoc(doc);
}

static void test_parse_figure(void **state)
{
    (void)state;
    struct printed p;
    int percent;
    assert_int_equal(data_parse_figure("4,108", &p, &percent), 0);
    assert_float_equal(p.value, 4108, 0);
    assert_false(percent);
    assert_int_equal(data_parse_figure("1,234,567.50", &p, &percent), 0);
    assert_float_equal(p.value, 1234567.5, 1e-9);
    assert_int_equal(p.decimals, 2);
    assert_int_equal(data_parse_figure("69.2%", &p, &percent), 0);
    assert_true(percent);
    assert_int_equal(p.decimals, 1);
    assert_int_equal(data_parse_figure("4,10", &p, &percent), -1);
    assert_int_equal(data_parse_figure("25 años", &p, &percent), -1);
    assert_int_equal(data_parse_figure("%", &p, &percent), -1);
}

static void test_csv_errors_name_the_file_and_line(void **state)
{
    (void)state;
    struct diag_list d = {0};
    /* a row of the file that the table does not have */
    char *dir = test_variant_of(REPORT_DIR, NULL, NULL);
    char *csv = path_join(dir, "data/edad.csv");
    const char *text = "edad;mujeres;hombres;total\nninez;12;10;22\nadultos;1;1;2\n"
                       "jovenes;30;18;48\ntotal;43;29;72\n";
    file_write(csv, text, strlen(text));
    struct publication pub;
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, &d), 0);
    assert_int_equal(data_check(&pub, 0, &d), -1);
    const struct diag *e = test_find_diag(&d, "row 'adultos' is not a row of the table");
    assert_non_null(e);
    assert_non_null(strstr(e->file, "data/edad.csv"));
    assert_int_equal(e->line, 3);
    publication_free(&pub);
    diag_list_free(&d);

    /* a malformed file; a table row the file lacks */
    text = "edad,mujeres,hombres,total\nninez,\"12,10,22\njovenes,30,18,48\n";
    file_write(csv, text, strlen(text));
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, &d), 0);
    assert_int_equal(data_check(&pub, 0, &d), -1);
    e = test_find_diag(&d, "quote");
    assert_non_null(e);
    assert_int_equal(e->line, 2);
    publication_free(&pub);
    diag_list_free(&d);

    text = "edad,mujeres,hombres,total\nninez,12,10,22\njovenes,30,18,48\n";
    file_write(csv, text, strlen(text));
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, &d), 0);
    assert_int_equal(data_check(&pub, 0, &d), -1);
    assert_true(test_has_diag(&d, "row 'total' has no figures in data/edad.csv"));
    publication_free(&pub);
    diag_list_free(&d);

    /* a file with a column more than the table */
    text = "edad,mujeres,hombres,total,otros\nninez,12,10,22,0\njovenes,30,18,48,0\n"
           "total,42,28,70,0\n";
    file_write(csv, text, strlen(text));
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, &d), 0);
    assert_int_equal(data_check(&pub, 0, &d), -1);
    e = test_find_diag(&d, "5 columns, but the table at line 46 has 4");
    assert_non_null(e);
    assert_int_equal(e->line, 1);
    publication_free(&pub);
    diag_list_free(&d);

    /* a wrong total in the file is reported at its line */
    text = "edad,mujeres,hombres,total\nninez,12,10,22\njovenes,30,18,48\ntotal,42,28,71\n";
    file_write(csv, text, strlen(text));
    assert_int_equal(load_publication(&pub, dir, FOLIO_TEMPLATE_DIR, &d), 0);
    assert_int_equal(data_check(&pub, 0, &d), 0);
    e = test_find_diag(&d, "printed 71, computed 70");
    assert_non_null(e);
    assert_non_null(strstr(e->file, "data/edad.csv"));
    assert_int_equal(e->line, 4);
    publication_free(&pub);
    diag_list_free(&d);
    free(csv);
    test_remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consistent_report_has_no_diagnostics),
        cmocka_unit_test(test_columns_of_figures_are_aligned_whole),
        cmocka_unit_test(test_expression_depth_is_bounded),
        cmocka_unit_test(test_wrong_total_is_reported_with_both_figures),
        cmocka_unit_test(test_percentages_round_at_the_printed_decimals),
        cmocka_unit_test(test_translation_must_show_the_same_values),
        cmocka_unit_test(test_expression_errors),
        cmocka_unit_test(test_long_row_labels_are_shortened_whole),
        cmocka_unit_test(test_long_names_in_expressions_are_read_whole),
        cmocka_unit_test(test_data_eval),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_parse_figure),
        cmocka_unit_test(test_distinct),
        cmocka_unit_test(test_csv_errors_name_the_file_and_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
