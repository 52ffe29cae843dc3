#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "doc.h"
#include "resolve.h"
#include "util.h"

struct resolver {
    xmlHashTable *ids;
    struct diag_list *diags;
    unsigned next; /* for generated ids */
    xmlNode *contents;
};

static int S_anchor(struct resolver *r, xmlNode *node, const char *prefix)
{
    const char *id = doc_attr(node, "id");
    char generated[32];
    if (!id) {
        do
            snprintf(generated, sizeof generated, "%s-%u", prefix, ++r->next);
        while (xmlHashLookup(r->ids, (const xmlChar *)generated));
        xmlSetProp(node, (const xmlChar *)"id", (const xmlChar *)generated);
        id = generated;
    }
    if (xmlHashAddEntry(r->ids, (const xmlChar *)id, node) != 0) {
        const char *src = doc_attr(node, "src");
        diag_add(r->diags, DIAG_ERROR, NULL, 0, "two parts of the document have the id '%s'%s%s",
                 id, src ? " at " : "", src ? src : "");
        return -1;
    }
    return 0;
}

static void S_add_entry(struct resolver *r, xmlNode *target, int level)
{
    if (!r->contents)
        return;
    xmlNode *title = doc_child(target, DOC_TITLE);
    char *text = doc_text(title ? title : target);
    xmlNode *entry = xmlNewTextChild(r->contents, NULL, (const xmlChar *)"entry", NULL);
    xmlNodeAddContent(entry, (const xmlChar *)text);
    xmlSetProp(entry, (const xmlChar *)"target", (const xmlChar *)doc_attr(target, "id"));
    char number[8];
    snprintf(number, sizeof number, "%d", level);
    xmlSetProp(entry, (const xmlChar *)"level", (const xmlChar *)number);
    free(text);
}

/* Ids the template set come first, so generated ones never take them. */
static void S_reserve(struct resolver *r, xmlNode *node)
{
    for (xmlNode *n = doc_first(node); n; n = doc_next(n)) {
        const char *id = doc_attr(n, "id");
        if (id && doc_type(n) != DOC_SECTION && doc_type(n) != DOC_H)
            xmlHashAddEntry(r->ids, (const xmlChar *)id, n);
        S_reserve(r, n);
    }
}

/* Counters of what the resolve pass numbers in document order. With
 * per_section, tables and figures count again in each section and their
 * number says which: "Tabla 4.2". */
struct numbering {
    const char *table_word, *figure_word;
    int per_section;
    unsigned section, tables, figures, notes;
};

/* kind: "table" or "figure", for messages that read the same in every
 * edition */
static void S_label(xmlNode *n, const struct numbering *num, const char *word, const char *kind,
                    unsigned number, struct diag_list *diags)
{
    char digits[32];
    if (num->per_section)
        snprintf(digits, sizeof digits, "%u.%u", num->section, number);
    else
        snprintf(digits, sizeof digits, "%u", number);
    char *label = xasprintf("%s %s", word, digits);
    xmlSetProp(n, (const xmlChar *)"label", (const xmlChar *)label);
    const char *printed = doc_attr(n, "printed");
    if (printed && strcmp(printed, digits) != 0)
        diag_add_at(diags, DIAG_WARNING, doc_src(n), "%s %s was printed as number %s", kind, digits,
                    printed);
    free(label);
}

/* Tables, figures and footnotes, numbered in document order; a table or
 * figure with numbered="no" is not counted. */
static void S_number(xmlNode *node, struct numbering *num, struct diag_list *diags)
{
    for (xmlNode *n = doc_first(node); n; n = doc_next(n)) {
        enum doc_type t = doc_type(n);
        const char *numbered = doc_attr(n, "numbered");
        int counted = !numbered || strcmp(numbered, "no") != 0;
        if (t == DOC_SECTION && num->per_section) {
            num->section++;
            num->tables = num->figures = 0;
        } else if (t == DOC_TABLE && counted) {
            S_label(n, num, num->table_word, "table", ++num->tables, diags);
        } else if (t == DOC_FIGURE && counted && num->figure_word) {
            S_label(n, num, num->figure_word, "figure", ++num->figures, diags);
        } else if (t == DOC_NOTE) {
            char number[16];
            snprintf(number, sizeof number, "%u", ++num->notes);
            xmlSetProp(n, (const xmlChar *)"n", (const xmlChar *)number);
        }
        S_number(n, num, diags);
    }
}

/* The text a cross-reference to `target` shows: a table's label, else the
 * target's title or text. */
static char *S_xref_text(xmlNode *target)
{
    const char *label = doc_attr(target, "label");
    if (label)
        return xstrdup(label);
    xmlNode *title = doc_child(target, DOC_TITLE);
    return doc_text(title ? title : target);
}

static int S_cross_references(struct resolver *r, xmlNode *node)
{
    int rc = 0;
    for (xmlNode *n = doc_first(node); n; n = doc_next(n)) {
        if (doc_type(n) == DOC_XREF) {
            const char *target = doc_attr(n, "target");
            xmlNode *t = target ? xmlHashLookup(r->ids, (const xmlChar *)target) : NULL;
            if (!t) {
                diag_add_at(r->diags, DIAG_ERROR, doc_src(n),
                            "cross-reference to '%s', which does not exist", target ? target : "");
                rc = -1;
                continue;
            }
            char *text = S_xref_text(t);
            xmlNodeSetContent(n, (const xmlChar *)text);
            free(text);
        } else {
            rc |= S_cross_references(r, n);
        }
    }
    return rc;
}

int resolve_document(xmlDoc *doc, struct diag_list *diags)
{
    struct resolver r = {xmlHashCreate(64), diags, 0, NULL};
    xmlNode *root = xmlDocGetRootElement(doc);
    r.contents = doc_child(root, DOC_CONTENTS);
    const char *depth_attr = r.contents ? doc_attr(r.contents, "depth") : NULL;
    int depth = depth_attr ? atoi(depth_attr) : 2;
    S_reserve(&r, root);
    int rc = 0;
    for (xmlNode *s = doc_first(root); s; s = doc_next(s)) {
        if (doc_type(s) != DOC_SECTION)
            continue;
        rc |= S_anchor(&r, s, "section");
        S_add_entry(&r, s, 1);
        for (xmlNode *b = doc_first(s); b; b = doc_next(b))
            if (doc_type(b) == DOC_H) {
                rc |= S_anchor(&r, b, "heading");
                const char *listed = doc_attr(b, "contents");
                int level = atoi(doc_attr(b, "level"));
                if (level <= depth && !(listed && strcmp(listed, "no") == 0))
                    S_add_entry(&r, b, level);
            }
    }
    const char *scheme = doc_attr(root, "numbering");
    /* figures are numbered when the template has a word for them */
    struct numbering num = {.table_word = doc_word(doc, "table"),
                            .figure_word = doc_find_word(doc, "figure"),
                            .per_section = scheme && strcmp(scheme, "section") == 0};
    S_number(root, &num, diags);
    rc |= S_cross_references(&r, root);
    xmlHashFree(r.ids, NULL);
    return rc;
}
