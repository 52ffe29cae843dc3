/* folio: the command-line tool. Parses arguments, runs the build driver on
 * each publication folder, prints diagnostics, sets the exit code. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cli.h"
#include "diag.h"
#include "new.h"
#include "i18n_cli.h"
#include "preview.h"
#include "spell.h"
#include "stage.h"
#include "version.h"

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
            return cli_usage_error("new: unexpected '%s'", argv[i]);
        else
            dir = argv[i];
    }
    if (!from || !dir)
        return cli_usage_error("%s", "new needs --from PUBLICATION_DIR and NEW_DIR");
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
        return cli_usage_error("%s", "no command given");
    const char *command = argv[1];
    if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0)
        return cli_help();
    if (strcmp(command, "-V") == 0 || strcmp(command, "--version") == 0)
        return S_version();
    if (strcmp(command, "new") == 0)
        return S_new(argc, argv);
    if (strcmp(command, "i18n") == 0)
        return i18n_cli(argc, argv);
    if (strcmp(command, "build") != 0 && strcmp(command, "check") != 0 &&
        strcmp(command, "preview") != 0) {
        if (command[0] == '-')
            return cli_usage_error("unknown option '%s'", command);
        return cli_usage_error("unknown command '%s'", command);
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
                return cli_usage_error("--lang must be es or en, not '%s'", optarg);
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
                return cli_usage_error("--port must be a number from 0 to 65535, not '%s'", optarg);
            popts.port = (unsigned short)port;
            port_given = 1;
            break;
        }
        case 't':
            opts.template_dir = optarg;
            break;
        case 'h':
            return cli_help();
        case 'V':
            return S_version();
        case '?':
            if (optopt)
                return cli_usage_error("option '-%c' is unknown or needs a value",
                                       (const char[]){(char)optopt, '\0'});
            return cli_usage_error("unknown option '%s'", argv[optind - 1]);
        default:
            return cli_usage_error("%s", "bad arguments");
        }
    }
    if (optind >= argc)
        return cli_usage_error("%s", "no publication folder given");
    opts.source_date_epoch = S_source_date_epoch();
    if (opts.source_date_epoch == -2)
        return cli_usage_error("%s", "SOURCE_DATE_EPOCH must be a number of seconds");
    if (!opts.template_dir)
        opts.template_dir = build_default_template_dir();
    if (spelling && !opts.check_only)
        return cli_usage_error("%s", "--spelling is an option of check");
    if (port_given && !preview)
        return cli_usage_error("%s", "--port is an option of preview");
    /* '' would be the current folder's root and / the file system's */
    if (!opts.out_dir[0] || strspn(opts.out_dir, "/") == strlen(opts.out_dir))
        return cli_usage_error("--out must name an output folder, not '%s'", opts.out_dir);
    if (preview) {
        if (optind + 1 != argc)
            return cli_usage_error("%s", "preview takes one publication folder");
        if (opts.only_lang || want_report)
            return cli_usage_error("%s", "preview takes no --lang or --layout-report");
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
