#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "theme.h"
#include "util.h"

#define DEFAULT_FONT_PATH "/usr/share/fonts/truetype"

/* The colours and styles both writers rely on: a theme must define them. */
static const char *const required_colours[] = {"primary", "accent", "ink",   "muted",
                                               "tint",    "rule",   "paper", NULL};
static const char *const required_styles[] = {"body", "lead", "small", "kicker",      "h1", "h2",
                                              "h3",   "stat", "quote", "cover-title", NULL};
static const char *const face_attrs[FACE_COUNT] = {"regular", "bold", "italic", "bold-italic"};

/* "210mm" or "12" (points) to points; -1 when malformed. */
static double S_length(const char *s)
{
    if (!s || !*s)
        return -1;
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0)
        return -1;
    if (strcmp(end, "mm") == 0)
        return v * 72.0 / 25.4;
    if (strcmp(end, "pt") == 0 || *end == '\0')
        return v;
    return -1;
}

static char *S_find_font(const char *name, const char *font_path)
{
    if (name[0] == '/')
        return access(name, R_OK) == 0 ? xstrdup(name) : NULL;
    char *dirs = xstrdup(font_path ? font_path : DEFAULT_FONT_PATH);
    char *found = NULL;
    for (char *save = NULL, *dir = strtok_r(dirs, ":", &save); dir && !found;
         dir = strtok_r(NULL, ":", &save)) {
        char *p = path_join(dir, name);
        if (access(p, R_OK) == 0)
            found = p;
        else
            free(p);
    }
    free(dirs);
    return found;
}

static char *S_attr(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

static int S_read_page(struct theme *t, xmlNode *n, struct diag_list *diags)
{
    const char *names[] = {"width", "height", "top", "bottom", "inner", "outer"};
    double *fields[] = {&t->page_width,    &t->page_height,  &t->margin_top,
                        &t->margin_bottom, &t->margin_inner, &t->margin_outer};
    int rc = 0;
    for (size_t i = 0; i < 6; i++) {
        char *v = S_attr(n, names[i]);
        *fields[i] = S_length(v);
        if (*fields[i] < 0) {
            diag_add_node(diags, DIAG_ERROR, n, "page %s: expected a length like 210mm or 12pt",
                          names[i]);
            rc = -1;
        }
        free(v);
    }
    return rc;
}

/* Today's settings; a theme without <measure> or <justify> keeps them. */
static void S_defaults(struct theme *t)
{
    t->measure_em = 36; /* about 70 characters of body text a line */
    t->columns = 1;
    t->column_gap = 18;
    t->justify = (struct theme_justify){.space_stretch = 0.625,
                                        .space_shrink = 1.0 / 3,
                                        .tolerance = 2,
                                        .line_penalty = 10,
                                        .hyphen_penalty = 200,
                                        .hyphen_run_demerits = 10000,
                                        .final_hyphen_demerits = 5000,
                                        .max_hyphen_run = 2,
                                        .fitness_demerits = 10000,
                                        .expansion = 0,
                                        .protrusion = 0};
}

/* A number attribute within [lo, hi], if present; -1 when malformed. */
static int S_number(xmlNode *n, const char *name, double lo, double hi, double *out,
                    struct diag_list *diags)
{
    char *v = S_attr(n, name);
    if (!v)
        return 0;
    char *end;
    double x = strtod(v, &end);
    int ok = end != v && *end == '\0' && x >= lo && x <= hi;
    if (ok)
        *out = x;
    else
        diag_add_node(diags, DIAG_ERROR, n, "%s %s: expected a number from %g to %g",
                      (const char *)n->name, name, lo, hi);
    free(v);
    return ok ? 0 : -1;
}

static int S_read_measure(struct theme *t, xmlNode *n, struct diag_list *diags)
{
    int rc = 0;
    char *width = S_attr(n, "width");
    if (width) {
        size_t len = strlen(width);
        char *end;
        double v = strtod(width, &end);
        if (len > 2 && strcmp(width + len - 2, "em") == 0 && end == width + len - 2 && v > 0)
            t->measure_em = v, t->measure_pt = 0;
        else if ((t->measure_pt = S_length(width)) > 0)
            t->measure_em = 0;
        else {
            diag_add_node(diags, DIAG_ERROR, n,
                          "measure width: expected ems of the body size (36em) or a length");
            rc = -1;
        }
    }
    double columns = t->columns;
    rc |= S_number(n, "columns", 1, 2, &columns, diags);
    if (columns != 1 && columns != 2) {
        diag_add_node(diags, DIAG_ERROR, n, "measure columns: 1 or 2");
        rc = -1;
    }
    t->columns = (int)columns;
    char *gap = S_attr(n, "column-gap");
    if (gap && (t->column_gap = S_length(gap)) < 0) {
        diag_add_node(diags, DIAG_ERROR, n, "measure column-gap: expected a length like 18pt");
        rc = -1;
    }
    free(gap);
    free(width);
    return rc;
}

static int S_read_justify(struct theme *t, xmlNode *n, struct diag_list *diags)
{
    struct theme_justify *j = &t->justify;
    double hp = j->hyphen_penalty, run = j->max_hyphen_run;
    int rc = S_number(n, "space-stretch", 0, 4, &j->space_stretch, diags);
    rc |= S_number(n, "space-shrink", 0, 0.9, &j->space_shrink, diags);
    rc |= S_number(n, "tolerance", 0.1, 100, &j->tolerance, diags);
    rc |= S_number(n, "line-penalty", 0, 10000, &j->line_penalty, diags);
    rc |= S_number(n, "hyphen-penalty", 0, 9999, &hp, diags);
    rc |= S_number(n, "hyphen-run-demerits", 0, 1e9, &j->hyphen_run_demerits, diags);
    rc |= S_number(n, "final-hyphen-demerits", 0, 1e9, &j->final_hyphen_demerits, diags);
    rc |= S_number(n, "max-hyphen-run", 0, 100, &run, diags);
    rc |= S_number(n, "fitness-demerits", 0, 1e9, &j->fitness_demerits, diags);
    rc |= S_number(n, "expansion", 0, 0.05, &j->expansion, diags);
    j->hyphen_penalty = (int)hp;
    j->max_hyphen_run = (int)run;
    char *protrusion = S_attr(n, "protrusion");
    if (protrusion && strcmp(protrusion, "yes") != 0 && strcmp(protrusion, "no") != 0) {
        diag_add_node(diags, DIAG_ERROR, n, "justify protrusion: yes or no");
        rc = -1;
    }
    if (protrusion)
        j->protrusion = strcmp(protrusion, "yes") == 0;
    free(protrusion);
    return rc;
}

static int S_read_colour(struct theme *t, xmlNode *n, struct diag_list *diags)
{
    char *name = S_attr(n, "name"), *value = S_attr(n, "value");
    int ok = name && value && value[0] == '#' && strlen(value) == 7 &&
             strspn(value + 1, "0123456789abcdefABCDEF") == 6;
    if (!ok) {
        diag_add_node(diags, DIAG_ERROR, n, "colour needs a name and a value like #5b2a6e");
        free(name);
        free(value);
        return -1;
    }
    t->colours = xrealloc(t->colours, (t->colour_count + 1) * sizeof *t->colours);
    t->colours[t->colour_count].name = name;
    t->colours[t->colour_count].rgb = (unsigned)strtoul(value + 1, NULL, 16);
    t->colour_count++;
    free(value);
    return 0;
}

static int S_read_font(struct theme *t, xmlNode *n, const char *font_path, struct diag_list *diags)
{
    if (t->style_count > 0) {
        /* styles point into the font array, which must not move under them */
        diag_add_node(diags, DIAG_ERROR, n, "fonts must be defined before styles");
        return -1;
    }
    struct theme_font f = {
        S_attr(n, "role"), S_attr(n, "family"), {0}, S_attr(n, "fallback"), NULL};
    int rc = (f.role && f.family) ? 0 : -1;
    if (rc)
        diag_add_node(diags, DIAG_ERROR, n, "font needs a role and a family");
    for (int i = 0; i < FACE_COUNT && rc == 0; i++) {
        char *file = S_attr(n, face_attrs[i]);
        if (!file) {
            diag_add_node(diags, DIAG_ERROR, n, "font %s: no %s file", f.role, face_attrs[i]);
            rc = -1;
        } else if (!(f.file[i] = S_find_font(file, font_path))) {
            diag_add_node(diags, DIAG_ERROR, n,
                          "font file '%s' not found in %s (is fonts-noto-core installed?)", file,
                          font_path ? font_path : DEFAULT_FONT_PATH);
            rc = -1;
        }
        free(file);
    }
    t->fonts = xrealloc(t->fonts, (t->font_count + 1) * sizeof *t->fonts);
    t->fonts[t->font_count++] = f;
    return rc;
}

static int S_read_style(struct theme *t, xmlNode *n, struct diag_list *diags)
{
    char *name = S_attr(n, "name"), *font = S_attr(n, "font");
    char *size = S_attr(n, "size"), *leading = S_attr(n, "leading");
    char *align = S_attr(n, "align"), *hyphenate = S_attr(n, "hyphenate");
    char *min_size = S_attr(n, "min-size");
    const struct theme_font *f = font ? theme_font(t, font) : NULL;
    double sz = S_length(size), ld = leading ? atof(leading) : 0;
    double min_sz = min_size ? S_length(min_size) : sz;
    int rc = 0;
    int justify = align && strcmp(align, "justify") == 0;
    int hyphens = hyphenate && strcmp(hyphenate, "yes") == 0;
    if (!name || !f || sz <= 0 || ld <= 0) {
        diag_add_node(diags, DIAG_ERROR, n,
                      "style needs a name, a font role defined above, a size and a leading");
        rc = -1;
        free(name);
    } else if (min_sz <= 0 || min_sz > sz) {
        diag_add_node(diags, DIAG_ERROR, n, "style %s: min-size is a size above 0, at most size",
                      name);
        rc = -1;
        free(name);
    } else if ((align && !justify && strcmp(align, "left") != 0) ||
               (hyphenate && !hyphens && strcmp(hyphenate, "no") != 0)) {
        diag_add_node(diags, DIAG_ERROR, n,
                      "style %s: align is left or justify, hyphenate is yes or no", name);
        rc = -1;
        free(name);
    } else {
        t->styles = xrealloc(t->styles, (t->style_count + 1) * sizeof *t->styles);
        t->styles[t->style_count++] =
            (struct theme_style){name, f, sz, ld, justify, hyphens, min_sz};
    }
    free(min_size);
    free(align);
    free(hyphenate);
    free(font);
    free(size);
    free(leading);
    return rc;
}

int theme_load(struct theme *t, const char *path, const char *font_path, struct diag_list *diags)
{
    memset(t, 0, sizeof *t);
    t->path = xstrdup(path);
    S_defaults(t);
    xmlDoc *doc =
        xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        diag_add(diags, DIAG_ERROR, path, e ? e->line : 0, "cannot read theme: %s",
                 e && e->message ? e->message : strerror(errno));
        return -1;
    }
    int rc = 0;
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (strcmp(name, "page") == 0)
            rc |= S_read_page(t, n, diags);
        else if (strcmp(name, "colour") == 0)
            rc |= S_read_colour(t, n, diags);
        else if (strcmp(name, "font") == 0)
            rc |= S_read_font(t, n, font_path, diags);
        else if (strcmp(name, "style") == 0)
            rc |= S_read_style(t, n, diags);
        else if (strcmp(name, "measure") == 0)
            rc |= S_read_measure(t, n, diags);
        else if (strcmp(name, "justify") == 0)
            rc |= S_read_justify(t, n, diags);
        else {
            diag_add_node(diags, DIAG_ERROR, n, "unknown theme element <%s>", name);
            rc = -1;
        }
    }
    for (size_t i = 0; rc == 0 && required_colours[i]; i++)
        if (!theme_colour(t, required_colours[i])) {
            diag_add(diags, DIAG_ERROR, path, 0, "theme lacks the colour '%s'",
                     required_colours[i]);
            rc = -1;
        }
    for (size_t i = 0; rc == 0 && required_styles[i]; i++)
        if (!theme_style(t, required_styles[i])) {
            diag_add(diags, DIAG_ERROR, path, 0, "theme lacks the style '%s'", required_styles[i]);
            rc = -1;
        }
    if (rc == 0 && t->page_width <= 0)
        diag_add(diags, DIAG_ERROR, path, 0, "theme lacks <page>"), rc = -1;
    /* fallbacks point into the font array, complete now */
    for (size_t i = 0; rc == 0 && i < t->font_count; i++) {
        const char *fb = t->fonts[i].fallback_role;
        if (fb &&
            (!(t->fonts[i].fallback = theme_font(t, fb)) || t->fonts[i].fallback == &t->fonts[i]))
            diag_add(diags, DIAG_ERROR, path, 0, "font %s: fallback '%s' is not another font role",
                     t->fonts[i].role, fb),
                rc = -1;
    }
    xmlFreeDoc(doc);
    if (rc != 0) {
        theme_free(t);
        return -1;
    }
    return 0;
}

const struct theme_colour *theme_colour(const struct theme *t, const char *name)
{
    for (size_t i = 0; i < t->colour_count; i++)
        if (strcmp(t->colours[i].name, name) == 0)
            return &t->colours[i];
    return NULL;
}

unsigned theme_rgb(const struct theme *t, const char *name)
{
    const struct theme_colour *c = theme_colour(t, name);
    return c ? c->rgb : 0;
}

const struct theme_style *theme_style(const struct theme *t, const char *name)
{
    for (size_t i = 0; i < t->style_count; i++)
        if (strcmp(t->styles[i].name, name) == 0)
            return &t->styles[i];
    return NULL;
}

const struct theme_font *theme_font(const struct theme *t, const char *role)
{
    for (size_t i = 0; i < t->font_count; i++)
        if (t->fonts[i].role && strcmp(t->fonts[i].role, role) == 0)
            return &t->fonts[i];
    return NULL;
}

void theme_free(struct theme *t)
{
    for (size_t i = 0; i < t->colour_count; i++)
        free(t->colours[i].name);
    for (size_t i = 0; i < t->font_count; i++) {
        free(t->fonts[i].role);
        free(t->fonts[i].family);
        free(t->fonts[i].fallback_role);
        for (int k = 0; k < FACE_COUNT; k++)
            free(t->fonts[i].file[k]);
    }
    for (size_t i = 0; i < t->style_count; i++)
        free(t->styles[i].name);
    free(t->colours);
    free(t->fonts);
    free(t->styles);
    free(t->path);
    memset(t, 0, sizeof *t);
}
