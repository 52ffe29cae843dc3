/* libharu's memory streams, written and read with memcpy. libharu 2.3
 * copies a stream's bytes one at a time (HPDF_MemCpy): for a long
 * document a tenth of the instructions went to copying page content in
 * and out of its streams. The blocks and their bookkeeping stay
 * libharu's, so it writes, sizes and frees the streams as before. */
#ifndef FOLIO_PDF_STREAM_H
#define FOLIO_PDF_STREAM_H

#include <hpdf.h>

/* Makes writes to a memory stream copy blocks at a time; other streams
 * are left as they are. */
void stream_fast(HPDF_Stream stream);

/* The first `size` bytes of a stream into `out`: 0, or -1 when it holds
 * fewer. */
int stream_read_all(HPDF_Stream stream, HPDF_BYTE *out, HPDF_UINT size);

#endif
