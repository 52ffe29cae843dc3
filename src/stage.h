/* Staged outputs: every file of a build is written to a temporary file
 * beside its final name, and renamed into place only when the whole build
 * succeeded, so a failed or interrupted build leaves the previous outputs
 * as they were.
 *
 * A temporary is created exclusively (O_EXCL|O_NOFOLLOW) under a name no
 * other build uses (".<name>.<pid>-<n>.folio-tmp"), written, flushed to
 * disk (fsync) and its size checked before it counts as made; renaming
 * replaces whatever the final name was, a symbolic link included, and never
 * writes through it. A publication's output folder is locked (flock) from
 * the first file staged to the commit, so two builds into one folder
 * follow one another. */
#ifndef FOLIO_STAGE_H
#define FOLIO_STAGE_H

#include <stddef.h>

struct stage {
    char **finals;
    char **temps;
    size_t count;
    size_t cap;
    char **made_dirs; /* folders this build created, outermost first */
    size_t made_count;
    int lock_fd; /* the locked output folder, when `locked` */
    int locked;
};

/* Makes (when missing) and locks the output folder `dir`, waiting while
 * another build holds it; `dir` must be a folder, not a symbolic link.
 * Returns 0, or -1 with errno set (ELOOP for a link, ENOTDIR). */
int stage_lock(struct stage *stage, const char *dir);

/* Makes the folder `dir` and the missing folders above it, recording the
 * ones it made so a failed build removes them; a symbolic link there is
 * refused (ELOOP). 0, or -1 with errno set. */
int stage_mkdir(struct stage *stage, const char *dir);

/* Writes `data` to a new temporary file for `final_path`, whose folder
 * must exist. 0 once the bytes are on disk; -1 with errno set (ENOSPC when
 * the disk is full), nothing left behind. Two threads may stage files of
 * one stage at once. */
int stage_write(struct stage *stage, const char *final_path, const void *data, size_t len);

/* A file staged in pieces, for an output too large to hold twice. */
struct stage_file {
    struct stage *stage;
    size_t index; /* in the stage's lists */
    int fd;
    size_t written;
};

/* stage_write in three steps: the temporary made (0, or -1 with errno),
 * bytes appended to it (0, or -1 with errno), and closed: with `ok` 0 when
 * the caller gave up on it, or when it is not on disk whole, it is removed
 * and -1 returned (errno set); 0 when it counts as made. */
int stage_open(struct stage *stage, const char *final_path, struct stage_file *file);
int stage_append(struct stage_file *file, const void *data, size_t len);
int stage_close(struct stage_file *file, int ok);

/* Renames every staged file into place, with SIGINT and SIGTERM held off
 * so that an interruption leaves all of the build or none. On failure
 * returns -1 and sets *failed to the final path that could not be written. */
int stage_commit(struct stage *stage, const char **failed);

/* Removes the temporary files not committed and the folders the build
 * made that are left empty, and releases the lock. */
void stage_discard(struct stage *stage);

void stage_free(struct stage *stage);

/* On SIGINT or SIGTERM, the temporaries of every stage not yet committed
 * and the folders they made are removed, then the process dies of the
 * signal as it would have. */
void stage_remove_on_signals(void);

#endif
