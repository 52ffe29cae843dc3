#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "check.h"
#include "i18n.h"
#include "sources.h"

/* Elements whose text names their parent in a translator's context. */
static const char *const title_names[] = {"heading", "title", "caption", "name", "label", NULL};

static int S_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int i18n_has_text(const xmlNode *node)
{
    xmlChar *s = xmlNodeGetContent(node);
    int found = 0;
    for (const xmlChar *p = s; p && *p && !found; p++)
        found = !S_space(*p);
    xmlFree(s);
    return found;
}

static size_t S_words(const xmlNode *node)
{
    xmlChar *s = xmlNodeGetContent(node);
    size_t n = 0;
    int in_word = 0;
    for (const xmlChar *p = s; p && *p; p++) {
        if (S_space(*p))
            in_word = 0;
        else if (!in_word) {
            in_word = 1;
            n++;
        }
    }
    xmlFree(s);
    return n;
}

char *i18n_first_words(const xmlNode *node, size_t words)
{
    xmlChar *s = xmlNodeGetContent(node);
    struct buf b = {0};
    size_t n = 0;
    int in_word = 0, more = 0;
    for (const xmlChar *p = s; p && *p; p++) {
        if (S_space(*p)) {
            in_word = 0;
            continue;
        }
        if (!in_word) {
            if (n == words) {
                more = 1;
                break;
            }
            if (n)
                buf_puts(&b, " ");
            n++;
            in_word = 1;
        }
        buf_put(&b, (const char *)p, 1);
    }
    xmlFree(s);
    if (more)
        buf_puts(&b, "\xe2\x80\xa6");
    if (!b.data)
        buf_put(&b, "", 0);
    return b.data;
}

/* A step of a derived id: the element's name, with its key="" or, among
 * several same-named siblings, its position. */
static char *S_step(const xmlNode *n, char sep)
{
    xmlChar *key = xmlGetProp(n, (const xmlChar *)"key");
    if (key) {
        char *s = xasprintf("%s%c%s", (const char *)n->name, sep, (const char *)key);
        xmlFree(key);
        return s;
    }
    size_t index = 0, same = 0;
    for (const xmlNode *c = n->parent ? n->parent->children : n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, n->name))
            continue;
        same++;
        if (c == n)
            index = same;
    }
    if (same > 1)
        return xasprintf("%s%c%zu", (const char *)n->name, sep, index);
    return xstrdup((const char *)n->name);
}

static char *S_derived_id(const xmlNode *unit)
{
    char *id = NULL;
    for (const xmlNode *n = unit;
         n && n->type == XML_ELEMENT_NODE && n->parent && n->parent->type == XML_ELEMENT_NODE;
         n = n->parent) {
        xmlChar *own = xmlGetProp(n, (const xmlChar *)"id");
        char *step = own ? xstrdup((const char *)own) : S_step(n, '.');
        xmlFree(own);
        char *longer = id ? xasprintf("%s:%s", step, id) : xstrdup(step);
        free(step);
        free(id);
        id = longer;
        if (own)
            break;
    }
    return id ? id : xstrdup((const char *)unit->name);
}

struct walk {
    const struct publication *pub;
    struct i18n_units *units;
    size_t index; /* of the next element in document order */
};

size_t i18n_count_elements(const xmlNode *n)
{
    size_t count = 0;
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            count += 1 + i18n_count_elements(n->children);
    return count;
}

static void S_add_unit(struct walk *w, xmlNode *n, size_t index)
{
    xmlNode *source = check_language_child(n, w->pub->source_lang);
    if (!source || !i18n_has_text(source))
        return;
    struct i18n_units *u = w->units;
    if (u->count == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 64;
        u->items = xrealloc(u->items, u->cap * sizeof *u->items);
    }
    struct i18n_unit *unit = &u->items[u->count++];
    memset(unit, 0, sizeof *unit);
    unit->id = S_derived_id(n);
    unit->node = n;
    unit->node_index = index;
    unit->source = source;
    unit->target = check_language_child(n, u->lang);
    check_fingerprint(source, unit->fingerprint);
    unit->words = S_words(source);
    /* the language children's indices: they follow in document order */
    size_t i = index + 1;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (c == unit->source)
            unit->source_index = i;
        if (c == unit->target)
            unit->target_index = i;
        i += 1 + i18n_count_elements(c->children);
    }
    if (!unit->target || !i18n_has_text(unit->target)) {
        unit->state = I18N_MISSING;
        return;
    }
    xmlChar *from = xmlGetProp(unit->target, (const xmlChar *)"from");
    if (from) {
        unit->from = xstrdup((const char *)from);
        xmlFree(from);
    }
    unit->state = !unit->from                                  ? I18N_TRANSLATED
                  : strcmp(unit->from, unit->fingerprint) == 0 ? I18N_CURRENT
                                                               : I18N_OUTDATED;
}

static void S_walk(struct walk *w, xmlNode *node)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        size_t index = w->index++;
        if (check_is_unit(w->pub, n)) {
            S_add_unit(w, n, index);
            w->index += i18n_count_elements(n->children);
        } else {
            S_walk(w, n->children);
        }
    }
}

int i18n_units_collect(const struct publication *pub, const char *lang, struct i18n_units *units,
                       struct diag_list *diags)
{
    memset(units, 0, sizeof *units);
    units->lang = xstrdup(lang);
    struct walk w = {pub, units, 0};
    S_walk(&w, xmlDocGetRootElement(pub->doc));
    xmlHashTable *seen = xmlHashCreate(256);
    int rc = 0;
    for (size_t i = 0; i < units->count; i++) {
        struct i18n_unit *u = &units->items[i];
        const struct i18n_unit *first = xmlHashLookup(seen, (const xmlChar *)u->id);
        if (first) {
            diag_add_node(diags, DIAG_ERROR, u->node,
                          "two translatable units have the id '%s' (the other at line %ld): give "
                          "one of them, or an element around it, an id",
                          u->id, xmlGetLineNo(first->node));
            rc = -1;
        } else {
            xmlHashAddEntry(seen, (const xmlChar *)u->id, u);
        }
    }
    xmlHashFree(seen, NULL);
    return rc;
}

void i18n_units_free(struct i18n_units *units)
{
    for (size_t i = 0; i < units->count; i++) {
        free(units->items[i].id);
        free(units->items[i].from);
    }
    free(units->items);
    free(units->lang);
    memset(units, 0, sizeof *units);
}

struct i18n_unit *i18n_find(const struct i18n_units *units, const char *id)
{
    for (size_t i = 0; i < units->count; i++)
        if (strcmp(units->items[i].id, id) == 0)
            return &units->items[i];
    return NULL;
}

const char **i18n_target_languages(const struct publication *pub)
{
    const char **langs = xcalloc(pub->edition_count + 1, sizeof *langs);
    size_t n = 0;
    for (size_t i = 0; i < pub->edition_count; i++)
        if (!pub->source_lang || strcmp(pub->editions[i].lang, pub->source_lang) != 0)
            langs[n++] = pub->editions[i].lang;
    return langs;
}

/* The source text of a child unit that names `n` (its heading, title ...),
 * shortened; NULL when it has none. */
static char *S_title(const struct publication *pub, const xmlNode *n, const xmlNode *unit)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || c == unit)
            continue;
        for (size_t i = 0; title_names[i]; i++) {
            if (!xmlStrEqual(c->name, (const xmlChar *)title_names[i]))
                continue;
            xmlNode *source = check_language_child(c, pub->source_lang);
            if (source && i18n_has_text(source))
                return i18n_first_words(source, 8);
        }
    }
    return NULL;
}

char *i18n_context(const struct publication *pub, const struct i18n_unit *unit)
{
    const xmlNode *chain[64];
    size_t n = 0;
    for (const xmlNode *a = unit->node; a && a->type == XML_ELEMENT_NODE && a->parent &&
                                        a->parent->type == XML_ELEMENT_NODE && n < 64;
         a = a->parent)
        chain[n++] = a;
    struct buf b = {0};
    while (n-- > 0) {
        const xmlNode *a = chain[n];
        char *step = S_step(a, ' ');
        buf_puts(&b, step);
        free(step);
        xmlChar *id = xmlGetProp(a, (const xmlChar *)"id");
        if (id)
            buf_printf(&b, " #%s", (const char *)id);
        xmlFree(id);
        char *title = a != unit->node ? S_title(pub, a, unit->node) : NULL;
        if (title)
            buf_printf(&b, " \xe2\x80\x9c%s\xe2\x80\x9d", title);
        free(title);
        if (n)
            buf_puts(&b, " \xe2\x80\xba ");
    }
    if (!b.data)
        buf_put(&b, "", 0);
    return b.data;
}

int i18n_complete(const struct i18n_units *units)
{
    for (size_t i = 0; i < units->count; i++)
        if (units->items[i].state == I18N_MISSING || units->items[i].state == I18N_OUTDATED)
            return 0;
    return 1;
}

struct counts {
    size_t translated, missing, outdated, unmarked, words;
};

static struct counts S_count(const struct i18n_units *units)
{
    struct counts c = {0};
    for (size_t i = 0; i < units->count; i++) {
        const struct i18n_unit *u = &units->items[i];
        if (u->state == I18N_MISSING)
            c.missing++;
        else if (u->state == I18N_OUTDATED)
            c.outdated++;
        else
            c.translated++;
        if (u->state == I18N_TRANSLATED)
            c.unmarked++;
        if (u->state == I18N_MISSING || u->state == I18N_OUTDATED)
            c.words += u->words;
    }
    return c;
}

/* The place a unit's state is seen at: its target element, or the unit. */
static char *S_place(const struct i18n_unit *u)
{
    return diag_node_place(u->target ? u->target : u->node);
}

void i18n_status_text(const struct publication *pub, const struct i18n_units *units,
                      struct buf *out)
{
    struct counts c = S_count(units);
    buf_printf(out,
               "%s %s: %zu units, %zu translated, %zu missing, %zu outdated; %zu words to "
               "translate",
               pub->id, units->lang, units->count, c.translated, c.missing, c.outdated, c.words);
    if (c.unmarked)
        buf_printf(out, " (%zu translated units record no source version)", c.unmarked);
    buf_puts(out, "\n");
    for (int pass = 0; pass < 2; pass++) {
        enum i18n_state want = pass == 0 ? I18N_MISSING : I18N_OUTDATED;
        size_t count = pass == 0 ? c.missing : c.outdated;
        if (count)
            buf_printf(out, "%s:\n", pass == 0 ? "missing" : "outdated");
        for (size_t i = 0; i < units->count; i++) {
            const struct i18n_unit *u = &units->items[i];
            if (u->state != want)
                continue;
            char *place = S_place(u);
            char *words = i18n_first_words(u->source, 8);
            buf_printf(out, "%s: %s: %s\n", place, u->id, words);
            free(words);
            free(place);
        }
    }
}

static void S_json_string(struct buf *b, const char *s)
{
    buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            buf_printf(b, "\\u%04x", *p);
        else
            buf_put(b, (const char *)p, 1);
    }
    buf_puts(b, "\"");
}

void i18n_status_json(const struct publication *pub, const struct i18n_units *units,
                      struct buf *out)
{
    static const char *const names[] = {"missing", "outdated", "translated", "current"};
    struct counts c = S_count(units);
    buf_puts(out, "{\"publication\":");
    S_json_string(out, pub->id);
    buf_puts(out, ",\"file\":");
    S_json_string(out, pub->path);
    buf_puts(out, ",\"lang\":");
    S_json_string(out, units->lang);
    buf_printf(out,
               ",\"total\":%zu,\"translated\":%zu,\"missing\":%zu,\"outdated\":%zu,"
               "\"unmarked\":%zu,\"words_to_translate\":%zu,\"complete\":%s,\"units\":[",
               units->count, c.translated, c.missing, c.outdated, c.unmarked, c.words,
               c.missing || c.outdated ? "false" : "true");
    int first = 1;
    for (size_t i = 0; i < units->count; i++) {
        const struct i18n_unit *u = &units->items[i];
        if (u->state != I18N_MISSING && u->state != I18N_OUTDATED)
            continue;
        char *words = i18n_first_words(u->source, 8);
        buf_puts(out, first ? "{\"id\":" : ",{\"id\":");
        first = 0;
        S_json_string(out, u->id);
        buf_puts(out, ",\"state\":");
        S_json_string(out, names[u->state]);
        buf_printf(out, ",\"line\":%ld,\"words\":%zu,\"source\":",
                   xmlGetLineNo(u->target ? u->target : u->node), u->words);
        S_json_string(out, words);
        buf_puts(out, ",\"fingerprint\":");
        S_json_string(out, u->fingerprint);
        if (u->from) {
            buf_puts(out, ",\"from\":");
            S_json_string(out, u->from);
        }
        buf_puts(out, "}");
        free(words);
    }
    buf_puts(out, "]}");
}

void i18n_edit_from(const char *text, const struct splice_map *map, const struct i18n_unit *unit,
                    struct splice_edits *edits)
{
    const struct splice_element *e = &map->items[unit->target_index];
    size_t at, n;
    if (splice_attribute(text, e, "from", &at, &n)) {
        if (n != strlen(unit->fingerprint) || strncmp(text + at, unit->fingerprint, n) != 0)
            splice_add(edits, at, at + n, xstrdup(unit->fingerprint));
    } else {
        splice_add(edits, e->name_end, e->name_end, xasprintf(" from=\"%s\"", unit->fingerprint));
    }
}

/* Checks that the map's elements are the tree's, name by name. */
static int S_map_matches(const char *text, const struct splice_map *map, const xmlNode *node,
                         size_t *i)
{
    for (const xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (*i >= map->count)
            return 0;
        const struct splice_element *e = &map->items[(*i)++];
        size_t len = e->name_end - e->start - 1;
        if (strlen((const char *)n->name) != len ||
            strncmp(text + e->start + 1, (const char *)n->name, len) != 0)
            return 0;
        if (!S_map_matches(text, map, n->children, i))
            return 0;
    }
    return 1;
}

char *i18n_read_content(const struct publication *pub, struct splice_map *map, size_t *len,
                        struct diag_list *diags)
{
    char *text = file_read(pub->path, len);
    if (!text) {
        diag_add(diags, DIAG_ERROR, pub->path, 0, "cannot read it again");
        return NULL;
    }
    size_t i = 0;
    if (splice_scan(text, *len, map) != 0 ||
        !S_map_matches(text, map, xmlDocGetRootElement(pub->doc), &i) || i != map->count) {
        diag_add(diags, DIAG_ERROR, pub->path, 0,
                 "the file changed while folio was reading it; nothing written");
        splice_map_free(map);
        free(text);
        return NULL;
    }
    return text;
}

int i18n_mark_current(const struct publication *pub, const char *lang, char *const *ids,
                      size_t id_count, int all, size_t *marked, struct diag_list *diags)
{
    *marked = 0;
    struct i18n_units units;
    if (i18n_units_collect(pub, lang, &units, diags) != 0) {
        i18n_units_free(&units);
        return -1;
    }
    size_t errors = diags->errors;
    struct i18n_unit **chosen = xcalloc(units.count + id_count, sizeof *chosen);
    size_t n = 0;
    if (all) {
        for (size_t i = 0; i < units.count; i++)
            if (units.items[i].state != I18N_MISSING)
                chosen[n++] = &units.items[i];
    }
    for (size_t i = 0; i < id_count; i++) {
        struct i18n_unit *u = i18n_find(&units, ids[i]);
        if (!u)
            diag_add(diags, DIAG_ERROR, pub->path, 0, "no translatable unit has the id '%s'",
                     ids[i]);
        else if (u->state == I18N_MISSING)
            diag_add_node(diags, DIAG_ERROR, u->node, "%s: there is no %s translation to mark",
                          u->id, lang);
        else
            chosen[n++] = u;
    }
    int rc = diags->errors > errors ? -1 : 0;
    struct splice_map map = {0};
    size_t len = 0;
    char *text = rc == 0 ? i18n_read_content(pub, &map, &len, diags) : NULL;
    if (rc == 0 && !text)
        rc = -1;
    if (rc == 0) {
        struct splice_edits edits = {0};
        for (size_t i = 0; i < n; i++) {
            int twice = 0;
            for (size_t j = 0; j < i; j++)
                twice |= chosen[j] == chosen[i];
            if (twice || chosen[i]->state == I18N_CURRENT)
                continue;
            i18n_edit_from(text, &map, chosen[i], &edits);
            (*marked)++;
        }
        size_t out_len = 0;
        char *out = edits.count ? splice_apply(text, len, &edits, &out_len) : NULL;
        if (edits.count && (!out || splice_write_file(pub->path, out, out_len) != 0)) {
            diag_add(diags, DIAG_ERROR, pub->path, 0, "cannot write it; it is as it was");
            rc = -1;
            *marked = 0;
        }
        free(out);
        splice_edits_free(&edits);
    }
    if (rc == 0) { /* the old text of a source that changes, for the review page */
        xmlNode **texts = xcalloc(n + 1, sizeof *texts);
        for (size_t i = 0; i < n; i++)
            texts[i] = chosen[i]->source;
        rc = sources_record(pub, texts, n, diags);
        free(texts);
    }
    free(text);
    splice_map_free(&map);
    free(chosen);
    i18n_units_free(&units);
    return rc;
}
