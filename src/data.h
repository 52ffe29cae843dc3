/* The data of a publication: the figures of its tables (written in the
 * content or read from a CSV file), its indicators, the cells derived
 * from other cells, and the values its running text takes from the data.
 *
 * data_check runs on the bilingual content after check_publication. It
 *  - fills the body rows of every <table data="x.csv"> from the file (its
 *    messages name the file's line of a row);
 *  - evaluates every derivation (a cell's calc, the totals of a table with
 *    totals="yes", a <value>'s of) and compares it with the figure as
 *    printed, by the rounding rule of derive.h: a difference is a warning
 *    naming the place, the printed figure and the computed one (an error
 *    when `strict`);
 *  - checks that each translation shows the same values as its source;
 *  - writes on every <value> what to show: n (the number, as printed when
 *    stated, else computed), decimals, and percent="yes" for a share; and
 *    on every table cell that shows a figure its number, n ("63.3%" 63.3,
 *    a dash 0), which the template aligns and charts.
 * An expression that cannot be evaluated (a syntax error, an unknown id,
 * a cell that is not a number) is an error. The expression language is
 * described in templates/report/schema.rng. */
#ifndef FOLIO_DATA_H
#define FOLIO_DATA_H

#include "derive.h"
#include "diag.h"
#include "load.h"

/* Returns 0, or -1 when errors were added. */
int data_check(struct publication *pub, int strict, struct diag_list *diags);

/* Evaluates `expr` with no table context (indicator fields and table
 * cells by id only) against the content rooted at `root`: 0 with *out
 * set, or -1 with a message in `error`. For tests and tools. */
int data_eval(xmlNode *root, const char *expr, double *out, char *error, size_t error_size);

/* Parses a figure as printed in content: "4108", "4,108", "63.3%",
 * "-12.50". Sets *percent when it ends in '%'. 0, or -1 when `s` is not a
 * figure. */
int data_parse_figure(const char *s, struct printed *out, int *percent);

#endif
