/* folio new: the next issue of a publication, started from the last one.
 * The kind says what carries over and what is left to fill in its
 * templates/<kind>/new.xsl (the rest is <fill/>, which the data pass
 * reports until it is replaced). */
#ifndef FOLIO_NEW_H
#define FOLIO_NEW_H

#include "diag.h"

/* Writes <new_dir>/publication.xml, the issue after the one in
 * `from_dir`, naming that one as its previous issue by a path relative to
 * the new folder. `new_dir` must not exist. Returns 0, or -1 with
 * diagnostics and nothing written. */
int new_issue(const char *from_dir, const char *new_dir, const char *template_dir,
              struct diag_list *diags);

#endif
