#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "explain.h"
#include "bounds.h"
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
    diag_add(sink->diags, DIAG_ERROR, error->file ? error->file : sink->path, line, "%s", msg);
    free(msg);
}

/* ---- parse errors in words ------------------------------------------ */

/* The text being parsed, to look at the place of an error. */
struct parse_sink {
    struct diag_list *diags;
    const char *path;
    const char *text;
    size_t len;
    int reported;
};

/* The bytes of line `line` (1-based) of a text, and their length. */
static const char *S_line_at(const char *text, size_t len, long line, size_t *n)
{
    const char *p = text, *end = text + len;
    for (long l = 1; l < line && p < end; p++)
        if (*p == '\n')
            l++;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    *n = (size_t)((eol ? eol : end) - p);
    return p;
}

/* The byte offset of column `col` (counted in characters from 1). */
static size_t S_column_offset(const char *s, size_t n, long col)
{
    size_t i = 0;
    for (long c = 1; c < col && i < n; c++) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/* A typographic quote at `s`: its length in bytes, or 0. */
static size_t S_curly_quote(const char *s, size_t n)
{
    static const char *const quotes[] = {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98",
                                         "\xE2\x80\x99", "\xC2\xAB",     "\xC2\xBB",
                                         "\xE2\x80\x9E"};
    for (size_t i = 0; i < sizeof quotes / sizeof quotes[0]; i++) {
        size_t q = strlen(quotes[i]);
        if (n >= q && memcmp(s, quotes[i], q) == 0)
            return q;
    }
    return 0;
}

/* The attribute name just before the '=' that ends at `at`. */
static char *S_attribute_before(const char *line, size_t at)
{
    size_t i = at;
    while (i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t'))
        i--;
    if (i > 0 && line[i - 1] == '=')
        i--;
    while (i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t'))
        i--;
    size_t end = i;
    while (i > 0 && (isalnum((unsigned char)line[i - 1]) || strchr("-_:.", line[i - 1])))
        i--;
    return xstrndup(line + i, end - i);
}

/* What to say for a parse error, in the writer's terms; NULL to keep
 * libxml2's words. */
static char *S_parse_words(const struct parse_sink *sink, const xmlError *error)
{
    size_t n;
    const char *line = S_line_at(sink->text, sink->len, error->line, &n);
    size_t at = S_column_offset(line, n, error->int2);
    switch (error->code) {
    case XML_ERR_NAME_REQUIRED:
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_ERR_LT_IN_ATTRIBUTE: {
        /* the '&' or '<' the parser stopped after */
        size_t i = at < n ? at + 1 : n;
        while (i > 0 && line[i - 1] != '&' && line[i - 1] != '<')
            i--;
        char c = i > 0 ? line[i - 1] : '\0';
        long col = 1;
        for (size_t k = 0; i > 0 && k + 1 < i; k++)
            col += ((unsigned char)line[k] & 0xC0) != 0x80;
        if (error->code == XML_ERR_UNDECLARED_ENTITY && error->str1)
            return xasprintf("&%s; is not a character XML knows: type the character itself, or "
                             "write &amp; for a plain & (column %ld)",
                             error->str1, col);
        /* inside a tag when a '<' comes after the last '>' before it */
        const char *lt = NULL, *gt = NULL;
        for (size_t k = 0; k + 1 < i; k++) {
            if (line[k] == '<')
                lt = line + k;
            else if (line[k] == '>')
                gt = line + k;
        }
        const char *where = lt && (!gt || lt > gt) ? "an attribute value" : "text";
        if (c == '&')
            return xasprintf("a plain & in %s: write &amp; for & (column %ld)", where, col);
        if (c == '<')
            return xasprintf("a plain < in %s: write &lt; for < (column %ld)", where, col);
        return NULL;
    }
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE: {
        size_t i = at;
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            i++;
        char *name = S_attribute_before(line, i);
        char *words;
        if (S_curly_quote(line + i, n - i))
            words = xasprintf("the value of %s= is in typographic quotes (“…”): XML needs straight "
                              "quotes, %s=\"…\" (column %d)",
                              name, name, error->int2);
        else
            words = xasprintf("the value of %s= needs quotes around it: %s=\"…\" (column %d)", name,
                              name, error->int2);
        free(name);
        return words;
    }
    case XML_ERR_TAG_NAME_MISMATCH:
        if (error->str1 && error->str2)
            return xasprintf("</%s> does not close <%s>, opened at line %d: the names of an "
                             "element's start and end must match (tag mismatch)",
                             error->str2, error->str1, error->int1);
        return NULL;
    case XML_ERR_TAG_NOT_FINISHED:
        if (error->str1)
            return xasprintf("<%s>, opened at line %d, is never closed: write </%s> where it "
                             "ends",
                             error->str1, error->int1, error->str1);
        return NULL;
    case XML_ERR_ATTRIBUTE_REDEFINED:
        if (error->str1)
            return xasprintf("%s= is written twice on this element: keep one", error->str1);
        return NULL;
    case XML_ERR_DOCUMENT_END:
        return xstrdup("something follows the end of the root element: everything goes inside "
                       "it");
    case XML_ERR_DOCUMENT_EMPTY:
        return xstrdup("the file is empty");
    default:
        return NULL;
    }
}

static void S_collect_parse(void *ctx, xmlErrorPtr error)
{
    struct parse_sink *sink = ctx;
    if (error->level < XML_ERR_ERROR || sink->reported)
        return;
    sink->reported = 1;
    char *words = S_parse_words(sink, error);
    char *msg = S_message(error->message);
    if (words)
        diag_add(sink->diags, DIAG_ERROR, sink->path, error->line, "%s", words);
    else
        diag_add(sink->diags, DIAG_ERROR, sink->path, error->line,
                 "not well-formed XML here (column %d): %s", error->int2, msg);
    free(msg);
    free(words);
}

/* Windows-1252's letters for the bytes 0x80 to 0x9F it gives a meaning. */
static const char *S_cp1252(unsigned char b)
{
    static const struct {
        unsigned char byte;
        const char *utf8;
    } map[] = {{0x80, "€"}, {0x91, "‘"}, {0x92, "’"}, {0x93, "“"},
               {0x94, "”"}, {0x96, "–"}, {0x97, "—"}, {0x85, "…"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].byte == b)
            return map[i].utf8;
    return NULL;
}

/* Content is UTF-8 (with or without a byte order mark). A file saved in
 * another encoding is refused with what to do, before libxml2 reads it. */
static int S_check_encoding(const char *path, const char *text, size_t len, struct diag_list *diags)
{
    const unsigned char *s = (const unsigned char *)text;
    if ((len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) ||
        (len >= 2 && (s[0] == 0 || s[1] == 0))) {
        diag_add(diags, DIAG_ERROR, path, 1,
                 "the file is saved as UTF-16: save it as UTF-8 (in the editor's \"Save as\", "
                 "choose the encoding UTF-8)");
        return -1;
    }
    size_t start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (len - start >= 5 && memcmp(text + start, "<?xml", 5) == 0) {
        const char *end = memchr(text + start, '>', len - start);
        size_t decl_len = end ? (size_t)(end - text) : len;
        char *decl = xstrndup(text, decl_len);
        char *enc = strstr(decl, "encoding");
        if (enc) {
            enc += strlen("encoding");
            enc += strspn(enc, " \t=");
            char quote = *enc;
            char *close = quote ? strchr(enc + 1, quote) : NULL;
            char *name = close ? xstrndup(enc + 1, (size_t)(close - enc - 1)) : NULL;
            int utf8 = name && (strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0);
            if (name && !utf8)
                diag_add(diags, DIAG_ERROR, path, 1,
                         "the file says encoding=\"%s\": folio reads UTF-8 only; save the file as "
                         "UTF-8 and write encoding=\"UTF-8\"",
                         name);
            free(name);
            if (close && !utf8) {
                free(decl);
                return -1;
            }
        }
        free(decl);
    }
    long line = 1, col = 1;
    for (size_t i = start; i < len;) {
        unsigned c = s[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        int ok = n > 0 && i + n <= len && !(n == 2 && c < 0xC2);
        for (size_t k = 1; ok && k < n; k++)
            ok = (s[i + k] & 0xC0) == 0x80;
        if (!ok) {
            const char *as = c >= 0xA0 ? NULL : S_cp1252((unsigned char)c);
            char latin1[3] = {(char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F)), 0};
            diag_add(diags, DIAG_ERROR, path, line,
                     "byte 0x%02X at column %ld is not UTF-8 (in Latin-1 or Windows-1252 it is "
                     "\"%s\"): save the file as UTF-8",
                     c, col,
                     c >= 0xA0 ? latin1
                     : as      ? as
                               : "?");
            return -1;
        }
        if (c == '\n') {
            line++;
            col = 0;
        }
        col++;
        i += n;
    }
    return 0;
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
static xmlDoc *S_parse(const char *path, const char *dir, struct diag_list *diags)
{
    size_t len;
    const struct file_rule rule = {"a content file", FILE_MAX_CONTENT, dir};
    char why[512];
    char *text = file_read_checked(path, &rule, &len, why, sizeof why);
    if (!text) {
        diag_add(diags, DIAG_ERROR, path, 0, "cannot read: %s", why);
        return NULL;
    }
    if (S_check_encoding(path, text, len, diags) != 0 ||
        bounds_check_text(path, text, len, diags) != 0) {
        free(text);
        return NULL;
    }
    struct parse_sink sink = {diags, path, text, len, 0};
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        diag_add(diags, DIAG_ERROR, path, 0, "out of memory");
        free(text);
        return NULL;
    }
    xmlSetStructuredErrorFunc(&sink, S_collect_parse);
    xmlDoc *doc = len > INT32_MAX ? NULL
                                  : xmlCtxtReadMemory(ctxt, text, (int)len, path, "UTF-8",
                                                      XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                                          XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc && !ctxt->wellFormed) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    free(text);
    if (!doc) {
        if (!sink.reported)
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

/* The publication's languages, for hints on where text goes: the source
 * language and every edition's. */
static char **S_languages(xmlNode *root)
{
    size_t n = 0;
    char **langs = xcalloc(1, sizeof *langs);
    xmlChar *src = root ? xmlGetProp(root, (const xmlChar *)"source-lang") : NULL;
    if (src) {
        langs = xrealloc(langs, (n + 2) * sizeof *langs);
        langs[n++] = xstrdup((const char *)src);
        langs[n] = NULL;
    }
    xmlFree(src);
    for (xmlNode *e = root ? root->children : NULL; e; e = e->next) {
        xmlChar *lang = e->type == XML_ELEMENT_NODE && strcmp((const char *)e->name, "edition") == 0
                            ? xmlGetProp(e, (const xmlChar *)"lang")
                            : NULL;
        int seen = 0;
        for (size_t i = 0; lang && i < n; i++)
            seen |= strcmp(langs[i], (const char *)lang) == 0;
        if (lang && !seen) {
            langs = xrealloc(langs, (n + 2) * sizeof *langs);
            langs[n++] = xstrdup((const char *)lang);
            langs[n] = NULL;
        }
        xmlFree(lang);
    }
    return langs;
}

/* Validates with libxml2 (the authority on what is valid); where the
 * content is invalid, says why in the schema's terms (explain.c), and
 * keeps libxml2's words only where that finds nothing to say. */
static int S_validate(xmlDoc *doc, const char *schema_path, const char *path,
                      struct diag_list *diags)
{
    struct diag_list raw = {0};
    struct error_sink sink = {&raw, schema_path, 0, MAX_SCHEMA_ERRORS};
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
        xmlRelaxNGFreeValidCtxt(vctxt);
        xmlRelaxNGFree(schema);
        xmlSetStructuredErrorFunc(NULL, NULL);
        struct explain_schema *words = rc != 0 ? explain_open(schema_path) : NULL;
        char **langs = words ? S_languages(xmlDocGetRootElement(doc)) : NULL;
        size_t said = words ? explain_document(words, doc, (const char *const *)langs,
                                               MAX_SCHEMA_ERRORS, diags)
                            : 0;
        for (size_t i = 0; langs && langs[i]; i++)
            free(langs[i]);
        free(langs);
        explain_close(words);
        for (size_t i = 0; rc != 0 && said == 0 && i < raw.count; i++)
            diag_add(diags, DIAG_ERROR, raw.items[i].file, raw.items[i].line,
                     "this does not follow %s: %s", schema_path, raw.items[i].message);
        if (rc != 0 && said == 0 && raw.count == 0)
            diag_add(diags, DIAG_ERROR, path, 0, "does not follow the schema %s", schema_path);
    } else {
        xmlSetStructuredErrorFunc(NULL, NULL);
        for (size_t i = 0; i < raw.count; i++)
            diag_add(diags, DIAG_ERROR, raw.items[i].file, raw.items[i].line, "%s",
                     raw.items[i].message);
        if (raw.count == 0)
            diag_add(diags, DIAG_ERROR, schema_path, 0, "cannot read the schema");
    }
    diag_list_free(&raw);
    return rc;
}

/* The kinds of publication there are: the folders of the template folder
 * that hold a schema, as "<booklet> or <report>". */
static char *S_kinds(const char *template_dir)
{
    DIR *d = opendir(template_dir);
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *kind_dir = path_join(template_dir, e->d_name);
        char *schema = path_join(kind_dir, "schema.rng");
        struct stat st;
        if (stat(schema, &st) == 0) {
            names = xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = xstrdup(e->d_name);
        }
        free(schema);
        free(kind_dir);
    }
    if (d)
        closedir(d);
    for (size_t i = 1; i < n; i++) /* sorted, so the message is the same everywhere */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    struct buf b = {0};
    buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        buf_printf(&b, "%s<%s>", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
        free(names[i]);
    }
    free(names);
    return b.data;
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
    pub->doc = S_parse(pub->path, dir, diags);
    if (!pub->doc) {
        publication_free(pub);
        return -1;
    }
    xmlNode *root = xmlDocGetRootElement(pub->doc);
    char **langs = S_languages(root);
    int within = bounds_check_tree(pub->doc, (const char *const *)langs, diags);
    for (size_t i = 0; langs[i]; i++)
        free(langs[i]);
    free(langs);
    if (within != 0) {
        publication_free(pub);
        return -1;
    }
    pub->kind = xstrdup(root ? (const char *)root->name : "");
    char *kind_dir = path_join(template_dir, pub->kind);
    char *schema = path_join(kind_dir, "schema.rng");
    int rc = 0;
    if (stat(schema, &st) != 0) {
        char *kinds = S_kinds(template_dir);
        diag_add(diags, DIAG_ERROR, pub->path, root ? xmlGetLineNo(root) : 1,
                 "<%s> is not a kind of publication: the root element is one of %s", pub->kind,
                 *kinds ? kinds : "(none: no template has a schema.rng)");
        free(kinds);
        rc = -1;
    } else {
        rc = S_validate(pub->doc, schema, pub->path, diags);
        if (rc == 0)
            refs_read(&pub->refs, schema); /* read by S_validate just now */
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
    refs_free(&pub->refs);
    memset(pub, 0, sizeof *pub);
}

char *publication_id_of(const char *dir)
{
    return S_folder_name(dir);
}

char *load_read_xml_file(const char *path, const char *kind, int *len, struct diag_list *diags)
{
    const struct file_rule rule = {kind, FILE_MAX_CONTENT, NULL};
    char why[512];
    size_t n;
    char *text = file_read_checked(path, &rule, &n, why, sizeof why);
    if (!text || n > INT_MAX) {
        diag_add(diags, DIAG_ERROR, path, 0, "cannot read: %s", text ? "too large" : why);
        free(text);
        return NULL;
    }
    *len = (int)n;
    return text;
}
