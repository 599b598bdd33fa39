/*
 * The declarative endpoint skeleton (api/route.c) on hand-built requests (no sockets, no
 * database): {user_id} resolution, body decoding, permission check order, call, encoding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "api/route.h"
#include "http/internal.h"
#include "parley/err.h"

#define ALICE "aaaaaaaaaaaaaaaaaaaaaaaaaa"
#define BOB "bbbbbbbbbbbbbbbbbbbbbbbbbb"

typedef struct fixture {
    http_ctx_t ctx;
    app_session_t session;
} fixture_t;

/* What the fake call and check saw. */
static int calls, checks, disposed;
static char seen_user[32];
static int seen_value;

typedef struct thing {
    int value;
} thing_t;

static const char *thing_from_json(void *out, const json_t *o, const char **detail)
{
    thing_t *t = out;
    const json_t *v = json_object_get(o, "value");
    *detail = "value";
    if (!json_is_integer(v))
        return "api.context.invalid_body_param.app_error";
    if (json_integer_value(v) < 0)
        return "model.thing.is_valid.value.app_error";
    t->value = (int)json_integer_value(v);
    return NULL;
}

static void thing_dispose(void *p)
{
    (void)p;
    disposed++;
}

static const api_body_t thing_body = {JSON_OBJECT, sizeof(thing_t), thing_from_json, thing_dispose};

static int call_ok(api_call_t *c)
{
    calls++;
    snprintf(seen_user, sizeof(seen_user), "%s", c->user_id ? c->user_id : "");
    seen_value = c->body ? ((thing_t *)c->body)->value : -1;
    return 0;
}

static int call_out(api_call_t *c)
{
    calls++;
    c->out = json_pack("{s:i}", "value", ((thing_t *)c->body)->value);
    return 0;
}

static int call_fails(api_call_t *c)
{
    calls++;
    return app_error_set(&c->err, 404, "app.thing.missing.app_error", NULL);
}

static int check_denies(api_call_t *c)
{
    checks++;
    return app_error_set(&c->err, 403, "api.context.permissions.app_error", "no");
}

#define S HTTP_ROUTE_AUTH_SESSION
static const api_route_t rows[] = {
    {API_ROUTE("PUT", "/t/{user_id}", "plain", S), API_PERM_NONE, .call = call_ok},
    {API_ROUTE("PUT", "/t/{user_id}/body", "body", S), API_PERM_NONE, .body = &thing_body, .call = call_out, .status = 201},
    {API_ROUTE("PUT", "/t/{user_id}/denied", "denied", S), API_PERM_CHECK(check_denies), .body = &thing_body, .call = call_ok},
    {API_ROUTE("PUT", "/t/{user_id}/denied-first", "deniedFirst", S), API_PERM_CHECK(check_denies), .check_before_body = true,
     .body = &thing_body, .call = call_ok},
    {API_ROUTE("PUT", "/t/{user_id}/fails", "fails", S), API_PERM_NONE, .call = call_fails},
};

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
    r->method = iov("PUT");
    r->query = iov("");
    r->body = iov("");
    memcpy(f->session.user_id, ALICE, sizeof(ALICE));
    r->session = &f->session;
    calls = checks = disposed = 0;
    seen_user[0] = '\0';
    seen_value = -1;
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

/* Run row i with path param user_id and body; @return the request. */
static http_request_t *run(void **state, size_t i, const char *user_id, const char *body)
{
    http_request_t *r = &((fixture_t *)*state)->ctx.r;
    r->route = &rows[i].http;
    r->params[0] = (http_kv_t){iov("user_id"), iov(user_id)};
    r->nparams = 1;
    r->body = iov(body);
    r->status = 0; /* a fresh answer for each run */
    r->resp_body = iov("");
    assert_int_equal(api_route_run(r), HTTP_DONE);
    return r;
}

/* The answer's status and, for an AppError, its id. */
static void assert_answer(http_request_t *r, int status, const char *id)
{
    assert_int_equal(r->status, status);
    json_t *j = json_loadb(r->resp_body.base, r->resp_body.len, 0, NULL);
    assert_non_null(j);
    if (id)
        assert_string_equal(json_string_value(json_object_get(j, "id")), id);
    json_decref(j);
}

static void test_route__me_is_the_caller_and_no_out_is_ok(void **state)
{
    http_request_t *r = run(state, 0, "me", "");
    assert_answer(r, 200, NULL);
    assert_memory_equal(r->resp_body.base, "{\"status\":\"OK\"}", r->resp_body.len);
    assert_int_equal(calls, 1);
    assert_string_equal(seen_user, ALICE);
}

static void test_route__other_user_id_passed_through(void **state)
{
    run(state, 0, BOB, "");
    assert_string_equal(seen_user, BOB);
}

static void test_route__bad_user_id_is_400_before_the_call(void **state)
{
    http_request_t *r = run(state, 0, "not-an-id", "");
    assert_answer(r, 400, "api.context.invalid_url_param.app_error");
    assert_int_equal(calls, 0);
}

static void test_route__body_decoded_and_encoded_with_status(void **state)
{
    http_request_t *r = run(state, 1, "me", "{\"value\": 7}");
    assert_answer(r, 201, NULL);
    assert_memory_equal(r->resp_body.base, "{\"value\":7}", r->resp_body.len);
    assert_int_equal(disposed, 1);
}

static void test_route__malformed_json_is_400(void **state)
{
    http_request_t *r = run(state, 1, "me", "{\"value\": ");
    assert_answer(r, 400, "api.context.invalid_body_param.app_error");
    assert_int_equal(calls, 0);
    r = run(state, 1, "me", "[1]"); /* wrong JSON type */
    assert_answer(r, 400, "api.context.invalid_body_param.app_error");
    assert_int_equal(calls, 0);
}

static void test_route__decoder_error_id_is_the_answer(void **state)
{
    http_request_t *r = run(state, 1, "me", "{\"value\": -1}");
    assert_answer(r, 400, "model.thing.is_valid.value.app_error");
    assert_int_equal(calls, 0);
    assert_int_equal(disposed, 1); /* released even when decoding failed */
}

static void test_route__check_runs_after_the_body_by_default(void **state)
{
    http_request_t *r = run(state, 2, "me", "{\"value\": \"x\"}");
    assert_answer(r, 400, "api.context.invalid_body_param.app_error");
    assert_int_equal(checks, 0);
    r = run(state, 2, "me", "{\"value\": 1}");
    assert_answer(r, 403, "api.context.permissions.app_error");
    assert_int_equal(checks, 1);
    assert_int_equal(calls, 0);
}

static void test_route__check_before_body_when_asked(void **state)
{
    http_request_t *r = run(state, 3, "me", "{\"value\": \"x\"}");
    assert_answer(r, 403, "api.context.permissions.app_error");
    assert_int_equal(checks, 1);
    assert_int_equal(disposed, 0); /* the body was never read */
    assert_int_equal(calls, 0);
}

static void test_route__call_error_is_the_answer(void **state)
{
    http_request_t *r = run(state, 4, "me", "");
    assert_answer(r, 404, "app.thing.missing.app_error");
    assert_int_equal(calls, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_route__me_is_the_caller_and_no_out_is_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route__other_user_id_passed_through, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route__bad_user_id_is_400_before_the_call, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route__body_decoded_and_encoded_with_status, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route__malformed_json_is_400, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route__decoder_error_id_is_the_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route__check_runs_after_the_body_by_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route__check_before_body_when_asked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route__call_error_is_the_answer, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
