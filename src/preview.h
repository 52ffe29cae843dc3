/* folio preview: builds a publication into a private folder, serves its
 * web edition on http://127.0.0.1:PORT/ (serve.h), and when a content file
 * or template changes (inotify) rebuilds the edition being looked at, PDF
 * included, and tells the page to reload. A build that fails keeps the last
 * good files; the page then shows the diagnostics with their path:line. */
#ifndef FOLIO_PREVIEW_H
#define FOLIO_PREVIEW_H

#include "build.h"

struct preview_options {
    unsigned short port; /* 0: a free one */
    int quiet;           /* no summary lines */
};

/* Runs until SIGINT or SIGTERM. `opts->out_dir` is where the editions are
 * built (a private temporary folder when NULL). Returns 0 after a clean
 * stop, 1 when the server or the watches cannot be set up (said on stderr). */
int preview_run(const char *pub_dir, const struct build_options *opts,
                const struct preview_options *popts);

#endif
