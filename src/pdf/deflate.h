/* Page content deflated by folio at a faster zlib level. libharu 2.3
 * deflates every stream at zlib's default level, fixed in its code, which
 * is a quarter of the time of a long document; page content (text
 * operators) packs nearly as well at a faster level. */
#ifndef FOLIO_PDF_DEFLATE_H
#define FOLIO_PDF_DEFLATE_H

#include <stddef.h>

#include <hpdf.h>

/* Deflates the content stream of each of the document's `count` pages in
 * place (deflate.c says at which level): start takes their bytes out of
 * libharu and starts a second thread on them, and the caller may go on
 * with libharu meanwhile (the thread only runs zlib); finish deflates
 * what is left on this thread too, waits, and puts every page's bytes
 * back, before the document is saved. libharu then writes the bytes as
 * they are: the stream is marked unfiltered for it, and its dictionary's
 * write hook adds the /Filter /FlateDecode entry that libharu would drop.
 * A page whose content cannot be deflated is left to libharu; a NULL
 * deflater (no memory) leaves every page to it. */
struct deflater;
struct deflater *deflate_pages_start(HPDF_Doc pdf, size_t count);
void deflate_pages_finish(struct deflater *d);

/* Deflates one stream the same way (an embedded font's file), on this
 * thread; a stream libharu would not deflate is left alone. */
void deflate_stream(HPDF_Dict stream);

#endif
