/* spell: each language's text of a publication checked with hunspell and
 * the dictionary of its edition's locale (es-PE: es_PE, en-GB: en_GB),
 * with the names, acronyms and places of word lists (content/words.txt
 * shared, <dir>/words.txt the publication's). URLs, addresses, numbers and
 * anything with a digit are not words to check. */
#ifndef FOLIO_SPELL_H
#define FOLIO_SPELL_H

#include <stddef.h>

#include "diag.h"
#include "load.h"
#include "util.h"

/* What one language's check found. */
struct spell_count {
    char lang[8];
    char dictionary[16]; /* "es_PE" */
    size_t words;        /* checked */
    size_t unknown;      /* occurrences reported */
    size_t distinct;     /* different words reported */
};

struct spell_report {
    struct spell_count *items;
    size_t count;
};

void spell_report_free(struct spell_report *r);

/* The folder of the dictionaries: $FOLIO_DICT_PATH, else Debian's
 * /usr/share/hunspell. */
const char *spell_dictionary_dir(void);

/* Checks every edition's language of the publication: each word neither
 * in the dictionary nor in a word list is a warning at its line,
 * "spelling (es): Prsentación (Presentación, …)". A dictionary that is
 * missing is an error (-1). Word lists: `words` files, NULL-terminated,
 * each a word a line ("#" starts a comment; "es: palabra" for one
 * language only); a list that does not exist is skipped. */
int spell_check(const struct publication *pub, const char *const *word_lists,
                struct spell_report *report, struct diag_list *diags);

/* spell_check with the publication's word lists: words.txt beside its
 * folder (shared) and in it. */
int spell_check_publication(const struct publication *pub, struct spell_report *report,
                            struct diag_list *diags);

/* "<path>: spelling es (es_PE): 8123 words, 12 unknown (7 distinct)", a
 * line per language. */
void spell_report_print(const struct publication *pub, const struct spell_report *r,
                        struct buf *out);

#endif
