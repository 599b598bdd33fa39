#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "parley/err.h"
#include "ws/fanout.h"
#include "ws/msg.h"

#define U1 "aaaaaaaaaaaaaaaaaaaaaaaaaa"
#define U2 "bbbbbbbbbbbbbbbbbbbbbbbbbb"
#define CH "cccccccccccccccccccccccccc"

static json_t *complete(const ws_msg_t *m, unsigned seq)
{
    char buf[4096];
    int n = snprintf(buf, sizeof(buf), "%.*s%u}", (int)m->len, m->data, seq);
    json_error_t err;
    json_t *j = json_loadb(buf, (size_t)n, 0, &err);
    assert_non_null(j);
    return j;
}

static void test_ws_msg__envelope_shape(void **state)
{
    (void)state;
    const char *omit[] = {U2, U1};
    ws_broadcast_t bc = {.channel_id = CH, .omit_users = omit, .omit_users_count = 2};
    int rc;
    json_t *data = json_pack("{s:s}", "user_id", U1);
    ws_msg_t *m = ws_msg_event_create("typing", data, &bc, &rc);
    json_decref(data);
    assert_non_null(m);
    assert_true(m->flags & WS_MSG_DROPPABLE);
    json_t *j = complete(m, 7);
    assert_string_equal(json_string_value(json_object_get(j, "event")), "typing");
    assert_int_equal(json_integer_value(json_object_get(j, "seq")), 7);
    json_t *b = json_object_get(j, "broadcast");
    assert_string_equal(json_string_value(json_object_get(b, "channel_id")), CH);
    assert_string_equal(json_string_value(json_object_get(b, "user_id")), "");
    assert_string_equal(json_string_value(json_object_get(b, "team_id")), "");
    assert_string_equal(json_string_value(json_object_get(b, "connection_id")), "");
    assert_string_equal(json_string_value(json_object_get(b, "omit_connection_id")), "");
    assert_true(json_is_true(json_object_get(json_object_get(b, "omit_users"), U1)));
    assert_true(ws_filter_omits(m->filter, U1));
    assert_true(ws_filter_omits(m->filter, U2));
    assert_false(ws_filter_omits(m->filter, CH));
    json_decref(j);
    ws_msg_unref(m);
}

static void test_ws_msg__no_omit_is_null_and_data_default(void **state)
{
    (void)state;
    int rc;
    ws_msg_t *m = ws_msg_event_create("new_user", NULL, NULL, &rc);
    assert_non_null(m);
    assert_false(m->flags & WS_MSG_DROPPABLE);
    json_t *j = complete(m, 0);
    assert_true(json_is_null(json_object_get(json_object_get(j, "broadcast"), "omit_users")));
    assert_int_equal(json_object_size(json_object_get(j, "data")), 0);
    json_decref(j);
    ws_msg_unref(m);
}

static void test_ws_msg__bad_arguments(void **state)
{
    (void)state;
    int rc;
    ws_broadcast_t bad = {.user_id = "short"};
    assert_null(ws_msg_event_create("x", NULL, &bad, &rc));
    assert_int_equal(rc, PL_EINVAL);
    assert_null(ws_msg_event_create("", NULL, NULL, &rc));
    json_t *arr = json_array();
    assert_null(ws_msg_event_create("x", arr, NULL, &rc));
    json_decref(arr);
    const char *omit[] = {"not-an-id"};
    ws_broadcast_t b2 = {.omit_users = omit, .omit_users_count = 1};
    assert_null(ws_msg_event_create("x", NULL, &b2, &rc));
    assert_int_equal(ws_publish("x", json_pack("{}"), NULL), PL_EAGAIN); /* no loops running */
    assert_int_equal(ws_publish("", json_pack("{}"), NULL), PL_EINVAL);
}

static void test_ws_msg__event_name_escaped(void **state)
{
    (void)state;
    int rc;
    ws_msg_t *m = ws_msg_event_create("a\"b", NULL, NULL, &rc);
    assert_non_null(m);
    json_t *j = complete(m, 1);
    assert_string_equal(json_string_value(json_object_get(j, "event")), "a\"b");
    json_decref(j);
    ws_msg_unref(m);
}

static void test_ws_msg__wire_roundtrip(void **state)
{
    (void)state;
    const char *omit[] = {U2};
    ws_broadcast_t bc = {.user_id = U1, .omit_users = omit, .omit_users_count = 1, .team_id = CH};
    int rc;
    json_t *data = json_pack("{s:s}", "status", "online");
    ws_msg_t *m = ws_msg_event_create("status_change", data, &bc, &rc);
    json_decref(data);
    void *w;
    size_t n;
    assert_int_equal(ws_wire_encode_event(m, &w, &n), PL_OK);
    ws_msg_t *d = ws_wire_decode_event(w, n);
    assert_non_null(d);
    assert_int_equal(d->len, m->len);
    assert_memory_equal(d->data, m->data, m->len);
    assert_int_equal(d->flags, m->flags);
    assert_string_equal(d->filter->user_id, U1);
    assert_string_equal(d->filter->team_id, CH);
    assert_true(ws_filter_omits(d->filter, U2));
    /* every truncation and a corrupted id are refused */
    for (size_t i = 0; i < n; i++)
        assert_null(ws_wire_decode_event(w, i));
    ((char *)w)[3 + 2 * 26] = '!';
    assert_null(ws_wire_decode_event(w, n));
    assert_int_equal(ws_wire_apply("junk", 4), PL_EINVAL);
    free(w);
    ws_msg_unref(d);
    ws_msg_unref(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ws_msg__envelope_shape), cmocka_unit_test(test_ws_msg__no_omit_is_null_and_data_default),
        cmocka_unit_test(test_ws_msg__bad_arguments),  cmocka_unit_test(test_ws_msg__event_name_escaped),
        cmocka_unit_test(test_ws_msg__wire_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
