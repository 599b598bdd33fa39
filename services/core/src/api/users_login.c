/* POST /users/login and /users/logout (owner: accounts): Token header and the web cookies. */
#include "api/users_login.h"

#include "api/respond.h"
#include "api/session.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/login.h"
#include "model/config.h"

static int is_secure(http_request_t *r)
{
    h2o_iovec_t proto = http_request_header(r, "x-forwarded-proto");
    const char *site = model_config_get()->service.site_url;
    return (proto.len == 5 && strncasecmp(proto.base, "https", 5) == 0) || (site && strncmp(site, "https://", 8) == 0);
}

static void cookie(http_request_t *r, const char *name, const char *value, int64_t max_age, int http_only)
{
    char buf[512], date[64];
    time_t exp = time(NULL) + (time_t)max_age;
    struct tm tm;
    gmtime_r(&exp, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    snprintf(buf, sizeof(buf), "%s=%s; Path=/; Max-Age=%lld; Expires=%s%s%s", name, value, (long long)max_age, date,
             http_only ? "; HttpOnly" : "", is_secure(r) ? "; Secure" : "");
    http_response_header_add(r, "Set-Cookie", buf);
}

static int wants_cookies(http_request_t *r)
{
    h2o_iovec_t xrw = http_request_header(r, "x-requested-with");
    return xrw.len == 14 && strncasecmp(xrw.base, "XMLHttpRequest", 14) == 0;
}

static const char *header_str(http_request_t *r, const char *name)
{
    h2o_iovec_t v = http_request_header(r, name);
    return v.base ? http_request_strdup(r, v.base, v.len) : NULL;
}

int api_users_login(http_request_t *r)
{
    app_login_result_t res;
    app_error_t e = {0};
    char retry[24];
    json_t *body = http_request_json(r, JSON_OBJECT);
    if (!body)
        return HTTP_DONE;
    int rc = app_login(r->db, body, r->remote_addr, header_str(r, "user-agent"), &res, &e);
    if (rc != 0) {
        if (res.retry_after_ms > 0) {
            snprintf(retry, sizeof(retry), "%lld", (long long)(res.retry_after_ms + 999) / 1000);
            http_response_header_add(r, "Retry-After", retry);
        }
        api_respond_app_error(r, &e);
        json_decref(body);
        return HTTP_DONE;
    }
    json_decref(body);
    http_response_header_add(r, "Token", res.token);
    if (wants_cookies(r)) {
        cookie(r, "MMAUTHTOKEN", res.token, res.max_age_s, 1);
        cookie(r, "MMUSERID", res.user_id, res.max_age_s, 0);
        cookie(r, "MMCSRF", res.csrf, res.max_age_s, 0);
    }
    http_respond_json(r, 200, res.user);
    return HTTP_DONE;
}

int api_users_logout(http_request_t *r)
{
    app_logout(r->db, api_session(r));
    http_response_header_add(r, "Set-Cookie", "MMAUTHTOKEN=; Path=/; Max-Age=0; HttpOnly");
    http_response_header_add(r, "Set-Cookie", "MMUSERID=; Path=/; Max-Age=0");
    http_response_header_add(r, "Set-Cookie", "MMCSRF=; Path=/; Max-Age=0");
    http_respond_ok(r);
    return HTTP_DONE;
}
