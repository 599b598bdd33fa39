/* Team request bodies that are not a Team (model/team_body.c): member, batch, search, roles, scheme roles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "model/team_body.h"

#define INVALID "api.context.invalid_body_param.app_error"

typedef const char *(*decode_fn)(void *out, const json_t *j, const char **detail);

/* Decode text into out (zeroed, n bytes). @return the decoder's error id or NULL. */
static const char *decode(decode_fn fn, const char *text, void *out, size_t n, json_t **keep)
{
    const char *detail = NULL;
    *keep = json_loads(text, JSON_DECODE_ANY, NULL);
    assert_non_null(*keep);
    memset(out, 0, n);
    return fn(out, *keep, &detail);
}

static void test_member(void **state)
{
    (void)state;
    model_team_body_member_t m;
    json_t *j;
    assert_null(decode(model_team_body_member_from_json, "{\"team_id\":\"t\",\"user_id\":\"u\"}", &m, sizeof(m), &j));
    assert_string_equal(m.team_id, "t");
    assert_string_equal(m.user_id, "u");
    json_decref(j);
    assert_null(decode(model_team_body_member_from_json, "{}", &m, sizeof(m), &j));
    assert_string_equal(m.user_id, "");
    json_decref(j);
    assert_string_equal(decode(model_team_body_member_from_json, "{\"user_id\":5}", &m, sizeof(m), &j),
                        "api.team.add_team_member.invalid_body.app_error");
    json_decref(j);
}

static void test_members(void **state)
{
    (void)state;
    model_team_body_members_t *l = malloc(sizeof(*l));
    json_t *j;
    assert_null(decode(model_team_body_members_from_json, "[{\"team_id\":\"t\",\"user_id\":\"a\"},{\"user_id\":\"b\"}]", l,
                       sizeof(*l), &j));
    assert_int_equal(l->n, 2);
    assert_string_equal(l->v[1].user_id, "b");
    json_decref(j);
    assert_string_equal(decode(model_team_body_members_from_json, "[]", l, sizeof(*l), &j), INVALID);
    json_decref(j);
    assert_string_equal(decode(model_team_body_members_from_json, "[1]", l, sizeof(*l), &j), INVALID);
    json_decref(j);
    json_t *big = json_array();
    for (int i = 0; i <= MODEL_TEAM_BODY_BATCH_MAX; i++)
        json_array_append_new(big, json_pack("{s:s}", "user_id", "x"));
    const char *detail = NULL;
    assert_string_equal(model_team_body_members_from_json(l, big, &detail), INVALID);
    json_decref(big);
    free(l);
}

static void test_search(void **state)
{
    (void)state;
    model_team_body_search_t s;
    json_t *j;
    assert_null(decode(model_team_body_search_from_json, "{\"term\":\"eng\"}", &s, sizeof(s), &j));
    assert_string_equal(s.term, "eng");
    assert_int_equal(s.page, -1);
    assert_int_equal(s.per_page, -1);
    assert_int_equal(s.allow_open_invite, -1);
    json_decref(j);
    assert_null(decode(model_team_body_search_from_json, "{\"term\":\"e\",\"page\":2,\"per_page\":5,\"allow_open_invite\":true}",
                       &s, sizeof(s), &j));
    assert_int_equal(s.page, 2);
    assert_int_equal(s.per_page, 5);
    assert_int_equal(s.allow_open_invite, 1);
    json_decref(j);
    assert_string_equal(decode(model_team_body_search_from_json, "{\"term\":3}", &s, sizeof(s), &j), INVALID);
    json_decref(j);
    assert_string_equal(decode(model_team_body_search_from_json, "{\"page\":-1}", &s, sizeof(s), &j), INVALID);
    json_decref(j);
}

static void test_roles(void **state)
{
    (void)state;
    model_team_body_roles_t r;
    model_team_body_scheme_roles_t sr;
    json_t *j;
    assert_null(decode(model_team_body_roles_from_json, "{\"roles\":\"team_user team_admin\"}", &r, sizeof(r), &j));
    assert_string_equal(r.roles, "team_user team_admin");
    json_decref(j);
    assert_string_equal(decode(model_team_body_roles_from_json, "{\"roles\":\"Team-Admin\"}", &r, sizeof(r), &j), INVALID);
    json_decref(j);
    assert_null(
        decode(model_team_body_scheme_roles_from_json, "{\"scheme_admin\":true,\"scheme_user\":true}", &sr, sizeof(sr), &j));
    assert_true(sr.scheme_admin && sr.scheme_user && !sr.scheme_guest);
    json_decref(j);
    assert_string_equal(decode(model_team_body_scheme_roles_from_json, "{\"scheme_admin\":1}", &sr, sizeof(sr), &j), INVALID);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_member),
        cmocka_unit_test(test_members),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_roles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
