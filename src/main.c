/* folio: the command-line tool. Parses arguments, runs the build driver on
 * each publication folder, prints diagnostics, sets the exit code. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "diag.h"
#include "new.h"
#include "i18n.h"
#include "preview.h"
#include "review.h"
#include "spell.h"
#include "splice.h"
#include "stage.h"
#include "version.h"
#include "xliff.h"

enum { EXIT_OK = 0, EXIT_CONTENT = 1, EXIT_USAGE = 2 };

static const char usage[] =
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

/* Two folders of one command that would be the same publication (one id,
 * so the same outputs) are a usage error naming both; -1 then. */
static int S_same_ids(char **dirs, int count)
{
    int rc = 0;
    char **ids = xcalloc((size_t)count, sizeof *ids);
    for (int i = 0; i < count; i++) {
        ids[i] = publication_id_of(dirs[i]);
        for (int j = 0; j < i && rc == 0; j++)
            if (strcmp(ids[i], ids[j]) == 0) {
                fprintf(stderr,
                        "folio: %s and %s are both publication '%s': their outputs would "
                        "overwrite each other\nTry 'folio --help'.\n",
                        dirs[j], dirs[i], ids[i]);
                rc = -1;
            }
    }
    for (int i = 0; i < count; i++)
        free(ids[i]);
    free(ids);
    return rc;
}

/* Loads a publication for the i18n commands, printing its diagnostics. */
static int S_i18n_load(struct publication *pub, const char *dir, const char *template_dir)
{
    struct diag_list diags = {0};
    int rc = load_publication(pub, dir, template_dir, &diags);
    diag_print(&diags, stderr);
    diag_list_free(&diags);
    return rc;
}

/* The target language asked for, or the only one there is; NULL (said on
 * stderr) when it is not an edition's or must be chosen. */
static const char *S_i18n_lang(const struct publication *pub, const char *lang)
{
    const char **langs = i18n_target_languages(pub);
    const char *chosen = NULL;
    for (size_t i = 0; langs[i]; i++)
        if (lang ? strcmp(langs[i], lang) == 0 : !langs[1])
            chosen = langs[i];
    if (!chosen)
        fprintf(stderr, "%s: error: %s\n", pub->path,
                lang ? "no edition in that language is translated from the source"
                     : "several languages: say which with --lang");
    free(langs);
    return chosen;
}

static int S_i18n_status(char **dirs, int count, const char *lang, int json,
                         const char *template_dir)
{
    int incomplete = 0, first = 1;
    if (json)
        fputs("[", stdout);
    for (int d = 0; d < count; d++) {
        struct publication pub;
        if (S_i18n_load(&pub, dirs[d], template_dir) != 0) {
            incomplete = 1;
            continue;
        }
        const char **langs = i18n_target_languages(&pub);
        if (lang && !S_i18n_lang(&pub, lang))
            incomplete = 1;
        for (size_t i = 0; langs[i]; i++) {
            if (lang && strcmp(langs[i], lang) != 0)
                continue;
            struct diag_list diags = {0};
            struct i18n_units units;
            if (i18n_units_collect(&pub, langs[i], &units, &diags) != 0)
                incomplete = 1;
            diag_print(&diags, stderr);
            diag_list_free(&diags);
            struct buf out = {0};
            if (json) {
                if (!first)
                    buf_puts(&out, ",\n");
                i18n_status_json(&pub, &units, &out);
            } else {
                i18n_status_text(&pub, &units, &out);
            }
            first = 0;
            if (out.data)
                fputs(out.data, stdout);
            buf_free(&out);
            incomplete |= !i18n_complete(&units);
            i18n_units_free(&units);
        }
        free(langs);
        publication_free(&pub);
    }
    if (json)
        fputs("]\n", stdout);
    return incomplete ? EXIT_CONTENT : EXIT_OK;
}

static int S_i18n_mark(const char *dir, char **ids, int id_count, const char *lang, int all,
                       const char *template_dir)
{
    struct publication pub;
    if (S_i18n_load(&pub, dir, template_dir) != 0)
        return EXIT_CONTENT;
    int rc = EXIT_CONTENT;
    lang = S_i18n_lang(&pub, lang);
    if (lang) {
        struct diag_list diags = {0};
        size_t marked = 0;
        if (i18n_mark_current(&pub, lang, ids, (size_t)id_count, all, &marked, &diags) == 0) {
            printf("%s: %zu %s translations marked current\n", pub.path, marked, lang);
            rc = EXIT_OK;
        }
        diag_print(&diags, stderr);
        diag_list_free(&diags);
    }
    publication_free(&pub);
    return rc;
}

static int S_i18n_export(const char *dir, const char *lang, enum xliff_version version,
                         const char *file, const char *template_dir)
{
    struct publication pub;
    if (S_i18n_load(&pub, dir, template_dir) != 0)
        return EXIT_CONTENT;
    int rc = EXIT_CONTENT;
    lang = S_i18n_lang(&pub, lang);
    struct diag_list diags = {0};
    struct buf out = {0};
    if (lang && xliff_export(&pub, lang, version, &out, &diags) == 0) {
        if (strcmp(file, "-") == 0 ? fwrite(out.data, 1, out.len, stdout) == out.len
                                   : splice_write_file(file, out.data, out.len) == 0)
            rc = EXIT_OK;
        else
            fprintf(stderr, "%s: error: cannot write it: %s\n", file, strerror(errno));
    }
    diag_print(&diags, stderr);
    diag_list_free(&diags);
    buf_free(&out);
    publication_free(&pub);
    return rc;
}

static int S_i18n_import(const char *file, const char *dir, const char *template_dir)
{
    struct publication pub;
    if (S_i18n_load(&pub, dir, template_dir) != 0)
        return EXIT_CONTENT;
    struct diag_list diags = {0};
    struct xliff_import_result r;
    int rc = xliff_import(file, &pub, &r, &diags);
    diag_print(&diags, stderr);
    diag_list_free(&diags);
    if (rc == 0)
        printf("%s: %zu units read, %zu translations written, %zu marked current, %zu not "
               "applied (source changed), %zu not applied (not confirmed)\n",
               pub.path, r.units, r.changed, r.marked, r.conflicts, r.unconfirmed);
    else
        fprintf(stderr, "%s: nothing written\n", pub.path);
    publication_free(&pub);
    return rc == 0 ? EXIT_OK : EXIT_CONTENT;
}

/* check --spelling: the words each language's dictionary and the word
 * lists do not know, as warnings; the counts on stdout. */
static int S_spelling(const char *dir, const char *template_dir, struct diag_list *diags)
{
    struct publication pub;
    if (load_publication(&pub, dir, template_dir, diags) != 0)
        return -1;
    struct spell_report report = {0};
    int rc = spell_check_publication(&pub, &report, diags);
    struct buf out = {0};
    spell_report_print(&pub, &report, &out);
    if (out.data)
        fputs(out.data, stdout);
    buf_free(&out);
    spell_report_free(&report);
    publication_free(&pub);
    return rc;
}

/* The review page of a translation: to FILE, or out/<id>/review-<lang>.html. */
static int S_i18n_review(const char *dir, const char *lang, const char *file,
                         const char *template_dir)
{
    struct publication pub;
    if (S_i18n_load(&pub, dir, template_dir) != 0)
        return EXIT_CONTENT;
    int rc = EXIT_CONTENT;
    lang = S_i18n_lang(&pub, lang);
    struct diag_list diags = {0};
    struct buf out = {0};
    char *path = !lang  ? NULL
                 : file ? xstrdup(file)
                        : xasprintf("out/%s/review-%s.html", pub.id, lang);
    char *slash = path ? strrchr(path, '/') : NULL;
    if (lang && review_write(&pub, lang, &out, &diags) == 0) {
        if (slash)
            *slash = '\0';
        int made = !slash || mkdir_p(path) == 0;
        if (slash)
            *slash = '/';
        if (made && splice_write_file(path, out.data, out.len) == 0) {
            printf("%s\n", path);
            rc = EXIT_OK;
        } else {
            fprintf(stderr, "%s: error: cannot write it: %s\n", path, strerror(errno));
        }
    }
    diag_print(&diags, stderr);
    diag_list_free(&diags);
    buf_free(&out);
    free(path);
    publication_free(&pub);
    return rc;
}

/* folio i18n COMMAND ...: the translators' workflow. */
static int S_i18n(int argc, char **argv)
{
    static const struct option options[] = {
        {"lang", required_argument, NULL, 'l'}, {"format", required_argument, NULL, 'f'},
        {"all", no_argument, NULL, 'a'},        {"templates", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},       {"to", required_argument, NULL, 'x'},
        {"out", required_argument, NULL, 'o'},  {NULL, 0, NULL, 0},
    };
    if (argc < 3)
        return S_usage_error(
            "%s", "i18n needs a command: status, mark-current, export, import or review");
    const char *sub = argv[2];
    const char *lang = NULL, *template_dir = NULL;
    const char *out = NULL;
    enum xliff_version version = XLIFF_2_0;
    int json = 0, all = 0, c;
    opterr = 0;
    optind = 3;
    while ((c = getopt_long(argc, argv, "l:f:at:ho:x:", options, NULL)) != -1) {
        switch (c) {
        case 'l':
            lang = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
                return S_usage_error("--format must be text or json, not '%s'", optarg);
            json = strcmp(optarg, "json") == 0;
            break;
        case 'a':
            all = 1;
            break;
        case 't':
            template_dir = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'x':
            if (strcmp(optarg, "xliff2") != 0 && strcmp(optarg, "xliff12") != 0)
                return S_usage_error("--to must be xliff2 or xliff12, not '%s'", optarg);
            version = strcmp(optarg, "xliff2") == 0 ? XLIFF_2_0 : XLIFF_1_2;
            break;
        case 'h':
            return S_help();
        default:
            return S_usage_error("unknown option or missing value in '%s'", argv[optind - 1]);
        }
    }
    if (!template_dir)
        template_dir = build_default_template_dir();
    if (optind >= argc)
        return S_usage_error("%s", "no publication folder given");
    if (strcmp(sub, "status") == 0)
        return S_i18n_status(argv + optind, argc - optind, lang, json, template_dir);
    if (strcmp(sub, "mark-current") == 0) {
        if (!all && optind + 1 >= argc)
            return S_usage_error("%s", "mark-current needs --all or the ids of the units");
        if (all && optind + 1 != argc)
            return S_usage_error("%s", "mark-current takes --all or ids, not both");
        return S_i18n_mark(argv[optind], argv + optind + 1, argc - optind - 1, lang, all,
                           template_dir);
    }
    if (strcmp(sub, "export") == 0) {
        if (!out || optind + 1 != argc)
            return S_usage_error("%s", "export takes one publication folder and -o FILE");
        return S_i18n_export(argv[optind], lang, version, out, template_dir);
    }
    if (strcmp(sub, "review") == 0) {
        if (optind + 1 != argc)
            return S_usage_error("%s", "review takes one publication folder");
        return S_i18n_review(argv[optind], lang, out, template_dir);
    }
    if (strcmp(sub, "import") == 0) {
        if (optind + 2 != argc)
            return S_usage_error("%s", "import takes an XLIFF file and a publication folder");
        return S_i18n_import(argv[optind], argv[optind + 1], template_dir);
    }
    return S_usage_error("unknown i18n command '%s'", sub);
}

/* folio new --from OLD NEW */
static int S_new(int argc, char **argv)
{
    const char *from = NULL, *dir = NULL, *templates = NULL;
    for (int i = 2; i < argc; i++) {
        const char **opt = strcmp(argv[i], "--from") == 0        ? &from
                           : strcmp(argv[i], "--templates") == 0 ? &templates
                                                                 : NULL;
        if (opt && i + 1 < argc)
            *opt = argv[++i];
        else if (argv[i][0] == '-' || dir)
            return S_usage_error("new: unexpected '%s'", argv[i]);
        else
            dir = argv[i];
    }
    if (!from || !dir)
        return S_usage_error("%s", "new needs --from PUBLICATION_DIR and NEW_DIR");
    struct diag_list diags = {0};
    int rc = new_issue(from, dir, templates ? templates : build_default_template_dir(), &diags);
    diag_print(&diags, stderr);
    diag_list_free(&diags);
    if (rc == 0)
        printf("%s/publication.xml\n", dir);
    return rc == 0 ? EXIT_OK : EXIT_CONTENT;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"out", required_argument, NULL, 'o'},       {"lang", required_argument, NULL, 'l'},
        {"draft", no_argument, NULL, 'd'},           {"layout-report", no_argument, NULL, 'r'},
        {"templates", required_argument, NULL, 't'}, {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},         {"strict", no_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},           {"port", required_argument, NULL, 'p'},
        {"spelling", no_argument, NULL, 'w'},        {NULL, 0, NULL, 0},
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
    if (strcmp(command, "new") == 0)
        return S_new(argc, argv);
    if (strcmp(command, "i18n") == 0)
        return S_i18n(argc, argv);
    if (strcmp(command, "build") != 0 && strcmp(command, "check") != 0 &&
        strcmp(command, "preview") != 0) {
        if (command[0] == '-')
            return S_usage_error("unknown option '%s'", command);
        return S_usage_error("unknown command '%s'", command);
    }
    opts.check_only = strcmp(command, "check") == 0;
    int preview = strcmp(command, "preview") == 0;
    int c, want_report = 0, quiet = 0, out_given = 0, port_given = 0, spelling = 0;
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
        case 'w':
            spelling = 1;
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
    if (spelling && !opts.check_only)
        return S_usage_error("%s", "--spelling is an option of check");
    if (port_given && !preview)
        return S_usage_error("%s", "--port is an option of preview");
    /* '' would be the current folder's root and / the file system's */
    if (!opts.out_dir[0] || strspn(opts.out_dir, "/") == strlen(opts.out_dir))
        return S_usage_error("--out must name an output folder, not '%s'", opts.out_dir);
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

    if (S_same_ids(argv + optind, argc - optind) != 0)
        return EXIT_USAGE;
    stage_remove_on_signals();

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
        if (spelling)
            failed |= S_spelling(argv[i], opts.template_dir, &diags) != 0;
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
