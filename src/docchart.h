/* The chart of a document tree's <chart> element (templates/document.rng),
 * read into the form src/chart.h lays out; shared by both writers. */
#ifndef FOLIO_DOCCHART_H
#define FOLIO_DOCCHART_H

#include <libxml/tree.h>

#include "chart.h"
#include "theme.h"

struct doc_chart {
    struct chart chart; /* points into the arrays below */
    char **series, **categories, **labels;
    double *values;
    /* the theme's chart colours (chart-1, chart-2 ...; primary and accent
     * when it has none), as 0xRRGGBB and as "#rrggbb" */
    unsigned palette[8];
    char palette_hex[8][8];
    const char *palette_names[8];
    size_t palette_count;
};

/* Reads `node`; the locale is the document's. 0, or -1 when the element is
 * not a well-formed chart (the schema makes that rare). */
int doc_chart_read(const xmlNode *node, const struct theme *theme, struct doc_chart *out);

void doc_chart_free(struct doc_chart *dc);

#endif
