/* CSV data files (RFC 4180) that content can reference: comma or
 * semicolon separated (whichever the header line uses), UTF-8 with or
 * without a byte order mark, quoted fields with doubled quotes and line
 * breaks inside them, an optional HXL hashtag row under the header. */
#ifndef FOLIO_CSV_H
#define FOLIO_CSV_H

#include <stddef.h>

#include "diag.h"

struct csv_row {
    char **cells; /* UTF-8, NUL-terminated */
    size_t count;
    long line; /* where the row starts in the file */
};

struct csv_table {
    struct csv_row header;
    struct csv_row hxl; /* the hashtag row; count 0 when there is none */
    struct csv_row *rows;
    size_t row_count;
    char separator; /* ',' or ';' */
};

/* Parses CSV text; `name` names it in diagnostics ("data/x.csv").
 * Returns 0, or -1 with "name:line:" errors appended (malformed quoting,
 * invalid UTF-8, a row whose number of cells differs from the header's);
 * the table is then empty. */
int csv_parse(struct csv_table *table, const char *text, size_t len, const char *name,
              struct diag_list *diags);

/* Reads and parses a file, which must be a regular file of at most
 * FILE_MAX_CSV bytes inside the folder `root` (symbolic links resolved;
 * NULL: anywhere). */
int csv_read(struct csv_table *table, const char *path, const char *root, struct diag_list *diags);

void csv_free(struct csv_table *table);

#endif
