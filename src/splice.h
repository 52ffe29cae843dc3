/* splice: edits of a content file in place. The file's own bytes are
 * scanned for the byte range of every element (libxml2 gives lines, not
 * offsets), so an edit replaces exactly the bytes it means to and every
 * other byte (comments, indentation, attribute quoting) stays as it was. */
#ifndef FOLIO_SPLICE_H
#define FOLIO_SPLICE_H

#include <stddef.h>

/* One element of the file, in document order (the order of libxml2's
 * element nodes): offsets into the text. */
struct splice_element {
    size_t start;    /* the '<' of the start tag */
    size_t name_end; /* just past the element's name */
    size_t open_end; /* just past the start tag's '>' */
    size_t close;    /* the '<' of the end tag (open_end when empty) */
    size_t end;      /* just past the end tag */
    int empty;       /* written <name/> */
};

struct splice_map {
    struct splice_element *items;
    size_t count;
};

/* Scans a content file's text; -1 when its tags do not nest (the file was
 * parsed, so this only happens if the text is not the parsed one). */
int splice_scan(const char *text, size_t len, struct splice_map *map);

void splice_map_free(struct splice_map *map);

/* The value of attribute `name` in the start tag of `e`: its offset and
 * length through *at and *n; 0 when the tag has no such attribute. */
int splice_attribute(const char *text, const struct splice_element *e, const char *name, size_t *at,
                     size_t *n);

struct splice_edit {
    size_t from, to; /* bytes replaced; from == to inserts */
    char *text;      /* malloc'ed */
};

struct splice_edits {
    struct splice_edit *items;
    size_t count, cap;
};

/* Adds an edit; takes `text` (malloc'ed). */
void splice_add(struct splice_edits *edits, size_t from, size_t to, char *text);

/* The text with every edit made, into a new malloc'ed string (*out_len
 * its length); NULL when two edits overlap. */
char *splice_apply(const char *text, size_t len, struct splice_edits *edits, size_t *out_len);

void splice_edits_free(struct splice_edits *edits);

/* Writes `path` atomically: a temporary file beside it, renamed over it,
 * keeping the file's permissions. 0, or -1 with errno set (the file is
 * then as it was). */
int splice_write_file(const char *path, const char *data, size_t len);

/* `s` with &, < and > escaped for element text, appended to `b`. */
struct buf;
void splice_escape_text(struct buf *b, const char *s, size_t n);

#endif
