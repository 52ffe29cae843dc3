#include <math.h>
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
    out->value = strtod(s, NULL);
    out->decimals = decimals;
    return 0;
}

double derive_round(double v, int decimals)
{
    double scale = pow(10, decimals);
    /* a few ulps up first: 2.675 is stored as 2.67499999..., and a value
     * written with its last digit 5 must round up as written */
    double scaled = fabs(v) * scale * (1 + 8 * 2.220446049250313e-16);
    double r = floor(scaled + 0.5) / scale;
    return v < 0 ? -r : r;
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
