#include <string.h>

#include "url.h"
#include "util.h"

static int S_is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int S_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int S_is_scheme_char(char c)
{
    return S_is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

/* ASCII characters that may not appear raw in a URL. */
static int S_needs_encoding(unsigned char c)
{
    return c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
           c == '`' || c == '{' || c == '|' || c == '}';
}

/* Whether the scheme s[0..n) is one a page may link to. */
static int S_allowed_scheme(const char *s, size_t n)
{
    static const char *const allowed[] = {"http", "https", "mailto"};
    for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++) {
        if (strlen(allowed[k]) != n)
            continue;
        size_t i = 0;
        while (i < n && (s[i] | 0x20) == allowed[k][i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

char *url_safe(const char *href, int *absolute)
{
    const char *s = href ? href : "";
    while (*s && (unsigned char)*s <= 0x20)
        s++;
    size_t n = strlen(s);
    while (n > 0 && (unsigned char)s[n - 1] <= 0x20)
        n--;

    struct buf u = {0};
    int fragment = 0;
    buf_put(&u, "", 0);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        int escape_ok = c == '%' && i + 2 < n && S_is_hex(s[i + 1]) && S_is_hex(s[i + 2]);
        if (S_needs_encoding(c) || (c == '%' && !escape_ok) || (c == '#' && fragment))
            buf_printf(&u, "%%%02X", c);
        else
            buf_put(&u, s + i, 1);
        if (c == '#')
            fragment = 1;
    }

    /* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
    size_t len = 0;
    if (S_is_alpha(u.data[0]))
        while (S_is_scheme_char(u.data[len]))
            len++;
    *absolute = len > 0 && u.data[len] == ':';
    if (*absolute && !S_allowed_scheme(u.data, len)) {
        buf_free(&u);
        return NULL;
    }
    return u.data;
}

char *url_ascii(const char *url)
{
    struct buf u = {0};
    buf_put(&u, "", 0);
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p >= 0x80)
            buf_printf(&u, "%%%02X", *p);
        else
            buf_put(&u, (const char *)p, 1);
    return u.data;
}
