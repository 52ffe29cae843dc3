/* The CSV reader on any bytes: a table or errors, never a crash. */
#include "csv.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_table table;
    struct diag_list diags = {0};
    if (csv_parse(&table, (const char *)data, size, "data/x.csv", &diags) == 0)
        csv_free(&table);
    diag_list_free(&diags);
    return 0;
}
