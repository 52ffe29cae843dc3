/* Hyphenation for the line breaker: libhyphen's pattern dictionaries
 * (Debian's hyphen-es, hyphen-en-us), one loaded per document for the
 * edition's locale. */
#ifndef FOLIO_PDF_HYPHEN_H
#define FOLIO_PDF_HYPHEN_H

#include <stddef.h>

struct hyphenator;

/* Where Debian installs the dictionaries. */
#define HYPHEN_DIR "/usr/share/hyphen"

/* Opens the dictionary of `locale` ("es-PE", "en_US", "es") in `dir` (NULL
 * for HYPHEN_DIR): hyph_<ll>_<CC>.dic for the exact locale, else the
 * language's own (hyph_<ll>.dic), its main country (hyph_es_ES.dic,
 * hyph_en_US.dic, hyph_<ll>_<LL>.dic) or the first hyph_<ll>_*.dic in name
 * order. Returns NULL when there is none: text is then not hyphenated,
 * which is not an error. */
struct hyphenator *hyphen_open(const char *locale, const char *dir);
void hyphen_close(struct hyphenator *h);

/* The dictionary file in use (for messages and tests). */
const char *hyphen_path(const struct hyphenator *h);

/* Whether a token (the text between two spaces) may be hyphenated at all:
 * not when it contains a digit, '@' or '/', or a '.' with text after it
 * (numbers, codes, e-mail addresses and URLs). */
int hyphen_token_ok(const char *token, size_t len);

/* The points where `word` (UTF-8, letters only, any case) may take a
 * hyphen, as byte offsets into it (a hyphen goes before that byte), in
 * increasing order: up to `max` of them into `out`. At least two letters
 * stay before a hyphen and three after it, or more when the dictionary's
 * LEFTHYPHENMIN / RIGHTHYPHENMIN say so. Returns how many were stored
 * (0 with h NULL). */
size_t hyphen_points(struct hyphenator *h, const char *word, size_t len, size_t *out, size_t max);

/* hyphen_points with the hyphenator as `ctx`: a chart's hyphenate
 * callback (chart.h), the same in print and on the web. */
size_t hyphen_points_cb(void *ctx, const char *word, size_t len, size_t *out, size_t max);

#endif
