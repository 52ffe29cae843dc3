/* Staged outputs: every file of a build is written to a temporary name
 * beside its final one, and renamed into place only when the whole build
 * succeeded, so a failed build leaves the previous outputs as they were. */
#ifndef FOLIO_STAGE_H
#define FOLIO_STAGE_H

#include <stddef.h>

struct stage {
    char **finals;
    char **temps;
    size_t count;
    size_t cap;
};

/* The temporary path to write `final_path` to; owned by the stage. The
 * directory of final_path must exist. */
const char *stage_file(struct stage *stage, const char *final_path);

/* Renames every staged file into place. On failure returns -1 and sets
 * *failed to the final path that could not be written. */
int stage_commit(struct stage *stage, const char **failed);

/* Removes the temporary files that were not committed. */
void stage_discard(struct stage *stage);

void stage_free(struct stage *stage);

#endif
