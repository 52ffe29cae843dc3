#include <string.h>

#include "check.h"
#include "localize.h"

/* Wraps the children of `parent` in <missing lang="...">. */
static void S_wrap_missing(xmlNode *parent, const char *source_lang)
{
    xmlNode *mark = xmlNewDocNode(parent->doc, NULL, (const xmlChar *)"missing", NULL);
    xmlSetProp(mark, (const xmlChar *)"lang", (const xmlChar *)source_lang);
    mark->line = parent->line;
    while (parent->children) {
        xmlNode *c = parent->children;
        xmlUnlinkNode(c);
        xmlAddChild(mark, c);
    }
    xmlAddChild(parent, mark);
}

/* Marks a stand-in source text: inside each paragraph, or as a whole. */
static void S_mark_missing(xmlNode *chosen, const char *source_lang)
{
    int has_paragraphs = 0;
    for (xmlNode *c = chosen->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "p") == 0) {
            S_wrap_missing(c, source_lang);
            has_paragraphs = 1;
        }
    if (!has_paragraphs)
        S_wrap_missing(chosen, source_lang);
}

/* Replaces the language elements of `unit` by the children of the chosen
 * one. Returns -1 when there is nothing to choose. */
static int S_localize_unit(const struct publication *pub, xmlNode *unit, const char *lang,
                           int draft, struct diag_list *diags)
{
    xmlNode *chosen = check_language_child(unit, lang);
    /* a draft shows the source, marked, where the translation is missing
     * or was made from an older source (a release refuses both) */
    if (!chosen || !chosen->children || (draft && check_outdated(pub, unit, lang))) {
        xmlNode *source = check_language_child(unit, pub->source_lang);
        if (!draft || !source) {
            diag_add_node(diags, DIAG_ERROR, unit, "<%s> has no %s text", (const char *)unit->name,
                          lang);
            return -1;
        }
        chosen = source;
        S_mark_missing(chosen, pub->source_lang);
    }
    /* the unit's own children are its language elements and the line
     * breaks between them: all go, and the chosen text takes their place */
    for (xmlNode *c = unit->children, *next; c; c = next) {
        next = c->next;
        if (c != chosen) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
    }
    while (chosen->children) {
        xmlNode *c = chosen->children;
        xmlUnlinkNode(c);
        xmlAddPrevSibling(chosen, c);
    }
    xmlUnlinkNode(chosen);
    xmlFreeNode(chosen);
    return 0;
}

static int S_walk(const struct publication *pub, xmlNode *node, const char *lang, int draft,
                  struct diag_list *diags)
{
    int rc = 0;
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (check_is_unit(pub, n))
            rc |= S_localize_unit(pub, n, lang, draft, diags);
        else
            rc |= S_walk(pub, n->children, lang, draft, diags);
    }
    return rc;
}

static int S_space(xmlChar c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Text as written in a content file is wrapped and indented at will: runs
 * of white space become one space, and white space at either end of an
 * element's content goes. A text node that is only white space stays as
 * one space between two siblings (a space between two inline elements),
 * else it goes. */
static void S_fold_whitespace(xmlNode *node)
{
    for (xmlNode *n = node->children, *next; n; n = next) {
        next = n->next;
        if (n->type == XML_ELEMENT_NODE) {
            S_fold_whitespace(n);
            continue;
        }
        if (n->type != XML_TEXT_NODE || !n->content)
            continue;
        const xmlChar *s = n->content;
        size_t len = strlen((const char *)s);
        xmlChar *out = xmlMalloc(len + 1);
        size_t k = 0;
        int pending = n->prev && len > 0 && S_space(s[0]); /* a space before the first word */
        for (size_t i = 0; i < len; i++) {
            if (S_space(s[i])) {
                pending = 1;
                continue;
            }
            if (pending && (k > 0 || n->prev))
                out[k++] = ' ';
            pending = 0;
            out[k++] = s[i];
        }
        if (pending && n->next && (k > 0 || n->prev))
            out[k++] = ' ';
        out[k] = '\0';
        if (k == 0) {
            xmlUnlinkNode(n);
            xmlFreeNode(n);
        } else if (k < len || memcmp(out, s, k) != 0) { /* else it was folded as written */
            xmlNodeSetContent(n, NULL);
            xmlNodeAddContentLen(n, out, (int)k);
        }
        xmlFree(out);
    }
}

/* Localizes `doc`, a tree of the content, in place; frees it on failure. */
static xmlDoc *S_localize(const struct publication *pub, xmlDoc *doc, const struct edition *edition,
                          int draft, struct diag_list *diags)
{
    if (!doc)
        return NULL;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (S_walk(pub, root, edition->lang, draft, diags) != 0) {
        xmlFreeDoc(doc);
        return NULL;
    }
    S_fold_whitespace(root);
    xmlSetProp(root, (const xmlChar *)"lang", (const xmlChar *)edition->lang);
    xmlSetProp(root, (const xmlChar *)"locale", (const xmlChar *)edition->locale);
    xmlSetProp(root, (const xmlChar *)"id", (const xmlChar *)pub->id);
    return doc;
}

static const struct edition *S_edition(const struct publication *pub, const char *lang,
                                       struct diag_list *diags)
{
    const struct edition *edition = publication_edition(pub, lang);
    if (!edition)
        diag_add(diags, DIAG_ERROR, pub->path, 0, "the publication has no %s edition", lang);
    return edition;
}

xmlDoc *localize_publication(const struct publication *pub, const char *lang, int draft,
                             struct diag_list *diags)
{
    const struct edition *edition = S_edition(pub, lang, diags);
    return edition ? S_localize(pub, xmlCopyDoc(pub->doc, 1), edition, draft, diags) : NULL;
}

xmlDoc *localize_publication_take(struct publication *pub, const char *lang, int draft,
                                  struct diag_list *diags)
{
    const struct edition *edition = S_edition(pub, lang, diags);
    if (!edition)
        return NULL;
    xmlDoc *doc = pub->doc;
    pub->doc = NULL;
    return S_localize(pub, doc, edition, draft, diags);
}
