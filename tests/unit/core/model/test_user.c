/* User model: validation, sanitized JSON, patch typing (model/user.c), default avatar PNG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "app/users.h"
#include "model/user.h"

static void make(model_user_t *u)
{
    model_user_init(u);
    snprintf(u->id, sizeof(u->id), "%s", "abcdefghijklmnopqrstuvwxyz");
    snprintf(u->username, sizeof(u->username), "%s", "alice");
    snprintf(u->email, sizeof(u->email), "%s", "alice@example.com");
    snprintf(u->password, sizeof(u->password), "%s", "$pbkdf2$secret");
    snprintf(u->first_name, sizeof(u->first_name), "%s", "Alice");
    model_user_set_defaults(u);
}

static void test_validation(void **state)
{
    (void)state;
    model_user_t u;
    make(&u);
    assert_null(model_user_validate(&u));
    snprintf(u.username, sizeof(u.username), "%s", "1alice");
    assert_string_equal(model_user_validate(&u), "model.user.is_valid.username.app_error");
    snprintf(u.username, sizeof(u.username), "%s", "all");
    assert_string_equal(model_user_validate(&u), "model.user.is_valid.username.app_error");
    snprintf(u.username, sizeof(u.username), "%s", "Alice");
    assert_string_equal(model_user_validate(&u), "model.user.is_valid.username.app_error");
    model_user_normalize(&u);
    assert_null(model_user_validate(&u));
    snprintf(u.email, sizeof(u.email), "%s", "not-an-email");
    assert_string_equal(model_user_validate(&u), "model.user.is_valid.email.app_error");
    snprintf(u.email, sizeof(u.email), "%s", "a@b.c");
    snprintf(u.roles, sizeof(u.roles), "%s", "system_user root");
    assert_string_equal(model_user_validate(&u), "model.user.is_valid.roles_limit.app_error");
    model_user_dispose(&u);
}

static void test_json_never_has_secrets_and_sanitizes(void **state)
{
    (void)state;
    model_user_t u;
    make(&u);
    json_t *own = model_user_to_json(&u, 0);
    assert_null(json_object_get(own, "password"));
    assert_null(json_object_get(own, "mfa_secret"));
    assert_string_equal(json_string_value(json_object_get(own, "email")), "alice@example.com");
    assert_true(json_object_size(json_object_get(own, "notify_props")) > 0);
    json_t *other = model_user_to_json(&u, MODEL_USER_SANITIZE_OTHER | MODEL_USER_HIDE_EMAIL | MODEL_USER_HIDE_FULLNAME);
    assert_string_equal(json_string_value(json_object_get(other, "email")), "");
    assert_string_equal(json_string_value(json_object_get(other, "first_name")), "");
    assert_int_equal(json_object_size(json_object_get(other, "notify_props")), 0);
    assert_null(json_object_get(other, "password"));
    json_decref(own);
    json_decref(other);
    model_user_dispose(&u);
}

static void test_patch_rejects_wrong_types(void **state)
{
    (void)state;
    model_user_t u;
    const char *bad = NULL;
    make(&u);
    json_t *p = json_pack("{s:i}", "nickname", 5);
    assert_int_not_equal(model_user_patch(&u, p, &bad), 0);
    assert_string_equal(bad, "nickname");
    json_decref(p);
    p = json_pack("{s:{s:i}}", "props", "x", 1);
    assert_int_not_equal(model_user_patch(&u, p, &bad), 0);
    assert_string_equal(bad, "props");
    json_decref(p);
    p = json_pack("{s:s,s:{s:s}}", "nickname", "Al", "timezone", "useAutomaticTimezone", "false");
    assert_int_equal(model_user_patch(&u, p, &bad), 0);
    assert_string_equal(u.nickname, "Al");
    json_decref(p);
    model_user_dispose(&u);
}

static void test_avatar_is_png(void **state)
{
    (void)state;
    unsigned char *png = NULL, *png2 = NULL;
    size_t len = 0, len2 = 0;
    assert_int_equal(app_users_avatar_png("abcdefghijklmnopqrstuvwxyz", &png, &len), 0);
    assert_true(len > 100);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(png + len - 8, "IEND", 4);
    assert_int_equal(app_users_avatar_png("abcdefghijklmnopqrstuvwxyz", &png2, &len2), 0);
    assert_int_equal(len, len2);
    assert_memory_equal(png, png2, len); /* deterministic per user */
    free(png);
    free(png2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_json_never_has_secrets_and_sanitizes),
        cmocka_unit_test(test_patch_rejects_wrong_types),
        cmocka_unit_test(test_avatar_is_png),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
