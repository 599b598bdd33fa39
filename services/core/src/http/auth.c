#include "http/auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/request.h"
#include "parley/err.h"

static http_auth_ops_t g_ops;

void http_auth_set_ops(const http_auth_ops_t *ops)
{
    g_ops = *ops;
}

static int copy_token(const char *p, size_t n, char *out)
{
    while (n > 0 && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n == 0 || n > HTTP_AUTH_TOKEN_MAX)
        return 0;
    memcpy(out, p, n);
    out[n] = '\0';
    return 1;
}

/* "<scheme> <token>" with the scheme matched case-insensitively. */
static int scheme_token(const char *h, size_t n, const char *scheme, char *out)
{
    size_t sl = strlen(scheme);
    if (n <= sl + 1 || strncasecmp(h, scheme, sl) != 0 || h[sl] != ' ')
        return 0;
    return copy_token(h + sl + 1, n - sl - 1, out);
}

http_auth_location_t http_auth_token_parse(const char *cookie, const char *authorization, size_t authorization_len,
                                           const char *query, char *out)
{
    out[0] = '\0';
    if (cookie && copy_token(cookie, strlen(cookie), out))
        return HTTP_AUTH_COOKIE;
    if (authorization && scheme_token(authorization, authorization_len, "bearer", out))
        return HTTP_AUTH_BEARER;
    if (authorization && scheme_token(authorization, authorization_len, "token", out))
        return HTTP_AUTH_TOKEN;
    if (query && copy_token(query, strlen(query), out))
        return HTTP_AUTH_QUERY;
    out[0] = '\0';
    return HTTP_AUTH_NONE;
}

static int equal(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    unsigned diff = an != bn;
    for (size_t i = 0; i < an && i < bn; i++)
        diff |= (unsigned char)a[i] ^ (unsigned char)b[i];
    return diff == 0;
}

http_csrf_result_t http_auth_csrf_check(const char *method, http_auth_location_t loc, bool trust_requester,
                                        const char *header_token, size_t header_len, const char *requested_with,
                                        size_t requested_with_len, const char *session_csrf, bool strict)
{
    if (loc != HTTP_AUTH_COOKIE || trust_requester || strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
        return HTTP_CSRF_NOT_CHECKED;
    if (header_token && header_len > 0 && session_csrf && session_csrf[0] && equal(header_token, header_len, session_csrf))
        return HTTP_CSRF_OK;
    if (!strict && requested_with && requested_with_len == 14 && strncasecmp(requested_with, "XMLHttpRequest", 14) == 0)
        return HTTP_CSRF_OK_LEGACY;
    return HTTP_CSRF_FAILED;
}

static void clear_cookie(http_request_t *r)
{
    http_response_header_add(r, "Set-Cookie", "MMAUTHTOKEN=; Path=/; Max-Age=0; HttpOnly");
}

int http_auth_authenticate(http_request_t *r)
{
    char token[HTTP_AUTH_TOKEN_MAX + 1];
    void *session = NULL;
    const char *csrf = NULL;
    if (r->db == NULL || g_ops.lookup == NULL)
        return 0;
    h2o_iovec_t authz = http_request_header(r, "authorization");
    http_auth_location_t loc = http_auth_token_parse(http_request_cookie(r, "MMAUTHTOKEN"), authz.base, authz.len,
                                                     http_request_query(r, "access_token"), token);
    if (loc == HTTP_AUTH_NONE)
        return 0;
    int rc = g_ops.lookup(r, token, &session, &csrf);
    if (rc == PL_EAGAIN) {
        /* The store could not say: the session may well be valid, so keep the cookie. */
        http_respond_error(r, 503, "api.context.server_busy.app_error", "session store unavailable");
        return 1;
    }
    if (rc != PL_OK) {
        if (loc == HTTP_AUTH_COOKIE)
            clear_cookie(r);
        return 0;
    }
    if (loc == HTTP_AUTH_QUERY) {
        http_respond_error(r, 401, "api.context.token_provided.app_error", "token in query string");
        return 1;
    }
    h2o_iovec_t hdr = http_request_header(r, "x-csrf-token"), xrw = http_request_header(r, "x-requested-with");
    if (http_auth_csrf_check(r->method.base, loc, r->route->auth == HTTP_ROUTE_AUTH_TRUSTED_REQUESTER, hdr.base, hdr.len, xrw.base,
                             xrw.len, csrf, g_ops.strict_csrf) == HTTP_CSRF_FAILED) {
        http_respond_error(r, 401, "api.context.session_expired.app_error", "CSRF token check failed");
        return 1;
    }
    r->session = session;
    if (g_ops.touch)
        g_ops.touch(r, session);
    return 0;
}
