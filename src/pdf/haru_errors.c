#include <errno.h>
#include <string.h>

#include <hpdf_error.h>

#include "haru_errors.h"
#include "util.h"

/* The families of errors folio can meet: files, memory, images, fonts,
 * links and values out of the PDF's range. Anything else is a bug of
 * folio's use of the library, said with its code. */
static const char *S_family(unsigned long e)
{
    switch (e) {
    case HPDF_FILE_OPEN_ERROR:
        return "cannot write the PDF file (creating it failed)";
    case HPDF_FILE_IO_ERROR:
        return "cannot write the PDF file";
    case HPDF_ZLIB_ERROR:
        return "cannot compress the PDF's content (zlib failed, as it does when a write fails)";
    case HPDF_FAILD_TO_ALLOC_MEM:
        return "out of memory while making the PDF";
    case HPDF_INVALID_IMAGE:
    case HPDF_INVALID_PNG_IMAGE:
    case HPDF_LIBPNG_ERROR:
    case HPDF_INVALID_JPEG_DATA:
    case HPDF_UNSUPPORTED_JPEG_FORMAT:
    case HPDF_INVALID_BIT_PER_COMPONENT:
    case HPDF_INVALID_COLOR_SPACE:
    case HPDF_CANNOT_GET_PALLET:
        return "an image could not be embedded: the PDF library cannot read it (export it again "
               "as PNG or baseline JPEG)";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT:
    case HPDF_TTF_INVALID_CMAP:
    case HPDF_TTF_INVALID_FOMAT:
    case HPDF_TTF_MISSING_TABLE:
    case HPDF_INVALID_FONTDEF_DATA:
    case HPDF_INVALID_FONTDEF_TYPE:
    case HPDF_INVALID_FONT_NAME:
    case HPDF_INVALID_FONT:
    case HPDF_UNSUPPORTED_FONT_TYPE:
    case HPDF_FONT_INVALID_WIDTHS_TABLE:
    case HPDF_PAGE_INVALID_FONT:
    case HPDF_PAGE_FONT_NOT_FOUND:
    case HPDF_INVALID_TTC_FILE:
    case HPDF_INVALID_TTC_INDEX:
        return "a font could not be loaded or embedded (the PDF needs TrueType fonts that allow "
               "embedding)";
    case HPDF_INVALID_URI:
        return "a link's address could not be written into the PDF";
    case HPDF_PAGE_INVALID_SIZE:
    case HPDF_REAL_OUT_OF_RANGE:
    case HPDF_PAGE_OUT_OF_RANGE:
    case HPDF_STRING_OUT_OF_RANGE:
    case HPDF_PAGE_INVALID_FONT_SIZE:
        return "a value is out of the PDF's range (a page size, a coordinate, a font size or a "
               "text too long)";
    case HPDF_ARRAY_COUNT_ERR:
    case HPDF_DICT_COUNT_ERR:
    case HPDF_XREF_COUNT_ERR:
        return "the publication is larger than the PDF library can write (too many items in one "
               "PDF array, dictionary or object table)";
    default:
        return NULL;
    }
}

char *haru_error_words(unsigned long error, unsigned long detail, int saved_errno)
{
    const char *words = S_family(error);
    if (!words)
        return xasprintf("the PDF library failed (libharu error 0x%04lX, detail %lu)", error,
                         detail);
    /* a failed open or write leaves errno fresh; zlib fails on a write
     * too, but then only a write's errno is trusted */
    int write_errno = saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EIO ||
                      saved_errno == EFBIG;
    int io = error == HPDF_FILE_OPEN_ERROR || error == HPDF_FILE_IO_ERROR ||
             (error == HPDF_ZLIB_ERROR && write_errno);
    if (io && saved_errno)
        return xasprintf("%s: %s", words, strerror(saved_errno));
    return xstrdup(words);
}
