#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util.h"

static char *S_dir;

static int S_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void S_remove(void)
{
    if (S_dir)
        nftw(S_dir, S_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(S_dir);
}

const char *fuzz_dir(void)
{
    if (!S_dir) {
        S_dir = temp_dir_make("folio-fuzz-");
        if (!S_dir)
            abort();
        atexit(S_remove);
    }
    return S_dir;
}

char *fuzz_write(const char *name, const void *data, size_t size)
{
    char *path = path_join(fuzz_dir(), name);
    char *parent = path_parent(path);
    if (mkdir_p(parent) != 0 || file_write(path, data, size) != 0)
        abort();
    free(parent);
    return path;
}

char *fuzz_read(const char *path, size_t *size)
{
    char *text = file_read(path, size);
    if (!text)
        abort();
    return text;
}

void fuzz_copy_base_data(void)
{
    size_t size;
    char *csv = fuzz_read(FUZZ_BASE_DIR "/report/data/edad.csv", &size);
    free(fuzz_write("pub/data/edad.csv", csv, size));
    free(csv);
}
