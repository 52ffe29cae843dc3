#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

static int S_same(const struct diag *d, enum diag_severity severity, const char *file, long line,
                  const char *message)
{
    return d->severity == severity && d->line == line && strcmp(d->message, message) == 0 &&
           (d->file && file ? strcmp(d->file, file) == 0 : d->file == file);
}

/* A diagnostic said already (each edition of a publication meets the same
 * content) is not repeated. */
static void S_add(struct diag_list *list, enum diag_severity severity, const char *file, long line,
                  const char *fmt, va_list ap)
{
    if (list->count == DIAG_MAX) {
        /* a hostile file could raise one per line: the first are enough */
        list->dropped++;
        list->dropped_errors += severity == DIAG_ERROR;
        list->errors += severity == DIAG_ERROR;
        return;
    }
    char *message = xvasprintf(fmt, ap);
    for (size_t i = 0; i < list->count; i++)
        if (S_same(&list->items[i], severity, file, line, message)) {
            free(message);
            return;
        }
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 16;
        list->items = xrealloc(list->items, list->cap * sizeof *list->items);
    }
    struct diag *d = &list->items[list->count++];
    d->severity = severity;
    d->file = file ? xstrdup(file) : NULL;
    d->line = line;
    d->message = message;
    if (severity == DIAG_ERROR)
        list->errors++;
}

void diag_vadd(struct diag_list *list, enum diag_severity severity, const char *file, long line,
               const char *fmt, va_list ap)
{
    S_add(list, severity, file, line, fmt, ap);
}

void diag_add_at(struct diag_list *list, enum diag_severity severity, const char *place,
                 const char *fmt, ...)
{
    const char *colon = place ? strrchr(place, ':') : NULL;
    char *file = colon ? xstrndup(place, (size_t)(colon - place)) : NULL;
    va_list ap;
    va_start(ap, fmt);
    S_add(list, severity, file ? file : place, colon ? atol(colon + 1) : 0, fmt, ap);
    va_end(ap);
    free(file);
}

void diag_add(struct diag_list *list, enum diag_severity severity, const char *file, long line,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    S_add(list, severity, file, line, fmt, ap);
    va_end(ap);
}

/* The file a node was read from. xmlNodeGetBase returns an absolute URI
 * for XIncluded parts; a relative base (the main file) is returned as is. */
static char *S_node_file(const xmlNode *node)
{
    if (!node || !node->doc)
        return NULL;
    xmlChar *base = xmlNodeGetBase(node->doc, node);
    if (!base)
        return node->doc->URL ? xstrdup((const char *)node->doc->URL) : NULL;
    char *file = xstrdup((const char *)base);
    xmlFree(base);
    if (strncmp(file, "file://", 7) == 0)
        memmove(file, file + 7, strlen(file + 7) + 1);
    return file;
}

char *diag_node_place(const xmlNode *node)
{
    char *file = S_node_file(node);
    char *place = xasprintf("%s:%ld", file ? file : "?", node ? xmlGetLineNo(node) : 0L);
    free(file);
    return place;
}

void diag_add_node(struct diag_list *list, enum diag_severity severity, const xmlNode *node,
                   const char *fmt, ...)
{
    char *file = S_node_file(node);
    long line = node ? xmlGetLineNo(node) : 0;
    va_list ap;
    va_start(ap, fmt);
    S_add(list, severity, file, line > 0 ? line : 0, fmt, ap);
    va_end(ap);
    free(file);
}

/* Text from content (a CSV cell, an attribute) as a terminal may show
 * it: control characters and bytes that are not UTF-8 as \x01, \xff. */
static void S_put_shown(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        size_t k = 1;
        while (k < n && (p[k] & 0xC0) == 0x80)
            k++;
        int c1 = n == 2 && c == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F; /* U+0080 to U+009F */
        if (c < 0x20 || c == 0x7F || n == 0 || k < n || (n == 2 && c < 0xC2) || c1) {
            for (size_t i = 0; i < (c1 ? 2 : 1); i++)
                fprintf(out, "\\x%02x", p[i]);
            p += c1 ? 2 : 1;
        } else {
            fwrite(p, 1, n, out);
            p += n;
        }
    }
}

void diag_print(const struct diag_list *list, FILE *out)
{
    for (size_t i = 0; i < list->count; i++) {
        const struct diag *d = &list->items[i];
        const char *sev = d->severity == DIAG_ERROR ? "error" : "warning";
        S_put_shown(out, d->file ? d->file : "folio");
        if (d->file && d->line > 0)
            fprintf(out, ":%ld", d->line);
        fprintf(out, ": %s: ", sev);
        S_put_shown(out, d->message);
        fputc('\n', out);
    }
    if (list->dropped)
        fprintf(out, "folio: %s: %zu more diagnostics not shown\n",
                list->dropped_errors ? "error" : "warning", list->dropped);
}

void diag_list_append(struct diag_list *to, struct diag_list *from)
{
    for (size_t i = 0; i < from->count; i++) {
        const struct diag *d = &from->items[i];
        diag_add(to, d->severity, d->file, d->line, "%s", d->message);
    }
    to->dropped += from->dropped;
    to->dropped_errors += from->dropped_errors;
    to->errors += from->dropped_errors;
    diag_list_free(from);
}

void diag_list_free(struct diag_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].file);
        free(list->items[i].message);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}
