/* The expression parser of <value of> and calc: the input is an
 * expression, evaluated against a small report's tables and indicators. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "data.h"
#include "fuzz.h"
#include "util.h"

static xmlDoc *S_doc;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static const char xml[] =
        "<report><indicator id='oe-1' target='4000' result='4108'/>"
        "<table id='t'><body><row key='lima'><cell>Lima</cell><cell>4,108</cell>"
        "<cell>63.3%</cell><cell>-</cell></row><row key='total' role='total'>"
        "<cell>Total</cell><cell>12</cell><cell>1.5</cell><cell>7</cell></row></body></table>"
        "<list id='l'><m/><d><m/></d></list></report>";
    S_doc = xmlReadMemory(xml, (int)sizeof xml - 1, NULL, NULL, XML_PARSE_NONET);
    return S_doc ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *expr = xstrndup((const char *)data, size);
    char error[256];
    double v;
    data_eval(xmlDocGetRootElement(S_doc), expr, &v, error, sizeof error);
    free(expr);
    return 0;
}
