/* stretch: a copy of a publication's content with the text of some of its
 * units made `factor` times longer, in words no dictionary knows and no
 * other place repeats, for the stress test of the layout (stress.sh).
 *
 *   stretch IN.xml OUT.xml MANIFEST UNITS FACTOR
 *
 * UNITS is a comma-separated list of units, each named by its parent and
 * its own element name ("front/title": the unit is the parent of <es> and
 * <en>), or "*" for every unit. Each word of their text becomes
 * FACTOR words "q<unit><n>" spelled in syllables, so they hyphenate and
 * justify like words. MANIFEST gets one line per word made: its language,
 * the unit's number, its place in the unit, the word. With UNITS "list",
 * prints the unit names the file has, one per line, and writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

static const char consonants[] = "bcdfgklmnprstvz";
static const char vowels[] = "aeiou";

/* n in `count` syllables, most significant first. */
static void S_syllables(char *out, unsigned long n, int count)
{
    for (int i = count - 1; i >= 0; i--) {
        unsigned long s = n % 75;
        out[2 * i] = consonants[s / 5];
        out[2 * i + 1] = vowels[s % 5];
        n /= 75;
    }
    out[2 * count] = '\0';
}

struct run {
    const char *units; /* "*" or a comma-separated list */
    int factor;
    FILE *manifest;
    unsigned long unit; /* units stretched so far */
    unsigned long note; /* the number of the next footnote: its words are in order of their own */
    int list;           /* print the names only */
    xmlHashTablePtr names;
};

static int S_is_slot(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE &&
           (strcmp((const char *)n->name, "es") == 0 || strcmp((const char *)n->name, "en") == 0);
}

/* name: "parent/unit" */
static int S_wanted(const struct run *r, const char *name)
{
    if (strcmp(r->units, "*") == 0)
        return 1;
    size_t len = strlen(name);
    for (const char *p = r->units; *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n == len && strncmp(p, name, n) == 0)
            return 1;
        p += n + (comma ? 1 : 0);
    }
    return 0;
}

static size_t S_words(const char *s)
{
    size_t n = 0;
    for (int in = 0; *s; s++) {
        int space = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';
        n += !space && !in;
        in = !space;
    }
    return n;
}

/* Replaces the text under a language slot, in document order. */
static void S_stretch_text(struct run *r, xmlNode *n, unsigned long unit, const char *lang,
                           unsigned long *seq)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "note") == 0) {
            unsigned long note_seq = 0; /* set at the foot of a page, not where it is called */
            S_stretch_text(r, c, r->note++, lang, &note_seq);
            continue;
        }
        if (c->type == XML_ELEMENT_NODE) {
            S_stretch_text(r, c, unit, lang, seq);
            continue;
        }
        if (c->type != XML_TEXT_NODE || !c->content)
            continue;
        size_t words = S_words((const char *)c->content);
        if (words == 0)
            continue;
        const char *text = (const char *)c->content;
        int lead = text[0] == ' ' || text[0] == '\n',
            trail = text[strlen(text) - 1] == ' ' || text[strlen(text) - 1] == '\n';
        size_t count = words * (size_t)r->factor, cap = count * 16 + 4, len = 0;
        char *out = malloc(cap);
        if (!out)
            exit(2);
        if (lead)
            out[len++] = ' ';
        for (size_t k = 0; k < count; k++, (*seq)++) {
            char u[8], s[8];
            S_syllables(u, unit, 2);
            S_syllables(s, *seq, 3);
            len += (size_t)snprintf(out + len, cap - len, "%sq%s%s", k ? " " : "", u, s);
            fprintf(r->manifest, "%s %lu %lu q%s%s\n", lang, unit, *seq, u, s);
        }
        if (trail)
            out[len++] = ' ';
        out[len] = '\0';
        xmlNodeSetContent(c, (const xmlChar *)out);
        free(out);
    }
}

static void S_walk(struct run *r, xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        int unit = 0;
        for (xmlNode *k = c->children; k && !unit; k = k->next)
            unit = S_is_slot(k);
        char path[256];
        snprintf(path, sizeof path, "%s/%s", (const char *)n->name, (const char *)c->name);
        if (unit && r->list) {
            xmlHashAddEntry(r->names, (const xmlChar *)path, (void *)1);
        } else if (unit && S_wanted(r, path)) {
            for (xmlNode *k = c->children; k; k = k->next)
                if (S_is_slot(k)) {
                    unsigned long seq = 0;
                    S_stretch_text(r, k, r->unit, (const char *)k->name, &seq);
                }
            r->unit++;
            continue; /* a unit's slots are text: no units inside */
        }
        S_walk(r, c);
    }
}

static void S_print_name(void *payload, void *data, const xmlChar *name)
{
    (void)payload;
    (void)data;
    printf("%s\n", (const char *)name);
}

int main(int argc, char **argv)
{
    if (argc != 6 && !(argc == 3 && strcmp(argv[2], "list") == 0)) {
        fprintf(stderr,
                "usage: stretch IN.xml OUT.xml MANIFEST UNITS FACTOR | stretch IN.xml list\n");
        return 2;
    }
    xmlDoc *doc = xmlReadFile(argv[1], NULL, XML_PARSE_NONET);
    if (!doc) {
        fprintf(stderr, "stretch: cannot read %s\n", argv[1]);
        return 1;
    }
    struct run r = {0};
    r.note = 4000; /* above any unit's number */
    if (argc == 3) {
        r.list = 1;
        r.names = xmlHashCreate(64);
        S_walk(&r, xmlDocGetRootElement(doc));
        xmlHashScan(r.names, S_print_name, NULL);
        xmlHashFree(r.names, NULL);
        xmlFreeDoc(doc);
        return 0;
    }
    r.units = argv[4];
    r.factor = atoi(argv[5]);
    r.manifest = fopen(argv[3], "w");
    if (!r.manifest || r.factor < 1) {
        fprintf(stderr, "stretch: cannot write %s, or a factor below 1\n", argv[3]);
        return 1;
    }
    S_walk(&r, xmlDocGetRootElement(doc));
    int rc = xmlSaveFileEnc(argv[2], doc, "UTF-8") < 0 || fclose(r.manifest) != 0;
    xmlFreeDoc(doc);
    return rc;
}
