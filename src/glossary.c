#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "check.h"
#include "glossary.h"
#include "util.h"

#define S_TBX_NS "urn:iso:std:iso:30042:ed-2"

static int S_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)name);
}

/* Runs of white space as one space, none at either end; malloc'ed. */
static char *S_normalise(const char *s)
{
    struct buf b = {0};
    int pending = 0;
    for (; s && *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            pending = b.len > 0;
            continue;
        }
        if (pending)
            buf_put(&b, " ", 1);
        pending = 0;
        buf_put(&b, s, 1);
    }
    return b.data ? b.data : xstrdup("");
}

static char *S_content(const xmlNode *n)
{
    xmlChar *s = xmlNodeGetContent(n);
    char *r = S_normalise((const char *)s);
    xmlFree(s);
    return r;
}

/* The language of a langSec: xml:lang's primary subtag ("es-PE" -> "es"). */
static char *S_lang(xmlNode *n)
{
    xmlChar *l = xmlGetNsProp(n, (const xmlChar *)"lang", XML_XML_NAMESPACE);
    if (!l)
        return NULL;
    char *r = xstrndup((const char *)l, strcspn((const char *)l, "-_"));
    xmlFree(l);
    return r;
}

static int S_forbidden(xmlNode *term_sec)
{
    for (xmlNode *c = term_sec->children; c; c = c->next) {
        if (!S_is(c, "termNote"))
            continue;
        xmlChar *type = xmlGetProp(c, (const xmlChar *)"type");
        xmlChar *v = xmlNodeGetContent(c);
        int admin = type && xmlStrEqual(type, (const xmlChar *)"administrativeStatus");
        int bad = admin && v &&
                  (xmlStrstr(v, (const xmlChar *)"deprecated") ||
                   xmlStrstr(v, (const xmlChar *)"superseded"));
        xmlFree(type);
        xmlFree(v);
        if (bad)
            return 1;
    }
    return 0;
}

static int S_read_concept(struct glossary *g, xmlNode *entry, const char *path,
                          struct diag_list *diags)
{
    struct glossary_concept c = {0};
    xmlChar *id = xmlGetProp(entry, (const xmlChar *)"id");
    c.id = id ? xstrdup((const char *)id) : NULL;
    xmlFree(id);
    c.file = xstrdup(path);
    c.line = xmlGetLineNo(entry);
    int rc = 0;
    for (xmlNode *ls = entry->children; ls; ls = ls->next) {
        if (!S_is(ls, "langSec") && !S_is(ls, "langSet"))
            continue;
        char *lang = S_lang(ls);
        if (!lang) {
            diag_add(diags, DIAG_ERROR, path, xmlGetLineNo(ls), "<%s> has no xml:lang",
                     (const char *)ls->name);
            rc = -1;
            continue;
        }
        for (xmlNode *ts = ls->children; ts; ts = ts->next) {
            if (!S_is(ts, "termSec") && !S_is(ts, "tig") && !S_is(ts, "ntig"))
                continue;
            xmlNode *term = NULL;
            for (xmlNode *t = ts->children; t && !term; t = t->next)
                if (S_is(t, "term"))
                    term = t;
                else if (S_is(t, "termGrp")) /* ntig */
                    for (xmlNode *u = t->children; u && !term; u = u->next)
                        if (S_is(u, "term"))
                            term = u;
            char *text = term ? S_content(term) : NULL;
            if (!text || !*text) {
                diag_add(diags, DIAG_ERROR, path, xmlGetLineNo(ts), "<%s> has no term",
                         (const char *)ts->name);
                free(text);
                rc = -1;
                continue;
            }
            c.terms = xrealloc(c.terms, (c.count + 1) * sizeof *c.terms);
            c.terms[c.count++] = (struct glossary_term){xstrdup(lang), text, S_forbidden(ts)};
        }
        free(lang);
    }
    g->items = xrealloc(g->items, (g->count + 1) * sizeof *g->items);
    g->items[g->count++] = c;
    return rc;
}

static void S_parse_error(void *ctx, xmlErrorPtr error)
{
    struct diag_list *diags = ctx;
    char *msg = xstrdup(error->message ? error->message : "malformed XML");
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    diag_add(diags, DIAG_ERROR, error->file, error->line, "%s", msg);
    free(msg);
}

static int S_walk(struct glossary *g, xmlNode *node, const char *path, struct diag_list *diags)
{
    int rc = 0;
    for (xmlNode *n = node; n; n = n->next) {
        if (S_is(n, "conceptEntry") || S_is(n, "termEntry"))
            rc |= S_read_concept(g, n, path, diags);
        else if (n->type == XML_ELEMENT_NODE)
            rc |= S_walk(g, n->children, path, diags);
    }
    return rc;
}

int glossary_load(struct glossary *g, const char *path, struct diag_list *diags)
{
    size_t errors = diags->errors;
    int len;
    char *text = load_read_xml_file(path, "a glossary", &len, diags);
    if (!text)
        return -1;
    xmlSetStructuredErrorFunc(diags, S_parse_error);
    xmlDoc *doc = xmlReadMemory(text, len, path, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                    XML_PARSE_BIG_LINES);
    xmlSetStructuredErrorFunc(NULL, NULL);
    free(text);
    if (!doc || diags->errors > errors) {
        if (diags->errors == errors)
            diag_add(diags, DIAG_ERROR, path, 0, "cannot read it as XML");
        xmlFreeDoc(doc);
        return -1;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    int rc = 0;
    if (doc->intSubset || !S_is(root, "tbx") ||
        (root->ns && !xmlStrEqual(root->ns->href, (const xmlChar *)S_TBX_NS))) {
        diag_add(diags, DIAG_ERROR, path, root ? xmlGetLineNo(root) : 0,
                 "not a TBX glossary: the root must be <tbx xmlns=\"" S_TBX_NS "\">, with "
                 "no <!DOCTYPE>");
        rc = -1;
    } else {
        rc = S_walk(g, root->children, path, diags);
    }
    xmlFreeDoc(doc);
    return rc;
}

void glossary_free(struct glossary *g)
{
    for (size_t i = 0; i < g->count; i++) {
        struct glossary_concept *c = &g->items[i];
        for (size_t j = 0; j < c->count; j++) {
            free(c->terms[j].lang);
            free(c->terms[j].text);
        }
        free(c->terms);
        free(c->id);
        free(c->file);
    }
    free(g->items);
    g->items = NULL;
    g->count = 0;
}

/* Folds ASCII and Latin-1 capitals (U+00C0-U+00DE, but ×) to lower case
 * in place; the length stays. */
static void S_fold(char *s)
{
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (unsigned char)(*p + 32);
        else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) {
            p[1] = (unsigned char)(p[1] + 32);
            p++;
        }
    }
}

/* True when a word character (a letter or digit, Latin letters beyond
 * ASCII included) ends just before `at`, or starts at `at`. */
static int S_word_before(const char *text, size_t at)
{
    if (at == 0)
        return 0;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = at - 1;
    while (i > 0 && (s[i] & 0xC0) == 0x80)
        i--;
    if (s[i] < 0x80)
        return (s[i] >= '0' && s[i] <= '9') || ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z');
    return s[i] >= 0xC3 && s[i] <= 0xC9; /* U+00C0-U+027F: accented Latin letters */
}

static int S_word_at(const char *text, size_t at)
{
    const unsigned char c = (unsigned char)text[at];
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
    return c >= 0xC3 && c <= 0xC9;
}

static int S_has_lower(const char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            return 1;
    return 0;
}

int glossary_match(const char *text, const char *term)
{
    char *t = S_normalise(text), *w = S_normalise(term);
    int found = 0;
    if (*w) {
        char *ft = xstrdup(t), *fw = xstrdup(w);
        if (S_has_lower(w)) {
            S_fold(ft);
            S_fold(fw);
        }
        size_t n = strlen(fw);
        for (const char *p = ft; !found && (p = strstr(p, fw)); p++) {
            size_t at = (size_t)(p - ft);
            found = !S_word_before(t, at) && !S_word_at(t, at + n);
        }
        free(ft);
        free(fw);
    }
    free(t);
    free(w);
    return found;
}

/* The agreed terms of a concept in `lang`, as "'A' or 'B'"; malloc'ed,
 * NULL when it has none. */
static char *S_agreed(const struct glossary_concept *c, const char *lang)
{
    struct buf b = {0};
    for (size_t i = 0; i < c->count; i++)
        if (!c->terms[i].forbidden && strcmp(c->terms[i].lang, lang) == 0)
            buf_printf(&b, "%s'%s'", b.len ? " or " : "", c->terms[i].text);
    return b.data;
}

/* One source text and its translation (a unit, or a paragraph of it). */
static void S_check_pair(const struct glossary *g, const struct publication *pub, const char *lang,
                         const xmlNode *source, const xmlNode *target, struct diag_list *diags)
{
    char *s = S_content(source), *t = S_content(target);
    for (size_t i = 0; i < g->count; i++) {
        const struct glossary_concept *c = &g->items[i];
        const char *said = NULL;
        int agreed_used = 0;
        for (size_t j = 0; j < c->count; j++) {
            const struct glossary_term *term = &c->terms[j];
            if (!term->forbidden && !said && strcmp(term->lang, pub->source_lang) == 0 &&
                glossary_match(s, term->text))
                said = term->text;
            if (!term->forbidden && strcmp(term->lang, lang) == 0 && glossary_match(t, term->text))
                agreed_used = 1;
            if (term->forbidden && strcmp(term->lang, lang) == 0 && glossary_match(t, term->text)) {
                char *agreed = S_agreed(c, lang);
                diag_add_node(diags, DIAG_WARNING, target,
                              "glossary: the %s translation uses '%s', a term the glossary "
                              "(%s:%ld) forbids%s%s",
                              lang, term->text, c->file, c->line, agreed ? "; say " : "",
                              agreed ? agreed : "");
                free(agreed);
            }
        }
        char *agreed = said && !agreed_used ? S_agreed(c, lang) : NULL;
        if (agreed)
            diag_add_node(diags, DIAG_WARNING, target,
                          "glossary: the %s source says '%s' and the %s translation has no %s "
                          "(%s:%ld)",
                          pub->source_lang, said, lang, agreed, c->file, c->line);
        free(agreed);
    }
    free(s);
    free(t);
}

static size_t S_paragraphs(const xmlNode *n, const xmlNode **out, size_t max)
{
    size_t k = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (S_is(c, "p")) {
            if (k < max)
                out[k] = c;
            k++;
        }
    return k;
}

static void S_check_unit(const struct glossary *g, const struct publication *pub, xmlNode *unit,
                         struct diag_list *diags)
{
    xmlNode *source = check_language_child(unit, pub->source_lang);
    if (!source)
        return;
    for (size_t i = 0; i < pub->edition_count; i++) {
        const char *lang = pub->editions[i].lang;
        xmlNode *target = check_language_child(unit, lang);
        if (!target || target == source)
            continue;
        /* paragraph by paragraph when they pair, so the line is the one */
        enum { MAX = 64 };
        const xmlNode *sp[MAX], *tp[MAX];
        size_t ns = S_paragraphs(source, sp, MAX), nt = S_paragraphs(target, tp, MAX);
        if (ns > 0 && ns == nt && ns <= MAX)
            for (size_t k = 0; k < ns; k++)
                S_check_pair(g, pub, lang, sp[k], tp[k], diags);
        else
            S_check_pair(g, pub, lang, source, target, diags);
    }
}

static void S_check_units(const struct glossary *g, const struct publication *pub, xmlNode *node,
                          struct diag_list *diags)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (check_is_unit(pub, n))
            S_check_unit(g, pub, n, diags);
        else
            S_check_units(g, pub, n->children, diags);
    }
}

void glossary_check(const struct glossary *g, const struct publication *pub,
                    struct diag_list *diags)
{
    if (g->count && pub->source_lang)
        S_check_units(g, pub, xmlDocGetRootElement(pub->doc), diags);
}

int glossary_check_publication(const struct publication *pub, struct diag_list *diags)
{
    const char *slash = strrchr(pub->path, '/');
    char *dir = slash ? xstrndup(pub->path, (size_t)(slash - pub->path)) : xstrdup(".");
    char *parent = path_parent(dir);
    char *paths[] = {path_join(parent, "glossary.tbx"), path_join(dir, "glossary.tbx")};
    struct glossary g = {0};
    int rc = 0;
    for (size_t i = 0; i < 2; i++) {
        struct stat st;
        if (stat(paths[i], &st) == 0)
            rc |= glossary_load(&g, paths[i], diags);
        free(paths[i]);
    }
    if (rc == 0)
        glossary_check(&g, pub, diags);
    glossary_free(&g);
    free(parent);
    free(dir);
    return rc;
}
