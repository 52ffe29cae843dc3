#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "util.h"

struct reader {
    const char *s, *end;
    long line;
    char separator;
    const char *name;
    struct diag_list *diags;
};

static void S_row_add(struct csv_row *row, struct buf *cell)
{
    if ((row->count & (row->count - 1)) == 0) /* 0, 1, 2, 4 ...: doubled when full */
        row->cells = xrealloc(row->cells, (row->count ? 2 * row->count : 1) * sizeof *row->cells);
    /* a buffer starts at 256 bytes; a figure needs a few */
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
        if (r->s < r->end && *r->s == r->separator) {
            r->s++;
            continue;
        }
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

/* The line of the first byte that is not valid UTF-8, or 0. */
static long S_bad_utf8(const char *text, size_t len)
{
    long line = 1;
    const unsigned char *s = (const unsigned char *)text, *end = s + len;
    while (s < end) {
        unsigned c = *s;
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
    long bad = S_bad_utf8(text, len);
    if (bad) {
        diag_add(diags, DIAG_ERROR, name, bad, "not UTF-8 text (save the file as UTF-8)");
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
        if ((table->row_count & (table->row_count - 1)) == 0)
            table->rows = xrealloc(table->rows, (table->row_count ? 2 * table->row_count : 1) *
                                                    sizeof *table->rows);
        table->rows[table->row_count++] = row;
    }
    if (rc < 0 || errors) {
        csv_free(table);
        return -1;
    }
    return 0;
}

int csv_read(struct csv_table *table, const char *path, struct diag_list *diags)
{
    memset(table, 0, sizeof *table);
    size_t len;
    char *text = file_read(path, &len);
    if (!text) {
        diag_add(diags, DIAG_ERROR, path, 0, "cannot read: %s", strerror(errno));
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
