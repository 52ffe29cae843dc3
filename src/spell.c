#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hunspell.h>
#include <libxml/hash.h>

#include "check.h"
#include "spell.h"

void spell_report_free(struct spell_report *r)
{
    free(r->items);
    r->items = NULL;
    r->count = 0;
}

const char *spell_dictionary_dir(void)
{
    const char *env = getenv("FOLIO_DICT_PATH");
    return env && *env ? env : "/usr/share/hunspell";
}

/* One language's checker and what it found. */
struct S_checker {
    Hunhandle *h;
    const struct publication *pub;
    struct spell_count *count;
    xmlHashTable *suggestions; /* word -> "(a, b, c)", asked once per word */
    xmlHashTable *reported;    /* distinct words reported */
    struct diag_list *diags;
};

static void S_free_entry(void *payload, const xmlChar *name)
{
    (void)name;
    free(payload);
}

/* The code point at s (UTF-8), its length in *n. */
static unsigned S_decode(const unsigned char *s, size_t *n)
{
    if (s[0] < 0x80) {
        *n = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        *n = 2;
        return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    }
    if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *n = 3;
        return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    }
    *n = 1;
    return 0xFFFD;
}

/* Letters of the Latin scripts the content is written in (× and ÷ are
 * not; ª and º are ordinals' marks, not words). */
static int S_letter(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

static int S_apostrophe(unsigned c)
{
    return c == '\'' || c == 0x2019;
}

/* A chunk of text between spaces that is not words: an address, a URL,
 * anything with a digit (numbers, dates, codes, "COVID-19", "1.er"), a
 * domain name ("minsa.gob.pe"). */
static int S_skip_chunk(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            return 1;
        if (s[i] == '@' || s[i] == '/' || s[i] == '\\' || s[i] == '_' || s[i] == '#')
            return 1;
        if (s[i] == '.' && i > 0 && i + 1 < n &&
            ((s[i + 1] | 32) >= 'a' && (s[i + 1] | 32) <= 'z') &&
            ((s[i - 1] | 32) >= 'a' && (s[i - 1] | 32) <= 'z'))
            return 1;
    }
    return (n >= 4 && strncmp(s, "www.", 4) == 0);
}

/* A Roman numeral ("II", "iv", "XIV"): a number, not a word. Read as one
 * and written back; only a numeral written canonically reads the same. */
static int S_roman(const char *w)
{
    static const char *const digits[] = {"M",  "CM", "D",  "CD", "C",  "XC", "L",
                                         "XL", "X",  "IX", "V",  "IV", "I"};
    static const int values[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    char up[16];
    size_t n = strlen(w);
    if (n == 0 || n >= sizeof up)
        return 0;
    int lower = w[0] >= 'a';
    for (size_t i = 0; i < n; i++) {
        if (!strchr(lower ? "mdclxvi" : "MDCLXVI", w[i]))
            return 0;
        up[i] = (char)(lower ? w[i] - 32 : w[i]);
    }
    up[n] = '\0';
    int value = 0;
    for (const char *p = up; *p;) {
        int k = 0;
        for (; k < 13; k++)
            if (strncmp(p, digits[k], strlen(digits[k])) == 0)
                break;
        value += values[k];
        p += strlen(digits[k]);
    }
    char again[32] = "";
    for (int k = 0; k < 13; k++)
        while (value >= values[k] && strlen(again) + 2 < sizeof again) {
            strcat(again, digits[k]);
            value -= values[k];
        }
    return strcmp(again, up) == 0;
}

static void S_report(struct S_checker *c, const char *word, const xmlNode *node, long line)
{
    const char *said = xmlHashLookup(c->suggestions, (const xmlChar *)word);
    if (!said) {
        char **list = NULL;
        int n = Hunspell_suggest(c->h, &list, word);
        struct buf b = {0};
        for (int i = 0; i < n && i < 4; i++)
            buf_printf(&b, "%s%s", i ? ", " : "", list[i]);
        if (n > 0)
            Hunspell_free_list(c->h, &list, n);
        char *s = xasprintf("(%s)", b.len ? b.data : "no suggestion");
        buf_free(&b);
        xmlHashAddEntry(c->suggestions, (const xmlChar *)word, s);
        said = s;
    }
    if (!xmlHashLookup(c->reported, (const xmlChar *)word)) {
        xmlHashAddEntry(c->reported, (const xmlChar *)word, (void *)1);
        c->count->distinct++;
    }
    c->count->unknown++;
    char *place = diag_node_place(node);
    char *colon = strrchr(place, ':');
    if (colon)
        *colon = '\0';
    diag_add(c->diags, DIAG_WARNING, place, line, "spelling (%s): %s %s", c->count->lang, word,
             said);
    free(place);
}

/* Checks one word: a hyphenated one whole, else each part; one followed
 * by a full stop also as an abbreviation ("etc."). */
static void S_check_word(struct S_checker *c, char *word, int stop, const xmlNode *node, long line)
{
    if (strlen(word) < 2 || S_roman(word)) /* single letters: initials, marks */
        return;
    c->count->words++;
    char *dotted = stop ? xasprintf("%s.", word) : NULL;
    int ok = Hunspell_spell(c->h, word) || (dotted && Hunspell_spell(c->h, dotted));
    free(dotted);
    if (ok)
        return;
    char *hyphen = strchr(word, '-');
    if (!hyphen) {
        S_report(c, word, node, line);
        return;
    }
    c->count->words--; /* counted as its parts */
    for (char *part = word; part;) {
        char *next = strchr(part, '-');
        if (next)
            *next++ = '\0';
        S_check_word(c, part, 0, node, line);
        part = next;
    }
}

/* The words of a text node, each checked; `line` is the node's first. */
static void S_check_text(struct S_checker *c, const xmlNode *node, long line)
{
    const char *s = (const char *)node->content;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            line += s[i++] == '\n';
        size_t start = i;
        while (i < len && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        if (i == start || S_skip_chunk(s + start, i - start))
            continue;
        /* the chunk's words: letters, with apostrophes (children’s) and
         * hyphens (pre-primary) inside */
        struct buf w = {0};
        for (size_t j = start; j <= i;) {
            size_t n = 1;
            unsigned cp = j < i ? S_decode((const unsigned char *)s + j, &n) : 0;
            size_t next_n = 1;
            int inner = (S_apostrophe(cp) || cp == '-') && w.len && j + n < i &&
                        S_letter(S_decode((const unsigned char *)s + j + n, &next_n));
            if (j < i && (S_letter(cp) || inner)) {
                if (inner && cp != '-')
                    buf_put(&w, "'", 1);
                else
                    buf_put(&w, s + j, n);
            } else if (w.len) {
                S_check_word(c, w.data, j < i && cp == '.', node, line);
                w.len = 0;
                w.data[0] = '\0';
            }
            j += n;
        }
        buf_free(&w);
    }
}

static long S_newlines(const char *s)
{
    long n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* Checks the text under `node`, whose content starts at `line`. libxml2
 * gives a text node the line where the parser was when it made it (the
 * end of a chunk), so lines are counted from the elements' start tags. */
static void S_walk_text(struct S_checker *c, const xmlNode *node, long line)
{
    for (const xmlNode *n = node->children; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            S_check_text(c, n, line);
            line += S_newlines((const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            line = xmlGetLineNo(n);
            S_walk_text(c, n, line);
            xmlChar *content = xmlNodeGetContent(n);
            line += S_newlines((const char *)content);
            xmlFree(content);
        }
    }
}

static void S_walk_units(struct S_checker *c, const xmlNode *node)
{
    for (const xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (check_is_unit(c->pub, n)) {
            const xmlNode *text = check_language_child(n, c->count->lang);
            if (text)
                S_walk_text(c, text, xmlGetLineNo(text));
        } else {
            S_walk_units(c, n->children);
        }
    }
}

/* Adds a word list's words for `lang` to the dictionary. */
static void S_add_words(Hunhandle *h, const char *path, const char *lang)
{
    char *text = file_read(path, NULL);
    size_t lang_len = strlen(lang);
    for (char *line = text, *next; line && *line; line = next) {
        next = line + strcspn(line, "\n");
        if (*next)
            *next++ = '\0';
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *colon = strchr(line, ':');
        if (colon) { /* "es: palabra": for one language */
            if ((size_t)(colon - line) != lang_len || strncmp(line, lang, lang_len) != 0)
                continue;
            line = colon + 1;
        }
        while (*line == ' ' || *line == '\t')
            line++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n)
            Hunspell_add(h, line);
    }
    free(text);
}

int spell_check(const struct publication *pub, const char *const *word_lists,
                struct spell_report *report, struct diag_list *diags)
{
    int rc = 0;
    for (size_t e = 0; e < pub->edition_count; e++) {
        const struct edition *ed = &pub->editions[e];
        struct spell_count count = {0};
        snprintf(count.lang, sizeof count.lang, "%s", ed->lang);
        snprintf(count.dictionary, sizeof count.dictionary, "%s", ed->locale);
        char *dash = strchr(count.dictionary, '-');
        if (dash)
            *dash = '_';
        char *base = path_join(spell_dictionary_dir(), count.dictionary);
        char *aff = xasprintf("%s.aff", base), *dic = xasprintf("%s.dic", base);
        struct stat st;
        if (stat(aff, &st) != 0 || stat(dic, &st) != 0) {
            diag_add(diags, DIAG_ERROR, dic, 0,
                     "no hunspell dictionary for the %s edition (%s): install Debian's "
                     "hunspell-%s, or set FOLIO_DICT_PATH",
                     ed->lang, ed->locale, ed->lang);
            rc = -1;
        } else {
            struct S_checker c = {Hunspell_create(aff, dic), pub,  &count, xmlHashCreate(64),
                                  xmlHashCreate(64),         diags};
            for (size_t i = 0; word_lists && word_lists[i]; i++)
                if (stat(word_lists[i], &st) == 0)
                    S_add_words(c.h, word_lists[i], ed->lang);
            S_walk_units(&c, xmlDocGetRootElement(pub->doc));
            xmlHashFree(c.suggestions, S_free_entry);
            xmlHashFree(c.reported, NULL);
            Hunspell_destroy(c.h);
            report->items = xrealloc(report->items, (report->count + 1) * sizeof *report->items);
            report->items[report->count++] = count;
        }
        free(aff);
        free(dic);
        free(base);
    }
    return rc;
}

int spell_check_publication(const struct publication *pub, struct spell_report *report,
                            struct diag_list *diags)
{
    const char *slash = strrchr(pub->path, '/');
    char *dir = slash ? xstrndup(pub->path, (size_t)(slash - pub->path)) : xstrdup(".");
    char *parent = path_parent(dir);
    char *lists[] = {path_join(parent, "words.txt"), path_join(dir, "words.txt"), NULL};
    int rc = spell_check(pub, (const char *const *)lists, report, diags);
    free(lists[0]);
    free(lists[1]);
    free(parent);
    free(dir);
    return rc;
}

void spell_report_print(const struct publication *pub, const struct spell_report *r,
                        struct buf *out)
{
    for (size_t i = 0; i < r->count; i++) {
        const struct spell_count *c = &r->items[i];
        buf_printf(out, "%s: spelling %s (%s): %zu words, %zu unknown (%zu distinct)\n", pub->path,
                   c->lang, c->dictionary, c->words, c->unknown, c->distinct);
    }
}
