#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlregexp.h>
#include <libxml/xmlschemastypes.h>

#include "explain.h"
#include "util.h"

#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define XSD_TYPES "http://www.w3.org/2001/XMLSchema-datatypes"

/* The matcher backtracks; a schema and content that make it explore this
 * many steps are left to the validator's words. */
#define MAX_STEPS 200000
#define MAX_EXPECTED 12
#define MAX_FORMS 6

#define MAX_INCLUDES 8

struct explain_schema {
    xmlDoc *rng;
    xmlDoc *included[MAX_INCLUDES]; /* the files its <include>s name */
    size_t n_included;
    const xmlNode *start;
    xmlHashTable *defines; /* name → <define>, across the included files */
};

/* ---- the schema ------------------------------------------------------ */

static int S_rng(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           strcmp((const char *)n->ns->href, RNG_NS) == 0 &&
           (!name || strcmp((const char *)n->name, name) == 0);
}

/* A pattern element (not a <param>, a name class or a <define>). */
static int S_is_pattern(const xmlNode *n)
{
    static const char *const patterns[] = {"element",    "attribute",   "group",      "interleave",
                                           "choice",     "optional",    "zeroOrMore", "oneOrMore",
                                           "list",       "mixed",       "ref",        "parentRef",
                                           "empty",      "text",        "value",      "data",
                                           "notAllowed", "externalRef", "grammar"};
    if (!S_rng(n, NULL))
        return 0;
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++)
        if (strcmp((const char *)n->name, patterns[i]) == 0)
            return 1;
    return 0;
}

static const xmlNode *S_pattern_from(const xmlNode *n)
{
    while (n && !S_is_pattern(n))
        n = n->next;
    return n;
}

static char *S_prop(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = v ? xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static int S_named(const xmlNode *p, const char *name)
{
    xmlChar *v = xmlGetProp(p, (const xmlChar *)"name");
    int same = v && name && strcmp((const char *)v, name) == 0;
    xmlFree(v);
    return same;
}

static const xmlNode *S_define(const struct explain_schema *s, const xmlNode *ref)
{
    xmlChar *name = xmlGetProp(ref, (const xmlChar *)"name");
    const xmlNode *d = name ? xmlHashLookup(s->defines, name) : NULL;
    xmlFree(name);
    return d;
}

static xmlDoc *S_read_rng(const char *path)
{
    return xmlReadFile(
        path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
}

static void S_index_defines(struct explain_schema *s, const xmlNode *n);

/* <include href="../common.rng"/>: the file, relative to the one that
 * names it. Its own <define>s come first, as they override the file's. */
static void S_index_include(struct explain_schema *s, const xmlNode *inc)
{
    S_index_defines(s, inc->children);
    xmlChar *href = xmlGetProp(inc, (const xmlChar *)"href");
    xmlChar *uri = href ? xmlBuildURI(href, inc->doc->URL) : NULL;
    xmlDoc *doc = uri && s->n_included < MAX_INCLUDES ? S_read_rng((const char *)uri) : NULL;
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (S_rng(root, "grammar")) {
        s->included[s->n_included++] = doc;
        S_index_defines(s, root->children);
    } else {
        xmlFreeDoc(doc);
    }
    xmlFree(uri);
    xmlFree(href);
}

static void S_index_defines(struct explain_schema *s, const xmlNode *n)
{
    for (; n; n = n->next) {
        if (S_rng(n, "define")) {
            xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
            if (name)
                xmlHashAddEntry(s->defines, name, (void *)n);
            xmlFree(name);
        } else if (S_rng(n, "start") && !s->start) {
            s->start = n;
        } else if (S_rng(n, "div")) {
            S_index_defines(s, n->children);
        } else if (S_rng(n, "include")) {
            S_index_include(s, n);
        }
    }
}

struct explain_schema *explain_open(const char *schema_path)
{
    xmlDoc *rng = S_read_rng(schema_path);
    xmlNode *root = rng ? xmlDocGetRootElement(rng) : NULL;
    if (!S_rng(root, "grammar")) {
        xmlFreeDoc(rng);
        return NULL;
    }
    xmlSchemaInitTypes();
    struct explain_schema *s = xcalloc(1, sizeof *s);
    s->rng = rng;
    s->defines = xmlHashCreate(64);
    S_index_defines(s, root->children);
    if (!s->start) {
        explain_close(s);
        return NULL;
    }
    return s;
}

void explain_close(struct explain_schema *s)
{
    if (!s)
        return;
    xmlHashFree(s->defines, NULL);
    for (size_t i = 0; i < s->n_included; i++)
        xmlFreeDoc(s->included[i]);
    xmlFreeDoc(s->rng);
    free(s);
}

/* The comment written just before a schema node (or its a:documentation),
 * trimmed to one line; malloc'ed or NULL. */
static char *S_documentation(const xmlNode *n)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "documentation") == 0) {
            xmlChar *t = xmlNodeGetContent(c);
            char *s = xstrdup(t ? (const char *)t : "");
            xmlFree(t);
            return s;
        }
    const xmlNode *prev = n ? n->prev : NULL;
    while (prev && prev->type == XML_TEXT_NODE)
        prev = prev->prev;
    if (!prev || prev->type != XML_COMMENT_NODE || !prev->content)
        return NULL;
    struct buf b = {0};
    int space = 0;
    for (const char *p = (const char *)prev->content; *p; p++) {
        if (isspace((unsigned char)*p)) {
            space = b.len > 0;
            continue;
        }
        if (space)
            buf_puts(&b, " ");
        space = 0;
        buf_put(&b, p, 1);
    }
    return b.data;
}

/* ---- content matching ------------------------------------------------ */

/* What remains to match after a pattern: the patterns after it in its
 * group, another round of a repetition, the other members of an
 * interleave, or (K_AT) nothing at all from `pos`. */
enum k_kind { K_SEQ, K_REPEAT, K_INTERLEAVE, K_AT };
struct k {
    enum k_kind kind;
    const xmlNode *p;
    size_t pos;
    unsigned mask;
    const struct k *next;
};

struct matcher {
    const struct explain_schema *s;
    xmlNode **kids;
    size_t n;
    const xmlNode **assigned; /* the <element> pattern each child matched */
    size_t furthest;          /* the furthest child any attempt failed at */
    const char *expected[MAX_EXPECTED];
    size_t nexpected;
    int end_ok; /* the element could end at `furthest` */
    long steps;
    int gave_up;
};

static void S_expect(struct matcher *m, size_t pos, const char *name)
{
    if (pos > m->furthest) {
        m->furthest = pos;
        m->nexpected = 0;
        m->end_ok = 0;
    }
    if (pos < m->furthest)
        return;
    if (!name) {
        m->end_ok = 1;
        return;
    }
    for (size_t i = 0; i < m->nexpected; i++)
        if (strcmp(m->expected[i], name) == 0)
            return;
    if (m->nexpected < MAX_EXPECTED)
        m->expected[m->nexpected++] = name;
}

static int S_match(struct matcher *m, const xmlNode *p, size_t pos, const struct k *k);
static int S_interleave(struct matcher *m, const xmlNode *p, unsigned mask, size_t pos,
                        const struct k *k);

static int S_seq(struct matcher *m, const xmlNode *first, size_t pos, const struct k *k);

static int S_cont(struct matcher *m, const struct k *k, size_t pos)
{
    if (!k) {
        if (pos == m->n)
            return 1;
        S_expect(m, pos, NULL);
        return 0;
    }
    switch (k->kind) {
    case K_SEQ:
        return S_seq(m, k->p, pos, k->next);
    case K_REPEAT:
        if (pos > k->pos) {
            struct k again = {K_REPEAT, k->p, pos, 0, k->next};
            if (S_seq(m, k->p->children, pos, &again))
                return 1;
        }
        return S_cont(m, k->next, pos);
    case K_INTERLEAVE:
        /* a member matching nothing is tried once, at the end */
        return pos > k->pos && S_interleave(m, k->p, k->mask, pos, k->next);
    case K_AT:
        return pos == k->pos;
    }
    return 0;
}

static int S_seq(struct matcher *m, const xmlNode *first, size_t pos, const struct k *k)
{
    first = S_pattern_from(first);
    if (!first)
        return S_cont(m, k, pos);
    const xmlNode *rest = S_pattern_from(first->next);
    if (!rest)
        return S_match(m, first, pos, k);
    struct k seq = {K_SEQ, rest, 0, 0, k};
    return S_match(m, first, pos, &seq);
}

static int S_interleave(struct matcher *m, const xmlNode *p, unsigned mask, size_t pos,
                        const struct k *k)
{
    const xmlNode *members[32];
    size_t count = 0;
    for (const xmlNode *c = S_pattern_from(p->children); c && count < 32;
         c = S_pattern_from(c->next))
        members[count++] = c;
    for (size_t j = 0; j < count; j++) {
        if (mask & (1u << j))
            continue;
        struct k after = {K_INTERLEAVE, p, pos, mask | (1u << j), k};
        if (S_match(m, members[j], pos, &after))
            return 1;
    }
    for (size_t j = 0; j < count; j++) {
        if (mask & (1u << j))
            continue;
        struct k at = {K_AT, NULL, pos, 0, NULL};
        if (!S_match(m, members[j], pos, &at))
            return 0;
    }
    return S_cont(m, k, pos);
}

static int S_match(struct matcher *m, const xmlNode *p, size_t pos, const struct k *k)
{
    if (m->gave_up || ++m->steps > MAX_STEPS) {
        m->gave_up = 1;
        return 0;
    }
    const char *what = (const char *)p->name;
    if (strcmp(what, "element") == 0) {
        xmlChar *want = xmlGetProp(p, (const xmlChar *)"name");
        if (!want) { /* a name class: beyond what this module reads */
            m->gave_up = 1;
            return 0;
        }
        int same = pos < m->n && strcmp((const char *)m->kids[pos]->name, (char *)want) == 0;
        if (!same) {
            /* the name lives as long as the schema: point at the attribute's text */
            xmlAttr *a = xmlHasProp(p, (const xmlChar *)"name");
            S_expect(m, pos, (const char *)a->children->content);
        }
        xmlFree(want);
        if (!same)
            return 0;
        m->assigned[pos] = p;
        return S_cont(m, k, pos + 1);
    }
    if (strcmp(what, "attribute") == 0 || strcmp(what, "text") == 0 || strcmp(what, "empty") == 0 ||
        strcmp(what, "data") == 0 || strcmp(what, "value") == 0 || strcmp(what, "list") == 0)
        return S_cont(m, k, pos);
    if (strcmp(what, "notAllowed") == 0)
        return 0;
    if (strcmp(what, "group") == 0 || strcmp(what, "mixed") == 0)
        return S_seq(m, p->children, pos, k);
    if (strcmp(what, "choice") == 0) {
        for (const xmlNode *a = S_pattern_from(p->children); a; a = S_pattern_from(a->next))
            if (S_match(m, a, pos, k))
                return 1;
        return 0;
    }
    if (strcmp(what, "optional") == 0)
        return S_seq(m, p->children, pos, k) || S_cont(m, k, pos);
    if (strcmp(what, "zeroOrMore") == 0 || strcmp(what, "oneOrMore") == 0) {
        struct k round = {K_REPEAT, p, pos, 0, k};
        if (S_seq(m, p->children, pos, &round))
            return 1;
        return what[0] == 'z' && S_cont(m, k, pos);
    }
    if (strcmp(what, "ref") == 0) {
        const xmlNode *d = S_define(m->s, p);
        if (!d) {
            m->gave_up = 1;
            return 0;
        }
        return S_seq(m, d->children, pos, k);
    }
    if (strcmp(what, "interleave") == 0)
        return S_interleave(m, p, 0, pos, k);
    m->gave_up = 1; /* parentRef, externalRef, nested grammars */
    return 0;
}

/* ---- what a pattern holds -------------------------------------------- */

/* Does the content of a pattern (not inside child elements) allow text? */
static int S_allows_text(const struct explain_schema *s, const xmlNode *first, int depth)
{
    if (depth > 32)
        return 1;
    for (const xmlNode *p = S_pattern_from(first); p; p = S_pattern_from(p->next)) {
        const char *what = (const char *)p->name;
        if (strcmp(what, "text") == 0 || strcmp(what, "mixed") == 0 || strcmp(what, "data") == 0 ||
            strcmp(what, "value") == 0 || strcmp(what, "list") == 0)
            return 1;
        if (strcmp(what, "ref") == 0) {
            const xmlNode *d = S_define(s, p);
            if (!d || S_allows_text(s, d->children, depth + 1))
                return 1;
        } else if (strcmp(what, "element") != 0 && strcmp(what, "attribute") != 0 &&
                   S_allows_text(s, p->children, depth + 1)) {
            return 1;
        }
    }
    return 0;
}

/* The <element> pattern named `name` in a pattern's content (not inside
 * child elements), or NULL. */
static const xmlNode *S_find_element(const struct explain_schema *s, const xmlNode *first,
                                     const char *name, int depth)
{
    if (depth > 32)
        return NULL;
    for (const xmlNode *p = S_pattern_from(first); p; p = S_pattern_from(p->next)) {
        const char *what = (const char *)p->name;
        const xmlNode *found = NULL;
        if (strcmp(what, "element") == 0)
            found = S_named(p, name) ? p : NULL;
        else if (strcmp(what, "ref") == 0)
            found = S_define(s, p) ? S_find_element(s, S_define(s, p)->children, name, depth + 1)
                                   : NULL;
        else if (strcmp(what, "attribute") != 0)
            found = S_find_element(s, p->children, name, depth + 1);
        if (found)
            return found;
    }
    return NULL;
}

/* The element names a pattern's content mentions, for "did you mean". */
static void S_element_names(const struct explain_schema *s, const xmlNode *first,
                            const char **names, size_t *count, size_t cap, int depth)
{
    if (depth > 32)
        return;
    for (const xmlNode *p = S_pattern_from(first); p; p = S_pattern_from(p->next)) {
        const char *what = (const char *)p->name;
        if (strcmp(what, "element") == 0) {
            xmlAttr *a = xmlHasProp(p, (const xmlChar *)"name");
            if (a && a->children && *count < cap)
                names[(*count)++] = (const char *)a->children->content;
        } else if (strcmp(what, "ref") == 0) {
            if (S_define(s, p))
                S_element_names(s, S_define(s, p)->children, names, count, cap, depth + 1);
        } else if (strcmp(what, "attribute") != 0) {
            S_element_names(s, p->children, names, count, cap, depth + 1);
        }
    }
}

/* Edit distance (insertions, deletions, substitutions), for names. */
static size_t S_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 60 || lb > 60)
        return 99;
    size_t row[61];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The name among `names` closest to `typed`, if it is close enough to be
 * a slip. */
static const char *S_closest(const char *typed, const char *const *names, size_t count)
{
    const char *best = NULL;
    size_t best_d = 99, len = strlen(typed);
    size_t allowed = len < 3 ? 0 : len < 5 ? 1 : len < 9 ? 2 : 3;
    for (size_t i = 0; i < count; i++) {
        size_t d = S_distance(typed, names[i]);
        if (d < best_d && d > 0) {
            best = names[i];
            best_d = d;
        }
    }
    return best_d <= allowed ? best : NULL;
}

/* ---- attribute values ------------------------------------------------ */

static const char *S_datatype_library(const xmlNode *p)
{
    for (; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
        xmlAttr *a = xmlHasProp(p, (const xmlChar *)"datatypeLibrary");
        if (a && a->children)
            return (const char *)a->children->content;
    }
    return "";
}

static char *S_collapse(const char *v)
{
    struct buf b = {0};
    buf_puts(&b, "");
    int space = 0;
    for (; *v; v++) {
        if (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r') {
            space = b.len > 0;
            continue;
        }
        if (space)
            buf_puts(&b, " ");
        space = 0;
        buf_put(&b, v, 1);
    }
    return b.data;
}

static int S_regex_matches(const char *pattern, const char *v)
{
    xmlRegexpPtr re = xmlRegexpCompile((const xmlChar *)pattern);
    if (!re)
        return 1; /* a pattern libxml2 cannot compile cannot be the reason */
    int ok = xmlRegexpExec(re, (const xmlChar *)v) == 1;
    xmlRegFreeRegexp(re);
    return ok;
}

/* The digits of a decimal as XML Schema's totalDigits counts them:
 * leading and trailing zeros left out. */
static long S_total_digits(const char *v)
{
    while (*v == '-' || *v == '+' || *v == '0')
        v++;
    long n = 0, zeros = 0;
    int after_point = 0;
    for (; *v; v++) {
        if (*v == '.') {
            after_point = 1;
        } else if (*v == '0' && after_point) {
            zeros++;
        } else if (*v >= '0' && *v <= '9') {
            n += zeros + 1;
            zeros = 0;
        }
    }
    return n;
}

static int S_data_ok(const xmlNode *p, const char *v)
{
    char *type = S_prop(p, "type");
    int ok = 1;
    if (type && strcmp(S_datatype_library(p), XSD_TYPES) == 0 && strcmp(type, "string") != 0 &&
        strcmp(type, "token") != 0) {
        xmlSchemaTypePtr t = xmlSchemaGetPredefinedType(
            (const xmlChar *)type, (const xmlChar *)"http://www.w3.org/2001/XMLSchema");
        xmlSchemaValPtr val = NULL;
        if (t)
            ok = xmlSchemaValPredefTypeNode(t, (const xmlChar *)v, &val, NULL) == 0;
        xmlSchemaFreeValue(val);
    }
    for (const xmlNode *c = p->children; ok && c; c = c->next) {
        if (!S_rng(c, "param"))
            continue;
        xmlChar *param = xmlNodeGetContent(c);
        if (S_named(c, "pattern"))
            ok = S_regex_matches((const char *)param, v);
        else if (S_named(c, "maxInclusive"))
            ok = strtod(v, NULL) <= strtod((const char *)param, NULL);
        else if (S_named(c, "totalDigits"))
            ok = S_total_digits(v) <= strtol((const char *)param, NULL, 10);
        xmlFree(param);
    }
    free(type);
    return ok;
}

static int S_value_ok(const struct explain_schema *s, const xmlNode *p, const char *v, int depth);

/* A value is made of one pattern; a group of one is that pattern. */
static int S_value_seq_ok(const struct explain_schema *s, const xmlNode *first, const char *v,
                          int depth)
{
    const xmlNode *p = S_pattern_from(first);
    return !p || S_value_ok(s, p, v, depth);
}

static int S_value_ok(const struct explain_schema *s, const xmlNode *p, const char *v, int depth)
{
    if (depth > 32)
        return 1;
    const char *what = (const char *)p->name;
    if (strcmp(what, "value") == 0) {
        char *type = S_prop(p, "type");
        xmlChar *want = xmlNodeGetContent(p);
        int ok;
        if (type && strcmp(type, "string") == 0) {
            ok = strcmp((const char *)want, v) == 0;
        } else {
            char *a = S_collapse((const char *)want), *b = S_collapse(v);
            ok = strcmp(a, b) == 0;
            free(a);
            free(b);
        }
        xmlFree(want);
        free(type);
        return ok;
    }
    if (strcmp(what, "data") == 0)
        return S_data_ok(p, v);
    if (strcmp(what, "choice") == 0) {
        for (const xmlNode *a = S_pattern_from(p->children); a; a = S_pattern_from(a->next))
            if (S_value_ok(s, a, v, depth + 1))
                return 1;
        return 0;
    }
    if (strcmp(what, "list") == 0) {
        /* the tokens of a list, each of the list's item pattern */
        const xmlNode *item = S_pattern_from(p->children);
        int needs_one = 0;
        while (item && (S_rng(item, "oneOrMore") || S_rng(item, "zeroOrMore"))) {
            needs_one |= S_rng(item, "oneOrMore");
            item = S_pattern_from(item->children);
        }
        char *copy = xstrdup(v);
        int ok = 1, tokens = 0;
        for (char *save = NULL, *t = strtok_r(copy, " \t\r\n", &save); t && ok;
             t = strtok_r(NULL, " \t\r\n", &save)) {
            tokens++;
            ok = !item || S_value_ok(s, item, t, depth + 1);
        }
        free(copy);
        return ok && (!needs_one || tokens > 0);
    }
    if (strcmp(what, "ref") == 0) {
        const xmlNode *d = S_define(s, p);
        return !d || S_value_seq_ok(s, d->children, v, depth + 1);
    }
    if (strcmp(what, "empty") == 0)
        return *v == '\0';
    if (strcmp(what, "notAllowed") == 0)
        return 0;
    if (strcmp(what, "group") == 0)
        return S_value_seq_ok(s, p->children, v, depth + 1);
    return 1; /* text, and what this module does not read */
}

/* ---- the form a pattern asks for ------------------------------------- */

struct forms {
    char *f[MAX_FORMS];
    size_t n;
};

static void S_forms_free(struct forms *fs)
{
    for (size_t i = 0; i < fs->n; i++)
        free(fs->f[i]);
    fs->n = 0;
}

/* Every form of `a` followed by every form of `b`. */
static int S_forms_product(struct forms *a, const struct forms *b)
{
    struct forms out = {{0}, 0};
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            if (out.n == MAX_FORMS) {
                S_forms_free(&out);
                return -1;
            }
            out.f[out.n++] = xasprintf("%s%s", a->f[i], b->f[j]);
        }
    S_forms_free(a);
    *a = out;
    return 0;
}

static int S_forms_append(struct forms *a, const char *text)
{
    struct forms one = {{xstrdup(text)}, 1};
    int rc = S_forms_product(a, &one);
    S_forms_free(&one);
    return rc;
}

/* The placeholder for a digit field a regular expression accepts: MM for
 * 01 to 12, DD for 01 to 31, N for each digit otherwise. */
static char *S_digit_field(const char *group)
{
    char *anchored = xasprintf("(%s)", group);
    xmlRegexpPtr re = xmlRegexpCompile((const xmlChar *)anchored);
    free(anchored);
    if (!re)
        return NULL;
    char *field = NULL;
    for (int width = 1; width <= 2 && !field; width++) {
        int limit = width == 1 ? 10 : 100, lo = -1, hi = -1, count = 0;
        for (int v = 0; v < limit; v++) {
            char text[3];
            snprintf(text, sizeof text, "%0*d", width, v);
            if (xmlRegexpExec(re, (const xmlChar *)text) == 1) {
                lo = lo < 0 ? v : lo;
                hi = v;
                count++;
            }
        }
        if (count == 0)
            continue;
        if (width == 2 && lo == 1 && hi == 12 && count == 12)
            field = xstrdup("MM");
        else if (width == 2 && lo == 1 && hi == 31 && count == 31)
            field = xstrdup("DD");
        else
            field = xstrdup(width == 1 ? "N" : "NN");
    }
    xmlRegFreeRegexp(re);
    return field;
}

static size_t S_group_end(const char *s)
{
    int depth = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\\' && s[i + 1]) {
            i++;
        } else if (s[i] == '(') {
            depth++;
        } else if (s[i] == ')' && --depth == 0) {
            return i;
        }
    }
    return 0;
}

/* Is a group a sequence with separators ("-(0[1-9]|[12][0-9]|3[01])")
 * rather than one digit field ("0[1-9]|1[0-2]")? */
static int S_has_separator(const char *s, size_t n)
{
    int depth = 0, sep = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            sep |= depth == 0 && strchr("-/:.", s[i + 1]) != NULL;
            i++;
        } else if (s[i] == '[') {
            while (i < n && s[i] != ']')
                i++;
        } else if (s[i] == '(') {
            depth++;
        } else if (s[i] == ')') {
            depth--;
        } else if (s[i] == '|' && depth == 0) {
            return 0;
        } else if (depth == 0 && strchr("-/: T", s[i])) {
            sep = 1;
        }
    }
    return sep;
}

/* Reads a regular expression made of digit fields and separators
 * ([0-9]{4}-(0[1-9]|1[0-2])(-...)?) into its forms; -1 for anything
 * else. */
static int S_parse_forms(const char *s, size_t n, struct forms *out)
{
    out->f[0] = xstrdup("");
    out->n = 1;
    size_t i = 0;
    while (i < n) {
        if (s[i] == '(') {
            size_t close = S_group_end(s + i);
            if (close == 0 || i + close >= n)
                return -1;
            const char *inner = s + i + 1;
            size_t inner_n = close - 1;
            i += close + 1;
            int optional = i < n && s[i] == '?';
            if (optional)
                i++;
            else if (i < n && strchr("*+{", s[i]))
                return -1;
            struct forms sub = {{0}, 0};
            if (S_has_separator(inner, inner_n)) {
                if (S_parse_forms(inner, inner_n, &sub) != 0) {
                    S_forms_free(&sub);
                    return -1;
                }
            } else {
                char *group = xstrndup(inner, inner_n);
                char *field = S_digit_field(group);
                free(group);
                if (!field)
                    return -1;
                sub.f[0] = field;
                sub.n = 1;
            }
            if (optional) {
                if (sub.n == MAX_FORMS) {
                    S_forms_free(&sub);
                    return -1;
                }
                sub.f[sub.n++] = xstrdup("");
                /* the shorter form first: "YYYY-MM or YYYY-MM-DD" */
                char *empty = sub.f[sub.n - 1];
                memmove(sub.f + 1, sub.f, (sub.n - 1) * sizeof *sub.f);
                sub.f[0] = empty;
            }
            int rc = S_forms_product(out, &sub);
            S_forms_free(&sub);
            if (rc != 0)
                return -1;
            continue;
        }
        int digits = 0;
        if (strncmp(s + i, "[0-9]", 5) == 0) {
            digits = 1;
            i += 5;
        } else if (strncmp(s + i, "\\d", 2) == 0) {
            digits = 1;
            i += 2;
        }
        if (digits) {
            int count = 1;
            if (i < n && s[i] == '{') {
                char *endp;
                long c = strtol(s + i + 1, &endp, 10);
                if (*endp != '}' || c < 1 || c > 8)
                    return -1;
                count = (int)c;
                i = (size_t)(endp - s) + 1;
            } else if (i < n && strchr("*+?", s[i])) {
                return -1;
            }
            char field[9];
            memset(field, 'N', (size_t)count);
            field[count] = '\0';
            if (S_forms_append(out, field) != 0)
                return -1;
            continue;
        }
        char lit[2] = {s[i], '\0'};
        if (s[i] == '\\' && i + 1 < n && strchr("-/:.", s[i + 1])) {
            lit[0] = s[i + 1];
            i += 2;
        } else if (strchr("-/: T", s[i]) && !(i + 1 < n && strchr("*+?{", s[i + 1]))) {
            i++;
        } else {
            return -1;
        }
        if (S_forms_append(out, lit) != 0)
            return -1;
    }
    return 0;
}

/* A form's runs of N become YYYY when the form has a month. */
static void S_name_years(struct forms *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        if (!strstr(fs->f[i], "MM"))
            continue;
        char *p = strstr(fs->f[i], "NNNN");
        if (p && p[4] != 'N')
            memcpy(p, "YYYY", 4);
    }
}

static char *S_join_forms(const struct forms *fs)
{
    struct buf b = {0};
    for (size_t i = 0; i < fs->n; i++)
        buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == fs->n ? " or " : ", ", fs->f[i]);
    return b.data;
}

char *explain_pattern_forms(const char *pattern)
{
    struct forms fs = {{0}, 0};
    char *joined = NULL;
    if (S_parse_forms(pattern, strlen(pattern), &fs) == 0 && fs.n > 0) {
        S_name_years(&fs);
        int any_field = 0;
        for (size_t i = 0; i < fs.n; i++)
            any_field |= strpbrk(fs.f[i], "NYMD") != NULL;
        if (any_field)
            joined = S_join_forms(&fs);
    }
    S_forms_free(&fs);
    return joined;
}

/* What is wrong with a value that has the shape of one of its forms: a
 * month or day out of range. NULL when nothing specific can be said. */
static const char *S_form_problem(const char *forms, const char *v)
{
    char *copy = xstrdup(forms);
    const char *problem = NULL;
    size_t vn = strlen(v);
    char *save = NULL;
    for (char *f = strtok_r(copy, " ,", &save); f && !problem; f = strtok_r(NULL, " ,", &save)) {
        if (strcmp(f, "or") == 0 || strlen(f) != vn)
            continue;
        int shape = 1;
        for (size_t i = 0; shape && i < vn; i++)
            shape = strchr("NYMD", f[i]) ? isdigit((unsigned char)v[i]) != 0 : f[i] == v[i];
        for (size_t i = 0; shape && i + 1 < vn && !problem; i++) {
            int num = (v[i] - '0') * 10 + (v[i + 1] - '0');
            if (f[i] == 'M' && f[i + 1] == 'M' && (num < 1 || num > 12))
                problem = "a month is 01 to 12";
            else if (f[i] == 'D' && f[i + 1] == 'D' && (num < 1 || num > 31))
                problem = "a day is 01 to 31";
        }
    }
    free(copy);
    return problem;
}

/* XML Schema datatypes in words. */
static const struct {
    const char *type;
    const char *words;
    const char *forms;
} datatypes[] = {
    {"NCName", "a single word of letters, digits, '-', '_' or '.', starting with a letter", NULL},
    {"ID", "a single word of letters, digits, '-', '_' or '.', starting with a letter", NULL},
    {"IDREF", "a single word of letters, digits, '-', '_' or '.', starting with a letter", NULL},
    {"gYear", NULL, "YYYY"},
    {"gYearMonth", NULL, "YYYY-MM"},
    {"date", NULL, "YYYY-MM-DD"},
    {"positiveInteger", "a whole number from 1 up, digits only", NULL},
    {"nonNegativeInteger", "a whole number from 0 up, digits only", NULL},
    {"integer", "a whole number, digits only", NULL},
    {"decimal", "a number in digits, with '.' before any decimals and no thousands separator",
     NULL},
    {"anyURI", "a web address such as https://example.org/", NULL},
    {"boolean", "true or false", NULL},
};

/* A datatype's bounds in words: ", at most 100", ", at most 15 digits". */
static char *S_bounds(const xmlNode *data)
{
    struct buf b = {0};
    buf_puts(&b, "");
    for (const xmlNode *c = data->children; c; c = c->next) {
        if (!S_rng(c, "param"))
            continue;
        xmlChar *param = xmlNodeGetContent(c);
        if (S_named(c, "maxInclusive"))
            buf_printf(&b, ", at most %s", (const char *)param);
        else if (S_named(c, "totalDigits"))
            buf_printf(&b, ", at most %s digits", (const char *)param);
        xmlFree(param);
    }
    return b.data;
}

struct expectation {
    struct buf words; /* "one of online, hybrid or in-person" */
    struct buf forms; /* "YYYY-MM or YYYY-MM-DD" */
    const char *type; /* the datatype, when one */
    char *doc;        /* a comment of the schema beside the definition */
};

static void S_expectation_free(struct expectation *e)
{
    buf_free(&e->words);
    buf_free(&e->forms);
    free(e->doc);
}

static void S_add_words(struct buf *b, const char *w)
{
    if (b->len && strstr(b->data, w))
        return;
    buf_printf(b, "%s%s", b->len ? "; or " : "", w);
}

static void S_add_forms(struct buf *b, const char *f)
{
    buf_printf(b, "%s%s", b->len ? " or " : "", f);
}

static void S_describe(const struct explain_schema *s, const xmlNode *p, struct expectation *e,
                       int depth);

static void S_describe_seq(const struct explain_schema *s, const xmlNode *first,
                           struct expectation *e, int depth)
{
    const xmlNode *p = S_pattern_from(first);
    if (p)
        S_describe(s, p, e, depth);
}

static void S_describe(const struct explain_schema *s, const xmlNode *p, struct expectation *e,
                       int depth)
{
    if (depth > 32)
        return;
    const char *what = (const char *)p->name;
    if (strcmp(what, "choice") == 0) {
        /* a choice of plain values reads as a list of them */
        struct buf values = {0};
        size_t n = 0, others = 0;
        for (const xmlNode *a = S_pattern_from(p->children); a; a = S_pattern_from(a->next))
            if (S_rng(a, "value"))
                n++;
            else
                others++;
        size_t i = 0;
        for (const xmlNode *a = S_pattern_from(p->children); a; a = S_pattern_from(a->next)) {
            if (!S_rng(a, "value")) {
                S_describe(s, a, e, depth + 1);
                continue;
            }
            xmlChar *v = xmlNodeGetContent(a);
            buf_printf(&values, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", (char *)v);
            xmlFree(v);
            i++;
        }
        if (n > 0) {
            char *w = xasprintf(n == 1 ? "%s" : "one of %s", values.data);
            S_add_words(&e->words, w);
            free(w);
        }
        buf_free(&values);
        (void)others;
    } else if (strcmp(what, "value") == 0) {
        xmlChar *v = xmlNodeGetContent(p);
        char *w = xasprintf("\"%s\"", (char *)v);
        S_add_words(&e->words, w);
        free(w);
        xmlFree(v);
    } else if (strcmp(what, "data") == 0) {
        char *type = S_prop(p, "type");
        int described = 0;
        for (const xmlNode *c = p->children; c; c = c->next) {
            if (!S_rng(c, "param") || !S_named(c, "pattern"))
                continue;
            xmlChar *pattern = xmlNodeGetContent(c);
            char *forms = explain_pattern_forms((const char *)pattern);
            if (forms) {
                S_add_forms(&e->forms, forms);
                described = 1;
            }
            free(forms);
            xmlFree(pattern);
        }
        for (size_t i = 0; type && !described && i < sizeof datatypes / sizeof datatypes[0]; i++) {
            if (strcmp(datatypes[i].type, type) != 0)
                continue;
            char *bounds = S_bounds(p);
            if (datatypes[i].forms) {
                S_add_forms(&e->forms, datatypes[i].forms);
            } else {
                char *w = xasprintf("%s%s", datatypes[i].words, bounds);
                S_add_words(&e->words, w);
                free(w);
            }
            free(bounds);
            e->type = datatypes[i].type;
            described = 1;
        }
        if (!described) {
            for (const xmlNode *c = p->children; c; c = c->next) {
                if (!S_rng(c, "param") || !S_named(c, "pattern"))
                    continue;
                xmlChar *pattern = xmlNodeGetContent(c);
                char *w = xasprintf("text of the form %s (a regular expression)", (char *)pattern);
                S_add_words(&e->words, w);
                free(w);
                xmlFree(pattern);
            }
        }
        free(type);
    } else if (strcmp(what, "list") == 0) {
        struct expectation item = {{0}, {0}, NULL, NULL};
        S_describe_seq(s, p->children, &item, depth + 1);
        const xmlNode *inner = S_pattern_from(p->children);
        while (inner && !S_rng(inner, "data") && !S_rng(inner, "value") && !S_rng(inner, "ref"))
            inner = S_pattern_from(inner->children);
        if (item.words.len) {
            char *w = xasprintf("%s, one or more separated by spaces", item.words.data);
            S_add_words(&e->words, w);
            free(w);
        }
        S_expectation_free(&item);
    } else if (strcmp(what, "ref") == 0) {
        const xmlNode *d = S_define(s, p);
        if (d) {
            S_describe_seq(s, d->children, e, depth + 1);
            if (!e->doc)
                e->doc = S_documentation(d);
        }
    } else if (strcmp(what, "oneOrMore") == 0 || strcmp(what, "zeroOrMore") == 0 ||
               strcmp(what, "group") == 0) {
        S_describe_seq(s, p->children, e, depth + 1);
    }
}

/* Characters that look right but are not what a value needs. */
static const char *S_character_problem(const char *v)
{
    if (strstr(v, "\xC2\xA0"))
        return "it contains a no-break space (U+00A0), which looks like a space";
    if (strstr(v, "\xE2\x80\x9C") || strstr(v, "\xE2\x80\x9D") || strstr(v, "\xE2\x80\x98") ||
        strstr(v, "\xE2\x80\x99") || strstr(v, "\xC2\xAB") || strstr(v, "\xC2\xBB"))
        return "it contains typographic quotes";
    return NULL;
}

/* The words for a refused value: what is wrong and what is expected. */
static char *S_value_message(const struct explain_schema *s, const xmlNode *attr_pattern,
                             const char *name, const char *v)
{
    struct expectation e = {{0}, {0}, NULL, NULL};
    const xmlNode *content = S_pattern_from(attr_pattern->children);
    if (content)
        S_describe(s, content, &e, 0);
    if (!e.doc)
        e.doc = S_documentation(attr_pattern);
    struct buf b = {0};
    buf_printf(&b, "%s=\"%s\": ", name, v);
    const char *problem = S_character_problem(v);
    const char *form_problem = !problem && e.forms.len ? S_form_problem(e.forms.data, v) : NULL;
    if (!problem && e.type && strcmp(e.type, "NCName") == 0 && strpbrk(v, " \t"))
        problem = "an id or a reference is one word, without spaces";
    if (form_problem) {
        buf_printf(&b, "%s, written %s", form_problem, e.forms.data);
    } else {
        if (problem)
            buf_printf(&b, "%s; ", problem);
        if (e.forms.len && e.words.len)
            buf_printf(&b, "write %s, or a value written %s", e.words.data, e.forms.data);
        else if (e.forms.len)
            buf_printf(&b, "write it as %s", e.forms.data);
        else if (e.words.len)
            buf_printf(&b, "write %s", e.words.data);
        else if (e.doc)
            buf_printf(&b, "not what the schema allows (%s)", e.doc);
        else
            buf_puts(&b, "not what the schema allows here");
    }
    S_expectation_free(&e);
    return b.data;
}

/* ---- explaining a document ------------------------------------------- */

struct ctx {
    const struct explain_schema *s;
    const char *const *langs;
    size_t count, limit;
    struct diag_list *diags;
};

static void S_say(struct ctx *c, const xmlNode *at, const char *fmt, ...) DIAG_PRINTF(3, 4);
static void S_say(struct ctx *c, const xmlNode *at, const char *fmt, ...)
{
    if (c->count >= c->limit)
        return;
    c->count++;
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_add_node(c->diags, DIAG_ERROR, at, "%s", msg);
    free(msg);
}

static int S_is_lang(const struct ctx *c, const char *name)
{
    for (size_t i = 0; c->langs && c->langs[i]; i++)
        if (strcmp(c->langs[i], name) == 0)
            return 1;
    return 0;
}

/* "a <title>", "an <es>" */
static const char *S_article(const char *name)
{
    return strchr("aeiou", name[0]) ? "an" : "a";
}

struct attr_decl {
    const xmlNode *p;
    int required;
};

static void S_collect_attrs(const struct explain_schema *s, const xmlNode *first, int required,
                            struct attr_decl *decls, size_t *count, size_t cap, int depth)
{
    if (depth > 32)
        return;
    for (const xmlNode *p = S_pattern_from(first); p; p = S_pattern_from(p->next)) {
        const char *what = (const char *)p->name;
        if (strcmp(what, "attribute") == 0) {
            if (*count < cap)
                decls[(*count)++] = (struct attr_decl){p, required};
        } else if (strcmp(what, "ref") == 0) {
            if (S_define(s, p))
                S_collect_attrs(s, S_define(s, p)->children, required, decls, count, cap,
                                depth + 1);
        } else if (strcmp(what, "group") == 0 || strcmp(what, "interleave") == 0 ||
                   strcmp(what, "oneOrMore") == 0 || strcmp(what, "mixed") == 0) {
            S_collect_attrs(s, p->children, required, decls, count, cap, depth + 1);
        } else if (strcmp(what, "element") != 0) {
            /* optional, zeroOrMore, choice: none of its attributes is needed on its own */
            S_collect_attrs(s, p->children, 0, decls, count, cap, depth + 1);
        }
    }
}

static void S_check_attributes(struct ctx *c, xmlNode *e, const xmlNode *p)
{
    struct attr_decl decls[64];
    size_t n = 0;
    S_collect_attrs(c->s, p->children, 1, decls, &n, 64, 0);
    const char *names[64];
    for (size_t i = 0; i < n; i++) {
        xmlAttr *a = xmlHasProp(decls[i].p, (const xmlChar *)"name");
        names[i] = a && a->children ? (const char *)a->children->content : "";
    }
    const char *suggested[64];
    size_t nsuggested = 0;
    for (xmlAttr *a = e->properties; a; a = a->next) {
        if (a->ns) /* xml:base and the like, which XInclude writes */
            continue;
        const char *name = (const char *)a->name;
        xmlChar *v = xmlNodeListGetString(e->doc, a->children, 1);
        const char *value = v ? (const char *)v : "";
        const xmlNode *decl = NULL;
        int ok = 0;
        for (size_t i = 0; i < n && !ok; i++) {
            if (strcmp(names[i], name) != 0)
                continue;
            const xmlNode *content = S_pattern_from(decls[i].p->children);
            decl = decls[i].p;
            ok = !content || S_value_ok(c->s, content, value, 0);
        }
        if (!decl) {
            const char *near = S_closest(name, names, n);
            struct buf list = {0};
            for (size_t i = 0; i < n; i++)
                if (!strstr(list.data ? list.data : "", names[i]))
                    buf_printf(&list, "%s%s", list.len ? ", " : "", names[i]);
            if (near && nsuggested < 64)
                suggested[nsuggested++] = near;
            if (near)
                S_say(c, e, "<%s> has no attribute %s=: did you mean %s=?", (const char *)e->name,
                      name, near);
            else if (n)
                S_say(c, e, "<%s> has no attribute %s= (its attributes: %s)", (const char *)e->name,
                      name, list.data);
            else
                S_say(c, e, "<%s> takes no attributes: remove %s=", (const char *)e->name, name);
            buf_free(&list);
        } else if (!ok) {
            char *msg = S_value_message(c->s, decl, name, value);
            S_say(c, e, "%s", msg);
            free(msg);
        }
        xmlFree(v);
    }
    for (size_t i = 0; i < n; i++) {
        if (!decls[i].required || xmlHasProp(e, (const xmlChar *)names[i]))
            continue;
        int seen = 0; /* the same name declared twice, or already suggested, is said once */
        for (size_t j = 0; j < i; j++)
            seen |= strcmp(names[j], names[i]) == 0;
        for (size_t j = 0; j < nsuggested; j++)
            seen |= strcmp(suggested[j], names[i]) == 0;
        if (seen)
            continue;
        struct expectation ex = {{0}, {0}, NULL, NULL};
        const xmlNode *content = S_pattern_from(decls[i].p->children);
        if (content)
            S_describe(c->s, content, &ex, 0);
        if (ex.words.len)
            S_say(c, e, "<%s> needs a %s= attribute: %s", (const char *)e->name, names[i],
                  ex.words.data);
        else if (ex.forms.len)
            S_say(c, e, "<%s> needs a %s= attribute, written %s", (const char *)e->name, names[i],
                  ex.forms.data);
        else
            S_say(c, e, "<%s> needs a %s= attribute", (const char *)e->name, names[i]);
        S_expectation_free(&ex);
    }
}

/* "<es>…</es><en>…</en>" around `inner` */
static char *S_languages_around(const struct ctx *c, const char *inner)
{
    struct buf b = {0};
    buf_puts(&b, "");
    for (size_t i = 0; c->langs && c->langs[i]; i++)
        buf_printf(&b, "<%s>%s</%s>", c->langs[i], inner, c->langs[i]);
    return b.data;
}

static const xmlNode *S_first_text(const xmlNode *e)
{
    for (const xmlNode *t = e->children; t; t = t->next) {
        if (t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE)
            continue;
        for (const xmlChar *p = t->content; p && *p; p++)
            if (!isspace(*p))
                return t;
    }
    return NULL;
}

static void S_check_text(struct ctx *c, xmlNode *e, const xmlNode *p)
{
    const xmlNode *t = S_first_text(e);
    if (!t || S_allows_text(c->s, p->children, 0))
        return;
    const char *name = (const char *)e->name;
    int lang_slots = 0;
    for (size_t i = 0; c->langs && c->langs[i]; i++)
        lang_slots |= S_find_element(c->s, p->children, c->langs[i], 0) != NULL;
    const char *text = (const char *)t->content + strspn((const char *)t->content, " \t\r\n");
    char *words = xstrndup(text, strnlen(text, 40)); /* a short text ends before 40 bytes */
    char *shown = utf8_shorten(words, 30);
    for (char *q = shown; *q; q++)
        if (*q == '\n' || *q == '\r' || *q == '\t')
            *q = ' ';
    if (lang_slots) {
        char *around = S_languages_around(c, "…");
        S_say(c, e, "text directly in <%s> (\"%s\"): write it once per language, <%s>%s</%s>", name,
              shown, name, around, name);
        free(around);
    } else {
        S_say(c, e, "<%s> holds elements, not text of its own (\"%s\")", name, shown);
    }
    free(shown);
    free(words);
}

static void S_explain(struct ctx *c, xmlNode *e, const xmlNode *p, const xmlNode *parent_pattern);

static void S_list_expected(const struct matcher *m, struct buf *b)
{
    for (size_t i = 0; i < m->nexpected; i++)
        buf_printf(b, "%s<%s>",
                   i == 0                  ? ""
                   : i + 1 == m->nexpected ? " or "
                                           : ", ",
                   m->expected[i]);
}

/* Would an element `name` put at the failing place of `m` mend the
 * content, up to that place and past it? */
static int S_mends(const struct ctx *c, const xmlNode *p, const struct matcher *m, const char *name)
{
    xmlNode fake;
    memset(&fake, 0, sizeof fake);
    fake.type = XML_ELEMENT_NODE;
    fake.name = (const xmlChar *)name;
    struct matcher t = {c->s, xcalloc(m->n + 1, sizeof *t.kids), m->n + 1, NULL, 0, {0}, 0, 0, 0,
                        0};
    t.assigned = xcalloc(m->n + 1, sizeof *t.assigned);
    for (size_t i = 0, j = 0; i < t.n; i++)
        t.kids[i] = i == m->furthest ? &fake : m->kids[j++];
    int ok = S_seq(&t, p->children, 0, NULL) || (!t.gave_up && t.furthest > m->furthest + 1);
    free(t.kids);
    free(t.assigned);
    return ok;
}

static void S_report_content(struct ctx *c, xmlNode *e, const xmlNode *p,
                             const xmlNode *parent_pattern, struct matcher *m)
{
    const char *name = (const char *)e->name;
    /* of the names that may come here, those the content needs */
    const char *mending[MAX_EXPECTED];
    size_t nmending = 0;
    for (size_t i = 0; i < m->nexpected; i++)
        if (S_mends(c, p, m, m->expected[i]))
            mending[nmending++] = m->expected[i];
    if (nmending > 0) {
        memcpy(m->expected, mending, nmending * sizeof *mending);
        m->nexpected = nmending;
        m->end_ok = 0;
    }
    struct buf want = {0};
    S_list_expected(m, &want);
    if (m->furthest >= m->n) { /* something is missing at the end */
        if (m->nexpected == 0)
            return;
        xmlNode *last = m->n ? m->kids[m->n - 1] : NULL;
        const char *needs = m->nexpected == 1 ? S_article(m->expected[0]) : "one of";
        if (last)
            S_say(c, last, "<%s> needs %s %s here, after <%s>", name, needs, want.data,
                  (const char *)last->name);
        else
            S_say(c, e, "<%s> needs %s %s", name, needs, want.data);
        buf_free(&want);
        return;
    }
    xmlNode *x = m->kids[m->furthest];
    const char *xn = (const char *)x->name;
    int in_model = S_find_element(c->s, p->children, xn, 0) != NULL;
    int expects_lang = 0;
    for (size_t i = 0; i < m->nexpected; i++)
        expects_lang |= S_is_lang(c, m->expected[i]);
    const char *names[128];
    size_t count = 0;
    S_element_names(c->s, p->children, names, &count, 128, 0);
    int takes_text = S_allows_text(c->s, p->children, 0);
    /* "<es> (in <title>)": a language element is named with its unit */
    char *where = S_is_lang(c, name) && e->parent && e->parent->type == XML_ELEMENT_NODE
                      ? xasprintf("<%s> (in <%s>)", name, (const char *)e->parent->name)
                      : xasprintf("<%s>", name);
    if (!in_model && S_is_lang(c, xn)) {
        /* <body><p><es>: the language goes around the paragraph */
        int outer = parent_pattern && S_find_element(c->s, parent_pattern->children, xn, 0);
        const char *inner = count ? names[0] : "…";
        char *shape = xasprintf("<%s>…</%s>", inner, inner);
        char *around = S_languages_around(c, shape);
        if (outer && e->parent)
            S_say(c, x, "<%s> goes around <%s>, not inside it: <%s>%s</%s>", xn, name,
                  (const char *)e->parent->name, around, (const char *)e->parent->name);
        else
            S_say(c, x, "<%s> does not belong inside <%s>: here <%s> takes %s", xn, name, name,
                  want.len ? want.data : "no language");
        free(around);
        free(shape);
    } else if (!in_model && expects_lang) {
        const xmlNode *lang_p = NULL;
        for (size_t i = 0; c->langs && c->langs[i] && !lang_p; i++)
            lang_p = S_find_element(c->s, p->children, c->langs[i], 0);
        int fits_inside = lang_p && S_find_element(c->s, lang_p->children, xn, 0);
        size_t len = strlen(xn);
        int looks_like_lang =
            len >= 2 && len <= 3 && strspn(xn, "abcdefghijklmnopqrstuvwxyz") == len;
        if (fits_inside) {
            char *shape = xasprintf("<%s>…</%s>", xn, xn);
            char *around = S_languages_around(c, shape);
            S_say(c, x, "<%s> goes inside a language: <%s>%s</%s>", xn, name, around, name);
            free(around);
            free(shape);
        } else if (looks_like_lang) {
            S_say(c, x, "<%s> is not a language of this publication: <%s> takes %s here", xn, name,
                  want.data);
        } else {
            S_say(c, x, "<%s> does not belong in <%s>: here it takes %s", xn, name, want.data);
        }
    } else if (!in_model) {
        const char *near = S_closest(xn, names, count);
        if (near)
            S_say(c, x, "<%s> is not an element of %s: did you mean <%s>?", xn, where, near);
        else if (takes_text && nmending == 0)
            S_say(c, x, "<%s> does not belong in %s: here it takes text%s%s", xn, where,
                  m->nexpected == 0   ? ""
                  : m->nexpected == 1 ? " or "
                                      : ", ",
                  m->nexpected ? want.data : "");
        else if (m->nexpected)
            S_say(c, x, "<%s> does not belong in %s: here it takes %s%s", xn, where, want.data,
                  m->end_ok ? " or nothing more" : "");
        else
            S_say(c, x, "<%s> does not belong in %s", xn, where);
    } else {
        xmlNode *earlier = NULL;
        for (size_t i = 0; i < m->furthest && !earlier; i++)
            if (strcmp((const char *)m->kids[i]->name, xn) == 0)
                earlier = m->kids[i];
        if (nmending > 0)
            S_say(c, x, "<%s> needs %s %s here, before <%s>", name,
                  nmending == 1 ? S_article(m->expected[0]) : "one of", want.data, xn);
        else if (earlier)
            S_say(c, x, "a second <%s> in %s (the first is at line %ld): it is written once", xn,
                  where, xmlGetLineNo(earlier));
        else if (m->nexpected == 0)
            S_say(c, x, "<%s> is out of place: nothing more belongs in %s here", xn, where);
        else
            S_say(c, x, "<%s> is out of place in %s: here it takes %s%s", xn, where, want.data,
                  m->end_ok ? " or nothing more" : "");
    }
    free(where);
    buf_free(&want);
}

static void S_explain(struct ctx *c, xmlNode *e, const xmlNode *p, const xmlNode *parent_pattern)
{
    if (c->count >= c->limit)
        return;
    S_check_attributes(c, e, p);
    S_check_text(c, e, p);
    struct matcher m = {c->s, NULL, 0, NULL, 0, {0}, 0, 0, 0, 0};
    for (xmlNode *k = e->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE) {
            m.kids = xrealloc(m.kids, (m.n + 1) * sizeof *m.kids);
            m.kids[m.n++] = k;
        }
    m.assigned = xcalloc(m.n ? m.n : 1, sizeof *m.assigned);
    int ok = S_seq(&m, p->children, 0, NULL);
    if (!ok && !m.gave_up)
        S_report_content(c, e, p, parent_pattern, &m);
    for (size_t i = 0; !m.gave_up && i < m.n; i++) {
        const xmlNode *kp = m.assigned[i];
        if (!kp)
            kp = S_find_element(c->s, p->children, (const char *)m.kids[i]->name, 0);
        if (kp)
            S_explain(c, m.kids[i], kp, p);
    }
    free(m.assigned);
    free(m.kids);
}

size_t explain_document(const struct explain_schema *s, xmlDoc *doc, const char *const *langs,
                        size_t limit, struct diag_list *diags)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *p =
        root ? S_find_element(s, s->start->children, (const char *)root->name, 0) : NULL;
    struct ctx c = {s, langs, 0, limit, diags};
    if (p)
        S_explain(&c, root, p, NULL);
    return c.count;
}
