/* refs: the references a kind declares in its schema, which attribute
 * names the id of which element, so that check holds no kind's names:
 *   <attribute name="org" f:refers-to="organization">   (xmlns:f="urn:folio:schema")
 * f:refers-to="*" takes the id of any element; f:refers-to-words names
 * what that is for the author ("table, figure or section");
 * f:refers-to-having="photo" says the element named must have a <photo>.
 * An attribute declared f:format="figure" holds a figure as printed
 * (21, 4.5, 87%, +300), which the editions format per locale. Declared on
 * an attribute inside an <element>, the reference holds on that element;
 * in a <define> outside any, on whichever element uses it. */
#ifndef FOLIO_REFS_H
#define FOLIO_REFS_H

#include <stddef.h>

struct kind_ref {
    char *element; /* the element it is on, or NULL: any */
    char *attr;    /* "org" */
    char *target;  /* the element it must name, or NULL: anything with an id */
    char *words;   /* what it names, for messages: "organization" */
    char *having;  /* a child the element named must have, or NULL */
};

struct kind_attr {
    char *element; /* as in kind_ref */
    char *attr;
};

struct kind_refs {
    struct kind_ref *items;
    size_t count;
    struct kind_attr *figures; /* attributes declared f:format="figure" */
    size_t figure_count;
};

/* Reads the references and figure attributes declared in the schema at `schema_path` and the
 * files it includes. Returns 0, or -1 when the schema cannot be read. */
int refs_read(struct kind_refs *refs, const char *schema_path);

void refs_free(struct kind_refs *refs);

#endif
