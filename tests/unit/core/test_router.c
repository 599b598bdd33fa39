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
    {"GET", "/api/v4/users/{user_id}", h_a, 0, 0, "getUser"},
    {"PUT", "/api/v4/users/{user_id}", h_b, 0, 0, "updateUser"},
    {"POST", "/api/v4/users/ids", h_b, 0, 0, "getUsersByIds"},
    {"GET", "/api/v4/users/{user_id}/teams/{team_id}/channels", h_a, 0, 0, "getChannels"},
    {"GET", "/api/v4/users/me/teams/{team_id}/channels", h_b, 0, 0, "getMyChannels"},
    {"GET", "/api/v4/system/ping", h_a, 0, 0, "ping"},
    {"GET", "/", h_a, 0, 0, "root"},
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
    static const http_route_t dup[] = {{"GET", "/a/{x}", h_a, 0, 0, NULL}, {"GET", "/a/{y}", h_b, 0, 0, NULL}};
    static const http_route_t brace[] = {{"GET", "/a/b{x}", h_a, 0, 0, NULL}};
    static const http_route_t empty[] = {{"GET", "/a//b", h_a, 0, 0, NULL}};
    static const http_route_t nohandler[] = {{"GET", "/a", NULL, 0, 0, NULL}};
    static const http_route_t relative[] = {{"GET", "a/b", h_a, 0, 0, NULL}};
    assert_int_equal(http_router_add(r, dup, 2), PL_EINVAL);
    assert_int_equal(http_router_add(r, brace, 1), PL_EINVAL);
    assert_int_equal(http_router_add(r, empty, 1), PL_EINVAL);
    assert_int_equal(http_router_add(r, nohandler, 1), PL_EINVAL);
    assert_int_equal(http_router_add(r, relative, 1), PL_EINVAL);
    http_router_destroy(r);
}

static void test_router__max_body(void **state)
{
    static const http_route_t files[] = {{"POST", "/api/v4/files", h_a, 0, 1000000, NULL}};
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
        cmocka_unit_test_setup_teardown(test_router__max_body, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
