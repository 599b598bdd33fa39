#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "ws/queue.h"

static ws_msg_t *event(const char *name)
{
    int rc;
    ws_msg_t *m = ws_msg_event_create(name, NULL, NULL, &rc);
    assert_non_null(m);
    return m;
}

static void test_ws_queue__seq_consecutive_and_lazy(void **state)
{
    (void)state;
    ws_queue_t q = {0};
    assert_null(q.ring);
    ws_msg_t *m = event("posted");
    for (int i = 0; i < 10; i++)
        assert_int_equal(ws_queue_push(&q, m, 256, 1), WS_QUEUE_OK);
    assert_int_equal(q.next_seq, 10);
    assert_int_equal(ws_queue_pending(&q), 10);
    assert_true(q.cap >= 10 && q.cap <= 16);
    assert_ptr_equal(ws_queue_at(&q, 3), m);
    assert_int_equal(atomic_load(&m->refs), 11);
    ws_queue_reset(&q);
    assert_int_equal(atomic_load(&m->refs), 1);
    ws_msg_unref(m);
}

static void test_ws_queue__droppable_first_then_overflow(void **state)
{
    (void)state;
    ws_queue_t q = {0};
    ws_msg_t *post = event("posted"), *typing = event("typing");
    for (int i = 0; i < 8; i++)
        assert_int_equal(ws_queue_push(&q, post, 16, 1), WS_QUEUE_OK);
    /* half full: typing refused, no seq used */
    assert_int_equal(ws_queue_push(&q, typing, 16, 1), WS_QUEUE_DROPPED);
    assert_int_equal(q.next_seq, 8);
    for (int i = 0; i < 8; i++)
        assert_int_equal(ws_queue_push(&q, post, 16, 1), WS_QUEUE_OK);
    assert_int_equal(ws_queue_push(&q, post, 16, 1), WS_QUEUE_OVERFLOW);
    /* sending frees room */
    q.unsent = 16;
    assert_int_equal(ws_queue_push(&q, typing, 16, 1), WS_QUEUE_OK);
    assert_int_equal(q.next_seq, 17);
    assert_int_equal(q.oldest, 1); /* the ring rolled: 16 kept */
    ws_queue_reset(&q);
    ws_msg_unref(post);
    ws_msg_unref(typing);
}

static void test_ws_queue__resume_window(void **state)
{
    (void)state;
    ws_queue_t q = {0};
    ws_msg_t *m = event("posted");
    for (int i = 0; i < 40; i++) {
        assert_int_equal(ws_queue_push(&q, m, 16, 0), WS_QUEUE_OK); /* closed: rolls, never overflows */
        q.unsent = q.next_seq;
    }
    assert_int_equal(q.oldest, 24);
    assert_int_equal(ws_queue_rewind(&q, 23), -1);
    assert_int_equal(ws_queue_rewind(&q, 41), -1);
    assert_int_equal(ws_queue_rewind(&q, 40), 0); /* nothing lost */
    assert_int_equal(ws_queue_pending(&q), 0);
    assert_int_equal(ws_queue_rewind(&q, 30), 0);
    assert_int_equal(ws_queue_pending(&q), 10);
    ws_msg_t *typing = event("typing");
    assert_int_equal(ws_queue_push(&q, typing, 16, 0), WS_QUEUE_DROPPED);
    ws_queue_reset(&q);
    assert_int_equal(atomic_load(&m->refs), 1);
    ws_msg_unref(m);
    ws_msg_unref(typing);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ws_queue__seq_consecutive_and_lazy),
        cmocka_unit_test(test_ws_queue__droppable_first_then_overflow),
        cmocka_unit_test(test_ws_queue__resume_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
