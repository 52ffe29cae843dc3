/* glossary: the agreed terminology of a publication, from TBX-Basic files
 * (content/glossary.tbx shared by every publication, <dir>/glossary.tbx a
 * publication's own), and its check: where a source text uses a term, its
 * translation must use one of the agreed target terms; a term the glossary
 * forbids must not appear in a translation. */
#ifndef FOLIO_GLOSSARY_H
#define FOLIO_GLOSSARY_H

#include <stddef.h>

#include "diag.h"
#include "load.h"

struct glossary_term {
    char *lang;    /* "es", "en" (a region, es-PE, is dropped) */
    char *text;    /* whitespace normalised */
    int forbidden; /* administrativeStatus deprecated or superseded */
};

struct glossary_concept {
    char *id;   /* the entry's id, for messages; may be NULL */
    char *file; /* where it was read, and its line */
    long line;
    struct glossary_term *terms;
    size_t count;
};

struct glossary {
    struct glossary_concept *items;
    size_t count;
};

/* Adds the concepts of the TBX file at `path` to `g` (TBX v3
 * conceptEntry/langSec/termSec, or v2 termEntry/langSet/tig). A file that
 * is not TBX, or a term without text, is an error at its line (-1). */
int glossary_load(struct glossary *g, const char *path, struct diag_list *diags);

void glossary_free(struct glossary *g);

/* True when `term` occurs in `text` as whole words: a term with a
 * lower-case letter matches in any case ("Children and adolescents"), an
 * acronym only as written ("VBG", not "vbg"); white space matches any. */
int glossary_match(const char *text, const char *term);

/* Warns, at the line of each translation (or of its paragraph, when source
 * and translation have as many), where a source term's agreed translation
 * is missing or a forbidden term is used. */
void glossary_check(const struct glossary *g, const struct publication *pub,
                    struct diag_list *diags);

/* Loads the shared glossary (glossary.tbx beside the publication's folder)
 * and the publication's own, when they exist, and checks the publication
 * with them. Returns -1 when a glossary file is malformed. */
int glossary_check_publication(const struct publication *pub, struct diag_list *diags);

#endif
