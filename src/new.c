#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

#include "load.h"
#include "new.h"
#include "util.h"

/* `to` as reached from the folder `from`, both absolute: "../a/b.xml". */
static char *S_relative(const char *from, const char *to)
{
    size_t i = 0, cut = 0; /* just after the last '/' both share */
    for (; from[i] && from[i] == to[i]; i++)
        if (from[i] == '/')
            cut = i + 1;
    if (!from[i] && to[i] == '/')
        cut = i + 1;
    struct buf b = {0};
    buf_put(&b, "", 0);
    for (const char *p = from + cut; *p; p++)
        if (p == from + cut || *p == '/')
            buf_puts(&b, "../");
    buf_puts(&b, to + cut);
    return b.data;
}

int new_issue(const char *from_dir, const char *new_dir, const char *template_dir,
              struct diag_list *diags)
{
    struct publication pub;
    if (load_publication(&pub, from_dir, template_dir, diags) != 0)
        return -1;
    char *kind_dir = path_join(template_dir, pub.kind);
    char *xsl = path_join(kind_dir, "new.xsl");
    free(kind_dir);
    struct stat st;
    int rc = -1;
    char *out = path_join(new_dir, "publication.xml"), *tmp = xasprintf("%s.tmp", out);
    char *old = realpath(pub.path, NULL), *dir = NULL, *rel = NULL;
    xsltStylesheetPtr style = NULL;
    xmlDoc *next = NULL;
    if (stat(xsl, &st) != 0)
        diag_add(diags, DIAG_ERROR, pub.path, 0, "a <%s> has no next issue (there is no %s)",
                 pub.kind, xsl);
    else if (stat(new_dir, &st) == 0 || errno != ENOENT)
        diag_add(diags, DIAG_ERROR, new_dir, 0, "already exists: name a new folder");
    else if (mkdir_p(new_dir) != 0 || !(dir = realpath(new_dir, NULL)))
        diag_add(diags, DIAG_ERROR, new_dir, 0, "cannot create the folder");
    else if (!(style = xsltParseStylesheetFile((const xmlChar *)xsl)))
        diag_add(diags, DIAG_ERROR, xsl, 0, "cannot read the template");
    if (dir && style && old) {
        rel = S_relative(dir, old);
        const char *params[] = {"previous", NULL, NULL};
        char *quoted = xasprintf("'%s'", rel);
        params[1] = quoted;
        xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
        xsltTransformContextPtr t = xsltNewTransformContext(style, pub.doc);
        xsltSetCtxtSecurityPrefs(sec, t);
        next = xsltApplyStylesheetUser(style, pub.doc, params, NULL, NULL, t);
        xsltFreeTransformContext(t);
        xsltFreeSecurityPrefs(sec);
        free(quoted);
        if (!next || xsltSaveResultToFilename(tmp, next, style, 0) < 0 || rename(tmp, out) != 0)
            diag_add(diags, DIAG_ERROR, out, 0, "cannot write the new issue");
        else
            rc = 0;
    }
    if (rc != 0 && dir) {
        remove(tmp);
        rmdir(new_dir);
    }
    xmlFreeDoc(next);
    if (style)
        xsltFreeStylesheet(style);
    free(rel);
    free(dir);
    free(old);
    free(tmp);
    free(out);
    free(xsl);
    publication_free(&pub);
    return rc;
}
