/* CSV data files (RFC 4180) that content can reference: comma or
 * semicolon separated (whichever the header line uses), UTF-8 with or
 * without a byte order mark, quoted fields with doubled quotes and line
 * breaks inside them, an optional HXL hashtag row under the header. */
#ifndef FOLIO_CSV_H
#define FOLIO_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* A row's cells are `count` entries of its table's `cells` from `first`
 * (read them with csv_cell). */
struct csv_row {
    size_t first, count;
    long line; /* where the row starts in the file */
};

/* The cells' texts are cut out of the file's own bytes, unquoted in place
 * and NUL-terminated, and found by their offset in it: a table costs its
 * file's size plus 4 bytes a cell, not an allocation a cell. */
struct csv_table {
    char *text;
    uint32_t *cells;
    size_t cell_count, cell_cap;
    struct csv_row header;
    struct csv_row hxl; /* the hashtag row; count 0 when there is none */
    struct csv_row *rows;
    size_t row_count;
    char separator; /* ',' or ';' */
};

/* Parses CSV text; `name` names it in diagnostics ("data/x.csv").
 * Returns 0, or -1 with "name:line:" errors appended (malformed quoting,
 * invalid UTF-8, a row whose number of cells differs from the header's,
 * more than BOUND_TABLE_ROWS rows, BOUND_COLUMNS cells in a row or
 * BOUND_CSV_CELL bytes in a cell: reading stops at the first);
 * the table is then empty. */
int csv_parse(struct csv_table *table, const char *text, size_t len, const char *name,
              struct diag_list *diags);

/* Reads and parses a file, which must be a regular file of at most
 * FILE_MAX_CSV bytes inside the folder `root` (symbolic links resolved;
 * NULL: anywhere). */
int csv_read(struct csv_table *table, const char *path, const char *root, struct diag_list *diags);

/* Cell `i` of `row` of `table`: UTF-8, NUL-terminated, at most
 * BOUND_CSV_CELL bytes. */
const char *csv_cell(const struct csv_table *table, const struct csv_row *row, size_t i);

void csv_free(struct csv_table *table);

#endif
