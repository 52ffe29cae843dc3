/* A whole build of a small publication from any bytes as its
 * publication.xml: load, check, data, compose, resolve, the HTML and the
 * PDF of every edition, written to a scratch folder. */
#include <stdlib.h>

#include "build.h"
#include "fuzz.h"
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
    free(fuzz_write("pub/publication.xml", data, size));
    char *dir = xasprintf("%s/pub", fuzz_dir());
    char *out = xasprintf("%s/out", fuzz_dir());
    struct build_options opts = {0};
    opts.out_dir = out;
    opts.template_dir = build_default_template_dir();
    opts.source_date_epoch = 0;
    opts.draft = 1;
    struct diag_list diags = {0};
    build_publication(dir, &opts, &diags);
    diag_list_free(&diags);
    free(out);
    free(dir);
    return 0;
}
