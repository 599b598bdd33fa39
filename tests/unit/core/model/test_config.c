#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "model/config.h"
#include "parley/err.h"

/* The core config table: defaults, file values, MM_ environment overrides, every bad key reported. */

static char *write_tmp(const char *json)
{
    static char path[64];
    snprintf(path, sizeof(path), "/tmp/parley-core-config-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, json, strlen(json)), (ssize_t)strlen(json));
    close(fd);
    return path;
}

static void test_config__defaults(void **state)
{
    (void)state;
    model_config_t c;
    pl_buf_t errors;
    pl_buf_init(&errors, 65536);
    unsetenv("MM_TEAMSETTINGS_SITENAME");
    assert_int_equal(model_config_load(NULL, &c, &errors, NULL), PL_OK);
    assert_string_equal(c.service.listen_address, "127.0.0.1:8065");
    assert_int_equal(c.service.maximum_payload_size_bytes, 300000);
    assert_false(c.service.enable_developer);
    assert_string_equal(c.team.site_name, "Parley");
    assert_int_equal(c.sql.max_open_conns, 0);
    assert_int_equal(c.parley.loop_threads, 0);
    assert_string_equal(c.parley.push_proxy_endpoint, "tcp://127.0.0.1:8070");
    assert_false(c.metrics.enable);
    assert_string_equal(c.metrics.listen_address, ":8067");
    assert_string_equal(c.parley.mail_relay_endpoint, "tcp://127.0.0.1:8068");
    assert_string_equal(c.file.directory, "./data/files");
    assert_string_equal(c.service.collapsed_threads, "default_on");
    model_config_dispose(&c);
    pl_buf_dispose(&errors);
}

static void test_config__file_then_env(void **state)
{
    (void)state;
    model_config_t c;
    pl_buf_t errors;
    pl_buf_init(&errors, 65536);
    char *path = write_tmp("{\"TeamSettings\":{\"SiteName\":\"File\"},\"SqlSettings\":{\"MaxOpenConns\":7},"
                           "\"ServiceSettings\":{\"EnableDeveloper\":true}}");
    setenv("MM_TEAMSETTINGS_SITENAME", "Env", 1);
    assert_int_equal(model_config_load(path, &c, &errors, NULL), PL_OK);
    assert_string_equal(c.team.site_name, "Env");
    assert_int_equal(c.sql.max_open_conns, 7);
    assert_true(c.service.enable_developer);
    unsetenv("MM_TEAMSETTINGS_SITENAME");
    unlink(path);
    model_config_dispose(&c);
    pl_buf_dispose(&errors);
}

static void test_config__every_bad_key_reported(void **state)
{
    (void)state;
    model_config_t c;
    pl_buf_t errors;
    pl_buf_init(&errors, 65536);
    char *path = write_tmp("{\"ServiceSettings\":{\"MaximumPayloadSizeBytes\":5,\"CollapsedThreads\":\"sometimes\"},"
                           "\"TeamSettings\":{\"SiteName\":\"This site name is far longer than thirty chars\"}}");
    setenv("MM_SQLSETTINGS_MAXOPENCONNS", "lots", 1);
    assert_int_equal(model_config_load(path, &c, &errors, NULL), PL_EINVAL);
    assert_non_null(strstr(errors.data, "ServiceSettings.MaximumPayloadSizeBytes"));
    assert_non_null(strstr(errors.data, "ServiceSettings.CollapsedThreads"));
    assert_non_null(strstr(errors.data, "TeamSettings.SiteName"));
    assert_non_null(strstr(errors.data, "SqlSettings.MaxOpenConns"));
    unsetenv("MM_SQLSETTINGS_MAXOPENCONNS");
    unlink(path);
    pl_buf_dispose(&errors);
}

static void test_config__cross_key_rules(void **state)
{
    (void)state;
    model_config_t c;
    pl_buf_t errors;
    pl_buf_init(&errors, 65536);
    char *path = write_tmp("{\"LogSettings\":{\"ConsoleLevel\":\"chatty\"},\"ServiceSettings\":{\"SiteURL\":\"ftp://x\"},"
                           "\"ParleySettings\":{\"PushProxyEndpoint\":\"http://x\"}}");
    assert_int_equal(model_config_load(path, &c, &errors, NULL), PL_EINVAL);
    assert_non_null(strstr(errors.data, "LogSettings.ConsoleLevel"));
    assert_non_null(strstr(errors.data, "ServiceSettings.SiteURL"));
    assert_non_null(strstr(errors.data, "ParleySettings.PushProxyEndpoint"));
    unlink(path);
    pl_buf_dispose(&errors);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config__defaults),
        cmocka_unit_test(test_config__file_then_env),
        cmocka_unit_test(test_config__every_bad_key_reported),
        cmocka_unit_test(test_config__cross_key_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
