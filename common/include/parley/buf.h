#ifndef PARLEY_BUF_H
#define PARLEY_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* A growable byte buffer with a hard cap. data is always NUL-terminated (not counted in len). */
typedef struct pl_buf {
    char *data;
    size_t len;
    size_t cap; /* allocated bytes */
    size_t max; /* the cap: len never exceeds it */
} pl_buf_t;

/** Prepare an empty buffer that will refuse to grow past max bytes. Allocates nothing yet. */
void pl_buf_init(pl_buf_t *b, size_t max);
/** Free the storage; the buffer may be reused after pl_buf_init. */
void pl_buf_dispose(pl_buf_t *b);
/** Forget the content, keep the storage. */
void pl_buf_reset(pl_buf_t *b);
/** Append n bytes. @return PL_OK, or PL_ETOOBIG (buffer unchanged) when max would be exceeded. */
int pl_buf_append(pl_buf_t *b, const void *p, size_t n);
/** Append a NUL-terminated string. Same returns as pl_buf_append. */
int pl_buf_puts(pl_buf_t *b, const char *s);
/** Append printf-formatted text. Same returns as pl_buf_append. */
int pl_buf_appendf(pl_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int pl_buf_vappendf(pl_buf_t *b, const char *fmt, va_list ap);
/** Append s as the contents of a JSON string (without the quotes), escaping as RFC 8259 requires. */
int pl_buf_append_json_escaped(pl_buf_t *b, const char *s, size_t n);
/** Take ownership of the storage (caller frees with free()); the buffer is left empty. */
char *pl_buf_steal(pl_buf_t *b, size_t *len_out);

#endif
