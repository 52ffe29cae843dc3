/* load: reads a publication folder's content, validates it against the
 * RELAX NG schema of its kind, and keeps every node's line. */
#ifndef FOLIO_LOAD_H
#define FOLIO_LOAD_H

#include <stddef.h>

#include <libxml/tree.h>

#include "diag.h"
#include "refs.h"

/* The content file of every publication folder. */
#define LOAD_CONTENT_FILE "publication.xml"

struct edition {
    char *lang;   /* "es" */
    char *locale; /* "es-PE" */
};

struct publication {
    char *id;          /* the folder's name */
    char *path;        /* <dir>/publication.xml */
    char *kind;        /* the root element's name: "booklet" */
    char *source_lang; /* the language translations are made from */
    struct edition *editions;
    size_t edition_count;
    xmlDoc *doc;
    struct kind_refs refs; /* the references its kind's schema declares */
};

/* Loads the publication in `dir`, validating it with
 * <template_dir>/<kind>/schema.rng, and reads the references that schema
 * declares. Returns 0, or -1 with diagnostics
 * (the publication is then empty). Never loads external entities, never
 * reaches the network. */
int load_publication(struct publication *pub, const char *dir, const char *template_dir,
                     struct diag_list *diags);

/* The edition of `lang`, or NULL. */
const struct edition *publication_edition(const struct publication *pub, const char *lang);

void publication_free(struct publication *pub);

/* The id a publication folder gives its publication: the folder's name;
 * malloc'ed. */
char *publication_id_of(const char *dir);

/* The bytes of an XML file folio reads besides the content (`kind` names
 * it in messages: "a glossary", "an XLIFF file"): a regular file of at
 * most FILE_MAX_CONTENT, so a FIFO or a huge file is refused before
 * libxml2 sees it. NULL with the reason said at `path`. */
char *load_read_xml_file(const char *path, const char *kind, int *len, struct diag_list *diags);

#endif
