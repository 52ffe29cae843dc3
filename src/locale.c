#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "derive.h"
#include "locale.h"
#include "util.h"

enum language { LANG_ES, LANG_EN };

struct locale {
    const char *tag;
    enum language language;
    const char *decimal; /* decimal separator */
    const char *group;   /* thousands separator */
    int min_grouping;    /* digits before grouping starts: 4, or 5 (es-ES) */
    const char *percent; /* between the number and '%' */
    int day_first;       /* "2 de octubre", "2 October" (en-GB); else "October 2" */
};

#define NBSP "\xc2\xa0"

/* From CLDR 44 (numbers: decimal, group, minimumGroupingDigits, percent
 * pattern). */
static const struct locale locales[] = {
    {"es-PE", LANG_ES, ".", ",", 4, NBSP, 1}, {"es-MX", LANG_ES, ".", ",", 4, NBSP, 1},
    {"es-US", LANG_ES, ".", ",", 4, NBSP, 1}, {"es-CO", LANG_ES, ",", ".", 4, NBSP, 1},
    {"es-VE", LANG_ES, ",", ".", 4, NBSP, 1}, {"es-EC", LANG_ES, ",", ".", 4, NBSP, 1},
    {"es-CL", LANG_ES, ",", ".", 4, NBSP, 1}, {"es-AR", LANG_ES, ",", ".", 4, NBSP, 1},
    {"es-ES", LANG_ES, ",", ".", 5, NBSP, 1}, {"en-US", LANG_EN, ".", ",", 4, "", 0},
    {"en-GB", LANG_EN, ".", ",", 4, "", 1},
};

static const char *const months_es[12] = {"enero",      "febrero", "marzo",     "abril",
                                          "mayo",       "junio",   "julio",     "agosto",
                                          "septiembre", "octubre", "noviembre", "diciembre"};
static const char *const months_en[12] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

#define EN_DASH_SPACED " \xe2\x80\x93 "
#define EN_DASH "\xe2\x80\x93"

const struct locale *locale_find(const char *tag)
{
    for (size_t i = 0; tag && i < sizeof locales / sizeof locales[0]; i++)
        if (strcmp(locales[i].tag, tag) == 0)
            return &locales[i];
    return NULL;
}

const char *locale_tag(const struct locale *loc)
{
    return loc->tag;
}

/* Digits of |value| with group separators. */
static void S_put_grouped(struct buf *b, const struct locale *loc, unsigned long long value)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", value);
    int grouped = n >= loc->min_grouping;
    for (int i = 0; i < n; i++) {
        if (grouped && i > 0 && (n - i) % 3 == 0)
            buf_puts(b, loc->group);
        buf_put(b, &digits[i], 1);
    }
}

char *locale_format_integer(const struct locale *loc, long long value)
{
    struct buf b = {0};
    if (value < 0)
        buf_puts(&b, "-");
    unsigned long long magnitude =
        value < 0 ? (unsigned long long)(-(value + 1)) + 1 : (unsigned long long)value;
    S_put_grouped(&b, loc, magnitude);
    return b.data;
}

char *locale_format_decimal(const struct locale *loc, double value, int decimals)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    unsigned long long scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    /* the project's one rounding rule (derive.h) */
    unsigned long long units =
        (unsigned long long)llround(fabs(derive_round(value, decimals)) * (double)scale);
    unsigned long long whole = units / scale, frac = units % scale;
    struct buf b = {0};
    if (value < 0 && units > 0)
        buf_puts(&b, "-");
    S_put_grouped(&b, loc, whole);
    if (decimals > 0) {
        buf_puts(&b, loc->decimal);
        buf_printf(&b, "%0*llu", decimals, frac);
    }
    return b.data;
}

char *locale_format_percent(const struct locale *loc, double value, int decimals)
{
    char *number = locale_format_decimal(loc, value, decimals);
    char *s = xasprintf("%s%s%%", number, loc->percent);
    free(number);
    return s;
}

char *locale_format_figure(const struct locale *loc, const char *written)
{
    const char *p = written;
    int plus_before = *p == '+';
    p += plus_before;
    const char *digits = p;
    size_t whole = strspn(p, "0123456789"), decimals = 0;
    p += whole;
    if (*p == '.') {
        decimals = strspn(p + 1, "0123456789");
        if (decimals == 0)
            return NULL;
        p += 1 + decimals;
    }
    int percent = *p == '%';
    p += percent;
    int plus_after = *p == '+';
    p += plus_after;
    if (whole == 0 || whole > 15 || decimals > 6 || *p || (plus_before && plus_after))
        return NULL;
    /* the digits as written, grouped: no rounding through a double */
    struct buf b = {0};
    if (plus_before)
        buf_puts(&b, "+");
    S_put_grouped(&b, loc, strtoull(digits, NULL, 10));
    if (decimals) {
        buf_puts(&b, loc->decimal);
        buf_put(&b, digits + whole + 1, decimals);
    }
    if (percent)
        buf_printf(&b, "%s%%", loc->percent);
    if (plus_after)
        buf_puts(&b, "+");
    return b.data;
}

static const char *S_english_suffix(long long n)
{
    long long tens = n % 100;
    if (tens >= 11 && tens <= 13)
        return "th";
    switch (n % 10) {
    case 1:
        return "st";
    case 2:
        return "nd";
    case 3:
        return "rd";
    default:
        return "th";
    }
}

/* Spanish abbreviated ordinals (RAE): a period, then the ending. Before a
 * masculine noun primero and tercero lose their -o (primer, tercer,
 * vigésimo primer), so 1, 3, 21, 23... take ".er"; 11 (undécimo) and 13
 * (decimotercero, shortened too) follow the same rule as their last word. */
static const char *S_spanish_suffix(long long n, enum locale_gender gender)
{
    if (gender == GENDER_FEMININE)
        return ".\xc2\xaa"; /* .ª */
    if (gender == GENDER_MASCULINE_BEFORE_NOUN) {
        long long last = n % 10, tens = n % 100;
        if ((last == 1 && tens != 11) || last == 3)
            return ".er";
    }
    return ".\xc2\xba"; /* .º */
}

char *locale_ordinal(const struct locale *loc, long long n, enum locale_gender gender)
{
    const char *suffix =
        loc->language == LANG_EN ? S_english_suffix(n < 0 ? -n : n) : S_spanish_suffix(n, gender);
    return xasprintf("%lld%s", n, suffix);
}

const char *locale_month_name(const struct locale *loc, int month)
{
    if (month < 1 || month > 12)
        return "?";
    return loc->language == LANG_EN ? months_en[month - 1] : months_es[month - 1];
}

static void S_month_year(struct buf *b, const struct locale *loc, int y, int m)
{
    if (loc->language == LANG_EN)
        buf_printf(b, "%s %d", locale_month_name(loc, m), y);
    else
        buf_printf(b, "%s de %d", locale_month_name(loc, m), y);
}

char *locale_month_span(const struct locale *loc, int y1, int m1, int y2, int m2)
{
    struct buf b = {0};
    if (y2 == 0 || m2 == 0 || (y1 == y2 && m1 == m2)) {
        S_month_year(&b, loc, y1, m1);
    } else if (y1 == y2) {
        buf_printf(&b, "%s" EN_DASH_SPACED, locale_month_name(loc, m1));
        S_month_year(&b, loc, y2, m2);
    } else {
        S_month_year(&b, loc, y1, m1);
        buf_puts(&b, EN_DASH_SPACED);
        S_month_year(&b, loc, y2, m2);
    }
    return b.data;
}

int locale_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

int locale_parse_date(const char *s, struct locale_date *d)
{
    d->year = d->month = d->day = 0;
    if (!s)
        return 0;
    int y, m, day, used = 0;
    int n = sscanf(s, "%4d-%2d%n-%2d%n", &y, &m, &used, &day, &used);
    if (n < 2 || s[used] != '\0' || strlen(s) != (n == 2 ? 7u : 10u))
        return 0;
    if (m < 1 || m > 12 || (n == 3 && (day < 1 || day > locale_days_in_month(y, m))))
        return 0;
    d->year = y;
    d->month = m;
    d->day = n == 3 ? day : 0;
    return 1;
}

int locale_date_compare(const struct locale_date *a, const struct locale_date *b)
{
    long ka = (long)a->year * 500 + a->month * 40 + (a->day ? a->day : 1);
    long kb = (long)b->year * 500 + b->month * 40 + (b->day ? b->day : 1);
    return (ka > kb) - (ka < kb);
}

/* What joins a day to its month when the day comes first ("14 de
 * marzo", "14 March"); NULL where the month comes first ("March 14"). */
static const char *S_day_of(const struct locale *loc)
{
    if (!loc->day_first)
        return NULL;
    return loc->language == LANG_ES ? " de " : " ";
}

static void S_day_month(struct buf *b, const struct locale *loc, int d, int m)
{
    const char *of = S_day_of(loc);
    if (of)
        buf_printf(b, "%d%s%s", d, of, locale_month_name(loc, m));
    else
        buf_printf(b, "%s %d", locale_month_name(loc, m), d);
}

/* The year after a day: "de 2024", ", 2024", "2024" */
static void S_day_year(struct buf *b, const struct locale *loc, int y)
{
    const char *of = S_day_of(loc);
    buf_printf(b, "%s%d", of ? of : ", ", y);
}

static void S_full_date(struct buf *b, const struct locale *loc, const struct locale_date *d)
{
    if (d->day == 0) {
        S_month_year(b, loc, d->year, d->month);
        return;
    }
    S_day_month(b, loc, d->day, d->month);
    S_day_year(b, loc, d->year);
}

char *locale_date_span(const struct locale *loc, const struct locale_date *start,
                       const struct locale_date *end)
{
    const struct locale_date *a = start, *z = end;
    if (!z || (locale_date_compare(a, z) == 0 && a->day == z->day))
        z = NULL;
    if (a->day == 0 && (!z || z->day == 0))
        return locale_month_span(loc, a->year, a->month, z ? z->year : 0, z ? z->month : 0);
    struct buf b = {0};
    if (!z || a->day == 0 || z->day == 0 || a->year != z->year) {
        /* one date, a month and a day, or across years: each in full */
        S_full_date(&b, loc, a);
        if (z) {
            buf_puts(&b, EN_DASH_SPACED);
            S_full_date(&b, loc, z);
        }
    } else if (a->month != z->month) {
        S_day_month(&b, loc, a->day, a->month);
        buf_puts(&b, EN_DASH_SPACED);
        S_day_month(&b, loc, z->day, z->month);
        S_day_year(&b, loc, z->year);
    } else {
        /* two days are joined by "y" / "and", more by a dash */
        const char *join =
            z->day == a->day + 1 ? (loc->language == LANG_EN ? " and " : " y ") : EN_DASH;
        const char *of = S_day_of(loc);
        if (of)
            buf_printf(&b, "%d%s%d%s%s", a->day, join, z->day, of,
                       locale_month_name(loc, a->month));
        else
            buf_printf(&b, "%s %d%s%d", locale_month_name(loc, a->month), a->day, join, z->day);
        S_day_year(&b, loc, a->year);
    }
    return b.data;
}

char *locale_year_span(const struct locale *loc, int y1, int y2)
{
    (void)loc;
    if (y1 == y2)
        return xasprintf("%d", y1);
    return xasprintf("%d" EN_DASH "%d", y1, y2);
}

char *locale_semester(const struct locale *loc, int year, int half)
{
    int es = loc->language == LANG_ES;
    const char *which = half == 1 ? (es ? "primer" : "first") : (es ? "segundo" : "second");
    return xasprintf(es ? "%s semestre de %d" : "%s semester %d", which, year);
}
