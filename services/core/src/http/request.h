#ifndef PARLEY_CORE_HTTP_REQUEST_H
#define PARLEY_CORE_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <h2o.h>
#include <jansson.h>
#include "parley/id.h"
#include "http/router.h"

/*
 * The per-request context handed to every handler (and to the authenticator hook).
 *
 * Threads: a route runs either on its loop thread (HTTP_ROUTE_ON_LOOP) or on a worker thread
 * that owns one PostgreSQL connection (r->db). Everything below is valid on whichever thread
 * runs the handler, EXCEPT r->req, which is the live h2o request and is non-NULL only on the
 * loop thread (it is NULL on a worker, and the client may have gone away meanwhile: the
 * dispatcher then drops the answer and frees the context; never keep r->req).
 *
 * Memory: allocate request-lifetime memory from r->pool (http_request_alloc/strdup); it is freed
 * after the response has been sent (or dropped). Never free it. The context itself is owned by
 * the dispatcher.
 */

struct pg_conn; /* libpq's PGconn */
struct http_loop;

typedef struct http_kv {
    h2o_iovec_t name; /* request headers: lower-case */
    h2o_iovec_t value;
} http_kv_t;

typedef struct http_request {
    /* ---- request (read-only for handlers) ---- */
    h2o_mem_pool_t pool;       /* request memory, usable on the handler's thread */
    const http_route_t *route; /* the matched route (flags, name) */
    char request_id[PL_ID_LEN + 1];
    h2o_iovec_t method; /* "GET" ... (NUL-terminated) */
    h2o_iovec_t path;   /* without the query string (NUL-terminated) */
    h2o_iovec_t query;  /* raw query without '?', may be empty (NUL-terminated) */
    h2o_iovec_t body;   /* the whole request body (NUL-terminated copy; len <= route cap) */
    http_kv_t *headers; /* copies of the request headers */
    size_t nheaders;
    http_kv_t params[HTTP_MAX_PARAMS]; /* path {params}: percent-decoded, NUL-terminated */
    size_t nparams;
    char remote_addr[64];  /* peer address ("127.0.0.1"), "" when unknown */
    int64_t start_mono_ns; /* CLOCK_MONOTONIC ns at arrival */

    /* ---- thread-specific ---- */
    h2o_req_t *req;         /* loop thread only; NULL on a worker */
    struct pg_conn *db;     /* worker only: this worker's connection; NULL on the loop */
    struct http_loop *loop; /* the loop thread that owns the connection */

    /* ---- authentication: filled by the authenticator hook (see server.h) ---- */
    void *session;   /* opaque to http/; NULL = anonymous */
    void *auth_data; /* a second free slot for the authenticator */

    /* ---- response (set through the http_respond_* helpers) ---- */
    int status;                    /* 0 until a response was set */
    h2o_iovec_t resp_body;         /* in r->pool */
    const char *resp_content_type; /* static string; "application/json" by default */
    http_kv_t *resp_headers;       /* extra response headers, in r->pool */
    size_t resp_nheaders, resp_capheaders;

    /* ---- private to the dispatcher ---- */
    struct http_request_internal *_internal;
} http_request_t;

/* ---------------------------------------------------------------- reading the request */

/** @return the decoded path parameter (e.g. "user_id"), NUL-terminated, or NULL when absent. */
const char *http_request_param(const http_request_t *r, const char *name);
/** @return the decoded value of query parameter name (first occurrence), in r->pool, or NULL. */
const char *http_request_query(http_request_t *r, const char *name);
/** Parse a query bool like Go strconv.ParseBool (1,t,T,TRUE,true,True,0,f,...). Absent/invalid: def. */
bool http_request_query_bool(http_request_t *r, const char *name, bool def);
/** Parse a query integer; absent or not a number: def; clamped to [min, max]. */
int64_t http_request_query_int(http_request_t *r, const char *name, int64_t def, int64_t min, int64_t max);
/** @return the request header value (name is matched case-insensitively), or {NULL, 0}. */
h2o_iovec_t http_request_header(const http_request_t *r, const char *name);
/** @return the value of cookie name (NUL-terminated, in r->pool) or NULL. */
const char *http_request_cookie(http_request_t *r, const char *name);
/**
 * Decode the body as JSON. On failure (empty body, malformed JSON, a duplicate object key, or a
 * top-level type other than expected_type unless expected_type is -1) it answers 400 api.context.invalid_body_param.app_error
 * and returns NULL: the handler just returns HTTP_DONE. On success the caller json_decref()s.
 */
json_t *http_request_json(http_request_t *r, int expected_type);

/** Allocate from the request pool (never NULL: aborts on OOM). */
void *http_request_alloc(http_request_t *r, size_t n);
/** Like http_request_alloc; dispose(p) runs when the request memory is released (for objects owning heap memory). */
void *http_request_alloc_with_dispose(http_request_t *r, size_t n, void (*dispose)(void *));
/** NUL-terminated copy of s[0..len) in the request pool (len SIZE_MAX: strlen). */
char *http_request_strdup(http_request_t *r, const char *s, size_t len);

/* ---------------------------------------------------------------- answering */

/** Answer with a JSON value: serialized into r->pool, Content-Type application/json. Steals body. */
void http_respond_json(http_request_t *r, int status, json_t *body);
/** Answer with bytes (copied into r->pool) and the given static content type. */
void http_respond_raw(http_request_t *r, int status, const char *content_type, const void *body, size_t len);
/** Answer 200 {"status":"OK"} (Mattermost ReturnStatusOK). */
void http_respond_ok(http_request_t *r);
/**
 * Answer with a Mattermost AppError (the one error function):
 *   {"id":id,"message":<catalog text of id>,"detailed_error":detail,"request_id":...,"status_code":status}
 * id must be in proto/errors/catalog.tsv. detail may be NULL; it reaches the client only when
 * ServiceSettings.EnableDeveloper is set or the status is < 500 (5xx details go to the log with the
 * request id). printf-style. For the ids whose catalog row names a detail parameter (the
 * invalid-parameter family) the detail is that parameter: 400 api.context.invalid_url_param.app_error
 * "user_id" answers "Invalid or missing user_id parameter in request URL." with an empty detailed_error.
 */
void http_respond_error(http_request_t *r, int status, const char *id, const char *detail_fmt, ...)
    __attribute__((format(printf, 4, 5)));
struct http_error_param;
/** As http_respond_error, the message's {{.Param}} placeholders filled from params[0..n). */
void http_respond_error_params(http_request_t *r, int status, const char *id, const struct http_error_param *params, size_t n,
                               const char *detail_fmt, ...) __attribute__((format(printf, 6, 7)));
/** Add a response header (name and value copied into r->pool). Use before or after http_respond_*. */
void http_response_header_add(http_request_t *r, const char *name, const char *value);

/**
 * From a worker handler: once the worker is done, run fn on the owning loop thread with r->req
 * set (instead of sending the buffered response). fn must answer (or take over r->req) and
 * return HTTP_DONE / HTTP_TAKEN like a loop handler. It is not called when the client went away.
 * Use it for "authenticate on a worker, then upgrade to WebSocket on the loop".
 */
void http_request_continue_on_loop(http_request_t *r, http_handler_fn fn);

/**
 * From a loop handler (HTTP_ROUTE_ON_LOOP): hand the request to a worker and run fn there with
 * r->db (e.g. ping?get_server_status=true checks the database, plain ping stays on the loop).
 * The handler then returns HTTP_DONE without answering; fn answers. If the queue is full the
 * dispatcher answers 503 api.context.server_busy.app_error.
 */
void http_request_continue_on_worker(http_request_t *r, http_handler_fn fn);

#endif
