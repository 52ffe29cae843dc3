/* i18n_cli: the command line of `folio i18n`, the translators' workflow
 * (status, mark-current, export, import, review): loads the publication,
 * runs the i18n, xliff and review modules, prints what they say. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cli.h"
#include "diag.h"
#include "i18n.h"
#include "i18n_cli.h"
#include "load.h"
#include "review.h"
#include "splice.h"
#include "util.h"
#include "xliff.h"

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
int i18n_cli(int argc, char **argv)
{
    static const struct option options[] = {
        {"lang", required_argument, NULL, 'l'}, {"format", required_argument, NULL, 'f'},
        {"all", no_argument, NULL, 'a'},        {"templates", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},       {"to", required_argument, NULL, 'x'},
        {"out", required_argument, NULL, 'o'},  {NULL, 0, NULL, 0},
    };
    if (argc < 3)
        return cli_usage_error(
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
                return cli_usage_error("--format must be text or json, not '%s'", optarg);
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
                return cli_usage_error("--to must be xliff2 or xliff12, not '%s'", optarg);
            version = strcmp(optarg, "xliff2") == 0 ? XLIFF_2_0 : XLIFF_1_2;
            break;
        case 'h':
            return cli_help();
        default:
            return cli_usage_error("unknown option or missing value in '%s'", argv[optind - 1]);
        }
    }
    if (!template_dir)
        template_dir = build_default_template_dir();
    if (optind >= argc)
        return cli_usage_error("%s", "no publication folder given");
    if (strcmp(sub, "status") == 0)
        return S_i18n_status(argv + optind, argc - optind, lang, json, template_dir);
    if (strcmp(sub, "mark-current") == 0) {
        if (!all && optind + 1 >= argc)
            return cli_usage_error("%s", "mark-current needs --all or the ids of the units");
        if (all && optind + 1 != argc)
            return cli_usage_error("%s", "mark-current takes --all or ids, not both");
        return S_i18n_mark(argv[optind], argv + optind + 1, argc - optind - 1, lang, all,
                           template_dir);
    }
    if (strcmp(sub, "export") == 0) {
        if (!out || optind + 1 != argc)
            return cli_usage_error("%s", "export takes one publication folder and -o FILE");
        return S_i18n_export(argv[optind], lang, version, out, template_dir);
    }
    if (strcmp(sub, "review") == 0) {
        if (optind + 1 != argc)
            return cli_usage_error("%s", "review takes one publication folder");
        return S_i18n_review(argv[optind], lang, out, template_dir);
    }
    if (strcmp(sub, "import") == 0) {
        if (optind + 2 != argc)
            return cli_usage_error("%s", "import takes an XLIFF file and a publication folder");
        return S_i18n_import(argv[optind], argv[optind + 1], template_dir);
    }
    return cli_usage_error("unknown i18n command '%s'", sub);
}
