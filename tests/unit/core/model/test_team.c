/* Team / TeamMember wire objects, name rules and TeamPatch (model/team.c, model/team_member.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/team.h"

#define INVALID "api.context.invalid_body_param.app_error"
#define ID "aaaaaaaaaaaaaaaaaaaaaaaaaa"

static void fresh(model_team_t *t)
{
    memset(t, 0, sizeof(*t));
    snprintf(t->id, sizeof(t->id), "%s", ID);
    snprintf(t->invite_id, sizeof(t->invite_id), "%s", "bbbbbbbbbbbbbbbbbbbbbbbbbb");
    t->create_at = t->update_at = 1700000000000;
    t->type = MODEL_TEAM_OPEN;
    t->group_constrained = -1;
}

/* Decode text and apply it onto a fresh team. @return the first error id or NULL. */
static const char *apply(const char *text, model_team_t *t)
{
    model_team_patch_t p;
    const char *detail = NULL;
    json_t *o = json_loads(text, JSON_DECODE_ANY, NULL);
    assert_non_null(o);
    fresh(t);
    const char *id = model_team_patch_from_json(&p, o, &detail);
    if (!id)
        id = model_team_patch_apply(t, &p);
    json_decref(o);
    return id;
}

static void test_team__names(void **state)
{
    (void)state;
    const char *ok[] = {"ab", "a1", "eng", "my-team", "a-b-c", "a__b", "0x", NULL};
    for (int i = 0; ok[i]; i++)
        assert_null(model_team_name_check(ok[i]));
    const char *chars[] = {"a", "", "-ab", "ab-", "a_b", "Ab", "a b", "a__b__c", "a-__b", "é1", NULL};
    for (int i = 0; chars[i]; i++)
        assert_string_equal(model_team_name_check(chars[i]), "model.team.is_valid.characters.app_error");
    const char *reserved[] = {"admin", "api", "apix", "channels", "signup1", "playbooks", "Login", NULL};
    for (int i = 0; reserved[i]; i++)
        assert_string_equal(model_team_name_check(reserved[i]), "model.team.is_valid.reserved.app_error");
    char long_name[80];
    memset(long_name, 'a', 65);
    long_name[65] = '\0';
    assert_string_equal(model_team_name_check(long_name), "model.team.is_valid.url.app_error");
    long_name[64] = '\0';
    assert_null(model_team_name_check(long_name));
}

static void test_team__to_json(void **state)
{
    (void)state;
    model_team_t t;
    fresh(&t);
    snprintf(t.name, sizeof(t.name), "eng");
    snprintf(t.email, sizeof(t.email), "x@example.com");
    t.allow_open_invite = true;
    json_t *o = model_team_to_json(&t, false);
    const char *keys[] = {"id",
                          "create_at",
                          "update_at",
                          "delete_at",
                          "display_name",
                          "name",
                          "description",
                          "email",
                          "type",
                          "company_name",
                          "allowed_domains",
                          "invite_id",
                          "allow_open_invite",
                          "scheme_id",
                          "group_constrained",
                          "policy_id",
                          "cloud_limits_archived",
                          NULL};
    for (int i = 0; keys[i]; i++)
        assert_non_null(json_object_get(o, keys[i]));
    assert_int_equal(json_object_size(o), 17); /* last_team_icon_update omitted when 0 */
    assert_true(json_is_null(json_object_get(o, "scheme_id")));
    assert_true(json_is_null(json_object_get(o, "group_constrained")));
    assert_string_equal(json_string_value(json_object_get(o, "type")), "O");
    assert_string_equal(json_string_value(json_object_get(o, "email")), "x@example.com");
    json_decref(o);
    t.last_team_icon_update = 5;
    t.group_constrained = 0;
    o = model_team_to_json(&t, true);
    assert_string_equal(json_string_value(json_object_get(o, "email")), "");
    assert_string_equal(json_string_value(json_object_get(o, "invite_id")), "");
    assert_int_equal(json_integer_value(json_object_get(o, "last_team_icon_update")), 5);
    assert_true(json_is_false(json_object_get(o, "group_constrained")));
    json_decref(o);
}

static void test_team__patch(void **state)
{
    (void)state;
    model_team_t t;
    assert_null(apply("{\"name\":\"eng\",\"display_name\":\"Engineering\",\"type\":\"O\"}", &t));
    assert_int_equal(t.type, 'O');
    assert_true(t.allow_open_invite);
    assert_null(apply("{\"name\":\"eng\",\"display_name\":\"E\",\"type\":\"I\",\"allow_open_invite\":true}", &t));
    assert_int_equal(t.type, 'I'); /* invite-only wins */
    assert_false(t.allow_open_invite);
    assert_null(apply("{\"name\":\"eng\",\"display_name\":\"E\",\"allow_open_invite\":false}", &t));
    assert_int_equal(t.type, 'I');
    assert_string_equal(apply("{\"name\":\"eng\",\"display_name\":\"E\",\"type\":\"X\"}", &t),
                        "model.team.is_valid.type.app_error");
    assert_string_equal(apply("{\"name\":\"eng\",\"display_name\":\"\"}", &t), "model.team.is_valid.name.app_error");
    assert_string_equal(apply("{\"name\":\"admin\",\"display_name\":\"A\"}", &t), "model.team.is_valid.reserved.app_error");
    assert_string_equal(apply("{\"name\":\"\",\"display_name\":\"A\"}", &t), "model.team.is_valid.characters.app_error");
    assert_string_equal(apply("{\"name\":\"eng\",\"display_name\":\"A\",\"email\":\"nope\"}", &t),
                        "model.team.is_valid.email.app_error");
    char body[1200];
    snprintf(body, sizeof(body), "{\"name\":\"eng\",\"display_name\":\"A\",\"allowed_domains\":\"%0501d\"}", 0);
    assert_string_equal(apply(body, &t), "model.team.is_valid.domains.app_error");
    snprintf(body, sizeof(body), "{\"name\":\"%070d\",\"display_name\":\"A\"}", 0);
    assert_string_equal(apply(body, &t), "model.team.is_valid.url.app_error");
    snprintf(body, sizeof(body), "{\"name\":\"eng\",\"display_name\":\"%065d\"}", 0);
    assert_string_equal(apply(body, &t), "model.team.is_valid.name.app_error");
    assert_string_equal(apply("{\"name\":1}", &t), INVALID);
    assert_string_equal(apply("{\"allow_open_invite\":\"yes\"}", &t), INVALID);
    assert_string_equal(apply("[]", &t), INVALID);
}

static void test_team__member_roles(void **state)
{
    (void)state;
    model_team_member_t m;
    char roles[256];
    memset(&m, 0, sizeof(m));
    m.scheme_user = true;
    model_team_member_roles(&m, roles, sizeof(roles));
    assert_string_equal(roles, "team_user");
    m.scheme_admin = true;
    snprintf(m.explicit_roles, sizeof(m.explicit_roles), "custom_role team_user");
    model_team_member_roles(&m, roles, sizeof(roles));
    assert_string_equal(roles, "custom_role team_user team_admin");
    json_t *o = model_team_member_to_json(&m);
    assert_string_equal(json_string_value(json_object_get(o, "explicit_roles")), "custom_role");
    assert_string_equal(json_string_value(json_object_get(o, "roles")), "custom_role team_user team_admin");
    assert_int_equal(json_object_size(o), 8);
    json_decref(o);
    memset(&m, 0, sizeof(m));
    m.scheme_guest = true;
    model_team_member_roles(&m, roles, sizeof(roles));
    assert_string_equal(roles, "team_guest");
}

static void test_team__unread(void **state)
{
    (void)state;
    model_team_unread_t u = {.team_id = ID, .msg_count = 3, .mention_count = 1};
    json_t *o = model_team_unread_to_json(&u);
    assert_int_equal(json_object_size(o), 8);
    assert_int_equal(json_integer_value(json_object_get(o, "msg_count")), 3);
    assert_non_null(json_object_get(o, "thread_urgent_mention_count"));
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_team__names),        cmocka_unit_test(test_team__to_json), cmocka_unit_test(test_team__patch),
        cmocka_unit_test(test_team__member_roles), cmocka_unit_test(test_team__unread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
