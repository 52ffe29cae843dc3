/* Small helpers used everywhere: allocation that aborts on exhaustion (so
 * call sites stay clean), formatted strings, a growable byte buffer, files
 * written atomically. */
#ifndef FOLIO_UTIL_H
#define FOLIO_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

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

/* Room for n more bytes and the NUL after them. */
void buf_grow(struct buf *b, size_t n);
/* Inline: the layout appends a few bytes at a time, hundreds of
 * thousands of times a publication. */
static inline void buf_put(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap)
        buf_grow(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}
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

/* The most a file of each kind may hold: a hostile file costs bounded time
 * and memory. The real content's largest publication.xml is 406 kB, its
 * largest CSV 277 bytes; a 100,000-row table is 4 to 10 MB as CSV. */
#define FILE_MAX_CONTENT ((size_t)64 << 20) /* publication.xml */
#define FILE_MAX_CSV ((size_t)64 << 20)
#define FILE_MAX_IMAGE ((size_t)100 << 20) /* 50 megapixels is the cap on pixels */
#define FILE_MAX_OTHER ((size_t)64 << 20)  /* templates, fonts, word lists, anything else */

/* What may be read: a file of `kind` ("a CSV file") of at most `max` bytes,
 * inside the folder `root` (symbolic links resolved) unless it is NULL. */
struct file_rule {
    const char *kind;
    size_t max;
    const char *root;
};

/* Reads the whole of `path` if it is a regular file the rule allows: a
 * device, FIFO or socket is refused without being opened for reading, a
 * file larger than the limit before it is read. NULL on failure, with why
 * in `why`, to follow "cannot read: " ("not a regular file (a FIFO)";
 * "larger than the 64 MB limit for a CSV file (1.0 GB)"; strerror). */
char *file_read_checked(const char *path, const struct file_rule *rule, size_t *len, char *why,
                        size_t why_len);

/* file_read_checked with FILE_MAX_OTHER and no root; NULL with errno set on
 * failure (ENXIO: not a regular file; EFBIG: over the limit). */
char *file_read(const char *path, size_t *len);

/* Writes a whole file; 0 on success, -1 with errno set (a partial file is
 * removed). */
int file_write(const char *path, const char *data, size_t len);

/* strerror, saying a full disk plainly: "the disk is full (No space left
 * on device)". */
const char *io_strerror(int err);

#endif
