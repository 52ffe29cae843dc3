/* Small helpers used everywhere: allocation that aborts on exhaustion (so
 * call sites stay clean), formatted strings, a growable byte buffer, files
 * written atomically. */
#ifndef FOLIO_UTIL_H
#define FOLIO_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define UTIL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define UTIL_PRINTF(f, a)
#endif

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) UTIL_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap);

/* `s` cut to at most `max` bytes at a character boundary, with "…" added
 * when anything was cut; malloc'ed. */
char *utf8_shorten(const char *s, size_t max);

struct buf {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
};

void buf_put(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) UTIL_PRINTF(2, 3);
void buf_free(struct buf *b);

/* Appends `s` escaped for HTML and XML text and attribute values alike;
 * the control characters both forbid (C0 but tab and newlines, DEL, C1)
 * are dropped. */
void buf_put_escaped(struct buf *b, const char *s);

/* Path of `name` inside `dir`, malloc'ed. */
char *path_join(const char *dir, const char *name);

/* The folder holding `dir` (trailing slashes ignored), malloc'ed; "." when
 * it has none. */
char *path_parent(const char *dir);

/* Makes a new private folder "<$TMPDIR or /tmp>/<prefix>XXXXXX" (mkdtemp),
 * malloc'ed; NULL with errno set on failure. */
char *temp_dir_make(const char *prefix);

/* Creates a directory and its parents; 0 on success, -1 with errno set. */
int mkdir_p(const char *path);

/* Reads a whole file; NULL with errno set on failure. */
char *file_read(const char *path, size_t *len);

/* Writes a whole file; 0 on success, -1 with errno set (a partial file is
 * removed). */
int file_write(const char *path, const char *data, size_t len);

#endif
