/* Locale formatting from in-code tables: numbers, percentages, ordinals,
 * months and year ranges, for the locale an edition states (es-PE, en-US).
 * No system locale is used: CLDR differs from glibc, and none is
 * installed on a fresh machine. Every returned string is malloc'ed. */
#ifndef FOLIO_LOCALE_H
#define FOLIO_LOCALE_H

enum locale_gender {
    GENDER_MASCULINE,
    GENDER_FEMININE,
    /* a masculine ordinal before its noun: Spanish shortens primero and
     * tercero ("1.er Taller", "3.er Encuentro") */
    GENDER_MASCULINE_BEFORE_NOUN,
};

struct locale;

/* The locale of a BCP 47 tag like "es-PE"; NULL when folio has no table
 * for it. */
const struct locale *locale_find(const char *tag);

const char *locale_tag(const struct locale *loc);

/* 4108 -> "4,108" (es-PE, en-US), "4.108" (es-CO), "4108" (es-ES: groups
 * start at five digits). */
char *locale_format_integer(const struct locale *loc, long long value);

/* A number with a fixed count of decimals, rounded half away from zero. */
char *locale_format_decimal(const struct locale *loc, double value, int decimals);

/* 2.7 -> "2.7 %" (es-PE), "2,7 %" (es-CO), "2.7%" (en-US). */
char *locale_format_percent(const struct locale *loc, double value, int decimals);

/* A figure as content writes it, digits with "." before any decimals,
 * "%" after a percentage and "+" before or after: "4.5", "87%", "+300",
 * "1200+" give "4.5", "87 %" (es-PE) or "87%" (en-US), "+300", "1,200+";
 * NULL for anything else, or more than 15 digits before the point or 6
 * after it. */
char *locale_format_figure(const struct locale *loc, const char *written);

/* 1 -> "1.º" / "1.ª" / "1.er" in Spanish, "1st" in English. */
char *locale_ordinal(const struct locale *loc, long long n, enum locale_gender gender);

/* The name of month 1..12 as used inside a date ("abril", "April"). */
const char *locale_month_name(const struct locale *loc, int month);

/* A span of months: "abril – mayo de 2021", "April – May 2021",
 * "agosto de 2022"; across years "diciembre de 2021 – enero de 2022".
 * y2/m2 of 0 give a single month. */
char *locale_month_span(const struct locale *loc, int y1, int m1, int y2, int m2);

/* A calendar date or month: day 0 for a month ("2021-04"). */
struct locale_date {
    int year, month, day;
};

/* "2021-04" or "2024-03-14" read into `d`; 0 when malformed or not in the
 * calendar (no 30 February). */
int locale_parse_date(const char *s, struct locale_date *d);

/* Days of the month, leap years counted. */
int locale_days_in_month(int year, int month);

/* Negative, zero or positive as `a` is before, the same as or after `b`;
 * a month compares as its first day. */
int locale_date_compare(const struct locale_date *a, const struct locale_date *b);

/* A span of dates as the locale writes it: "14 de marzo de 2024", "March
 * 14, 2024"; two days "2 y 3 de octubre de 2023", "October 2 and 3,
 * 2023"; more "14–16 de marzo de 2024", "March 14–16, 2024"; across months
 * "30 de abril – 2 de mayo de 2024", "April 30 – May 2, 2024", across
 * years with both years. Months alone as locale_month_span. `end` NULL or
 * the same as `start`: one date. */
char *locale_date_span(const struct locale *loc, const struct locale_date *start,
                       const struct locale_date *end);

/* Half `half` (1 or 2) of `year`: "segundo semestre de 2021", "second
 * semester 2021". */
char *locale_semester(const struct locale *loc, int year, int half);

/* "2021–2023" */
char *locale_year_span(const struct locale *loc, int y1, int y2);

#endif
