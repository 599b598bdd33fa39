#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parley/err.h"
#include "parley/log.h"

/* Each test logs into a fresh temporary file, then reads it back line by line. */
static int log_fd = -1;

static int setup(void **state)
{
    (void)state;
    char path[] = "/tmp/parley-test-log-XXXXXX";
    log_fd = mkstemp(path);
    if (log_fd < 0)
        return -1;
    unlink(path);
    pl_log_init("parley-test", PL_LOG_DEBUG, log_fd);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pl_log_init("parley", PL_LOG_INFO, 2);
    close(log_fd);
    return 0;
}

/* The whole file as a NUL-terminated heap string. */
static char *read_all(void)
{
    pl_log_flush();
    off_t size = lseek(log_fd, 0, SEEK_END);
    char *p = calloc(1, (size_t)size + 1);
    assert_non_null(p);
    assert_int_equal(pread(log_fd, p, (size_t)size, 0), size);
    return p;
}

/* Parse line number idx (0-based) as JSON; asserts it is a complete object. */
static json_t *line_json(int idx)
{
    char *all = read_all();
    char *line = all;
    for (int i = 0; i < idx; i++) {
        line = strchr(line, '\n');
        assert_non_null(line);
        line++;
    }
    char *end = strchr(line, '\n');
    assert_non_null(end);
    json_error_t err;
    json_t *j = json_loadb(line, (size_t)(end - line), 0, &err);
    if (j == NULL)
        fail_msg("line %d is not JSON: %s (%s)", idx, err.text, line);
    free(all);
    return j;
}

static int count_lines(void)
{
    char *all = read_all();
    int n = 0;
    for (char *p = all; *p; p++)
        n += *p == '\n';
    free(all);
    return n;
}

static const char *jstr(json_t *j, const char *key)
{
    json_t *v = json_object_get(j, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void test_line_shape(void **state)
{
    (void)state;
    int line = __LINE__ + 1;
    PL_LOG_INFO("hello world", "user_id", "u1", "count", "3");
    char *all = read_all();
    assert_true(strncmp(all, "{\"timestamp\":\"", 14) == 0);
    char *lvl = strstr(all, "\"level\""), *msg = strstr(all, "\"msg\""), *caller = strstr(all, "\"caller\"");
    char *svc = strstr(all, "\"service\""), *user = strstr(all, "\"user_id\"");
    assert_true(lvl < msg && msg < caller && caller < svc && svc < user);
    assert_int_equal(all[strlen(all) - 1], '\n');
    free(all);

    json_t *j = line_json(0);
    const char *ts = jstr(j, "timestamp");
    assert_non_null(ts);
    assert_int_equal(strlen(ts), 24);
    assert_int_equal(ts[10], 'T');
    assert_int_equal(ts[19], '.');
    assert_int_equal(ts[23], 'Z');
    assert_string_equal(jstr(j, "level"), "info");
    assert_string_equal(jstr(j, "msg"), "hello world");
    char want[64];
    snprintf(want, sizeof(want), "test_log.c:%d", line);
    assert_string_equal(jstr(j, "caller"), want);
    assert_string_equal(jstr(j, "service"), "parley-test");
    assert_string_equal(jstr(j, "user_id"), "u1");
    assert_string_equal(jstr(j, "count"), "3");
    assert_int_equal(json_object_size(j), 7);
    json_decref(j);
}

static void test_levels(void **state)
{
    (void)state;
    pl_log_level_t lv;
    assert_int_equal(pl_log_level_parse("DEBUG", &lv), PL_OK);
    assert_int_equal(lv, PL_LOG_DEBUG);
    assert_int_equal(pl_log_level_parse("warn", &lv), PL_OK);
    assert_int_equal(lv, PL_LOG_WARN);
    assert_int_equal(pl_log_level_parse("Error", &lv), PL_OK);
    assert_int_equal(lv, PL_LOG_ERROR);
    assert_int_equal(pl_log_level_parse("verbose", &lv), PL_EINVAL);
    assert_int_equal(pl_log_level_parse(NULL, &lv), PL_EINVAL);

    pl_log_init("parley-test", PL_LOG_WARN, log_fd);
    assert_false(pl_log_enabled(PL_LOG_INFO));
    assert_true(pl_log_enabled(PL_LOG_ERROR));
    PL_LOG_DEBUG("no");
    PL_LOG_INFO("no");
    PL_LOG_WARN("yes");
    PL_LOG_ERROR("yes too");
    assert_int_equal(count_lines(), 2);
    json_t *j = line_json(0);
    assert_string_equal(jstr(j, "level"), "warn");
    json_decref(j);
    j = line_json(1);
    assert_string_equal(jstr(j, "level"), "error");
    json_decref(j);
}

static void test_secrets_redacted(void **state)
{
    (void)state;
    PL_LOG_WARN("login", "password", "hunter2", "Authorization", "Bearer abc", "api_key", "k1", "DataSource", "postgres://u:p@h/db",
                "session_token", "t", "X-Cookie", "c", "private_key", "pk", "dsn", "d", "client_secret", "s",
                "device_token_redacted", "abcd", "user", "bob");
    json_t *j = line_json(0);
    const char *secret[] = {"password", "Authorization", "api_key", "DataSource",   "session_token",
                            "X-Cookie", "private_key",   "dsn",     "client_secret"};
    for (size_t i = 0; i < sizeof(secret) / sizeof(secret[0]); i++)
        assert_string_equal(jstr(j, secret[i]), "********");
    assert_string_equal(jstr(j, "device_token_redacted"), "abcd");
    assert_string_equal(jstr(j, "user"), "bob");
    json_decref(j);
    char *all = read_all();
    assert_null(strstr(all, "hunter2"));
    assert_null(strstr(all, "postgres://"));
    free(all);
    assert_true(pl_log_key_is_secret("PASSWD"));
    assert_true(pl_log_key_is_secret("push_key"));
    assert_false(pl_log_key_is_secret("channel_id"));
    assert_false(pl_log_key_is_secret(NULL));
}

static void test_redact_helper(void **state)
{
    (void)state;
    char out[64];
    assert_string_equal(pl_log_redact("0123456789abcdef0123456789abcdef", out, sizeof(out)), "0123\xe2\x80\xa6(32)");
    assert_string_equal(pl_log_redact("short", out, sizeof(out)), "[redacted]");
    assert_string_equal(pl_log_redact(NULL, out, sizeof(out)), "[redacted]");
    char tiny[5];
    assert_string_equal(pl_log_redact("0123456789abcdef", tiny, sizeof(tiny)), "0123");
}

static void test_escaping(void **state)
{
    (void)state;
    PL_LOG_INFO("quote \" backslash \\ newline \n tab \t ctl \x01 bad \xff", "k\"ey", "v\nv", "empty", "", "nul", NULL);
    assert_int_equal(count_lines(), 1);
    json_t *j = line_json(0);
    assert_string_equal(jstr(j, "msg"), "quote \" backslash \\ newline \n tab \t ctl \x01 bad \xef\xbf\xbd");
    assert_string_equal(jstr(j, "k\"ey"), "v\nv");
    assert_string_equal(jstr(j, "empty"), "");
    assert_true(json_is_null(json_object_get(j, "nul")));
    json_decref(j);
}

static void test_long_value_truncated(void **state)
{
    (void)state;
    size_t n = 100 * 1024;
    char *big = malloc(n + 1);
    memset(big, '\n', n); /* each byte escapes to two */
    big[n] = '\0';
    PL_LOG_INFO(big, "a", "1", "big", big, "after", "x");
    PL_LOG_INFO("small", "big", big + n - 3000);
    free(big);
    assert_int_equal(count_lines(), 2);
    char *all = read_all();
    assert_true(strchr(all, '\n') - all < 16 * 1024);
    free(all);
    json_t *j = line_json(0);
    assert_true(json_is_true(json_object_get(j, "truncated")));
    assert_true(strlen(jstr(j, "msg")) > 1000);
    assert_string_equal(jstr(j, "service"), "parley-test");
    assert_null(json_object_get(j, "after"));
    json_decref(j);
    j = line_json(1);
    assert_null(json_object_get(j, "truncated"));
    assert_int_equal(strlen(jstr(j, "big")), 3000);
    json_decref(j);
}

static void test_many_fields_truncated(void **state)
{
    (void)state;
    char val[1000];
    memset(val, 'v', sizeof(val) - 1);
    val[sizeof(val) - 1] = '\0';
    PL_LOG_INFO("many", "f01", val, "f02", val, "f03", val, "f04", val, "f05", val, "f06", val, "f07", val, "f08", val, "f09", val,
                "f10", val, "f11", val, "f12", val, "f13", val, "f14", val, "f15", val, "f16", val, "f17", val, "f18", val, "f19",
                val, "f20", val);
    json_t *j = line_json(0);
    assert_true(json_is_true(json_object_get(j, "truncated")));
    assert_non_null(json_object_get(j, "f10"));
    assert_null(json_object_get(j, "f20"));
    json_decref(j);
}

#define THREADS 4
#define LINES_PER_THREAD 300

static void *log_worker(void *arg)
{
    char pad[2000];
    memset(pad, 'a' + (int)(intptr_t)arg, sizeof(pad) - 1);
    pad[sizeof(pad) - 1] = '\0';
    for (int i = 0; i < LINES_PER_THREAD; i++)
        PL_LOG_INFO("from thread", "pad", pad);
    return NULL;
}

static void test_threads_do_not_interleave(void **state)
{
    (void)state;
    pthread_t t[THREADS];
    for (intptr_t i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, log_worker, (void *)i), 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    char *all = read_all();
    int n = 0;
    for (char *line = all, *end; (end = strchr(line, '\n')) != NULL; line = end + 1, n++) {
        json_error_t err;
        json_t *j = json_loadb(line, (size_t)(end - line), 0, &err);
        assert_non_null(j);
        assert_int_equal(strlen(jstr(j, "pad")), 1999);
        json_decref(j);
    }
    free(all);
    assert_int_equal(n, THREADS * LINES_PER_THREAD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_line_shape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_levels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secrets_redacted, setup, teardown),
        cmocka_unit_test(test_redact_helper),
        cmocka_unit_test_setup_teardown(test_escaping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_value_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_fields_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads_do_not_interleave, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
