#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "http/internal.h"
#include "parley/err.h"

/* Request helpers on a hand-built context (no sockets): query, cookies, headers, JSON body,
 * AppError responses. */

typedef struct fixture {
    http_ctx_t ctx;
    http_kv_t headers[4];
} fixture_t;

static h2o_iovec_t iov(const char *s)
{
    return h2o_iovec_init(s, strlen(s));
}

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof(*f));
    http_request_t *r = &f->ctx.r;
    h2o_mem_init_pool(&r->pool);
    r->_internal = &f->ctx;
    memcpy(r->request_id, "abcdefghijklmnopqrstuvwxyz", PL_ID_LEN + 1);
    r->method = iov("GET");
    r->path = iov("/api/v4/x");
    r->query = iov("page=2&per_page=abc&flag=True&off=0&name=a%20b+c&empty=&bare&bad=%zz&big=99999");
    f->headers[0] = (http_kv_t){iov("cookie"), iov("MMUSERID=u1; MMAUTHTOKEN=tok123;x=y")};
    f->headers[1] = (http_kv_t){iov("x-csrf-token"), iov("csrf")};
    f->headers[2] = (http_kv_t){iov("Cookie"), iov("second=2")};
    r->headers = f->headers;
    r->nheaders = 3;
    r->params[0] = (http_kv_t){iov("user_id"), iov("me")};
    r->nparams = 1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    h2o_mem_clear_pool(&f->ctx.r.pool);
    free(f);
    return 0;
}

static http_request_t *req(void **state)
{
    return &((fixture_t *)*state)->ctx.r;
}

static void test_request__query_values(void **state)
{
    http_request_t *r = req(state);
    assert_string_equal(http_request_query(r, "page"), "2");
    assert_string_equal(http_request_query(r, "name"), "a b c");
    assert_string_equal(http_request_query(r, "empty"), "");
    assert_string_equal(http_request_query(r, "bare"), "");
    assert_string_equal(http_request_query(r, "bad"), "%zz");
    assert_null(http_request_query(r, "missing"));
    assert_null(http_request_query(r, "pag"));
}

static void test_request__query_bool_like_go(void **state)
{
    http_request_t *r = req(state);
    assert_true(http_request_query_bool(r, "flag", false));
    assert_false(http_request_query_bool(r, "off", true));
    assert_true(http_request_query_bool(r, "missing", true));
    assert_false(http_request_query_bool(r, "name", false)); /* not a bool: default */
}

static void test_request__query_int_bounds(void **state)
{
    http_request_t *r = req(state);
    assert_int_equal(http_request_query_int(r, "page", 0, 0, 100), 2);
    assert_int_equal(http_request_query_int(r, "per_page", 60, 1, 200), 60);
    assert_int_equal(http_request_query_int(r, "big", 60, 1, 200), 200);
    assert_int_equal(http_request_query_int(r, "missing", 7, 0, 10), 7);
}

static void test_request__headers_and_cookies(void **state)
{
    http_request_t *r = req(state);
    h2o_iovec_t v = http_request_header(r, "X-CSRF-Token");
    assert_int_equal(v.len, 4);
    assert_memory_equal(v.base, "csrf", 4);
    assert_null(http_request_header(r, "authorization").base);
    assert_string_equal(http_request_cookie(r, "MMAUTHTOKEN"), "tok123");
    assert_string_equal(http_request_cookie(r, "MMUSERID"), "u1");
    assert_string_equal(http_request_cookie(r, "second"), "2");
    assert_null(http_request_cookie(r, "MMAUTH"));
    assert_string_equal(http_request_param(r, "user_id"), "me");
    assert_null(http_request_param(r, "team_id"));
}

static void test_request__json_body(void **state)
{
    http_request_t *r = req(state);
    r->body = iov("{\"a\":1}");
    json_t *j = http_request_json(r, JSON_OBJECT);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "a")), 1);
    json_decref(j);
    assert_int_equal(r->status, 0);
}

static void test_request__malformed_json_answers_400(void **state)
{
    http_request_t *r = req(state);
    r->body = iov("{\"a\":");
    assert_null(http_request_json(r, JSON_OBJECT));
    assert_int_equal(r->status, 400);
    assert_string_equal(r->resp_content_type, "application/json");
    json_t *e = json_loadb(r->resp_body.base, r->resp_body.len, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(e, "id")), "api.context.invalid_body_param.app_error");
    assert_string_equal(json_string_value(json_object_get(e, "message")), "Invalid or missing JSON in request body.");
    assert_string_equal(json_string_value(json_object_get(e, "detailed_error")), "line 1: unexpected token near end of file");
    assert_string_equal(json_string_value(json_object_get(e, "request_id")), "abcdefghijklmnopqrstuvwxyz");
    json_decref(e);
    r->body = iov("[1]");
    r->status = 0;
    assert_null(http_request_json(r, JSON_OBJECT));
    assert_int_equal(r->status, 400);
}

static void test_request__5xx_detail_hidden(void **state)
{
    http_request_t *r = req(state);
    http_respond_error(r, 500, "api.context.internal.app_error", "secret %d", 42);
    json_t *e = json_loadb(r->resp_body.base, r->resp_body.len, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(e, "detailed_error")), "");
    assert_int_equal(json_integer_value(json_object_get(e, "status_code")), 500);
    json_decref(e);
    http_respond_error(r, 400, "api.context.invalid_url_param.app_error", "user_id");
    e = json_loadb(r->resp_body.base, r->resp_body.len, 0, NULL);
    /* the detail is the {{.Name}} of the invalid-parameter ids (NewInvalidUrlParamError) */
    assert_string_equal(json_string_value(json_object_get(e, "message")), "Invalid or missing user_id parameter in request URL.");
    assert_string_equal(json_string_value(json_object_get(e, "detailed_error")), "");
    json_decref(e);
    http_respond_error(r, 404, "api.context.404.app_error", "/x");
    e = json_loadb(r->resp_body.base, r->resp_body.len, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(e, "message")), "Sorry, we could not find the page.");
    assert_string_equal(json_string_value(json_object_get(e, "detailed_error")), "/x");
    json_decref(e);
}

static void test_request__response_headers_grow(void **state)
{
    http_request_t *r = req(state);
    for (int i = 0; i < 20; i++)
        http_response_header_add(r, "X-Test", "v");
    assert_int_equal(r->resp_nheaders, 20);
    assert_memory_equal(r->resp_headers[19].name.base, "X-Test", 6);
    http_respond_ok(r);
    assert_int_equal(r->status, 200);
    assert_memory_equal(r->resp_body.base, "{\"status\":\"OK\"}", r->resp_body.len);
}

static int disposed;
static void count_dispose(void *p)
{
    assert_int_equal(*(int *)p, 42);
    disposed++;
}

/* api/ gets request memory with a destructor from http/, not from h2o (layers: api may not call h2o). */
static void test_request__alloc_with_dispose_runs_at_release(void **state)
{
    http_request_t *r = req(state);
    disposed = 0;
    int *p = http_request_alloc_with_dispose(r, sizeof(*p), count_dispose);
    *p = 42;
    assert_int_equal(disposed, 0);
    h2o_mem_clear_pool(&r->pool);
    assert_int_equal(disposed, 1);
    h2o_mem_init_pool(&r->pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_request__query_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request__query_bool_like_go, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request__query_int_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request__headers_and_cookies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request__json_body, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request__malformed_json_answers_400, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request__5xx_detail_hidden, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request__response_headers_grow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request__alloc_with_dispose_runs_at_release, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
