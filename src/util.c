/* realpath() is an X/Open extension in glibc. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static void S_oom(void)
{
    fputs("folio: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        S_oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        S_oom();
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        S_oom();
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        S_oom();
    char *s = xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

char *utf8_shorten(const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len <= max)
        return xstrdup(s);
    size_t cut = max;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    return xasprintf("%.*s\xe2\x80\xa6", (int)cut, s);
}

void buf_grow(struct buf *b, size_t n)
{
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void buf_puts(struct buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    buf_puts(b, s);
    free(s);
}

void buf_put_escaped(struct buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s, next = (unsigned char)s[1];
        const char *rep = NULL;
        size_t skip = 1;
        if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c == '"')
            rep = "&quot;";
        else if (c == '\'')
            rep = "&#39;";
        else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            rep = "";
        else if (c == 0xc2 && next >= 0x80 && next <= 0x9f)
            rep = "", skip = 2; /* a C1 control, two bytes in UTF-8 */
        if (!rep)
            continue;
        buf_put(b, run, (size_t)(s - run));
        buf_puts(b, rep);
        s += skip - 1;
        run = s + 1;
    }
    buf_put(b, run, (size_t)(s - run));
}

void buf_free(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    if (n > 0 && dir[n - 1] == '/')
        return xasprintf("%s%s", dir, name);
    return xasprintf("%s/%s", dir, name);
}

char *path_parent(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    while (n > 0 && dir[n - 1] != '/')
        n--;
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return n ? xstrndup(dir, n) : xstrdup(".");
}

char *temp_dir_make(const char *prefix)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/%sXXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
    if (mkdtemp(dir))
        return dir;
    int saved = errno;
    free(dir);
    errno = saved;
    return NULL;
}

int mkdir_p(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0777);
    free(p);
    return rc != 0 && errno != EEXIST ? -1 : 0;
}

/* "1.1 GB", "64 MB", "12 kB", "300 bytes". */
static void S_size_text(char *out, size_t n, unsigned long long bytes)
{
    if (bytes >= (1ull << 30))
        snprintf(out, n, "%.1f GB", (double)bytes / (double)(1ull << 30));
    else if (bytes >= (1ull << 20))
        snprintf(out, n, "%.0f MB", (double)bytes / (double)(1ull << 20));
    else if (bytes >= 1024)
        snprintf(out, n, "%.0f kB", (double)bytes / 1024.0);
    else
        snprintf(out, n, "%llu bytes", bytes);
}

static const char *S_file_type(mode_t mode)
{
    return S_ISDIR(mode)    ? "a folder"
           : S_ISFIFO(mode) ? "a FIFO"
           : S_ISSOCK(mode) ? "a socket"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
                            : "not a plain file";
}

/* 1 when the resolved path `real` lies inside `root` (resolved too). */
static int S_inside(const char *root, const char *real)
{
    char *r = realpath(root, NULL);
    size_t n = r ? strlen(r) : 0;
    int inside = r && strncmp(r, real, n) == 0 && (real[n] == '/' || (n == 1 && r[0] == '/'));
    free(r);
    return inside;
}

/* Checks what `st` (of the resolved path) says against the rule. */
static int S_allowed(const struct stat *st, const struct file_rule *rule, char *why, size_t n,
                     int *err)
{
    if (!S_ISREG(st->st_mode)) {
        snprintf(why, n, "not a regular file (%s)", S_file_type(st->st_mode));
        *err = S_ISDIR(st->st_mode) ? EISDIR : ENXIO;
        return -1;
    }
    if ((unsigned long long)st->st_size > rule->max) {
        char size[32], max[32];
        S_size_text(size, sizeof size, (unsigned long long)st->st_size);
        S_size_text(max, sizeof max, rule->max);
        snprintf(why, n, "larger than the %s limit for %s (%s)", max, rule->kind, size);
        *err = EFBIG;
        return -1;
    }
    return 0;
}

static char *S_read_fd(int fd, size_t size, size_t max, size_t *len)
{
    /* the size stat gave, plus one byte to see a file that grew */
    size_t cap = size + 1, n = 0;
    char *data = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > max)
                break;
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            data = xrealloc(data, cap + 1);
        }
        ssize_t got = read(fd, data + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            free(data);
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (n > max) {
        free(data);
        errno = EFBIG;
        return NULL;
    }
    data[n] = '\0';
    if (len)
        *len = n;
    return data;
}

char *file_read_checked(const char *path, const struct file_rule *rule, size_t *len, char *why,
                        size_t why_len)
{
    int err = 0;
    char *data = NULL;
    char *real = realpath(path, NULL);
    struct stat named, opened;
    int fd = -1;
    if (!real) {
        err = errno;
        snprintf(why, why_len, "%s", strerror(err));
    } else if (rule->root && !S_inside(rule->root, real)) {
        snprintf(why, why_len, "a symbolic link to %s, outside the publication folder", real);
        err = EACCES;
    } else if (stat(real, &named) != 0) {
        err = errno;
        snprintf(why, why_len, "%s", strerror(err));
    } else if (S_allowed(&named, rule, why, why_len, &err) != 0) {
        /* refused before any open: a FIFO would block, a device never end */
    } else if ((fd = open(real, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)) < 0) {
        err = errno;
        snprintf(why, why_len, "%s", strerror(err));
    } else if (fstat(fd, &opened) != 0) {
        err = errno;
        snprintf(why, why_len, "%s", strerror(err));
    } else if (opened.st_dev != named.st_dev || opened.st_ino != named.st_ino) {
        snprintf(why, why_len, "it changed while it was opened");
        err = EAGAIN;
    } else if (S_allowed(&opened, rule, why, why_len, &err) != 0) {
    } else if (!(data = S_read_fd(fd, (size_t)opened.st_size, rule->max, len))) {
        err = errno;
        if (err == EFBIG) {
            char max[32];
            S_size_text(max, sizeof max, rule->max);
            snprintf(why, why_len, "it grew past the %s limit for %s while it was read", max,
                     rule->kind);
        } else {
            snprintf(why, why_len, "%s", strerror(err));
        }
    }
    if (fd >= 0)
        close(fd);
    free(real);
    if (!data)
        errno = err ? err : EIO;
    return data;
}

char *file_read(const char *path, size_t *len)
{
    static const struct file_rule any = {"a file", FILE_MAX_OTHER, NULL};
    char why[256];
    return file_read_checked(path, &any, len, why, sizeof why);
}

int file_write(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    errno = 0;
    size_t n = fwrite(data, 1, len, f);
    int saved = errno;
    int rc = fclose(f);
    if (n != len || rc != 0) {
        saved = saved ? saved : errno ? errno : EIO;
        remove(path);
        errno = saved;
        return -1;
    }
    return 0;
}

const char *io_strerror(int err)
{
    if (err == ENOSPC)
        return "the disk is full (No space left on device)";
    if (err == EDQUOT)
        return "the disk quota is used up (Disk quota exceeded)";
    return strerror(err);
}
