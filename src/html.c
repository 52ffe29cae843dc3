/* The HTML edition writer. Like cmark's html.c it walks the tree once into a
 * string buffer: one function per block type, a flat switch to pick it.
 * Every text and attribute value goes through buf_put_escaped, every href through
 * url_safe; nothing else reaches the page. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asset.h"
#include "doc.h"
#include "fontfile.h"
#include "docchart.h"
#include "html.h"
#include "pdf/hyphen.h"
#include "url.h"
#include "util.h"
#include "webfont.h"

/* The theme's body size as read on a screen (17px); every other text style
 * keeps its ratio to the body, so the web page has the print's scale. */
#define S_BODY_REM 1.0625

struct S_html {
    struct buf out;
    xmlDoc *doc;
    const struct theme *theme;
    const char *lang; /* document/@lang: picks the built-in words */
    struct diag_list *diags;
    int level;    /* HTML level of the latest heading in the current section */
    int sections; /* sections written so far, to name those without an id */
    int scrolls;  /* scroll containers written so far, to name their labels */
    /* figures: images read from asset_dir, copied into dir through stage */
    const char *dir, *asset_dir;
    struct stage *stage;
    const char **copied; /* hrefs of the images copied so far */
    size_t copied_count;
    int failed; /* an image could not be written: the edition fails */
    /* the edition's hyphenation dictionary, opened for the first chart */
    struct hyphenator *hyph;
    int hyph_opened;
};

/* Words the page needs that a template may not define in <info><word>. */
static const struct {
    const char *key, *es, *en;
} S_words[] = {
    {"skip", "Ir al contenido", "Skip to content"},
    {"missing", "Texto pendiente de traducción", "Translation pending"},
    {"editions", "Ediciones", "Editions"},
    {"contents", "Contenido", "Contents"},
    {"notes", "Notas", "Notes"},
    {"back-to-text", "Volver al texto", "Back to the text"},
    {"table", "Tabla", "Table"},
};

static const char *S_word(const struct S_html *h, const char *key)
{
    const char *w = doc_word(h->doc, key);
    if (w != key) /* doc_word returns the key itself when undefined */
        return w;
    int es = h->lang && strncmp(h->lang, "es", 2) == 0 && (h->lang[2] == '\0' || h->lang[2] == '-');
    for (size_t i = 0; i < sizeof S_words / sizeof S_words[0]; i++)
        if (strcmp(S_words[i].key, key) == 0)
            return es ? S_words[i].es : S_words[i].en;
    return key;
}

static void S_escaped(struct S_html *h, const char *s)
{
    buf_put_escaped(&h->out, s ? s : "");
}

static int S_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Writes ` name="value"` with the value escaped. */
static void S_attr(struct S_html *h, const char *name, const char *value)
{
    buf_printf(&h->out, " %s=\"", name);
    S_escaped(h, value);
    buf_puts(&h->out, "\"");
}

/* The href of `node` made safe, or NULL (with a warning) when dropped. */
static char *S_href(struct S_html *h, const xmlNode *node, const char *href, int *absolute)
{
    char *url = url_safe(href, absolute);
    if (!url)
        diag_add_node(h->diags, DIAG_WARNING, node,
                      "link '%s' dropped: only http:, https:, mailto: and relative links are "
                      "allowed",
                      href);
    return url;
}

/* ---- inline content ---------------------------------------------------- */

static void S_inlines(struct S_html *h, const xmlNode *parent);

static void S_wrap(struct S_html *h, const char *tag, const xmlNode *node)
{
    buf_printf(&h->out, "<%s>", tag);
    S_inlines(h, node);
    buf_printf(&h->out, "</%s>", tag);
}

static void S_link(struct S_html *h, const xmlNode *node)
{
    int absolute;
    char *url = S_href(h, node, doc_attr(node, "href"), &absolute);
    if (!url) {
        S_inlines(h, node); /* the words stay, the link goes */
        return;
    }
    buf_puts(&h->out, "<a");
    S_attr(h, "href", url);
    if (absolute)
        buf_puts(&h->out, " rel=\"noopener\"");
    buf_puts(&h->out, ">");
    S_inlines(h, node);
    buf_puts(&h->out, "</a>");
    free(url);
}

/* A draft's gap: the source language's text, visibly marked. */
static void S_missing(struct S_html *h, const xmlNode *node)
{
    buf_puts(&h->out, "<mark class=\"missing\"");
    const char *lang = doc_attr(node, "lang");
    if (lang && *lang)
        S_attr(h, "lang", lang);
    S_attr(h, "title", S_word(h, "missing"));
    buf_puts(&h->out, ">");
    S_inlines(h, node);
    buf_puts(&h->out, "</mark>");
}

/* A footnote call: the number, linked to the note after the section. */
static void S_note_call(struct S_html *h, const xmlNode *note)
{
    const char *n = doc_attr(note, "n");
    buf_puts(&h->out, "<sup class=\"note-call\"><a");
    char *href = xasprintf("#note-%s", n ? n : "");
    char *id = xasprintf("note-call-%s", n ? n : "");
    S_attr(h, "href", href);
    S_attr(h, "id", id);
    buf_puts(&h->out, ">");
    S_escaped(h, n ? n : "*");
    buf_puts(&h->out, "</a></sup>");
    free(id);
    free(href);
}

static void S_xref(struct S_html *h, const xmlNode *xref)
{
    char *href = xasprintf("#%s", doc_attr(xref, "target"));
    buf_puts(&h->out, "<a class=\"xref\"");
    S_attr(h, "href", href);
    buf_puts(&h->out, ">");
    S_inlines(h, xref);
    buf_puts(&h->out, "</a>");
    free(href);
}

static void S_inlines(struct S_html *h, const xmlNode *parent)
{
    for (const xmlNode *n = parent ? parent->children : NULL; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            S_escaped(h, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        switch (doc_type(n)) {
        case DOC_B:
            S_wrap(h, "strong", n);
            break;
        case DOC_I:
            S_wrap(h, "em", n);
            break;
        case DOC_A:
            S_link(h, n);
            break;
        case DOC_MISSING:
            S_missing(h, n);
            break;
        case DOC_BR:
            buf_puts(&h->out, "<br>\n");
            break;
        case DOC_NOTE:
            S_note_call(h, n);
            break;
        case DOC_XREF:
            S_xref(h, n);
            break;
        case DOC_KEEP: /* a print matter (no hyphen, no break): the words alone */
            S_inlines(h, n);
            break;
        default:
            diag_add_node(h->diags, DIAG_WARNING, n, "unexpected <%s> in text: its words are kept",
                          (const char *)n->name);
            S_inlines(h, n);
            break;
        }
    }
}

/* `<tag class="cls">inline content</tag>` and a newline; cls may be NULL. */
static void S_element(struct S_html *h, const char *tag, const char *cls, const xmlNode *node)
{
    buf_printf(&h->out, "<%s", tag);
    if (cls)
        S_attr(h, "class", cls);
    buf_puts(&h->out, ">");
    S_inlines(h, node);
    buf_printf(&h->out, "</%s>\n", tag);
}

/* A heading one level below the latest one, for the titles of cards and
 * timeline entries. */
static void S_subheading(struct S_html *h, const char *cls, const xmlNode *node)
{
    char tag[3] = {'h', (char)('0' + (h->level < 6 ? h->level + 1 : 6)), '\0'};
    S_element(h, tag, cls, node);
}

/* ---- blocks ------------------------------------------------------------ */

static void S_block(struct S_html *h, const xmlNode *node);

static void S_paragraph(struct S_html *h, const xmlNode *node)
{
    const char *style = doc_attr(node, "style");
    S_element(h, "p", style && strcmp(style, "body") != 0 ? style : NULL, node);
}

/* <h level="2"> is <h3> (the section title is <h2>), level 3 is <h4> ...
 * up to <h6>. */
static void S_heading(struct S_html *h, const xmlNode *node)
{
    const char *level = doc_attr(node, "level");
    int n = level ? atoi(level) + 1 : 3;
    h->level = n < 3 ? 3 : n > 6 ? 6 : n;
    buf_printf(&h->out, "<h%d", h->level);
    const char *id = doc_attr(node, "id");
    if (id && *id)
        S_attr(h, "id", id);
    buf_puts(&h->out, ">");
    S_inlines(h, node);
    buf_printf(&h->out, "</h%d>\n", h->level);
}

/* A list: <ul>, or <ol> with the type of its markers; a list that follows
 * an item goes inside that item. */
static void S_list(struct S_html *h, const xmlNode *node)
{
    static const struct {
        const char *style, *type;
    } ordered[] = {
        {"decimal", "1"}, {"lower-alpha", "a"}, {"lower-roman", "i"}, {"upper-roman", "I"}};
    const char *style = doc_attr(node, "style"), *type = NULL;
    for (size_t i = 0; style && i < sizeof ordered / sizeof ordered[0]; i++)
        if (strcmp(style, ordered[i].style) == 0)
            type = ordered[i].type;
    if (type)
        buf_printf(&h->out, "<ol type=\"%s\">\n", type);
    else
        buf_puts(&h->out, "<ul>\n");
    for (xmlNode *item = doc_first(node); item; item = doc_next(item)) {
        if (doc_type(item) != DOC_ITEM)
            continue;
        buf_puts(&h->out, "<li>");
        S_inlines(h, item);
        for (xmlNode *sub = doc_next(item); sub && doc_type(sub) == DOC_LIST; sub = doc_next(sub))
            S_list(h, sub);
        buf_puts(&h->out, "</li>\n");
    }
    buf_puts(&h->out, type ? "</ol>\n" : "</ul>\n");
}

/* Key figures: the number first and large, its label under it; read aloud
 * as "21 Organizaciones integrantes". */
static void S_stats(struct S_html *h, const xmlNode *node)
{
    buf_puts(&h->out, "<ul class=\"stats\">\n");
    for (xmlNode *stat = doc_first(node); stat; stat = doc_next(stat)) {
        if (doc_type(stat) != DOC_STAT)
            continue;
        buf_puts(&h->out, "<li><span class=\"stat-value\">");
        S_inlines(h, doc_child(stat, DOC_VALUE));
        buf_puts(&h->out, "</span> <span class=\"stat-label\">");
        S_inlines(h, doc_child(stat, DOC_LABEL));
        buf_puts(&h->out, "</span></li>\n");
    }
    buf_puts(&h->out, "</ul>\n");
}

static void S_card_link(struct S_html *h, const xmlNode *link)
{
    int absolute;
    char *url = S_href(h, link, doc_attr(link, "href"), &absolute);
    char *text = doc_text(link);
    buf_puts(&h->out, "<p class=\"card-link\">");
    if (url) {
        buf_puts(&h->out, "<a");
        S_attr(h, "href", url);
        buf_puts(&h->out, absolute ? " rel=\"noopener\">" : ">");
        S_escaped(h, *text ? text : url);
        buf_puts(&h->out, "</a>");
    } else {
        S_escaped(h, text);
    }
    buf_puts(&h->out, "</p>\n");
    free(text);
    free(url);
}

static void S_cards(struct S_html *h, const xmlNode *node)
{
    buf_puts(&h->out, "<ul class=\"cards\">\n");
    for (xmlNode *card = doc_first(node); card; card = doc_next(card)) {
        if (doc_type(card) != DOC_CARD)
            continue;
        buf_puts(&h->out, "<li class=\"card\">\n");
        for (xmlNode *c = doc_first(card); c; c = doc_next(c)) {
            if (doc_type(c) == DOC_TITLE)
                S_subheading(h, "card-title", c);
            else if (doc_type(c) == DOC_LINK)
                S_card_link(h, c);
            else
                S_block(h, c);
        }
        buf_puts(&h->out, "</li>\n");
    }
    buf_puts(&h->out, "</ul>\n");
}

static void S_timeline_entry(struct S_html *h, const xmlNode *entry)
{
    buf_puts(&h->out, "<li class=\"entry\"");
    const char *id = doc_attr(entry, "id");
    if (id && *id)
        S_attr(h, "id", id);
    buf_puts(&h->out, ">\n");
    S_subheading(h, "entry-label", doc_child(entry, DOC_LABEL));
    buf_puts(&h->out, "<p class=\"entry-meta\"><span class=\"when\">");
    S_inlines(h, doc_child(entry, DOC_WHEN));
    buf_puts(&h->out, "</span>");
    const xmlNode *tag = doc_child(entry, DOC_TAG);
    if (tag) {
        buf_puts(&h->out, " <span class=\"tag\">");
        S_inlines(h, tag);
        buf_puts(&h->out, "</span>");
    }
    buf_puts(&h->out, "</p>\n");
    for (xmlNode *c = doc_first(entry); c; c = doc_next(c)) {
        enum doc_type t = doc_type(c);
        if (t != DOC_LABEL && t != DOC_WHEN && t != DOC_TAG)
            S_block(h, c);
    }
    buf_puts(&h->out, "</li>\n");
}

static void S_timeline(struct S_html *h, const xmlNode *node)
{
    buf_puts(&h->out, "<ol class=\"timeline\">\n");
    for (xmlNode *entry = doc_first(node); entry; entry = doc_next(entry))
        if (doc_type(entry) == DOC_ENTRY)
            S_timeline_entry(h, entry);
    buf_puts(&h->out, "</ol>\n");
}

/* A quote and who said it. The quotation marks come from the stylesheet,
 * so the words stay as written. */
static void S_quote(struct S_html *h, const xmlNode *node)
{
    const char *style = doc_attr(node, "style");
    buf_printf(&h->out, "<figure class=\"quote %s\">\n<blockquote>\n",
               style && strcmp(style, "testimonial") == 0 ? "testimonial" : "pull");
    for (xmlNode *p = doc_first(node); p; p = doc_next(p))
        if (doc_type(p) == DOC_P)
            S_element(h, "p", NULL, p);
    buf_puts(&h->out, "</blockquote>\n");
    const xmlNode *cite = doc_child(node, DOC_CITE);
    if (cite) {
        buf_puts(&h->out, "<figcaption><span class=\"cite-name\">");
        S_inlines(h, doc_child(cite, DOC_NAME));
        buf_puts(&h->out, "</span>");
        const xmlNode *org = doc_child(cite, DOC_ORG);
        if (org) {
            /* the comma is for text browsers and listeners; CSS sets the
             * organization on a line of its own */
            buf_puts(&h->out, "<span class=\"cite-sep\">, </span><span class=\"cite-org\">");
            S_inlines(h, org);
            buf_puts(&h->out, "</span>");
        }
        buf_puts(&h->out, "</figcaption>\n");
    }
    buf_puts(&h->out, "</figure>\n");
}

static int S_image(struct S_html *h, const xmlNode *image, const char *place);

/* Photographs in a grid, each at its own proportions, its title, when,
 * caption and credit under it; one that was lost is a captioned card, no
 * image invented, its title and when in a frame over the caption. */
static void S_gallery(struct S_html *h, const xmlNode *node)
{
    buf_puts(&h->out, "<ul class=\"gallery\">\n");
    for (xmlNode *photo = doc_first(node); photo; photo = doc_next(photo)) {
        if (doc_type(photo) != DOC_PHOTO)
            continue;
        const xmlNode *image = doc_child(photo, DOC_IMAGE);
        const xmlNode *title = doc_child(photo, DOC_TITLE), *when = doc_child(photo, DOC_WHEN);
        const xmlNode *credit = doc_child(photo, DOC_CREDIT);
        if (!image) {
            buf_puts(&h->out, "<li>\n<figure class=\"photo\">\n");
            /* no title or date: no frame, which would be an empty coloured box */
            if (title || when) {
                buf_puts(&h->out, "<div class=\"photo-frame\">\n");
                if (title)
                    S_element(h, "p", "photo-title", title);
                if (when)
                    S_element(h, "p", "photo-when", when);
                buf_puts(&h->out, "</div>\n");
            }
            S_element(h, "figcaption", NULL, doc_child(photo, DOC_CAPTION));
            buf_puts(&h->out, "</figure>\n</li>\n");
            continue;
        }
        buf_puts(&h->out, "<li>\n<figure class=\"photo pictured\">\n");
        if (S_image(h, image, doc_src(photo)) != 0) {
            buf_puts(&h->out, "</figure>\n</li>\n");
            continue;
        }
        buf_puts(&h->out, "<figcaption>\n");
        if (title)
            S_element(h, "p", "photo-title", title);
        if (when)
            S_element(h, "p", "photo-when", when);
        S_element(h, "p", "photo-caption", doc_child(photo, DOC_CAPTION));
        if (credit)
            S_element(h, "p", "credit", credit);
        buf_puts(&h->out, "</figcaption>\n</figure>\n</li>\n");
    }
    buf_puts(&h->out, "</ul>\n");
}

/* An image's file name as a relative URL: every byte but unreserved
 * ones percent-encoded, so that no name can be read as a fragment, a
 * query or markup. */
static char *S_file_url(const char *name)
{
    struct buf u = {0};
    buf_put(&u, "", 0);
    for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
        if (S_is_alpha((char)*s) || (*s >= '0' && *s <= '9') || strchr("-._~", *s))
            buf_put(&u, (const char *)s, 1);
        else
            buf_printf(&u, "%%%02X", *s);
    }
    return u.data;
}

/* Copies the image beside index.html under its file name, once; two
 * different images with one name are an error. Returns 0 or -1. */
static int S_copy_image(struct S_html *h, const struct asset_image *img, const char *place)
{
    for (size_t i = 0; i < h->copied_count; i++) {
        const char *other = h->copied[i], *slash = strrchr(other, '/');
        if (strcmp(slash ? slash + 1 : other, img->name) != 0)
            continue;
        if (strcmp(other, img->href) == 0)
            return 0;
        diag_add_at(h->diags, DIAG_ERROR, place,
                    "images %s and %s would both be %s beside index.html: rename one", other,
                    img->href, img->name);
        return -1;
    }
    char *target = path_join(h->dir, img->name);
    /* a check writes nothing: the image was read, its name is free */
    int rc = h->stage ? stage_write(h->stage, target, img->data, img->len) : 0;
    if (rc != 0)
        diag_add_at(h->diags, DIAG_ERROR, place, "image %s cannot be copied to %s: %s", img->path,
                    target, io_strerror(errno));
    free(target);
    if (rc == 0) {
        h->copied = xrealloc(h->copied, (h->copied_count + 1) * sizeof *h->copied);
        h->copied[h->copied_count++] = img->href;
    }
    return rc;
}

/* An image: its file copied next to the page, its alternative text and
 * pixel size (the browser reserves its box before it loads: no layout
 * shift), loaded lazily. Errors are at the image's content line, else at
 * `place`; the edition then fails. Returns 0 or -1. */
static int S_image(struct S_html *h, const xmlNode *image, const char *place)
{
    const char *at = doc_attr(image, "src") ? doc_attr(image, "src") : place;
    const char *alt = doc_attr(image, "alt");
    struct asset_image img;
    if (asset_image_open(&img, h->asset_dir, doc_attr(image, "href"), at, h->diags) != 0 ||
        S_copy_image(h, &img, at) != 0) {
        h->failed = 1;
        asset_image_free(&img);
        return -1;
    }
    char *url = S_file_url(img.name);
    buf_puts(&h->out, "<img");
    S_attr(h, "src", url);
    S_attr(h, "alt", alt ? alt : "");
    buf_printf(&h->out, " width=\"%u\" height=\"%u\" loading=\"lazy\" decoding=\"async\">\n",
               img.width, img.height);
    free(url);
    asset_image_free(&img);
    return 0;
}

/* "Figura 4" in bold before a caption. */
static void S_label(struct S_html *h, const xmlNode *node)
{
    const char *label = doc_attr(node, "label");
    if (!label)
        return;
    buf_puts(&h->out, "<span class=\"label\">");
    S_escaped(h, label);
    buf_puts(&h->out, "</span> ");
}

/* The caption (id `id`, or none when NULL); 1 if there is one. */
static int S_figcaption(struct S_html *h, const xmlNode *node, const char *id)
{
    const xmlNode *caption = doc_child(node, DOC_CAPTION), *credit = doc_child(node, DOC_CREDIT);
    if (!caption && !credit && !doc_attr(node, "label"))
        return 0;
    buf_puts(&h->out, "<figcaption");
    if (id)
        S_attr(h, "id", id);
    buf_puts(&h->out, ">");
    S_label(h, node);
    S_inlines(h, caption);
    if (credit) {
        buf_puts(&h->out, " <span class=\"credit\">");
        S_inlines(h, credit);
        buf_puts(&h->out, "</span>");
    }
    buf_puts(&h->out, "</figcaption>\n");
    return 1;
}

static void S_table_rows(struct S_html *h, const xmlNode *head, const xmlNode *body);
static void S_scroll_open(struct S_html *h, const char *label_id);

/* A figure: an image with its caption under it; or its caption, then a
 * grid of text (a diagram) or nothing (a picture that is not available),
 * then its source line. */
static void S_figure(struct S_html *h, const xmlNode *node)
{
    const xmlNode *image = doc_child(node, DOC_IMAGE), *grid = doc_child(node, DOC_GRID);
    const xmlNode *source = doc_child(node, DOC_SOURCE);
    buf_puts(&h->out, "<figure class=\"figure\"");
    if (doc_attr(node, "id"))
        S_attr(h, "id", doc_attr(node, "id"));
    buf_puts(&h->out, ">\n");
    if (!image) {
        char *caption_id = xasprintf("scroll-%d-caption", ++h->scrolls);
        int captioned = S_figcaption(h, node, caption_id);
        if (grid) {
            S_scroll_open(h, captioned ? caption_id : NULL);
            buf_puts(&h->out, "<table class=\"grid\">\n");
            S_table_rows(h, doc_child(grid, DOC_HEAD), doc_child(grid, DOC_BODY));
            buf_puts(&h->out, "</table>\n</div>\n");
        }
        free(caption_id);
        if (source)
            S_element(h, "p", "source", source);
        buf_puts(&h->out, "</figure>\n");
        return;
    }
    if (S_image(h, image, doc_src(node)) == 0)
        S_figcaption(h, node, NULL);
    if (source)
        S_element(h, "p", "source", source);
    buf_puts(&h->out, "</figure>\n");
}

static int S_span(const xmlNode *cell)
{
    const char *span = doc_attr(cell, "span");
    int n = span ? atoi(span) : 1;
    return n > 0 ? n : 1;
}

static int S_is_empty(const xmlNode *cell)
{
    char *text = doc_text(cell);
    const char *s = text;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    int empty = *s == '\0';
    free(text);
    return empty;
}

/* A header cell of a multi-row head, placed on the table's columns. */
struct S_head_cell {
    const xmlNode *cell;
    int row, col, span;
    int rowspan; /* 0: covered by the cell above */
};

/* The head's cells: an empty cell under a cell of the same columns is that
 * cell's continuation (rowspan), so every heading stands over its own
 * columns and no header is empty. Freed by the caller; *count set. */
static struct S_head_cell *S_head_cells(const xmlNode *head, size_t *count)
{
    struct S_head_cell *cells = NULL;
    size_t n = 0;
    int row = 0;
    for (xmlNode *r = doc_first(head); r; r = doc_next(r), row++) {
        int col = 0;
        for (xmlNode *c = doc_first(r); c; c = doc_next(c)) {
            cells = xrealloc(cells, (n + 1) * sizeof *cells);
            cells[n++] = (struct S_head_cell){c, row, col, S_span(c), 1};
            col += S_span(c);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (cells[i].rowspan == 0 || S_is_empty(cells[i].cell))
            continue;
        for (int below = cells[i].row + 1;; below++) {
            size_t k = 0;
            while (k < n && !(cells[k].row == below && cells[k].col == cells[i].col))
                k++;
            if (k == n || cells[k].span != cells[i].span || !S_is_empty(cells[k].cell))
                break;
            cells[k].rowspan = 0;
            cells[i].rowspan++;
        }
    }
    *count = n;
    return cells;
}

/* A table and its caption, label and source line. Header rows become
 * <thead>; a body row's first cell heads its row when the table has more
 * than one column. A header cell left empty is a plain cell. */
static void S_table_row(struct S_html *h, const xmlNode *row, int in_head, int row_heads,
                        const struct S_head_cell *head_cells, size_t head_count)
{
    const char *role = doc_attr(row, "role");
    int subhead = role && strcmp(role, "subhead") == 0;
    if (role && (subhead || strcmp(role, "total") == 0))
        buf_printf(&h->out, "<tr class=\"%s\">", role);
    else
        buf_puts(&h->out, "<tr>");
    int first = 1;
    for (xmlNode *cell = doc_first(row); cell; cell = doc_next(cell), first = 0) {
        int rowspan = 1;
        for (size_t i = 0; i < head_count; i++)
            if (head_cells[i].cell == cell)
                rowspan = head_cells[i].rowspan;
        if (rowspan == 0)
            continue;
        int th = (in_head || subhead || (first && row_heads)) && !S_is_empty(cell);
        const char *align = doc_attr(cell, "align"), *span = doc_attr(cell, "span");
        buf_puts(&h->out, th ? "<th" : "<td");
        if (th)
            S_attr(h, "scope", in_head || subhead ? "col" : "row");
        if (align && strcmp(align, "num") == 0)
            S_attr(h, "class", "num");
        if (span && strcmp(span, "1") != 0)
            S_attr(h, "colspan", span);
        if (rowspan > 1)
            buf_printf(&h->out, " rowspan=\"%d\"", rowspan);
        buf_puts(&h->out, ">");
        S_inlines(h, cell);
        buf_puts(&h->out, th ? "</th>" : "</td>");
    }
    buf_puts(&h->out, "</tr>\n");
}

static void S_table_rows(struct S_html *h, const xmlNode *head, const xmlNode *body)
{
    if (head) {
        size_t count;
        struct S_head_cell *cells = S_head_cells(head, &count);
        buf_puts(&h->out, "<thead>\n");
        for (xmlNode *r = doc_first(head); r; r = doc_next(r))
            S_table_row(h, r, 1, 0, cells, count);
        buf_puts(&h->out, "</thead>\n");
        free(cells);
    }
    int columns = 0;
    for (xmlNode *c = doc_first(doc_first(body)); c; c = doc_next(c))
        columns += S_span(c);
    buf_puts(&h->out, "<tbody>\n");
    for (xmlNode *r = doc_first(body); r; r = doc_next(r))
        S_table_row(h, r, 0, head != NULL && columns > 1, NULL, 0);
    buf_puts(&h->out, "</tbody>\n");
}

/* Opens the box a wide table scrolls in on a narrow screen: it takes the
 * keyboard (arrow keys scroll it) and is a region named by the caption
 * with id `label_id`; without a caption a group named "Table" (a region
 * is a landmark, and landmarks need names of their own). Without a script
 * the page cannot know which tables overflow at the reader's width, so
 * every one gets the box. */
static void S_scroll_open(struct S_html *h, const char *label_id)
{
    buf_puts(&h->out, "<div class=\"scroll\" tabindex=\"0\"");
    if (label_id) {
        S_attr(h, "role", "region");
        S_attr(h, "aria-labelledby", label_id);
    } else {
        S_attr(h, "role", "group");
        S_attr(h, "aria-label", S_word(h, "table"));
    }
    buf_puts(&h->out, ">\n");
}

/* Text widths for a chart's layout, as a browser sets them in the text
 * font: an estimate on the wide side (Noto Sans averages about 0.52 em a
 * character, capitals more), so labels wrap early rather than overflow. */
static double S_chart_measure(void *ctx, const char *text, double size, int bold)
{
    (void)ctx;
    double em = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p & 0xC0) != 0x80)
            em += *p >= 'A' && *p <= 'Z' ? 0.68 : 0.56;
    return em * size * (bold ? 1.06 : 1);
}

/* A chart is laid out twice, in CSS pixels: for a desktop column and for
 * a phone, its labels at the page's small text size (13.6 px) in both, so
 * they are never scaled below 12 px. web.css shows one of the two (and
 * gives each its width: 42rem and 21.25rem); the other is display:none,
 * hidden from assistive technology too. */
#define S_CHART_WIDE_PX 672
#define S_CHART_NARROW_PX 340

/* A table's chart as SVG under it: its title the chart's text
 * alternative, its description the table it draws (just above, with the
 * figures). */
static void S_chart(struct S_html *h, const xmlNode *chart, const xmlNode *table)
{
    static const struct {
        const char *cls;
        double width;
    } variants[] = {{"wide", S_CHART_WIDE_PX}, {"narrow", S_CHART_NARROW_PX}};
    struct doc_chart dc;
    char error[200] = "";
    const struct theme_style *small = theme_style(h->theme, "small");
    const struct theme_style *body = theme_style(h->theme, "body");
    double size = small->size / (body && body->size > 0 ? body->size : 10.5) * S_BODY_REM * 16;
    if (!h->hyph_opened) {
        const xmlNode *root = xmlDocGetRootElement(h->doc);
        const char *locale = root ? doc_attr(root, "locale") : NULL;
        h->hyph = hyphen_open(locale ? locale : h->lang, NULL);
        h->hyph_opened = 1;
    }
    if (doc_chart_read(chart, h->theme, &dc) != 0) {
        snprintf(error, sizeof error, "it has no series or no categories");
        doc_chart_free(&dc);
    } else {
        dc.chart.hyphenate = hyphen_points_cb; /* as print breaks them */
        dc.chart.hyphenate_ctx = h->hyph;
        char ink[8], rule[8], *caption = doc_text(doc_child(table, DOC_CAPTION));
        snprintf(ink, sizeof ink, "#%06x", theme_rgb(h->theme, "ink"));
        snprintf(rule, sizeof rule, "#%06x", theme_rgb(h->theme, "rule"));
        const char *label = doc_attr(table, "label");
        char *desc = xasprintf("%s%s%s", label ? label : "", label ? " " : "", caption);
        struct buf out = {0};
        buf_puts(&out, "<div class=\"chart\">\n");
        for (size_t i = 0; i < 2 && !error[0]; i++) {
            struct chart_drawing d = {0};
            if (chart_layout(&dc.chart, variants[i].width, size, S_chart_measure, NULL, &d, error,
                             sizeof error) != 0)
                break; /* error says why */
            char *svg = chart_svg(&d, dc.palette_names, dc.palette_count, ink, rule,
                                  small->font->family, doc_attr(chart, "alt"), desc);
            buf_printf(&out, "<div class=\"%s\">", variants[i].cls);
            buf_puts(&out, svg);
            buf_puts(&out, "</div>\n");
            free(svg);
            chart_drawing_free(&d);
        }
        buf_puts(&out, "</div>\n");
        if (!error[0])
            buf_puts(&h->out, out.data);
        buf_free(&out);
        free(desc);
        free(caption);
        doc_chart_free(&dc);
    }
    if (error[0]) {
        diag_add_at(h->diags, DIAG_ERROR, doc_src(table), "the table's chart cannot be drawn: %s",
                    error);
        h->failed = 1;
    }
}

static void S_table(struct S_html *h, const xmlNode *table)
{
    const xmlNode *source = doc_child(table, DOC_SOURCE), *caption = doc_child(table, DOC_CAPTION);
    const xmlNode *chart = doc_child(table, DOC_CHART);
    const char *style = doc_attr(table, "style"), *id = doc_attr(table, "id");
    buf_puts(&h->out, style && strcmp(style, "indicator") == 0 ? "<div class=\"table indicator\">\n"
                                                               : "<div class=\"table\">\n");
    int captioned = caption || doc_attr(table, "label");
    char *caption_id = xasprintf("scroll-%d-caption", ++h->scrolls);
    S_scroll_open(h, captioned ? caption_id : NULL);
    buf_puts(&h->out, "<table");
    if (id)
        S_attr(h, "id", id);
    buf_puts(&h->out, ">\n");
    if (captioned) {
        buf_puts(&h->out, "<caption");
        S_attr(h, "id", caption_id);
        buf_puts(&h->out, "><span class=\"caption-text\">");
        S_label(h, table);
        S_inlines(h, caption);
        buf_puts(&h->out, "</span></caption>\n");
    }
    free(caption_id);
    S_table_rows(h, doc_child(table, DOC_HEAD), doc_child(table, DOC_BODY));
    buf_puts(&h->out, "</table>\n</div>\n");
    if (chart)
        S_chart(h, chart, table);
    if (source)
        S_element(h, "p", "source", source);
    buf_puts(&h->out, "</div>\n");
}

/* The footnotes called in a section, after it, each linked back. */
static void S_collect_notes(const xmlNode *node, const xmlNode ***notes, size_t *count)
{
    for (xmlNode *n = doc_first(node); n; n = doc_next(n)) {
        if (doc_type(n) == DOC_NOTE) {
            *notes = xrealloc(*notes, (*count + 1) * sizeof **notes);
            (*notes)[(*count)++] = n;
        }
        S_collect_notes(n, notes, count);
    }
}

/* The notes of a section, labelled with its title ("Notes: II. Method"):
 * each aside is a landmark, and landmarks need names of their own. */
static void S_notes(struct S_html *h, const xmlNode *section)
{
    const xmlNode **notes = NULL;
    size_t count = 0;
    S_collect_notes(section, &notes, &count);
    if (count > 0) {
        char *title = doc_text(doc_child(section, DOC_TITLE));
        char *label =
            *title ? xasprintf("%s: %s", S_word(h, "notes"), title) : xstrdup(S_word(h, "notes"));
        buf_puts(&h->out, "<aside class=\"notes\"");
        S_attr(h, "aria-label", label);
        buf_puts(&h->out, ">\n<ol>\n");
        free(label);
        free(title);
    }
    for (size_t i = 0; i < count; i++) {
        const char *n = doc_attr(notes[i], "n");
        char *id = xasprintf("note-%s", n ? n : "");
        char *back = xasprintf("#note-call-%s", n ? n : "");
        buf_puts(&h->out, "<li");
        S_attr(h, "id", id);
        if (n)
            S_attr(h, "value", n);
        buf_puts(&h->out, ">");
        S_inlines(h, notes[i]);
        buf_puts(&h->out, " <a class=\"back\"");
        S_attr(h, "href", back);
        S_attr(h, "aria-label", S_word(h, "back-to-text"));
        buf_puts(&h->out, ">\xe2\x86\xa9</a></li>\n");
        free(back);
        free(id);
    }
    if (count > 0)
        buf_puts(&h->out, "</ol>\n</aside>\n");
    free(notes);
}

static void S_block(struct S_html *h, const xmlNode *node)
{
    switch (doc_type(node)) {
    case DOC_P:
        S_paragraph(h, node);
        break;
    case DOC_H:
        S_heading(h, node);
        break;
    case DOC_LIST:
        S_list(h, node);
        break;
    case DOC_STATS:
        S_stats(h, node);
        break;
    case DOC_CARDS:
        S_cards(h, node);
        break;
    case DOC_TIMELINE:
        S_timeline(h, node);
        break;
    case DOC_QUOTE:
        S_quote(h, node);
        break;
    case DOC_TABLE:
        S_table(h, node);
        break;
    case DOC_GALLERY:
        S_gallery(h, node);
        break;
    case DOC_FIGURE:
        S_figure(h, node);
        break;
    default:
        diag_add_node(h->diags, DIAG_WARNING, node, "unknown block <%s> left out of the page",
                      (const char *)node->name);
        break;
    }
}

/* ---- the page ---------------------------------------------------------- */

static void S_cover(struct S_html *h, const xmlNode *cover)
{
    buf_puts(&h->out, "<header class=\"cover\">\n");
    for (xmlNode *c = doc_first(cover); c; c = doc_next(c)) {
        switch (doc_type(c)) {
        case DOC_KICKER:
            S_element(h, "p", "kicker", c);
            break;
        case DOC_TITLE:
            S_element(h, "h1", NULL, c);
            break;
        case DOC_SUBTITLE:
            S_element(h, "p", "subtitle", c);
            break;
        case DOC_PERIOD:
            S_element(h, "p", "period", c);
            break;
        case DOC_PUBLISHER:
            S_element(h, "p", "publisher", c);
            break;
        default:
            break;
        }
    }
    buf_puts(&h->out, "</header>\n");
}

static void S_contents(struct S_html *h, const xmlNode *contents)
{
    const char *title = doc_attr(contents, "title");
    buf_puts(&h->out, "<nav class=\"contents\" aria-labelledby=\"contents-title\">\n"
                      "<h2 id=\"contents-title\">");
    S_escaped(h, title && *title ? title : S_word(h, "contents"));
    buf_puts(&h->out, "</h2>\n<ol>\n");
    for (xmlNode *e = doc_first(contents); e; e = doc_next(e)) {
        if (doc_type(e) != DOC_ENTRY)
            continue;
        const char *target = doc_attr(e, "target"), *level = doc_attr(e, "level");
        char *frag = xasprintf("#%s", target ? target : "");
        int absolute;
        char *url = url_safe(frag, &absolute); /* a fragment has no scheme */
        buf_printf(&h->out, "<li class=\"level-%d\"><a", level ? atoi(level) : 1);
        S_attr(h, "href", url ? url : "#");
        buf_puts(&h->out, ">");
        S_inlines(h, e);
        buf_puts(&h->out, "</a></li>\n");
        free(url);
        free(frag);
    }
    buf_puts(&h->out, "</ol>\n</nav>\n");
}

static void S_section(struct S_html *h, const xmlNode *section)
{
    h->sections++;
    const char *given = doc_attr(section, "id");
    char *id = given && *given ? xstrdup(given) : xasprintf("section-%d", h->sections);
    char *title_id = xasprintf("%s-title", id);
    const char *opener = doc_attr(section, "opener");

    buf_puts(&h->out, "<section");
    S_attr(h, "id", id);
    S_attr(h, "class", opener && strcmp(opener, "inline") == 0 ? "inline" : "opener");
    S_attr(h, "aria-labelledby", title_id);
    buf_puts(&h->out, ">\n");
    const xmlNode *kicker = doc_child(section, DOC_KICKER);
    if (kicker)
        S_element(h, "p", "kicker", kicker);
    buf_puts(&h->out, "<h2");
    S_attr(h, "id", title_id);
    buf_puts(&h->out, ">");
    S_inlines(h, doc_child(section, DOC_TITLE));
    buf_puts(&h->out, "</h2>\n");
    h->level = 2;
    for (xmlNode *c = doc_first(section); c; c = doc_next(c))
        if (doc_type(c) != DOC_KICKER && doc_type(c) != DOC_TITLE)
            S_block(h, c);
    S_notes(h, section);
    buf_puts(&h->out, "</section>\n");
    free(title_id);
    free(id);
}

static void S_backcover(struct S_html *h, const xmlNode *back)
{
    buf_puts(&h->out, "<footer class=\"backcover\">\n");
    for (xmlNode *c = doc_first(back); c; c = doc_next(c)) {
        if (doc_type(c) == DOC_TITLE)
            S_element(h, "h2", "closing", c);
        else if (doc_type(c) == DOC_P)
            S_element(h, "p", NULL, c);
    }
    buf_puts(&h->out, "</footer>\n");
}

static void S_meta(struct S_html *h, const char *name, const char *content)
{
    if (!content || !*content)
        return;
    buf_puts(&h->out, "<meta");
    S_attr(h, "name", name);
    S_attr(h, "content", content);
    buf_puts(&h->out, ">\n");
}

static void S_property(struct S_html *h, const char *property, const char *content)
{
    if (!content || !*content)
        return;
    buf_puts(&h->out, "<meta");
    S_attr(h, "property", property);
    S_attr(h, "content", content);
    buf_puts(&h->out, ">\n");
}

/* The words of `node` without its footnotes, appended to `b`. */
static void S_plain(struct buf *b, const xmlNode *node)
{
    for (const xmlNode *n = node ? node->children : NULL; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            buf_puts(b, (const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE && doc_type(n) != DOC_NOTE)
            S_plain(b, n);
    }
}

static const xmlNode *S_first_paragraph(const xmlNode *node)
{
    for (xmlNode *n = doc_first(node); n; n = doc_next(n)) {
        if (doc_type(n) == DOC_P)
            return n;
        const xmlNode *p = S_first_paragraph(n);
        if (p)
            return p;
    }
    return NULL;
}

/* What a search result or a shared link says of the page: the opening
 * paragraph of the sections (every kind opens with what the
 * publication is about), its spaces collapsed, cut after a word within
 * 200 bytes; the info's subject when there is none. malloc'ed. */
static char *S_description(const xmlNode *root)
{
    const xmlNode *p = NULL;
    for (const xmlNode *n = doc_first(root); n && !p; n = doc_next(n))
        if (doc_type(n) == DOC_SECTION)
            p = S_first_paragraph(n);
    if (!p)
        return xstrdup(doc_attr(doc_child(root, DOC_INFO), "subject")
                           ? doc_attr(doc_child(root, DOC_INFO), "subject")
                           : "");
    struct buf text = {0}, out = {0};
    buf_puts(&text, "");
    buf_puts(&out, "");
    S_plain(&text, p);
    for (const char *c = text.data; *c; c++) {
        int space = *c == ' ' || *c == '\n' || *c == '\t' || *c == '\r';
        if (!space)
            buf_put(&out, c, 1);
        else if (out.len > 0 && out.data[out.len - 1] != ' ')
            buf_put(&out, " ", 1);
    }
    while (out.len > 0 && out.data[out.len - 1] == ' ')
        out.data[--out.len] = '\0';
    if (out.len > 200) {
        size_t cut = 200;
        while (cut > 0 && out.data[cut] != ' ')
            cut--;
        while (cut > 0 && strchr(" ,;:", out.data[cut - 1]))
            cut--;
        out.data[cut] = '\0';
        out.len = cut;
        buf_puts(&out, "\xe2\x80\xa6"); /* … */
    }
    buf_free(&text);
    return out.data;
}

/* An alternate's address: where it is published, else its relative href. */
static char *S_alternate_url(struct S_html *h, const xmlNode *alt)
{
    const char *url = doc_attr(alt, "url");
    int absolute;
    return S_href(h, alt, url && *url ? url : doc_attr(alt, "href"), &absolute);
}

static void S_link_alternate(struct S_html *h, const char *hreflang, const char *url)
{
    buf_puts(&h->out, "<link rel=\"alternate\"");
    S_attr(h, "hreflang", hreflang);
    S_attr(h, "href", url);
    buf_puts(&h->out, ">\n");
}

/* Open Graph for a shared link: title, description, type, locale
 * (es_PE) and, when the content states where it is published, the URL. */
static void S_open_graph(struct S_html *h, const xmlNode *root, const char *description)
{
    const xmlNode *info = doc_child(root, DOC_INFO);
    S_property(h, "og:title", doc_attr(info, "title"));
    S_property(h, "og:description", description);
    S_property(h, "og:type", "article");
    const char *locale = doc_attr(root, "locale");
    char *og_locale = xstrdup(locale && *locale ? locale : h->lang ? h->lang : "");
    for (char *c = og_locale; *c; c++)
        if (*c == '-')
            *c = '_';
    S_property(h, "og:locale", og_locale);
    free(og_locale);
    for (xmlNode *alt = doc_first(root); alt; alt = doc_next(alt))
        if (doc_type(alt) == DOC_ALTERNATE && doc_attr(alt, "self") && doc_attr(alt, "url"))
            S_property(h, "og:url", doc_attr(alt, "url"));
}

static void S_head(struct S_html *h, const xmlNode *root, const struct theme *theme)
{
    const xmlNode *info = doc_child(root, DOC_INFO);
    buf_puts(&h->out, "<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>");
    S_escaped(h, doc_attr(info, "title"));
    buf_puts(&h->out, "</title>\n");
    /* a check's page is not read: no need to look for its opening paragraph */
    char *description = h->stage ? S_description(root) : xstrdup("");
    S_meta(h, "description", description);
    S_meta(h, "keywords", doc_attr(info, "keywords"));
    S_meta(h, "author", doc_attr(info, "author"));
    buf_printf(&h->out, "<meta name=\"theme-color\" content=\"#%06x\">\n",
               theme_rgb(theme, "primary"));
    S_open_graph(h, root, description);
    free(description);
    buf_puts(&h->out, "<link rel=\"stylesheet\" href=\"style.css\">\n"
                      "<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">\n");
    /* every edition, this one too, and the source language's as the
     * default for readers of other languages */
    for (xmlNode *alt = doc_first(root); alt; alt = doc_next(alt)) {
        if (doc_type(alt) != DOC_ALTERNATE)
            continue;
        char *url = S_alternate_url(h, alt);
        if (!url)
            continue;
        if (doc_attr(alt, "self") && doc_attr(alt, "url")) {
            buf_puts(&h->out, "<link rel=\"canonical\"");
            S_attr(h, "href", url);
            buf_puts(&h->out, ">\n");
        }
        S_link_alternate(h, doc_attr(alt, "lang"), url);
        if (doc_attr(alt, "default"))
            S_link_alternate(h, "x-default", url);
        free(url);
    }
    buf_puts(&h->out, "</head>\n");
}

/* The bar on top of every page: the short title, the other editions, this
 * edition's PDF (<id>-<lang>.pdf beside index.html). */
static void S_bar(struct S_html *h, const xmlNode *root)
{
    const xmlNode *info = doc_child(root, DOC_INFO);
    const char *short_title = doc_attr(info, "short-title");
    buf_puts(&h->out, "<header class=\"bar\">\n<nav");
    S_attr(h, "aria-label", S_word(h, "editions"));
    buf_puts(&h->out, ">\n<a class=\"bar-title\" href=\"#top\">");
    S_escaped(h, short_title && *short_title ? short_title : doc_attr(info, "title"));
    buf_puts(&h->out, "</a>\n<ul>\n");
    for (xmlNode *alt = doc_first(root); alt; alt = doc_next(alt)) {
        if (doc_type(alt) != DOC_ALTERNATE || doc_attr(alt, "self"))
            continue;
        int absolute;
        char *url = url_safe(doc_attr(alt, "href"), &absolute); /* warned in <head> */
        if (!url)
            continue;
        const char *lang = doc_attr(alt, "lang"), *label = doc_attr(alt, "label");
        buf_puts(&h->out, "<li><a");
        S_attr(h, "href", url);
        S_attr(h, "hreflang", lang);
        S_attr(h, "lang", lang);
        buf_puts(&h->out, ">");
        S_escaped(h, label && *label ? label : lang);
        buf_puts(&h->out, "</a></li>\n");
        free(url);
    }
    const char *id = doc_attr(root, "id");
    char *pdf = xasprintf("%s-%s.pdf", id ? id : "", h->lang ? h->lang : "");
    int absolute;
    char *url = url_safe(pdf, &absolute);
    if (url && !absolute) {
        buf_puts(&h->out, "<li><a class=\"pdf\"");
        S_attr(h, "href", url);
        buf_puts(&h->out, " type=\"application/pdf\">PDF</a></li>\n");
    }
    free(url);
    free(pdf);
    buf_puts(&h->out, "</ul>\n</nav>\n</header>\n");
}

static void S_page(struct S_html *h, const xmlNode *root, const struct theme *theme)
{
    const char *locale = doc_attr(root, "locale");
    buf_puts(&h->out, "<!DOCTYPE html>\n<html");
    S_attr(h, "lang", locale && *locale ? locale : h->lang);
    buf_puts(&h->out, ">\n");
    S_head(h, root, theme);
    buf_puts(&h->out, "<body>\n<a class=\"skip\" href=\"#main\">");
    S_escaped(h, S_word(h, "skip"));
    buf_puts(&h->out, "</a>\n");
    S_bar(h, root);
    buf_puts(&h->out, "<main id=\"main\">\n");
    const xmlNode *back = NULL;
    for (xmlNode *c = doc_first(root); c; c = doc_next(c)) {
        switch (doc_type(c)) {
        case DOC_COVER:
            S_cover(h, c);
            break;
        case DOC_CONTENTS:
            S_contents(h, c);
            break;
        case DOC_SECTION:
            S_section(h, c);
            break;
        case DOC_BACKCOVER:
            back = c;
            break;
        default:
            break;
        }
    }
    buf_puts(&h->out, "</main>\n");
    if (back)
        S_backcover(h, back);
    buf_puts(&h->out, "</body>\n</html>\n");
}

/* ---- style.css and favicon.svg ------------------------------------------ */

/* A CSS number: at most three decimals, no trailing zeros, no locale. */
static void S_number(struct buf *b, double v)
{
    long m = lround(v * 1000);
    buf_printf(b, "%s%ld", m < 0 ? "-" : "", labs(m) / 1000);
    long frac = labs(m) % 1000;
    if (frac) {
        char digits[8];
        snprintf(digits, sizeof digits, "%03ld", frac);
        for (int i = 2; i > 0 && digits[i] == '0'; i--)
            digits[i] = '\0';
        buf_printf(b, ".%s", digits);
    }
}

/* Appends a theme name as a CSS identifier: [a-z0-9_-] only. */
static void S_ident(struct buf *b, const char *name)
{
    for (const char *s = name; *s; s++) {
        char c = *s;
        if (S_is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_')
            buf_put(b, &c, 1);
    }
}

/* A family name quoted for CSS (quotes and backslashes left out). */
static void S_family_name(struct buf *b, const char *family, char quote)
{
    buf_put(b, &quote, 1);
    for (const char *s = family; *s; s++)
        if (*s != '"' && *s != '\'' && *s != '\\' && *s != '<' && *s != '&' &&
            (unsigned char)*s >= 0x20)
            buf_put(b, s, 1);
    buf_put(b, &quote, 1);
}

/* The family name, the theme's fallback family (NULL: none) and generic
 * fallbacks after them, for the text shown before the page's own fonts
 * have loaded or where they lack a glyph. */
static void S_family(struct buf *b, const char *family, const char *fallback, char quote)
{
    S_family_name(b, family, quote);
    if (fallback) {
        buf_puts(b, ", ");
        S_family_name(b, fallback, quote);
    }
    int serif = strstr(family, "Serif") || strstr(family, "Garamond");
    buf_puts(b, serif ? ", Georgia, serif" : ", system-ui, sans-serif");
}

/* ---- dark mode: the theme's colours for a dark screen -------------------- */

static double S_linear(unsigned c)
{
    double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

/* WCAG 2.1 relative luminance and contrast ratio. */
static double S_luminance(unsigned rgb)
{
    return 0.2126 * S_linear(rgb >> 16 & 0xff) + 0.7152 * S_linear(rgb >> 8 & 0xff) +
           0.0722 * S_linear(rgb & 0xff);
}

static double S_contrast(unsigned a, unsigned b)
{
    double la = S_luminance(a), lb = S_luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* a and b mixed, t of b. */
static unsigned S_mix(unsigned a, unsigned b, double t)
{
    unsigned out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
        double ca = a >> shift & 0xff, cb = b >> shift & 0xff;
        out |= (unsigned)lround(ca + (cb - ca) * t) << shift;
    }
    return out;
}

/* The dark-mode value of theme colour `name`: a near-black paper and a
 * tint in the primary's hue, a near-white ink, and every other colour
 * lightened until it reads at 4.5:1 on the tint (the lighter of the two
 * grounds), so text keeps AA contrast on either. Charts keep their
 * colours: they stay on the light paper (--chart-ground). */
static unsigned S_dark(const struct theme *theme, const char *name, unsigned rgb)
{
    unsigned primary = theme_rgb(theme, "primary");
    unsigned paper = S_mix(0x000000, primary, 0.12), tint = S_mix(paper, primary, 0.22);
    if (strcmp(name, "paper") == 0)
        return paper;
    if (strcmp(name, "tint") == 0)
        return tint;
    if (strcmp(name, "ink") == 0)
        return S_mix(0xffffff, primary, 0.06);
    if (strcmp(name, "rule") == 0)
        return S_mix(paper, 0xffffff, 0.28);
    double t = 0;
    unsigned c = rgb;
    while (S_contrast(c, tint) < 4.5 && t < 1) {
        t += 0.02;
        c = S_mix(rgb, 0xffffff, t);
    }
    return c;
}

static char *S_stylesheet(const struct theme *theme, const char *font_faces, const char *rules)
{
    struct buf b = {0};
    buf_puts(&b, "/* Made by folio: the theme's fonts, colours and sizes, then the template's "
                 "rules. */\n");
    buf_puts(&b, font_faces);
    buf_puts(&b, ":root {\n");
    for (size_t i = 0; i < theme->colour_count; i++) {
        buf_puts(&b, "  --");
        S_ident(&b, theme->colours[i].name);
        buf_printf(&b, ": #%06x;\n", theme->colours[i].rgb & 0xffffffu);
    }
    for (size_t i = 0; i < theme->font_count; i++) {
        buf_puts(&b, "  --font-");
        S_ident(&b, theme->fonts[i].role);
        buf_puts(&b, ": ");
        const struct theme_font *fallback = theme->fonts[i].fallback;
        S_family(&b, theme->fonts[i].family, fallback ? fallback->family : NULL, '"');
        buf_puts(&b, ";\n");
    }
    const struct theme_style *body = theme_style(theme, "body");
    double body_size = body && body->size > 0 ? body->size : 10.5;
    for (size_t i = 0; i < theme->style_count; i++) {
        const struct theme_style *s = &theme->styles[i];
        buf_puts(&b, "  --size-");
        S_ident(&b, s->name);
        buf_puts(&b, ": ");
        S_number(&b, s->size / body_size * S_BODY_REM);
        buf_puts(&b, "rem;\n  --leading-");
        S_ident(&b, s->name);
        buf_puts(&b, ": ");
        S_number(&b, s->leading);
        buf_puts(&b, ";\n");
    }
    buf_printf(&b, "  --chart-ground: #%06x;\n", theme_rgb(theme, "paper"));
    buf_puts(
        &b, "  color-scheme: light dark;\n}\n\n@media (prefers-color-scheme: dark) {\n  :root {\n");
    for (size_t i = 0; i < theme->colour_count; i++) {
        if (strncmp(theme->colours[i].name, "chart-", 6) == 0)
            continue;
        buf_puts(&b, "    --");
        S_ident(&b, theme->colours[i].name);
        buf_printf(&b, ": #%06x;\n",
                   S_dark(theme, theme->colours[i].name, theme->colours[i].rgb & 0xffffffu));
    }
    buf_puts(&b, "  }\n}\n\n");
    buf_puts(&b, rules);
    return b.data;
}

/* The first character of `s` (a whole UTF-8 sequence), upper-cased when
 * it is an ASCII letter. */
static void S_initial(struct buf *b, const char *s)
{
    while (*s == ' ')
        s++;
    if (!*s) {
        buf_puts(b, "F");
        return;
    }
    size_t n = 1;
    while (((unsigned char)s[n] & 0xc0) == 0x80)
        n++;
    char *one = xstrndup(s, n);
    if (n == 1 && one[0] >= 'a' && one[0] <= 'z')
        one[0] = (char)(one[0] - 'a' + 'A');
    buf_put_escaped(b, one);
    free(one);
}

/* A rounded square in the primary colour, an accent rule, the initial. */
static char *S_favicon(const xmlNode *root, const struct theme *theme)
{
    const xmlNode *info = doc_child(root, DOC_INFO);
    const char *name = doc_attr(info, "short-title");
    const struct theme_font *font = theme_font(theme, "display");
    if (!font)
        font = theme_font(theme, "text");
    struct buf b = {0};
    buf_printf(&b,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">\n"
               "<rect width=\"64\" height=\"64\" rx=\"14\" fill=\"#%06x\"/>\n"
               "<rect x=\"16\" y=\"47\" width=\"32\" height=\"5\" rx=\"2.5\" fill=\"#%06x\"/>\n"
               "<text x=\"32\" y=\"40\" text-anchor=\"middle\" font-size=\"34\" "
               "font-weight=\"700\" fill=\"#%06x\" font-family=\"",
               theme_rgb(theme, "primary"), theme_rgb(theme, "accent"), theme_rgb(theme, "paper"));
    S_family(&b, font ? font->family : "sans-serif", NULL, '\'');
    buf_puts(&b, "\">");
    S_initial(&b, name && *name ? name : doc_attr(info, "title") ? doc_attr(info, "title") : "");
    buf_puts(&b, "</text>\n</svg>\n");
    return b.data;
}

/* ---- fonts: the theme's faces, subset to the edition, as WOFF2 ---------- */

/* Marks the code points of UTF-8 text in `seen` (0x110000 bits); CSS
 * escapes (\201C) too when `css`. Bytes that are not UTF-8 are skipped. */
static void S_mark_codepoints(unsigned char *seen, const char *text, int css)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        uint32_t cp = *p;
        int n = cp < 0x80 ? 0 : (cp & 0xe0) == 0xc0 ? 1 : (cp & 0xf0) == 0xe0 ? 2 : 3;
        cp &= n == 0 ? 0x7f : n == 1 ? 0x1f : n == 2 ? 0x0f : 0x07;
        int i = 1;
        for (; i <= n && (p[i] & 0xc0) == 0x80; i++)
            cp = cp << 6 | (p[i] & 0x3f);
        if (i <= n || cp > 0x10ffff) {
            p++;
            continue;
        }
        if (css && cp == '\\' && isxdigit(p[1])) {
            char *end;
            unsigned long v = strtoul((const char *)p + 1, &end, 16);
            if (v <= 0x10ffff)
                seen[v >> 3] |= (unsigned char)(1u << (v & 7));
            p = (const unsigned char *)end;
            continue;
        }
        seen[cp >> 3] |= (unsigned char)(1u << (cp & 7));
        p += n + 1;
    }
}

/* The bytes of a font file as the build read them, NULL when it has not
 * (the file is read where it is used). */
static const char *S_font_data(struct font_cache *fonts, const char *path, size_t *len)
{
    struct font_file *f = fonts ? font_cache_file(fonts, path) : NULL;
    *len = f ? f->len : 0;
    return f ? (const char *)f->data : NULL;
}

/* A check's web fonts: each face of the theme's fonts opened as web_font
 * would open it, nothing subset or packed. "" or NULL with an error. */
static char *S_check_fonts(const struct theme *theme, struct font_cache *fonts,
                           struct diag_list *diags)
{
    for (size_t i = 0; i < theme->font_count; i++)
        for (int face = 0; face < FACE_COUNT; face++) {
            const char *path = theme->fonts[i].file[face];
            char error[300];
            if (!path)
                continue;
            struct font_file *file = fonts ? font_cache_file(fonts, path) : NULL;
            if (file && file->web_checked)
                continue;
            if (webfont_check(path, file ? (const char *)file->data : NULL, file ? file->len : 0,
                              error, sizeof error) != 0) {
                diag_add(diags, DIAG_ERROR, path, 0, "web font: %s", error);
                return NULL;
            }
            if (file)
                file->web_checked = 1;
        }
    return xstrdup("");
}

/* Writes each face of the theme's fonts beside index.html as WOFF2 with
 * the characters of the page and its stylesheet (and all of printable
 * ASCII), and returns their @font-face rules (malloc'ed), or NULL with an
 * error. The faces take the theme's family names, so the page looks the
 * same whether or not the reader has Noto; font-display: swap shows the
 * text at once in a fallback while they load. */
static char *S_fonts(const struct theme *theme, const char *page, const char *rules,
                     const char *dir, struct font_cache *fonts, struct stage *stage,
                     struct diag_list *diags)
{
    if (!stage)
        return S_check_fonts(theme, fonts, diags);
    static const char *const weight[FACE_COUNT] = {"400", "700", "400", "700"};
    static const char *const style[FACE_COUNT] = {"normal", "normal", "italic", "italic"};
    unsigned char *seen = xmalloc(0x110000 / 8);
    memset(seen, 0, 0x110000 / 8);
    for (uint32_t c = 0x20; c < 0x7f; c++)
        seen[c >> 3] |= (unsigned char)(1u << (c & 7));
    S_mark_codepoints(seen, page, 0);
    S_mark_codepoints(seen, rules, 1);
    uint32_t *cps = NULL;
    size_t count = 0, cap = 0;
    for (uint32_t byte = 0x20 >> 3; byte < 0x110000 / 8; byte++) {
        if (!seen[byte]) /* most of the 1,114,112 bits: skipped eight at a time */
            continue;
        for (uint32_t c = byte << 3; c < (byte + 1) << 3; c++)
            if (seen[byte] & (1u << (c & 7))) {
                if (count == cap) {
                    cap = cap ? 2 * cap : 256;
                    cps = xrealloc(cps, cap * sizeof *cps);
                }
                cps[count++] = c;
            }
    }
    free(seen);

    struct buf css = {0};
    buf_puts(&css, "");
    int failed = 0;
    char **written = NULL; /* a file may be two faces (a symbols font) */
    size_t written_count = 0;
    for (size_t i = 0; i < theme->font_count && !failed; i++) {
        const struct theme_font *f = &theme->fonts[i];
        for (int face = 0; face < FACE_COUNT && !failed; face++) {
            if (!f->file[face])
                continue;
            const char *slash = strrchr(f->file[face], '/');
            char *name = xstrdup(slash ? slash + 1 : f->file[face]);
            char *dot = strrchr(name, '.');
            if (dot)
                *dot = '\0';
            char *file = xasprintf("%s.woff2", name);
            char *data = NULL, error[300];
            size_t len, w = 0;
            while (w < written_count && strcmp(written[w], file) != 0)
                w++;
            size_t font_len = 0;
            const char *font_data =
                w < written_count ? NULL : S_font_data(fonts, f->file[face], &font_len);
            if (w < written_count) {
                /* already written: only its @font-face */
            } else if (webfont_woff2(f->file[face], font_data, font_len, cps, count, &data, &len,
                                     error, sizeof error) != 0) {
                diag_add(diags, DIAG_ERROR, f->file[face], 0, "web font: %s", error);
                failed = 1;
            } else {
                char *path = path_join(dir, file);
                if (stage_write(stage, path, data, len) != 0) {
                    diag_add(diags, DIAG_ERROR, path, 0, "cannot write: %s", io_strerror(errno));
                    failed = 1;
                }
                free(path);
                free(data);
                written = xrealloc(written, (written_count + 1) * sizeof *written);
                written[written_count++] = xstrdup(file);
            }
            if (!failed) {
                char *url = S_file_url(file);
                buf_puts(&css, "@font-face { font-family: ");
                S_family_name(&css, f->family, '"');
                buf_printf(&css,
                           "; src: url(\"%s\") format(\"woff2\"); font-weight: %s; "
                           "font-style: %s; font-display: swap; }\n",
                           url, weight[face], style[face]);
                free(url);
            }
            free(file);
            free(name);
        }
    }
    for (size_t w = 0; w < written_count; w++)
        free(written[w]);
    free(written);
    free(cps);
    if (failed) {
        buf_free(&css);
        return NULL;
    }
    if (css.len)
        buf_puts(&css, "\n");
    return css.data;
}

/* ---- entry point ------------------------------------------------------- */

static int S_write(struct stage *stage, const char *dir, const char *name, const char *data,
                   struct diag_list *diags)
{
    char *path = path_join(dir, name);
    int rc = stage_write(stage, path, data, strlen(data));
    if (rc != 0)
        diag_add(diags, DIAG_ERROR, path, 0, "cannot write: %s", io_strerror(errno));
    free(path);
    return rc;
}

int html_write(xmlDoc *doc, const struct theme *theme, const char *const *css_paths,
               const char *dir, const char *asset_dir, struct font_cache *fonts,
               struct stage *stage, struct diag_list *diags)
{
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (doc_type(root) != DOC_DOCUMENT) {
        diag_add(diags, DIAG_ERROR, doc && doc->URL ? (const char *)doc->URL : NULL, 0,
                 "HTML: not a document tree (no <document> root)");
        return -1;
    }
    struct buf rules = {0};
    buf_puts(&rules, "");
    for (size_t i = 0; css_paths && css_paths[i]; i++) {
        char *text = file_read(css_paths[i], NULL);
        if (!text) {
            diag_add(diags, DIAG_ERROR, css_paths[i], 0, "cannot read the stylesheet: %s",
                     strerror(errno));
            buf_free(&rules);
            return -1;
        }
        buf_puts(&rules, text);
        free(text);
    }

    struct S_html h = {.doc = doc,
                       .theme = theme,
                       .lang = doc_attr(root, "lang"),
                       .diags = diags,
                       .dir = dir,
                       .asset_dir = asset_dir,
                       .stage = stage};
    S_page(&h, root, theme);
    char *faces = S_fonts(theme, h.out.data, rules.data, dir, fonts, stage, diags);
    char *css = S_stylesheet(theme, faces ? faces : "", rules.data);
    char *icon = S_favicon(root, theme);

    int rc = h.failed || !faces;
    free(faces);
    if (stage) {
        rc |= S_write(stage, dir, "index.html", h.out.data, diags);
        rc |= S_write(stage, dir, "style.css", css, diags);
        rc |= S_write(stage, dir, "favicon.svg", icon, diags);
    }
    buf_free(&h.out);
    free(h.copied);
    hyphen_close(h.hyph);
    free(css);
    free(icon);
    buf_free(&rules);
    return rc ? -1 : 0;
}
