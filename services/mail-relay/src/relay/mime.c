#include "relay/mime.h"
#include "parley/err.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define B64_LINE 76
#define WORD_RAW_MAX 45 /* raw bytes per encoded word: 60 base64 chars + 12 = 72 <= 75 */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_quad(const unsigned char *p, size_t n, char out[4])
{
    unsigned v = (unsigned)p[0] << 16 | (n > 1 ? (unsigned)p[1] << 8 : 0) | (n > 2 ? p[2] : 0);
    out[0] = b64[(v >> 18) & 63];
    out[1] = b64[(v >> 12) & 63];
    out[2] = n > 1 ? b64[(v >> 6) & 63] : '=';
    out[3] = n > 2 ? b64[v & 63] : '=';
}

static int b64_raw(const unsigned char *data, size_t len, pl_buf_t *out)
{
    for (size_t i = 0; i < len; i += 3) {
        char q[4];
        b64_quad(data + i, len - i, q);
        if (pl_buf_append(out, q, 4) != PL_OK)
            return PL_ETOOBIG;
    }
    return PL_OK;
}

int relay_mime_base64(const unsigned char *data, size_t len, pl_buf_t *out)
{
    const size_t per_line = B64_LINE / 4 * 3;
    for (size_t i = 0; i < len; i += per_line) {
        size_t n = len - i < per_line ? len - i : per_line;
        if (b64_raw(data + i, n, out) != PL_OK || pl_buf_puts(out, "\r\n") != PL_OK)
            return PL_ETOOBIG;
    }
    return PL_OK;
}

static int phrase_is_plain(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == ' ' || *p == '.' ||
              *p == '-' || *p == '_'))
            return 0;
    return strlen(s) < 60;
}

/* Length of the longest prefix of s (at most max bytes) that ends on a UTF-8 character boundary. */
static size_t utf8_cut(const unsigned char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && (s[n] & 0xC0) == 0x80)
        n--;
    return n > 0 ? n : max;
}

int relay_mime_phrase(const char *s, pl_buf_t *out)
{
    if (phrase_is_plain(s))
        return pl_buf_puts(out, s);
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    int first = 1;
    while (len > 0) {
        size_t n = utf8_cut(p, len, WORD_RAW_MAX);
        if ((!first && pl_buf_puts(out, "\r\n ") != PL_OK) || pl_buf_puts(out, "=?UTF-8?B?") != PL_OK ||
            b64_raw(p, n, out) != PL_OK || pl_buf_puts(out, "?=") != PL_OK)
            return PL_ETOOBIG;
        p += n;
        len -= n;
        first = 0;
    }
    return PL_OK;
}

static int address(const char *hdr, const char *name, const char *email, pl_buf_t *out)
{
    int rc = pl_buf_appendf(out, "%s: ", hdr);
    if (rc == PL_OK && name != NULL && name[0] != '\0') {
        rc = relay_mime_phrase(name, out);
        if (rc == PL_OK)
            rc = pl_buf_puts(out, " ");
    }
    if (rc == PL_OK)
        rc = pl_buf_appendf(out, "<%s>\r\n", email);
    return rc;
}

static void rfc5322_date(int64_t ms, char *out, size_t n)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, n, "%s, %d %s %d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
             tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int headers(const relay_mime_t *m, pl_buf_t *out)
{
    char date[64];
    rfc5322_date(m->date_ms, date, sizeof(date));
    int rc = PL_OK;
    if ((rc = address("From", m->from_name, m->from_email, out)) || (rc = address("To", m->to_name, m->to_email, out)))
        return rc;
    if (m->reply_to != NULL && m->reply_to[0] != '\0' && (rc = pl_buf_appendf(out, "Reply-To: <%s>\r\n", m->reply_to)))
        return rc;
    if ((rc = pl_buf_puts(out, "Subject: ")) || (rc = relay_mime_phrase(m->subject, out)) ||
        (rc = pl_buf_appendf(out, "\r\nDate: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n", date, m->message_id)) ||
        (rc = pl_buf_puts(out, "Auto-Submitted: auto-generated\r\nPrecedence: bulk\r\n")))
        return rc;
    if (m->list_unsubscribe != NULL && m->list_unsubscribe[0] != '\0') {
        rc = pl_buf_appendf(out, "List-Unsubscribe: <%s>\r\n", m->list_unsubscribe);
        if (rc == PL_OK && strncmp(m->list_unsubscribe, "https://", 8) == 0)
            rc = pl_buf_puts(out, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
    }
    return rc;
}

static int part(const char *type, const char *body, pl_buf_t *out)
{
    int rc = pl_buf_appendf(out, "Content-Type: %s; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n", type);
    return rc == PL_OK ? relay_mime_base64((const unsigned char *)body, strlen(body), out) : rc;
}

int relay_mime_build(const relay_mime_t *m, pl_buf_t *out)
{
    int rc = headers(m, out);
    if (rc != PL_OK)
        return rc;
    if (m->html == NULL || m->html[0] == '\0')
        return part("text/plain", m->text, out);
    char boundary[80];
    snprintf(boundary, sizeof(boundary), "=_parley_%.40s", m->message_id);
    for (char *p = boundary; *p; p++)
        if (*p == '@')
            *p = '_';
    if ((rc = pl_buf_appendf(out, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", boundary)) ||
        (rc = pl_buf_appendf(out, "--%s\r\n", boundary)) || (rc = part("text/plain", m->text, out)) ||
        (rc = pl_buf_appendf(out, "--%s\r\n", boundary)) || (rc = part("text/html", m->html, out)) ||
        (rc = pl_buf_appendf(out, "--%s--\r\n", boundary)))
        return rc;
    return PL_OK;
}
