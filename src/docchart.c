#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "docchart.h"
#include "locale.h"
#include "util.h"

static void S_palette(struct doc_chart *dc, const struct theme *theme)
{
    for (int i = 1; i <= 8; i++) {
        char name[16];
        snprintf(name, sizeof name, "chart-%d", i);
        const struct theme_colour *c = theme_colour(theme, name);
        if (!c)
            break;
        dc->palette[dc->palette_count++] = c->rgb;
    }
    if (dc->palette_count == 0) {
        dc->palette[dc->palette_count++] = theme_rgb(theme, "primary");
        dc->palette[dc->palette_count++] = theme_rgb(theme, "accent");
    }
    for (size_t i = 0; i < dc->palette_count; i++) {
        snprintf(dc->palette_hex[i], sizeof dc->palette_hex[i], "#%06x", dc->palette[i] & 0xFFFFFF);
        dc->palette_names[i] = dc->palette_hex[i];
    }
}

int doc_chart_read(const xmlNode *node, const struct theme *theme, struct doc_chart *out)
{
    memset(out, 0, sizeof *out);
    size_t ns = 0, nc = 0;
    for (xmlNode *c = doc_first(node); c; c = doc_next(c)) {
        if (doc_type(c) == DOC_SERIES) {
            out->series = xrealloc(out->series, (ns + 1) * sizeof *out->series);
            out->series[ns++] = xstrdup(doc_attr(c, "name") ? doc_attr(c, "name") : "");
        }
    }
    for (xmlNode *c = doc_first(node); c; c = doc_next(c)) {
        if (doc_type(c) != DOC_CATEGORY)
            continue;
        out->categories = xrealloc(out->categories, (nc + 1) * sizeof *out->categories);
        out->categories[nc] = xstrdup(doc_attr(c, "name") ? doc_attr(c, "name") : "");
        out->values = xrealloc(out->values, (nc + 1) * (ns ? ns : 1) * sizeof *out->values);
        out->labels = xrealloc(out->labels, (nc + 1) * (ns ? ns : 1) * sizeof *out->labels);
        size_t s = 0;
        for (xmlNode *v = doc_first(c); v && s < ns; v = doc_next(v)) {
            if (doc_type(v) != DOC_V)
                continue;
            const char *n = doc_attr(v, "n");
            out->values[nc * ns + s] = n ? strtod(n, NULL) : NAN;
            out->labels[nc * ns + s] = doc_text(v);
            s++;
        }
        for (; s < ns; s++) { /* fewer values than series: missing */
            out->values[nc * ns + s] = NAN;
            out->labels[nc * ns + s] = xstrdup("");
        }
        nc++;
    }
    int type = chart_type_parse(doc_attr(node, "type") ? doc_attr(node, "type") : "");
    const xmlNode *root = xmlDocGetRootElement(node->doc);
    const char *tag = doc_attr(root, "locale");
    out->chart = (struct chart){
        .type = type < 0 ? CHART_GROUPED : (enum chart_type)type,
        .category_count = nc,
        .series_count = ns,
        .categories = (const char *const *)out->categories,
        .series = (const char *const *)out->series,
        .values = out->values,
        .value_labels = (const char *const *)out->labels,
        .locale = tag ? locale_find(tag) : NULL,
    };
    S_palette(out, theme);
    return type < 0 || ns == 0 || nc == 0 ? -1 : 0;
}

void doc_chart_free(struct doc_chart *dc)
{
    size_t ns = dc->chart.series_count, nc = dc->chart.category_count;
    for (size_t i = 0; i < ns; i++)
        free(dc->series[i]);
    for (size_t i = 0; i < nc; i++)
        free(dc->categories[i]);
    for (size_t i = 0; i < nc * ns; i++)
        free(dc->labels[i]);
    free(dc->series);
    free(dc->categories);
    free(dc->labels);
    free(dc->values);
    memset(dc, 0, sizeof *dc);
}
