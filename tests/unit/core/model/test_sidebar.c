/* Sidebar categories (model/sidebar.c): category ids, the request decoders, channel lists, JSON shapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "model/sidebar.h"

#define INVALID "api.context.invalid_body_param.app_error"
#define U "aaaaaaaaaaaaaaaaaaaaaaaaaa"
#define T "bbbbbbbbbbbbbbbbbbbbbbbbbb"
#define C1 "cccccccccccccccccccccccccc"
#define C2 "dddddddddddddddddddddddddd"

static void test_sidebar__category_ids(void **state)
{
    (void)state;
    char id[MODEL_SIDEBAR_ID_MAX + 1];
    model_sidebar_default_id(MODEL_SIDEBAR_DIRECT_MESSAGES, U, T, id, sizeof(id));
    assert_string_equal(id, "direct_messages_" U "_" T);
    assert_true(model_sidebar_category_id_valid(id));
    assert_true(model_sidebar_category_id_valid("favorites_" U "_" T));
    assert_true(model_sidebar_category_id_valid(U));
    assert_true(model_sidebar_category_id_valid("x-channels_" U "_" T)); /* Mattermost's pattern is unanchored */
    assert_false(model_sidebar_category_id_valid("custom_" U "_" T));
    assert_false(model_sidebar_category_id_valid("channels_" U "_short"));
    assert_false(model_sidebar_category_id_valid("channels_" U "_"
                                                 "BBBBBBBBBBBBBBBBBBBBBBBBBB"));
    assert_false(model_sidebar_category_id_valid(""));
    assert_false(model_sidebar_category_id_valid(NULL));
}

static json_t *parse(const char *text)
{
    json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
    assert_non_null(j);
    return j;
}

static void test_sidebar__decode_one(void **state)
{
    (void)state;
    model_sidebar_category_t c;
    const char *detail = NULL;
    json_t *j = parse("{\"id\":\"x\",\"user_id\":\"" U "\",\"team_id\":\"" T "\",\"display_name\":\"Work\",\"sorting\":\"alpha\","
                      "\"muted\":true,\"collapsed\":false,\"sort_order\":30,\"unknown\":1,"
                      "\"channel_ids\":[\"" C1 "\",\"" C2 "\",\"" C1 "\",\"junk\"]}");
    memset(&c, 0, sizeof(c));
    assert_null(model_sidebar_category_from_json(&c, j, &detail));
    assert_string_equal(c.display_name, "Work");
    assert_string_equal(c.sorting, "alpha");
    assert_true(c.muted);
    assert_int_equal(c.sort_order, 30);
    assert_int_equal(c.nchannels, 2); /* duplicates and non-ids dropped */
    assert_string_equal(c.channels[1], C2);
    model_sidebar_category_body_dispose(&c);
    json_decref(j);
    const char *bad[] = {"{\"muted\":\"yes\"}",   "{\"display_name\":5}",   "{\"channel_ids\":\"x\"}",
                         "{\"channel_ids\":[1]}", "{\"sort_order\":\"1\"}", "[]"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        j = parse(bad[i]);
        memset(&c, 0, sizeof(c));
        assert_string_equal(model_sidebar_category_from_json(&c, j, &detail), INVALID);
        assert_string_equal(detail, "category");
        model_sidebar_category_body_dispose(&c);
        json_decref(j);
    }
}

static void test_sidebar__decode_list_and_json(void **state)
{
    (void)state;
    model_sidebar_category_list_t l;
    const char *detail = NULL;
    json_t *j = parse("[{\"id\":\"a\",\"channel_ids\":[\"" C1 "\"]},{\"id\":\"b\",\"type\":\"custom\"}]");
    memset(&l, 0, sizeof(l));
    assert_null(model_sidebar_category_list_from_json(&l, j, &detail));
    json_decref(j);
    assert_int_equal(l.n, 2);
    model_sidebar_channel_id_t front[1];
    memcpy(front[0], C2, sizeof(front[0]));
    assert_int_equal(model_sidebar_category_prepend(&l.items[0], front, 1), 0);
    json_t *o = model_sidebar_ordered_to_json(&l);
    char *txt = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(txt, "{\"categories\":[{\"channel_ids\":[\"" C2 "\",\"" C1 "\"],\"collapsed\":false,\"display_name\":\"\","
                             "\"id\":\"a\",\"muted\":false,\"sort_order\":0,\"sorting\":\"\",\"team_id\":\"\",\"type\":\"\","
                             "\"user_id\":\"\"},{\"channel_ids\":[],\"collapsed\":false,\"display_name\":\"\",\"id\":\"b\","
                             "\"muted\":false,\"sort_order\":0,\"sorting\":\"\",\"team_id\":\"\",\"type\":\"custom\","
                             "\"user_id\":\"\"}],\"order\":[\"a\",\"b\"]}");
    free(txt);
    json_decref(o);
    model_sidebar_category_list_body_dispose(&l);
    j = parse("[{\"id\":\"a\"},{\"muted\":1}]");
    memset(&l, 0, sizeof(l));
    assert_string_equal(model_sidebar_category_list_from_json(&l, j, &detail), INVALID);
    model_sidebar_category_list_body_dispose(&l);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sidebar__category_ids),
        cmocka_unit_test(test_sidebar__decode_one),
        cmocka_unit_test(test_sidebar__decode_list_and_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
