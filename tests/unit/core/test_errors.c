#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>
#include "http/errors.h"
#include "parley/err.h"

static json_t *render(int status, const char *id, const char *message, const char *detail, const char *rid)
{
    pl_buf_t b;
    pl_buf_init(&b, 4096);
    assert_int_equal(http_errors_render(&b, status, id, message, detail, rid), PL_OK);
    json_error_t err;
    json_t *j = json_loadb(b.data, b.len, 0, &err);
    assert_non_null(j);
    pl_buf_dispose(&b);
    return j;
}

static void test_errors__render_has_all_fields(void **state)
{
    (void)state;
    json_t *j = render(404, "api.context.404.app_error", "Sorry", "", "abcdefghijklmnopqrstuvwxyz");
    assert_int_equal(json_object_size(j), 5);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "api.context.404.app_error");
    assert_string_equal(json_string_value(json_object_get(j, "message")), "Sorry");
    assert_string_equal(json_string_value(json_object_get(j, "detailed_error")), "");
    assert_string_equal(json_string_value(json_object_get(j, "request_id")), "abcdefghijklmnopqrstuvwxyz");
    assert_true(json_is_integer(json_object_get(j, "status_code")));
    assert_int_equal(json_integer_value(json_object_get(j, "status_code")), 404);
    json_decref(j);
}

static void test_errors__render_escapes(void **state)
{
    (void)state;
    json_t *j = render(400, "x", "say \"hi\"\n", "back\\slash \x01", "r");
    assert_string_equal(json_string_value(json_object_get(j, "message")), "say \"hi\"\n");
    assert_string_equal(json_string_value(json_object_get(j, "detailed_error")), "back\\slash \x01");
    json_decref(j);
}

static void test_errors__null_detail_is_empty_string(void **state)
{
    (void)state;
    json_t *j = render(500, "x", "m", NULL, "r");
    assert_string_equal(json_string_value(json_object_get(j, "detailed_error")), "");
    json_decref(j);
}

static void test_errors__render_respects_cap(void **state)
{
    (void)state;
    pl_buf_t b;
    char big[300];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    pl_buf_init(&b, 128);
    assert_int_equal(http_errors_render(&b, 400, "x", big, "", "r"), PL_ETOOBIG);
    pl_buf_dispose(&b);
}

static void test_errors__messages_lookup(void **state)
{
    (void)state;
    static const http_error_text_t mine[] = {{"api.test.thing.app_error", "A thing."}};
    assert_string_equal(http_errors_message("api.context.session_expired.app_error"),
                        "Invalid or expired session, please login again.");
    assert_string_equal(http_errors_message("api.test.thing.app_error"), "api.test.thing.app_error");
    http_errors_register(mine, 1);
    assert_string_equal(http_errors_message("api.test.thing.app_error"), "A thing.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors__render_has_all_fields),
        cmocka_unit_test(test_errors__render_escapes),
        cmocka_unit_test(test_errors__null_detail_is_empty_string),
        cmocka_unit_test(test_errors__render_respects_cap),
        cmocka_unit_test(test_errors__messages_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
