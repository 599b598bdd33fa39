#include "http/router.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "parley/err.h"
#include "parley/log.h"

/*
 * Routes are kept pre-split into segments and bucketed by segment count; a lookup scans only the
 * bucket of the request's segment count (a few dozen routes at most). Among the routes whose
 * pattern matches, the one with literals at the earliest positions wins (score below).
 */

typedef struct segment {
    const char *text; /* literal text, or the param name */
    size_t len;
    int is_param;
} segment_t;

typedef struct compiled {
    const http_route_t *route;
    size_t nseg;
    segment_t seg[HTTP_MAX_SEGMENTS];
} compiled_t;

typedef struct bucket {
    compiled_t *items;
    size_t n, cap;
} bucket_t;

struct http_router {
    bucket_t buckets[HTTP_MAX_SEGMENTS + 1];
    size_t count;
};

typedef struct path_split {
    size_t n;
    const char *p[HTTP_MAX_SEGMENTS];
    size_t len[HTTP_MAX_SEGMENTS];
} path_split_t;

static int compile(const http_route_t *route, compiled_t *out);
static int split_path(const char *path, size_t len, path_split_t *out);
static int bucket_push(bucket_t *b, const compiled_t *c);
static int is_duplicate(const bucket_t *b, const compiled_t *c);
static int same_pattern(const compiled_t *a, const compiled_t *b);
static int64_t score(const compiled_t *c, const path_split_t *ps);
static void add_allow(http_match_t *out, const char *method);
static void fill_params(const compiled_t *c, const path_split_t *ps, http_match_t *out);

http_router_t *http_router_create(void)
{
    http_router_t *r = calloc(1, sizeof(*r));
    if (r == NULL)
        abort();
    return r;
}

void http_router_destroy(http_router_t *router)
{
    if (router == NULL)
        return;
    for (size_t i = 0; i <= HTTP_MAX_SEGMENTS; i++)
        free(router->buckets[i].items);
    free(router);
}

size_t http_router_count(const http_router_t *router)
{
    return router->count;
}

size_t http_router_max_body(const http_router_t *router)
{
    size_t max = 0;
    for (size_t i = 0; i <= HTTP_MAX_SEGMENTS; i++) {
        for (size_t j = 0; j < router->buckets[i].n; j++) {
            if (router->buckets[i].items[j].route->max_body > max)
                max = router->buckets[i].items[j].route->max_body;
        }
    }
    return max;
}

int http_router_add(http_router_t *router, const http_route_t *routes, size_t n)
{
    return http_router_add_rows(router, routes, n, sizeof(*routes));
}

int http_router_add_rows(http_router_t *router, const http_route_t *first, size_t n, size_t stride)
{
    for (size_t i = 0; i < n; i++) {
        const http_route_t *route = (const http_route_t *)(const void *)((const char *)first + i * stride);
        compiled_t c;
        if (compile(route, &c) != PL_OK) {
            PL_LOG_ERROR("invalid route", "path", route->path ? route->path : "(null)");
            return PL_EINVAL;
        }
        bucket_t *b = &router->buckets[c.nseg];
        if (is_duplicate(b, &c)) {
            PL_LOG_ERROR("duplicate route", "method", route->method, "path", route->path);
            return PL_EINVAL;
        }
        if (bucket_push(b, &c) != PL_OK)
            return PL_ETOOBIG;
        router->count++;
    }
    return PL_OK;
}

const http_route_t *http_router_at(const http_router_t *router, size_t i)
{
    for (size_t b = 0; b <= HTTP_MAX_SEGMENTS; b++) {
        if (i < router->buckets[b].n)
            return router->buckets[b].items[i].route;
        i -= router->buckets[b].n;
    }
    return NULL;
}

int http_router_match(const http_router_t *router, const char *method, size_t method_len, const char *path, size_t path_len,
                      http_match_t *out)
{
    path_split_t ps;
    const compiled_t *best = NULL;
    int64_t best_score = -1;
    int path_known = 0;

    memset(out, 0, sizeof(*out));
    if (split_path(path, path_len, &ps) != PL_OK)
        return HTTP_MATCH_NOT_FOUND;
    const bucket_t *b = &router->buckets[ps.n];
    for (size_t i = 0; i < b->n; i++) {
        const compiled_t *c = &b->items[i];
        int64_t s = score(c, &ps);
        if (s < 0)
            continue;
        path_known = 1;
        const char *m = c->route->method;
        if (strlen(m) != method_len || memcmp(m, method, method_len) != 0) {
            add_allow(out, m);
            continue;
        }
        if (s > best_score) {
            best = c;
            best_score = s;
        }
    }
    if (best == NULL)
        return path_known ? HTTP_MATCH_BAD_METHOD : HTTP_MATCH_NOT_FOUND;
    out->route = best->route;
    out->allow[0] = '\0';
    fill_params(best, &ps, out);
    return HTTP_MATCH_OK;
}

/* A literal segment at position i is worth 2^(HTTP_MAX_SEGMENTS - 1 - i): earlier literals dominate.
 * @return -1 when the pattern does not match. */
static int64_t score(const compiled_t *c, const path_split_t *ps)
{
    int64_t s = 0;
    for (size_t i = 0; i < c->nseg; i++) {
        const segment_t *seg = &c->seg[i];
        if (seg->is_param) {
            if (ps->len[i] == 0)
                return -1;
            continue;
        }
        if (seg->len != ps->len[i] || memcmp(seg->text, ps->p[i], seg->len) != 0)
            return -1;
        s |= (int64_t)1 << (HTTP_MAX_SEGMENTS - 1 - i);
    }
    return s;
}

static void fill_params(const compiled_t *c, const path_split_t *ps, http_match_t *out)
{
    for (size_t i = 0; i < c->nseg; i++) {
        if (!c->seg[i].is_param)
            continue;
        http_match_param_t *p = &out->params[out->nparams++];
        p->name = c->seg[i].text;
        p->name_len = c->seg[i].len;
        p->value = ps->p[i];
        p->len = ps->len[i];
    }
}

static void add_allow(http_match_t *out, const char *method)
{
    size_t used = strlen(out->allow);
    size_t mlen = strlen(method);
    if (strstr(out->allow, method) != NULL)
        return;
    if (used + mlen + 3 > sizeof(out->allow))
        return;
    if (used > 0) {
        memcpy(out->allow + used, ", ", 2);
        used += 2;
    }
    memcpy(out->allow + used, method, mlen + 1);
}

/* Split "/a/b/c" into segments; one trailing '/' is ignored ("/a/b/" == "/a/b"). */
static int split_path(const char *path, size_t len, path_split_t *out)
{
    out->n = 0;
    if (len == 0 || path[0] != '/')
        return PL_EINVAL;
    if (len > 1 && path[len - 1] == '/')
        len--;
    size_t i = 1;
    if (len == 1)
        return PL_OK; /* "/" has zero segments */
    while (i <= len) {
        size_t start = i;
        while (i < len && path[i] != '/')
            i++;
        if (out->n == HTTP_MAX_SEGMENTS)
            return PL_ETOOBIG;
        out->p[out->n] = path + start;
        out->len[out->n] = i - start;
        out->n++;
        i++;
    }
    return PL_OK;
}

static int compile(const http_route_t *route, compiled_t *out)
{
    path_split_t ps;
    size_t nparams = 0;

    memset(out, 0, sizeof(*out));
    if (route->method == NULL || route->path == NULL || route->handler == NULL)
        return PL_EINVAL;
    if (route->auth <= HTTP_ROUTE_AUTH_INVALID || route->auth >= HTTP_ROUTE_AUTH_COUNT)
        return PL_EINVAL; /* every route names who may call it */
    if (split_path(route->path, strlen(route->path), &ps) != PL_OK)
        return PL_EINVAL;
    out->route = route;
    out->nseg = ps.n;
    for (size_t i = 0; i < ps.n; i++) {
        segment_t *seg = &out->seg[i];
        const char *p = ps.p[i];
        size_t n = ps.len[i];
        if (n >= 3 && p[0] == '{' && p[n - 1] == '}') {
            if (++nparams > HTTP_MAX_PARAMS)
                return PL_EINVAL;
            seg->is_param = 1;
            seg->text = p + 1;
            seg->len = n - 2;
        } else {
            if (n == 0 || memchr(p, '{', n) != NULL || memchr(p, '}', n) != NULL)
                return PL_EINVAL;
            seg->text = p;
            seg->len = n;
        }
    }
    return PL_OK;
}

static int same_pattern(const compiled_t *a, const compiled_t *b)
{
    if (a->nseg != b->nseg)
        return 0;
    for (size_t i = 0; i < a->nseg; i++) {
        if (a->seg[i].is_param != b->seg[i].is_param)
            return 0;
        if (!a->seg[i].is_param && (a->seg[i].len != b->seg[i].len || memcmp(a->seg[i].text, b->seg[i].text, a->seg[i].len) != 0))
            return 0;
    }
    return 1;
}

static int is_duplicate(const bucket_t *b, const compiled_t *c)
{
    for (size_t i = 0; i < b->n; i++) {
        if (strcmp(b->items[i].route->method, c->route->method) == 0 && same_pattern(&b->items[i], c))
            return 1;
    }
    return 0;
}

static int bucket_push(bucket_t *b, const compiled_t *c)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        compiled_t *items = realloc(b->items, cap * sizeof(*items));
        if (items == NULL)
            abort();
        b->items = items;
        b->cap = cap;
    }
    b->items[b->n++] = *c;
    return PL_OK;
}
