#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/uri.h>

#include "refs.h"
#include "util.h"

#define RNG_NS (const xmlChar *)"http://relaxng.org/ns/structure/1.0"
#define SCHEMA_NS (const xmlChar *)"urn:folio:schema"
#define MAX_DEPTH 8 /* includes inside includes */

static int S_rng(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, RNG_NS) &&
           strcmp((const char *)n->name, name) == 0;
}

static char *S_take(xmlChar *v)
{
    char *s = v ? xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static void S_add_figure(struct kind_refs *refs, const xmlNode *attr, const char *element)
{
    xmlChar *format = xmlGetNsProp(attr, (const xmlChar *)"format", SCHEMA_NS);
    if (format && xmlStrEqual(format, (const xmlChar *)"figure")) {
        refs->figures = xrealloc(refs->figures, (refs->figure_count + 1) * sizeof *refs->figures);
        struct kind_attr *f = &refs->figures[refs->figure_count++];
        f->element = element ? xstrdup(element) : NULL;
        f->attr = S_take(xmlGetProp(attr, (const xmlChar *)"name"));
        if (!f->attr)
            f->attr = xstrdup("");
    }
    xmlFree(format);
}

static void S_add(struct kind_refs *refs, const xmlNode *attr, const char *element)
{
    S_add_figure(refs, attr, element);
    xmlChar *target = xmlGetNsProp(attr, (const xmlChar *)"refers-to", SCHEMA_NS);
    if (!target)
        return;
    refs->items = xrealloc(refs->items, (refs->count + 1) * sizeof *refs->items);
    struct kind_ref *r = &refs->items[refs->count++];
    r->element = element ? xstrdup(element) : NULL;
    r->attr = S_take(xmlGetProp(attr, (const xmlChar *)"name"));
    r->target = xmlStrEqual(target, (const xmlChar *)"*") ? NULL : xstrdup((const char *)target);
    r->words = S_take(xmlGetNsProp(attr, (const xmlChar *)"refers-to-words", SCHEMA_NS));
    if (!r->words)
        r->words = xstrdup(r->target ? r->target : "element");
    if (!r->attr)
        r->attr = xstrdup("");
    r->having = S_take(xmlGetNsProp(attr, (const xmlChar *)"refers-to-having", SCHEMA_NS));
    xmlFree(target);
}

static int S_read(struct kind_refs *refs, const char *path, int depth);

/* `element`: the name of the nearest <element> around n, or NULL. */
static void S_walk(struct kind_refs *refs, const xmlNode *n, const char *element, int depth)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (S_rng(n, "attribute")) {
            S_add(refs, n, element);
        } else if (S_rng(n, "element")) {
            xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
            S_walk(refs, n->children, (const char *)name, depth);
            xmlFree(name);
        } else if (S_rng(n, "include") && depth < MAX_DEPTH) {
            S_walk(refs, n->children, element, depth);
            xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
            xmlChar *uri = href ? xmlBuildURI(href, n->doc->URL) : NULL;
            if (uri)
                S_read(refs, (const char *)uri, depth + 1);
            xmlFree(uri);
            xmlFree(href);
        } else {
            S_walk(refs, n->children, element, depth);
        }
    }
}

static int S_read(struct kind_refs *refs, const char *path, int depth)
{
    xmlDoc *doc =
        xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        return -1;
    }
    S_walk(refs, root, NULL, depth);
    xmlFreeDoc(doc);
    return 0;
}

int refs_read(struct kind_refs *refs, const char *schema_path)
{
    memset(refs, 0, sizeof *refs);
    return S_read(refs, schema_path, 0);
}

void refs_free(struct kind_refs *refs)
{
    for (size_t i = 0; i < refs->count; i++) {
        free(refs->items[i].element);
        free(refs->items[i].attr);
        free(refs->items[i].target);
        free(refs->items[i].words);
        free(refs->items[i].having);
    }
    free(refs->items);
    for (size_t i = 0; i < refs->figure_count; i++) {
        free(refs->figures[i].element);
        free(refs->figures[i].attr);
    }
    free(refs->figures);
    memset(refs, 0, sizeof *refs);
}
