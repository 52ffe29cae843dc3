#include <string.h>

#include "bounds.h"

/* Skips from `p` past the first `end` (a string), counting lines. */
static const char *S_skip_past(const char *p, const char *stop, const char *end, long *line)
{
    size_t n = strlen(end);
    for (; p + n <= stop; p++) {
        if (memcmp(p, end, n) == 0)
            return p + n;
        *line += *p == '\n';
    }
    return stop;
}

int bounds_check_text(const char *path, const char *text, size_t len, struct diag_list *diags)
{
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        long at = 1;
        for (const char *q = text; q < nul; q++)
            at += *q == '\n';
        diag_add(diags, DIAG_ERROR, path, at, "a NUL byte: not a text file (save it as UTF-8 XML)");
        return -1;
    }
    const char *p = text, *stop = text + len;
    long line = 1;
    while (p < stop) {
        if (*p == '\n') {
            line++;
            p++;
        } else if (*p != '<') {
            p++;
        } else if (stop - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            p = S_skip_past(p + 4, stop, "-->", &line);
        } else if (stop - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
            p = S_skip_past(p + 9, stop, "]]>", &line);
        } else if (stop - p >= 2 && (p[1] == '?' || p[1] == '!')) {
            p = S_skip_past(p + 2, stop, ">", &line);
        } else {
            /* a tag: each attribute has one '=' outside its quoted value */
            long at = line;
            size_t attributes = 0;
            char quote = 0;
            for (p++; p < stop && (quote || *p != '>'); p++) {
                line += *p == '\n';
                if (quote)
                    quote = *p == quote ? 0 : quote;
                else if (*p == '"' || *p == '\'')
                    quote = *p;
                else if (*p == '=')
                    attributes++;
            }
            if (attributes > BOUND_ATTRIBUTES) {
                diag_add(diags, DIAG_ERROR, path, at,
                         "an element with %zu attributes: at most %d are read", attributes,
                         BOUND_ATTRIBUTES);
                return -1;
            }
        }
    }
    return 0;
}

static int S_named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int S_is_unit(const xmlNode *n, const char *const *langs)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        for (size_t i = 0; c->type == XML_ELEMENT_NODE && langs && langs[i]; i++)
            if (strcmp((const char *)c->name, langs[i]) == 0)
                return 1;
    return 0;
}

/* A table's rows (at any depth below it) and their cells. */
static int S_check_table(const xmlNode *table, const char *path, struct diag_list *diags)
{
    size_t rows = 0;
    const xmlNode *n = table->children;
    while (n && n != table) {
        if (S_named(n, "row")) {
            if (++rows > BOUND_TABLE_ROWS) {
                diag_add(diags, DIAG_ERROR, path, xmlGetLineNo(n), "a table of more than %d rows",
                         BOUND_TABLE_ROWS);
                return -1;
            }
            size_t cells = 0;
            for (const xmlNode *c = n->children; c; c = c->next)
                cells += S_named(c, "cell");
            if (cells > BOUND_COLUMNS) {
                diag_add(diags, DIAG_ERROR, path, xmlGetLineNo(n),
                         "a row of %zu cells: at most %d columns", cells, BOUND_COLUMNS);
                return -1;
            }
        }
        /* next in document order, rows' insides skipped */
        if (n->children && !S_named(n, "row")) {
            n = n->children;
            continue;
        }
        while (n && n != table && !n->next)
            n = n->parent;
        if (n && n != table)
            n = n->next;
    }
    return 0;
}

int bounds_check_tree(xmlDoc *doc, const char *const *langs, struct diag_list *diags)
{
    const char *path = doc->URL ? (const char *)doc->URL : "?";
    xmlNode *root = xmlDocGetRootElement(doc);
    size_t units = 0;
    const xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            if (S_is_unit(n, langs) && ++units > BOUND_UNITS) {
                diag_add(diags, DIAG_ERROR, path, xmlGetLineNo(n),
                         "more than %d texts in two languages: a publication holds at most %d",
                         BOUND_UNITS, BOUND_UNITS);
                return -1;
            }
            if ((S_named(n, "table") || S_named(n, "grid")) && S_check_table(n, path, diags) != 0)
                return -1;
        }
        if (n->children) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent == (xmlNode *)doc ? NULL : n->parent;
        if (n)
            n = n->next;
    }
    return 0;
}
