/* JSON arrays of strings as request bodies (model/list.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "model/list.h"

#define INVALID "api.context.invalid_body_param.app_error"
#define ID "aaaaaaaaaaaaaaaaaaaaaaaaaa"

static const char *decode(const char *(*fn)(void *, const json_t *, const char **), const char *text, model_list_t *l,
                          const char **detail)
{
    json_t *a = json_loads(text, JSON_DECODE_ANY, NULL);
    assert_non_null(a);
    memset(l, 0, sizeof(*l));
    const char *id = fn(l, a, detail);
    json_decref(a);
    return id;
}

static void test_list__user_ids(void **state)
{
    (void)state;
    model_list_t *l = malloc(sizeof(*l));
    const char *detail = NULL;
    assert_null(decode(model_list_user_ids_from_json, "[\"" ID "\"]", l, &detail));
    assert_int_equal(l->n, 1);
    assert_string_equal(decode(model_list_user_ids_from_json, "[]", l, &detail), INVALID);
    assert_string_equal(detail, "user_ids");
    assert_string_equal(decode(model_list_user_ids_from_json, "[\"" ID "\", \"short\"]", l, &detail), INVALID);
    assert_string_equal(detail, "user_ids");
    assert_string_equal(decode(model_list_user_ids_from_json, "[1]", l, &detail), INVALID);
    free(l);
}

static void test_list__at_most_the_cap(void **state)
{
    (void)state;
    model_list_t *l = calloc(1, sizeof(*l));
    json_t *a = json_array();
    const char *detail = NULL;
    for (int i = 0; i <= MODEL_LIST_MAX; i++)
        json_array_append_new(a, json_string(ID));
    assert_string_equal(model_list_user_ids_from_json(l, a, &detail), INVALID);
    json_array_remove(a, 0);
    memset(l, 0, sizeof(*l));
    assert_null(model_list_user_ids_from_json(l, a, &detail));
    assert_int_equal(l->n, MODEL_LIST_MAX);
    json_decref(a);
    free(l);
}

static void test_list__usernames_and_role_names(void **state)
{
    (void)state;
    model_list_t *l = malloc(sizeof(*l));
    const char *detail = NULL;
    assert_null(decode(model_list_usernames_from_json, "[\"ann\", \"bob.b\"]", l, &detail));
    assert_int_equal(l->n, 2); /* the strings are borrowed from the (now freed) JSON */
    assert_string_equal(decode(model_list_usernames_from_json, "[\"Not Valid\"]", l, &detail), INVALID);
    assert_string_equal(detail, "usernames");
    assert_null(decode(model_list_role_names_from_json, "[\"system_user\"]", l, &detail));
    assert_string_equal(decode(model_list_role_names_from_json, "[\"BAD NAME\"]", l, &detail), INVALID);
    assert_string_equal(detail, "rolename");
    assert_string_equal(decode(model_list_role_names_from_json, "{}", l, &detail), INVALID);
    assert_string_equal(detail, "rolenames");
    free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list__user_ids),
        cmocka_unit_test(test_list__at_most_the_cap),
        cmocka_unit_test(test_list__usernames_and_role_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
