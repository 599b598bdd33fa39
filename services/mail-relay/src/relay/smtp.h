#ifndef PARLEY_MAIL_RELAY_RELAY_SMTP_H
#define PARLEY_MAIL_RELAY_RELAY_SMTP_H

#include <stddef.h>
#include <openssl/ssl.h>

/*
 * SMTP delivery of several messages over one connection. ConnectionSecurity "" and "STARTTLS" go
 * through libESMTP (one session = one connection, every session gets our own SSL_CTX: libESMTP
 * 1.1.0 crashes on the second STARTTLS session otherwise). "TLS" (implicit TLS, port 465) goes
 * through libcurl's smtps:// because libESMTP 1.1.0 cannot do it; the easy handle is reused so
 * several messages share one connection. Blocking: call from worker threads only.
 */

typedef enum { RELAY_OUT_PENDING = 0, RELAY_OUT_SENT, RELAY_OUT_TEMPFAIL, RELAY_OUT_PERMFAIL } relay_out_status_t;

typedef struct relay_outmsg {
    const char *rcpt;
    const char *data; /* full RFC 5322 message, CRLF */
    size_t len;
    size_t off; /* transfer cursor */
    relay_out_status_t status;
    int code; /* last SMTP reply code seen for this message (0: none) */
    char reason[256];
} relay_outmsg_t;

typedef struct relay_smtp {
    const char *server; /* host */
    const char *port;
    const char *security; /* "", "TLS", "STARTTLS" */
    const char *username; /* "" for no AUTH */
    const char *password;
    const char *from;    /* envelope sender */
    const char *ca_file; /* "" for system trust */
    int skip_verify;
    long timeout_ms;
    SSL_CTX *ssl_ctx; /* owned by the caller, shared by every session */
} relay_smtp_t;

/** Process-wide setup (auth_client_init, curl_global_init). */
void relay_smtp_global_init(void);
void relay_smtp_global_cleanup(void);
/** Create the SSL_CTX used by every STARTTLS session (TLS >= 1.2, system or ca_file trust). */
SSL_CTX *relay_smtp_ctx_create(const char *ca_file, int skip_verify);
/** Send msgs over one connection; every msgs[i].status ends SENT, TEMPFAIL or PERMFAIL. */
void relay_smtp_send(const relay_smtp_t *s, relay_outmsg_t **msgs, size_t n);

#endif
