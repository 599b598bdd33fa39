#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "parley/err.h"
#include "parley/id.h"
#include "parley/zenv.h"

#define ID1 "ybndrfg8ejkmcpqxot1uwisza3"

typedef struct pair {
    void *ctx, *router, *dealer;
} pair_t;

static void *socket_new(void *ctx, int type)
{
    void *s = zmq_socket(ctx, type);
    assert_non_null(s);
    int timeout = 5000, linger = 0;
    zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof(timeout));
    zmq_setsockopt(s, ZMQ_SNDTIMEO, &timeout, sizeof(timeout));
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof(linger));
    return s;
}

/* A ROUTER bound to endpoint ("inproc://..." or "tcp://127.0.0.1:*") and a DEALER connected to it. */
static pair_t *pair_new(const char *endpoint)
{
    pair_t *p = calloc(1, sizeof(*p));
    p->ctx = zmq_ctx_new();
    p->router = socket_new(p->ctx, ZMQ_ROUTER);
    p->dealer = socket_new(p->ctx, ZMQ_DEALER);
    assert_int_equal(pl_zenv_set_limits(p->router), PL_OK);
    assert_int_equal(zmq_bind(p->router, endpoint), 0);
    char last[256];
    size_t len = sizeof(last);
    assert_int_equal(zmq_getsockopt(p->router, ZMQ_LAST_ENDPOINT, last, &len), 0);
    assert_int_equal(zmq_setsockopt(p->dealer, ZMQ_ROUTING_ID, "core-1", 6), 0);
    assert_int_equal(zmq_connect(p->dealer, last), 0);
    return p;
}

static int setup_inproc(void **state)
{
    *state = pair_new("inproc://parley-test-zenv");
    return 0;
}

static int setup_tcp(void **state)
{
    *state = pair_new("tcp://127.0.0.1:*");
    return 0;
}

static int teardown(void **state)
{
    pair_t *p = *state;
    zmq_close(p->router);
    zmq_close(p->dealer);
    zmq_ctx_term(p->ctx);
    free(p);
    return 0;
}

/* Send raw frames from the dealer, as a misbehaving peer would. */
static void send_raw(void *sock, size_t n, const char *const *frames, const size_t *lens)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = lens != NULL ? lens[i] : strlen(frames[i]);
        assert_int_equal(zmq_send(sock, frames[i], len, i + 1 < n ? ZMQ_SNDMORE : 0), (int)len);
    }
}

static void test_round_trip(void **state)
{
    pair_t *p = *state;
    const char body[] = "{\"v\":1,\"x\":\"y\"}";
    assert_int_equal(pl_zenv_send_parts(p->dealer, NULL, 0, "push.job", ID1, body, strlen(body), 0), PL_OK);
    pl_zenv_t env;
    assert_int_equal(pl_zenv_recv(p->router, &env, 0, 0), PL_OK);
    assert_int_equal(env.routing_id_len, 6);
    assert_memory_equal(env.routing_id, "core-1", 6);
    assert_string_equal(env.type, "push.job");
    assert_string_equal(env.msg_id, ID1);
    assert_string_equal(env.body, body);
    assert_int_equal(env.body_len, strlen(body));

    /* answer through the ROUTER: the routing id picks the peer, the DEALER sees no routing frame */
    pl_zenv_dispose(&env);
    snprintf(env.type, sizeof(env.type), "push.ack");
    env.body = strdup("{\"v\":1,\"status\":\"ok\"}");
    env.body_len = strlen(env.body);
    assert_int_equal(pl_zenv_send(p->router, &env, 0), PL_OK);
    pl_zenv_dispose(&env);
    pl_zenv_t ack;
    assert_int_equal(pl_zenv_recv(p->dealer, &ack, 0, 0), PL_OK);
    assert_int_equal(ack.routing_id_len, 0);
    assert_string_equal(ack.type, "push.ack");
    assert_string_equal(ack.msg_id, ID1);
    assert_string_equal(ack.body, "{\"v\":1,\"status\":\"ok\"}");
    pl_zenv_dispose(&ack);
    pl_zenv_dispose(&ack); /* idempotent */
}

static void test_empty_body_and_nonblocking(void **state)
{
    pair_t *p = *state;
    pl_zenv_t env;
    assert_int_equal(pl_zenv_recv(p->router, &env, 0, ZMQ_DONTWAIT), PL_EAGAIN);
    assert_int_equal(pl_zenv_send_parts(p->dealer, NULL, 0, "mail.cancel", ID1, NULL, 0, 0), PL_OK);
    assert_int_equal(pl_zenv_recv(p->router, &env, 0, 0), PL_OK);
    assert_string_equal(env.body, "");
    assert_int_equal(env.body_len, 0);
    pl_zenv_dispose(&env);
}

/* Receive one message that must be refused with code want; then a good one must still come through. */
static void expect_refused_then_ok(pair_t *p, int want, const char *want_id, size_t max_body)
{
    pl_zenv_t env;
    assert_int_equal(pl_zenv_recv(p->router, &env, max_body, 0), want);
    assert_null(env.body);
    assert_int_equal(env.routing_id_len, 6);
    assert_memory_equal(env.routing_id, "core-1", 6);
    assert_string_equal(env.msg_id, want_id);
    assert_int_equal(pl_zenv_send_parts(p->dealer, NULL, 0, "mail.job", ID1, "{}", 2, 0), PL_OK);
    assert_int_equal(pl_zenv_recv(p->router, &env, max_body, 0), PL_OK);
    assert_string_equal(env.type, "mail.job");
    pl_zenv_dispose(&env);
}

static void test_too_few_frames(void **state)
{
    pair_t *p = *state;
    const char *const f[] = {"PL1", "push.job", ID1};
    send_raw(p->dealer, 3, f, NULL);
    expect_refused_then_ok(p, PL_EINVAL, ID1, 0);
    send_raw(p->dealer, 1, f, NULL);
    expect_refused_then_ok(p, PL_EINVAL, "", 0);
}

static void test_too_many_frames(void **state)
{
    pair_t *p = *state;
    const char *const f[] = {"PL1", "push.job", ID1, "{}", "extra", "more"};
    send_raw(p->dealer, 6, f, NULL);
    expect_refused_then_ok(p, PL_EINVAL, ID1, 0);
}

static void test_bad_magic(void **state)
{
    pair_t *p = *state;
    const char *const f[] = {"PL2", "push.job", ID1, "{}"};
    send_raw(p->dealer, 4, f, NULL);
    expect_refused_then_ok(p, PL_EINVAL, ID1, 0);
    const char *const g[] = {"PL1x", "push.job", ID1, "{}"};
    send_raw(p->dealer, 4, g, NULL);
    expect_refused_then_ok(p, PL_EINVAL, ID1, 0);
}

static void test_bad_type(void **state)
{
    pair_t *p = *state;
    const char *const f[] = {"PL1", "Push Job", ID1, "{}"};
    send_raw(p->dealer, 4, f, NULL);
    expect_refused_then_ok(p, PL_EINVAL, ID1, 0);
    const char *const g[] = {"PL1", "", ID1, "{}"};
    send_raw(p->dealer, 4, g, NULL);
    expect_refused_then_ok(p, PL_EINVAL, ID1, 0);
    const char *const h[] = {"PL1", "a.very.long.type.name.over.31.chars", ID1, "{}"};
    send_raw(p->dealer, 4, h, NULL);
    expect_refused_then_ok(p, PL_EINVAL, ID1, 0);
}

static void test_wrong_id(void **state)
{
    pair_t *p = *state;
    const char *const f[] = {"PL1", "push.job", "ybndrfg8ejkmcpqxot1uwisza", "{}"};
    send_raw(p->dealer, 4, f, NULL);
    expect_refused_then_ok(p, PL_EINVAL, "", 0);
    const char *const g[] = {"PL1", "push.job", "ybndrfg8ejkmcpqxot1uwisz-3", "{}"};
    send_raw(p->dealer, 4, g, NULL);
    expect_refused_then_ok(p, PL_EINVAL, "", 0);
}

static void test_oversize_body(void **state)
{
    pair_t *p = *state;
    const char *const f[] = {"PL1", "push.job", ID1, "{\"0123456789\":1}"};
    send_raw(p->dealer, 4, f, NULL);
    expect_refused_then_ok(p, PL_ETOOBIG, ID1, 8);

    size_t big = PL_ZENV_MAX_BODY + 1;
    char *body = malloc(big);
    memset(body, ' ', big);
    const char *const g[] = {"PL1", "push.job", ID1, body};
    const size_t lens[] = {3, 8, 26, big};
    send_raw(p->dealer, 4, g, lens);
    expect_refused_then_ok(p, PL_ETOOBIG, ID1, 0);
    /* exactly at the cap is fine */
    assert_int_equal(pl_zenv_send_parts(p->dealer, NULL, 0, "push.job", ID1, body, PL_ZENV_MAX_BODY, 0), PL_OK);
    pl_zenv_t env;
    assert_int_equal(pl_zenv_recv(p->router, &env, 0, 0), PL_OK);
    assert_int_equal(env.body_len, PL_ZENV_MAX_BODY);
    pl_zenv_dispose(&env);
    assert_int_equal(pl_zenv_send_parts(p->dealer, NULL, 0, "push.job", ID1, body, big, 0), PL_ETOOBIG);
    free(body);
}

static void test_send_validation(void **state)
{
    pair_t *p = *state;
    assert_int_equal(pl_zenv_send_parts(p->dealer, NULL, 0, "Bad Type", ID1, "{}", 2, 0), PL_EINVAL);
    assert_int_equal(pl_zenv_send_parts(p->dealer, NULL, 0, "push.job", "short", "{}", 2, 0), PL_EINVAL);
    assert_int_equal(pl_zenv_send_parts(p->dealer, NULL, 0, NULL, ID1, "{}", 2, 0), PL_EINVAL);
    assert_int_equal(pl_zenv_send_parts(p->dealer, NULL, 0, "push.job", ID1, NULL, 2, 0), PL_EINVAL);
    assert_int_equal(pl_zenv_send_parts(p->dealer, NULL, 5, "push.job", ID1, "{}", 2, 0), PL_EINVAL);
    /* nothing went out: the next receive sees the next good message */
    char id[PL_ID_LEN + 1];
    pl_id_new(id);
    assert_int_equal(pl_zenv_send_parts(p->dealer, NULL, 0, "push.job", id, "{}", 2, 0), PL_OK);
    pl_zenv_t env;
    assert_int_equal(pl_zenv_recv(p->router, &env, 0, 0), PL_OK);
    assert_string_equal(env.msg_id, id);
    pl_zenv_dispose(&env);
}

static void test_router_unknown_peer(void **state)
{
    pair_t *p = *state;
    int on = 1;
    zmq_setsockopt(p->router, ZMQ_ROUTER_MANDATORY, &on, sizeof(on));
    assert_int_equal(pl_zenv_send_parts(p->router, "nobody", 6, "push.ack", ID1, "{}", 2, 0), PL_ENOTFOUND);
}

static void test_curve_key_checks(void **state)
{
    pair_t *p = *state;
    char pub[41], sec[41], spub[41], ssec[41];
    assert_int_equal(zmq_curve_keypair(pub, sec), 0);
    assert_int_equal(zmq_curve_keypair(spub, ssec), 0);
    void *s = socket_new(p->ctx, ZMQ_DEALER);
    assert_int_equal(pl_zenv_curve_server(s, "short"), PL_EINVAL);
    assert_int_equal(pl_zenv_curve_server(s, NULL), PL_EINVAL);
    char bad[41];
    memcpy(bad, ssec, sizeof(bad));
    bad[3] = '"'; /* not in the Z85 alphabet */
    assert_int_equal(pl_zenv_curve_server(s, bad), PL_EINVAL);
    assert_int_equal(pl_zenv_curve_client(s, spub, pub, ssec), PL_EINVAL); /* pair mismatch */
    assert_int_equal(pl_zenv_curve_client(s, "x", pub, sec), PL_EINVAL);
    assert_int_equal(pl_zenv_curve_client(s, spub, pub, sec), PL_OK);
    zmq_close(s);
    s = socket_new(p->ctx, ZMQ_ROUTER);
    assert_int_equal(pl_zenv_curve_server(s, ssec), PL_OK);
    int on = 0;
    size_t len = sizeof(on);
    zmq_getsockopt(s, ZMQ_CURVE_SERVER, &on, &len);
    assert_int_equal(on, 1);
    zmq_close(s);
}

int main(void)
{
#define IN(fn) cmocka_unit_test_setup_teardown(fn, setup_inproc, teardown)
#define TCP(fn) cmocka_unit_test_setup_teardown(fn, setup_tcp, teardown)
    const struct CMUnitTest tests[] = {
        IN(test_round_trip),          TCP(test_round_trip),      IN(test_empty_body_and_nonblocking),
        IN(test_too_few_frames),      TCP(test_too_many_frames), IN(test_too_many_frames),
        IN(test_bad_magic),           IN(test_bad_type),         IN(test_wrong_id),
        IN(test_oversize_body),       TCP(test_oversize_body),   IN(test_send_validation),
        IN(test_router_unknown_peer), IN(test_curve_key_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
