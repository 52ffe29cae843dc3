#include <string.h>

#include <hpdf_streams.h>

#include "stream.h"

/* HPDF_MemStream_WriteFunc, with memcpy: fills the last block, then adds
 * blocks of the stream's block size (a new stream's w_pos is its block
 * size, so the first write adds one). */
static HPDF_STATUS S_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT size)
{
    if (HPDF_Error_GetCode(stream->error) != 0)
        return HPDF_THIS_FUNC_WAS_SKIPPED;
    HPDF_MemStreamAttr attr = (HPDF_MemStreamAttr)stream->attr;
    while (size > 0) {
        if (attr->w_pos == attr->buf_siz) {
            HPDF_BYTE *block = HPDF_GetMem(stream->mmgr, attr->buf_siz);
            if (!block)
                return HPDF_Error_GetCode(stream->error);
            if (HPDF_List_Add(attr->buf, block) != HPDF_OK) {
                HPDF_FreeMem(stream->mmgr, block);
                return HPDF_Error_GetCode(stream->error);
            }
            attr->w_ptr = block;
            attr->w_pos = 0;
        }
        HPDF_UINT room = attr->buf_siz - attr->w_pos, n = size < room ? size : room;
        memcpy(attr->w_ptr, ptr, n);
        attr->w_ptr += n;
        attr->w_pos += n;
        ptr += n;
        size -= n;
    }
    return HPDF_OK;
}

void stream_fast(HPDF_Stream stream)
{
    if (stream && stream->type == HPDF_STREAM_MEMORY && stream->attr)
        stream->write_fn = S_write;
}

int stream_read_all(HPDF_Stream stream, HPDF_BYTE *out, HPDF_UINT size)
{
    if (stream->type == HPDF_STREAM_MEMORY && stream->attr) {
        HPDF_MemStreamAttr attr = (HPDF_MemStreamAttr)stream->attr;
        HPDF_UINT done = 0;
        for (HPDF_UINT i = 0; i < attr->buf->count && done < size; i++) {
            HPDF_UINT n = size - done < attr->buf_siz ? size - done : attr->buf_siz;
            memcpy(out + done, HPDF_List_ItemAt(attr->buf, i), n);
            done += n;
        }
        return done == size ? 0 : -1;
    }
    HPDF_UINT got = size;
    if (HPDF_Stream_Seek(stream, 0, HPDF_SEEK_SET) != HPDF_OK ||
        (size > 0 && HPDF_Stream_Read(stream, out, &got) != HPDF_OK))
        return -1;
    return got == size ? 0 : -1;
}
