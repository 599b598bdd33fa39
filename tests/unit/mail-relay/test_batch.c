#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "parley/err.h"
#include "relay/backoff.h"
#include "relay/batch.h"

static relay_item_t *item(const char *user, const char *post, const char *chan, int64_t accepted, int64_t interval,
                          int64_t create_at)
{
    pl_mail_job_t j;
    memset(&j, 0, sizeof(j));
    j.kind = PL_MAIL_NOTIFICATION;
    j.user_id = strdup(user);
    j.interval_s = interval;
    j.post.id = strdup(post);
    j.post.channel_id = strdup(chan);
    j.post.create_at = create_at;
    return relay_item_create(post, accepted, &j);
}

typedef struct got {
    size_t batches, items;
    relay_item_t *all[16];
} got_t;

static void take(relay_item_t **items, size_t n, void *arg)
{
    got_t *g = arg;
    for (size_t i = 0; i < n; i++)
        g->all[g->items++] = items[i];
    g->batches++;
    free(items);
}

static void destroy_removed(relay_item_t *it, void *arg)
{
    (*(int *)arg)++;
    relay_item_destroy(it);
}

#define U1 "uuuuuuuuuuuuuuuuuuuuuuuuu1"
#define U2 "uuuuuuuuuuuuuuuuuuuuuuuuu2"
#define CA "caaaaaaaaaaaaaaaaaaaaaaaaa"
#define CB "cbbbbbbbbbbbbbbbbbbbbbbbbb"

static void test_due_per_recipient(void **state)
{
    (void)state;
    relay_batches_t b;
    relay_batch_init(&b, 100, 3600);
    assert_int_equal(relay_batch_add(&b, item(U1, "p1aaaaaaaaaaaaaaaaaaaaaaaa", CA, 1000, 10, 1)), PL_OK);
    assert_int_equal(relay_batch_add(&b, item(U1, "p2aaaaaaaaaaaaaaaaaaaaaaaa", CA, 5000, 10, 2)), PL_OK);
    assert_int_equal(relay_batch_add(&b, item(U2, "p3aaaaaaaaaaaaaaaaaaaaaaaa", CA, 2000, 60, 3)), PL_OK);
    got_t g = {0};
    relay_batch_take_due(&b, 10999, 0, take, &g);
    assert_int_equal(g.batches, 0);
    relay_batch_take_due(&b, 11000, 0, take, &g); /* first item of U1 + 10 s */
    assert_int_equal(g.batches, 1);
    assert_int_equal(g.items, 2);
    assert_int_equal(b.nbatches, 1);
    relay_batch_take_due(&b, 0, 1, take, &g); /* force */
    assert_int_equal(g.items, 3);
    for (size_t i = 0; i < g.items; i++)
        relay_item_destroy(g.all[i]);
    relay_batch_dispose(&b);
}

static void test_full_and_cap(void **state)
{
    (void)state;
    relay_batches_t b;
    relay_batch_init(&b, 2, 5); /* at most 2 items, interval capped at 5 s */
    assert_int_equal(relay_batch_add(&b, item(U1, "p1aaaaaaaaaaaaaaaaaaaaaaaa", CA, 0, 3600, 1)), PL_OK);
    assert_int_equal(relay_batch_add(&b, item(U1, "p2aaaaaaaaaaaaaaaaaaaaaaaa", CA, 0, 3600, 1)), 1);
    got_t g = {0};
    relay_batch_take_due(&b, 0, 0, take, &g);
    assert_int_equal(g.items, 2);
    relay_batch_add(&b, item(U2, "p3aaaaaaaaaaaaaaaaaaaaaaaa", CA, 0, 3600, 1));
    relay_batch_take_due(&b, 5000, 0, take, &g);
    assert_int_equal(g.items, 3);
    for (size_t i = 0; i < g.items; i++)
        relay_item_destroy(g.all[i]);
    relay_batch_dispose(&b);
}

static void test_cancel(void **state)
{
    (void)state;
    relay_batches_t b;
    relay_batch_init(&b, 100, 3600);
    relay_batch_add(&b, item(U1, "p1aaaaaaaaaaaaaaaaaaaaaaaa", CA, 0, 10, 100));
    relay_batch_add(&b, item(U1, "p2aaaaaaaaaaaaaaaaaaaaaaaa", CA, 0, 10, 300));
    relay_batch_add(&b, item(U1, "p3aaaaaaaaaaaaaaaaaaaaaaaa", CB, 0, 10, 100));
    relay_batch_add(&b, item(U1, "p4aaaaaaaaaaaaaaaaaaaaaaaa", CB, 0, 10, 900));
    char *ids[] = {"p4aaaaaaaaaaaaaaaaaaaaaaaa"};
    pl_mail_cancel_t c = {U1, CA, 200, NULL, 0};
    int removed = 0;
    assert_int_equal(relay_batch_cancel(&b, &c, destroy_removed, &removed), 1); /* p1 */
    pl_mail_cancel_t c2 = {U1, "", 0, ids, 1};
    assert_int_equal(relay_batch_cancel(&b, &c2, destroy_removed, &removed), 1); /* p4 */
    pl_mail_cancel_t c3 = {U2, "", 99999, NULL, 0};
    assert_int_equal(relay_batch_cancel(&b, &c3, destroy_removed, &removed), 0);
    assert_int_equal(b.nitems, 2);
    pl_mail_cancel_t c4 = {U1, "", 99999, NULL, 0};
    assert_int_equal(relay_batch_cancel(&b, &c4, destroy_removed, &removed), 2);
    assert_int_equal(b.nbatches, 0);
    assert_int_equal(removed, 4);
    relay_batch_dispose(&b);
}

static void test_backoff(void **state)
{
    (void)state;
    for (int i = 0; i < 50; i++) {
        int64_t d1 = relay_backoff_ms(1, 1000, 60000);
        assert_true(d1 >= 500 && d1 <= 1000);
        int64_t d3 = relay_backoff_ms(3, 1000, 60000);
        assert_true(d3 >= 2000 && d3 <= 4000);
        int64_t d30 = relay_backoff_ms(30, 1000, 60000);
        assert_true(d30 >= 30000 && d30 <= 60000);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_due_per_recipient), cmocka_unit_test(test_full_and_cap),
                                       cmocka_unit_test(test_cancel), cmocka_unit_test(test_backoff)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
