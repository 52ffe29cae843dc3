/* The XLIFF importer on any bytes as the file to import into the base
 * booklet (restored before each run, since an import rewrites it). */
#include <stdlib.h>

#include "build.h"
#include "fuzz.h"
#include "load.h"
#include "util.h"
#include "xliff.h"

static char *S_content;
static size_t S_content_size;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    S_content = fuzz_read(FUZZ_BASE_DIR "/booklet/publication.xml", &S_content_size);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    free(fuzz_write("pub/publication.xml", S_content, S_content_size));
    char *file = fuzz_write("import.xlf", data, size);
    char *dir = xasprintf("%s/pub", fuzz_dir());
    struct publication pub;
    struct diag_list diags = {0};
    if (load_publication(&pub, dir, build_default_template_dir(), &diags) != 0)
        abort(); /* the base booklet is clean */
    struct xliff_import_result result;
    xliff_import(file, &pub, &result, &diags);
    publication_free(&pub);
    diag_list_free(&diags);
    free(dir);
    free(file);
    return 0;
}
