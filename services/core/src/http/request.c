#include "http/request.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http/errors.h"
#include "http/internal.h"
#include "parley/err.h"
#include "parley/log.h"

static int hexval(int c);
static char *url_decode(http_request_t *r, const char *p, size_t len, int plus_is_space);
static const char *query_find(http_request_t *r, const char *name);

void *http_request_alloc(http_request_t *r, size_t n)
{
    return h2o_mem_alloc_pool(&r->pool, n);
}

void *http_request_alloc_with_dispose(http_request_t *r, size_t n, void (*dispose)(void *))
{
    return h2o_mem_alloc_shared(&r->pool, n, dispose);
}

char *http_request_strdup(http_request_t *r, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        len = strlen(s);
    char *p = h2o_mem_alloc_pool(&r->pool, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

const char *http_request_param(const http_request_t *r, const char *name)
{
    for (size_t i = 0; i < r->nparams; i++) {
        if (strcmp(r->params[i].name.base, name) == 0)
            return r->params[i].value.base;
    }
    return NULL;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decode into the pool; malformed escapes are kept literally. */
static char *url_decode(http_request_t *r, const char *p, size_t len, int plus_is_space)
{
    char *out = h2o_mem_alloc_pool(&r->pool, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '%' && i + 2 < len && hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
            out[o++] = (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
            i += 2;
        } else if (plus_is_space && p[i] == '+') {
            out[o++] = ' ';
        } else {
            out[o++] = p[i];
        }
    }
    out[o] = '\0';
    return out;
}

char *http_request_decode_component(http_request_t *r, const char *p, size_t len)
{
    return url_decode(r, p, len, 0);
}

static const char *query_find(http_request_t *r, const char *name)
{
    const char *q = r->query.base;
    size_t len = r->query.len, nlen = strlen(name);
    size_t i = 0;
    while (q != NULL && i < len) {
        size_t start = i;
        while (i < len && q[i] != '&')
            i++;
        const char *pair = q + start;
        size_t plen = i - start;
        const char *eq = memchr(pair, '=', plen);
        size_t klen = eq ? (size_t)(eq - pair) : plen;
        char *key = url_decode(r, pair, klen, 1);
        if (strlen(key) == nlen && memcmp(key, name, nlen) == 0)
            return eq ? url_decode(r, eq + 1, plen - klen - 1, 1) : "";
        i++;
    }
    return NULL;
}

const char *http_request_query(http_request_t *r, const char *name)
{
    return query_find(r, name);
}

bool http_request_query_bool(http_request_t *r, const char *name, bool def)
{
    static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
    static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};
    const char *v = query_find(r, name);
    if (v == NULL)
        return def;
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (strcmp(v, yes[i]) == 0)
            return true;
        if (strcmp(v, no[i]) == 0)
            return false;
    }
    return def;
}

int64_t http_request_query_int(http_request_t *r, const char *name, int64_t def, int64_t min, int64_t max)
{
    const char *v = query_find(r, name);
    if (v == NULL || *v == '\0')
        return def;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (end == NULL || *end != '\0')
        return def;
    if (n < min)
        return min;
    if (n > max)
        return max;
    return n;
}

h2o_iovec_t http_request_header(const http_request_t *r, const char *name)
{
    size_t nlen = strlen(name);
    for (size_t i = 0; i < r->nheaders; i++) {
        if (r->headers[i].name.len == nlen && strncasecmp(r->headers[i].name.base, name, nlen) == 0)
            return r->headers[i].value;
    }
    return h2o_iovec_init(NULL, 0);
}

/* Find name=value in one Cookie header value ("a=b; c=d"). */
static const char *cookie_in(http_request_t *r, h2o_iovec_t v, const char *name)
{
    size_t nlen = strlen(name), i = 0;
    while (i < v.len) {
        while (i < v.len && (v.base[i] == ' ' || v.base[i] == ';'))
            i++;
        size_t start = i;
        while (i < v.len && v.base[i] != ';')
            i++;
        const char *pair = v.base + start;
        size_t plen = i - start;
        if (plen > nlen && memcmp(pair, name, nlen) == 0 && pair[nlen] == '=')
            return http_request_strdup(r, pair + nlen + 1, plen - nlen - 1);
    }
    return NULL;
}

const char *http_request_cookie(http_request_t *r, const char *name)
{
    for (size_t i = 0; i < r->nheaders; i++) {
        if (r->headers[i].name.len == 6 && strncasecmp(r->headers[i].name.base, "cookie", 6) == 0) {
            const char *v = cookie_in(r, r->headers[i].value, name);
            if (v != NULL)
                return v;
        }
    }
    return NULL;
}

/* {{.Name}} of a body that is not the JSON the route takes (the parser's complaint is the detail). */
static const http_error_param_t JSON_PARAM = {"Name", "JSON"};

json_t *http_request_json(http_request_t *r, int expected_type)
{
    json_error_t jerr;
    json_t *j = NULL;
    if (r->body.len == 0) {
        http_respond_error_params(r, 400, "api.context.invalid_body_param.app_error", &JSON_PARAM, 1, "empty body");
        return NULL;
    }
    /* Duplicate keys are refused, as on the WebSocket: "last one wins" would let two layers read two values. */
    j = json_loadb(r->body.base, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (j == NULL) {
        http_respond_error_params(r, 400, "api.context.invalid_body_param.app_error", &JSON_PARAM, 1, "line %d: %s", jerr.line,
                                  jerr.text);
        return NULL;
    }
    if (expected_type >= 0 && (int)json_typeof(j) != expected_type) {
        json_decref(j);
        http_respond_error_params(r, 400, "api.context.invalid_body_param.app_error", &JSON_PARAM, 1, "unexpected JSON type");
        return NULL;
    }
    return j;
}

void http_request_continue_on_loop(http_request_t *r, http_handler_fn fn)
{
    r->_internal->cont = fn;
}

void http_request_continue_on_worker(http_request_t *r, http_handler_fn fn)
{
    r->_internal->on_worker = fn;
}
