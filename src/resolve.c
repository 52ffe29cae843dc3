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
    xmlSetProp(entry, (const xmlChar *)"level", (const xmlChar *)(level == 1 ? "1" : "2"));
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

int resolve_document(xmlDoc *doc, struct diag_list *diags)
{
    struct resolver r = {xmlHashCreate(64), diags, 0, NULL};
    xmlNode *root = xmlDocGetRootElement(doc);
    r.contents = doc_child(root, DOC_CONTENTS);
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
                if (strcmp(doc_attr(b, "level"), "2") == 0)
                    S_add_entry(&r, b, 2);
            }
    }
    xmlHashFree(r.ids, NULL);
    return rc;
}
