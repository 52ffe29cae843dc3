#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "splice.h"
#include "util.h"

static int S_name_char(char c)
{
    return c && !strchr(" \t\r\n/>=", c);
}

/* The offset just past `needle` from `at`, or len when it never comes. */
static size_t S_past(const char *text, size_t len, size_t at, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = at; i + n <= len; i++)
        if (memcmp(text + i, needle, n) == 0)
            return i + n;
    return len;
}

int splice_scan(const char *text, size_t len, struct splice_map *map)
{
    memset(map, 0, sizeof *map);
    size_t cap = 0, depth = 0, stack_cap = 16;
    size_t *stack = xmalloc(stack_cap * sizeof *stack);
    size_t i = 0;
    int ok = 1;
    while (i < len && ok) {
        if (text[i] != '<') {
            i++;
            continue;
        }
        if (strncmp(text + i, "<!--", 4) == 0) {
            i = S_past(text, len, i + 4, "-->");
        } else if (strncmp(text + i, "<![CDATA[", 9) == 0) {
            i = S_past(text, len, i + 9, "]]>");
        } else if (text[i + 1] == '?') {
            i = S_past(text, len, i + 2, "?>");
        } else if (text[i + 1] == '!') {
            i = S_past(text, len, i + 2, ">");
        } else if (text[i + 1] == '/') {
            size_t gt = S_past(text, len, i + 2, ">");
            if (depth == 0) {
                ok = 0;
                break;
            }
            struct splice_element *e = &map->items[stack[--depth]];
            size_t n = e->name_end - e->start - 1;
            if (strncmp(text + i + 2, text + e->start + 1, n) != 0 || S_name_char(text[i + 2 + n]))
                ok = 0;
            e->close = i;
            e->end = gt;
            i = gt;
        } else {
            if (map->count == cap) {
                cap = cap ? cap * 2 : 256;
                map->items = xrealloc(map->items, cap * sizeof *map->items);
            }
            struct splice_element *e = &map->items[map->count];
            e->start = i;
            size_t j = i + 1;
            while (j < len && S_name_char(text[j]))
                j++;
            e->name_end = j;
            char quote = 0;
            for (; j < len; j++) {
                if (quote) {
                    if (text[j] == quote)
                        quote = 0;
                } else if (text[j] == '"' || text[j] == '\'') {
                    quote = text[j];
                } else if (text[j] == '>') {
                    break;
                }
            }
            if (j >= len) {
                ok = 0;
                break;
            }
            e->open_end = j + 1;
            e->empty = text[j - 1] == '/';
            if (e->empty) {
                e->close = e->end = e->open_end;
            } else {
                if (depth == stack_cap) {
                    stack_cap *= 2;
                    stack = xrealloc(stack, stack_cap * sizeof *stack);
                }
                stack[depth++] = map->count;
            }
            map->count++;
            i = j + 1;
        }
    }
    free(stack);
    if (!ok || depth != 0) {
        splice_map_free(map);
        return -1;
    }
    return 0;
}

void splice_map_free(struct splice_map *map)
{
    free(map->items);
    memset(map, 0, sizeof *map);
}

int splice_attribute(const char *text, const struct splice_element *e, const char *name, size_t *at,
                     size_t *n)
{
    size_t want = strlen(name), i = e->name_end, end = e->open_end;
    while (i < end) {
        while (i < end && strchr(" \t\r\n", text[i]))
            i++;
        size_t a = i;
        while (i < end && S_name_char(text[i]))
            i++;
        size_t alen = i - a;
        while (i < end && strchr(" \t\r\n", text[i]))
            i++;
        if (i >= end || text[i] != '=')
            return 0;
        i++;
        while (i < end && strchr(" \t\r\n", text[i]))
            i++;
        if (i >= end || (text[i] != '"' && text[i] != '\''))
            return 0;
        char quote = text[i++];
        size_t v = i;
        while (i < end && text[i] != quote)
            i++;
        if (alen == want && strncmp(text + a, name, want) == 0) {
            *at = v;
            *n = i - v;
            return 1;
        }
        i++;
    }
    return 0;
}

void splice_add(struct splice_edits *edits, size_t from, size_t to, char *text)
{
    if (edits->count == edits->cap) {
        edits->cap = edits->cap ? edits->cap * 2 : 16;
        edits->items = xrealloc(edits->items, edits->cap * sizeof *edits->items);
    }
    edits->items[edits->count++] = (struct splice_edit){from, to, text};
}

static int S_by_place(const void *a, const void *b)
{
    const struct splice_edit *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    return 0;
}

char *splice_apply(const char *text, size_t len, struct splice_edits *edits, size_t *out_len)
{
    qsort(edits->items, edits->count, sizeof *edits->items, S_by_place);
    struct buf b = {0};
    size_t at = 0;
    for (size_t i = 0; i < edits->count; i++) {
        const struct splice_edit *e = &edits->items[i];
        if (e->from < at || e->to > len) {
            buf_free(&b);
            return NULL;
        }
        buf_put(&b, text + at, e->from - at);
        buf_puts(&b, e->text);
        at = e->to;
    }
    buf_put(&b, text + at, len - at);
    *out_len = b.len;
    return b.data;
}

void splice_edits_free(struct splice_edits *edits)
{
    for (size_t i = 0; i < edits->count; i++)
        free(edits->items[i].text);
    free(edits->items);
    memset(edits, 0, sizeof *edits);
}

int splice_write_file(const char *path, const char *data, size_t len)
{
    struct stat st;
    int have_mode = stat(path, &st) == 0;
    char *tmp = xasprintf("%s.folio-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        done += (size_t)n;
    }
    int failed =
        done != len || (have_mode && fchmod(fd, st.st_mode & 07777) != 0) || fsync(fd) != 0;
    int saved = errno ? errno : EIO;
    if (close(fd) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (!failed && rename(tmp, path) != 0) {
        failed = 1;
        saved = errno;
    }
    if (failed)
        unlink(tmp);
    free(tmp);
    errno = saved;
    return failed ? -1 : 0;
}

void splice_escape_text(struct buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&')
            buf_puts(b, "&amp;");
        else if (s[i] == '<')
            buf_puts(b, "&lt;");
        else if (s[i] == '>')
            buf_puts(b, "&gt;");
        else
            buf_put(b, s + i, 1);
    }
}
