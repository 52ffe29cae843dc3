#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sources.h"
#include "splice.h"
#include "util.h"

/* <dir>/.folio/sources, and the folder <dir>/.folio; malloc'ed. */
static char *S_path(const struct publication *pub, char **folder)
{
    const char *slash = strrchr(pub->path, '/');
    char *dir = slash ? xstrndup(pub->path, (size_t)(slash - pub->path)) : xstrdup(".");
    *folder = path_join(dir, ".folio");
    free(dir);
    return path_join(*folder, "sources");
}

char *sources_text(const xmlNode *node)
{
    xmlChar *s = xmlNodeGetContent(node);
    struct buf b = {0};
    int pending = 0;
    for (const xmlChar *p = s; p && *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            pending = b.len > 0;
            continue;
        }
        if (pending)
            buf_put(&b, " ", 1);
        pending = 0;
        buf_put(&b, (const char *)p, 1);
    }
    xmlFree(s);
    return b.data ? b.data : xstrdup("");
}

static int S_compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int sources_record(const struct publication *pub, xmlNode *const *sources, size_t n,
                   struct diag_list *diags)
{
    char *folder;
    char *path = S_path(pub, &folder);
    char *old = file_read(path, NULL);
    size_t count = 0, cap = n + 16;
    char **lines = xmalloc(cap * sizeof *lines);
    for (char *line = old, *next; line && *line; line = next) {
        next = line + strcspn(line, "\n");
        if (*next)
            *next++ = '\0';
        if (count == cap)
            lines = xrealloc(lines, (cap *= 2) * sizeof *lines);
        if (strlen(line) > 7 && line[6] == '\t')
            lines[count++] = xstrdup(line);
    }
    for (size_t i = 0; i < n; i++) {
        char fingerprint[7];
        check_fingerprint(sources[i], fingerprint);
        char *text = sources_text(sources[i]);
        if (count == cap)
            lines = xrealloc(lines, (cap *= 2) * sizeof *lines);
        lines[count++] = xasprintf("%s\t%s", fingerprint, text);
        free(text);
    }
    /* sorted, one line per fingerprint: the same record whatever the order */
    qsort(lines, count, sizeof *lines, S_compare);
    struct buf out = {0};
    for (size_t i = 0; i < count; i++)
        if (i == 0 || strncmp(lines[i], lines[i - 1], 7) != 0)
            buf_printf(&out, "%s\n", lines[i]);
    for (size_t i = 0; i < count; i++)
        free(lines[i]);
    free(lines);
    int rc = 0;
    if (mkdir_p(folder) != 0 || splice_write_file(path, out.data ? out.data : "", out.len) != 0) {
        diag_add(diags, DIAG_ERROR, path, 0, "cannot write the record of source texts");
        rc = -1;
    }
    buf_free(&out);
    free(old);
    free(path);
    free(folder);
    return rc;
}

char *sources_lookup(const struct publication *pub, const char *fingerprint)
{
    char *folder;
    char *path = S_path(pub, &folder);
    char *text = file_read(path, NULL);
    char *found = NULL;
    size_t flen = strlen(fingerprint);
    for (char *line = text, *next; line && *line && !found; line = next) {
        next = line + strcspn(line, "\n");
        if (*next)
            *next++ = '\0';
        if (strncmp(line, fingerprint, flen) == 0 && line[flen] == '\t')
            found = xstrdup(line + flen + 1);
    }
    free(text);
    free(path);
    free(folder);
    return found;
}
