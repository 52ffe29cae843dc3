#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "check.h"
#include "compose.h"
#include "data.h"
#include "glossary.h"
#include "html.h"
#include "load.h"
#include "localize.h"
#include "pdf.h"
#include "resolve.h"
#include "stage.h"
#include "theme.h"
#include "util.h"

/* <folder of the running program>/FOLIO_RELATIVE_TEMPLATE_DIR, when it holds
 * document.rng: an installed folio finds its templates wherever the prefix
 * is. */
static const char *S_installed_beside_program(void)
{
    static char *dir; /* found once, kept for the process */
    if (dir)
        return dir;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    char *candidate = path_join(exe, FOLIO_RELATIVE_TEMPLATE_DIR);
    char *rng = path_join(candidate, "document.rng");
    struct stat st;
    if (stat(rng, &st) == 0)
        dir = candidate;
    else
        free(candidate);
    free(rng);
    return dir;
}

const char *build_default_template_dir(void)
{
    const char *env = getenv("FOLIO_TEMPLATES");
    if (env && *env)
        return env;
    const char *installed = S_installed_beside_program();
    if (installed)
        return installed;
    struct stat st;
    if (stat(FOLIO_TEMPLATE_DIR "/document.rng", &st) == 0)
        return FOLIO_TEMPLATE_DIR;
    return FOLIO_INSTALLED_TEMPLATE_DIR;
}

/* What every edition of one publication shares. */
struct kind_template {
    struct composer composer;
    struct theme theme;
    char *css_paths[3];      /* web.css, <kind>/html.css, NULL */
    struct font_cache fonts; /* the theme's font files, read once for both writers */
};

static int S_open_template(struct kind_template *t, const char *kind,
                           const struct build_options *opts, struct diag_list *diags)
{
    memset(t, 0, sizeof *t);
    char *kind_dir = path_join(opts->template_dir, kind);
    char *theme_path = path_join(kind_dir, "theme.xml");
    t->css_paths[0] = path_join(opts->template_dir, "web.css");
    t->css_paths[1] = path_join(kind_dir, "html.css");
    int rc = compose_open(&t->composer, opts->template_dir, kind, diags);
    rc |= theme_load(&t->theme, theme_path, opts->font_path, diags);
    for (int i = 0; rc == 0 && t->css_paths[i]; i++)
        if (access(t->css_paths[i], R_OK) != 0) {
            diag_add(diags, DIAG_ERROR, t->css_paths[i], 0,
                     "cannot read the template's stylesheet");
            rc = -1;
        }
    free(theme_path);
    free(kind_dir);
    return rc;
}

static void S_close_template(struct kind_template *t)
{
    compose_close(&t->composer);
    theme_free(&t->theme);
    font_cache_free(&t->fonts);
    free(t->css_paths[0]);
    free(t->css_paths[1]);
}

static void S_add_report(struct layout_reports *reports, const char *id, const char *lang,
                         const struct pdf_layout_report *report)
{
    reports->items = xrealloc(reports->items, (reports->count + 1) * sizeof *reports->items);
    reports->items[reports->count++] = (struct edition_layout){xstrdup(id), xstrdup(lang), *report};
}

void layout_reports_free(struct layout_reports *reports)
{
    for (size_t i = 0; i < reports->count; i++) {
        free(reports->items[i].id);
        free(reports->items[i].lang);
    }
    free(reports->items);
    reports->items = NULL;
    reports->count = 0;
}

/* The publication's folder, where its images are: that of publication.xml;
 * malloc'ed. */
static char *S_source_dir(const struct publication *pub)
{
    const char *slash = strrchr(pub->path, '/');
    return slash ? xstrndup(pub->path, (size_t)(slash - pub->path)) : xstrdup(".");
}

/* Why an output folder cannot be made or locked. */
static const char *S_folder_error(int err)
{
    return err == ELOOP ? "it is a symbolic link (outputs are written only into real folders)"
                        : io_strerror(err);
}

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void build_outputs_free(struct build_outputs *outputs)
{
    for (size_t i = 0; i < outputs->count; i++) {
        free(outputs->items[i].lang);
        free(outputs->items[i].html_path);
        free(outputs->items[i].pdf_path);
    }
    free(outputs->items);
    outputs->items = NULL;
    outputs->count = 0;
}

void build_outputs_print(const struct build_outputs *outputs, FILE *out)
{
    for (size_t i = 0; i < outputs->count; i++) {
        const struct edition_output *o = &outputs->items[i];
        char size[32];
        if (o->pdf_bytes >= 1000000)
            snprintf(size, sizeof size, "%.1f MB", (double)o->pdf_bytes / 1e6);
        else
            snprintf(size, sizeof size, "%lld kB", (o->pdf_bytes + 500) / 1000);
        fprintf(out, "%s  %s  %zu page%s  %s  %.2f s\n", o->html_path, o->pdf_path, o->pages,
                o->pages == 1 ? "" : "s", size, o->seconds);
    }
}

/* The web edition, written on a thread of its own while the PDF is laid
 * out: both writers only read the document tree and the theme, and the
 * font files they share are all read before (see S_build_edition). */
struct html_job {
    xmlDoc *doc;
    struct kind_template *t;
    const char *dir, *source_dir;
    struct stage *stage;
    struct diag_list diags; /* its own, added to the build's before the PDF's */
    int rc;
};

static int S_stage_append(void *file, const void *data, size_t len)
{
    return stage_append(file, data, len);
}

static void *S_write_html(void *arg)
{
    struct html_job *job = arg;
    job->rc = html_write(job->doc, &job->t->theme, (const char *const *)job->t->css_paths, job->dir,
                         job->source_dir, &job->t->fonts, job->stage, &job->diags);
    return NULL;
}

/* Lays out one edition into staged files under <out>/<id>/<lang>/; a
 * check (`stage` NULL) runs the writers without writing anything. Appends
 * what it made to `made`. The `last` edition is made of the content's own
 * tree, not a copy. */
static int S_build_edition(struct publication *pub, const struct edition *edition, int last,
                           struct kind_template *t, const struct build_options *opts,
                           const char *out, struct stage *stage, struct build_outputs *made,
                           struct diag_list *diags)
{
    double start = S_now();
    /* the last edition is made of the content itself: no second copy */
    xmlDoc *content = last ? localize_publication_take(pub, edition->lang, opts->draft, diags)
                           : localize_publication(pub, edition->lang, opts->draft, diags);
    if (!content)
        return -1;
    xmlDoc *doc = compose_document(&t->composer, content, locale_find(edition->locale), diags);
    xmlFreeDoc(content);
    if (!doc || resolve_document(doc, diags) != 0) {
        xmlFreeDoc(doc);
        return -1;
    }
    char *pub_dir = path_join(out, pub->id);
    char *dir = path_join(pub_dir, edition->lang);
    char *source_dir = S_source_dir(pub);
    char *name = xasprintf("%s-%s.pdf", pub->id, edition->lang);
    char *pdf_path = path_join(dir, name);
    int rc = 0;
    if (stage && stage_mkdir(stage, dir) != 0) {
        diag_add(diags, DIAG_ERROR, dir, 0, "cannot create the output folder: %s",
                 S_folder_error(errno));
        rc = -1;
    }
    struct pdf_layout_report report = {0};
    if (rc == 0) {
        /* every font file of the theme in the cache before the threads
         * start: neither adds one while the other looks one up */
        for (size_t i = 0; i < t->theme.font_count; i++)
            for (int face = 0; face < FACE_COUNT; face++)
                if (t->theme.fonts[i].file[face])
                    font_cache_file(&t->fonts, t->theme.fonts[i].file[face]);
        struct html_job html = {doc, t, dir, source_dir, stage, {0}, -1};
        pthread_t thread;
        int threaded = pthread_create(&thread, NULL, S_write_html, &html) == 0;
        if (!threaded)
            S_write_html(&html);
        struct pdf_options pdf_opts = {opts->source_date_epoch, &report, source_dir, &t->fonts};
        struct diag_list pdf_diags = {0};
        struct stage_file pdf = {0};
        struct pdf_sink sink = {S_stage_append, &pdf, pdf_path};
        if (!stage) {
            rc = pdf_render(doc, &t->theme, NULL, &pdf_opts, &pdf_diags);
        } else if (stage_open(stage, pdf_path, &pdf) != 0) {
            diag_add(&pdf_diags, DIAG_ERROR, pdf_path, 0, "cannot write: %s", io_strerror(errno));
            rc = -1;
        } else {
            /* saved straight to its staged file, not held whole in memory */
            rc = pdf_render(doc, &t->theme, &sink, &pdf_opts, &pdf_diags);
            if (stage_close(&pdf, rc == 0) != 0 && rc == 0) {
                diag_add(&pdf_diags, DIAG_ERROR, pdf_path, 0, "cannot write: %s",
                         io_strerror(errno));
                rc = -1;
            }
        }
        if (threaded)
            pthread_join(thread, NULL);
        /* said as a build one writer after the other says it: the web
         * edition's diagnostics, then, if it was written, the PDF's */
        diag_list_append(diags, &html.diags);
        if (html.rc != 0)
            rc = -1;
        else
            diag_list_append(diags, &pdf_diags);
        diag_list_free(&pdf_diags);
        if (rc == 0 && !opts->check_only) {
            made->items = xrealloc(made->items, (made->count + 1) * sizeof *made->items);
            made->items[made->count++] = (struct edition_output){
                xstrdup(edition->lang), path_join(dir, "index.html"), xstrdup(pdf_path),
                report.pages,           (long long)pdf.written,       S_now() - start};
        }
        if (rc == 0 && opts->layout_reports)
            S_add_report(opts->layout_reports, pub->id, edition->lang, &report);
    }
    free(pdf_path);
    free(name);
    free(source_dir);
    free(dir);
    free(pub_dir);
    xmlFreeDoc(doc);
    return rc;
}

int build_publication(const char *dir, const struct build_options *opts, struct diag_list *diags)
{
    struct publication pub;
    if (load_publication(&pub, dir, opts->template_dir, diags) != 0)
        return -1;
    struct kind_template t;
    int rc = S_open_template(&t, pub.kind, opts, diags);
    if (rc == 0)
        rc = check_publication(&pub, opts->draft, diags);
    if (rc == 0)
        rc = data_check(&pub, opts->strict, diags);
    /* terminology is an editor's review: check reports it, a build does not */
    if (rc == 0 && opts->check_only)
        rc = glossary_check_publication(&pub, diags);
    if (rc == 0 && opts->only_lang && !publication_edition(&pub, opts->only_lang)) {
        diag_add(diags, DIAG_ERROR, pub.path, 0, "the publication has no '%s' edition",
                 opts->only_lang);
        rc = -1;
    }
    struct stage stage = {0};
    struct build_outputs made = {0};
    if (rc == 0 && !opts->check_only) {
        /* held until the outputs are in place: two builds into one folder
         * follow one another, and the folder holds one whole build */
        char *pub_out = path_join(opts->out_dir, pub.id);
        if (stage_lock(&stage, pub_out) != 0) {
            diag_add(diags, DIAG_ERROR, pub_out, 0, "cannot use the output folder: %s",
                     S_folder_error(errno));
            rc = -1;
        }
        free(pub_out);
    }
    for (size_t i = 0; rc == 0 && i < pub.edition_count; i++) {
        const struct edition *e = &pub.editions[i];
        if (!opts->only_lang || strcmp(opts->only_lang, e->lang) == 0)
            rc = S_build_edition(&pub, e, opts->only_lang || i + 1 == pub.edition_count, &t, opts,
                                 opts->out_dir, opts->check_only ? NULL : &stage, &made, diags);
    }
    const char *failed = NULL;
    if (rc == 0 && !opts->check_only && stage_commit(&stage, &failed) != 0) {
        diag_add(diags, DIAG_ERROR, failed, 0, "cannot write the output: %s", io_strerror(errno));
        rc = -1;
    }
    /* a failed build leaves nothing, not even a folder it made */
    stage_free(&stage);
    if (rc == 0 && opts->outputs && made.count) {
        /* reported once renamed into place: the build wrote them */
        struct build_outputs *o = opts->outputs;
        o->items = xrealloc(o->items, (o->count + made.count) * sizeof *o->items);
        memcpy(o->items + o->count, made.items, made.count * sizeof *made.items);
        o->count += made.count;
        free(made.items);
    } else {
        build_outputs_free(&made);
    }
    S_close_template(&t);
    publication_free(&pub);
    return rc;
}
