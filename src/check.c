#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "check.h"
#include "locale.h"
#include "util.h"

static int S_is_lang(const struct publication *pub, const char *name)
{
    for (size_t i = 0; i < pub->edition_count; i++)
        if (strcmp(pub->editions[i].lang, name) == 0)
            return 1;
    return pub->source_lang && strcmp(pub->source_lang, name) == 0;
}

int check_is_language(const struct publication *pub, const xmlNode *node)
{
    return node->type == XML_ELEMENT_NODE && S_is_lang(pub, (const char *)node->name);
}

xmlNode *check_language_child(const xmlNode *unit, const char *lang)
{
    for (xmlNode *c = unit->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, lang) == 0)
            return c;
    return NULL;
}

int check_is_unit(const struct publication *pub, const xmlNode *node)
{
    for (xmlNode *c = node->children; c; c = c->next)
        if (check_is_language(pub, c))
            return 1;
    return 0;
}

static int S_has_text(const xmlNode *node)
{
    xmlChar *s = xmlNodeGetContent(node);
    int found = 0;
    for (const xmlChar *p = s; p && *p && !found; p++)
        found = *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r';
    xmlFree(s);
    return found;
}

void check_fingerprint(const xmlNode *source, char out[7])
{
    /* FNV-1a over the text with runs of whitespace as one space, so
     * re-wrapping a paragraph does not outdate its translations */
    xmlChar *s = xmlNodeGetContent(source);
    uint32_t h = 2166136261u;
    int started = 0, pending_space = 0;
    for (const xmlChar *p = s; p && *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            pending_space = started;
            continue;
        }
        if (pending_space)
            h = (h ^ ' ') * 16777619u;
        h = (h ^ *p) * 16777619u;
        started = 1;
        pending_space = 0;
    }
    xmlFree(s);
    snprintf(out, 7, "%06x", (unsigned)(h >> 8));
}

/* Reports the unit's missing and outdated translations, counting them
 * in *gaps. */
static void S_check_unit(const struct publication *pub, xmlNode *unit, int draft, size_t *gaps,
                         struct diag_list *diags)
{
    xmlNode *source = check_language_child(unit, pub->source_lang);
    char fingerprint[7] = "";
    if (source && S_has_text(source))
        check_fingerprint(source, fingerprint);
    for (size_t i = 0; i < pub->edition_count; i++) {
        const char *lang = pub->editions[i].lang;
        xmlNode *t = check_language_child(unit, lang);
        if (!t || !S_has_text(t)) {
            int is_source = strcmp(lang, pub->source_lang) == 0;
            diag_add_node(diags, draft && !is_source ? DIAG_WARNING : DIAG_ERROR, t ? t : unit,
                          "<%s> has no %s text%s", (const char *)unit->name, lang,
                          is_source ? " (the source language)" : " (missing translation)");
            *gaps += !is_source;
            continue;
        }
        xmlChar *from = xmlGetProp(t, (const xmlChar *)"from");
        if (from && fingerprint[0] && strcmp((const char *)from, fingerprint) != 0) {
            /* a release prints only translations of the source as it is */
            diag_add_node(diags, draft ? DIAG_WARNING : DIAG_ERROR, t,
                          "outdated translation: made from source %s, the source is now %s",
                          (const char *)from, fingerprint);
            (*gaps)++;
        }
        xmlFree(from);
    }
}

int check_outdated(const struct publication *pub, const xmlNode *unit, const char *lang)
{
    xmlNode *source = check_language_child(unit, pub->source_lang);
    xmlNode *t = check_language_child(unit, lang);
    if (!source || !t || t == source || !S_has_text(source) || !S_has_text(t))
        return 0;
    xmlChar *from = xmlGetProp(t, (const xmlChar *)"from");
    char fingerprint[7];
    check_fingerprint(source, fingerprint);
    int outdated = from && strcmp((const char *)from, fingerprint) != 0;
    xmlFree(from);
    return outdated;
}

static void S_collect_ids(xmlNode *node, xmlHashTable *ids, struct diag_list *diags)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
        if (id) {
            xmlNode *first = xmlHashLookup(ids, id);
            if (first && diags)
                diag_add_node(diags, DIAG_ERROR, n, "duplicate id '%s' (first used at line %ld)",
                              (const char *)id, xmlGetLineNo(first));
            else if (!first)
                xmlHashAddEntry(ids, id, n);
            xmlFree(id);
        }
        S_collect_ids(n->children, ids, diags);
    }
}

xmlHashTable *check_ids(xmlNode *root, struct diag_list *diags)
{
    xmlHashTable *ids = xmlHashCreate(64);
    S_collect_ids(root, ids, diags);
    return ids;
}

static int S_has_child(const xmlNode *node, const char *name)
{
    for (const xmlNode *c = node->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
            return 1;
    return 0;
}

/* Every reference the kind declares (refs.h) names an id, and the element
 * it must. */
static void S_check_refs(xmlNode *node, const struct kind_refs *refs, xmlHashTable *ids,
                         struct diag_list *diags)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (size_t i = 0; i < refs->count; i++) {
            const struct kind_ref *r = &refs->items[i];
            if (r->element && strcmp((const char *)n->name, r->element) != 0)
                continue;
            xmlChar *ref = xmlGetProp(n, (const xmlChar *)r->attr);
            if (!ref)
                continue;
            xmlNode *target = xmlHashLookup(ids, ref);
            if (!target)
                diag_add_node(diags, DIAG_ERROR, n, "%s=\"%s\": no %s has the id '%s'", r->attr,
                              (const char *)ref, r->words, (const char *)ref);
            else if (r->target && strcmp((const char *)target->name, r->target) != 0)
                diag_add_node(diags, DIAG_ERROR, n, "%s=\"%s\" names a <%s>, not an <%s>", r->attr,
                              (const char *)ref, (const char *)target->name, r->target);
            else if (r->having && !S_has_child(target, r->having))
                diag_add_node(diags, DIAG_ERROR, n,
                              "%s=\"%s\": that %s (line %ld) has no <%s>: give it one or remove "
                              "this <%s>",
                              r->attr, (const char *)ref, r->words, xmlGetLineNo(target), r->having,
                              (const char *)n->name);
            xmlFree(ref);
        }
        S_check_refs(n->children, refs, ids, diags);
    }
}

/* An attribute the kind declares a figure (refs.h) is written as
 * printed, so it can be formatted per locale: the schema takes any text
 * and this says what is wanted. */
static void S_check_figures(xmlNode *node, const struct kind_refs *refs, struct diag_list *diags)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (size_t i = 0; i < refs->figure_count; i++) {
            const struct kind_attr *f = &refs->figures[i];
            if (f->element && strcmp((const char *)n->name, f->element) != 0)
                continue;
            xmlChar *v = xmlGetProp(n, (const xmlChar *)f->attr);
            char *formatted =
                v ? locale_format_figure(locale_find("en-US"), (const char *)v) : NULL;
            if (v && !formatted)
                diag_add_node(diags, DIAG_ERROR, n,
                              "%s=\"%s\": write the figure in digits, without thousands "
                              "separators, with '.' before any decimals, '%%' after a percentage "
                              "and '+' before or after: 21, 4.5, 87%%, +300 or 300+",
                              f->attr, (const char *)v);
            free(formatted);
            xmlFree(v);
        }
        S_check_figures(n->children, refs, diags);
    }
}

/* Characters a link cannot hold that an editor slips in: they look like
 * a space or a quote, and the address then leads nowhere. */
static const char *S_link_slip(const char *href)
{
    if (strstr(href, "\xC2\xA0"))
        return "a no-break space (U+00A0)";
    if (strstr(href, "\xE2\x80\x9C") || strstr(href, "\xE2\x80\x9D") ||
        strstr(href, "\xE2\x80\x98") || strstr(href, "\xE2\x80\x99"))
        return "a typographic quote";
    if (strpbrk(href, " \t\n"))
        return "a space";
    return NULL;
}

static void S_check_links(xmlNode *node, struct diag_list *diags)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
        const char *slip = href ? S_link_slip((const char *)href) : NULL;
        if (slip)
            diag_add_node(diags, DIAG_ERROR, n,
                          "href=\"%s\": the link contains %s, so it leads nowhere: delete it "
                          "(a space the address really has is written %%20)",
                          (const char *)href, slip);
        xmlFree(href);
        S_check_links(n->children, diags);
    }
}

/* The publication's period (<period from= to=>, years or months) as its
 * first and last day; 0 when it has none. */
static int S_period(xmlNode *node, struct locale_date *first, struct locale_date *last)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, "period") == 0) {
            xmlChar *from = xmlGetProp(n, (const xmlChar *)"from");
            xmlChar *to = xmlGetProp(n, (const xmlChar *)"to");
            int ok = 0;
            if (from && to) {
                if (strlen((const char *)from) == 4 && strlen((const char *)to) == 4) {
                    *first = (struct locale_date){atoi((const char *)from), 1, 1};
                    *last = (struct locale_date){atoi((const char *)to), 12, 31};
                    ok = 1;
                } else if (locale_parse_date((const char *)from, first) &&
                           locale_parse_date((const char *)to, last)) {
                    if (last->day == 0)
                        last->day = locale_days_in_month(last->year, last->month);
                    ok = 1;
                }
            }
            xmlFree(from);
            xmlFree(to);
            if (ok)
                return 1;
        }
        if (S_period(n->children, first, last))
            return 1;
    }
    return 0;
}

/* Reads a date attribute; a day that is not in the calendar is an error. */
static int S_date_attr(xmlNode *n, const char *attr, struct locale_date *d, struct diag_list *diags)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (!v)
        return 0;
    int ok = locale_parse_date((const char *)v, d);
    if (!ok) {
        int y = 0, m = 0, day = 0;
        if (sscanf((const char *)v, "%d-%d-%d", &y, &m, &day) == 3 && m >= 1 && m <= 12)
            diag_add_node(diags, DIAG_ERROR, n, "%s=\"%s\": no such day (%s %d has %d days)", attr,
                          (const char *)v, locale_month_name(locale_find("en-US"), m), y,
                          locale_days_in_month(y, m));
        else
            diag_add_node(diags, DIAG_ERROR, n, "%s=\"%s\" is not a date", attr, (const char *)v);
    }
    xmlFree(v);
    return ok;
}

/* Every element with start= (a meeting) has days that exist and an end
 * that is not before its start: errors. Siblings out of date order, or a
 * date outside the publication's period: warnings, since content may mean
 * it. */
static void S_check_dates(xmlNode *node, const struct locale_date *first,
                          const struct locale_date *last, struct diag_list *diags)
{
    struct locale_date previous = {0, 0, 0};
    xmlNode *previous_node = NULL;
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        struct locale_date start, end;
        int has_start = S_date_attr(n, "start", &start, diags);
        int has_end = S_date_attr(n, "end", &end, diags);
        if (has_start && has_end && locale_date_compare(&end, &start) < 0) {
            xmlChar *s = xmlGetProp(n, (const xmlChar *)"start");
            xmlChar *e = xmlGetProp(n, (const xmlChar *)"end");
            diag_add_node(diags, DIAG_ERROR, n, "end=\"%s\" is before start=\"%s\"",
                          (const char *)e, (const char *)s);
            xmlFree(s);
            xmlFree(e);
        }
        if (has_start) {
            if (previous_node && locale_date_compare(&start, &previous) < 0)
                diag_add_node(diags, DIAG_WARNING, n,
                              "out of date order: it starts before the one at line %ld",
                              xmlGetLineNo(previous_node));
            previous = start;
            previous_node = n;
            const struct locale_date *until = has_end ? &end : &start;
            if (first &&
                (locale_date_compare(&start, first) < 0 || locale_date_compare(until, last) > 0))
                diag_add_node(diags, DIAG_WARNING, n,
                              "outside the publication's period (%d-%02d-%02d to %d-%02d-%02d)",
                              first->year, first->month, first->day, last->year, last->month,
                              last->day);
        }
        S_check_dates(n->children, first, last, diags);
    }
}

/* A period of months or days (a booklet's years are the schema's): days
 * that exist and a to not before its from, a month counting to its end. */
static void S_check_period(xmlNode *node, struct diag_list *diags)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *from = strcmp((const char *)n->name, "period") == 0
                            ? xmlGetProp(n, (const xmlChar *)"from")
                            : NULL;
        if (from && strlen((const char *)from) != 4) {
            struct locale_date a, z;
            int has_a = S_date_attr(n, "from", &a, diags), has_z = S_date_attr(n, "to", &z, diags);
            if (has_z && z.day == 0)
                z.day = locale_days_in_month(z.year, z.month);
            if (has_a && has_z && locale_date_compare(&z, &a) < 0) {
                xmlChar *to = xmlGetProp(n, (const xmlChar *)"to");
                diag_add_node(diags, DIAG_ERROR, n, "to=\"%s\" is before from=\"%s\"",
                              (const char *)to, (const char *)from);
                xmlFree(to);
            }
        }
        xmlFree(from);
        S_check_period(n->children, diags);
    }
}

static void S_check_units(const struct publication *pub, xmlNode *node, int draft, size_t *gaps,
                          struct diag_list *diags)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (check_is_unit(pub, n))
            S_check_unit(pub, n, draft, gaps, diags);
        else
            S_check_units(pub, n->children, draft, gaps, diags);
    }
}

int check_publication(const struct publication *pub, int draft, struct diag_list *diags)
{
    size_t errors = diags->errors;
    xmlNode *root = xmlDocGetRootElement(pub->doc);
    if (!pub->source_lang || !publication_edition(pub, pub->source_lang))
        diag_add_node(diags, DIAG_ERROR, root, "the source language '%s' has no <edition>",
                      pub->source_lang ? pub->source_lang : "");
    for (size_t i = 0; i < pub->edition_count; i++) {
        if (!locale_find(pub->editions[i].locale))
            diag_add_node(diags, DIAG_ERROR, root, "folio cannot format the locale '%s'",
                          pub->editions[i].locale);
        for (size_t j = 0; j < i; j++)
            if (strcmp(pub->editions[i].lang, pub->editions[j].lang) == 0)
                diag_add_node(diags, DIAG_ERROR, root, "two editions in '%s'",
                              pub->editions[i].lang);
    }
    xmlHashTable *ids = check_ids(root, diags);
    S_check_refs(root, &pub->refs, ids, diags);
    xmlHashFree(ids, NULL);
    S_check_links(root, diags);
    S_check_figures(root, &pub->refs, diags);
    size_t gaps = 0;
    S_check_units(pub, root, draft, &gaps, diags);
    if (gaps && !draft)
        diag_add(diags, DIAG_ERROR, pub->path, 0,
                 "%zu translation%s missing or outdated (listed above): a release needs every "
                 "one translated from the source as it is now; --draft builds them with the "
                 "source text marked",
                 gaps, gaps == 1 ? " is" : "s are");
    struct locale_date first, last;
    S_check_period(root, diags);
    int has_period = S_period(root, &first, &last);
    S_check_dates(root, has_period ? &first : NULL, has_period ? &last : NULL, diags);
    return diags->errors > errors ? -1 : 0;
}
