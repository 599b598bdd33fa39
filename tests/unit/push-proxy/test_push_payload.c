#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "parley/err.h"
#include "push.h"

static push_job_t *mk(const char *json)
{
    push_job_t *job = push_job_create();
    assert_int_equal(pl_push_job_decode(json, strlen(json), false, &job->n, NULL, 0), PL_OK);
    push_job_parse_platform(job);
    return job;
}

static json_t *apns(push_job_t *job)
{
    pl_buf_t b;
    pl_buf_init(&b, 8192);
    assert_int_equal(push_payload_apns(job, &b), PL_OK);
    assert_true(b.len <= PUSH_APNS_MAX_PAYLOAD);
    json_t *o = json_loads(b.data, 0, NULL);
    assert_non_null(o);
    pl_buf_dispose(&b);
    return o;
}

static void test_platform_parse(void **state)
{
    (void)state;
    push_job_t *job = mk("{\"platform\":\"apple_rn-v2\"}");
    assert_string_equal(job->base_platform, "apple_rn");
    assert_int_equal(job->app_version, 2);
    push_job_destroy(job);
    job = mk("{\"platform\":\"android\"}");
    assert_string_equal(job->base_platform, "android");
    assert_int_equal(job->app_version, 1);
    push_job_destroy(job);
    job = mk("{\"platform\":\"apple_rnbeta-vX\"}");
    assert_string_equal(job->base_platform, "apple_rnbeta");
    assert_int_equal(job->app_version, 1);
    push_job_destroy(job);
}

static void test_apns_message_v1_alert_string(void **state)
{
    (void)state;
    push_job_t *job = mk("{\"platform\":\"apple\",\"type\":\"message\",\"message\":\"hi\",\"channel_id\":\"c\"}");
    json_t *o = apns(job);
    json_t *aps = json_object_get(o, "aps");
    assert_string_equal(json_string_value(json_object_get(aps, "alert")), "hi");
    assert_string_equal(json_string_value(json_object_get(aps, "thread-id")), "c");
    assert_null(json_object_get(aps, "badge"));
    assert_string_equal(push_payload_apns_push_type(job), "alert");
    assert_string_equal(push_payload_apns_priority(job), "10");
    json_decref(o);
    push_job_destroy(job);
}

static void test_apns_truncation_utf8(void **state)
{
    (void)state;
    size_t n = 9000;
    char *json = malloc(n + 200);
    strcpy(json, "{\"platform\":\"apple\",\"type\":\"message\",\"message\":\"");
    size_t o = strlen(json);
    for (size_t i = 0; i < n / 3; i++) {
        memcpy(json + o, "\xE2\x82\xAC", 3); /* the euro sign, 3 bytes */
        o += 3;
    }
    strcpy(json + o, "\"}");
    push_job_t *job = mk(json);
    json_t *p = apns(job);
    const char *alert = json_string_value(json_object_get(json_object_get(p, "aps"), "alert"));
    size_t len = strlen(alert);
    assert_true(len > 3000);
    assert_memory_equal(alert + len - 3, "\xE2\x80\xA6", 3);
    assert_int_equal((len - 3) % 3, 0);
    json_decref(p);
    push_job_destroy(job);
    free(json);
}

static void test_apns_too_large_without_message(void **state)
{
    (void)state;
    char *json = malloc(6000);
    strcpy(json, "{\"platform\":\"apple\",\"type\":\"message\",\"signature\":\"");
    size_t o = strlen(json);
    memset(json + o, 'a', 4090);
    strcpy(json + o + 4090, "\"}");
    push_job_t *job = mk(json);
    pl_buf_t b;
    pl_buf_init(&b, 8192);
    assert_int_equal(push_payload_apns(job, &b), PL_ETOOBIG);
    pl_buf_dispose(&b);
    push_job_destroy(job);
    free(json);
}

static void test_fcm_data_strings(void **state)
{
    (void)state;
    push_job_t *job = mk("{\"platform\":\"android\",\"type\":\"clear\",\"badge\":0,\"device_id\":\"t\"}");
    pl_buf_t b;
    pl_buf_init(&b, 8192);
    assert_int_equal(push_payload_fcm(job, &b), PL_OK);
    json_t *o = json_loads(b.data, 0, NULL);
    json_t *data = json_object_get(json_object_get(o, "message"), "data");
    const char *k;
    json_t *v;
    json_object_foreach(data, k, v) assert_true(json_is_string(v));
    assert_string_equal(json_string_value(json_object_get(data, "badge")), "0");
    assert_null(json_object_get(data, "message")); /* clear carries no content */
    json_decref(o);
    pl_buf_dispose(&b);
    push_job_destroy(job);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_platform_parse),       cmocka_unit_test(test_apns_message_v1_alert_string),
        cmocka_unit_test(test_apns_truncation_utf8), cmocka_unit_test(test_apns_too_large_without_message),
        cmocka_unit_test(test_fcm_data_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
