/* folio preview: see preview.h. One loop polls the server, the file
 * watches and the signals; a change is rebuilt once the writes that make
 * it have settled, and every page watching the rebuilt edition reloads. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "preview.h"
#include "serve.h"
#include "util.h"

enum {
    S_MAX_VIEWS = 8,     /* editions served */
    S_MAX_WATCHES = 256, /* folders watched */
    S_SETTLE_MS = 10,    /* quiet after a change before rebuilding */
};
#define S_MAX_FILE (256L * 1024 * 1024) /* larger outputs are not served */

/* One edition as served: the folder of its last good build, and the
 * diagnostics of its last build when that one failed. */
struct view {
    char lang[8];
    char *dir;    /* <out>/<id>/<lang>; NULL before a good build */
    char *errors; /* the failed build's diagnostics; NULL when it succeeded */
    unsigned gen; /* counts builds: a page loaded from an older one reloads */
    int stale;    /* sources changed since its last build */
};

struct preview {
    const char *pub_dir;
    struct build_options opts;
    const struct preview_options *popts;
    struct view views[S_MAX_VIEWS];
    size_t view_count;
    char *errors; /* of the last build of every edition, when it failed */
    unsigned gen;
    struct serve server;
    int inotify_fd;
};

static int signal_pipe[2] = {-1, -1};

static void S_on_signal(int sig)
{
    (void)sig;
    int saved = errno;
    if (write(signal_pipe[1], "x", 1) < 0) {
        /* the pipe is full: a stop is already pending */
    }
    errno = saved;
}

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *S_diag_text(const struct diag_list *diags)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return xstrdup("(the diagnostics could not be kept)\n");
    diag_print(diags, f);
    fclose(f);
    return text;
}

static struct view *S_view(struct preview *p, const char *lang, int create)
{
    for (size_t i = 0; i < p->view_count; i++)
        if (strcmp(p->views[i].lang, lang) == 0)
            return &p->views[i];
    size_t len = strlen(lang);
    if (!create || p->view_count == S_MAX_VIEWS || len < 2 || len > 3)
        return NULL;
    for (size_t i = 0; i < len; i++)
        if (lang[i] < 'a' || lang[i] > 'z')
            return NULL;
    struct view *v = &p->views[p->view_count++];
    memset(v, 0, sizeof *v);
    strcpy(v->lang, lang);
    v->stale = 1;
    return v;
}

/* Builds one edition (lang) or all (NULL); says what it wrote and how long
 * the whole rebuild took, and tells the pages watching it to reload. */
static void S_build(struct preview *p, const char *lang)
{
    struct build_options o = p->opts;
    struct build_outputs outputs = {0};
    struct diag_list diags = {0};
    o.only_lang = lang;
    o.outputs = &outputs;
    double start = S_now();
    int rc = build_publication(p->pub_dir, &o, &diags);
    double ms = (S_now() - start) * 1000;
    diag_print(&diags, stderr);
    char *errors = rc == 0 ? NULL : S_diag_text(&diags);
    diag_list_free(&diags);
    if (!lang) {
        free(p->errors);
        p->errors = errors ? xstrdup(errors) : NULL;
        p->gen++;
    }
    for (size_t i = 0; i < outputs.count; i++)
        S_view(p, outputs.items[i].lang, 1);
    for (size_t i = 0; i < p->view_count; i++) {
        struct view *v = &p->views[i];
        if (lang && strcmp(v->lang, lang) != 0)
            continue;
        for (size_t j = 0; j < outputs.count; j++)
            if (strcmp(outputs.items[j].lang, v->lang) == 0) {
                const char *html = outputs.items[j].html_path;
                free(v->dir);
                v->dir = xstrndup(html, (size_t)(strrchr(html, '/') - html));
            }
        free(v->errors);
        v->errors = errors ? xstrdup(errors) : NULL;
        v->stale = 0;
        v->gen++;
        serve_event(&p->server, v->lang, "reload");
    }
    if (!lang)
        serve_event(&p->server, "", "reload");
    free(errors);
    if (!p->popts->quiet) {
        build_outputs_print(&outputs, stdout);
        printf("preview: %s %s in %.0f ms\n", lang ? lang : "every edition",
               rc == 0 ? "rebuilt" : "failed", ms);
        fflush(stdout);
    }
    build_outputs_free(&outputs);
}

/* Sources changed: rebuild now the editions a page is watching, the others
 * when they are asked for. With no edition known yet, rebuild them all. */
static void S_changed(struct preview *p)
{
    int built = 0;
    for (size_t i = 0; i < p->view_count; i++) {
        struct view *v = &p->views[i];
        v->stale = 1;
        if (serve_streams(&p->server, v->lang) > 0) {
            S_build(p, v->lang);
            built = 1;
        }
    }
    if (!built && (p->view_count == 0 || serve_streams(&p->server, "") > 0))
        S_build(p, NULL);
}

/* What a page adds to reload itself: an EventSource on the edition; a page
 * made by an older build than the current one reloads as soon as it
 * connects. */
static void S_reload_script(struct buf *b, const char *tag, unsigned gen)
{
    buf_printf(b,
               "<script>(function(){var s=new EventSource(\"/_folio/events?lang=%s&gen=%u\");"
               "s.onmessage=function(){s.close();location.reload();};})();</script>\n",
               tag, gen);
}

static void S_error_page(struct serve_request *r, const char *what, const char *errors,
                         const char *tag, unsigned gen)
{
    struct buf b = {0};
    buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<title>folio preview: errors</title>\n"
                 "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;"
                 "max-width:60rem;padding:0 1rem}pre{white-space:pre-wrap;background:#fff1b8;"
                 "padding:1rem;border-left:.4rem solid #c0392b}</style>\n</head>\n<body>\n<h1>");
    buf_put_escaped(&b, what);
    buf_puts(&b, " could not be built</h1>\n<p>Correct the content and save: this page "
                 "reloads by itself. The last good output is kept.</p>\n<pre class=\"errors\">");
    buf_put_escaped(&b, errors);
    buf_puts(&b, "</pre>\n");
    S_reload_script(&b, tag, gen);
    buf_puts(&b, "</body>\n</html>\n");
    serve_reply(r, 200, "text/html; charset=utf-8", b.data, b.len);
    buf_free(&b);
}

static const char *S_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {{".html", "text/html; charset=utf-8"},
                 {".css", "text/css; charset=utf-8"},
                 {".svg", "image/svg+xml"},
                 {".pdf", "application/pdf"},
                 {".png", "image/png"},
                 {".jpg", "image/jpeg"},
                 {".jpeg", "image/jpeg"},
                 {".woff2", "font/woff2"}};
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t ext = strlen(types[i].ext);
        if (len > ext && strcmp(name + len - ext, types[i].ext) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

/* A file of the view's last good build; the page gets the reload script. */
static void S_serve_file(struct serve_request *r, const struct view *v, const char *name)
{
    char *path = path_join(v->dir, name);
    struct stat st;
    size_t len = 0;
    char *data = stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= S_MAX_FILE
                     ? file_read(path, &len)
                     : NULL;
    free(path);
    if (!data) {
        serve_reply(r, 404, "text/plain", "not found\n", 10);
        return;
    }
    if (strcmp(name, "index.html") != 0) {
        serve_reply(r, 200, S_type(name), data, len);
        free(data);
        return;
    }
    struct buf page = {0};
    char *body_end = NULL;
    for (char *p = strstr(data, "</body>"); p; p = strstr(p + 1, "</body>"))
        body_end = p;
    size_t head = body_end ? (size_t)(body_end - data) : len;
    buf_put(&page, data, head);
    S_reload_script(&page, v->lang, v->gen);
    buf_put(&page, data + head, len - head);
    serve_reply(r, 200, S_type(name), page.data, page.len);
    buf_free(&page);
    free(data);
}

static void S_handle(void *ctx, struct serve_request *r)
{
    struct preview *p = ctx;
    if (strcmp(r->path, "/_folio/events") == 0) {
        char lang[8], gen[16];
        serve_query_value(r->query, "lang", lang, sizeof lang);
        serve_query_value(r->query, "gen", gen, sizeof gen);
        struct view *v = lang[0] ? S_view(p, lang, 0) : NULL;
        unsigned current = v ? v->gen : p->gen;
        serve_stream(r, v ? v->lang : "");
        if (strtoul(gen, NULL, 10) != current || (!v && p->view_count > 0))
            serve_event(&p->server, v ? v->lang : "", "reload");
        return;
    }
    if (strcmp(r->path, "/") == 0) {
        if (p->view_count > 0) {
            char location[16];
            snprintf(location, sizeof location, "/%s/", p->views[0].lang);
            serve_redirect(r, location);
        } else {
            S_error_page(r, "The publication", p->errors ? p->errors : "(no edition)\n", "",
                         p->gen);
        }
        return;
    }
    /* /<lang>/ or /<lang>/<file> */
    const char *lang_start = r->path + 1;
    const char *slash = strchr(lang_start, '/');
    if (!slash || (size_t)(slash - lang_start) >= 8)
        return; /* not found */
    char lang[8];
    memcpy(lang, lang_start, (size_t)(slash - lang_start));
    lang[slash - lang_start] = '\0';
    const char *name = slash[1] ? slash + 1 : "index.html";
    if (strchr(name, '/'))
        return;
    struct view *v = S_view(p, lang, 1);
    if (!v)
        return;
    if (v->stale)
        S_build(p, v->lang);
    if (v->errors && strcmp(name, "index.html") == 0) {
        char what[32];
        snprintf(what, sizeof what, "The '%s' edition", v->lang);
        S_error_page(r, what, v->errors, v->lang, v->gen);
        return;
    }
    if (v->dir)
        S_serve_file(r, v, name);
}

/* Watches `dir` and the folders under it (a few levels, a bounded number). */
static void S_watch_tree(int fd, const char *dir, int depth, size_t *count)
{
    if (*count >= S_MAX_WATCHES || depth > 4)
        return;
    if (inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE) < 0)
        return;
    (*count)++;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *sub = path_join(dir, e->d_name);
        struct stat st;
        if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            S_watch_tree(fd, sub, depth + 1, count);
        free(sub);
    }
    closedir(d);
}

/* Only files of the kinds a build reads count: editors' swap, backup and
 * temporary files (".x.swp", "x~", "#x#", sed's "sedAb12") do not, so a
 * save that writes a temporary file and renames it is one change, seen
 * when the file is in place. */
static int S_counts(const char *name)
{
    static const char *const kinds[] = {".xml", ".xsl", ".rng",  ".css", ".csv",
                                        ".png", ".jpg", ".jpeg", ".svg"};
    size_t len = strlen(name);
    if (len == 0 || name[0] == '.' || name[0] == '#')
        return 0;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t n = strlen(kinds[i]);
        if (len > n && strcmp(name + len - n, kinds[i]) == 0)
            return 1;
    }
    return 0;
}

/* Reads pending events; 1 when one of them is a change that counts. */
static int S_read_changes(int fd)
{
    _Alignas(struct inotify_event) char buf[8192];
    int changed = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *e = (const struct inotify_event *)p;
            if (e->len > 0 && !(e->mask & IN_ISDIR) && S_counts(e->name))
                changed = 1;
            p += sizeof *e + e->len;
        }
    return changed;
}

static int S_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

int preview_run(const char *pub_dir, const struct build_options *opts,
                const struct preview_options *popts)
{
    static struct preview p; /* the server's buffers are large: not on the stack */
    memset(&p, 0, sizeof p);
    p.pub_dir = pub_dir;
    p.opts = *opts;
    p.popts = popts;
    p.inotify_fd = -1;
    char *private_dir = NULL;
    if (!opts->out_dir) {
        private_dir = temp_dir_make("folio-preview-");
        if (!private_dir) {
            fprintf(stderr, "folio: cannot create a private folder in $TMPDIR or /tmp: %s\n",
                    strerror(errno));
            return 1;
        }
        p.opts.out_dir = private_dir;
    }
    int rc = 1;
    if (serve_open(&p.server, popts->port) != 0) {
        fprintf(stderr, "folio: cannot listen on 127.0.0.1:%u: %s\n", (unsigned)popts->port,
                strerror(errno));
        goto done;
    }
    p.inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    size_t watches = 0;
    if (p.inotify_fd >= 0) {
        S_watch_tree(p.inotify_fd, pub_dir, 0, &watches);
        S_watch_tree(p.inotify_fd, opts->template_dir, 0, &watches);
    }
    if (watches == 0) {
        fprintf(stderr, "folio: cannot watch %s for changes: %s\n", pub_dir, strerror(errno));
        goto done;
    }
    if (pipe(signal_pipe) != 0) {
        fprintf(stderr, "folio: %s\n", strerror(errno));
        goto done;
    }
    struct sigaction sa = {0};
    sa.sa_handler = S_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    S_build(&p, NULL);
    printf("preview: serving http://127.0.0.1:%u/ (Ctrl-C to stop)\n", (unsigned)p.server.port);
    fflush(stdout);

    double settle_at = 0; /* when a pending change is rebuilt; 0: none pending */
    for (;;) {
        struct pollfd fds[SERVE_POLLFDS + 2];
        size_t n = serve_pollfds(&p.server, fds);
        fds[n++] = (struct pollfd){p.inotify_fd, POLLIN, 0};
        fds[n++] = (struct pollfd){signal_pipe[0], POLLIN, 0};
        int timeout = 1000;
        if (settle_at > 0) {
            double wait = (settle_at - S_now()) * 1000;
            timeout = wait < 0 ? 0 : (int)wait + 1;
        }
        if (poll(fds, (nfds_t)n, timeout) < 0 && errno != EINTR)
            break;
        if (fds[n - 1].revents)
            break; /* SIGINT or SIGTERM */
        if (fds[n - 2].revents && S_read_changes(p.inotify_fd))
            settle_at = S_now() + S_SETTLE_MS / 1000.0;
        if (settle_at > 0 && S_now() >= settle_at) {
            settle_at = 0;
            S_changed(&p);
        }
        serve_handle(&p.server, fds, n - 2, S_handle, &p);
    }
    rc = 0;
    if (!popts->quiet)
        printf("preview: stopped\n");
done:
    serve_close(&p.server);
    if (p.inotify_fd >= 0)
        close(p.inotify_fd);
    for (int i = 0; i < 2; i++)
        if (signal_pipe[i] >= 0) {
            close(signal_pipe[i]);
            signal_pipe[i] = -1;
        }
    for (size_t i = 0; i < p.view_count; i++) {
        free(p.views[i].dir);
        free(p.views[i].errors);
    }
    free(p.errors);
    if (private_dir) {
        nftw(private_dir, S_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(private_dir);
    }
    return rc;
}
