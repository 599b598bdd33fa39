#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "push.h"

static void id_of(int i, char out[27])
{
    snprintf(out, 27, "id%024d", i);
}

static void test_dedup_states_and_eviction(void **state)
{
    (void)state;
    push_dedup_t *d = push_dedup_create(16);
    pl_push_ack_t ack, got;
    char id[27];
    pl_push_ack_set(&ack, PL_PUSH_REMOVE, "Unregistered", NULL);
    id_of(0, id);
    assert_int_equal(push_dedup_check(d, id, &got), 0);
    assert_int_equal(push_dedup_check(d, id, &got), 2); /* in flight */
    push_dedup_store(d, id, &ack);
    assert_int_equal(push_dedup_check(d, id, &got), 1);
    assert_int_equal(got.status, PL_PUSH_REMOVE);
    assert_string_equal(got.reason, "Unregistered");
    for (int i = 1; i <= 16; i++) { /* 16 more answers push id 0 out */
        id_of(i, id);
        assert_int_equal(push_dedup_check(d, id, &got), 0);
        push_dedup_store(d, id, &ack);
    }
    id_of(0, id);
    assert_int_equal(push_dedup_check(d, id, &got), 0);
    id_of(16, id);
    assert_int_equal(push_dedup_check(d, id, &got), 1);
    id_of(99, id);
    assert_int_equal(push_dedup_check(d, id, &got), 0);
    push_dedup_forget(d, id);
    assert_int_equal(push_dedup_check(d, id, &got), 0);
    push_dedup_destroy(d);
}

static void test_throttle_window_and_keys(void **state)
{
    (void)state;
    push_throttle_t *t = push_throttle_create(2, 4);
    assert_true(push_throttle_allow(t, "a", 1000));
    assert_true(push_throttle_allow(t, "a", 1001));
    assert_false(push_throttle_allow(t, "a", 1002));
    assert_true(push_throttle_allow(t, "b", 1002));
    assert_true(push_throttle_allow(t, "a", 2001)); /* next window */
    for (int i = 0; i < 100; i++) {                 /* more keys than the store holds: still bounded, still answers */
        char k[16];
        snprintf(k, sizeof(k), "k%d", i);
        assert_true(push_throttle_allow(t, k, 3000 + i));
    }
    push_throttle_destroy(t);
    assert_true(push_throttle_allow(NULL, "x", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dedup_states_and_eviction),
        cmocka_unit_test(test_throttle_window_and_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
