/*
 * Every route the server registers (the real api tables, through api_init) names an auth kind,
 * and every declarative row (api/route.h) has a call and a declared permission; every other
 * route is flagged hand-written. A new table row that forgets one of these fails here (and
 * api_init refuses it at start).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "api/api.h"
#include "api/route.h"
#include "model/config.h"
#include "parley/buf.h"
#include "parley/err.h"

static model_config_t cfg;
static http_router_t *router;

static int setup(void **state)
{
    (void)state;
    pl_buf_t errors;
    pl_buf_init(&errors, 4096);
    assert_int_equal(model_config_load(NULL, &cfg, &errors, NULL), PL_OK);
    pl_buf_dispose(&errors);
    model_config_set(&cfg);
    router = http_router_create();
    assert_int_equal(api_init(router), PL_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    http_router_destroy(router);
    model_config_dispose(&cfg);
    return 0;
}

static void test_api_routes__every_route_names_an_auth_kind(void **state)
{
    (void)state;
    size_t n = http_router_count(router);
    assert_true(n >= 50);
    for (size_t i = 0; i < n; i++) {
        const http_route_t *route = http_router_at(router, i);
        assert_non_null(route);
        if (route->auth <= HTTP_ROUTE_AUTH_INVALID || route->auth >= HTTP_ROUTE_AUTH_COUNT)
            fail_msg("%s %s: no auth kind", route->method, route->path);
        assert_non_null(route->name);
    }
}

static void test_api_routes__declarative_rows_have_a_call_and_a_permission(void **state)
{
    (void)state;
    size_t declarative = 0;
    for (size_t i = 0; i < http_router_count(router); i++) {
        const http_route_t *route = http_router_at(router, i);
        const api_route_t *row = api_route_of(route);
        if (row == NULL) {
            if ((route->flags & HTTP_ROUTE_HANDWRITTEN) == 0)
                fail_msg("%s %s: neither declarative nor flagged hand-written", route->method, route->path);
            continue;
        }
        declarative++;
        if ((route->flags & HTTP_ROUTE_HANDWRITTEN) != 0 || row->call == NULL)
            fail_msg("%s %s: declarative row without a call", route->method, route->path);
        if (row->perm.kind == API_PERM_UNSET || (row->perm.kind == API_PERM_SYSTEM_KIND && row->perm.name == NULL) ||
            (row->perm.kind == API_PERM_CHECK_KIND && row->perm.check == NULL))
            fail_msg("%s %s: no permission declared", route->method, route->path);
        if (row->body != NULL && row->body->json_type != JSON_OBJECT && row->body->json_type != JSON_ARRAY)
            fail_msg("%s %s: body neither object nor array", route->method, route->path);
        if (route->auth == HTTP_ROUTE_AUTH_NONE && row->perm.kind != API_PERM_NONE_KIND)
            fail_msg("%s %s: a permission on a route that never has a session", route->method, route->path);
    }
    assert_true(declarative >= 40);
}

/* The same checks bite at registration: api_route_add refuses such rows. */
static int call_nothing(api_call_t *c)
{
    (void)c;
    return 0;
}

static void test_api_routes__add_refuses_incomplete_rows(void **state)
{
    (void)state;
    http_router_t *r = http_router_create();
    static const api_route_t no_perm[] = {{API_ROUTE("GET", "/a", "a", HTTP_ROUTE_AUTH_SESSION), .call = call_nothing}};
    static const api_route_t no_call[] = {{API_ROUTE("GET", "/b", "b", HTTP_ROUTE_AUTH_SESSION), API_PERM_NONE}};
    static const api_route_t no_auth[] = {
        {.http = {.method = "GET", .path = "/c", .handler = api_route_run}, API_PERM_NONE, .call = call_nothing}};
    static const api_route_t no_name[] = {
        {API_ROUTE("GET", "/d", "d", HTTP_ROUTE_AUTH_SESSION), API_PERM_SYSTEM(NULL), .call = call_nothing}};
    static const api_route_t ok[] = {
        {API_ROUTE("GET", "/e", "e", HTTP_ROUTE_AUTH_SESSION), API_PERM_SYSTEM("manage_system"), .call = call_nothing}};
    assert_int_equal(api_route_add(r, no_perm, 1), PL_EINVAL);
    assert_int_equal(api_route_add(r, no_call, 1), PL_EINVAL);
    assert_int_equal(api_route_add(r, no_auth, 1), PL_EINVAL);
    assert_int_equal(api_route_add(r, no_name, 1), PL_EINVAL);
    assert_int_equal(http_router_count(r), 0);
    assert_int_equal(api_route_add(r, ok, 1), PL_OK);
    http_router_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_routes__every_route_names_an_auth_kind),
        cmocka_unit_test(test_api_routes__declarative_rows_have_a_call_and_a_permission),
        cmocka_unit_test(test_api_routes__add_refuses_incomplete_rows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
