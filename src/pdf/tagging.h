/* Tagged PDF (PDF/UA-1) and PDF/A-2u: the logical structure libharu
 * cannot write.
 *
 * layout.c creates structure elements from the document tree as it lays
 * blocks out (tagging_new) and stamps every drawing primitive with the id
 * of the element it belongs to (0: an artifact, such as a rule, a tint or
 * a running head). emit.c opens a marked-content sequence per run of
 * primitives of one element (tagging_mark): `/P <</MCID n>> BDC ... EMC`
 * or `/Artifact BMC ... EMC`. An element joins its parent's kids the first
 * time its content is drawn, so the order of the structure tree is the
 * order of the vertical list, which is the document tree's (two-column
 * sections, table rows across pages); a footnote is placed right after the
 * reference that calls it, wherever the pager put its lines.
 * tagging_finish writes the StructTreeRoot, its elements, the ParentTree,
 * page and annotation back-references and the catalog's /MarkInfo,
 * /ViewerPreferences, /Metadata (XMP with pdfuaid, and pdfaid with the
 * sRGB output intent for PDF/A-2u) into the document before save: each
 * element and ParentTree node is an empty libharu dictionary whose
 * entries are written from this module's compact records while libharu
 * saves, so the tree lives until the document is saved. */
#ifndef FOLIO_PDF_TAGGING_H
#define FOLIO_PDF_TAGGING_H

#include <stddef.h>

#include <hpdf.h>

#include "diag.h"

/* Standard structure types (ISO 32000-1, 14.8.4); no RoleMap is needed. */
enum tag_type {
    TAG_DOCUMENT,
    TAG_SECT,
    TAG_DIV,
    TAG_H1,
    TAG_H2,
    TAG_H3,
    TAG_H4,
    TAG_H5,
    TAG_H6,
    TAG_P,
    TAG_L,
    TAG_LI,
    TAG_LBL,
    TAG_LBODY,
    TAG_TABLE,
    TAG_THEAD,
    TAG_TBODY,
    TAG_TR,
    TAG_TH,
    TAG_TD,
    TAG_CAPTION,
    TAG_FIGURE,
    TAG_NOTE,
    TAG_REFERENCE,
    TAG_LINK,
    TAG_BLOCKQUOTE,
    TAG_TOC,
    TAG_TOCI,
    TAG_SPAN,
};

/* The root element, the Document, has this id. */
#define TAG_ROOT 1

/* Most kids one element's /K holds in the PDF; an element with more is
 * cut into siblings, and a ParentTree leaf holds half as many pages. */
#define TAGGING_MAX_KIDS 8192

struct tagging;

/* A new tree holding the Document element. */
struct tagging *tagging_new_tree(void);
/* After the document is saved (tagging_finish's objects read the tree). */
void tagging_free(struct tagging *tg);

/* A new element under `parent` (a tag id; -1: adopted later by the block
 * its content is drawn in, for inline elements made before their block).
 * Returns its id (> 0), or 0 when tg is NULL (then everything is an
 * artifact and nothing is marked). */
int tagging_new(struct tagging *tg, enum tag_type type, int parent);

/* Attributes; strings are copied. */
void tagging_set_alt(struct tagging *tg, int tag, const char *alt);
void tagging_set_lang(struct tagging *tg, int tag, const char *lang);
void tagging_set_scope(struct tagging *tg, int tag, int row); /* TH: /Row or /Column */
/* An L's /ListNumbering from the document's list style ("bullet",
 * "decimal", "lower-alpha", "lower-roman", "upper-roman"; NULL: bullet),
 * so a reader can say how its items are numbered. */
void tagging_set_list_numbering(struct tagging *tg, int tag, const char *style);
/* A Note's place: right after the Reference `ref` in its parent. */
void tagging_set_follow(struct tagging *tg, int tag, int ref);

/* Lowers the kids an element holds before it is cut (tests reach the
 * cut with a small tree). */
void tagging_set_max_kids(struct tagging *tg, size_t max);

/* Gives an element made with parent -1 (and its unparented ancestors)
 * the parent `parent`. */
void tagging_adopt(struct tagging *tg, int tag, int parent);

/* Pages: call once before any mark, with the count of pages. */
void tagging_pages(struct tagging *tg, HPDF_Page *pages, size_t count);

/* Makes the content drawn next on page `page` belong to `tag` (0: an
 * artifact; pagination: a running head or folio), closing the sequence
 * open there when it is another. */
void tagging_mark(struct tagging *tg, size_t page, int tag, int pagination);

/* Closes every open sequence; call after the last drawing. */
void tagging_end(struct tagging *tg);

/* The link annotation `annot` on page `page` belongs to Link `tag`. */
void tagging_annot(struct tagging *tg, size_t page, int tag, HPDF_Annotation annot);

/* Text drawn for `tag` (a Link's text becomes its annotation's /Contents). */
void tagging_text(struct tagging *tg, int tag, const char *text);

struct tagging_meta {
    const char *title, *author, *subject, *keywords, *lang;
    const char *date; /* the XMP form of the info dates (2023-11-14T22:13:20Z); NULL: none */
    int pdfa;         /* PDF/A-2u: the output intent and pdfaid */
    const char *icc;  /* the sRGB profile's path */
};

/* Writes the structure tree and the catalog entries into `pdf`; the
 * elements' entries follow when `pdf` is saved, from `tg`, which must not
 * change or be freed before. Returns 0, or -1 with an error appended. */
int tagging_finish(struct tagging *tg, HPDF_Doc pdf, const struct tagging_meta *meta,
                   struct diag_list *diags);

#endif
