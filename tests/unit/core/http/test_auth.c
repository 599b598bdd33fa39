/* Token parsing and the CSRF rule (http/auth.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/auth.h"

#define TOK "abcdefghijklmnopqrstuvwxyz"
#define TOK2 "zyxwvutsrqponmlkjihgfedcba"

static http_auth_location_t parse(const char *cookie, const char *authz, const char *query, char *out)
{
    return http_auth_token_parse(cookie, authz, authz ? strlen(authz) : 0, query, out);
}

static void test_order_cookie_first(void **state)
{
    (void)state;
    char out[HTTP_AUTH_TOKEN_MAX + 1];
    assert_int_equal(parse(TOK, "Bearer " TOK2, TOK2, out), HTTP_AUTH_COOKIE);
    assert_string_equal(out, TOK);
    assert_int_equal(parse(NULL, "Bearer " TOK2, TOK, out), HTTP_AUTH_BEARER);
    assert_string_equal(out, TOK2);
    assert_int_equal(parse(NULL, "Token " TOK2, TOK, out), HTTP_AUTH_TOKEN);
    assert_string_equal(out, TOK2);
    assert_int_equal(parse(NULL, NULL, TOK, out), HTTP_AUTH_QUERY);
    assert_string_equal(out, TOK);
    assert_int_equal(parse(NULL, NULL, NULL, out), HTTP_AUTH_NONE);
    assert_string_equal(out, "");
}

static void test_bearer_case_and_spaces(void **state)
{
    (void)state;
    char out[HTTP_AUTH_TOKEN_MAX + 1];
    assert_int_equal(parse(NULL, "BEARER " TOK, NULL, out), HTTP_AUTH_BEARER);
    assert_string_equal(out, TOK);
    assert_int_equal(parse(NULL, "bearer   " TOK "  ", NULL, out), HTTP_AUTH_BEARER);
    assert_string_equal(out, TOK);
    assert_int_equal(parse(NULL, "Basic dXNlcjpwdw==", NULL, out), HTTP_AUTH_NONE);
    assert_int_equal(parse(NULL, "Bearer", NULL, out), HTTP_AUTH_NONE);
    assert_int_equal(parse(NULL, "Bearer ", NULL, out), HTTP_AUTH_NONE);
    assert_int_equal(parse(NULL, "BearerX" TOK, NULL, out), HTTP_AUTH_NONE);
}

static void test_empty_cookie_falls_through_and_long_tokens_refused(void **state)
{
    (void)state;
    char out[HTTP_AUTH_TOKEN_MAX + 1], big[200];
    assert_int_equal(parse("", "Bearer " TOK, NULL, out), HTTP_AUTH_BEARER);
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(parse(big, NULL, NULL, out), HTTP_AUTH_NONE);
}

static http_csrf_result_t csrf(const char *method, http_auth_location_t loc, bool trust, const char *hdr, const char *xrw,
                               const char *sess, bool strict)
{
    return http_auth_csrf_check(method, loc, trust, hdr, hdr ? strlen(hdr) : 0, xrw, xrw ? strlen(xrw) : 0, sess, strict);
}

static void test_csrf_only_for_cookie_non_get(void **state)
{
    (void)state;
    assert_int_equal(csrf("POST", HTTP_AUTH_BEARER, false, NULL, NULL, TOK, true), HTTP_CSRF_NOT_CHECKED);
    assert_int_equal(csrf("GET", HTTP_AUTH_COOKIE, false, NULL, NULL, TOK, true), HTTP_CSRF_NOT_CHECKED);
    assert_int_equal(csrf("POST", HTTP_AUTH_COOKIE, true, NULL, NULL, TOK, true), HTTP_CSRF_NOT_CHECKED);
}

static void test_csrf_token_match(void **state)
{
    (void)state;
    assert_int_equal(csrf("POST", HTTP_AUTH_COOKIE, false, TOK, NULL, TOK, true), HTTP_CSRF_OK);
    assert_int_equal(csrf("PUT", HTTP_AUTH_COOKIE, false, TOK2, NULL, TOK, true), HTTP_CSRF_FAILED);
    assert_int_equal(csrf("DELETE", HTTP_AUTH_COOKIE, false, NULL, NULL, TOK, false), HTTP_CSRF_FAILED);
    assert_int_equal(csrf("POST", HTTP_AUTH_COOKIE, false, "", NULL, "", false), HTTP_CSRF_FAILED);
    assert_int_equal(csrf("POST", HTTP_AUTH_COOKIE, false, TOK "x", NULL, TOK, true), HTTP_CSRF_FAILED);
}

static void test_csrf_legacy_header(void **state)
{
    (void)state;
    assert_int_equal(csrf("POST", HTTP_AUTH_COOKIE, false, NULL, "XMLHttpRequest", TOK, false), HTTP_CSRF_OK_LEGACY);
    assert_int_equal(csrf("POST", HTTP_AUTH_COOKIE, false, NULL, "XMLHttpRequest", TOK, true), HTTP_CSRF_FAILED);
    assert_int_equal(csrf("POST", HTTP_AUTH_COOKIE, false, NULL, "fetch", TOK, false), HTTP_CSRF_FAILED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_cookie_first),
        cmocka_unit_test(test_bearer_case_and_spaces),
        cmocka_unit_test(test_empty_cookie_falls_through_and_long_tokens_refused),
        cmocka_unit_test(test_csrf_only_for_cookie_non_get),
        cmocka_unit_test(test_csrf_token_match),
        cmocka_unit_test(test_csrf_legacy_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
