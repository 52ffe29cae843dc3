#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "derive.h"

int printed_parse(const char *s, struct printed *out)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    size_t whole = strspn(p, "0123456789");
    if (whole == 0)
        return -1;
    p += whole;
    int decimals = 0;
    if (*p == '.') {
        p++;
        decimals = (int)strspn(p, "0123456789");
        if (decimals == 0)
            return -1;
        p += decimals;
    }
    if (*p != '\0')
        return -1;
    if (whole + (size_t)decimals > DERIVE_MAX_DIGITS)
        return -2;
    out->value = strtod(s, NULL);
    out->decimals = decimals;
    return 0;
}

double derive_round(double v, int decimals)
{
    if (!isfinite(v))
        return v;
    /* a whole number of at most 15 digits is its own rounding (and the
     * common case: a table's figures), without printing it */
    if (decimals >= 0 && fabs(v) < 1e15 && v == (double)(long long)v)
        return v == 0 ? 0.0 : v;
    /* on the decimal digits, not on v * 10^decimals: 2.675 is stored as
     * 2.67499999..., and a value written with its last digit 5 must round
     * up as written; a nudge of a few ulps would instead move large
     * values by whole units */
    char digits[32];
    int exponent;
    snprintf(digits, sizeof digits, "%.*e", DERIVE_MAX_DIGITS - 1, fabs(v));
    char *e = strchr(digits, 'e');
    exponent = atoi(e + 1);
    *e = '\0';
    memmove(digits + 1, digits + 2, strlen(digits + 2) + 1); /* drop the point */
    unsigned long long mantissa = strtoull(digits, NULL, 10);
    /* v = mantissa * 10^(exponent - 14); drop the digits below 10^-decimals */
    int drop = (DERIVE_MAX_DIGITS - 1) - exponent - decimals;
    if (drop <= 0)
        return v;
    if (drop > DERIVE_MAX_DIGITS)
        return v < 0 ? -0.0 : 0.0;
    unsigned long long unit = 1;
    for (int i = 0; i < drop; i++)
        unit *= 10;
    unsigned long long kept = mantissa / unit + (mantissa % unit >= unit / 2);
    char rounded[48];
    snprintf(rounded, sizeof rounded, "%llue%d", kept, -decimals);
    double r = strtod(rounded, NULL);
    return v < 0 ? -r : r;
}

int derive_printable(double v, int decimals)
{
    if (!isfinite(v) || decimals < 0 || decimals > DERIVE_MAX_DIGITS)
        return 0;
    double r = fabs(derive_round(v, decimals));
    return r * pow(10, decimals) < pow(10, DERIVE_MAX_DIGITS);
}

double derive_percent(double part, double whole)
{
    return whole == 0 ? 0 : part / whole * 100;
}

double derive_change(double result, double target)
{
    return target == 0 ? 0 : (result / target - 1) * 100;
}

double derive_sum(const double *values, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += values[i];
    return s;
}

int derive_matches(struct printed stated, double computed)
{
    double r = derive_round(computed, stated.decimals);
    return fabs(r - stated.value) < 0.5 * pow(10, -stated.decimals - 3);
}
