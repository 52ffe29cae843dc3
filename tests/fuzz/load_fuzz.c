/* The content loader and checks on any bytes as publication.xml: what
 * `folio check` runs before composing (parse, schema, checks, data). */
#include <stdlib.h>

#include "build.h"
#include "check.h"
#include "data.h"
#include "fuzz.h"
#include "load.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_copy_base_data();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write("pub/publication.xml", data, size);
    free(path);
    char *dir = xasprintf("%s/pub", fuzz_dir());
    struct publication pub;
    struct diag_list diags = {0};
    if (load_publication(&pub, dir, build_default_template_dir(), &diags) == 0) {
        if (check_publication(&pub, 1, &diags) == 0)
            data_check(&pub, 0, &diags);
        publication_free(&pub);
    }
    diag_list_free(&diags);
    free(dir);
    return 0;
}
