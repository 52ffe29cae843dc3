/* libharu's error codes (hpdf_error.h) in words a user can act on. */
#ifndef FOLIO_PDF_HARU_ERRORS_H
#define FOLIO_PDF_HARU_ERRORS_H

/* What went wrong, malloc'ed: "cannot write the PDF file: No space left on
 * device", "out of memory while making the PDF"; `saved_errno` is errno as
 * libharu left it (a failed write or open sets it). */
char *haru_error_words(unsigned long error, unsigned long detail, int saved_errno);

#endif
