#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "app/channel_members_system.h"
#include "app/channel_members_update.h"

static const char *check(const char *json)
{
    json_t *o = json_loads(json, 0, NULL);
    assert_non_null(o);
    const char *id = app_channel_members_update_props_check(o);
    json_decref(o);
    return id;
}

static void test_channel_members_update__props_values(void **state)
{
    (void)state;
    assert_null(check("{}"));
    assert_null(check("{\"desktop\":\"all\",\"push\":\"mention\",\"email\":\"false\",\"mark_unread\":\"mention\","
                      "\"ignore_channel_mentions\":\"on\",\"channel_auto_follow_threads\":\"on\",\"unknown\":\"x\"}"));
    assert_string_equal(check("{\"desktop\":\"loud\"}"), "model.channel_member.is_valid.notify_level.app_error");
    assert_string_equal(check("{\"mark_unread\":\"none\"}"), "model.channel_member.is_valid.unread_level.app_error");
    assert_string_equal(check("{\"push\":\"default\",\"email\":\"maybe\"}"), "model.channel_member.is_valid.email_value.app_error");
    assert_string_equal(check("{\"channel_auto_follow_threads\":\"default\"}"),
                        "model.channel_member.is_valid.channel_auto_follow_threads_value.app_error");
    assert_string_equal(check("{\"desktop\":3}"), "model.channel_member.is_valid.notify_level.app_error");
}

static void test_channel_members_update__guest_role_word(void **state)
{
    (void)state;
    model_user_t u;
    memset(&u, 0, sizeof(u));
    snprintf(u.roles, sizeof(u.roles), "%s", "system_user");
    assert_false(app_channel_members_system_is_guest(&u));
    snprintf(u.roles, sizeof(u.roles), "%s", "system_guest");
    assert_true(app_channel_members_system_is_guest(&u));
    snprintf(u.roles, sizeof(u.roles), "%s", "custom system_guest");
    assert_true(app_channel_members_system_is_guest(&u));
    snprintf(u.roles, sizeof(u.roles), "%s", "system_guestish");
    assert_false(app_channel_members_system_is_guest(&u));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_channel_members_update__props_values),
        cmocka_unit_test(test_channel_members_update__guest_role_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
