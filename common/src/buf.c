#include "parley/buf.h"
#include "parley/err.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pl_buf_init(pl_buf_t *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void pl_buf_dispose(pl_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void pl_buf_reset(pl_buf_t *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
}

/* Make room for extra more bytes plus the NUL, without touching the content on failure. */
static int reserve(pl_buf_t *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra)
        return PL_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return PL_OK;
    size_t ncap = b->cap < 64 ? 64 : b->cap;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    if (b->max < SIZE_MAX && ncap > b->max + 1)
        ncap = b->max + 1;
    char *p = realloc(b->data, ncap);
    if (p == NULL)
        return PL_ERR;
    if (b->data == NULL)
        p[0] = '\0';
    b->data = p;
    b->cap = ncap;
    return PL_OK;
}

int pl_buf_append(pl_buf_t *b, const void *p, size_t n)
{
    int rc = reserve(b, n);
    if (rc != PL_OK)
        return rc;
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return PL_OK;
}

int pl_buf_puts(pl_buf_t *b, const char *s)
{
    return pl_buf_append(b, s, strlen(s));
}

int pl_buf_vappendf(pl_buf_t *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return PL_EINVAL;
    int rc = reserve(b, (size_t)n);
    if (rc != PL_OK)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return PL_OK;
}

int pl_buf_appendf(pl_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = pl_buf_vappendf(b, fmt, ap);
    va_end(ap);
    return rc;
}

/* Length of the valid UTF-8 sequence at u (1..4), or 0 when it is malformed (RFC 3629). */
static size_t utf8_seq_len(const unsigned char *u, size_t n)
{
    size_t len;
    unsigned lo = 0x80, hi = 0xbf;
    if (u[0] < 0x80)
        return 1;
    if (u[0] >= 0xc2 && u[0] <= 0xdf)
        len = 2;
    else if (u[0] >= 0xe0 && u[0] <= 0xef) {
        len = 3;
        lo = u[0] == 0xe0 ? 0xa0 : 0x80;
        hi = u[0] == 0xed ? 0x9f : 0xbf;
    } else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
        len = 4;
        lo = u[0] == 0xf0 ? 0x90 : 0x80;
        hi = u[0] == 0xf4 ? 0x8f : 0xbf;
    } else
        return 0;
    if (n < len || u[1] < lo || u[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (u[i] < 0x80 || u[i] > 0xbf)
            return 0;
    return len;
}

static const char *short_escape(unsigned char c)
{
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    case '\b':
        return "\\b";
    case '\f':
        return "\\f";
    default:
        return NULL;
    }
}

/*
 * Escape the character at u (n bytes left) into out (NULL: only measure). *used receives the input
 * bytes consumed. Control characters become \u00XX, malformed UTF-8 bytes become \ufffd.
 * @return the output length.
 */
static size_t escape_char(const unsigned char *u, size_t n, char *out, size_t *used)
{
    static const char hex[] = "0123456789abcdef";
    size_t len = utf8_seq_len(u, n);
    const char *esc = len == 1 ? short_escape(u[0]) : NULL;
    *used = len == 0 ? 1 : len;
    if (len == 0) {
        if (out != NULL)
            memcpy(out, "\\ufffd", 6);
        return 6;
    }
    if (esc != NULL) {
        if (out != NULL)
            memcpy(out, esc, 2);
        return 2;
    }
    if (u[0] < 0x20) {
        if (out != NULL) {
            memcpy(out, "\\u00", 4);
            out[4] = hex[u[0] >> 4];
            out[5] = hex[u[0] & 0xf];
        }
        return 6;
    }
    if (out != NULL)
        memcpy(out, u, len);
    return len;
}

int pl_buf_append_json_escaped(pl_buf_t *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t total = 0, used;
    for (size_t i = 0; i < n; i += used)
        total += escape_char(u + i, n - i, NULL, &used);
    int rc = reserve(b, total);
    if (rc != PL_OK)
        return rc;
    char *out = b->data + b->len;
    for (size_t i = 0; i < n; i += used)
        out += escape_char(u + i, n - i, out, &used);
    b->len += total;
    b->data[b->len] = '\0';
    return PL_OK;
}

char *pl_buf_steal(pl_buf_t *b, size_t *len_out)
{
    char *p = b->data;
    if (len_out != NULL)
        *len_out = b->len;
    if (p == NULL) {
        p = calloc(1, 1);
        if (len_out != NULL)
            *len_out = 0;
    }
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}
