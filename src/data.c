#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "asset.h"
#include "check.h"
#include "csv.h"
#include "derive.h"
#include "data.h"
#include "util.h"

struct data {
    const struct publication *pub;
    xmlHashTable *ids; /* id -> element */
    struct diag_list *diags;
    int strict;
};

/* Where an expression is evaluated: in a table cell (table, row and
 * column known) or in running text (all NULL / 0). */
struct scope {
    struct data *data;
    xmlNode *table, *row;
    int column;
    const char *p; /* the cursor */
    char *error;
    size_t error_size;
    int failed;
    int depth; /* parentheses and signs open at the cursor */
};

/* The parser recurses once per '(' and per sign: deeper than this is no
 * figure anyone writes, and the limit keeps the stack bounded. */
#define DATA_MAX_DEPTH 64

static int S_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *S_child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (S_is(c, name))
            return c;
    return NULL;
}

static char *S_prop(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static int S_span(const xmlNode *cell)
{
    char *s = S_prop(cell, "span");
    int span = s ? atoi(s) : 1;
    xmlFree(s);
    return span > 0 ? span : 1;
}

/* ---- figures as printed -------------------------------------------- */

int data_parse_figure(const char *s, struct printed *out, int *percent)
{
    char clean[64];
    size_t k = 0, len = strlen(s);
    *percent = len > 0 && s[len - 1] == '%';
    if (*percent)
        len--;
    /* group separators: a ',' between a digit and exactly three digits */
    for (size_t i = 0; i < len; i++) {
        int group = s[i] == ',' && i > 0 && i + 3 < len && isdigit((unsigned char)s[i - 1]) &&
                    strspn(s + i + 1, "0123456789") >= 3 &&
                    (i + 4 >= len || !isdigit((unsigned char)s[i + 4]));
        if (group)
            continue;
        if (k + 1 >= sizeof clean)
            return -1;
        clean[k++] = s[i];
    }
    clean[k] = '\0';
    return printed_parse(clean, out);
}

/* The text of a cell: its source-language text, or its neutral text;
 * trimmed, malloc'ed. */
static char *S_cell_text(const struct data *d, const xmlNode *cell)
{
    const xmlNode *n = cell;
    if (check_is_unit(d->pub, cell)) {
        xmlNode *src = check_language_child(cell, d->pub->source_lang);
        if (src)
            n = src;
    }
    xmlChar *s = xmlNodeGetContent(n);
    const char *b = s ? (const char *)s : "";
    while (*b && isspace((unsigned char)*b))
        b++;
    size_t len = strlen(b);
    while (len > 0 && isspace((unsigned char)b[len - 1]))
        len--;
    char *out = xstrndup(b, len);
    xmlFree(s);
    return out;
}

/* A cell that shows no figure: empty, or a dash as printed for none. */
static int S_is_blank(const char *text)
{
    return !*text || strcmp(text, "-") == 0 || strcmp(text, "\xe2\x80\x93") == 0;
}

/* ---- tables --------------------------------------------------------- */

static size_t S_body_rows(const xmlNode *table, xmlNode ***rows)
{
    size_t n = 0, cap = 0;
    *rows = NULL;
    xmlNode *body = S_child(table, "body");
    for (xmlNode *r = body ? body->children : NULL; r; r = r->next)
        if (S_is(r, "row")) {
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                *rows = xrealloc(*rows, cap * sizeof **rows);
            }
            (*rows)[n++] = r;
        }
    return n;
}

static int S_row_role(const xmlNode *row, const char *role)
{
    char *r = S_prop(row, "role");
    int is = r && strcmp(r, role) == 0;
    xmlFree(r);
    return is;
}

/* The cell of `row` covering column `col` (from 1), or NULL. */
static xmlNode *S_cell_at(const xmlNode *row, int col)
{
    int at = 1;
    for (xmlNode *c = row->children; c; c = c->next) {
        if (!S_is(c, "cell"))
            continue;
        int span = S_span(c);
        if (col >= at && col < at + span)
            return c;
        at += span;
    }
    return NULL;
}

static int S_column_of(const xmlNode *cell)
{
    int at = 1;
    for (xmlNode *c = cell->parent->children; c && c != cell; c = c->next)
        if (S_is(c, "cell"))
            at += S_span(c);
    return at;
}

static int S_row_columns(const xmlNode *row)
{
    int n = 0;
    for (xmlNode *c = row->children; c; c = c->next)
        if (S_is(c, "cell"))
            n += S_span(c);
    return n;
}

/* A short name of a row for messages: its label, cut at 40 bytes. */
static char *S_row_name(const struct data *d, const xmlNode *row)
{
    xmlNode *first = S_cell_at(row, 1);
    char *text = first ? S_cell_text(d, first) : xstrdup("");
    char *name = utf8_shorten(text, 40);
    free(text);
    return name;
}

static char *S_table_name(const xmlNode *table)
{
    char *id = S_prop(table, "id");
    char *printed = S_prop(table, "printed");
    char *name = printed ? xasprintf("table '%s' (printed as %s)", id ? id : "", printed)
                         : xasprintf("table '%s'", id ? id : "");
    xmlFree(id);
    xmlFree(printed);
    return name;
}

/* ---- the expression language ----------------------------------------- */

/* An expression as quoted in a message: its first 200 bytes (whole UTF-8
 * characters) and "…" when longer, so a hostile one cannot flood the
 * terminal. */
static const char *S_excerpt(const char *expr, char *buf, size_t size)
{
    size_t n = strlen(expr), keep = 200;
    if (n <= keep || size < keep + 4)
        return expr;
    while (keep > 0 && ((unsigned char)expr[keep] & 0xC0) == 0x80)
        keep--;
    snprintf(buf, size, "%.*s\xe2\x80\xa6", (int)keep, expr);
    return buf;
}

static void S_fail(struct scope *s, const char *fmt, ...) DIAG_PRINTF(2, 3);
static void S_fail(struct scope *s, const char *fmt, ...)
{
    if (s->failed)
        return;
    s->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, s->error_size, fmt, ap);
    va_end(ap);
}

static void S_skip_space(struct scope *s)
{
    while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n')
        s->p++;
}

static int S_accept(struct scope *s, char c)
{
    S_skip_space(s);
    if (*s->p != c)
        return 0;
    s->p++;
    return 1;
}

static int S_accept_word(struct scope *s, const char *word)
{
    S_skip_space(s);
    size_t n = strlen(word);
    if (strncmp(s->p, word, n) != 0 || isalnum((unsigned char)s->p[n]) || s->p[n] == '_')
        return 0;
    s->p += n;
    return 1;
}

/* A figure of a cell, blanks as 0; fails when the cell is not a figure. */
static double S_cell_value(struct scope *s, const xmlNode *table, const xmlNode *row, int col)
{
    xmlNode *cell = S_cell_at(row, col);
    if (!cell) {
        char *rn = S_row_name(s->data, row);
        S_fail(s, "row '%s' has no column %d", rn, col);
        free(rn);
        return 0;
    }
    char *text = S_cell_text(s->data, cell);
    struct printed p = {0, 0};
    int percent = 0, blank = S_is_blank(text);
    int parsed = blank ? 0 : data_parse_figure(text, &p, &percent);
    if (parsed != 0) {
        char *tn = S_table_name(table), *rn = S_row_name(s->data, row);
        S_fail(s,
               parsed == -2 ? "%s, row '%s', column %d: '%s' has more than 15 digits"
                            : "%s, row '%s', column %d: '%s' is not a figure",
               tn, rn, col, text);
        free(tn);
        free(rn);
    }
    free(text);
    return blank ? 0 : percent ? p.value / 100 : p.value;
}

static int S_column_number(struct scope *s)
{
    S_skip_space(s);
    if (!isdigit((unsigned char)*s->p)) {
        S_fail(s, "a column number is expected at '%s'", s->p);
        return 1;
    }
    long n = strtol(s->p, (char **)&s->p, 10);
    if (n < 1 || n > 1000) {
        S_fail(s, "column %ld does not exist", n);
        return 1;
    }
    return (int)n;
}

/* cN after the 'c' */
static int S_same_row_column(struct scope *s)
{
    if (!s->row) {
        S_fail(s, "a column reference (c1, c2 ...) is only meaningful in a table cell");
        return 1;
    }
    return S_column_number(s);
}

static double S_column_sum(struct scope *s)
{
    if (!s->table) {
        S_fail(s, "'column' is only meaningful in a table cell");
        return 0;
    }
    xmlNode **rows;
    size_t n = S_body_rows(s->table, &rows);
    double sum = 0;
    for (size_t i = 0; i < n && !s->failed; i++)
        if (!S_row_role(rows[i], "total") && !S_row_role(rows[i], "subhead"))
            sum += S_cell_value(s, s->table, rows[i], s->column);
    free(rows);
    return sum;
}

/* distinct(#table, N, M ...): how many different texts (or combinations
 * of texts) columns N, M ... hold in the table's body rows that are not
 * totals or subheads, in the source text with its spaces collapsed: the
 * countries of a list of institutions, or its institutions (a country and
 * a name). After the 'distinct'. */
static double S_distinct(struct scope *s)
{
    if (!S_accept(s, '(') || !S_accept(s, '#')) {
        S_fail(
            s,
            "distinct expects a table and columns: distinct(#table, 2) or distinct(#table, 1, 2)");
        return 0;
    }
    const char *start = s->p;
    while (isalnum((unsigned char)*s->p) || *s->p == '-' || *s->p == '_')
        s->p++;
    char *id = xstrndup(start, (size_t)(s->p - start));
    xmlNode *table = s->data->ids ? xmlHashLookup(s->data->ids, (const xmlChar *)id) : NULL;
    int cols[8], ncols = 0;
    while (ncols < 8 && !s->failed && S_accept(s, ','))
        cols[ncols++] = S_column_number(s);
    if (!s->failed && (!ncols || !S_accept(s, ')')))
        S_fail(s, "distinct expects a table and up to 8 columns: distinct(#%s, 2)", id);
    else if (!s->failed && !S_is(table, "table"))
        S_fail(s, table ? "'#%s' is not a table" : "nothing has the id '%s'", id);
    xmlNode **rows = NULL;
    size_t n = s->failed ? 0 : S_body_rows(table, &rows), k = 0;
    char **seen = xcalloc(n ? n : 1, sizeof *seen);
    for (size_t i = 0; i < n && !s->failed; i++) {
        if (S_row_role(rows[i], "total") || S_row_role(rows[i], "subhead"))
            continue;
        struct buf key = {0};
        for (int c = 0; c < ncols && !s->failed; c++) {
            xmlNode *cell = S_cell_at(rows[i], cols[c]);
            if (!cell) {
                char *rn = S_row_name(s->data, rows[i]);
                S_fail(s, "row '%s' has no column %d", rn, cols[c]);
                free(rn);
                break;
            }
            char *text = S_cell_text(s->data, cell);
            for (const char *r = text; *r; r++) /* runs of spaces as one */
                if (!isspace((unsigned char)*r) || !isspace((unsigned char)r[1]))
                    buf_put(&key, isspace((unsigned char)*r) ? " " : r, 1);
            buf_puts(&key, "\x1f"); /* between columns */
            free(text);
        }
        size_t j = 0;
        while (!s->failed && j < k && strcmp(seen[j], key.data) != 0)
            j++;
        if (!s->failed && j == k)
            seen[k++] = key.data;
        else
            free(key.data);
    }
    for (size_t j = 0; j < k; j++)
        free(seen[j]);
    free(seen);
    free(rows);
    free(id);
    return (double)k;
}

static double S_indicator_field(struct scope *s, const xmlNode *ind, const char *id)
{
    const char *start = s->p;
    while (isalpha((unsigned char)*s->p))
        s->p++;
    char *field = xstrndup(start, (size_t)(s->p - start));
    char *t = S_prop(ind, "target"), *r = S_prop(ind, "result");
    double target = t ? strtod(t, NULL) : 0, result = r ? strtod(r, NULL) : 0;
    xmlFree(t);
    xmlFree(r);
    double v = 0;
    if (strcmp(field, "target") == 0)
        v = target;
    else if (strcmp(field, "result") == 0)
        v = result;
    else if (strcmp(field, "achievement") != 0 && strcmp(field, "over") != 0)
        S_fail(s, "indicator '%s' has no field '%s' (target, result, achievement, over)", id,
               field);
    else if (target == 0)
        S_fail(s, "indicator '%s' has a target of 0", id);
    else
        v = field[0] == 'a' ? result / target : result / target - 1;
    free(field);
    return v;
}

/* #table[row,N]: row is a key or a body row number */
static double S_table_cell(struct scope *s, xmlNode *table, const char *id)
{
    S_skip_space(s);
    const char *start = s->p;
    while (*s->p && *s->p != ',' && *s->p != ']')
        s->p++;
    size_t k = (size_t)(s->p - start);
    while (k > 0 && isspace((unsigned char)start[k - 1]))
        k--;
    char *key = xstrndup(start, k);
    int col = 0;
    if (!S_accept(s, ','))
        S_fail(s, "'#%s[row, column]' expects a comma after the row", id);
    else if ((col = S_column_number(s)), !S_accept(s, ']'))
        S_fail(s, "'#%s[row, column]' expects a ']'", id);
    if (s->failed) {
        free(key);
        return 0;
    }
    xmlNode **rows;
    size_t n = S_body_rows(table, &rows);
    xmlNode *row = NULL;
    if (k > 0 && strspn(key, "0123456789") == k) {
        long i = strtol(key, NULL, 10);
        if (i >= 1 && (size_t)i <= n)
            row = rows[i - 1];
    } else {
        for (size_t i = 0; i < n && !row; i++) {
            char *rk = S_prop(rows[i], "key");
            if (rk && strcmp(rk, key) == 0)
                row = rows[i];
            xmlFree(rk);
        }
    }
    free(rows);
    if (!row)
        S_fail(s, "table '%s' has no row '%s'", id, key);
    free(key);
    return row ? S_cell_value(s, table, row, col) : 0;
}

static double S_reference_to(struct scope *s, const char *id);

static double S_reference(struct scope *s)
{
    const char *start = s->p;
    while (isalnum((unsigned char)*s->p) || *s->p == '-' || *s->p == '_')
        s->p++;
    char *id = xstrndup(start, (size_t)(s->p - start));
    double v = S_reference_to(s, id);
    free(id);
    return v;
}

static double S_reference_to(struct scope *s, const char *id)
{
    xmlNode *target = s->data->ids ? xmlHashLookup(s->data->ids, (const xmlChar *)id) : NULL;
    if (!target) {
        S_fail(s, "nothing has the id '%s'", id);
        return 0;
    }
    if (S_is(target, "indicator")) {
        if (!S_accept(s, '.')) {
            S_fail(s, "'#%s' is an indicator: write #%s.result, .target, .achievement or .over", id,
                   id);
            return 0;
        }
        return S_indicator_field(s, target, id);
    }
    if (S_is(target, "table")) {
        if (!S_accept(s, '[')) {
            S_fail(s, "'#%s' is a table: write #%s[row, column]", id, id);
            return 0;
        }
        return S_table_cell(s, target, id);
    }
    if (S_is(target, "cell"))
        return S_cell_value(s, target->parent->parent->parent, target->parent, S_column_of(target));
    S_fail(s, "'#%s' is a <%s>, which holds no figure", id, (const char *)target->name);
    return 0;
}

/* Elements named `name` under `n`, at any depth. */
static size_t S_count_named(const xmlNode *n, const char *name)
{
    size_t k = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            k += S_is(c, name) + S_count_named(c, name);
    return k;
}

/* count(#id): a table's body rows that are not totals or subheads, else
 * the element's child elements; count(#id, name): the elements named
 * `name` inside it. After the 'count'. */
static double S_count(struct scope *s)
{
    if (!S_accept(s, '(') || !S_accept(s, '#')) {
        S_fail(s, "count expects an id: count(#coverage) or count(#coverage, municipality)");
        return 0;
    }
    const char *start = s->p;
    while (isalnum((unsigned char)*s->p) || *s->p == '-' || *s->p == '_')
        s->p++;
    char *id = xstrndup(start, (size_t)(s->p - start)), *name = NULL;
    xmlNode *target = s->data->ids ? xmlHashLookup(s->data->ids, (const xmlChar *)id) : NULL;
    if (S_accept(s, ',')) {
        S_skip_space(s);
        start = s->p;
        while (isalnum((unsigned char)*s->p) || *s->p == '-' || *s->p == '_')
            s->p++;
        name = xstrndup(start, (size_t)(s->p - start));
    }
    size_t k = 0;
    if (!S_accept(s, ')'))
        S_fail(s, "a ')' is missing after count(#%s", id);
    else if (!target)
        S_fail(s, "nothing has the id '%s'", id);
    else if (name && !*name)
        S_fail(s, "count(#%s, name) expects the name of an element after the comma", id);
    else if (name)
        k = S_count_named(target, name);
    else if (S_is(target, "table")) {
        xmlNode **rows;
        size_t n = S_body_rows(target, &rows);
        for (size_t i = 0; i < n; i++)
            k += !S_row_role(rows[i], "total") && !S_row_role(rows[i], "subhead");
        free(rows);
    } else {
        k = xmlChildElementCount(target);
    }
    free(id);
    free(name);
    return (double)k;
}

static double S_expr(struct scope *s);
static double S_primary(struct scope *s);

/* A number as people write it: digits with an optional .decimals, and
 * nothing strtod would also take (0x10, 1e5, inf, nan). */
static double S_number(struct scope *s)
{
    const char *start = s->p;
    size_t whole = strspn(s->p, "0123456789"), decimals = 0;
    if (s->p[whole] == '.')
        decimals = strspn(s->p + whole + 1, "0123456789");
    size_t len = whole + (s->p[whole] == '.' ? 1 + decimals : 0);
    if ((whole == 0 && decimals == 0) || isalnum((unsigned char)start[len]) || start[len] == '.' ||
        start[len] == '_') {
        size_t bad = len;
        while (isalnum((unsigned char)start[bad]) || start[bad] == '.' || start[bad] == '_')
            bad++;
        S_fail(s, "'%.*s' is not a number: write digits with an optional .decimals", (int)bad,
               start);
        return 0;
    }
    if (whole + decimals > DERIVE_MAX_DIGITS) {
        S_fail(s, "'%.*s' has more than %d digits, more than folio computes exactly", (int)len,
               start, DERIVE_MAX_DIGITS);
        return 0;
    }
    s->p += len;
    return strtod(start, NULL);
}

static double S_factor(struct scope *s)
{
    S_skip_space(s);
    int nests = *s->p == '(' || *s->p == '-';
    if (nests && ++s->depth > DATA_MAX_DEPTH) {
        S_fail(s, "the expression nests parentheses and signs deeper than %d levels",
               DATA_MAX_DEPTH);
        s->p += strlen(s->p);
        return 0;
    }
    double v;
    if (S_accept(s, '(')) {
        v = S_expr(s);
        if (!S_accept(s, ')'))
            S_fail(s, "a ')' is missing");
    } else if (S_accept(s, '-')) {
        v = -S_factor(s);
    } else {
        return S_primary(s);
    }
    s->depth--;
    return v;
}

static double S_primary(struct scope *s)
{
    if (isdigit((unsigned char)*s->p) || *s->p == '.')
        return S_number(s);
    if (S_accept(s, '#'))
        return S_reference(s);
    if (S_accept_word(s, "distinct"))
        return S_distinct(s);
    if (S_accept_word(s, "column"))
        return S_column_sum(s);
    if (S_accept_word(s, "count"))
        return S_count(s);
    if (S_accept_word(s, "sum")) {
        if (!S_accept(s, '(') || !S_accept(s, 'c')) {
            S_fail(s, "sum expects a range of columns: sum(c2:c4)");
            return 0;
        }
        int from = S_same_row_column(s);
        if (!S_accept(s, ':') || !S_accept(s, 'c')) {
            S_fail(s, "sum expects a range of columns: sum(c2:c4)");
            return 0;
        }
        int to = S_same_row_column(s);
        if (!S_accept(s, ')'))
            S_fail(s, "a ')' is missing after sum(c%d:c%d", from, to);
        double sum = 0;
        for (int c = from; c <= to && !s->failed; c++)
            sum += S_cell_value(s, s->table, s->row, c);
        return sum;
    }
    if (*s->p == 'c' && isdigit((unsigned char)s->p[1])) {
        s->p++;
        int col = S_same_row_column(s);
        return s->failed ? 0 : S_cell_value(s, s->table, s->row, col);
    }
    char shown[208];
    S_fail(s, *s->p ? "unexpected '%s'" : "an expression ends too early%s",
           S_excerpt(s->p, shown, sizeof shown));
    return 0;
}

static double S_term(struct scope *s)
{
    double v = S_factor(s);
    for (;;) {
        if (S_accept(s, '*')) {
            v *= S_factor(s);
        } else if (S_accept(s, '/')) {
            double d = S_factor(s);
            if (d == 0 && !s->failed)
                S_fail(s, "division by zero");
            v = d == 0 ? 0 : v / d;
        } else {
            return v;
        }
    }
}

static double S_expr(struct scope *s)
{
    double v = S_term(s);
    for (;;) {
        if (S_accept(s, '+'))
            v += S_term(s);
        else if (S_accept(s, '-'))
            v -= S_term(s);
        else
            return v;
    }
}

static int S_evaluate(struct scope *s, const char *expr, double *out)
{
    s->p = expr;
    s->failed = 0;
    double v = S_expr(s);
    S_skip_space(s);
    char shown[208];
    if (!s->failed && *s->p)
        S_fail(s, "unexpected '%s'", S_excerpt(s->p, shown, sizeof shown));
    *out = v;
    return s->failed ? -1 : 0;
}

int data_eval(xmlNode *root, const char *expr, double *out, char *error, size_t error_size)
{
    struct data d = {0};
    d.ids = check_ids(root, NULL);
    struct publication pub = {0};
    d.pub = &pub;
    struct scope s = {&d, NULL, NULL, 0, NULL, error, error_size, 0, 0};
    int rc = S_evaluate(&s, expr, out);
    xmlHashFree(d.ids, NULL);
    return rc;
}

/* ---- reporting ------------------------------------------------------ */

static void S_report(struct data *d, const xmlNode *node, enum diag_severity sev, const char *fmt,
                     ...) DIAG_PRINTF(4, 5);
static void S_report(struct data *d, const xmlNode *node, enum diag_severity sev, const char *fmt,
                     ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    /* cells filled from a CSV file name the file's line */
    char *src = NULL;
    for (const xmlNode *n = node; n && !src; n = n->parent)
        if (n->type == XML_ELEMENT_NODE)
            src = S_prop(n, "src");
    if (src)
        diag_add_at(d->diags, sev, src, "%s", msg);
    else
        diag_add_node(d->diags, sev, node, "%s", msg);
    xmlFree(src);
    free(msg);
}

static enum diag_severity S_mismatch(const struct data *d)
{
    return d->strict ? DIAG_ERROR : DIAG_WARNING;
}

/* Whether "69.2%" agrees with the computed 0.6942; `shown` gets the
 * computed figure for a message: "69.42% (rounds to 69.4%)". */
/* Whether the printed figure agrees with the computed one; when not,
 * *shown (malloc'ed) is the computed one as a message shows it, else NULL. */
static int S_agrees(struct printed stated, int percent, double computed, char **shown)
{
    double v = percent ? computed * 100 : computed;
    const char *unit = percent ? "%" : "";
    *shown = NULL;
    if (derive_matches(stated, v))
        return 1;
    if (v == derive_round(v, 0) && stated.decimals == 0)
        *shown = xasprintf("%.0f%s", v, unit);
    else
        *shown = xasprintf("%.*f%s (rounds to %.*f%s)", stated.decimals + 2, v, unit,
                           stated.decimals, derive_round(v, stated.decimals), unit);
    return 0;
}

/* ---- checking tables ------------------------------------------------ */

static void S_check_cell(struct data *d, xmlNode *table, xmlNode *row, xmlNode *cell,
                         const char *expr)
{
    char error[256];
    struct scope s = {d, table, row, S_column_of(cell), NULL, error, sizeof error, 0, 0};
    char *text = S_cell_text(d, cell);
    struct printed stated;
    int percent;
    double computed;
    char *shown = NULL;
    enum { AGREES, NOT_A_FIGURE, CANNOT_COMPUTE, DISAGREES } verdict = AGREES;
    if (S_is_blank(text))
        verdict = AGREES; /* nothing printed, nothing to compare */
    else if (data_parse_figure(text, &stated, &percent) != 0)
        verdict = NOT_A_FIGURE;
    else if (S_evaluate(&s, expr, &computed) != 0)
        verdict = CANNOT_COMPUTE;
    else if (!S_agrees(stated, percent, computed, &shown))
        verdict = DISAGREES;
    if (verdict != AGREES) { /* the names only for a message: a long table agrees row by row */
        char *tn = S_table_name(table), *rn = S_row_name(d, row);
        char excerpt[208];
        const char *shown_expr = S_excerpt(expr, excerpt, sizeof excerpt);
        if (verdict == NOT_A_FIGURE)
            S_report(d, cell, DIAG_ERROR,
                     "%s, row '%s', column %d: calc=\"%s\" on '%s', which is not a figure", tn, rn,
                     s.column, shown_expr, text);
        else if (verdict == CANNOT_COMPUTE)
            S_report(d, cell, DIAG_ERROR, "%s, row '%s', column %d: calc=\"%s\": %s", tn, rn,
                     s.column, shown_expr, error);
        else
            S_report(d, cell, S_mismatch(d),
                     "%s, row '%s', column %d: printed %s, computed %s (%s)", tn, rn, s.column,
                     text, shown, shown_expr);
        free(tn);
        free(rn);
    }
    free(shown);
    free(text);
}

/* A chart draws the columns and rows it lists; one that is not in the
 * table would be an empty series, so it is an error naming what there is. */
static void S_check_chart(struct data *d, xmlNode *table, xmlNode *chart)
{
    xmlNode *head = S_child(table, "head");
    xmlNode *header = NULL;
    for (xmlNode *r = head ? head->children : NULL; r; r = r->next)
        if (S_is(r, "row"))
            header = r;
    xmlNode **rows;
    size_t n = S_body_rows(table, &rows);
    int columns = header ? S_row_columns(header) : 0, categories = 0;
    for (size_t i = 0; i < n; i++) {
        if (!header && S_row_columns(rows[i]) > columns)
            columns = S_row_columns(rows[i]);
        xmlChar *role = xmlGetProp(rows[i], (const xmlChar *)"role");
        categories += role == NULL;
        xmlFree(role);
    }
    free(rows);
    static const char *const lists[] = {"columns", "rows"};
    for (size_t l = 0; l < 2; l++) {
        char *list = S_prop(chart, lists[l]);
        char *save = NULL;
        for (char *t = list ? strtok_r(list, " \t\r\n", &save) : NULL; t;
             t = strtok_r(NULL, " \t\r\n", &save)) {
            long k = strtol(t, NULL, 10);
            if (l == 0 && k == 1)
                S_report(d, chart, DIAG_ERROR,
                         "chart columns: column 1 holds the row labels; the figures are in "
                         "columns 2 to %d",
                         columns);
            else if (l == 0 && k > columns)
                S_report(d, chart, DIAG_ERROR,
                         "chart columns: the table has %d columns, so there is no column %ld to "
                         "draw (the figures are in columns 2 to %d)",
                         columns, k, columns);
            else if (l == 1 && k > categories)
                S_report(d, chart, DIAG_ERROR,
                         "chart rows: the table has %d rows that are not totals, so there is no "
                         "row %ld to draw",
                         categories, k);
        }
        xmlFree(list);
    }
}

static void S_check_table(struct data *d, xmlNode *table)
{
    xmlNode *chart = S_child(table, "chart");
    if (chart)
        S_check_chart(d, table, chart);
    char *totals = S_prop(table, "totals");
    int implied = totals && strcmp(totals, "yes") == 0;
    xmlFree(totals);
    xmlNode **rows;
    size_t n = S_body_rows(table, &rows);
    for (size_t i = 0; i < n; i++) {
        if (S_row_role(rows[i], "subhead"))
            continue;
        int is_total = S_row_role(rows[i], "total");
        int columns = S_row_columns(rows[i]);
        for (xmlNode *c = rows[i]->children; c; c = c->next) {
            if (!S_is(c, "cell"))
                continue;
            char *calc = S_prop(c, "calc");
            int col = S_column_of(c);
            char implied_calc[48] = "";
            if (!calc && implied && col > 1) {
                if (is_total)
                    snprintf(implied_calc, sizeof implied_calc, "column");
                else if (col == columns && col > 2)
                    snprintf(implied_calc, sizeof implied_calc, "sum(c2:c%d)", col - 1);
            }
            if (calc || implied_calc[0])
                S_check_cell(d, table, rows[i], c, calc ? calc : implied_calc);
            xmlFree(calc);
        }
    }
    free(rows);
}

/* ---- tables filled from CSV ----------------------------------------- */

/* Text of the document's dictionary, as libxml2's parser keeps short
 * text: the figures of a large table repeat, and each is held once. The
 * tree frees such a node's text only when the dictionary does not own it. */
static xmlNode *S_dict_text(xmlDoc *doc, const char *text)
{
    xmlNode *t = xmlNewDocText(doc, NULL);
    const xmlChar *interned =
        doc->dict ? xmlDictLookup(doc->dict, (const xmlChar *)text, -1) : NULL;
    if (interned)
        t->content = (xmlChar *)interned;
    else
        xmlNodeSetContent(t, (const xmlChar *)text);
    return t;
}

/* Sets attribute `name` of `n` to `value` (an attribute's value is a text
 * node of its own, interned as above). */
static void S_set_prop(xmlNode *n, const char *name, const char *value)
{
    if (xmlHasProp(n, (const xmlChar *)name)) { /* written in the content: replaced in place */
        xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
        return;
    }
    xmlAttr *a = xmlNewProp(n, (const xmlChar *)name, NULL);
    xmlNode *t = S_dict_text(n->doc, value);
    t->parent = (xmlNode *)a;
    a->children = a->last = t;
}

static int S_fill_from_csv(struct data *d, xmlNode *table, const char *href)
{
    const char *why = NULL;
    if (asset_href_check(href, &why) != 0) {
        S_report(d, table, DIAG_ERROR, "data=\"%s\": %s", href, why);
        return -1;
    }
    const char *slash = strrchr(d->pub->path, '/');
    char *dir = slash ? xstrndup(d->pub->path, (size_t)(slash - d->pub->path)) : xstrdup(".");
    char *path = path_join(dir, href);
    struct csv_table csv;
    int rc = csv_read(&csv, path, dir, d->diags);
    xmlNode **rows;
    size_t n = S_body_rows(table, &rows);
    int *used = xcalloc(n ? n : 1, sizeof *used);
    /* the file's columns after the key are the head's after the label */
    xmlNode *head = S_child(table, "head");
    xmlNode *head_row = NULL;
    for (xmlNode *r = head ? head->children : NULL; r; r = r->next)
        if (S_is(r, "row"))
            head_row = r;
    /* each row's key read once: a CSV row finds its table row by it */
    xmlHashTable *by_key = xmlHashCreate((int)(n < 1 << 20 ? n : 1 << 20));
    for (size_t j = 0; j < n; j++) {
        xmlChar *key = xmlGetProp(rows[j], (const xmlChar *)"key");
        if (key && !xmlHashLookup(by_key, key))
            xmlHashAddEntry(by_key, key, &rows[j]); /* the first row of a key takes it */
        xmlFree(key);
    }
    /* a file without its header row would lose its first row of figures */
    if (rc == 0 && csv.header.count > 0 &&
        xmlHashLookup(by_key, (const xmlChar *)csv_cell(&csv, &csv.header, 0))) {
        char *place = xasprintf("%s:%ld", path, csv.header.line);
        diag_add_at(d->diags, DIAG_ERROR, place,
                    "the first line is the figures of row '%s', not a header row: add a "
                    "first line that names the columns (one name for the row keys, then "
                    "one per column of figures)",
                    csv_cell(&csv, &csv.header, 0));
        free(place);
        rc = -1;
    }
    if (rc == 0 && head_row && csv.header.count != (size_t)S_row_columns(head_row)) {
        char *place = xasprintf("%s:%ld", path, csv.header.line);
        diag_add_at(d->diags, DIAG_ERROR, place,
                    "%zu columns, but the table at line %ld has %d (a row key, then its figures)",
                    csv.header.count, xmlGetLineNo(table), S_row_columns(head_row));
        free(place);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < csv.row_count; i++) {
        const struct csv_row *r = &csv.rows[i];
        char *place = xasprintf("%s:%ld", path, r->line);
        const char *key = csv_cell(&csv, r, 0);
        xmlNode **found = xmlHashLookup(by_key, (const xmlChar *)key);
        size_t match = found ? (size_t)(found - rows) : n;
        if (match == n) {
            diag_add_at(d->diags, DIAG_ERROR, place,
                        "row '%s' is not a row of the table at line %ld", key, xmlGetLineNo(table));
            rc = -1;
        } else if (used[match]) {
            diag_add_at(d->diags, DIAG_ERROR, place, "row '%s' appears twice", key);
            rc = -1;
        } else {
            used[match] = 1;
            xmlNode *row = rows[match];
            xmlSetProp(row, (const xmlChar *)"src", (const xmlChar *)place);
            for (size_t c = 1; c < r->count; c++) {
                xmlNode *cell = xmlNewChild(row, NULL, (const xmlChar *)"cell", NULL);
                xmlAddChild(cell, S_dict_text(row->doc, csv_cell(&csv, r, c)));
            }
        }
        free(place);
    }
    for (size_t j = 0; rc == 0 && j < n; j++) {
        if (used[j])
            continue;
        char *key = S_prop(rows[j], "key");
        S_report(d, rows[j], DIAG_ERROR,
                 key ? "row '%s' has no figures in %s"
                     : "a row without a key%s cannot take figures from %s",
                 key ? key : "", href);
        xmlFree(key);
        rc = -1;
    }
    xmlHashFree(by_key, NULL);
    free(used);
    free(rows);
    csv_free(&csv);
    free(path);
    free(dir);
    return rc;
}

/* ---- values in running text ----------------------------------------- */

static void S_set_double(xmlNode *n, const char *name, double v, int decimals)
{
    double r = derive_round(v, decimals);
    if (r == 0)
        r = 0.0;   /* never "-0" */
    char text[64]; /* a table's every figure: printed once, not measured first */
    int len = decimals == 0 && fabs(r) < 1e15 ? snprintf(text, sizeof text, "%lld", (long long)r)
                                              : snprintf(text, sizeof text, "%.*f", decimals, r);
    if (len >= 0 && (size_t)len < sizeof text) {
        S_set_prop(n, name, text);
        return;
    }
    char *long_text = xasprintf("%.*f", decimals, r);
    S_set_prop(n, name, long_text);
    free(long_text);
}

static void S_check_value(struct data *d, xmlNode *value, int report)
{
    char *of = S_prop(value, "of"), *stated_text = S_prop(value, "stated");
    char *as = S_prop(value, "as"), *dec = S_prop(value, "decimals");
    char error[256];
    struct scope s = {d, NULL, NULL, 0, NULL, error, sizeof error, 0, 0};
    double computed = 0;
    struct printed stated;
    int percent = as && strcmp(as, "percent") == 0;
    int decimals = dec ? atoi(dec) : 0;
    char excerpt[208];
    const char *shown_of = S_excerpt(of ? of : "", excerpt, sizeof excerpt);
    int parsed = stated_text ? data_parse_figure(stated_text, &stated, &percent) : 0;
    if (S_evaluate(&s, of ? of : "", &computed) != 0) {
        if (report)
            S_report(d, value, DIAG_ERROR, "value of=\"%s\": %s", shown_of, error);
    } else if (parsed == -2) {
        if (report)
            S_report(d, value, DIAG_ERROR,
                     "value stated=\"%s\" has more than %d digits, more than folio prints exactly",
                     stated_text, DERIVE_MAX_DIGITS);
    } else if (parsed != 0) {
        if (report)
            S_report(d, value, DIAG_ERROR, "value stated=\"%s\" is not a figure", stated_text);
    } else if (!stated_text && !derive_printable(percent ? computed * 100 : computed, decimals)) {
        if (report)
            S_report(d, value, DIAG_ERROR,
                     "value of=\"%s\" is %.17g: with %d decimals, more than the %d digits folio "
                     "prints exactly",
                     shown_of, percent ? computed * 100 : computed, decimals, DERIVE_MAX_DIGITS);
    } else if (stated_text) {
        char *shown;
        if (!S_agrees(stated, percent, computed, &shown) && report)
            S_report(d, value, S_mismatch(d), "value printed %s, computed %s (%s)", stated_text,
                     shown, shown_of);
        free(shown);
        S_set_double(value, "n", stated.value, stated.decimals);
        decimals = stated.decimals;
    } else {
        double shown = percent ? computed * 100 : computed;
        /* a share shown without as="percent" reads "0" or "1": never print that */
        if (report && !percent && !dec && computed != 0 && fabs(computed) < 1) {
            double r = derive_round(computed, 0);
            S_report(d, value, DIAG_ERROR,
                     "this value would print as %.0f (it is %.3g): for a share write "
                     "as=\"percent\" (it prints %.3g%%), or give it decimals",
                     r == 0 ? 0.0 : r, computed, computed * 100);
        } else if (report && computed != 0 && derive_round(shown, decimals) == 0) {
            S_report(d, value, DIAG_ERROR,
                     "this value would print as 0%s (it is %.3g%s): give it more decimals "
                     "(decimals=\"%d\" or more)",
                     percent ? "%" : "", shown, percent ? "%" : "", decimals + 1);
        }
        S_set_double(value, "n", shown, decimals);
    }
    char buf[16];
    snprintf(buf, sizeof buf, "%d", decimals);
    xmlSetProp(value, (const xmlChar *)"decimals", (const xmlChar *)buf);
    if (percent)
        xmlSetProp(value, (const xmlChar *)"percent", (const xmlChar *)"yes");
    xmlFree(of);
    xmlFree(stated_text);
    xmlFree(as);
    xmlFree(dec);
}

/* The values under `n` as sorted "of=stated" lines, for comparing a
 * translation with its source. */
static void S_value_keys(const xmlNode *n, char ***keys, size_t *count)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (S_is(c, "value")) {
            char *of = S_prop(c, "of"), *st = S_prop(c, "stated");
            *keys = xrealloc(*keys, (*count + 1) * sizeof **keys);
            (*keys)[(*count)++] = xasprintf("%s = %s", of ? of : "", st ? st : "");
            xmlFree(of);
            xmlFree(st);
        } else {
            S_value_keys(c, keys, count);
        }
    }
}

static int S_compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The values under `n`, sorted: a translation may place them in another
 * order. Returns their count. */
static size_t S_sorted_value_keys(const xmlNode *n, char ***keys)
{
    size_t count = 0;
    *keys = NULL;
    S_value_keys(n, keys, &count);
    if (count > 1)
        qsort(*keys, count, sizeof **keys, S_compare_strings);
    return count;
}

static void S_free_keys(char **keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
}

/* A translation shows the same values as its source, its notes' included. */
static void S_compare_unit_values(struct data *d, xmlNode *unit)
{
    xmlNode *source = check_language_child(unit, d->pub->source_lang);
    if (!source)
        return;
    char **want;
    size_t nwant = S_sorted_value_keys(source, &want);
    for (xmlNode *t = unit->children; t; t = t->next) {
        if (t == source || !check_is_language(d->pub, t) || !t->children)
            continue;
        char **got;
        size_t ngot = S_sorted_value_keys(t, &got);
        size_t i = 0;
        while (i < nwant && i < ngot && strcmp(want[i], got[i]) == 0)
            i++;
        if (i < nwant || i < ngot)
            S_report(d, t, DIAG_ERROR,
                     "the %s text shows other values than the %s text: %s has %s, %s has %s",
                     (const char *)t->name, d->pub->source_lang, d->pub->source_lang,
                     i < nwant ? want[i] : "nothing more", (const char *)t->name,
                     i < ngot ? got[i] : "nothing more");
        S_free_keys(got, ngot);
    }
    S_free_keys(want, nwant);
}

/* Is `n` inside a translation (a language element that is not the
 * source's)? Its values are then checked through its source. */
static int S_in_translation(const struct data *d, const xmlNode *n)
{
    for (; n; n = n->parent)
        if (check_is_language(d->pub, n))
            return strcmp((const char *)n->name, d->pub->source_lang) != 0;
    return 0;
}

/* A cell showing a figure gets its number as n ("4,108" 4108, "63.3%"
 * 63.3, a dash 0), for the template: it aligns figures and charts them. */
static void S_mark_figure(const struct data *d, xmlNode *cell)
{
    char *text = S_cell_text(d, cell);
    struct printed p;
    int percent;
    if (*text && S_is_blank(text))
        S_set_prop(cell, "n", "0");
    else if (data_parse_figure(text, &p, &percent) == 0)
        S_set_double(cell, "n", p.value, p.decimals);
    free(text);
}

/* Whether any text under `n` is more than white space. */
static int S_has_text(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && !xmlIsBlankNode(c))
            return 1;
        if (c->type == XML_ELEMENT_NODE && S_has_text(c))
            return 1;
    }
    return 0;
}

/* Whether a row is a subhead row (a row of headings inside the body). */
static int S_is_subhead(const xmlNode *row)
{
    xmlChar *role = xmlGetProp(row, (const xmlChar *)"role");
    int subhead = role && xmlStrEqual(role, (const xmlChar *)"subhead");
    xmlFree(role);
    return subhead;
}

/* The cells of the rows of `part` (head or body) but its subhead rows,
 * with their place in the row: fn(cell, place, ctx). */
static void S_each_cell(xmlNode *part, void (*fn)(xmlNode *, size_t, void *), void *ctx)
{
    for (xmlNode *row = S_child(part, "row"); row; row = row->next) {
        if (!S_is(row, "row") || S_is_subhead(row))
            continue;
        size_t k = 0;
        for (xmlNode *cell = row->children; cell; cell = cell->next)
            if (S_is(cell, "cell"))
                fn(cell, k++, ctx);
    }
}

/* Per column: the body's figures less its other filled cells. */
struct S_columns {
    long *balance;
    size_t count;
    int head; /* marking the head's cells */
};

static void S_count_cell(xmlNode *cell, size_t k, void *ctx)
{
    struct S_columns *c = ctx;
    if (k == c->count) {
        c->balance = xrealloc(c->balance, ++c->count * sizeof *c->balance);
        c->balance[k] = 0;
    }
    if (xmlHasProp(cell, (const xmlChar *)"n"))
        c->balance[k]++;
    else if (S_has_text(cell))
        c->balance[k]--;
}

static void S_align_cell(xmlNode *cell, size_t k, void *ctx)
{
    const struct S_columns *c = ctx;
    int figures = k < c->count && c->balance[k] > 0;
    int figure = !c->head && xmlHasProp(cell, (const xmlChar *)"n");
    if (xmlHasProp(cell, (const xmlChar *)"span") || figures == figure)
        return;
    if (figures && (c->head || S_has_text(cell)))
        S_set_prop(cell, "align", "num");
    else if (!figures && figure)
        S_set_prop(cell, "align", "text");
}

/* A column whose body cells (subhead rows' aside) are mostly figures is
 * set right as a whole, so it lines up: its heading and a text cell in it
 * ("1 (consultants only)") get align="num"; a figure in a column of text
 * (a count in a total row) align="text". For the template, with n: a cell
 * is set right when it has n and no align, or align="num". Cells are
 * counted by their place in the row, as the template counts them; a
 * spanning cell is left as it is. */
static void S_align_columns(xmlNode *table)
{
    struct S_columns c = {NULL, 0, 0};
    xmlNode *body = S_child(table, "body");
    S_each_cell(body, S_count_cell, &c);
    c.head = 1;
    S_each_cell(S_child(table, "head"), S_align_cell, &c);
    c.head = 0;
    S_each_cell(body, S_align_cell, &c);
    free(c.balance);
}

/* A <fill/> left in a new issue (folio new): an error naming what it
 * stands for, the elements from the nearest one with an id down to it
 * ("section 'stories' › story › place"). Reported in the source only. */
static void S_report_fill(struct data *d, xmlNode *fill)
{
    char *what = xstrdup("");
    for (xmlNode *n = fill->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        if (check_is_language(d->pub, n) || S_is(n, "p"))
            continue;
        char *id = S_prop(n, "id");
        char *w = xasprintf("%s%s%s%s%s%s", (const char *)n->name, id ? " '" : "", id ? id : "",
                            id ? "'" : "", *what ? " \xe2\x80\xba " : "", what);
        free(what);
        what = w;
        xmlFree(id);
        if (id)
            break;
    }
    S_report(d, fill, DIAG_ERROR, "left to fill: %s", what);
    free(what);
}

static void S_walk(struct data *d, xmlNode *node)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (S_is(n, "table"))
            S_check_table(d, n);
        else if (S_is(n, "cell"))
            S_mark_figure(d, n);
        else if (S_is(n, "value"))
            S_check_value(d, n, !S_in_translation(d, n));
        else if (S_is(n, "fill") && !S_in_translation(d, n))
            S_report_fill(d, n);
        if (check_is_unit(d->pub, n))
            S_compare_unit_values(d, n);
        S_walk(d, n->children);
        if (S_is(n, "table")) /* its cells marked */
            S_align_columns(n);
    }
}

static int S_fill_tables(struct data *d, xmlNode *node)
{
    int rc = 0;
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        char *href = S_is(n, "table") ? S_prop(n, "data") : NULL;
        if (href)
            rc |= S_fill_from_csv(d, n, href);
        xmlFree(href);
        rc |= S_fill_tables(d, n->children);
    }
    return rc;
}

/* The CSV places rows were given for the messages above: no part of a
 * build reads them after, and a row of a large table holds no more. */
static void S_drop_places(xmlNode *node)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (S_is(n, "table") && xmlHasProp(n, (const xmlChar *)"data")) {
            xmlNode *body = S_child(n, "body");
            for (xmlNode *r = body ? body->children : NULL; r; r = r->next)
                if (S_is(r, "row"))
                    xmlUnsetProp(r, (const xmlChar *)"src");
        } else {
            S_drop_places(n->children);
        }
    }
}

int data_check(struct publication *pub, int strict, struct diag_list *diags)
{
    size_t errors = diags->errors;
    struct data d = {pub, NULL, diags, strict};
    xmlNode *root = xmlDocGetRootElement(pub->doc);
    if (S_fill_tables(&d, root) == 0) {
        d.ids = check_ids(root, NULL); /* duplicates were reported by check */
        S_walk(&d, root);
        xmlHashFree(d.ids, NULL);
    }
    S_drop_places(root);
    return diags->errors > errors ? -1 : 0;
}
