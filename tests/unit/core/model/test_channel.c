/* Channel / ChannelMember wire objects, names (DM, GM) and ChannelPatch (model/channel.c, model/channel_member.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/channel.h"

#define INVALID "api.context.invalid_body_param.app_error"
#define ONE_OR_MORE "model.channel.is_valid.1_or_more.app_error"
#define HEXNAME "model.channel.is_valid.name.app_error"
#define IDA "aaaaaaaaaaaaaaaaaaaaaaaaaa"
#define IDB "bbbbbbbbbbbbbbbbbbbbbbbbbb"

static void fresh(model_channel_t *c)
{
    memset(c, 0, sizeof(*c));
    snprintf(c->id, sizeof(c->id), "%s", IDA);
    c->create_at = c->update_at = 1700000000000;
    c->type = MODEL_CHANNEL_OPEN;
    c->group_constrained = c->shared = -1;
}

static const char *apply(const char *text, model_channel_t *c)
{
    model_channel_patch_t p;
    const char *detail = NULL;
    json_t *o = json_loads(text, JSON_DECODE_ANY, NULL);
    assert_non_null(o);
    fresh(c);
    const char *id = model_channel_patch_from_json(&p, o, &detail);
    if (!id)
        id = model_channel_patch_apply(c, &p);
    json_decref(o);
    return id;
}

static void test_channel__names(void **state)
{
    (void)state;
    const char *ok[] = {"a", "town-square", "off_topic", "a-", "a_", "9", "ab__cd", NULL};
    for (int i = 0; ok[i]; i++)
        assert_null(model_channel_name_check(ok[i], 'O'));
    const char *bad[] = {"", "-a", "_a", "A", "a b", "a.b", "é", NULL};
    for (int i = 0; bad[i]; i++)
        assert_string_equal(model_channel_name_check(bad[i], 'O'), ONE_OR_MORE);
    char long_name[80];
    memset(long_name, 'a', 65);
    long_name[65] = '\0';
    assert_string_equal(model_channel_name_check(long_name, 'O'), ONE_OR_MORE);
    /* DM and GM names are kept for D and G */
    assert_string_equal(model_channel_name_check(IDA "__" IDB, 'O'), HEXNAME);
    assert_string_equal(model_channel_name_check(IDA "__" IDB, 'P'), HEXNAME);
    assert_null(model_channel_name_check(IDA "__" IDB, 'D'));
    assert_string_equal(model_channel_name_check("0123456789abcdef0123456789abcdef01234567", 'O'), HEXNAME);
    assert_null(model_channel_name_check("0123456789abcdef0123456789abcdef01234567", 'G'));
    assert_null(model_channel_name_check("0123456789abcdef0123456789abcdef0123456", 'O')); /* 39 */
}

static void test_channel__dm_gm_names(void **state)
{
    (void)state;
    char out[64];
    model_channel_dm_name(IDB, IDA, out, sizeof(out));
    assert_string_equal(out, IDA "__" IDB);
    model_channel_dm_name(IDA, IDB, out, sizeof(out));
    assert_string_equal(out, IDA "__" IDB);
    model_channel_dm_name(IDA, IDA, out, sizeof(out));
    assert_string_equal(out, IDA "__" IDA);
    const char *abc[] = {"c", "a", "b"};
    model_channel_gm_name(abc, 3, out, sizeof(out));
    assert_string_equal(out, "a9993e364706816aba3e25717850c26c9cd0d89d"); /* sha1("abc") */
    const char *two[] = {IDB, IDA};
    model_channel_gm_name(two, 2, out, sizeof(out));
    assert_string_equal(out, "10cf7fb211bcf00c124dbead365d11b62337c672");
    char ids[8][27];
    const char *p[8];
    for (int i = 0; i < 8; i++) {
        snprintf(ids[i], sizeof(ids[i]), "%026d", 8 - i);
        p[i] = ids[i];
    }
    model_channel_gm_name(p, 8, out, sizeof(out)); /* several SHA-1 blocks */
    assert_string_equal(out, "9910fa4d1addc00fbfed6cb980a854c6c6999185");
}

static void test_channel__to_json(void **state)
{
    (void)state;
    model_channel_t c;
    fresh(&c);
    snprintf(c.name, sizeof(c.name), "town-square");
    json_t *o = model_channel_to_json(&c);
    const char *keys[] = {"id",
                          "create_at",
                          "update_at",
                          "delete_at",
                          "team_id",
                          "type",
                          "display_name",
                          "name",
                          "header",
                          "purpose",
                          "last_post_at",
                          "total_msg_count",
                          "extra_update_at",
                          "creator_id",
                          "scheme_id",
                          "props",
                          "group_constrained",
                          "shared",
                          "total_msg_count_root",
                          "policy_id",
                          "last_root_post_at",
                          NULL};
    for (int i = 0; keys[i]; i++)
        assert_non_null(json_object_get(o, keys[i]));
    assert_true(json_is_null(json_object_get(o, "props")));
    assert_true(json_is_null(json_object_get(o, "scheme_id")));
    assert_true(json_is_null(json_object_get(o, "shared")));
    assert_string_equal(json_string_value(json_object_get(o, "type")), "O");
    json_decref(o);
    c.props = json_pack("{s:s}", "k", "v");
    c.shared = 0;
    o = model_channel_to_json(&c);
    assert_string_equal(json_string_value(json_object_get(json_object_get(o, "props"), "k")), "v");
    assert_true(json_is_false(json_object_get(o, "shared")));
    json_decref(o);
    model_channel_dispose(&c);
    assert_null(c.props);
}

static void test_channel__patch(void **state)
{
    (void)state;
    model_channel_t c;
    assert_null(apply("{\"team_id\":\"" IDB "\",\"name\":\"eng\",\"display_name\":\"  Eng  \",\"type\":\"P\"}", &c));
    assert_string_equal(c.display_name, "Eng");
    assert_string_equal(c.team_id, IDB);
    assert_int_equal(c.type, 'P');
    assert_string_equal(apply("{\"name\":\"eng\",\"type\":\"X\"}", &c), "model.channel.is_valid.type.app_error");
    assert_string_equal(apply("{\"name\":\"Eng\"}", &c), ONE_OR_MORE);
    assert_string_equal(apply("{\"name\":\"" IDA "__" IDB "\"}", &c), HEXNAME);
    char body[6000];
    snprintf(body, sizeof(body), "{\"name\":\"%070d\"}", 0);
    assert_string_equal(apply(body, &c), ONE_OR_MORE);
    snprintf(body, sizeof(body), "{\"name\":\"a\",\"display_name\":\"%065d\"}", 0);
    assert_string_equal(apply(body, &c), "model.channel.is_valid.display_name.app_error");
    snprintf(body, sizeof(body), "{\"name\":\"a\",\"purpose\":\"%0251d\"}", 0);
    assert_string_equal(apply(body, &c), "model.channel.is_valid.purpose.app_error");
    snprintf(body, sizeof(body), "{\"name\":\"a\",\"header\":\"%01025d\"}", 0);
    assert_string_equal(apply(body, &c), "model.channel.is_valid.header.app_error");
    assert_null(apply("{\"name\":\"a\",\"group_constrained\":true}", &c));
    assert_int_equal(c.group_constrained, 1);
    assert_string_equal(apply("{\"name\":\"a\",\"type\":\"D\",\"group_constrained\":true}", &c),
                        "model.channel.is_valid.group_constrained.app_error");
    assert_string_equal(apply("{\"name\":5}", &c), INVALID);
    assert_string_equal(apply("{\"group_constrained\":\"x\"}", &c), INVALID);
    assert_string_equal(apply("\"x\"", &c), INVALID);
}

static void test_channel__member(void **state)
{
    (void)state;
    model_channel_member_t m;
    char roles[256];
    memset(&m, 0, sizeof(m));
    m.scheme_user = m.scheme_admin = true;
    model_channel_member_roles(&m, roles, sizeof(roles));
    assert_string_equal(roles, "channel_user channel_admin");
    json_t *o = model_channel_member_to_json(&m);
    const char *keys[] = {"channel_id",
                          "user_id",
                          "roles",
                          "last_viewed_at",
                          "msg_count",
                          "mention_count",
                          "mention_count_root",
                          "urgent_mention_count",
                          "msg_count_root",
                          "notify_props",
                          "last_update_at",
                          "scheme_guest",
                          "scheme_user",
                          "scheme_admin",
                          "explicit_roles",
                          NULL};
    for (int i = 0; keys[i]; i++)
        assert_non_null(json_object_get(o, keys[i]));
    assert_int_equal(json_object_size(o), 15);
    json_t *np = json_object_get(o, "notify_props");
    assert_string_equal(json_string_value(json_object_get(np, "mark_unread")), "all");
    assert_string_equal(json_string_value(json_object_get(np, "channel_auto_follow_threads")), "off");
    assert_int_equal(json_object_size(np), 6);
    json_decref(o);

    model_channel_t c;
    fresh(&c);
    snprintf(c.team_id, sizeof(c.team_id), "%s", IDB);
    c.total_msg_count = 10, c.total_msg_count_root = 4;
    m.msg_count = 7, m.msg_count_root = 4, m.mention_count = 2;
    o = model_channel_unread_to_json(&c, &m);
    assert_int_equal(json_object_size(o), 7);
    assert_int_equal(json_integer_value(json_object_get(o, "msg_count")), 3);
    assert_int_equal(json_integer_value(json_object_get(o, "msg_count_root")), 0);
    assert_int_equal(json_integer_value(json_object_get(o, "mention_count")), 2);
    assert_string_equal(json_string_value(json_object_get(o, "channel_id")), IDA);
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_channel__names), cmocka_unit_test(test_channel__dm_gm_names), cmocka_unit_test(test_channel__to_json),
        cmocka_unit_test(test_channel__patch), cmocka_unit_test(test_channel__member),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
