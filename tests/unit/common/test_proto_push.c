#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "parley/err.h"
#include "parley/proto_push.h"

static int decode(const char *s, bool require_v, pl_push_job_t *job, char *err)
{
    pl_push_job_init(job);
    return pl_push_job_decode(s, strlen(s), require_v, job, err, 128);
}

static void test_job_round_trip(void **state)
{
    (void)state;
    pl_push_job_t job, back;
    char err[128] = "";
    assert_int_equal(decode("{\"v\":1,\"platform\":\"apple_rn-v2\",\"device_id\":\"abcd\",\"server_id\":\"s1\","
                            "\"message\":\"héllo\",\"badge\":3,\"is_crt_enabled\":true,\"collapse_key\":\"c\","
                            "\"expires_at\":1700000000,\"future_field\":[1,2]}",
                            true, &job, err),
                     PL_OK);
    assert_string_equal(job.platform, "apple_rn-v2");
    assert_string_equal(job.message, "héllo");
    assert_int_equal(job.badge, 3);
    assert_true(job.is_crt_enabled);
    assert_int_equal(job.expires_at, 1700000000);
    pl_buf_t b;
    pl_buf_init(&b, 1 << 20);
    assert_int_equal(pl_push_job_encode(&job, &b), PL_OK);
    assert_int_equal(decode(b.data, true, &back, err), PL_OK);
    assert_string_equal(back.device_id, "abcd");
    assert_string_equal(back.collapse_key, "c");
    assert_int_equal(back.badge, 3);
    assert_null(back.post_id);
    pl_buf_dispose(&b);
    pl_push_job_dispose(&job);
    pl_push_job_dispose(&back);
}

static void test_job_rejects(void **state)
{
    (void)state;
    pl_push_job_t job;
    char err[128];
    assert_int_equal(decode("{", false, &job, err), PL_EINVAL);
    assert_int_equal(decode("[1]", false, &job, err), PL_EINVAL);
    assert_string_equal(err, "body is not a JSON object");
    assert_int_equal(decode("{\"device_id\":5}", false, &job, err), PL_EINVAL);
    assert_string_equal(err, "device_id: not a string");
    pl_push_job_dispose(&job);
    assert_int_equal(decode("{\"badge\":\"x\"}", false, &job, err), PL_EINVAL);
    assert_string_equal(err, "badge: not an integer");
    assert_int_equal(decode("{\"is_id_loaded\":1}", false, &job, err), PL_EINVAL);
    assert_int_equal(decode("{\"device_id\":\"a\"}", true, &job, err), PL_EINVAL);
    assert_string_equal(err, "v: missing");
    pl_push_job_dispose(&job);
    assert_int_equal(decode("{\"v\":2}", true, &job, err), PL_EINVAL);
    assert_memory_equal(err, "unsupported_version", 19);
    assert_int_equal(decode("{\"v\":1,\"v\":1}", true, &job, err), PL_EINVAL);
    assert_int_equal(
        decode("{\"v\":1,\"collapse_key\":\"0123456789012345678901234567890123456789012345678901234567890123x\"}", true, &job, err),
        PL_EINVAL);
    assert_string_equal(err, "collapse_key: too long");
    pl_push_job_dispose(&job);
}

static void test_job_validate(void **state)
{
    (void)state;
    pl_push_job_t job;
    char err[128];
    decode("{\"device_id\":\"d\"}", false, &job, err);
    assert_int_equal(pl_push_job_validate(&job, err, sizeof(err)), PL_EINVAL);
    assert_string_equal(err, "Failed because of missing server Id");
    pl_push_job_dispose(&job);
    decode("{\"server_id\":\"s\"}", false, &job, err);
    assert_int_equal(pl_push_job_validate(&job, err, sizeof(err)), PL_EINVAL);
    assert_string_equal(err, "Failed because of missing device Id serverId=s");
    pl_push_job_dispose(&job);
    decode("{\"server_id\":\"s\",\"device_id\":\"d\",\"platform\":\"apple\"}", false, &job, err);
    assert_int_equal(pl_push_job_validate(&job, err, sizeof(err)), PL_OK);
    pl_push_job_dispose(&job);
}

static void test_ack_round_trip(void **state)
{
    (void)state;
    pl_push_ack_t ack, back;
    char err[128];
    pl_buf_t b;
    pl_buf_init(&b, 4096);
    pl_push_ack_set(&ack, PL_PUSH_REMOVE, "Unregistered", "device token is no longer valid");
    ack.removed_at_ms = 1700000000123;
    assert_int_equal(pl_push_ack_encode(&ack, &b), PL_OK);
    assert_int_equal(pl_push_ack_decode(b.data, b.len, &back, err, sizeof(err)), PL_OK);
    assert_int_equal(back.status, PL_PUSH_REMOVE);
    assert_string_equal(back.reason, "Unregistered");
    assert_int_equal(back.removed_at_ms, 1700000000123);
    pl_buf_reset(&b);
    pl_push_ack_set(&ack, PL_PUSH_OK, NULL, NULL);
    assert_int_equal(pl_push_ack_encode_http(&ack, &b), PL_OK);
    assert_string_equal(b.data, "{\"status\":\"OK\"}");
    assert_int_equal(pl_push_ack_decode("{\"v\":1,\"status\":\"MAYBE\"}", 24, &back, err, sizeof(err)), PL_EINVAL);
    assert_int_equal(pl_push_ack_decode("{\"status\":\"OK\"}", 15, &back, err, sizeof(err)), PL_EINVAL);
    pl_buf_dispose(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_job_round_trip),
        cmocka_unit_test(test_job_rejects),
        cmocka_unit_test(test_job_validate),
        cmocka_unit_test(test_ack_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
