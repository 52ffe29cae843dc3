/* The document tree: the typed blocks a template writes (see
 * templates/document.rng) and both writers read. It is an XML tree; these
 * helpers give writers a type to switch on and tidy attribute access. */
#ifndef FOLIO_DOC_H
#define FOLIO_DOC_H

#include <libxml/tree.h>

enum doc_type {
    DOC_OTHER = 0,
    DOC_DOCUMENT,
    DOC_INFO,
    DOC_WORD,
    DOC_ALTERNATE,
    DOC_COVER,
    DOC_CONTENTS,
    DOC_ENTRY,
    DOC_SECTION,
    DOC_KICKER,
    DOC_TITLE,
    DOC_SUBTITLE,
    DOC_PERIOD,
    DOC_PUBLISHER,
    DOC_P,
    DOC_H,
    DOC_LIST,
    DOC_ITEM,
    DOC_STATS,
    DOC_STAT,
    DOC_VALUE,
    DOC_LABEL,
    DOC_CARDS,
    DOC_CARD,
    DOC_LINK,
    DOC_TIMELINE,
    DOC_WHEN,
    DOC_TAG,
    DOC_QUOTE,
    DOC_CITE,
    DOC_NAME,
    DOC_ORG,
    DOC_GALLERY,
    DOC_PHOTO,
    DOC_CAPTION,
    DOC_BACKCOVER,
    DOC_TABLE,
    DOC_HEAD,
    DOC_BODY,
    DOC_ROW,
    DOC_CELL,
    DOC_SOURCE,
    DOC_FIGURE,
    DOC_IMAGE,
    DOC_CREDIT,
    DOC_GRID,
    DOC_CHART,
    DOC_SERIES,
    DOC_CATEGORY,
    DOC_V,
    /* inline */
    DOC_B,
    DOC_I,
    DOC_A,
    DOC_MISSING,
    DOC_BR,
    DOC_NOTE,
    DOC_XREF,
    DOC_KEEP, /* a name: never hyphenated or split in print */
};

/* The type of an element of the document tree; DOC_OTHER for text nodes
 * and unknown names. (<entry> is both a contents entry and a timeline
 * entry: DOC_ENTRY; the parent tells which.) */
enum doc_type doc_type(const xmlNode *node);

/* First child element of the given type, or NULL. */
xmlNode *doc_child(const xmlNode *node, enum doc_type type);

/* Next sibling element (of any type), or NULL; first child element. */
xmlNode *doc_next(const xmlNode *node);
xmlNode *doc_first(const xmlNode *node);

/* An attribute's value, borrowed from the tree (no copy), or NULL. */
const char *doc_attr(const xmlNode *node, const char *name);

/* The nearest "path:line" src attribute of `node` or its ancestors, or
 * NULL: where a diagnostic about the node should point. */
const char *doc_src(const xmlNode *node);

/* The concatenated text of a node (inline markup dropped); malloc'ed. */
char *doc_text(const xmlNode *node);

/* The localized word `key` from <info><word key="..."> (e.g. "page",
 * "contents"); returns `key` itself when the template did not define it. */
const char *doc_word(const xmlDoc *doc, const char *key);

/* The same, or NULL when the template did not define it. */
const char *doc_find_word(const xmlDoc *doc, const char *key);

#endif
