#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "http/router.h"
#include "parley/err.h"

static int h_a(struct http_request *r)
{
    (void)r;
    return 0;
}

static int h_b(struct http_request *r)
{
    (void)r;
    return 0;
}

static const http_route_t users[] = {
    {"GET", "/api/v4/users/{user_id}", HTTP_ROUTE_AUTH_SESSION, h_a, 0, 0, "getUser", NULL},
    {"PUT", "/api/v4/users/{user_id}", HTTP_ROUTE_AUTH_SESSION, h_b, 0, 0, "updateUser", NULL},
    {"POST", "/api/v4/users/ids", HTTP_ROUTE_AUTH_SESSION, h_b, 0, 0, "getUsersByIds", NULL},
    {"GET", "/api/v4/users/{user_id}/teams/{team_id}/channels", HTTP_ROUTE_AUTH_SESSION, h_a, 0, 0, "getChannels", NULL},
    {"GET", "/api/v4/users/me/teams/{team_id}/channels", HTTP_ROUTE_AUTH_SESSION, h_b, 0, 0, "getMyChannels", NULL},
    {"GET", "/api/v4/system/ping", HTTP_ROUTE_AUTH_SESSION, h_a, 0, 0, "ping", NULL},
    {"GET", "/", HTTP_ROUTE_AUTH_SESSION, h_a, 0, 0, "root", NULL},
};

static int setup(void **state)
{
    http_router_t *r = http_router_create();
    assert_int_equal(http_router_add(r, users, sizeof(users) / sizeof(users[0])), PL_OK);
    *state = r;
    return 0;
}

static int teardown(void **state)
{
    http_router_destroy(*state);
    return 0;
}

static int match(void **state, const char *method, const char *path, http_match_t *m)
{
    return http_router_match(*state, method, strlen(method), path, strlen(path), m);
}

static void test_router__exact_literal(void **state)
{
    http_match_t m;
    assert_int_equal(match(state, "GET", "/api/v4/system/ping", &m), HTTP_MATCH_OK);
    assert_string_equal(m.route->name, "ping");
    assert_int_equal(m.nparams, 0);
}

static void test_router__param_extracted(void **state)
{
    http_match_t m;
    assert_int_equal(match(state, "GET", "/api/v4/users/abc123", &m), HTTP_MATCH_OK);
    assert_string_equal(m.route->name, "getUser");
    assert_int_equal(m.nparams, 1);
    assert_int_equal(m.params[0].name_len, 7);
    assert_memory_equal(m.params[0].name, "user_id", 7);
    assert_int_equal(m.params[0].len, 6);
    assert_memory_equal(m.params[0].value, "abc123", 6);
}

static void test_router__two_params(void **state)
{
    http_match_t m;
    assert_int_equal(match(state, "GET", "/api/v4/users/u1/teams/t2/channels", &m), HTTP_MATCH_OK);
    assert_string_equal(m.route->name, "getChannels");
    assert_int_equal(m.nparams, 2);
    assert_memory_equal(m.params[0].value, "u1", 2);
    assert_memory_equal(m.params[1].value, "t2", 2);
}

static void test_router__literal_beats_param(void **state)
{
    http_match_t m;
    assert_int_equal(match(state, "POST", "/api/v4/users/ids", &m), HTTP_MATCH_OK);
    assert_string_equal(m.route->name, "getUsersByIds");
    assert_int_equal(match(state, "GET", "/api/v4/users/me/teams/t/channels", &m), HTTP_MATCH_OK);
    assert_string_equal(m.route->name, "getMyChannels");
    /* GET on "ids" falls back to the {user_id} route: it is a valid path for GET */
    assert_int_equal(match(state, "GET", "/api/v4/users/ids", &m), HTTP_MATCH_OK);
    assert_string_equal(m.route->name, "getUser");
}

static void test_router__method_selects_route(void **state)
{
    http_match_t m;
    assert_int_equal(match(state, "PUT", "/api/v4/users/x", &m), HTTP_MATCH_OK);
    assert_string_equal(m.route->name, "updateUser");
}

static void test_router__unknown_path_is_404(void **state)
{
    http_match_t m;
    assert_int_equal(match(state, "GET", "/api/v4/nothing", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(match(state, "GET", "/api/v4/users/a/b", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(match(state, "GET", "/api/v4/users//teams/t/channels", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(match(state, "GET", "", &m), HTTP_MATCH_NOT_FOUND);
    assert_int_equal(match(state, "GET", "relative", &m), HTTP_MATCH_NOT_FOUND);
}

static void test_router__wrong_method_is_405_with_allow(void **state)
{
    http_match_t m;
    assert_int_equal(match(state, "DELETE", "/api/v4/users/x", &m), HTTP_MATCH_BAD_METHOD);
    assert_non_null(strstr(m.allow, "GET"));
    assert_non_null(strstr(m.allow, "PUT"));
    assert_int_equal(match(state, "POST", "/api/v4/system/ping", &m), HTTP_MATCH_BAD_METHOD);
    assert_string_equal(m.allow, "GET");
}

static void test_router__trailing_slash_ignored(void **state)
{
    http_match_t m;
    assert_int_equal(match(state, "GET", "/api/v4/system/ping/", &m), HTTP_MATCH_OK);
    assert_string_equal(m.route->name, "ping");
    assert_int_equal(match(state, "GET", "/", &m), HTTP_MATCH_OK);
    assert_string_equal(m.route->name, "root");
}

static void test_router__too_many_segments_is_404(void **state)
{
    char path[256];
    for (int i = 0; i < 100; i++)
        memcpy(path + 2 * i, "/a", 2);
    path[200] = '\0';
    http_match_t m;
    assert_int_equal(match(state, "GET", path, &m), HTTP_MATCH_NOT_FOUND);
}

static void test_router__rejects_bad_tables(void **state)
{
    (void)state;
    http_router_t *r = http_router_create();
    static const http_route_t dup[] = {{"GET", "/a/{x}", HTTP_ROUTE_AUTH_SESSION, h_a, 0, 0, NULL, NULL},
                                       {"GET", "/a/{y}", HTTP_ROUTE_AUTH_SESSION, h_b, 0, 0, NULL, NULL}};
    static const http_route_t brace[] = {{"GET", "/a/b{x}", HTTP_ROUTE_AUTH_SESSION, h_a, 0, 0, NULL, NULL}};
    static const http_route_t empty[] = {{"GET", "/a//b", HTTP_ROUTE_AUTH_SESSION, h_a, 0, 0, NULL, NULL}};
    static const http_route_t nohandler[] = {{"GET", "/a", HTTP_ROUTE_AUTH_SESSION, NULL, 0, 0, NULL, NULL}};
    static const http_route_t relative[] = {{"GET", "a/b", HTTP_ROUTE_AUTH_SESSION, h_a, 0, 0, NULL, NULL}};
    assert_int_equal(http_router_add(r, dup, 2), PL_EINVAL);
    assert_int_equal(http_router_add(r, brace, 1), PL_EINVAL);
    assert_int_equal(http_router_add(r, empty, 1), PL_EINVAL);
    assert_int_equal(http_router_add(r, nohandler, 1), PL_EINVAL);
    assert_int_equal(http_router_add(r, relative, 1), PL_EINVAL);
    http_router_destroy(r);
}

/* 0 is not an auth kind: a row that forgets .auth is refused, and so is an out-of-range kind. */
static void test_router__rejects_route_without_auth_kind(void **state)
{
    (void)state;
    http_router_t *r = http_router_create();
    static const http_route_t noauth[] = {{.method = "GET", .path = "/a", .handler = h_a, .name = "a"}};
    static const http_route_t bogus[] = {{"GET", "/b", HTTP_ROUTE_AUTH_COUNT, h_a, 0, 0, NULL, NULL}};
    static const http_route_t ok[] = {{"GET", "/c", HTTP_ROUTE_AUTH_NONE, h_a, 0, 0, NULL, NULL}};
    assert_int_equal(HTTP_ROUTE_AUTH_INVALID, 0);
    assert_int_equal(http_router_add(r, noauth, 1), PL_EINVAL);
    assert_int_equal(http_router_add(r, bogus, 1), PL_EINVAL);
    assert_int_equal(http_router_add(r, ok, 1), PL_OK);
    assert_int_equal(http_router_count(r), 1);
    http_router_destroy(r);
}

/* Rows larger than http_route_t (api/route.h) are added with their stride and walked with http_router_at. */
typedef struct wide_row {
    http_route_t http;
    int extra;
} wide_row_t;

static void test_router__rows_with_stride_and_walk(void **state)
{
    (void)state;
    http_router_t *r = http_router_create();
    static const wide_row_t rows[] = {
        {{"GET", "/x/{id}", HTTP_ROUTE_AUTH_SESSION, h_a, 0, 0, "x", NULL}, 1},
        {{"POST", "/x/{id}/y", HTTP_ROUTE_AUTH_SESSION_OPTIONAL, h_b, 0, 0, "y", NULL}, 2},
    };
    http_match_t m;
    assert_int_equal(http_router_add_rows(r, &rows[0].http, 2, sizeof(rows[0])), PL_OK);
    assert_int_equal(http_router_match(r, "POST", 4, "/x/1/y", 6, &m), HTTP_MATCH_OK);
    assert_ptr_equal(m.route, &rows[1].http);
    assert_int_equal(((const wide_row_t *)(const void *)m.route)->extra, 2);
    int seen = 0;
    for (size_t i = 0; i < http_router_count(r); i++)
        seen |= ((const wide_row_t *)(const void *)http_router_at(r, i))->extra;
    assert_int_equal(seen, 3);
    assert_null(http_router_at(r, 2));
    http_router_destroy(r);
}

static void test_router__max_body(void **state)
{
    static const http_route_t files[] = {{"POST", "/api/v4/files", HTTP_ROUTE_AUTH_SESSION, h_a, 0, 1000000, NULL, NULL}};
    assert_int_equal(http_router_max_body(*state), 0);
    assert_int_equal(http_router_add(*state, files, 1), PL_OK);
    assert_int_equal(http_router_max_body(*state), 1000000);
    assert_int_equal(http_router_count(*state), sizeof(users) / sizeof(users[0]) + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_router__exact_literal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_router__param_extracted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_router__two_params, setup, teardown),
        cmocka_unit_test_setup_teardown(test_router__literal_beats_param, setup, teardown),
        cmocka_unit_test_setup_teardown(test_router__method_selects_route, setup, teardown),
        cmocka_unit_test_setup_teardown(test_router__unknown_path_is_404, setup, teardown),
        cmocka_unit_test_setup_teardown(test_router__wrong_method_is_405_with_allow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_router__trailing_slash_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_router__too_many_segments_is_404, setup, teardown),
        cmocka_unit_test(test_router__rejects_bad_tables),
        cmocka_unit_test(test_router__rejects_route_without_auth_kind),
        cmocka_unit_test(test_router__rows_with_stride_and_walk),
        cmocka_unit_test_setup_teardown(test_router__max_body, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
