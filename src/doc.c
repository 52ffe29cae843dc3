#include <pthread.h>
#include <string.h>

#include "doc.h"
#include "util.h"

static const struct {
    const char *name;
    enum doc_type type;
} doc_names[] = {
    {"document", DOC_DOCUMENT},
    {"info", DOC_INFO},
    {"word", DOC_WORD},
    {"alternate", DOC_ALTERNATE},
    {"cover", DOC_COVER},
    {"contents", DOC_CONTENTS},
    {"entry", DOC_ENTRY},
    {"section", DOC_SECTION},
    {"kicker", DOC_KICKER},
    {"title", DOC_TITLE},
    {"subtitle", DOC_SUBTITLE},
    {"period", DOC_PERIOD},
    {"publisher", DOC_PUBLISHER},
    {"p", DOC_P},
    {"h", DOC_H},
    {"list", DOC_LIST},
    {"item", DOC_ITEM},
    {"stats", DOC_STATS},
    {"stat", DOC_STAT},
    {"value", DOC_VALUE},
    {"label", DOC_LABEL},
    {"cards", DOC_CARDS},
    {"card", DOC_CARD},
    {"link", DOC_LINK},
    {"timeline", DOC_TIMELINE},
    {"when", DOC_WHEN},
    {"tag", DOC_TAG},
    {"quote", DOC_QUOTE},
    {"cite", DOC_CITE},
    {"name", DOC_NAME},
    {"org", DOC_ORG},
    {"gallery", DOC_GALLERY},
    {"photo", DOC_PHOTO},
    {"caption", DOC_CAPTION},
    {"backcover", DOC_BACKCOVER},
    {"table", DOC_TABLE},
    {"head", DOC_HEAD},
    {"body", DOC_BODY},
    {"row", DOC_ROW},
    {"cell", DOC_CELL},
    {"source", DOC_SOURCE},
    {"figure", DOC_FIGURE},
    {"image", DOC_IMAGE},
    {"credit", DOC_CREDIT},
    {"grid", DOC_GRID},
    {"chart", DOC_CHART},
    {"series", DOC_SERIES},
    {"category", DOC_CATEGORY},
    {"v", DOC_V},
    {"b", DOC_B},
    {"i", DOC_I},
    {"a", DOC_A},
    {"missing", DOC_MISSING},
    {"br", DOC_BR},
    {"note", DOC_NOTE},
    {"xref", DOC_XREF},
    {"keep", DOC_KEEP},
};

/* The names hashed: every walk of the tree asks each element its type,
 * and a search of the list was a tenth of a long table's build. Slots hold
 * an index into doc_names plus one; 0 is free. */
#define NAME_SLOTS 256
static unsigned char name_slots[NAME_SLOTS];
static pthread_once_t name_slots_once = PTHREAD_ONCE_INIT;
_Static_assert(sizeof doc_names / sizeof doc_names[0] < NAME_SLOTS / 2, "room to probe");

static unsigned S_name_hash(const char *s)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h & (NAME_SLOTS - 1);
}

static void S_fill_name_slots(void)
{
    for (size_t i = 0; i < sizeof doc_names / sizeof doc_names[0]; i++) {
        unsigned h = S_name_hash(doc_names[i].name);
        while (name_slots[h])
            h = (h + 1) & (NAME_SLOTS - 1);
        name_slots[h] = (unsigned char)(i + 1);
    }
}

enum doc_type doc_type(const xmlNode *node)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return DOC_OTHER;
    pthread_once(&name_slots_once, S_fill_name_slots); /* the writers run on two threads */
    const char *name = (const char *)node->name;
    for (unsigned h = S_name_hash(name); name_slots[h]; h = (h + 1) & (NAME_SLOTS - 1))
        if (strcmp(name, doc_names[name_slots[h] - 1].name) == 0)
            return doc_names[name_slots[h] - 1].type;
    return DOC_OTHER;
}

xmlNode *doc_first(const xmlNode *node)
{
    for (xmlNode *c = node ? node->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

xmlNode *doc_next(const xmlNode *node)
{
    for (xmlNode *c = node ? node->next : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

xmlNode *doc_child(const xmlNode *node, enum doc_type type)
{
    for (xmlNode *c = doc_first(node); c; c = doc_next(c))
        if (doc_type(c) == type)
            return c;
    return NULL;
}

const char *doc_attr(const xmlNode *node, const char *name)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttr *a = node->properties; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0 && a->children &&
            a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    return NULL;
}

const char *doc_src(const xmlNode *node)
{
    for (const xmlNode *n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        const char *src = doc_attr(n, "src");
        if (src)
            return src;
    }
    return NULL;
}

char *doc_text(const xmlNode *node)
{
    xmlChar *s = xmlNodeGetContent(node);
    char *r = xstrdup(s ? (const char *)s : "");
    xmlFree(s);
    return r;
}

const char *doc_find_word(const xmlDoc *doc, const char *key)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *info = doc_child(root, DOC_INFO);
    for (xmlNode *w = doc_first(info); w; w = doc_next(w)) {
        const char *k = doc_attr(w, "key");
        if (k && strcmp(k, key) == 0 && w->children && w->children->type == XML_TEXT_NODE)
            return (const char *)w->children->content;
    }
    return NULL;
}

const char *doc_word(const xmlDoc *doc, const char *key)
{
    const char *word = doc_find_word(doc, key);
    return word ? word : key;
}
