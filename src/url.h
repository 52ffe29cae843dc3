/* Links as both editions write them. */
#ifndef FOLIO_URL_H
#define FOLIO_URL_H

/* The URL to write for `href`, malloc'ed, or NULL when it has a scheme
 * other than http, https or mailto. As a browser's URL parser does, leading
 * and trailing spaces and controls are ignored and tabs and newlines removed
 * before the scheme is read, so "java\tscript:" is caught too. ASCII that
 * may not appear in a URL is percent-encoded, so the web page validates and
 * the PDF's link annotations hold the same URL. *absolute tells whether the
 * URL has a scheme (an external link). */
char *url_safe(const char *href, int *absolute);

/* `url` with its non-ASCII bytes percent-encoded (UTF-8), malloc'ed: a
 * PDF's URI is 7-bit ASCII. */
char *url_ascii(const char *url);

#endif
