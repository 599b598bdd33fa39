#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "http/loop.h"
#include <h2o/http1.h>
#include "http/errors.h"
#include "parley/err.h"
#include "ws/hub.h"
#include "ws/origin.h"

/*
 * GET /api/v4/websocket on the loop thread: check the RFC 6455 handshake and the resume
 * parameters, answer 101 and take the socket over (h2o_http1_upgrade). The token (MMAUTHTOKEN
 * cookie, then Authorization: Bearer/Token, then access_token) is checked right after the upgrade
 * by a worker job, the same path as authentication_challenge: a bad token closes the socket.
 */

#define TOKEN_MAX 64
#define E_UPGRADE "api.web_socket.connect.upgrade.app_error"
#define ORIGIN_MAX 512

typedef struct upgrade_state {
    char token[TOKEN_MAX + 1];
    ws_resume_t *resume;
} upgrade_state_t;

static const char ws_guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

static int header_has_token(h2o_iovec_t v, const char *tok)
{
    size_t tl = strlen(tok);
    for (size_t i = 0; v.base != NULL && i + tl <= v.len; i++)
        if (strncasecmp(v.base + i, tok, tl) == 0)
            return 1;
    return 0;
}

static void accept_key(const char *key, size_t len, char out[29])
{
    unsigned char digest[EVP_MAX_MD_SIZE], in[64 + sizeof(ws_guid)];
    unsigned int dlen = 0;
    memcpy(in, key, len);
    memcpy(in + len, ws_guid, sizeof(ws_guid) - 1);
    EVP_Digest(in, len + sizeof(ws_guid) - 1, digest, &dlen, EVP_sha1(), NULL);
    EVP_EncodeBlock((unsigned char *)out, digest, (int)dlen);
}

static void copy_token(char out[TOKEN_MAX + 1], const char *p, size_t n)
{
    out[0] = '\0';
    if (p == NULL || n == 0 || n > TOKEN_MAX)
        return;
    memcpy(out, p, n);
    out[n] = '\0';
}

static void find_token(http_request_t *r, char out[TOKEN_MAX + 1])
{
    const char *cookie = http_request_cookie(r, "MMAUTHTOKEN");
    if (cookie != NULL && cookie[0] != '\0') {
        copy_token(out, cookie, strlen(cookie));
        return;
    }
    h2o_iovec_t auth = http_request_header(r, "authorization");
    if (auth.len > 7 && strncasecmp(auth.base, "bearer ", 7) == 0) {
        copy_token(out, auth.base + 7, auth.len - 7);
        return;
    }
    if (auth.len > 6 && strncasecmp(auth.base, "token ", 6) == 0) {
        copy_token(out, auth.base + 6, auth.len - 6);
        return;
    }
    const char *q = http_request_query(r, "access_token");
    if (q != NULL)
        copy_token(out, q, strlen(q));
}

/** @return 0, or -1 after answering 400. */
static int parse_resume(http_request_t *r, ws_resume_t **out)
{
    *out = NULL;
    const char *cid = http_request_query(r, "connection_id");
    if (cid == NULL || cid[0] == '\0')
        return 0;
    const char *seq = http_request_query(r, "sequence_number");
    if (!pl_id_valid(cid, strlen(cid)) || seq == NULL || seq[0] == '\0') {
        http_respond_error(r, 400, "api.web_socket.connect.invalid_param.app_error", "connection_id needs a sequence_number");
        return -1;
    }
    char *end;
    unsigned long v = strtoul(seq, &end, 10);
    if (*end != '\0' || seq[0] == '-' || v > UINT32_MAX) {
        http_respond_error(r, 400, "api.web_socket.connect.invalid_param.app_error", "bad sequence_number");
        return -1;
    }
    ws_resume_t *res = calloc(1, sizeof(*res));
    if (res == NULL)
        abort();
    memcpy(res->connection_id, cid, PL_ID_LEN + 1);
    res->sequence_number = (uint32_t)v;
    res->has_seq = true;
    *out = res;
    return 0;
}

static void on_upgraded(void *data, h2o_socket_t *sock, size_t reqsize)
{
    upgrade_state_t *st = data;
    ws_hub_t *h = ws_hub_current();
    if (sock == NULL || h == NULL || h->stopping) {
        if (sock != NULL)
            h2o_socket_close(sock);
        free(st->resume);
        free(st);
        return;
    }
    h2o_buffer_consume(&sock->input, reqsize);
    ws_conn_t *c = ws_conn_create(h, sock);
    c->resume = st->resume;
    if (st->token[0] != '\0')
        ws_auth_start(c, st->token, strlen(st->token), 0);
    free(st);
    ws_hub_after_pass(h);
}

/** Cross-site WebSocket hijacking: a page of another site must not open the socket with the user's
 *  cookie. @return 0, or -1 after answering 403 (as Mattermost's upgrader, URL Blocked because of CORS). */
static int check_origin(http_request_t *r)
{
    h2o_iovec_t origin = http_request_header(r, "origin");
    h2o_iovec_t host = r->req->authority;
    if (ws_origin_allowed(origin.base, origin.len, host.base, host.len))
        return 0;
    char blocked[ORIGIN_MAX + 1];
    size_t n = origin.len < ORIGIN_MAX ? origin.len : ORIGIN_MAX;
    memcpy(blocked, origin.base, n);
    blocked[n] = '\0';
    http_error_param_t p = {"BlockedOrigin", blocked};
    http_respond_error_params(r, 403, E_UPGRADE, &p, 1, "origin not allowed: %s", blocked);
    return -1;
}

int ws_upgrade_handler(http_request_t *r)
{
    h2o_iovec_t upgrade = http_request_header(r, "upgrade");
    if (upgrade.base == NULL && r->req != NULL)
        upgrade = r->req->upgrade; /* h2o keeps Upgrade out of the header list */
    h2o_iovec_t key = http_request_header(r, "sec-websocket-key");
    h2o_iovec_t version = http_request_header(r, "sec-websocket-version");
    if (r->req == NULL || !header_has_token(upgrade, "websocket") || key.len == 0 || key.len > 64 || version.len != 2 ||
        memcmp(version.base, "13", 2) != 0 || ws_hub_current() == NULL) {
        http_respond_error(r, 400, E_UPGRADE, "not a WebSocket handshake");
        return HTTP_DONE;
    }
    if (check_origin(r) != 0)
        return HTTP_DONE;
    ws_resume_t *resume;
    if (parse_resume(r, &resume) != 0)
        return HTTP_DONE;
    upgrade_state_t *st = calloc(1, sizeof(*st));
    if (st == NULL)
        abort();
    st->resume = resume;
    find_token(r, st->token);
    char *acc = h2o_mem_alloc_pool(&r->req->pool, 29);
    accept_key(key.base, key.len, acc);
    h2o_req_t *req = r->req;
    req->res.status = 101;
    req->res.reason = "Switching Protocols";
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_UPGRADE, NULL, H2O_STRLIT("websocket"));
    h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("sec-websocket-accept"), 0, NULL, acc, 28);
    h2o_http1_upgrade(req, NULL, 0, on_upgraded, st);
    return HTTP_TAKEN;
}
