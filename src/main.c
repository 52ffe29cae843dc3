/* folio: the command-line tool. Parses arguments, runs the build driver on
 * each publication folder, prints diagnostics, sets the exit code. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "preview.h"
#include "version.h"

enum { EXIT_OK = 0, EXIT_CONTENT = 1, EXIT_USAGE = 2 };

static const char usage[] =
    "Usage: folio build [--out DIR] [--lang es|en] [--draft] [--strict] [--quiet] "
    "PUBLICATION_DIR...\n"
    "       folio check [--draft] [--strict] PUBLICATION_DIR...\n"
    "       folio preview [--port N] [--out DIR] [--draft] [--strict] PUBLICATION_DIR\n"
    "       folio --help | --version\n"
    "\n"
    "Turns bilingual content into HTML and PDF editions.\n"
    "\n"
    "Commands:\n"
    "  build   write out/<id>/<lang>/index.html (with style.css, favicon.svg)\n"
    "          and out/<id>/<lang>/<id>-<lang>.pdf for every edition, and say\n"
    "          what it wrote: one line per edition (paths, pages, PDF size, time)\n"
    "  check   everything build does, writing nothing: reports the same errors\n"
    "  preview build and serve the web edition on http://127.0.0.1:PORT/, rebuild\n"
    "          the edition being looked at (and its PDF) when a content file or\n"
    "          template changes, and reload the page; errors show in the page\n"
    "\n"
    "Options:\n"
    "  -o, --out DIR        output folder (default: out; for preview a private one)\n"
    "  -l, --lang LANG      build only the edition in this language\n"
    "  -d, --draft          build even with missing translations, marking the gaps\n"
    "  -s, --strict         a printed figure that differs from the data is an error\n"
    "  -r, --layout-report  print the line-quality report of each PDF edition\n"
    "  -q, --quiet          do not say what was written (diagnostics still are)\n"
    "  -p, --port N         preview's port on 127.0.0.1 (default 8000; 0: a free one)\n"
    "  -t, --templates DIR  template folder (default: $FOLIO_TEMPLATES or the built-in one)\n"
    "  -h, --help           show this help\n"
    "  -V, --version        show the version\n"
    "\n"
    "Environment: SOURCE_DATE_EPOCH sets the PDF dates; FOLIO_FONT_PATH the font folders.\n"
    "Exit status: 0 ok, 1 content errors, 2 usage.\n";

static int S_usage_error(const char *fmt, const char *arg)
{
    fputs("folio: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'folio --help'.\n", stderr);
    return EXIT_USAGE;
}

static int S_help(void)
{
    fputs(usage, stdout);
    return EXIT_OK;
}

static int S_version(void)
{
    printf("folio %s\n", FOLIO_VERSION);
    return EXIT_OK;
}

static void S_print_reports(const struct layout_reports *reports)
{
    printf("%-28s %-4s %5s %6s %6s %6s %6s %8s %6s %7s\n", "publication", "lang", "pages", "lines",
           "worst", "mean", "hyph", "overfull", "widows", "orphans");
    for (size_t i = 0; i < reports->count; i++) {
        const struct edition_layout *e = &reports->items[i];
        const struct pdf_layout_report *r = &e->report;
        double mean = r->ratio_lines ? r->ratio_sum / (double)r->ratio_lines : 0;
        printf("%-28s %-4s %5zu %6zu %6.2f %6.2f %6zu %8zu %6zu %7zu\n", e->id, e->lang, r->pages,
               r->lines, r->worst_ratio, mean, r->hyphenated, r->overfull, r->widows, r->orphans);
    }
}

/* SOURCE_DATE_EPOCH as seconds; -1 when unset, -2 when malformed. */
static long long S_source_date_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 0 || v > 253402300799LL) /* up to 9999-12-31 */
        return -2;
    return v;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"out", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"draft", no_argument, NULL, 'd'},
        {"layout-report", no_argument, NULL, 'r'},
        {"templates", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"strict", no_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},
        {"port", required_argument, NULL, 'p'},
        {NULL, 0, NULL, 0},
    };
    struct build_options opts = {
        .out_dir = "out",
        .template_dir = NULL,
        .font_path = getenv("FOLIO_FONT_PATH"),
    };
    if (argc < 2)
        return S_usage_error("%s", "no command given");
    const char *command = argv[1];
    if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0)
        return S_help();
    if (strcmp(command, "-V") == 0 || strcmp(command, "--version") == 0)
        return S_version();
    if (strcmp(command, "build") != 0 && strcmp(command, "check") != 0 &&
        strcmp(command, "preview") != 0) {
        if (command[0] == '-')
            return S_usage_error("unknown option '%s'", command);
        return S_usage_error("unknown command '%s'", command);
    }
    opts.check_only = strcmp(command, "check") == 0;
    int preview = strcmp(command, "preview") == 0;
    int c, want_report = 0, quiet = 0, out_given = 0, port_given = 0;
    struct preview_options popts = {.port = 8000};
    opterr = 0;
    optind = 2;
    while ((c = getopt_long(argc, argv, "o:l:dsrqp:t:hV", options, NULL)) != -1) {
        switch (c) {
        case 'o':
            opts.out_dir = optarg;
            out_given = 1;
            break;
        case 'l':
            if (strcmp(optarg, "es") != 0 && strcmp(optarg, "en") != 0)
                return S_usage_error("--lang must be es or en, not '%s'", optarg);
            opts.only_lang = optarg;
            break;
        case 'd':
            opts.draft = 1;
            break;
        case 's':
            opts.strict = 1;
            break;
        case 'r':
            want_report = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'p': {
            char *end;
            errno = 0;
            long port = strtol(optarg, &end, 10);
            if (errno || *end || !*optarg || port < 0 || port > 65535)
                return S_usage_error("--port must be a number from 0 to 65535, not '%s'", optarg);
            popts.port = (unsigned short)port;
            port_given = 1;
            break;
        }
        case 't':
            opts.template_dir = optarg;
            break;
        case 'h':
            return S_help();
        case 'V':
            return S_version();
        case '?':
            if (optopt)
                return S_usage_error("option '-%c' is unknown or needs a value",
                                     (const char[]){(char)optopt, '\0'});
            return S_usage_error("unknown option '%s'", argv[optind - 1]);
        default:
            return S_usage_error("%s", "bad arguments");
        }
    }
    if (optind >= argc)
        return S_usage_error("%s", "no publication folder given");
    opts.source_date_epoch = S_source_date_epoch();
    if (opts.source_date_epoch == -2)
        return S_usage_error("%s", "SOURCE_DATE_EPOCH must be a number of seconds");
    if (!opts.template_dir)
        opts.template_dir = build_default_template_dir();
    if (port_given && !preview)
        return S_usage_error("%s", "--port is an option of preview");
    if (preview) {
        if (optind + 1 != argc)
            return S_usage_error("%s", "preview takes one publication folder");
        if (opts.only_lang || want_report)
            return S_usage_error("%s", "preview takes no --lang or --layout-report");
        popts.quiet = quiet;
        if (!out_given)
            opts.out_dir = NULL;
        return preview_run(argv[optind], &opts, &popts) == 0 ? EXIT_OK : EXIT_CONTENT;
    }

    struct layout_reports reports = {0};
    if (want_report)
        opts.layout_reports = &reports;
    struct build_outputs outputs = {0};
    if (!quiet)
        opts.outputs = &outputs;
    int failed = 0;
    for (int i = optind; i < argc; i++) {
        struct diag_list diags = {0};
        if (build_publication(argv[i], &opts, &diags) != 0)
            failed = 1;
        diag_print(&diags, stderr);
        diag_list_free(&diags);
        /* said after the diagnostics, so the last lines are what was made */
        build_outputs_print(&outputs, stdout);
        fflush(stdout);
        build_outputs_free(&outputs);
    }
    if (want_report)
        S_print_reports(&reports);
    layout_reports_free(&reports);
    return failed ? EXIT_CONTENT : EXIT_OK;
}
