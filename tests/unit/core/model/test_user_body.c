/* The /users request-body decoders (model/user_body.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "model/user.h"

#define INVALID "api.context.invalid_body_param.app_error"

static json_t *j(const char *text)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    return v;
}

static void test_user_body__patch_reads_present_members_only(void **state)
{
    (void)state;
    model_user_patch_t p = {0};
    const char *detail = "x";
    json_t *o = j("{\"nickname\":\"nick\",\"locale\":null,\"props\":{\"a\":\"b\"}}");
    assert_null(model_user_patch_from_json(&p, o, &detail));
    assert_null(detail);
    assert_string_equal(p.nickname, "nick");
    assert_null(p.username);
    assert_null(p.locale);
    assert_null(p.notify_props);

    model_user_t u;
    model_user_init(&u);
    snprintf(u.username, sizeof(u.username), "kept");
    model_user_patch_apply(&u, &p);
    assert_string_equal(u.username, "kept");
    assert_string_equal(u.nickname, "nick");
    assert_string_equal(json_string_value(json_object_get(u.props, "a")), "b");
    model_user_dispose(&u);
    json_decref(o);
}

static void test_user_body__patch_names_the_bad_member(void **state)
{
    (void)state;
    static const struct {
        const char *body, *field;
    } cases[] = {
        {"{\"username\":1}", "username"},
        {"{\"first_name\":[]}", "first_name"},
        {"{\"props\":{\"a\":1}}", "props"},
        {"{\"timezone\":\"utc\"}", "timezone"},
        {"[]", "user"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        model_user_patch_t p = {0};
        const char *detail = NULL;
        json_t *o = j(cases[i].body);
        assert_string_equal(model_user_patch_from_json(&p, o, &detail), INVALID);
        assert_string_equal(detail, cases[i].field);
        json_decref(o);
    }
}

static void test_user_body__patch_refuses_what_does_not_fit(void **state)
{
    (void)state;
    char big[600];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    json_t *o = json_pack("{s:s}", "nickname", big);
    model_user_patch_t p = {0};
    const char *detail = NULL;
    assert_string_equal(model_user_patch_from_json(&p, o, &detail), INVALID);
    assert_string_equal(detail, "nickname");
    json_decref(o);
}

static void test_user_body__new_user_keeps_the_password_apart(void **state)
{
    (void)state;
    model_user_new_t n;
    memset(&n, 0, sizeof(n));
    const char *detail = NULL;
    json_t *o = j("{\"username\":\"ann\",\"email\":\"a@b.c\",\"password\":\"secret-1\"}");
    assert_null(model_user_new_from_json(&n, o, &detail));
    assert_string_equal(n.user.username, "ann");
    assert_string_equal(n.password, "secret-1");
    assert_string_equal(n.user.password, ""); /* the hash slot stays empty */
    model_user_new_dispose(&n);
    assert_string_equal(n.password, "");
    json_decref(o);
}

static void test_user_body__small_bodies(void **state)
{
    (void)state;
    const char *detail = NULL;
    model_user_active_t a = {0};
    json_t *o = j("{\"active\":\"false\"}");
    assert_string_equal(model_user_active_from_json(&a, o, &detail), INVALID);
    assert_string_equal(detail, "active");
    json_decref(o);
    o = j("{\"active\":true}");
    assert_null(model_user_active_from_json(&a, o, &detail));
    assert_true(a.active);
    json_decref(o);

    model_user_roles_update_t r = {0};
    o = j("{\"roles\":\"system_user king\"}");
    assert_string_equal(model_user_roles_update_from_json(&r, o, &detail), INVALID);
    assert_string_equal(detail, "roles");
    json_decref(o);
    o = j("{\"roles\":\"system_user system_admin\"}");
    assert_null(model_user_roles_update_from_json(&r, o, &detail));
    assert_string_equal(r.roles, "system_user system_admin");
    json_decref(o);

    model_user_password_update_t p = {0};
    o = j("{\"current_password\":1}");
    assert_string_equal(model_user_password_update_from_json(&p, o, &detail), INVALID);
    assert_string_equal(detail, "current_password");
    json_decref(o);
    o = j("{\"new_password\":\"n\"}");
    assert_null(model_user_password_update_from_json(&p, o, &detail));
    assert_null(p.current_password);
    assert_string_equal(p.new_password, "n");
    json_decref(o);
}

static void test_user_body__search(void **state)
{
    (void)state;
    const char *detail = NULL;
    model_user_search_t s = {0};
    json_t *o = j("{\"term\":\"an\",\"team_id\":\"\",\"allow_inactive\":true,\"limit\":5}");
    assert_null(model_user_search_from_json(&s, o, &detail));
    assert_string_equal(s.term, "an");
    assert_null(s.team_id); /* "" is absent */
    assert_true(s.allow_inactive && s.has_limit && s.limit == 5);
    json_decref(o);
    static const struct {
        const char *body, *field;
    } bad[] = {{"{}", "term"},
               {"{\"term\":\"\"}", "term"},
               {"{\"term\":\"a\",\"limit\":\"5\"}", "user_search"},
               {"{\"term\":\"a\",\"team_id\":5}", "user_search"}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        model_user_search_t t = {0};
        o = j(bad[i].body);
        assert_string_equal(model_user_search_from_json(&t, o, &detail), INVALID);
        assert_string_equal(detail, bad[i].field);
        json_decref(o);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_user_body__patch_reads_present_members_only),
        cmocka_unit_test(test_user_body__patch_names_the_bad_member),
        cmocka_unit_test(test_user_body__patch_refuses_what_does_not_fit),
        cmocka_unit_test(test_user_body__new_user_keeps_the_password_apart),
        cmocka_unit_test(test_user_body__small_bodies),
        cmocka_unit_test(test_user_body__search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
