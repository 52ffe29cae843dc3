/* Diagnostics: errors and warnings with the place they refer to.
 *
 * Library code appends to a list it is given and carries on where it can,
 * so one run reports many mistakes; only main.c prints them. */
#ifndef FOLIO_DIAG_H
#define FOLIO_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <libxml/tree.h>

enum diag_severity { DIAG_WARNING, DIAG_ERROR };

struct diag {
    enum diag_severity severity;
    char *file; /* may be NULL when no file is concerned */
    long line;  /* 0 when unknown */
    char *message;
};

/* At most this many diagnostics are kept; the rest are counted. */
#define DIAG_MAX 1000

struct diag_list {
    struct diag *items;
    size_t count;
    size_t cap;
    size_t errors;
    size_t dropped, dropped_errors; /* beyond DIAG_MAX */
};

#if defined(__GNUC__)
#define DIAG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DIAG_PRINTF(f, a)
#endif

void diag_add(struct diag_list *list, enum diag_severity severity, const char *file, long line,
              const char *fmt, ...) DIAG_PRINTF(5, 6);

void diag_vadd(struct diag_list *list, enum diag_severity severity, const char *file, long line,
               const char *fmt, va_list ap) DIAG_PRINTF(5, 0);

/* At a "path:line" place (the src attribute of the document tree); NULL
 * for no place. */
void diag_add_at(struct diag_list *list, enum diag_severity severity, const char *place,
                 const char *fmt, ...) DIAG_PRINTF(4, 5);

/* The place of a node of a parsed content file: the file it came from
 * (following xml:base, so XIncluded parts name their own file) and its
 * line. */
void diag_add_node(struct diag_list *list, enum diag_severity severity, const xmlNode *node,
                   const char *fmt, ...) DIAG_PRINTF(4, 5);

/* "path:line" of a node, malloc'ed; the caller frees it. */
char *diag_node_place(const xmlNode *node);

/* Writes every diagnostic as "file:line: severity: message" lines. */
void diag_print(const struct diag_list *list, FILE *out);

/* Adds the diagnostics of `from` to `to` in their order, as if they had
 * been added there (one said already is not repeated), and empties `from`. */
void diag_list_append(struct diag_list *to, struct diag_list *from);

void diag_list_free(struct diag_list *list);

#endif
