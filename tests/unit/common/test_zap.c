#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "parley/err.h"
#include "parley/log.h"
#include "parley/zap.h"
#include "parley/zenv.h"

#define ID1 "ybndrfg8ejkmcpqxot1uwisza3"

typedef struct keypair {
    char pub[41], sec[41];
} keypair_t;

typedef struct fixture {
    void *ctx, *router;
    void *clients[4]; /* closed by teardown, also when an assertion failed */
    size_t nclients;
    pl_zap_t *zap;
    int devnull;
    char endpoint[256];
    keypair_t server, allowed, stranger;
} fixture_t;

static void *socket_new(void *ctx, int type)
{
    void *s = zmq_socket(ctx, type);
    assert_non_null(s);
    int linger = 0;
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof(linger));
    return s;
}

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof(*f));
    f->ctx = zmq_ctx_new();
    zmq_curve_keypair(f->server.pub, f->server.sec);
    zmq_curve_keypair(f->allowed.pub, f->allowed.sec);
    zmq_curve_keypair(f->stranger.pub, f->stranger.sec);
    f->devnull = open("/dev/null", O_WRONLY);
    pl_log_init("parley-test", PL_LOG_DEBUG, f->devnull); /* refusals and bad keys are logged */
    *state = f;
    return 0;
}

/* The CURVE ROUTER server, bound on a free TCP port (after the ZAP handler exists). */
static void server_start(fixture_t *f)
{
    f->router = socket_new(f->ctx, ZMQ_ROUTER);
    assert_int_equal(pl_zenv_curve_server(f->router, f->server.sec), PL_OK);
    assert_int_equal(zmq_bind(f->router, "tcp://127.0.0.1:*"), 0);
    size_t len = sizeof(f->endpoint);
    assert_int_equal(zmq_getsockopt(f->router, ZMQ_LAST_ENDPOINT, f->endpoint, &len), 0);
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    for (size_t i = 0; i < f->nclients; i++)
        zmq_close(f->clients[i]);
    if (f->router != NULL)
        zmq_close(f->router);
    pl_zap_destroy(f->zap);
    zmq_ctx_term(f->ctx);
    pl_log_init("parley", PL_LOG_INFO, 2);
    close(f->devnull);
    free(f);
    return 0;
}

static void *client_new(fixture_t *f)
{
    void *d = socket_new(f->ctx, ZMQ_DEALER);
    f->clients[f->nclients++] = d;
    return d;
}

/* Connect a CURVE client with kp, send one job. */
static void client_send(fixture_t *f, const keypair_t *kp)
{
    void *d = client_new(f);
    assert_int_equal(pl_zenv_curve_client(d, f->server.pub, kp->pub, kp->sec), PL_OK);
    assert_int_equal(zmq_connect(d, f->endpoint), 0);
    assert_int_equal(pl_zenv_send_parts(d, NULL, 0, "push.job", ID1, "{}", 2, 0), PL_OK);
}

/* @return 1 when a message reached the server within ms milliseconds; its frames carry the user id. */
static int server_got_message(fixture_t *f, int ms, const char *want_user)
{
    zmq_pollitem_t item = {f->router, 0, ZMQ_POLLIN, 0};
    if (zmq_poll(&item, 1, ms) <= 0)
        return 0;
    char user[64] = "";
    for (int more = 1, i = 0; more; i++) {
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        assert_true(zmq_msg_recv(&msg, f->router, 0) >= 0);
        const char *u = i == 1 ? zmq_msg_gets(&msg, "User-Id") : NULL;
        if (u != NULL)
            snprintf(user, sizeof(user), "%s", u);
        more = zmq_msg_more(&msg);
        zmq_msg_close(&msg);
    }
    if (want_user != NULL)
        assert_string_equal(user, want_user);
    return 1;
}

static void test_allowed_client_gets_through(void **state)
{
    fixture_t *f = *state;
    const char *const keys[] = {f->allowed.pub};
    f->zap = pl_zap_create(f->ctx, keys, 1);
    assert_non_null(f->zap);
    server_start(f);
    client_send(f, &f->allowed);
    assert_true(server_got_message(f, 5000, f->allowed.pub));
}

static void test_unknown_client_refused(void **state)
{
    fixture_t *f = *state;
    const char *const keys[] = {f->allowed.pub};
    f->zap = pl_zap_create(f->ctx, keys, 1);
    assert_non_null(f->zap);
    server_start(f);
    client_send(f, &f->stranger);
    assert_false(server_got_message(f, 700, NULL));
    /* the handler keeps serving: an allowed client still gets through afterwards */
    client_send(f, &f->allowed);
    assert_true(server_got_message(f, 5000, f->allowed.pub));
    assert_false(server_got_message(f, 300, NULL));
}

static void test_empty_list_allows_any_curve_client(void **state)
{
    fixture_t *f = *state;
    f->zap = pl_zap_create(f->ctx, NULL, 0);
    assert_non_null(f->zap);
    server_start(f);
    client_send(f, &f->stranger);
    assert_true(server_got_message(f, 5000, f->stranger.pub));
}

static void test_wrong_server_key_never_arrives(void **state)
{
    fixture_t *f = *state;
    f->zap = pl_zap_create(f->ctx, NULL, 0);
    server_start(f);
    void *d = client_new(f);
    assert_int_equal(pl_zenv_curve_client(d, f->stranger.pub, f->allowed.pub, f->allowed.sec), PL_OK);
    assert_int_equal(zmq_connect(d, f->endpoint), 0);
    zmq_send(d, "x", 1, ZMQ_DONTWAIT);
    assert_false(server_got_message(f, 500, NULL));
}

static void test_create_errors(void **state)
{
    fixture_t *f = *state;
    const char *const bad[] = {"not-a-key"};
    assert_null(pl_zap_create(f->ctx, bad, 1));
    pl_zap_t *zap = pl_zap_create(f->ctx, NULL, 0);
    assert_non_null(zap);
    assert_null(pl_zap_create(f->ctx, NULL, 0)); /* one handler per context */
    pl_zap_destroy(zap);
    zap = pl_zap_create(f->ctx, NULL, 0); /* the endpoint is free again */
    assert_non_null(zap);
    pl_zap_destroy(zap);
    pl_zap_destroy(NULL);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_allowed_client_gets_through),    T(test_unknown_client_refused), T(test_empty_list_allows_any_curve_client),
        T(test_wrong_server_key_never_arrives), T(test_create_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
