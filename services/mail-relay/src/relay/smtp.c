#include "relay/smtp.h"

#include <auth-client.h>
#include <curl/curl.h>
#include <libesmtp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <dirent.h>
#include <sys/socket.h>

/*
 * Load the SASL plugins once, on the main thread: libESMTP dlopens them on first use and two
 * worker sessions doing that at the same time lost the mechanism (session QUIT without AUTH).
 */
static void preload_auth_plugins(void)
{
    static const char *const mechs[] = {"PLAIN", "LOGIN", "CRAM-MD5"};
    auth_context_t a = auth_create_context();
    if (a == NULL)
        return;
    auth_set_mechanism_flags(a, AUTH_PLUGIN_PLAIN, 0);
    for (size_t i = 0; i < sizeof(mechs) / sizeof(mechs[0]); i++)
        auth_set_mechanism(a, mechs[i]);
    auth_destroy_context(a);
}

void relay_smtp_global_init(void)
{
    auth_client_init();
    preload_auth_plugins();
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void relay_smtp_global_cleanup(void)
{
    curl_global_cleanup();
    auth_client_exit();
}

SSL_CTX *relay_smtp_ctx_create(const char *ca_file, int skip_verify)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL)
        return NULL;
    /*
     * TLS 1.2 exactly for libESMTP's STARTTLS: with TLS 1.3 its 1.1.0 I/O layer intermittently
     * stalls after the post-STARTTLS EHLO until the timeout (reproduced against aiosmtpd: about half
     * of the sessions); TLS 1.2 sessions never did. Implicit TLS (libcurl) negotiates 1.3 freely.
     */
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    if (ca_file != NULL && ca_file[0] != '\0')
        SSL_CTX_load_verify_locations(ctx, ca_file, NULL);
    else
        SSL_CTX_set_default_verify_paths(ctx);
    SSL_CTX_set_verify(ctx, skip_verify ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, NULL);
    return ctx;
}

static void set_result(relay_outmsg_t *m, relay_out_status_t st, int code, const char *text)
{
    m->status = st;
    m->code = code;
    snprintf(m->reason, sizeof(m->reason), "%d %s", code, text != NULL ? text : "");
    size_t len = strlen(m->reason);
    while (len > 0 && (m->reason[len - 1] == '\n' || m->reason[len - 1] == '\r'))
        m->reason[--len] = '\0';
}

static void fail_all(relay_outmsg_t **msgs, size_t n, const char *why)
{
    for (size_t i = 0; i < n; i++)
        if (msgs[i]->status == RELAY_OUT_PENDING) {
            set_result(msgs[i], RELAY_OUT_TEMPFAIL, 0, why);
        }
}

/* ---- libESMTP (plain and STARTTLS) ---- */

static const char *esmtp_message_cb(void **ctx, int *len, void *arg)
{
    (void)ctx;
    relay_outmsg_t *m = arg;
    if (len == NULL) {
        m->off = 0;
        return NULL;
    }
    if (m->off >= m->len) {
        *len = 0;
        return NULL;
    }
    size_t chunk = m->len - m->off > 65536 ? 65536 : m->len - m->off;
    const char *p = m->data + m->off;
    m->off += chunk;
    *len = (int)chunk;
    return p;
}

/*
 * libESMTP gives no access to its socket, and it writes the message and the final "." separately:
 * with Nagle on, every message then waits for the server's delayed ACK (40 ms here). On connect we
 * find TCP sockets connected to the SMTP port and set TCP_NODELAY (harmless on any other socket).
 */
static void nodelay_if_smtp(int fd, int port)
{
    struct sockaddr_storage peer;
    socklen_t len = sizeof(peer);
    int type = 0;
    socklen_t tlen = sizeof(type);
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) != 0 || type != SOCK_STREAM ||
        getpeername(fd, (struct sockaddr *)&peer, &len) != 0)
        return;
    int pport = peer.ss_family == AF_INET    ? ntohs(((struct sockaddr_in *)&peer)->sin_port)
                : peer.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&peer)->sin6_port)
                                             : -1;
    int one = 1;
    if (pport == port)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static void nodelay_smtp_sockets(const relay_smtp_t *s)
{
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL)
        return;
    int port = atoi(s->port), self = dirfd(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char *end = NULL;
        long fd = strtol(e->d_name, &end, 10);
        if (end != e->d_name && *end == '\0' && fd > 2 && fd != self)
            nodelay_if_smtp((int)fd, port);
    }
    closedir(d);
}

static void esmtp_event_cb(smtp_session_t session, int event, void *arg, ...)
{
    (void)session;
    const relay_smtp_t *s = arg;
    va_list ap;
    va_start(ap, arg);
    int *ok = NULL;
    switch (event) {
    case SMTP_EV_CONNECT:
        nodelay_smtp_sockets(s);
        break;
    case SMTP_EV_INVALID_PEER_CERTIFICATE:
        (void)va_arg(ap, long);
        ok = va_arg(ap, int *);
        break;
    case SMTP_EV_NO_PEER_CERTIFICATE:
    case SMTP_EV_WRONG_PEER_CERTIFICATE:
        ok = va_arg(ap, int *);
        break;
    default:
        break;
    }
    if (ok != NULL)
        *ok = s->skip_verify ? 1 : 0;
    va_end(ap);
}

static int esmtp_interact(auth_client_request_t req, char **result, int fields, void *arg)
{
    const relay_smtp_t *s = arg;
    for (int i = 0; i < fields; i++) {
        if (req[i].flags & AUTH_USER)
            result[i] = (char *)s->username;
        else if (req[i].flags & AUTH_PASS)
            result[i] = (char *)s->password;
        else
            result[i] = "";
    }
    return 1;
}

/*
 * Classify one message. The first refusal in protocol order decides: MAIL FROM, then RCPT, then
 * DATA (libESMTP still sends DATA after a refused recipient; the server's "503 need RCPT" that
 * follows is a consequence, not the cause). A refused MAIL FROM or "530 authentication required"
 * is about the relay's own sender or credentials, the same for every message: it is retried (so
 * fixing the configuration lets the mail flow) instead of dead-lettering everything.
 */
static void esmtp_collect(relay_outmsg_t *m, smtp_message_t msg, smtp_recipient_t rcpt)
{
    const smtp_status_t *steps[] = {smtp_reverse_path_status(msg), smtp_recipient_status(rcpt), smtp_message_transfer_status(msg)};
    for (size_t i = 0; i < 3; i++) {
        const smtp_status_t *st = steps[i];
        if (st != NULL && st->code >= 400) {
            int permanent = st->code >= 500 && i > 0 && st->code != 530;
            set_result(m, permanent ? RELAY_OUT_PERMFAIL : RELAY_OUT_TEMPFAIL, st->code, st->text);
            return;
        }
    }
    const smtp_status_t *rs = steps[1], *xfer = steps[2];
    if (xfer != NULL && xfer->code >= 200 && xfer->code < 300 && rs != NULL && rs->code >= 200 && rs->code < 300)
        set_result(m, RELAY_OUT_SENT, xfer->code, xfer->text);
}

static void esmtp_set_timeouts(smtp_session_t session, long ms)
{
    const int which[] = {Timeout_GREETING, Timeout_ENVELOPE, Timeout_DATA, Timeout_TRANSFER, Timeout_DATA2};
    for (size_t i = 0; i < sizeof(which) / sizeof(which[0]); i++)
        smtp_set_timeout(session, which[i] | Timeout_OVERRIDE_RFC2822_MINIMUM, ms);
}

static void esmtp_send(const relay_smtp_t *s, relay_outmsg_t **msgs, size_t n)
{
    smtp_session_t session = smtp_create_session();
    auth_context_t auth = NULL;
    smtp_message_t *mh = calloc(n, sizeof(*mh));
    smtp_recipient_t *rh = calloc(n, sizeof(*rh));
    char server[600];
    if (session == NULL || mh == NULL || rh == NULL) {
        fail_all(msgs, n, "out of memory");
        goto Exit;
    }
    snprintf(server, sizeof(server), "%s:%s", s->server, s->port);
    smtp_set_server(session, server);
    smtp_set_hostname(session, NULL);
    smtp_set_eventcb(session, esmtp_event_cb, (void *)s);
    esmtp_set_timeouts(session, s->timeout_ms);
    if (strcmp(s->security, "STARTTLS") == 0) {
        smtp_starttls_enable(session, Starttls_REQUIRED);
        smtp_starttls_set_ctx(session, s->ssl_ctx); /* never NULL: see smtp.h */
    } else {
        smtp_starttls_enable(session, Starttls_DISABLED);
    }
    if (s->username[0] != '\0') {
        auth = auth_create_context();
        auth_set_mechanism_flags(auth, AUTH_PLUGIN_PLAIN, 0);
        auth_set_interact_cb(auth, esmtp_interact, (void *)s);
        smtp_auth_set_context(session, auth);
    }
    for (size_t i = 0; i < n; i++) {
        mh[i] = smtp_add_message(session);
        smtp_set_reverse_path(mh[i], s->from);
        rh[i] = smtp_add_recipient(mh[i], msgs[i]->rcpt);
        smtp_set_messagecb(mh[i], esmtp_message_cb, msgs[i]);
    }
    if (!smtp_start_session(session)) {
        char err[200];
        smtp_strerror(smtp_errno(), err, sizeof(err));
        for (size_t i = 0; i < n; i++)
            esmtp_collect(msgs[i], mh[i], rh[i]);
        fail_all(msgs, n, err);
        goto Exit;
    }
    for (size_t i = 0; i < n; i++)
        esmtp_collect(msgs[i], mh[i], rh[i]);
    char err[200], why[260];
    smtp_strerror(smtp_errno(), err, sizeof(err));
    snprintf(why, sizeof(why), "session ended without a final status (%s)", err);
    fail_all(msgs, n, why);
Exit:
    if (session != NULL)
        smtp_destroy_session(session);
    if (auth != NULL)
        auth_destroy_context(auth);
    free(mh);
    free(rh);
}

/* ---- libcurl (implicit TLS) ---- */

static size_t curl_read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
    relay_outmsg_t *m = arg;
    size_t room = size * nitems, left = m->len - m->off;
    size_t n = left < room ? left : room;
    memcpy(buf, m->data + m->off, n);
    m->off += n;
    return n;
}

static void curl_send_one(CURL *c, relay_outmsg_t *m, const char *from)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    char mail_from[300];
    snprintf(mail_from, sizeof(mail_from), "<%s>", from);
    struct curl_slist *rcpt = curl_slist_append(NULL, m->rcpt);
    m->off = 0;
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, curl_read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, m);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)m->len);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (rc == CURLE_OK)
        set_result(m, RELAY_OUT_SENT, (int)code, "OK");
    else if (code >= 500 && code != 530 && rc != CURLE_LOGIN_DENIED && strstr(errbuf, "MAIL failed") == NULL)
        set_result(m, RELAY_OUT_PERMFAIL, (int)code, errbuf[0] ? errbuf : curl_easy_strerror(rc));
    else
        set_result(m, RELAY_OUT_TEMPFAIL, (int)code, errbuf[0] ? errbuf : curl_easy_strerror(rc));
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
    curl_slist_free_all(rcpt);
}

static void curl_send(const relay_smtp_t *s, relay_outmsg_t **msgs, size_t n)
{
    CURL *c = curl_easy_init();
    if (c == NULL) {
        fail_all(msgs, n, "curl_easy_init failed");
        return;
    }
    char url[600];
    snprintf(url, sizeof(url), "smtps://%s:%s", s->server, s->port);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, s->timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, s->timeout_ms * 6);
    curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, s->skip_verify ? 0L : 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, s->skip_verify ? 0L : 2L);
    if (s->ca_file[0] != '\0')
        curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
    if (s->username[0] != '\0') {
        curl_easy_setopt(c, CURLOPT_USERNAME, s->username);
        curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
    }
    for (size_t i = 0; i < n; i++)
        curl_send_one(c, msgs[i], s->from);
    curl_easy_cleanup(c);
}

void relay_smtp_send(const relay_smtp_t *s, relay_outmsg_t **msgs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        msgs[i]->status = RELAY_OUT_PENDING;
        msgs[i]->code = 0;
        msgs[i]->reason[0] = '\0';
        msgs[i]->off = 0;
    }
    if (strcmp(s->security, "TLS") == 0)
        curl_send(s, msgs, n);
    else
        esmtp_send(s, msgs, n);
}
