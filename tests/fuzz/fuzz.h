/* Shared by the libFuzzer targets: a private scratch folder per process,
 * and writing the input there as a file. */
#ifndef FOLIO_FUZZ_H
#define FOLIO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The scratch folder, made on first use and removed at exit. */
const char *fuzz_dir(void);

/* Writes `size` bytes to <fuzz_dir>/<name> (folders made); the path,
 * malloc'ed. */
char *fuzz_write(const char *name, const void *data, size_t size);

/* Copies the report base's data/edad.csv into <fuzz_dir>/pub/data/, so
 * that a report read as <fuzz_dir>/pub/publication.xml finds its CSV. */
void fuzz_copy_base_data(void);

/* The whole file at `path`, malloc'ed, NUL-terminated; aborts when it
 * cannot be read (a target's own set-up, not fuzz input). */
char *fuzz_read(const char *path, size_t *size);

#endif
