#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stage.h"
#include "util.h"

const char *stage_file(struct stage *stage, const char *final_path)
{
    if (stage->count == stage->cap) {
        stage->cap = stage->cap ? stage->cap * 2 : 8;
        stage->finals = xrealloc(stage->finals, stage->cap * sizeof *stage->finals);
        stage->temps = xrealloc(stage->temps, stage->cap * sizeof *stage->temps);
    }
    stage->finals[stage->count] = xstrdup(final_path);
    stage->temps[stage->count] = xasprintf("%s.folio-tmp", final_path);
    return stage->temps[stage->count++];
}

int stage_commit(struct stage *stage, const char **failed)
{
    for (size_t i = 0; i < stage->count; i++) {
        if (!stage->temps[i])
            continue;
        if (rename(stage->temps[i], stage->finals[i]) != 0) {
            if (failed)
                *failed = stage->finals[i];
            return -1;
        }
        free(stage->temps[i]);
        stage->temps[i] = NULL;
    }
    return 0;
}

void stage_discard(struct stage *stage)
{
    for (size_t i = 0; i < stage->count; i++) {
        if (stage->temps[i]) {
            remove(stage->temps[i]);
            free(stage->temps[i]);
            stage->temps[i] = NULL;
        }
    }
}

void stage_free(struct stage *stage)
{
    stage_discard(stage);
    for (size_t i = 0; i < stage->count; i++)
        free(stage->finals[i]);
    free(stage->finals);
    free(stage->temps);
    memset(stage, 0, sizeof *stage);
}
