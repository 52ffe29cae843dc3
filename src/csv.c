#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "bounds.h"
#include "util.h"

struct reader {
    const char *s, *end;
    char *w; /* where the cell being read is written: never past s */
    long line;
    char separator;
    const char *name;
    struct diag_list *diags;
    struct csv_table *table;
};

/* Room for one more item in an array of `count` that grows by doubling:
 * a table of 200,000 rows costs 17 reallocations, not 200,000. */
static void *S_grow(void *items, size_t count, size_t size)
{
    if (count < 8)
        return count == 0 ? xrealloc(items, 8 * size) : items;
    return (count & (count - 1)) == 0 ? xrealloc(items, 2 * count * size) : items;
}

/* Ends the cell written from `start` and adds it to the row. */
static void S_cell_end(struct reader *r, struct csv_row *row, const char *start)
{
    struct csv_table *t = r->table;
    if (t->cell_count == t->cell_cap) { /* only if the count of csv_parse was short */
        t->cell_cap = t->cell_cap ? 2 * t->cell_cap : 64;
        t->cells = xrealloc(t->cells, t->cell_cap * sizeof *t->cells);
    }
    *r->w++ = '\0';
    t->cells[t->cell_count++] = (uint32_t)(start - t->text);
    row->count++;
}

static int S_fail(struct reader *r, struct csv_row *row, long line, const char *message)
{
    diag_add(r->diags, DIAG_ERROR, r->name, line, "%s", message);
    r->table->cell_count = row->first;
    row->count = 0;
    return -1;
}

static int S_cell_too_long(struct reader *r, struct csv_row *row, long line)
{
    diag_add(r->diags, DIAG_ERROR, r->name, line,
             "a cell of more than %d bytes: a CSV cell has at most %d KB", BOUND_CSV_CELL,
             BOUND_CSV_CELL / 1024);
    r->table->cell_count = row->first;
    row->count = 0;
    return -1;
}

/* Reads one row into the table's cells; returns 1, 0 at the end of the
 * text, -1 on an error (the row is then empty). */
static int S_read_row(struct reader *r, struct csv_row *row)
{
    row->first = r->table->cell_count;
    row->count = 0;
    row->line = r->line;
    if (r->s >= r->end)
        return 0;
    for (;;) {
        char *start = r->w;
        if (r->s < r->end && *r->s == '"') { /* a quoted field */
            long opened = r->line;
            r->s++;
            for (;;) {
                if (r->s >= r->end)
                    return S_fail(r, row, opened, "a quoted field is never closed");
                int closing = *r->s == '"' && !(r->s + 1 < r->end && r->s[1] == '"');
                if (!closing && r->w - start >= BOUND_CSV_CELL)
                    return S_cell_too_long(r, row, opened);
                if (*r->s == '"' && !closing) {
                    *r->w++ = '"';
                    r->s += 2;
                } else if (closing) {
                    r->s++;
                    break;
                } else {
                    if (*r->s == '\n')
                        r->line++;
                    *r->w++ = *r->s++;
                }
            }
            if (r->s < r->end && *r->s != r->separator && *r->s != '\n' && *r->s != '\r')
                return S_fail(r, row, r->line,
                              "text after a quoted field (a quote inside a field must be doubled)");
        } else { /* a plain field */
            while (r->s < r->end && *r->s != r->separator && *r->s != '\n' && *r->s != '\r') {
                if (*r->s == '"')
                    return S_fail(r, row, r->line,
                                  "a quote inside an unquoted field (quote the whole field)");
                if (r->w - start >= BOUND_CSV_CELL)
                    return S_cell_too_long(r, row, r->line);
                *r->w++ = *r->s++;
            }
        }
        /* the cell's end is written over what follows it: read that first */
        char next = r->s < r->end ? *r->s : '\0';
        S_cell_end(r, row, start);
        if (row->count > BOUND_COLUMNS) {
            diag_add(r->diags, DIAG_ERROR, r->name, row->line,
                     "a row of more than %d cells: a table has at most %d columns", BOUND_COLUMNS,
                     BOUND_COLUMNS);
            r->table->cell_count = row->first;
            row->count = 0;
            return -1;
        }
        if (next == r->separator && r->s < r->end) {
            r->s++;
            continue;
        }
        if (next == '\r')
            r->s++;
        if (next == '\n' || (next == '\r' && r->s < r->end && *r->s == '\n'))
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
static int S_is_hxl(const struct csv_table *table, const struct csv_row *row)
{
    int tags = 0;
    for (size_t i = 0; i < row->count; i++) {
        const char *c = csv_cell(table, row, i);
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

/* The most cells the text can hold (one more than its separators and
 * line-end bytes), at most what a table within the bounds holds: the cells
 * are then allocated once. */
static size_t S_cell_bound(const char *s, const char *end, char separator)
{
    const size_t most = (size_t)(BOUND_TABLE_ROWS + 3) * (BOUND_COLUMNS + 1);
    size_t n = 1;
    for (; s < end && n < most; s++)
        n += *s == separator || *s == '\n' || *s == '\r';
    return n;
}

/* Parses `text` (len + 1 bytes, which the table then owns). */
static int S_parse(struct csv_table *table, char *text, size_t len, const char *name,
                   struct diag_list *diags)
{
    memset(table, 0, sizeof *table);
    table->text = text;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    int nul = 0;
    long bad = len > UINT32_MAX ? 1 : S_bad_utf8(text, len, &nul);
    if (bad) {
        diag_add(diags, DIAG_ERROR, name, bad,
                 nul ? "a NUL byte: not a text file (save it as CSV, UTF-8)"
                     : "not UTF-8 text (save the file as UTF-8)");
        csv_free(table);
        return -1;
    }
    struct reader r = {text, text + len, text, 1, S_separator(text, text + len),
                       name, diags,      table};
    table->separator = r.separator;
    table->cell_cap = S_cell_bound(text, text + len, r.separator);
    table->cells = xmalloc(table->cell_cap * sizeof *table->cells);
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
        if (row.count == 1 && !*csv_cell(table, &row, 0)) { /* a blank line */
            table->cell_count = row.first;
            continue;
        }
        if (table->row_count == 0 && table->hxl.count == 0 && S_is_hxl(table, &row)) {
            table->hxl = row;
            continue;
        }
        if (row.count != table->header.count) {
            diag_add(diags, DIAG_ERROR, name, row.line, "this row has %zu cells, the header %zu",
                     row.count, table->header.count);
            errors++;
        }
        if (table->row_count == BOUND_TABLE_ROWS) { /* the rest is not read */
            diag_add(diags, DIAG_ERROR, name, row.line, "more than %d rows: a table has at most %d",
                     BOUND_TABLE_ROWS, BOUND_TABLE_ROWS);
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

int csv_parse(struct csv_table *table, const char *text, size_t len, const char *name,
              struct diag_list *diags)
{
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    return S_parse(table, copy, len, name, diags);
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
    return S_parse(table, text, len, path, diags); /* NUL-terminated: len + 1 bytes */
}

const char *csv_cell(const struct csv_table *table, const struct csv_row *row, size_t i)
{
    return table->text + table->cells[row->first + i];
}

void csv_free(struct csv_table *table)
{
    free(table->text);
    free(table->cells);
    free(table->rows);
    memset(table, 0, sizeof *table);
}
