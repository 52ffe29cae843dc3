/* The driver: runs the pipeline (load, check, localize, compose, resolve,
 * render) for one publication folder. */
#ifndef FOLIO_BUILD_H
#define FOLIO_BUILD_H

#include "diag.h"
#include "pdf.h"

/* The line-quality report of one PDF edition (--layout-report). */
struct edition_layout {
    char *id;   /* the publication's */
    char *lang; /* the edition's */
    struct pdf_layout_report report;
};

struct layout_reports {
    struct edition_layout *items;
    size_t count;
};

void layout_reports_free(struct layout_reports *reports);

struct build_options {
    const char *out_dir;                   /* outputs go to <out_dir>/<id>/<lang>/ */
    const char *only_lang;                 /* build this edition only; NULL for all */
    const char *template_dir;              /* holds <kind>/ and document.rng */
    const char *font_path;                 /* colon-separated font folders; NULL for the default */
    long long source_date_epoch;           /* < 0 when unset */
    int draft;                             /* missing translations are marked, not errors */
    int strict;                            /* figures that disagree with the data are errors */
    int check_only;                        /* stop after check: write nothing */
    struct layout_reports *layout_reports; /* when set, each PDF's report is appended */
};

/* Builds (or checks) the publication in `dir`. Returns 0 when every
 * requested output was written (or the check passed), -1 otherwise; the
 * reasons are in `diags`. A failed build leaves previous outputs intact. */
int build_publication(const char *dir, const struct build_options *opts, struct diag_list *diags);

/* The template folder to use when none is given: $FOLIO_TEMPLATES, the
 * source tree's templates/ when present, else the installed one. */
const char *build_default_template_dir(void);

#endif
