#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ws/fanout.h"
#include "ws/hub.h"

/* The fan-out's shared state (hubs[], the forwarder) touched from several threads at once, as the
 * loops, the publishers, the cluster bus and /metrics do. In a PARLEY_TSAN build a missing lock is
 * a ThreadSanitizer report (the test exits non-zero); in every build the results must add up. */

void ws_fanout_attach(size_t index, ws_hub_t *h);

#define ROUNDS 20000

static ws_hub_t hubs[2];
static atomic_int forwarded;
static atomic_int stop_readers;

static void count_forward(const void *p, size_t n, void *arg)
{
    (void)p;
    (void)n;
    atomic_fetch_add((atomic_int *)arg, 1);
}

static void *attacher(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        ws_fanout_attach(1, (i & 1) ? NULL : &hubs[1]);
        ws_fanout_set_forwarder((i & 1) ? NULL : count_forward, &forwarded);
    }
    ws_fanout_attach(1, &hubs[1]);
    ws_fanout_set_forwarder(count_forward, &forwarded);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop_readers)) {
        ws_stats_t s;
        ws_fanout_stats(&s);
        /* hub 0 always there (7 delivered), hub 1 (5) or not: never anything else */
        assert_true(s.delivered == 7 || s.delivered == 12);
        ws_fanout_forward("x", 1);
        (void)ws_fanout_has_forwarder();
    }
    return NULL;
}

static void test_ws_fanout__shared_state_under_threads(void **state)
{
    (void)state;
    atomic_store(&hubs[0].delivered, 7);
    atomic_store(&hubs[1].delivered, 5);
    atomic_store(&hubs[0].nlive, 1);
    ws_fanout_attach(0, &hubs[0]);
    pthread_t a, r[2];
    assert_int_equal(pthread_create(&r[0], NULL, reader, NULL), 0);
    assert_int_equal(pthread_create(&r[1], NULL, reader, NULL), 0);
    assert_int_equal(pthread_create(&a, NULL, attacher, NULL), 0);
    pthread_join(a, NULL);
    atomic_store(&stop_readers, 1);
    pthread_join(r[0], NULL);
    pthread_join(r[1], NULL);

    ws_stats_t s;
    ws_fanout_stats(&s);
    assert_int_equal(s.delivered, 12);
    assert_int_equal(s.connections, 1);
    int before = atomic_load(&forwarded);
    ws_fanout_forward("x", 1);
    assert_int_equal(atomic_load(&forwarded), before + 1);
    ws_fanout_set_forwarder(NULL, NULL);
    assert_false(ws_fanout_has_forwarder());
    ws_fanout_forward("x", 1); /* cleared: nothing called */
    assert_int_equal(atomic_load(&forwarded), before + 1);
    ws_fanout_attach(0, NULL);
    ws_fanout_attach(1, NULL);
    ws_fanout_stats(&s);
    assert_int_equal(s.delivered, 0);
}

static void test_ws_fanout__seq_suffix(void **state)
{
    (void)state;
    static const uint32_t seqs[] = {0, 1, 9, 10, 99, 100, 12345, 999999999, 1000000000, UINT32_MAX};
    for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
        char want[WS_SEQ_SUFFIX_MAX], got[WS_SEQ_SUFFIX_MAX];
        int wl = snprintf(want, sizeof(want), "%u}", seqs[i]);
        size_t gl = ws_queue_seq_suffix(got, seqs[i]);
        assert_int_equal(gl, wl);
        assert_memory_equal(got, want, gl);
    }
}

static void test_ws_fanout__clone_has_its_own_count_and_filter(void **state)
{
    (void)state;
    const char *omit[] = {"bbbbbbbbbbbbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaaaaaaaaaaaa"};
    ws_broadcast_t bc = {.channel_id = "cccccccccccccccccccccccccc", .omit_users = omit, .omit_users_count = 2};
    int rc;
    ws_msg_t *m = ws_msg_event_create("typing", NULL, &bc, &rc);
    assert_non_null(m);
    ws_msg_t *c = ws_msg_clone(m);
    ws_msg_unref(m); /* the clone does not depend on the original */
    assert_int_equal(atomic_load(&c->refs), 1);
    assert_true((c->flags & WS_MSG_DROPPABLE) != 0);
    assert_true((char *)c->filter > c->data && (char *)c->filter < (char *)c + ws_msg_event_size(c->len, 2));
    assert_string_equal(c->filter->channel_id, "cccccccccccccccccccccccccc");
    assert_true(ws_filter_omits(c->filter, "aaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assert_true(ws_filter_omits(c->filter, "bbbbbbbbbbbbbbbbbbbbbbbbbb"));
    assert_false(ws_filter_omits(c->filter, "bbbbbbbbbbbbbbbbbbbbbbbbbc")); /* same first 8 bytes */
    assert_false(ws_filter_omits(c->filter, "cccccccccccccccccccccccccc"));
    assert_int_equal(strncmp(c->data, "{\"event\":\"typing\"", 17), 0);
    ws_msg_unref(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ws_fanout__shared_state_under_threads),
        cmocka_unit_test(test_ws_fanout__seq_suffix),
        cmocka_unit_test(test_ws_fanout__clone_has_its_own_count_and_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
