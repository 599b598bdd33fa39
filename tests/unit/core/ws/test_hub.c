#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "ws/hub.h"

/* Mattermost's broadcast filter on one hub shard, with connections that have no socket (events
 * are queued, nothing is written). */

#define UA "aaaaaaaaaaaaaaaaaaaaaaaaaa"
#define UB "bbbbbbbbbbbbbbbbbbbbbbbbbb"
#define C1 "c1c1c1c1c1c1c1c1c1c1c1c1c1"
#define C2 "c2c2c2c2c2c2c2c2c2c2c2c2c2"
#define T1 "t1t1t1t1t1t1t1t1t1t1t1t1t1"

static ws_hub_t hub;

static ws_conn_t *conn(const char *id, const char *user, const char *channel, const char *team)
{
    ws_conn_t *c = calloc(1, sizeof(*c));
    c->hub = &hub;
    memcpy(c->id, id, 26);
    ws_hub_add_conn(&hub, c);
    ws_auth_t a = {0};
    memcpy(a.user_id, user, 26);
    ws_id_t ch, tm;
    if (channel != NULL) {
        memcpy(ch, channel, 27);
        a.channels = &ch;
        a.nchannels = 1;
    }
    if (team != NULL) {
        memcpy(tm, team, 27);
        a.teams = &tm;
        a.nteams = 1;
    }
    ws_hub_register(&hub, c, &a);
    return c;
}

static unsigned deliver(ws_conn_t **cs, int n, const ws_broadcast_t *bc, unsigned *got)
{
    int rc;
    ws_msg_t *m = ws_msg_event_create("posted", NULL, bc, &rc);
    assert_non_null(m);
    unsigned before[8];
    for (int i = 0; i < n; i++)
        before[i] = cs[i]->q.next_seq;
    ws_hub_deliver(&hub, m);
    unsigned mask = 0;
    for (int i = 0; i < n; i++)
        if (cs[i]->q.next_seq != before[i])
            mask |= 1u << i;
    ws_msg_unref(m);
    *got = mask;
    return mask;
}

static void test_ws_hub__broadcast_filter(void **state)
{
    (void)state;
    ws_settings_default(&ws_g_settings);
    ws_conn_t *cs[4] = {
        conn("k0k0k0k0k0k0k0k0k0k0k0k0k0", UA, C1, T1),
        conn("k1k1k1k1k1k1k1k1k1k1k1k1k1", UA, C2, NULL),
        conn("k2k2k2k2k2k2k2k2k2k2k2k2k2", UB, C1, T1),
        conn("k3k3k3k3k3k3k3k3k3k3k3k3k3", UB, NULL, NULL),
    };
    unsigned got;
    ws_broadcast_t all = {0};
    assert_int_equal(deliver(cs, 4, &all, &got), 0xf);
    ws_broadcast_t to_conn = {.connection_id = "k1k1k1k1k1k1k1k1k1k1k1k1k1", .user_id = UB};
    assert_int_equal(deliver(cs, 4, &to_conn, &got), 0x2); /* connection_id wins over user_id */
    ws_broadcast_t user = {.user_id = UA, .omit_connection_id = "k0k0k0k0k0k0k0k0k0k0k0k0k0"};
    assert_int_equal(deliver(cs, 4, &user, &got), 0x2);
    const char *omit[] = {UB};
    ws_broadcast_t chan = {.channel_id = C1, .omit_users = omit, .omit_users_count = 1};
    assert_int_equal(deliver(cs, 4, &chan, &got), 0x1);
    ws_broadcast_t chan_team = {.channel_id = C2, .team_id = T1};
    assert_int_equal(deliver(cs, 4, &chan_team, &got), 0x2); /* channel decides, team ignored */
    ws_broadcast_t team = {.team_id = T1};
    assert_int_equal(deliver(cs, 4, &team, &got), 0x5);
    ws_broadcast_t user_and_chan = {.user_id = UB, .channel_id = C2};
    assert_int_equal(deliver(cs, 4, &user_and_chan, &got), 0xc); /* user_id returns before channel */
    ws_broadcast_t nobody = {.channel_id = "zzzzzzzzzzzzzzzzzzzzzzzzzz"};
    assert_int_equal(deliver(cs, 4, &nobody, &got), 0);

    /* membership changes */
    ws_hub_member(&hub, UB, C2, 0, 1);
    assert_int_equal(deliver(cs, 4, &chan_team, &got), 0xe);
    ws_hub_member(&hub, UA, C2, 0, 0);
    assert_int_equal(deliver(cs, 4, &chan_team, &got), 0xc);
    assert_true(ws_hub_is_channel_member(cs[3], C2));
    assert_false(ws_hub_is_channel_member(cs[1], C2));

    /* teardown through the hub: every index emptied */
    for (int i = 0; i < 4; i++)
        ws_hub_doom(&hub, cs[i]);
    ws_hub_after_pass(&hub);
    assert_int_equal(hub.nconns, 0);
    assert_int_equal(hub.users.count, 0);
    assert_int_equal(hub.channels.count, 0);
    assert_int_equal(hub.teams.count, 0);
    assert_int_equal(hub.conn_ids.count, 0);
    ws_idmap_dispose(&hub.users);
    ws_idmap_dispose(&hub.channels);
    ws_idmap_dispose(&hub.teams);
    ws_idmap_dispose(&hub.conn_ids);
    free(hub.conns);
    free(hub.doomed);
    free(hub.flush);
}

static void test_ws_hub__idmap_grows_and_removes(void **state)
{
    (void)state;
    enum { N = 1000 };
    static ws_idnode_t nodes[N];
    static char keys[N][27];
    ws_idmap_t m;
    ws_idmap_init(&m);
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], 27, "%026d", i);
        nodes[i].key = keys[i];
        ws_idmap_insert(&m, &nodes[i]);
    }
    assert_int_equal(m.count, N);
    for (int i = 0; i < N; i += 2)
        ws_idmap_remove(&m, &nodes[i]);
    for (int i = 0; i < N; i++)
        assert_true((ws_idmap_find(&m, keys[i]) != NULL) == (i % 2 == 1));
    ws_idmap_dispose(&m);
}

static void test_ws_hub__batch_blocks_reused(void **state)
{
    (void)state;
    ws_hub_t h = {0};
    void *a = ws_hub_block_get(&h, 100), *b = ws_hub_block_get(&h, WS_HUB_BLOCK);
    memset(a, 1, WS_HUB_BLOCK);
    memset(b, 2, WS_HUB_BLOCK);
    ws_hub_block_put(&h, a, 100);
    ws_hub_block_put(&h, b, WS_HUB_BLOCK);
    assert_int_equal(h.nblocks, 2);
    /* the last given back comes out first: no allocation per write */
    assert_ptr_equal(ws_hub_block_get(&h, 50), b);
    assert_ptr_equal(ws_hub_block_get(&h, WS_HUB_BLOCK), a);
    assert_int_equal(h.nblocks, 0);
    assert_int_equal(h.blocks_low, 0);
    void *big = ws_hub_block_get(&h, WS_HUB_BLOCK + 1); /* larger batches are not pooled */
    memset(big, 3, WS_HUB_BLOCK + 1);
    ws_hub_block_put(&h, big, WS_HUB_BLOCK + 1);
    assert_int_equal(h.nblocks, 0);
    h.stopping = 1; /* a stopping loop frees instead of listing */
    ws_hub_block_put(&h, a, 100);
    ws_hub_block_put(&h, b, 100);
    assert_int_equal(h.nblocks, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ws_hub__broadcast_filter),
        cmocka_unit_test(test_ws_hub__idmap_grows_and_removes),
        cmocka_unit_test(test_ws_hub__batch_blocks_reused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
