/* xliff: a publication's translatable units exchanged with translators'
 * tools as XLIFF 2.0 or 1.2, and their translations written back into the
 * content file in place. */
#ifndef FOLIO_XLIFF_H
#define FOLIO_XLIFF_H

#include "diag.h"
#include "load.h"
#include "util.h"

enum xliff_version { XLIFF_2_0, XLIFF_1_2 };

/* The XLIFF of the publication's units for translation into `lang`: one
 * unit per translatable unit (id as i18n_units_collect derives it), inline
 * markup as inline codes (emphasis, links, footnotes, values, references),
 * the unit's state (missing: initial; outdated: initial, with the old
 * translation; translated; current: final) and notes saying where the unit
 * appears. Returns 0, or -1 with diagnostics. */
int xliff_export(const struct publication *pub, const char *lang, enum xliff_version version,
                 struct buf *out, struct diag_list *diags);

struct xliff_import_result {
    size_t units;       /* in the file */
    size_t changed;     /* translations written */
    size_t marked;      /* unchanged, but confirmed final: marked current */
    size_t conflicts;   /* source changed since export: not applied */
    size_t unconfirmed; /* a changed target in state initial: not applied */
};

/* Writes the translations of an XLIFF file (2.0 or 1.2, as exported) into
 * the publication's content file: only the target-language elements of the
 * units whose translation changed, with from="" recording the source they
 * were made from. A unit whose source changed since export is a warning
 * and is not applied. An unknown unit id, an inline code the unit does not
 * have, is missing or is of the wrong kind, or a malformed file is an
 * error: nothing is written (-1). The file is replaced atomically. */
int xliff_import(const char *file, const struct publication *pub,
                 struct xliff_import_result *result, struct diag_list *diags);

#endif
