/* The driver: runs the pipeline (load, check, localize, compose, resolve,
 * render) for one publication folder. */
#ifndef FOLIO_BUILD_H
#define FOLIO_BUILD_H

#include <stdio.h>

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

/* What a build wrote for one edition: the summary line of `folio build`. */
struct edition_output {
    char *lang;
    char *html_path; /* <out>/<id>/<lang>/index.html */
    char *pdf_path;  /* <out>/<id>/<lang>/<id>-<lang>.pdf */
    size_t pages;
    long long pdf_bytes;
    double seconds; /* from localizing the edition to its PDF laid out and written */
};

struct build_outputs {
    struct edition_output *items;
    size_t count;
};

void build_outputs_free(struct build_outputs *outputs);

/* Prints one line per edition: "<html>  <pdf>  14 pages  312 kB  0.05 s". */
void build_outputs_print(const struct build_outputs *outputs, FILE *out);

struct build_options {
    const char *out_dir;                   /* outputs go to <out_dir>/<id>/<lang>/ */
    const char *only_lang;                 /* build this edition only; NULL for all */
    const char *template_dir;              /* holds <kind>/ and document.rng */
    const char *font_path;                 /* colon-separated font folders; NULL for the default */
    long long source_date_epoch;           /* < 0 when unset */
    int draft;                             /* missing translations are marked, not errors */
    int strict;                            /* figures that disagree with the data are errors */
    int check_only;                        /* lay every edition out, write nothing */
    struct layout_reports *layout_reports; /* when set, each PDF's report is appended */
    struct build_outputs *outputs;         /* when set, each edition written is appended */
};

/* Builds (or checks) the publication in `dir`. Returns 0 when every
 * requested output was written (or the check passed), -1 otherwise; the
 * reasons are in `diags`. A failed build leaves previous outputs intact.
 * A check runs every stage a build runs up to what can report an error or
 * a warning: the HTML writer without writing, the PDF laid out and broken
 * into pages, not drawn (see emit_check), so it reports every error and
 * warning a build would. */
int build_publication(const char *dir, const struct build_options *opts, struct diag_list *diags);

/* The template folder to use when none is given: $FOLIO_TEMPLATES, the
 * one installed beside the running program (<bin>/../share/folio/templates),
 * the source tree's templates/ when present, else the configured install
 * folder. */
const char *build_default_template_dir(void);

#endif
