/* Derived figures: percentages, changes against a target, sums, and the
 * comparison of a printed value with the one computed from its parts.
 *
 * The rounding rule: a computed value is rounded half away from zero to
 * the number of decimals the printed value shows, then compared exactly.
 * "2.7" (one decimal) matches 108/4000*100 = 2.7; "80" (none) matches
 * 382/477*100 = 80.08; "69.2" does not match 1346/1939*100 = 69.42, which
 * rounds to 69.4. A printed value is never replaced: a mismatch is
 * reported with both numbers. */
#ifndef FOLIO_DERIVE_H
#define FOLIO_DERIVE_H

#include <stddef.h>

/* A number as printed in content: "4108", "2.7", "-12.50" (a '.' for the
 * decimal point whatever the edition's locale; no group separators). */
struct printed {
    double value;
    int decimals; /* digits after the point as printed */
};

/* The most significant digits a figure may have: a double holds every
 * decimal of up to 15 digits exactly, so each such figure is computed,
 * rounded and printed as written; a longer one is refused, never shown
 * wrong. */
#define DERIVE_MAX_DIGITS 15

/* Parses a printed number; 0, -1 when `s` is not one, -2 when it has
 * more than DERIVE_MAX_DIGITS digits. */
int printed_parse(const char *s, struct printed *out);

/* 1 when `v` shown with `decimals` decimals has at most DERIVE_MAX_DIGITS
 * digits (and is a number at all). */
int derive_printable(double v, int decimals);

/* `v` rounded half away from zero to `decimals` digits, judged on its
 * decimal expansion to DERIVE_MAX_DIGITS significant digits: 2.675 to
 * two decimals is 2.68, 10^15 stays 10^15. */
double derive_round(double v, int decimals);

/* part / whole * 100; 0 when whole is 0. */
double derive_percent(double part, double whole);

/* How far a result is over (positive) or under (negative) its target, as
 * a percentage of the target: (result / target - 1) * 100; 0 when the
 * target is 0. */
double derive_change(double result, double target);

double derive_sum(const double *values, size_t n);

/* 1 when `computed`, rounded as the printed value is, equals it. */
int derive_matches(struct printed stated, double computed);

#endif
