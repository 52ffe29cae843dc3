#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "load.h"
#include "util.h"

/* Validation errors tend to cascade; past this many the rest is noise. */
#define MAX_SCHEMA_ERRORS 20

struct error_sink {
    struct diag_list *diags;
    const char *path; /* the file being read */
    size_t count;
    size_t limit;
};

/* libxml2 messages end with a newline; diagnostics are single lines. */
static char *S_message(const char *msg)
{
    char *m = xstrdup(msg ? msg : "unknown error");
    size_t n = strlen(m);
    while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
        m[--n] = '\0';
    return m;
}

/* libxml2's RELAX NG validator says an element's attributes failed but not
 * which: show them, so the reader sees the offending value. */
static char *S_attribute_hint(const char *msg, const xmlNode *node)
{
    if (!node || node->type != XML_ELEMENT_NODE || !strstr(msg, "failed to validate attributes"))
        return NULL;
    struct buf b = {0};
    buf_puts(&b, " (a value or attribute the schema does not allow among:");
    for (xmlAttr *a = node->properties; a; a = a->next) {
        xmlChar *v = xmlNodeListGetString(node->doc, a->children, 1);
        buf_printf(&b, " %s=\"%s\"", (const char *)a->name, v ? (const char *)v : "");
        xmlFree(v);
    }
    buf_puts(&b, ")");
    return b.data;
}

static void S_collect(void *ctx, xmlErrorPtr error)
{
    struct error_sink *sink = ctx;
    if (error->level < XML_ERR_ERROR || sink->count >= sink->limit)
        return;
    sink->count++;
    long line = error->line;
    if (error->node && ((xmlNode *)error->node)->type == XML_ELEMENT_NODE)
        line = xmlGetLineNo(error->node);
    char *msg = S_message(error->message);
    char *attrs = S_attribute_hint(msg, error->node);
    diag_add(sink->diags, DIAG_ERROR, error->file ? error->file : sink->path, line, "%s%s", msg,
             attrs ? attrs : "");
    free(attrs);
    free(msg);
}

/* The line of the <!DOCTYPE in a file (libxml2 keeps none for the DTD). */
static long S_doctype_line(const char *path)
{
    char *text = file_read(path, NULL);
    const char *at = text ? strstr(text, "<!DOCTYPE") : NULL;
    long line = 1;
    for (const char *p = text; at && p < at; p++)
        line += *p == '\n';
    free(text);
    return line;
}

/* Parses without entities from outside, without DTD loading, without
 * network; a file declaring a DTD is refused outright since content never
 * needs one and entity tricks live there. */
static xmlDoc *S_parse(const char *path, struct diag_list *diags)
{
    struct error_sink sink = {diags, path, 0, 1};
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        diag_add(diags, DIAG_ERROR, path, 0, "out of memory");
        return NULL;
    }
    xmlSetStructuredErrorFunc(&sink, S_collect);
    xmlDoc *doc = xmlCtxtReadFile(ctxt, path, "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc && !ctxt->wellFormed) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    if (!doc) {
        if (sink.count == 0)
            diag_add(diags, DIAG_ERROR, path, 0, "not well-formed XML");
        return NULL;
    }
    if (doc->intSubset || doc->extSubset) {
        diag_add(diags, DIAG_ERROR, path, S_doctype_line(path),
                 "a <!DOCTYPE> is not allowed in content: entities and DTDs are not supported");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

static int S_validate(xmlDoc *doc, const char *schema_path, const char *path,
                      struct diag_list *diags)
{
    struct error_sink sink = {diags, schema_path, 0, MAX_SCHEMA_ERRORS};
    xmlSetStructuredErrorFunc(&sink, S_collect);
    xmlRelaxNGParserCtxt *pctxt = xmlRelaxNGNewParserCtxt(schema_path);
    xmlRelaxNG *schema = pctxt ? xmlRelaxNGParse(pctxt) : NULL;
    xmlRelaxNGFreeParserCtxt(pctxt);
    int rc = -1;
    if (schema) {
        sink.path = path;
        xmlRelaxNGValidCtxt *vctxt = xmlRelaxNGNewValidCtxt(schema);
        xmlRelaxNGSetValidStructuredErrors(vctxt, S_collect, &sink);
        rc = xmlRelaxNGValidateDoc(vctxt, doc) == 0 ? 0 : -1;
        if (rc != 0 && sink.count == 0)
            diag_add(diags, DIAG_ERROR, path, 0, "does not match the schema %s", schema_path);
        xmlRelaxNGFreeValidCtxt(vctxt);
        xmlRelaxNGFree(schema);
    } else if (sink.count == 0) {
        diag_add(diags, DIAG_ERROR, schema_path, 0, "cannot read the schema");
    }
    xmlSetStructuredErrorFunc(NULL, NULL);
    return rc;
}

static char *S_folder_name(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    size_t start = n;
    while (start > 0 && dir[start - 1] != '/')
        start--;
    return xstrndup(dir + start, n - start);
}

/* A folder name becomes a path segment of the outputs and of URLs. */
static int S_valid_id(const char *id)
{
    if (!*id || strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
        return 0;
    return strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
           strlen(id);
}

static char *S_prop(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = v ? xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static void S_read_editions(struct publication *pub, xmlNode *root)
{
    pub->source_lang = S_prop(root, "source-lang");
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "edition") != 0)
            continue;
        pub->editions = xrealloc(pub->editions, (pub->edition_count + 1) * sizeof *pub->editions);
        pub->editions[pub->edition_count].lang = S_prop(n, "lang");
        pub->editions[pub->edition_count].locale = S_prop(n, "locale");
        pub->edition_count++;
    }
}

int load_publication(struct publication *pub, const char *dir, const char *template_dir,
                     struct diag_list *diags)
{
    memset(pub, 0, sizeof *pub);
    struct stat st;
    if (stat(dir, &st) != 0) {
        diag_add(diags, DIAG_ERROR, dir, 0, "cannot read the publication folder: %s",
                 strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        diag_add(diags, DIAG_ERROR, dir, 0, "not a publication folder");
        return -1;
    }
    pub->id = S_folder_name(dir);
    pub->path = path_join(dir, LOAD_CONTENT_FILE);
    if (!S_valid_id(pub->id)) {
        diag_add(diags, DIAG_ERROR, dir, 0,
                 "a publication folder's name may only use letters, digits, '.', '_' and '-'");
        publication_free(pub);
        return -1;
    }
    FILE *f = fopen(pub->path, "rb");
    const char *why = !f                           ? strerror(errno)
                      : fstat(fileno(f), &st) != 0 ? strerror(errno)
                      : !S_ISREG(st.st_mode)       ? "not a regular file"
                                                   : NULL;
    if (f)
        fclose(f);
    if (why) {
        diag_add(diags, DIAG_ERROR, pub->path, 0, "cannot read: %s", why);
        publication_free(pub);
        return -1;
    }
    pub->doc = S_parse(pub->path, diags);
    if (!pub->doc) {
        publication_free(pub);
        return -1;
    }
    xmlNode *root = xmlDocGetRootElement(pub->doc);
    pub->kind = xstrdup(root ? (const char *)root->name : "");
    char *kind_dir = path_join(template_dir, pub->kind);
    char *schema = path_join(kind_dir, "schema.rng");
    int rc = 0;
    if (stat(schema, &st) != 0) {
        diag_add(diags, DIAG_ERROR, pub->path, root ? xmlGetLineNo(root) : 1,
                 "unknown publication kind <%s>: no template in %s", pub->kind, kind_dir);
        rc = -1;
    } else {
        rc = S_validate(pub->doc, schema, pub->path, diags);
    }
    free(schema);
    free(kind_dir);
    if (rc != 0) {
        publication_free(pub);
        return -1;
    }
    S_read_editions(pub, root);
    return 0;
}

const struct edition *publication_edition(const struct publication *pub, const char *lang)
{
    for (size_t i = 0; i < pub->edition_count; i++)
        if (strcmp(pub->editions[i].lang, lang) == 0)
            return &pub->editions[i];
    return NULL;
}

void publication_free(struct publication *pub)
{
    for (size_t i = 0; i < pub->edition_count; i++) {
        free(pub->editions[i].lang);
        free(pub->editions[i].locale);
    }
    free(pub->editions);
    free(pub->id);
    free(pub->path);
    free(pub->kind);
    free(pub->source_lang);
    xmlFreeDoc(pub->doc);
    memset(pub, 0, sizeof *pub);
}
