#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "check.h"
#include "i18n.h"
#include "splice.h"
#include "xliff.h"

#define NS_20 "urn:oasis:names:tc:xliff:document:2.0"
#define NS_12 "urn:oasis:names:tc:xliff:document:1.2"

/* How a content element is shown to a CAT tool as an inline code: XLIFF
 * 2.0 type and subType, XLIFF 1.2 ctype; `keep`: the translation must keep
 * it (a value, a footnote, a reference), so the tool may not delete it. */
static const struct {
    const char *name, *type, *subtype, *ctype;
    int keep;
} kinds[] = {
    {"strong", "fmt", "xlf:b", "bold", 0},
    {"b", "fmt", "xlf:b", "bold", 0},
    {"em", "fmt", "xlf:i", "italic", 0},
    {"i", "fmt", "xlf:i", "italic", 0},
    {"u", "fmt", "xlf:u", "underlined", 0},
    {"br", "fmt", "xlf:lb", "lb", 0},
    {"a", "link", NULL, "link", 0},
    {"value", "other", "folio:value", "x-folio-value", 1},
    {"note", "other", "folio:note", "x-folio-note", 1},
    {"ref", "other", "folio:ref", "x-folio-ref", 1},
    {"ordinal", "other", "folio:ordinal", "x-folio-ordinal", 1},
};

/* One inline code of a unit: a content element inside its source or
 * target text. Codes of the source are numbered in document order; the
 * target's are the source's when they are the same markup. */
struct code {
    char *id;
    const xmlNode *el;
    int paired, block, keep, in_source, used;
    char *open, *close;     /* raw start and end tags; a placeholder's whole text in open */
    char *t_open, *t_close; /* the target's, when its markup differs (<ordinal/>) */
};

struct codes {
    struct code *items;
    size_t count, cap;
};

enum { IT_TEXT, IT_OPEN, IT_CLOSE, IT_PH };

struct item {
    int kind;
    char *text;
    size_t code;
};

struct seq {
    struct item *items;
    size_t count, cap;
};

/* The content file, mapped. */
struct content {
    const struct publication *pub;
    const char *text;
    const struct splice_map *map;
};

static void S_seq_add(struct seq *s, int kind, const char *text, size_t n, size_t code)
{
    if (kind == IT_TEXT && s->count && s->items[s->count - 1].kind == IT_TEXT) {
        struct item *last = &s->items[s->count - 1];
        size_t old = strlen(last->text);
        last->text = xrealloc(last->text, old + n + 1);
        memcpy(last->text + old, text, n);
        last->text[old + n] = '\0';
        return;
    }
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->items = xrealloc(s->items, s->cap * sizeof *s->items);
    }
    s->items[s->count++] = (struct item){kind, text ? xstrndup(text, n) : NULL, code};
}

static void S_seq_free(struct seq *s)
{
    for (size_t i = 0; i < s->count; i++)
        free(s->items[i].text);
    free(s->items);
    memset(s, 0, sizeof *s);
}

static void S_codes_free(struct codes *c)
{
    for (size_t i = 0; i < c->count; i++) {
        free(c->items[i].id);
        free(c->items[i].open);
        free(c->items[i].close);
        free(c->items[i].t_open);
        free(c->items[i].t_close);
    }
    free(c->items);
    memset(c, 0, sizeof *c);
}

static int S_kind(const xmlNode *el)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (xmlStrEqual(el->name, (const xmlChar *)kinds[i].name))
            return (int)i;
    return -1;
}

static int S_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A language element set as blocks (paragraphs, list items): element
 * children and nothing but whitespace between them. */
static int S_is_block(const xmlNode *lang)
{
    int elements = 0;
    for (const xmlNode *c = lang->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            elements++;
        else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            for (const xmlChar *p = c->content; p && *p; p++)
                if (!S_space(*p))
                    return 0;
    }
    return elements > 0;
}

/* The code for a content element: a new one for the source's, the
 * source's own for the same markup in the target, else a new one. */
static size_t S_code_for(struct codes *codes, const xmlNode *el, int paired, int block,
                         int in_source, const char *open, size_t open_n, const char *close,
                         size_t close_n)
{
    /* the same markup first; else, for what the translation must keep, the
     * same element (an ordinal's gender is the language's) */
    for (int pass = 0; !in_source && pass < 2; pass++)
        for (size_t i = 0; i < codes->count; i++) {
            struct code *c = &codes->items[i];
            int same = strlen(c->open) == open_n && strncmp(c->open, open, open_n) == 0;
            if (c->in_source && !c->used && c->paired == paired &&
                xmlStrEqual(c->el->name, el->name) && (pass == 0 ? same : c->keep)) {
                c->used = 1;
                if (!same) {
                    c->t_open = xstrndup(open, open_n);
                    c->t_close = paired ? xstrndup(close, close_n) : NULL;
                }
                return i;
            }
        }
    if (codes->count == codes->cap) {
        codes->cap = codes->cap ? codes->cap * 2 : 8;
        codes->items = xrealloc(codes->items, codes->cap * sizeof *codes->items);
    }
    int kind = S_kind(el);
    struct code *c = &codes->items[codes->count];
    memset(c, 0, sizeof *c);
    c->id = xasprintf("%zu", codes->count + 1);
    c->el = el;
    c->paired = paired;
    c->block = block;
    c->keep = in_source && kind >= 0 && kinds[kind].keep;
    c->in_source = in_source;
    c->open = xstrndup(open, open_n);
    c->close = paired ? xstrndup(close, close_n) : NULL;
    return codes->count++;
}

static void S_walk_content(const struct content *ct, const xmlNode *node, size_t *index,
                           int top_block, int in_source, struct codes *codes, struct seq *seq)
{
    for (const xmlNode *n = node; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (!top_block && n->content)
                S_seq_add(seq, IT_TEXT, (const char *)n->content, strlen((const char *)n->content),
                          0);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const struct splice_element *e = &ct->map->items[(*index)++];
        const char *t = ct->text;
        if (n->children) {
            size_t c = S_code_for(codes, n, 1, top_block, in_source, t + e->start,
                                  e->open_end - e->start, t + e->close, e->end - e->close);
            S_seq_add(seq, IT_OPEN, NULL, 0, c);
            S_walk_content(ct, n->children, index, 0, in_source, codes, seq);
            S_seq_add(seq, IT_CLOSE, NULL, 0, c);
        } else {
            size_t c = S_code_for(codes, n, 0, top_block, in_source, t + e->start,
                                  e->end - e->start, NULL, 0);
            S_seq_add(seq, IT_PH, NULL, 0, c);
        }
    }
}

/* Whitespace as a reader sees it: runs as one space, none at the start or
 * end of the text or of a block. */
static void S_normalise(struct seq *seq, const struct codes *codes)
{
    for (size_t i = 0; i < seq->count; i++) {
        struct item *it = &seq->items[i];
        if (it->kind != IT_TEXT)
            continue;
        char *w = it->text;
        int space = 0;
        for (const char *r = it->text; *r; r++) {
            if (S_space(*r)) {
                space = 1;
                continue;
            }
            if (space)
                *w++ = ' ';
            space = 0;
            *w++ = *r;
        }
        if (space)
            *w++ = ' ';
        *w = '\0';
        int at_start = i == 0 || (seq->items[i - 1].kind == IT_OPEN &&
                                  codes->items[seq->items[i - 1].code].block);
        int at_end = i + 1 == seq->count || (seq->items[i + 1].kind == IT_CLOSE &&
                                             codes->items[seq->items[i + 1].code].block);
        if (at_start && it->text[0] == ' ')
            memmove(it->text, it->text + 1, strlen(it->text));
        size_t n = strlen(it->text);
        if (at_end && n && it->text[n - 1] == ' ')
            it->text[n - 1] = '\0';
    }
    size_t j = 0;
    for (size_t i = 0; i < seq->count; i++) {
        if (seq->items[i].kind == IT_TEXT && !seq->items[i].text[0]) {
            free(seq->items[i].text);
            continue;
        }
        seq->items[j++] = seq->items[i];
    }
    seq->count = j;
}

/* A sequence as one string, to compare two. */
static char *S_canon(const struct seq *seq, const struct codes *codes)
{
    struct buf b = {0};
    for (size_t i = 0; i < seq->count; i++) {
        const struct item *it = &seq->items[i];
        if (it->kind == IT_TEXT)
            buf_puts(&b, it->text);
        else
            buf_printf(&b, "%c%s\x02",
                       it->kind == IT_OPEN    ? 1
                       : it->kind == IT_CLOSE ? 3
                                              : 4,
                       codes->items[it->code].id);
    }
    if (!b.data)
        buf_put(&b, "", 0);
    return b.data;
}

/* A unit's codes and its source and current target as sequences. */
struct unit_text {
    struct codes codes;
    struct seq source, target;
    int block;
};

static void S_unit_text(const struct content *ct, const struct i18n_unit *u, struct unit_text *ut)
{
    memset(ut, 0, sizeof *ut);
    ut->block = S_is_block(u->source);
    size_t index = u->source_index + 1;
    S_walk_content(ct, u->source->children, &index, ut->block, 1, &ut->codes, &ut->source);
    S_normalise(&ut->source, &ut->codes);
    if (u->target && i18n_has_text(u->target)) {
        index = u->target_index + 1;
        S_walk_content(ct, u->target->children, &index, S_is_block(u->target), 0, &ut->codes,
                       &ut->target);
        S_normalise(&ut->target, &ut->codes);
    }
}

static void S_unit_text_free(struct unit_text *ut)
{
    S_codes_free(&ut->codes);
    S_seq_free(&ut->source);
    S_seq_free(&ut->target);
}

/* ---- export ---------------------------------------------------------- */

static void S_attr(struct buf *b, const char *name, const char *value)
{
    buf_printf(b, " %s=\"", name);
    for (const char *p = value; *p; p++) {
        if (*p == '"')
            buf_puts(b, "&quot;");
        else if (*p == '\n')
            buf_puts(b, "&#10;");
        else
            splice_escape_text(b, p, 1);
    }
    buf_puts(b, "\"");
}

/* The data id of a raw markup string in a unit's originalData. */
static size_t S_data_id(char ***data, size_t *count, const char *raw)
{
    for (size_t i = 0; i < *count; i++)
        if (strcmp((*data)[i], raw) == 0)
            return i + 1;
    *data = xrealloc(*data, (*count + 1) * sizeof **data);
    (*data)[(*count)++] = (char *)raw;
    return *count;
}

/* What a placeholder shows: a value's figure, a reference's target. */
static char *S_disp(const xmlNode *el)
{
    const char *attrs[] = {"stated", "of", "to", NULL};
    for (size_t i = 0; attrs[i]; i++) {
        xmlChar *v = xmlGetProp(el, (const xmlChar *)attrs[i]);
        if (v) {
            char *s = xstrdup((const char *)v);
            xmlFree(v);
            return s;
        }
    }
    return NULL;
}

static void S_write_seq(struct buf *b, const struct seq *seq, const struct codes *codes, int target,
                        enum xliff_version version, char ***data, size_t *data_count)
{
    for (size_t i = 0; i < seq->count; i++) {
        const struct item *it = &seq->items[i];
        if (it->kind == IT_TEXT) {
            splice_escape_text(b, it->text, strlen(it->text));
            continue;
        }
        const struct code *c = &codes->items[it->code];
        if (it->kind == IT_CLOSE) {
            buf_puts(b, version == XLIFF_2_0 ? "</pc>" : "</g>");
            continue;
        }
        const char *open = target && c->t_open ? c->t_open : c->open;
        const char *close = target && c->t_open ? c->t_close : c->close;
        int kind = S_kind(c->el);
        char *name_sub = xasprintf("folio:%s", (const char *)c->el->name);
        char *name_ctype = xasprintf("x-folio-%s", (const char *)c->el->name);
        const char *type = kind >= 0 ? kinds[kind].type : "other";
        const char *subtype = kind >= 0 ? kinds[kind].subtype : name_sub;
        const char *ctype = kind >= 0 ? kinds[kind].ctype : name_ctype;
        char *disp = it->kind == IT_PH ? S_disp(c->el) : NULL;
        if (version == XLIFF_2_0) {
            buf_puts(b, it->kind == IT_OPEN ? "<pc" : "<ph");
            S_attr(b, "id", c->id);
            if (it->kind == IT_OPEN) {
                char *s = xasprintf("d%zu", S_data_id(data, data_count, open));
                char *e = xasprintf("d%zu", S_data_id(data, data_count, close));
                S_attr(b, "dataRefStart", s);
                S_attr(b, "dataRefEnd", e);
                free(s);
                free(e);
            } else {
                char *d = xasprintf("d%zu", S_data_id(data, data_count, open));
                S_attr(b, "dataRef", d);
                free(d);
                if (disp)
                    S_attr(b, "disp", disp);
            }
            S_attr(b, "type", type);
            if (subtype)
                S_attr(b, "subType", subtype);
            if (c->keep)
                buf_puts(b, " canDelete=\"no\"");
            if (c->block)
                buf_puts(b, " canReorder=\"no\"");
            buf_puts(b, it->kind == IT_OPEN ? ">" : "/>");
        } else {
            buf_puts(b, it->kind == IT_OPEN ? "<g" : "<x");
            S_attr(b, "id", c->id);
            S_attr(b, "ctype", ctype);
            if (disp)
                S_attr(b, "equiv-text", disp);
            if (c->keep)
                buf_puts(b, " clone=\"no\"");
            buf_puts(b, it->kind == IT_OPEN ? ">" : "/>");
        }
        free(disp);
        free(name_sub);
        free(name_ctype);
    }
}

/* `open`, `text` escaped, then `close`: an element of the export. */
static void S_text_element(struct buf *b, const char *open, const char *text, const char *close)
{
    buf_puts(b, open);
    splice_escape_text(b, text, strlen(text));
    buf_puts(b, close);
}

static void S_export_unit(const struct content *ct, const struct i18n_unit *u,
                          enum xliff_version version, struct buf *b)
{
    struct unit_text ut;
    S_unit_text(ct, u, &ut);
    char *context = i18n_context(ct->pub, u);
    char *location = xasprintf("%s (%s:%ld)", context, LOAD_CONTENT_FILE, xmlGetLineNo(u->node));
    char *outdated =
        u->state == I18N_OUTDATED
            ? xasprintf("Outdated: the translation was made from source version %s; the source "
                        "is now %s. Review it against the source.",
                        u->from, u->fingerprint)
            : NULL;
    int has_target = u->state != I18N_MISSING;
    char **data = NULL;
    size_t data_count = 0;
    struct buf source = {0}, target = {0};
    S_write_seq(&source, &ut.source, &ut.codes, 0, version, &data, &data_count);
    if (has_target)
        S_write_seq(&target, &ut.target, &ut.codes, 1, version, &data, &data_count);
    if (version == XLIFF_2_0) {
        static const char *const states[] = {"initial", "initial", "translated", "final"};
        buf_puts(b, "    <unit");
        S_attr(b, "id", u->id);
        buf_puts(b, " canResegment=\"no\">\n      <notes>\n");
        S_text_element(b, "        <note category=\"location\">", location, "</note>\n");
        if (outdated)
            S_text_element(b, "        <note category=\"outdated\" priority=\"1\">", outdated,
                           "</note>\n");
        buf_puts(b, "      </notes>\n");
        if (data_count) {
            buf_puts(b, "      <originalData>\n");
            for (size_t i = 0; i < data_count; i++) {
                buf_printf(b, "        <data id=\"d%zu\">", i + 1);
                S_text_element(b, "", data[i], "</data>\n");
            }
            buf_puts(b, "      </originalData>\n");
        }
        buf_printf(b, "      <segment state=\"%s\">\n        <source>%s</source>\n",
                   states[u->state], source.data ? source.data : "");
        if (has_target)
            buf_printf(b, "        <target>%s</target>\n", target.data ? target.data : "");
        buf_puts(b, "      </segment>\n    </unit>\n");
    } else {
        static const char *const states[] = {"new", "needs-review-translation", "translated",
                                             "final"};
        buf_puts(b, "      <trans-unit");
        S_attr(b, "id", u->id);
        if (u->state == I18N_CURRENT)
            buf_puts(b, " approved=\"yes\"");
        buf_printf(b, ">\n        <source>%s</source>\n", source.data ? source.data : "");
        if (has_target)
            buf_printf(b, "        <target state=\"%s\">%s</target>\n", states[u->state],
                       target.data ? target.data : "");
        S_text_element(b, "        <note from=\"folio\">", location, "</note>\n");
        if (outdated)
            S_text_element(b, "        <note from=\"folio\" priority=\"1\">", outdated,
                           "</note>\n");
        buf_puts(b, "      </trans-unit>\n");
    }
    free(data);
    buf_free(&source);
    buf_free(&target);
    free(outdated);
    free(location);
    free(context);
    S_unit_text_free(&ut);
}

int xliff_export(const struct publication *pub, const char *lang, enum xliff_version version,
                 struct buf *out, struct diag_list *diags)
{
    struct i18n_units units;
    if (i18n_units_collect(pub, lang, &units, diags) != 0) {
        i18n_units_free(&units);
        return -1;
    }
    struct splice_map map;
    size_t len;
    char *text = i18n_read_content(pub, &map, &len, diags);
    if (!text) {
        i18n_units_free(&units);
        return -1;
    }
    struct content ct = {pub, text, &map};
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    char *original = xasprintf("%s/%s", pub->id, LOAD_CONTENT_FILE);
    if (version == XLIFF_2_0) {
        buf_puts(out, "<xliff xmlns=\"" NS_20 "\" version=\"2.0\"");
        S_attr(out, "srcLang", pub->source_lang);
        S_attr(out, "trgLang", lang);
        buf_puts(out, ">\n  <file");
        S_attr(out, "id", pub->id);
        S_attr(out, "original", original);
        buf_puts(out, ">\n");
    } else {
        buf_puts(out, "<xliff xmlns=\"" NS_12 "\" version=\"1.2\">\n  <file");
        S_attr(out, "original", original);
        S_attr(out, "source-language", pub->source_lang);
        S_attr(out, "target-language", lang);
        buf_puts(out, " datatype=\"xml\" product-name=\"folio\">\n    <body>\n");
    }
    for (size_t i = 0; i < units.count; i++)
        S_export_unit(&ct, &units.items[i], version, out);
    buf_puts(out,
             version == XLIFF_2_0 ? "  </file>\n</xliff>\n" : "    </body>\n  </file>\n</xliff>\n");
    free(original);
    free(text);
    splice_map_free(&map);
    i18n_units_free(&units);
    return 0;
}

/* ---- import ---------------------------------------------------------- */

struct reader {
    const char *file;
    struct diag_list *diags; /* NULL: count errors only */
    const struct codes *codes;
    int *used;
    int errors;
    const xmlNode *at; /* the element errors are said at */
    const char *unit;
};

static void DIAG_PRINTF(2, 3) S_read_error(struct reader *r, const char *fmt, ...)
{
    r->errors++;
    if (!r->diags)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_add(r->diags, DIAG_ERROR, r->file, xmlGetLineNo(r->at), "unit '%s': %s", r->unit, msg);
    free(msg);
}

static const struct code *S_code_by_id(struct reader *r, const xmlNode *el, size_t *index)
{
    xmlChar *id = xmlGetProp(el, (const xmlChar *)"id");
    for (size_t i = 0; id && i < r->codes->count; i++)
        if (strcmp(r->codes->items[i].id, (const char *)id) == 0) {
            xmlFree(id);
            *index = i;
            return &r->codes->items[i];
        }
    S_read_error(r, "inline code <%s id=\"%s\"> is not one of the unit's codes",
                 (const char *)el->name, id ? (const char *)id : "");
    xmlFree(id);
    return NULL;
}

static void S_walk_xliff(struct reader *r, const xmlNode *node, enum xliff_version version,
                         int depth, struct seq *seq)
{
    const char *paired = version == XLIFF_2_0 ? "pc" : "g";
    const char *single = version == XLIFF_2_0 ? "ph" : "x";
    for (const xmlNode *n = node; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            S_seq_add(seq, IT_TEXT, (const char *)n->content, strlen((const char *)n->content), 0);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        size_t index = 0;
        if (xmlStrEqual(n->name, (const xmlChar *)"mrk")) {
            S_walk_xliff(r, n->children, version, depth, seq);
        } else if (xmlStrEqual(n->name, (const xmlChar *)paired) ||
                   xmlStrEqual(n->name, (const xmlChar *)single)) {
            int is_paired = xmlStrEqual(n->name, (const xmlChar *)paired);
            const struct code *c = S_code_by_id(r, n, &index);
            if (!c)
                continue;
            if (c->paired != is_paired)
                S_read_error(r, "inline code %s is %s, not <%s>", c->id,
                             c->paired ? "a paired code" : "a placeholder", (const char *)n->name);
            else if (r->used[index]++)
                S_read_error(r, "inline code %s appears twice", c->id);
            else if (c->block && depth > 0)
                S_read_error(r, "inline code %s (%s) cannot be inside another code", c->id,
                             c->open);
            else if (!is_paired)
                S_seq_add(seq, IT_PH, NULL, 0, index);
            else {
                S_seq_add(seq, IT_OPEN, NULL, 0, index);
                S_walk_xliff(r, n->children, version, depth + 1, seq);
                S_seq_add(seq, IT_CLOSE, NULL, 0, index);
            }
        } else {
            S_read_error(r, "<%s> is not an inline code folio reads (use <%s> or <%s>)",
                         (const char *)n->name, paired, single);
        }
    }
}

/* An XLIFF unit's source or target, joined over its segments. */
static void S_xliff_text(const xmlNode *unit, const char *which, enum xliff_version version,
                         const xmlNode **first, size_t *count, xmlNode **parts, size_t max)
{
    *count = 0;
    *first = NULL;
    for (const xmlNode *c = unit->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (version == XLIFF_2_0 && (xmlStrEqual(c->name, (const xmlChar *)"segment") ||
                                     xmlStrEqual(c->name, (const xmlChar *)"ignorable"))) {
            for (xmlNode *s = c->children; s; s = s->next)
                if (s->type == XML_ELEMENT_NODE && xmlStrEqual(s->name, (const xmlChar *)which) &&
                    *count < max) {
                    if (!*first)
                        *first = c;
                    parts[(*count)++] = s;
                }
        } else if (version == XLIFF_1_2 && xmlStrEqual(c->name, (const xmlChar *)which) &&
                   *count < max) {
            *first = c;
            parts[(*count)++] = (xmlNode *)c;
        }
    }
}

static int S_read_parts(struct reader *r, xmlNode **parts, size_t count, enum xliff_version version,
                        struct seq *seq)
{
    int errors = r->errors;
    memset(r->used, 0, r->codes->count * sizeof *r->used);
    for (size_t i = 0; i < count; i++) {
        r->at = parts[i];
        S_walk_xliff(r, parts[i]->children, version, 0, seq);
    }
    return r->errors == errors ? 0 : -1;
}

/* The whitespace a block element sets its children with: before the
 * first, between two, after the last (from the element's own text). */
static void S_layout(const struct content *ct, const xmlNode *el, size_t index, char **lead,
                     char **between, char **trail)
{
    *lead = *between = *trail = NULL;
    size_t i = index + 1, first = 0, second = 0, last = 0, n = 0;
    for (const xmlNode *c = el->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (n == 0)
            first = i;
        if (n == 1)
            second = i;
        last = i;
        n++;
        i += 1 + i18n_count_elements(c->children);
    }
    if (!n)
        return;
    const struct splice_element *e = &ct->map->items[index];
    const struct splice_element *f = &ct->map->items[first], *l = &ct->map->items[last];
    *lead = xstrndup(ct->text + e->open_end, f->start - e->open_end);
    *trail = xstrndup(ct->text + l->end, e->close - l->end);
    if (n > 1) {
        /* the whitespace before the second child */
        const struct splice_element *s = &ct->map->items[second];
        size_t from = s->start;
        while (from > e->open_end && S_space(ct->text[from - 1]))
            from--;
        *between = xstrndup(ct->text + from, s->start - from);
    } else {
        *between = xstrdup(*lead);
    }
}

/* The content text of a translation read from XLIFF. */
static char *S_content_of(const struct content *ct, const struct i18n_unit *u,
                          const struct unit_text *ut, const struct seq *seq)
{
    char *lead = NULL, *between = NULL, *trail = NULL;
    if (ut->block) {
        const xmlNode *model = u->target && S_is_block(u->target) ? u->target : u->source;
        S_layout(ct, model, model == u->target ? u->target_index : u->source_index, &lead, &between,
                 &trail);
    }
    struct buf b = {0};
    int depth = 0, blocks = 0;
    for (size_t i = 0; i < seq->count; i++) {
        const struct item *it = &seq->items[i];
        if (it->kind == IT_TEXT) {
            splice_escape_text(&b, it->text, strlen(it->text));
            continue;
        }
        const struct code *c = &ut->codes.items[it->code];
        if (it->kind == IT_OPEN) {
            if (depth == 0 && ut->block)
                buf_puts(&b, blocks++ ? between : lead);
            buf_puts(&b, c->t_open ? c->t_open : c->open);
            depth++;
        } else if (it->kind == IT_CLOSE) {
            buf_puts(&b, c->t_open ? c->t_close : c->close);
            depth--;
        } else {
            buf_puts(&b, c->t_open ? c->t_open : c->open);
        }
    }
    if (ut->block && blocks)
        buf_puts(&b, trail);
    free(lead);
    free(between);
    free(trail);
    if (!b.data)
        buf_put(&b, "", 0);
    return b.data;
}

/* The top-level blocks of a sequence: where each opens and closes. */
static size_t S_blocks(const struct seq *seq, size_t *opens, size_t *closes, size_t max)
{
    size_t n = 0;
    int depth = 0;
    for (size_t i = 0; i < seq->count; i++) {
        if (seq->items[i].kind == IT_OPEN && depth++ == 0 && n < max)
            opens[n] = i;
        else if (seq->items[i].kind == IT_CLOSE && --depth == 0 && n < max)
            closes[n++] = i;
    }
    return n;
}

/* A block unit whose paragraphs are the same codes as before: only the
 * paragraphs whose text changed are written, so the others keep their
 * bytes (their line breaks among them). 0 when done. */
static int S_block_edits(const struct content *ct, const struct i18n_unit *u,
                         const struct unit_text *ut, const struct seq *xt,
                         struct splice_edits *edits)
{
    size_t ao[256], ac[256], bo[256], bc[256];
    size_t na = S_blocks(&ut->target, ao, ac, 256), nb = S_blocks(xt, bo, bc, 256);
    if (!ut->block || !u->target || !S_is_block(u->target) || na != nb || na == 0 || na >= 256)
        return -1;
    for (size_t k = 0; k < na; k++)
        if (ut->target.items[ao[k]].code != xt->items[bo[k]].code)
            return -1;
    struct unit_text inner = *ut;
    inner.block = 0;
    size_t i = u->target_index + 1, k = 0;
    for (const xmlNode *c = u->target->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        struct seq a = {ut->target.items + ao[k] + 1, ac[k] - ao[k] - 1, 0};
        struct seq b = {xt->items + bo[k] + 1, bc[k] - bo[k] - 1, 0};
        char *ca = S_canon(&a, &ut->codes), *cb = S_canon(&b, &ut->codes);
        if (strcmp(ca, cb) != 0) {
            const struct splice_element *e = &ct->map->items[i];
            splice_add(edits, e->open_end, e->close, S_content_of(ct, u, &inner, &b));
        }
        free(ca);
        free(cb);
        k++;
        i += 1 + i18n_count_elements(c->children);
    }
    i18n_edit_from(ct->text, ct->map, u, edits);
    return 0;
}

/* The edits that put `content` in the unit's target element (in `lang`). */
static void S_target_edits(const struct content *ct, const struct i18n_unit *u, const char *lang,
                           const char *content, struct splice_edits *edits)
{
    const struct splice_map *map = ct->map;
    if (u->target && !map->items[u->target_index].empty) {
        const struct splice_element *e = &map->items[u->target_index];
        splice_add(edits, e->open_end, e->close, xstrdup(content));
        i18n_edit_from(ct->text, map, u, edits);
        return;
    }
    struct buf b = {0};
    if (u->target) {
        /* <en/>: written out whole, its other attributes kept */
        const struct splice_element *e = &map->items[u->target_index];
        size_t at, n, attrs_end = e->open_end - 2;
        if (splice_attribute(ct->text, e, "from", &at, &n)) {
            size_t cut = at;
            while (cut > e->name_end && ct->text[cut - 1] != '=')
                cut--;
            while (cut > e->name_end && !S_space(ct->text[cut - 1]))
                cut--;
            buf_put(&b, ct->text + e->start, cut - e->start);
            buf_put(&b, ct->text + at + n + 1, attrs_end - (at + n + 1));
        } else {
            buf_put(&b, ct->text + e->start, attrs_end - e->start);
        }
        while (b.len && S_space(b.data[b.len - 1]))
            b.data[--b.len] = '\0';
        buf_printf(&b, " from=\"%s\">%s</%s>", u->fingerprint, content, lang);
        splice_add(edits, e->start, e->end, b.data);
        return;
    }
    /* no target element: one after the unit's last language element, set
     * as the source is (on a line of its own, or on the same line) */
    size_t i = u->node_index + 1, last = u->source_index;
    for (const xmlNode *c = u->node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (check_is_language(ct->pub, c))
            last = i;
        i += 1 + i18n_count_elements(c->children);
    }
    const struct splice_element *s = &map->items[u->source_index];
    size_t bol = s->start;
    while (bol > 0 && (ct->text[bol - 1] == ' ' || ct->text[bol - 1] == '\t'))
        bol--;
    if (bol == 0 || ct->text[bol - 1] == '\n') {
        buf_puts(&b, "\n");
        buf_put(&b, ct->text + bol, s->start - bol);
    }
    buf_printf(&b, "<%s from=\"%s\">%s</%s>", lang, u->fingerprint, content, lang);
    splice_add(edits, map->items[last].end, map->items[last].end, b.data);
}

struct parse_errors {
    struct diag_list *diags;
    const char *file;
    int count;
};

static void S_parse_error(void *ctx, xmlErrorPtr error)
{
    struct parse_errors *p = ctx;
    if (error->level < XML_ERR_ERROR || p->count++)
        return;
    char *msg = xstrdup(error->message ? error->message : "malformed");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    diag_add(p->diags, DIAG_ERROR, p->file, error->line, "malformed XLIFF: %s", msg);
    free(msg);
}

static xmlDoc *S_parse(const char *file, struct diag_list *diags)
{
    struct parse_errors p = {diags, file, 0};
    int len;
    char *text = load_read_xml_file(file, "an XLIFF file", &len, diags);
    if (!text)
        return NULL;
    xmlSetStructuredErrorFunc(&p, S_parse_error);
    xmlDoc *doc = xmlReadMemory(text, len, file, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                    XML_PARSE_BIG_LINES);
    xmlSetStructuredErrorFunc(NULL, NULL);
    free(text);
    if (doc && p.count) {
        xmlFreeDoc(doc);
        return NULL;
    }
    if (!doc && !p.count)
        diag_add(diags, DIAG_ERROR, file, 0, "cannot read it as XML");
    if (doc && (doc->intSubset || doc->extSubset)) {
        diag_add(diags, DIAG_ERROR, file, 0, "a <!DOCTYPE> is not allowed in XLIFF");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

static int S_is(const xmlNode *n, const char *ns, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrEqual(n->ns->href, (const xmlChar *)ns) &&
           xmlStrEqual(n->name, (const xmlChar *)name);
}

/* The unit elements under `node` (through groups and the 1.2 body). */
static void S_find_units(xmlNode *node, const char *ns, const char *name, xmlNode ***out,
                         size_t *count)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (S_is(n, ns, name)) {
            *out = xrealloc(*out, (*count + 1) * sizeof **out);
            (*out)[(*count)++] = n;
        } else if (S_is(n, ns, "group") || S_is(n, ns, "body")) {
            S_find_units(n->children, ns, name, out, count);
        }
    }
}

static char *S_prop(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = v ? xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* Where the file says which publication and languages it is for. */
static const xmlNode *S_header(xmlDoc *doc, const struct publication *pub, const char *file,
                               enum xliff_version *version, char **lang, struct diag_list *diags)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    const char *ns = S_is(root, NS_20, "xliff") ? NS_20 : S_is(root, NS_12, "xliff") ? NS_12 : NULL;
    if (!ns) {
        diag_add(diags, DIAG_ERROR, file, root ? xmlGetLineNo(root) : 0,
                 "not an XLIFF 2.0 or 1.2 file (its root is not <xliff> in the OASIS namespace)");
        return NULL;
    }
    *version = S_is(root, NS_20, "xliff") ? XLIFF_2_0 : XLIFF_1_2;
    const xmlNode *file_el = NULL;
    for (const xmlNode *c = root->children; c; c = c->next)
        if (S_is(c, ns, "file")) {
            if (file_el) {
                diag_add(diags, DIAG_ERROR, file, xmlGetLineNo(c),
                         "more than one <file>: folio exports one publication per XLIFF file");
                return NULL;
            }
            file_el = c;
        }
    if (!file_el) {
        diag_add(diags, DIAG_ERROR, file, xmlGetLineNo(root), "no <file> element");
        return NULL;
    }
    const xmlNode *langs = *version == XLIFF_2_0 ? root : file_el;
    char *src = S_prop(langs, *version == XLIFF_2_0 ? "srcLang" : "source-language");
    *lang = S_prop(langs, *version == XLIFF_2_0 ? "trgLang" : "target-language");
    char *which = S_prop(file_el, *version == XLIFF_2_0 ? "id" : "original");
    char *want =
        *version == XLIFF_2_0 ? xstrdup(pub->id) : xasprintf("%s/%s", pub->id, LOAD_CONTENT_FILE);
    const char **targets = i18n_target_languages(pub);
    int lang_ok = 0;
    for (size_t i = 0; *lang && targets[i]; i++)
        lang_ok |= strcmp(targets[i], *lang) == 0;
    free(targets);
    int ok = 1;
    if (!which || strcmp(which, want) != 0) {
        diag_add(diags, DIAG_ERROR, file, xmlGetLineNo(file_el),
                 "this XLIFF is for the publication '%s', not '%s'", which ? which : "", want);
        ok = 0;
    } else if (!src || strcmp(src, pub->source_lang) != 0) {
        diag_add(diags, DIAG_ERROR, file, xmlGetLineNo(langs),
                 "its source language is '%s'; the publication's is '%s'", src ? src : "",
                 pub->source_lang);
        ok = 0;
    } else if (!lang_ok) {
        diag_add(diags, DIAG_ERROR, file, xmlGetLineNo(langs),
                 "its target language '%s' is not one the publication is translated into",
                 *lang ? *lang : "");
        ok = 0;
    }
    free(src);
    free(which);
    free(want);
    return ok ? file_el : NULL;
}

/* The state of an XLIFF unit's translation: 0 not confirmed (initial, new,
 * needs-...), 1 translated, 2 final (reviewed, signed off, approved). */
static int S_confirmed(const xmlNode *x, const xmlNode *first_target_holder,
                       enum xliff_version version)
{
    if (version == XLIFF_2_0) {
        char *state = first_target_holder ? S_prop(first_target_holder, "state") : NULL;
        int level = !state || strcmp(state, "initial") == 0 ? 0
                    : strcmp(state, "translated") == 0      ? 1
                                                            : 2;
        free(state);
        return level;
    }
    char *approved = S_prop(x, "approved");
    char *state = first_target_holder ? S_prop(first_target_holder, "state") : NULL;
    int level = approved && strcmp(approved, "yes") == 0                          ? 2
                : !state                                                          ? 1
                : strcmp(state, "final") == 0 || strcmp(state, "signed-off") == 0 ? 2
                : strcmp(state, "translated") == 0                                ? 1
                                                                                  : 0;
    free(approved);
    free(state);
    return level;
}

static void S_import_unit(const struct content *ct, const char *file, const xmlNode *x,
                          struct i18n_unit *u, const char *lang, enum xliff_version version,
                          struct xliff_import_result *result, struct splice_edits *edits,
                          struct diag_list *diags)
{
    struct unit_text ut;
    S_unit_text(ct, u, &ut);
    int *used = xcalloc(ut.codes.count + 1, sizeof *used);
    struct reader quiet = {file, NULL, &ut.codes, used, 0, x, u->id};
    struct reader loud = {file, diags, &ut.codes, used, 0, x, u->id};
    xmlNode *parts[64];
    size_t count;
    const xmlNode *holder;
    struct seq xs = {0}, xt = {0};
    char *have = NULL, *got = NULL;
    S_xliff_text(x, "source", version, &holder, &count, parts, 64);
    int same_source = S_read_parts(&quiet, parts, count, version, &xs) == 0;
    if (same_source) {
        S_normalise(&xs, &ut.codes);
        have = S_canon(&ut.source, &ut.codes);
        got = S_canon(&xs, &ut.codes);
        same_source = strcmp(have, got) == 0;
        free(have);
        free(got);
    }
    if (!same_source) {
        diag_add(diags, DIAG_WARNING, file, xmlGetLineNo(x),
                 "unit '%s': its source changed since the export (%s:%ld); the translation is "
                 "not applied: export again",
                 u->id, u->node->doc->URL ? (const char *)u->node->doc->URL : "",
                 xmlGetLineNo(u->node));
        result->conflicts++;
        goto done;
    }
    S_xliff_text(x, "target", version, &holder, &count, parts, 64);
    if (!count)
        goto done;
    int level = S_confirmed(x, holder, version);
    if (S_read_parts(&loud, parts, count, version, &xt) != 0)
        goto done;
    S_normalise(&xt, &ut.codes);
    for (size_t i = 0; i < ut.codes.count; i++)
        if (ut.codes.items[i].keep && !used[i]) {
            loud.at = parts[0];
            S_read_error(&loud, "inline code %s (%s) is missing from the translation",
                         ut.codes.items[i].id, ut.codes.items[i].open);
        }
    int depth = 0;
    for (size_t i = 0; ut.block && i < xt.count; i++) {
        if (xt.items[i].kind == IT_OPEN)
            depth++;
        else if (xt.items[i].kind == IT_CLOSE)
            depth--;
        else if (depth == 0) {
            loud.at = parts[0];
            S_read_error(&loud, "text or a code outside the unit's paragraphs");
            break;
        }
    }
    if (loud.errors)
        goto done;
    have = S_canon(&ut.target, &ut.codes);
    got = S_canon(&xt, &ut.codes);
    if (strcmp(have, got) == 0) {
        if (level == 2 && u->target && u->state != I18N_CURRENT) {
            i18n_edit_from(ct->text, ct->map, u, edits);
            result->marked++;
        }
    } else if (!xt.count) {
        diag_add(diags, DIAG_WARNING, file, xmlGetLineNo(x),
                 "unit '%s': an empty translation is not applied", u->id);
        result->unconfirmed++;
    } else if (level == 0) {
        diag_add(diags, DIAG_WARNING, file, xmlGetLineNo(x),
                 "unit '%s': a changed translation in state initial is not applied (confirm it "
                 "as translated)",
                 u->id);
        result->unconfirmed++;
    } else {
        if (S_block_edits(ct, u, &ut, &xt, edits) != 0) {
            char *content = S_content_of(ct, u, &ut, &xt);
            S_target_edits(ct, u, lang, content, edits);
            free(content);
        }
        result->changed++;
    }
    free(have);
    free(got);
done:
    S_seq_free(&xs);
    S_seq_free(&xt);
    free(used);
    S_unit_text_free(&ut);
}

int xliff_import(const char *file, const struct publication *pub,
                 struct xliff_import_result *result, struct diag_list *diags)
{
    memset(result, 0, sizeof *result);
    size_t errors = diags->errors;
    xmlDoc *doc = S_parse(file, diags);
    if (!doc)
        return -1;
    enum xliff_version version = XLIFF_2_0;
    char *lang = NULL;
    const xmlNode *file_el = S_header(doc, pub, file, &version, &lang, diags);
    struct i18n_units units = {0};
    struct splice_map map = {0};
    size_t len = 0;
    char *text = NULL;
    xmlNode **found = NULL;
    size_t count = 0;
    struct splice_edits edits = {0};
    if (!file_el || i18n_units_collect(pub, lang, &units, diags) != 0 ||
        !(text = i18n_read_content(pub, &map, &len, diags)))
        goto done;
    const char *ns = version == XLIFF_2_0 ? NS_20 : NS_12;
    S_find_units(file_el->children, ns, version == XLIFF_2_0 ? "unit" : "trans-unit", &found,
                 &count);
    result->units = count;
    struct content ct = {pub, text, &map};
    xmlHashTable *seen = xmlHashCreate(256);
    for (size_t i = 0; i < count; i++) {
        char *id = S_prop(found[i], "id");
        struct i18n_unit *u = id ? i18n_find(&units, id) : NULL;
        if (!u)
            diag_add(diags, DIAG_ERROR, file, xmlGetLineNo(found[i]),
                     "unit '%s': no translatable unit of %s has this id", id ? id : "", pub->id);
        else if (xmlHashLookup(seen, (const xmlChar *)id))
            diag_add(diags, DIAG_ERROR, file, xmlGetLineNo(found[i]), "unit '%s' appears twice",
                     id);
        else {
            xmlHashAddEntry(seen, (const xmlChar *)id, u);
            S_import_unit(&ct, file, found[i], u, lang, version, result, &edits, diags);
        }
        free(id);
    }
    xmlHashFree(seen, NULL);
    if (diags->errors == errors && edits.count) {
        size_t out_len = 0;
        char *out = splice_apply(text, len, &edits, &out_len);
        if (!out || splice_write_file(pub->path, out, out_len) != 0)
            diag_add(diags, DIAG_ERROR, pub->path, 0, "cannot write it; it is as it was");
        free(out);
    }
done:
    if (diags->errors != errors)
        result->changed = result->marked = 0;
    splice_edits_free(&edits);
    free(found);
    free(text);
    splice_map_free(&map);
    i18n_units_free(&units);
    free(lang);
    xmlFreeDoc(doc);
    return diags->errors == errors ? 0 : -1;
}
