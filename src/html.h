/* The HTML edition: a plain walk of the document tree (templates/document.rng)
 * into semantic HTML5, with a stylesheet made of the theme's values and the
 * template's rules, and a favicon in the theme's colours. No scripts, no
 * web fonts. */
#ifndef FOLIO_HTML_H
#define FOLIO_HTML_H

#include <libxml/tree.h>

#include "diag.h"
#include "fontfile.h"
#include "stage.h"
#include "theme.h"

/* Writes the HTML edition of document tree `doc` into directory `dir` (which
 * exists): index.html, style.css, favicon.svg and the web fonts, each
 * through stage_write(stage, "<dir>/<name>", …).
 *
 * The images of figures are read from `asset_dir` (the publication folder;
 * NULL when there is none: a figure is then an error) and copied beside
 * index.html under their file name: "photos/x.png" becomes "<dir>/x.png"
 * (two different images with the same file name are an error). Their hrefs
 * are checked as asset.h says.
 *
 * style.css is the theme's values as CSS custom properties (:root {
 * --primary: #5b2a6e; ... --font-text: "Noto Sans", ...; sizes ...})
 * followed by the rules of each file of css_paths (NULL-terminated:
 * templates/web.css, then templates/<kind>/html.css), which use only
 * var(--...) for colours, fonts and sizes: a colour is written only in
 * theme.xml.
 *
 * Links other than http:, https:, mailto: and relative ones are dropped
 * (their text is kept) with a warning. The output depends only on the
 * inputs: two runs give the same bytes.
 *
 * The font files come from `fonts`, the build's, read once for every
 * edition (NULL: each is read here).
 *
 * With `stage` NULL (`folio check`) nothing is written and no web font
 * is made: the page is walked for its warnings and errors, the images
 * read, each font file subset once for no character (webfont_check).
 *
 * Returns 0, or -1 with diagnostics appended. */
int html_write(xmlDoc *doc, const struct theme *theme, const char *const *css_paths,
               const char *dir, const char *asset_dir, struct font_cache *fonts,
               struct stage *stage, struct diag_list *diags);

#endif
