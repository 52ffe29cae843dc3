/* cli: the usage text and the usage errors every command shares. */
#include <stdio.h>

#include "cli.h"

static const char S_usage[] =
    "Usage: folio build [--out DIR] [--lang es|en] [--draft] [--strict] [--quiet] "
    "PUBLICATION_DIR...\n"
    "       folio check [--draft] [--strict] [--spelling] PUBLICATION_DIR...\n"
    "       folio preview [--port N] [--out DIR] [--draft] [--strict] PUBLICATION_DIR\n"
    "       folio i18n status [--lang LANG] [--format text|json] PUBLICATION_DIR...\n"
    "       folio i18n mark-current [--lang LANG] PUBLICATION_DIR (--all | ID...)\n"
    "       folio i18n export [--to xliff2|xliff12] [--lang LANG] PUBLICATION_DIR -o FILE\n"
    "       folio i18n import FILE PUBLICATION_DIR\n"
    "       folio i18n review [--lang LANG] PUBLICATION_DIR [-o FILE]\n"
    "       folio new --from PUBLICATION_DIR NEW_DIR\n"
    "       folio --help | --version\n"
    "\n"
    "Turns bilingual content into HTML and PDF editions.\n"
    "\n"
    "Commands:\n"
    "  build   write out/<id>/<lang>/index.html (with style.css, favicon.svg)\n"
    "          and out/<id>/<lang>/<id>-<lang>.pdf for every edition, and say\n"
    "          what it wrote: one line per edition (paths, pages, PDF size, time)\n"
    "  check   everything build does, writing nothing: reports the same errors\n"
    "  new     start the next issue in NEW_DIR: what carries over kept, the period\n"
    "          advanced, every figure and story a <fill/> that check lists\n"
    "  preview build and serve the web edition on http://127.0.0.1:PORT/, rebuild\n"
    "          the edition being looked at (and its PDF) when a content file or\n"
    "          template changes, and reload the page; errors show in the page\n"
    "  i18n    translators' workflow: status (units translated, missing, outdated;\n"
    "          exit 1 when incomplete), mark-current (record the source version of\n"
    "          reviewed translations), export (XLIFF 2.0 or 1.2 for a translation\n"
    "          tool), import (its translations written back into the content)\n"
    "\n"
    "Options:\n"
    "  -o, --out DIR        output folder (default: out; for preview a private one)\n"
    "  -l, --lang LANG      build only the edition in this language\n"
    "  -d, --draft          build even with missing translations, marking the gaps\n"
    "  -s, --strict         a printed figure that differs from the data is an error\n"
    "      --spelling       check: each language's spelling too (hunspell, words.txt)\n"
    "  -r, --layout-report  print the line-quality report of each PDF edition\n"
    "  -q, --quiet          do not say what was written (diagnostics still are)\n"
    "  -p, --port N         preview's port on 127.0.0.1 (default 8000; 0: a free one)\n"
    "  -t, --templates DIR  template folder (default: $FOLIO_TEMPLATES or the built-in one)\n"
    "  -h, --help           show this help\n"
    "  -V, --version        show the version\n"
    "\n"
    "Environment: SOURCE_DATE_EPOCH sets the PDF dates; FOLIO_FONT_PATH the font folders.\n"
    "Exit status: 0 ok, 1 content errors, 2 usage.\n";

int cli_usage_error(const char *fmt, const char *arg)
{
    fputs("folio: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'folio --help'.\n", stderr);
    return EXIT_USAGE;
}

int cli_help(void)
{
    fputs(S_usage, stdout);
    return EXIT_OK;
}
