#include <stdlib.h>

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <zlib.h>

#include "deflate.h"

/* Measured on a 111-page report: level 3 takes 10% less time for the
 * whole build than libharu's level 6, for a file 5% larger; level 1 saves
 * no more time and makes the file 17% larger. */
#define DEFLATE_LEVEL 3

/* Called by libharu inside the dictionary, before its closing ">>". */
static HPDF_STATUS S_write_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

static void S_deflate_page(HPDF_Page page)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Dict contents = attr ? attr->contents : NULL;
    if (!contents || !contents->stream || contents->write_fn ||
        contents->filter != HPDF_STREAM_FILTER_FLATE_DECODE)
        return;
    HPDF_UINT size = HPDF_Stream_Size(contents->stream);
    uLongf packed_size = compressBound(size);
    HPDF_BYTE *raw = malloc(size ? size : 1);
    Bytef *packed = malloc(packed_size);
    HPDF_UINT got = size;
    int ok = raw && packed && HPDF_Stream_Seek(contents->stream, 0, HPDF_SEEK_SET) == HPDF_OK &&
             (size == 0 || HPDF_Stream_Read(contents->stream, raw, &got) == HPDF_OK) &&
             got == size && compress2(packed, &packed_size, raw, size, DEFLATE_LEVEL) == Z_OK;
    if (ok) {
        HPDF_MemStream_FreeData(contents->stream);
        if (HPDF_Stream_Write(contents->stream, packed, (HPDF_UINT)packed_size) == HPDF_OK) {
            contents->filter = HPDF_STREAM_FILTER_NONE;
            contents->write_fn = S_write_filter;
        }
    }
    free(raw);
    free(packed);
}

void deflate_pages(HPDF_Doc pdf, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        HPDF_Page page = HPDF_GetPageByIndex(pdf, (HPDF_UINT)i);
        if (page)
            S_deflate_page(page);
    }
}
