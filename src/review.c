#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "review.h"
#include "sources.h"

static void S_escape(struct buf *b, const char *s, size_t n)
{
    char *text = xstrndup(s, n);
    buf_put_escaped(b, text);
    free(text);
}

struct S_words {
    const char **at;
    size_t *len, count;
};

static struct S_words S_split(const char *s)
{
    struct S_words w = {0};
    size_t cap = 0;
    for (const char *p = s; *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " ");
        if (w.count == cap) {
            cap = cap ? cap * 2 : 32;
            w.at = xrealloc(w.at, cap * sizeof *w.at);
            w.len = xrealloc(w.len, cap * sizeof *w.len);
        }
        w.at[w.count] = p;
        w.len[w.count++] = n;
        p += n;
    }
    return w;
}

static int S_same(const struct S_words *a, size_t i, const struct S_words *b, size_t j)
{
    return a->len[i] == b->len[j] && memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

static void S_word(struct buf *out, const char *tag, const char *s, size_t n)
{
    if (out->len)
        buf_put(out, " ", 1);
    if (tag)
        buf_printf(out, "<%s>", tag);
    S_escape(out, s, n);
    if (tag)
        buf_printf(out, "</%s>", tag);
}

void review_word_diff(const char *old, const char *now, struct buf *out)
{
    struct S_words a = S_split(old), b = S_split(now);
    size_t n = a.count, m = b.count;
    /* longest common subsequence of words, from the end; a text too long
     * for the table is shown as all removed, all added */
    unsigned *t = (n + 1) * (m + 1) <= 4000000 ? xcalloc((n + 1) * (m + 1), sizeof *t) : NULL;
    struct buf d = {0};
    if (t) {
        for (size_t i = n; i-- > 0;)
            for (size_t j = m; j-- > 0;)
                t[i * (m + 1) + j] = S_same(&a, i, &b, j) ? t[(i + 1) * (m + 1) + j + 1] + 1
                                     : t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1]
                                         ? t[(i + 1) * (m + 1) + j]
                                         : t[i * (m + 1) + j + 1];
    }
    size_t i = 0, j = 0;
    while (t && i < n && j < m) {
        if (S_same(&a, i, &b, j)) {
            S_word(&d, NULL, a.at[i], a.len[i]);
            i++, j++;
        } else if (t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1]) {
            S_word(&d, "del", a.at[i], a.len[i]);
            i++;
        } else {
            S_word(&d, "ins", b.at[j], b.len[j]);
            j++;
        }
    }
    for (; i < n; i++)
        S_word(&d, "del", a.at[i], a.len[i]);
    for (; j < m; j++)
        S_word(&d, "ins", b.at[j], b.len[j]);
    if (d.data)
        buf_puts(out, d.data);
    buf_free(&d);
    free(t);
    free(a.at);
    free(a.len);
    free(b.at);
    free(b.len);
}

static void S_text(struct buf *out, const xmlNode *node)
{
    char *s = sources_text(node);
    S_escape(out, s, strlen(s));
    free(s);
}

static const char S_style[] =
    "body{font:15px/1.45 'Noto Sans',sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border-top:1px solid #ccc;padding:.4em .6em;vertical-align:top;text-align:left}"
    "td.place{font:12px monospace;white-space:nowrap}td.place a{color:#236}"
    "tr.outdated{background:#fff4cc}tr.missing{background:#fde2e2}"
    "tr.outdated td.state,tr.missing td.state{font-weight:bold}"
    "del{background:#f6c1c1;text-decoration:line-through}ins{background:#bfe8c4;"
    "text-decoration:none}.old{color:#555;font-size:13px}"
    ".none{color:#a00;font-style:italic}";

static const char *S_state(enum i18n_state s)
{
    return s == I18N_MISSING    ? "missing"
           : s == I18N_OUTDATED ? "outdated"
           : s == I18N_CURRENT  ? "current"
                                : "translated";
}

static void S_unit(const struct publication *pub, const struct i18n_unit *u, const char *lang,
                   const char *file_url, struct buf *out)
{
    const xmlNode *where = u->target ? u->target : u->node;
    char *place = diag_node_place(where);
    const char *state = S_state(u->state);
    buf_printf(out, "<tr class=\"%s\" id=\"", state);
    S_escape(out, u->id, strlen(u->id));
    buf_puts(out, "\"><td class=\"place\"><a href=\"");
    S_escape(out, file_url, strlen(file_url));
    buf_printf(out, "#L%ld\">", xmlGetLineNo(where));
    S_escape(out, place, strlen(place));
    buf_puts(out, "</a><br>");
    S_escape(out, u->id, strlen(u->id));
    buf_printf(out, "</td><td class=\"state\">%s</td><td lang=\"%s\">", state, pub->source_lang);
    char *old = u->state == I18N_OUTDATED && u->from ? sources_lookup(pub, u->from) : NULL;
    if (old) {
        char *now = sources_text(u->source);
        review_word_diff(old, now, out);
        buf_printf(out, "<div class=\"old\">translated from source %s, now %s</div>", u->from,
                   u->fingerprint);
        free(now);
    } else {
        S_text(out, u->source);
        if (u->state == I18N_OUTDATED)
            buf_printf(out,
                       "<div class=\"old\">translated from source %s, now %s; that source's "
                       "text is not recorded</div>",
                       u->from, u->fingerprint);
    }
    free(old);
    buf_printf(out, "</td><td lang=\"%s\">", lang);
    if (u->state == I18N_MISSING)
        buf_puts(out, "<span class=\"none\">missing</span>");
    else
        S_text(out, u->target);
    buf_puts(out, "</td></tr>\n");
    free(place);
}

int review_write(const struct publication *pub, const char *lang, struct buf *out,
                 struct diag_list *diags)
{
    struct i18n_units units;
    if (i18n_units_collect(pub, lang, &units, diags) != 0) {
        i18n_units_free(&units);
        return -1;
    }
    size_t counts[4] = {0};
    for (size_t i = 0; i < units.count; i++)
        counts[units.items[i].state]++;
    char cwd[4096];
    char *file_url = pub->path[0] == '/' || !getcwd(cwd, sizeof cwd)
                         ? xasprintf("file://%s", pub->path)
                         : xasprintf("file://%s/%s", cwd, pub->path);
    buf_printf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<title>Review: ");
    S_escape(out, pub->id, strlen(pub->id));
    buf_printf(out, " %s → %s</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", pub->source_lang,
               lang, S_style);
    S_escape(out, pub->id, strlen(pub->id));
    buf_printf(out, ": %s → %s</h1>\n", pub->source_lang, lang);
    buf_printf(out,
               "<p>%zu units: %zu missing, %zu outdated, %zu translated, %zu current. Outdated "
               "units show the source they were translated from and the source now as a word "
               "diff (<del>removed</del>, <ins>added</ins>).</p>\n",
               units.count, counts[I18N_MISSING], counts[I18N_OUTDATED], counts[I18N_TRANSLATED],
               counts[I18N_CURRENT]);
    buf_printf(out,
               "<table>\n<thead><tr><th>place</th><th>state</th><th lang=\"%s\">%s "
               "(source)</th><th lang=\"%s\">%s</th></tr></thead>\n<tbody>\n",
               pub->source_lang, pub->source_lang, lang, lang);
    for (size_t i = 0; i < units.count; i++)
        S_unit(pub, &units.items[i], lang, file_url, out);
    buf_puts(out, "</tbody>\n</table>\n</body>\n</html>\n");
    free(file_url);
    i18n_units_free(&units);
    return 0;
}
