#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "bounds.h"
#include "util.h"

struct reader {
    const char *s, *end;
    long line;
    char separator;
    const char *name;
    struct diag_list *diags;
};

/* Room for one more item in an array of `count` that grows by doubling:
 * a row of a million cells costs 20 reallocations, not a million. */
static void *S_grow(void *items, size_t count, size_t size)
{
    if (count < 8)
        return count == 0 ? xrealloc(items, 8 * size) : items;
    return (count & (count - 1)) == 0 ? xrealloc(items, 2 * count * size) : items;
}

static void S_row_add(struct csv_row *row, struct buf *cell)
{
    row->cells = S_grow(row->cells, row->count, sizeof *row->cells);
    /* cells keep their size, not their buffer's: a long table stays small */
    row->cells[row->count++] = cell->data ? xrealloc(cell->data, cell->len + 1) : xstrdup("");
    memset(cell, 0, sizeof *cell);
}

static void S_row_free(struct csv_row *row)
{
    for (size_t i = 0; i < row->count; i++)
        free(row->cells[i]);
    free(row->cells);
    memset(row, 0, sizeof *row);
}

/* Reads one row; returns 1, 0 at the end of the text, -1 on an error
 * (the row is then empty). */
static int S_read_row(struct reader *r, struct csv_row *row)
{
    memset(row, 0, sizeof *row);
    if (r->s >= r->end)
        return 0;
    row->line = r->line;
    struct buf cell = {0};
    for (;;) {
        if (r->s < r->end && *r->s == '"') { /* a quoted field */
            long opened = r->line;
            r->s++;
            for (;;) {
                if (r->s >= r->end) {
                    diag_add(r->diags, DIAG_ERROR, r->name, opened,
                             "a quoted field is never closed");
                    buf_free(&cell);
                    S_row_free(row);
                    return -1;
                }
                if (*r->s == '"' && r->s + 1 < r->end && r->s[1] == '"') {
                    buf_put(&cell, "\"", 1);
                    r->s += 2;
                } else if (*r->s == '"') {
                    r->s++;
                    break;
                } else {
                    if (*r->s == '\n')
                        r->line++;
                    buf_put(&cell, r->s++, 1);
                }
            }
            if (r->s < r->end && *r->s != r->separator && *r->s != '\n' && *r->s != '\r') {
                diag_add(r->diags, DIAG_ERROR, r->name, r->line,
                         "text after a quoted field (a quote inside a field must be doubled)");
                buf_free(&cell);
                S_row_free(row);
                return -1;
            }
        } else { /* a plain field */
            while (r->s < r->end && *r->s != r->separator && *r->s != '\n' && *r->s != '\r') {
                if (*r->s == '"') {
                    diag_add(r->diags, DIAG_ERROR, r->name, r->line,
                             "a quote inside an unquoted field (quote the whole field)");
                    buf_free(&cell);
                    S_row_free(row);
                    return -1;
                }
                buf_put(&cell, r->s++, 1);
            }
        }
        S_row_add(row, &cell);
        if (row->count > BOUND_COLUMNS) {
            diag_add(r->diags, DIAG_ERROR, r->name, row->line,
                     "a row of more than %d cells: a table has at most %d columns", BOUND_COLUMNS,
                     BOUND_COLUMNS);
            S_row_free(row);
            return -1;
        }
        if (r->s < r->end && *r->s == r->separator) {
            r->s++;
            continue;
        }
        row->cells = xrealloc(row->cells, row->count * sizeof *row->cells);
        if (r->s < r->end && *r->s == '\r')
            r->s++;
        if (r->s < r->end && *r->s == '\n')
            r->s++;
        r->line++;
        return 1;
    }
}

/* The separator the header line uses: the more frequent of ',' and ';'
 * outside quotes. */
static char S_separator(const char *s, const char *end)
{
    size_t commas = 0, semicolons = 0;
    int quoted = 0;
    for (; s < end && (quoted || (*s != '\n' && *s != '\r')); s++) {
        if (*s == '"')
            quoted = !quoted;
        else if (!quoted && *s == ',')
            commas++;
        else if (!quoted && *s == ';')
            semicolons++;
    }
    return semicolons > commas ? ';' : ',';
}

/* The line of the first byte that is not valid UTF-8 or is a NUL (which
 * would end a cell's text unseen), or 0. */
static long S_bad_utf8(const char *text, size_t len, int *nul)
{
    long line = 1;
    const unsigned char *s = (const unsigned char *)text, *end = s + len;
    while (s < end) {
        unsigned c = *s;
        if (c == 0) {
            *nul = 1;
            return line;
        }
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || s + n > end || (n == 2 && c < 0xC2))
            return line;
        for (size_t k = 1; k < n; k++)
            if ((s[k] & 0xC0) != 0x80)
                return line;
        line += c == '\n';
        s += n;
    }
    return 0;
}

/* A row every non-empty cell of which is an HXL hashtag ("#adm1"). */
static int S_is_hxl(const struct csv_row *row)
{
    int tags = 0;
    for (size_t i = 0; i < row->count; i++) {
        const char *c = row->cells[i];
        while (*c == ' ')
            c++;
        if (!*c)
            continue;
        if (*c != '#')
            return 0;
        tags++;
    }
    return tags > 0;
}

int csv_parse(struct csv_table *table, const char *text, size_t len, const char *name,
              struct diag_list *diags)
{
    memset(table, 0, sizeof *table);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    int nul = 0;
    long bad = S_bad_utf8(text, len, &nul);
    if (bad) {
        diag_add(diags, DIAG_ERROR, name, bad,
                 nul ? "a NUL byte: not a text file (save it as CSV, UTF-8)"
                     : "not UTF-8 text (save the file as UTF-8)");
        return -1;
    }
    struct reader r = {text, text + len, 1, S_separator(text, text + len), name, diags};
    table->separator = r.separator;
    int rc = S_read_row(&r, &table->header);
    if (rc <= 0) {
        if (rc == 0)
            diag_add(diags, DIAG_ERROR, name, 1, "the file is empty: a header row is needed");
        csv_free(table);
        return -1;
    }
    struct csv_row row;
    int errors = 0;
    while ((rc = S_read_row(&r, &row)) == 1) {
        if (row.count == 1 && !row.cells[0][0]) { /* a blank line */
            S_row_free(&row);
            continue;
        }
        if (table->row_count == 0 && table->hxl.count == 0 && S_is_hxl(&row)) {
            table->hxl = row;
            continue;
        }
        if (row.count != table->header.count) {
            diag_add(diags, DIAG_ERROR, name, row.line, "this row has %zu cells, the header %zu",
                     row.count, table->header.count);
            errors++;
        }
        if (table->row_count == BOUND_TABLE_ROWS) {
            diag_add(diags, DIAG_ERROR, name, row.line, "more than %d rows: a table has at most %d",
                     BOUND_TABLE_ROWS, BOUND_TABLE_ROWS);
            S_row_free(&row);
            rc = -1;
            break;
        }
        table->rows = S_grow(table->rows, table->row_count, sizeof *table->rows);
        table->rows[table->row_count++] = row;
    }
    if (rc < 0 || errors) {
        csv_free(table);
        return -1;
    }
    return 0;
}

int csv_read(struct csv_table *table, const char *path, const char *root, struct diag_list *diags)
{
    memset(table, 0, sizeof *table);
    size_t len;
    const struct file_rule rule = {"a CSV file", FILE_MAX_CSV, root};
    char why[512];
    char *text = file_read_checked(path, &rule, &len, why, sizeof why);
    if (!text) {
        diag_add(diags, DIAG_ERROR, path, 0, "cannot read: %s", why);
        return -1;
    }
    int rc = csv_parse(table, text, len, path, diags);
    free(text);
    return rc;
}

void csv_free(struct csv_table *table)
{
    S_row_free(&table->header);
    S_row_free(&table->hxl);
    for (size_t i = 0; i < table->row_count; i++)
        S_row_free(&table->rows[i]);
    free(table->rows);
    memset(table, 0, sizeof *table);
}
