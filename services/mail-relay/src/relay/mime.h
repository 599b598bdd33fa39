#ifndef PARLEY_MAIL_RELAY_RELAY_MIME_H
#define PARLEY_MAIL_RELAY_RELAY_MIME_H

#include <stdint.h>
#include "parley/buf.h"

/* One RFC 5322 message, multipart/alternative (text + HTML) or text only, CRLF line endings. */
typedef struct relay_mime {
    const char *from_name, *from_email;
    const char *to_name, *to_email;
    const char *reply_to;         /* may be "" */
    const char *subject;          /* UTF-8 */
    const char *message_id;       /* without angle brackets: "id@host" */
    const char *list_unsubscribe; /* URL, may be "" */
    const char *text;             /* UTF-8 */
    const char *html;             /* UTF-8, NULL or "" for text only */
    int64_t date_ms;
} relay_mime_t;

/** Append the whole message to out. @return PL_OK or PL_ETOOBIG. */
int relay_mime_build(const relay_mime_t *m, pl_buf_t *out);
/** Append s as a header phrase: plain when it is safe ASCII, else RFC 2047 B-encoded words (folded). */
int relay_mime_phrase(const char *s, pl_buf_t *out);
/** Append data as base64 in lines of 76 characters, CRLF-terminated. */
int relay_mime_base64(const unsigned char *data, size_t len, pl_buf_t *out);

#endif
