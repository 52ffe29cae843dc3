#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libexslt/exslt.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

#include "compose.h"
#include "derive.h"
#include "diag.h"
#include "util.h"

#define FORMAT_NS (const xmlChar *)"urn:folio:format"

struct run {
    const struct locale *loc;
    struct diag_list *diags;
    const char *stylesheet_path;
    size_t errors;
};

/* libxslt reports through a generic printf-style handler; messages come in
 * pieces, gathered until a newline. */
struct message {
    struct buf text;
    struct run *run;
};

static void S_xslt_error(void *ctx, const char *fmt, ...)
{
    struct message *m = ctx;
    va_list ap;
    va_start(ap, fmt);
    char *piece = xvasprintf(fmt, ap);
    va_end(ap);
    buf_puts(&m->text, piece);
    free(piece);
    char *nl;
    while (m->text.data && (nl = strchr(m->text.data, '\n'))) {
        *nl = '\0';
        if (*m->text.data) {
            diag_add(m->run->diags, DIAG_ERROR, m->run->stylesheet_path, 0, "template: %s",
                     m->text.data);
            m->run->errors++;
        }
        size_t rest = strlen(nl + 1);
        memmove(m->text.data, nl + 1, rest + 1);
        m->text.len = rest;
    }
}

static struct run *S_run(xmlXPathParserContextPtr ctxt)
{
    xsltTransformContextPtr t = xsltXPathGetTransformContext(ctxt);
    return t ? t->_private : NULL;
}

/* Pops the function's arguments as strings, last first; NULL for absent. */
static int S_pop_strings(xmlXPathParserContextPtr ctxt, int nargs, int min, int max, xmlChar **args)
{
    if (nargs < min || nargs > max) {
        xmlXPathSetArityError(ctxt);
        return -1;
    }
    for (int i = max - 1; i >= 0; i--)
        args[i] = i < nargs ? xmlXPathPopString(ctxt) : NULL;
    return 0;
}

static void S_free_args(xmlChar **args, int n)
{
    for (int i = 0; i < n; i++)
        xmlFree(args[i]);
}

static void S_return(xmlXPathParserContextPtr ctxt, char *s)
{
    valuePush(ctxt, xmlXPathNewString((const xmlChar *)s));
    free(s);
}

static int S_decimals(const xmlChar *s)
{
    return s ? atoi((const char *)s) : 0;
}

/* The schema and the data pass keep figures within what folio prints
 * exactly; this is the last guard, for a template's own arithmetic. */
static int S_printable(xmlXPathParserContextPtr ctxt, const char *fn, const xmlChar *arg, double v,
                       int decimals)
{
    if (derive_printable(v, decimals))
        return 1;
    xmlXPathSetError(ctxt, XPATH_INVALID_OPERAND);
    xsltTransformError(xsltXPathGetTransformContext(ctxt), NULL, NULL,
                       "%s: '%.40s' is not a number of at most %d digits\n", fn, (const char *)arg,
                       DERIVE_MAX_DIGITS);
    return 0;
}

static void S_fn_number(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *a[2];
    struct run *run = S_run(ctxt);
    if (!run || S_pop_strings(ctxt, nargs, 1, 2, a) != 0)
        return;
    double v = xmlXPathCastStringToNumber(a[0]);
    int decimals = S_decimals(a[1]);
    if (S_printable(ctxt, "f:number", a[0], v, decimals))
        S_return(ctxt, decimals > 0 ? locale_format_decimal(run->loc, v, decimals)
                                    : locale_format_integer(run->loc, (long long)llround(v)));
    S_free_args(a, 2);
}

static void S_fn_percent(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *a[2];
    struct run *run = S_run(ctxt);
    if (!run || S_pop_strings(ctxt, nargs, 1, 2, a) != 0)
        return;
    double v = xmlXPathCastStringToNumber(a[0]);
    if (S_printable(ctxt, "f:percent", a[0], v, S_decimals(a[1])))
        S_return(ctxt, locale_format_percent(run->loc, v, S_decimals(a[1])));
    S_free_args(a, 2);
}

/* f:figure('87%'): a key figure as written in content, "87 %" (es-PE);
 * the schema states the form, so anything else is the template's slip. */
static void S_fn_figure(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *a[1];
    struct run *run = S_run(ctxt);
    if (!run || S_pop_strings(ctxt, nargs, 1, 1, a) != 0)
        return;
    char *s = locale_format_figure(run->loc, (const char *)a[0]);
    if (!s) {
        xmlXPathSetError(ctxt, XPATH_INVALID_ARITY);
        xsltTransformError(xsltXPathGetTransformContext(ctxt), NULL, NULL,
                           "f:figure: expected digits with an optional .decimals, %% or +, got "
                           "'%s'\n",
                           (const char *)a[0]);
    } else {
        S_return(ctxt, s);
    }
    S_free_args(a, 1);
}

static void S_fn_ordinal(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *a[2];
    struct run *run = S_run(ctxt);
    if (!run || S_pop_strings(ctxt, nargs, 2, 2, a) != 0)
        return;
    const char *form = (const char *)a[1];
    enum locale_gender g = strcmp(form, "f") == 0        ? GENDER_FEMININE
                           : strcmp(form, "m-noun") == 0 ? GENDER_MASCULINE_BEFORE_NOUN
                                                         : GENDER_MASCULINE;
    S_return(ctxt, locale_ordinal(run->loc, (long long)xmlXPathCastStringToNumber(a[0]), g));
    S_free_args(a, 2);
}

/* f:months(start, end?): a span of months or days, "abril – mayo de 2021",
 * "14–16 de marzo de 2024"; end may be empty. */
static void S_fn_months(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *a[2];
    struct run *run = S_run(ctxt);
    if (!run || S_pop_strings(ctxt, nargs, 1, 2, a) != 0)
        return;
    struct locale_date start, end;
    int has_end = a[1] && *a[1];
    const xmlChar *bad = !locale_parse_date((const char *)a[0], &start)            ? a[0]
                         : has_end && !locale_parse_date((const char *)a[1], &end) ? a[1]
                                                                                   : NULL;
    if (bad) {
        xmlXPathSetError(ctxt, XPATH_INVALID_ARITY);
        xsltTransformError(xsltXPathGetTransformContext(ctxt), NULL, NULL,
                           "f:months: expected YYYY-MM or YYYY-MM-DD, got '%s'\n",
                           (const char *)bad);
    } else {
        S_return(ctxt, locale_date_span(run->loc, &start, has_end ? &end : NULL));
    }
    S_free_args(a, 2);
}

static void S_fn_years(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *a[2];
    struct run *run = S_run(ctxt);
    if (!run || S_pop_strings(ctxt, nargs, 2, 2, a) != 0)
        return;
    S_return(ctxt, locale_year_span(run->loc, atoi((const char *)a[0]), atoi((const char *)a[1])));
    S_free_args(a, 2);
}

/* f:semester('2021-2'): "segundo semestre de 2021", "second semester 2021". */
static void S_fn_semester(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *a[1];
    struct run *run = S_run(ctxt);
    if (!run || S_pop_strings(ctxt, nargs, 1, 1, a) != 0)
        return;
    int year, half;
    char end;
    if (sscanf((const char *)a[0], "%4d-%1d%c", &year, &half, &end) != 2 || half < 1 || half > 2) {
        xmlXPathSetError(ctxt, XPATH_INVALID_ARITY);
        xsltTransformError(xsltXPathGetTransformContext(ctxt), NULL, NULL,
                           "f:semester: expected YYYY-1 or YYYY-2, got '%s'\n", (const char *)a[0]);
    } else {
        S_return(ctxt, locale_semester(run->loc, year, half));
    }
    S_free_args(a, 1);
}

static void S_fn_src(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs != 1) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    xmlNodeSetPtr set = xmlXPathPopNodeSet(ctxt);
    xmlNode *node = set && set->nodeNr > 0 ? set->nodeTab[0] : NULL;
    S_return(ctxt, node ? diag_node_place(node) : xstrdup(""));
    xmlXPathFreeNodeSet(set);
}

int compose_open(struct composer *c, const char *template_dir, const char *kind,
                 struct diag_list *diags)
{
    memset(c, 0, sizeof *c);
    exsltRegisterAll(); /* node-set, str, math for templates; idempotent */
    char *kind_dir = path_join(template_dir, kind);
    char *name = xasprintf("%s.xsl", kind);
    c->stylesheet_path = path_join(kind_dir, name);
    free(name);
    free(kind_dir);

    struct run run = {NULL, diags, c->stylesheet_path, 0};
    struct message m = {{0}, &run};
    xsltSetGenericErrorFunc(&m, S_xslt_error);
    xmlSetGenericErrorFunc(&m, S_xslt_error);
    c->stylesheet = xsltParseStylesheetFile((const xmlChar *)c->stylesheet_path);
    char *schema_path = path_join(template_dir, "document.rng");
    xmlRelaxNGParserCtxt *pctxt = xmlRelaxNGNewParserCtxt(schema_path);
    c->document_schema = pctxt ? xmlRelaxNGParse(pctxt) : NULL;
    xmlRelaxNGFreeParserCtxt(pctxt);
    xsltSetGenericErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    buf_free(&m.text);

    int rc = 0;
    if (!c->stylesheet) {
        if (run.errors == 0)
            diag_add(diags, DIAG_ERROR, c->stylesheet_path, 0, "cannot read the template");
        rc = -1;
    }
    if (!c->document_schema) {
        diag_add(diags, DIAG_ERROR, schema_path, 0, "cannot read the document schema");
        rc = -1;
    }
    free(schema_path);
    if (rc != 0)
        compose_close(c);
    return rc;
}

/* Templates may read files (their own strings); they may not write or use
 * the network. */
static xsltSecurityPrefsPtr S_security(void)
{
    xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
    return sec;
}

static void S_register(xsltTransformContextPtr t)
{
    xsltRegisterExtFunction(t, (const xmlChar *)"number", FORMAT_NS, S_fn_number);
    xsltRegisterExtFunction(t, (const xmlChar *)"percent", FORMAT_NS, S_fn_percent);
    xsltRegisterExtFunction(t, (const xmlChar *)"figure", FORMAT_NS, S_fn_figure);
    xsltRegisterExtFunction(t, (const xmlChar *)"ordinal", FORMAT_NS, S_fn_ordinal);
    xsltRegisterExtFunction(t, (const xmlChar *)"months", FORMAT_NS, S_fn_months);
    xsltRegisterExtFunction(t, (const xmlChar *)"years", FORMAT_NS, S_fn_years);
    xsltRegisterExtFunction(t, (const xmlChar *)"semester", FORMAT_NS, S_fn_semester);
    xsltRegisterExtFunction(t, (const xmlChar *)"src", FORMAT_NS, S_fn_src);
}

struct validation {
    struct diag_list *diags;
    const char *path;
    size_t count;
};

static void S_invalid(void *ctx, xmlErrorPtr e)
{
    struct validation *v = ctx;
    if (v->count++ >= 10)
        return;
    char *msg = xstrdup(e->message ? e->message : "invalid");
    size_t n = strlen(msg);
    if (n && msg[n - 1] == '\n')
        msg[n - 1] = '\0';
    diag_add(v->diags, DIAG_ERROR, v->path, 0,
             "the template wrote an invalid document tree (line %d of the tree): %s", e->line, msg);
    free(msg);
}

static int S_validate(struct composer *c, xmlDoc *doc, struct diag_list *diags)
{
    struct validation v = {diags, c->stylesheet_path, 0};
    xmlRelaxNGValidCtxt *vctxt = xmlRelaxNGNewValidCtxt(c->document_schema);
    xmlRelaxNGSetValidStructuredErrors(vctxt, S_invalid, &v);
    int rc = xmlRelaxNGValidateDoc(vctxt, doc) == 0 ? 0 : -1;
    xmlRelaxNGFreeValidCtxt(vctxt);
    if (rc != 0 && v.count == 0)
        diag_add(diags, DIAG_ERROR, c->stylesheet_path, 0,
                 "the template wrote an invalid document tree");
    return rc;
}

xmlDoc *compose_document(struct composer *c, xmlDoc *content, const struct locale *loc,
                         struct diag_list *diags)
{
    struct run run = {loc, diags, c->stylesheet_path, 0};
    struct message m = {{0}, &run};
    xsltTransformContextPtr t = xsltNewTransformContext(c->stylesheet, content);
    if (!t) {
        diag_add(diags, DIAG_ERROR, c->stylesheet_path, 0, "cannot run the template");
        return NULL;
    }
    t->_private = &run;
    xsltSecurityPrefsPtr sec = S_security();
    xsltSetCtxtSecurityPrefs(sec, t);
    xsltSetTransformErrorFunc(t, &m, S_xslt_error);
    S_register(t);
    xmlDoc *out = xsltApplyStylesheetUser(c->stylesheet, content, NULL, NULL, NULL, t);
    int failed = !out || run.errors > 0 || t->state != XSLT_STATE_OK;
    xsltFreeTransformContext(t);
    xsltFreeSecurityPrefs(sec);
    if (m.text.len > 0)
        S_xslt_error(&m, "\n");
    buf_free(&m.text);
    if (failed) {
        if (run.errors == 0)
            diag_add(diags, DIAG_ERROR, c->stylesheet_path, 0, "the template failed");
        xmlFreeDoc(out);
        return NULL;
    }
    if (S_validate(c, out, diags) != 0) {
        xmlFreeDoc(out);
        return NULL;
    }
    return out;
}

void compose_close(struct composer *c)
{
    if (c->stylesheet)
        xsltFreeStylesheet(c->stylesheet);
    if (c->document_schema)
        xmlRelaxNGFree(c->document_schema);
    free(c->stylesheet_path);
    memset(c, 0, sizeof *c);
}
