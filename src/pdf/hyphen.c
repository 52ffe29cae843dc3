#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hyphen.h>
#include <libxml/hash.h>

#include "font.h"
#include "hyphen.h"
#include "util.h"

/* Words longer than this are left alone (libhyphen's own limit is 100). */
#define HYPHEN_MAX_WORD 64

/* Words repeat (a long report uses a few thousand of them), and asking the
 * dictionary is the costly part of breaking a paragraph: answers are kept,
 * up to this many words. */
#define HYPHEN_CACHE_MAX 200000

struct hyphen_answer {
    size_t count;
    size_t points[HYPHEN_MAX_WORD];
};

struct hyphenator {
    HyphenDict *dict;
    char *path;
    int lhmin, rhmin;
    xmlHashTable *cache; /* word -> struct hyphen_answer */
    size_t cached;
};

static int S_readable(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f)
        fclose(f);
    return f != NULL;
}

/* The first hyph_<ll>_*.dic of dir in name order, malloc'ed, or NULL. */
static char *S_any_of_language(const char *dir, const char *ll)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char *prefix = xasprintf("hyph_%s_", ll), *best = NULL;
    size_t plen = strlen(prefix);
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, plen) != 0 || len < 4 ||
            strcmp(e->d_name + len - 4, ".dic") != 0)
            continue;
        if (!best || strcmp(e->d_name, best) < 0) {
            free(best);
            best = xstrdup(e->d_name);
        }
    }
    closedir(d);
    free(prefix);
    char *path = best ? xasprintf("%s/%s", dir, best) : NULL;
    free(best);
    return path;
}

/* The dictionary file for a locale, malloc'ed, or NULL. */
static char *S_find(const char *locale, const char *dir)
{
    char ll[9] = {0}, cc[9] = {0};
    size_t i = 0, j = 0;
    for (; locale[i] && locale[i] != '-' && locale[i] != '_' && i < 8; i++)
        ll[i] = (char)tolower((unsigned char)locale[i]);
    if (i == 0 || (locale[i] && locale[i] != '-' && locale[i] != '_'))
        return NULL;
    if (locale[i])
        for (i++; locale[i] && locale[i] != '-' && locale[i] != '_' && j < 8; i++)
            cc[j++] = (char)toupper((unsigned char)locale[i]);
    /* the language's main country, when it is not the language's code */
    const char *main_cc = strcmp(ll, "en") == 0 ? "US" : strcmp(ll, "pt") == 0 ? "BR" : NULL;
    char upper[9] = {0};
    for (size_t k = 0; ll[k]; k++)
        upper[k] = (char)toupper((unsigned char)ll[k]);
    char *tries[4] = {cc[0] ? xasprintf("%s/hyph_%s_%s.dic", dir, ll, cc) : NULL,
                      xasprintf("%s/hyph_%s.dic", dir, ll),
                      main_cc ? xasprintf("%s/hyph_%s_%s.dic", dir, ll, main_cc) : NULL,
                      xasprintf("%s/hyph_%s_%s.dic", dir, ll, upper)};
    char *found = NULL;
    for (size_t k = 0; k < 4; k++) {
        if (!found && tries[k] && S_readable(tries[k]))
            found = tries[k];
        else
            free(tries[k]);
    }
    return found ? found : S_any_of_language(dir, ll);
}

struct hyphenator *hyphen_open(const char *locale, const char *dir)
{
    if (!locale || !*locale)
        return NULL;
    char *path = S_find(locale, dir ? dir : HYPHEN_DIR);
    if (!path)
        return NULL;
    HyphenDict *dict = hnj_hyphen_load(path);
    if (!dict || !dict->utf8) { /* Debian's dictionaries are all UTF-8 */
        if (dict)
            hnj_hyphen_free(dict);
        free(path);
        return NULL;
    }
    struct hyphenator *h = xcalloc(1, sizeof *h);
    h->dict = dict;
    h->path = path;
    h->lhmin = dict->lhmin > 2 ? dict->lhmin : 2;
    h->rhmin = dict->rhmin > 3 ? dict->rhmin : 3;
    return h;
}

static void S_free_answer(void *answer, const xmlChar *name)
{
    (void)name;
    free(answer);
}

void hyphen_close(struct hyphenator *h)
{
    if (!h)
        return;
    hnj_hyphen_free(h->dict);
    if (h->cache)
        xmlHashFree(h->cache, S_free_answer);
    free(h->path);
    free(h);
}

const char *hyphen_path(const struct hyphenator *h)
{
    return h ? h->path : NULL;
}

int hyphen_token_ok(const char *token, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = token[i];
        if ((c >= '0' && c <= '9') || c == '@' || c == '/')
            return 0;
        /* a full stop inside the token, not at its end: "www.x", "e.g" */
        if (c == '.' && i + 1 < len && token[i + 1] != '.' && token[i + 1] != ')' &&
            token[i + 1] != '"' && (unsigned char)token[i + 1] < 0x80)
            return 0;
    }
    return 1;
}

/* Lower case for the Latin letters of the languages we publish in. */
static uint32_t S_lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c >= 0x100 && c <= 0x17F && !(c & 1) && c != 0x138 && !(c >= 0x139 && c <= 0x148) &&
        !(c >= 0x179 && c <= 0x17E))
        return c + 1;
    if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && (c & 1))
        return c + 1;
    return c;
}

static size_t S_points(struct hyphenator *h, const char *word, size_t len, size_t *out, size_t max);

size_t hyphen_points(struct hyphenator *h, const char *word, size_t len, size_t *out, size_t max)
{
    if (!h || len == 0 || len > HYPHEN_MAX_WORD)
        return 0;
    char key[HYPHEN_MAX_WORD + 1];
    memcpy(key, word, len);
    key[len] = '\0';
    if (!h->cache)
        h->cache = xmlHashCreate(1024);
    const struct hyphen_answer *known = xmlHashLookup(h->cache, (const xmlChar *)key);
    if (!known) {
        struct hyphen_answer *a = xcalloc(1, sizeof *a);
        a->count = S_points(h, word, len, a->points, HYPHEN_MAX_WORD);
        if (h->cached < HYPHEN_CACHE_MAX &&
            xmlHashAddEntry(h->cache, (const xmlChar *)key, a) == 0) {
            h->cached++;
            known = a;
        } else {
            size_t n = a->count < max ? a->count : max;
            memcpy(out, a->points, n * sizeof *out);
            free(a);
            return n;
        }
    }
    size_t n = known->count < max ? known->count : max;
    memcpy(out, known->points, n * sizeof *out);
    return n;
}

/* The dictionary's answer for one word. */
static size_t S_points(struct hyphenator *h, const char *word, size_t len, size_t *out, size_t max)
{
    char lower[4 * HYPHEN_MAX_WORD + 1];
    size_t offset[HYPHEN_MAX_WORD + 1]; /* byte offset in `word` of each character */
    size_t chars = 0, blen = 0;
    for (const char *s = word; s < word + len && chars < HYPHEN_MAX_WORD;) {
        offset[chars++] = (size_t)(s - word);
        uint32_t c = S_lower(font_utf8_next(&s));
        if (c > 0xFFFF)
            return 0;
        blen += font_utf8_put(lower + blen, c);
    }
    lower[blen] = '\0';
    if (chars < (size_t)(h->lhmin + h->rhmin))
        return 0;
    char hyphens[4 * HYPHEN_MAX_WORD + 5] = {0};
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate3(h->dict, lower, (int)blen, hyphens, NULL, &rep, &pos, &cut, h->lhmin,
                              h->rhmin, h->lhmin, h->rhmin) != 0)
        return 0;
    size_t count = 0;
    /* hyphens[k] odd: a hyphen may follow character k (libhyphen counts
     * characters, not bytes, with UTF-8 dictionaries) */
    for (size_t k = (size_t)h->lhmin - 1; k + (size_t)h->rhmin < chars; k++) {
        if (!(hyphens[k] & 1) || (rep && rep[k]))
            continue; /* non-standard hyphenation (ff=f) is not for us */
        if (count < max)
            out[count] = offset[k + 1];
        count++;
    }
    if (rep) {
        for (size_t k = 0; k < blen; k++)
            free(rep[k]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count < max ? count : max;
}

size_t hyphen_points_cb(void *ctx, const char *word, size_t len, size_t *out, size_t max)
{
    return hyphen_points(ctx, word, len, out, max);
}
