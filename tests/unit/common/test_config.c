#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parley/config.h"
#include "parley/err.h"

typedef struct test_cfg {
    char *listen;
    int64_t port;
    bool tls;
    char *driver;
    char *datasource;
    int64_t max_conns;
    char *top_name;
    int64_t top_count;
} test_cfg_t;

static const char *const drivers[] = {"postgres", "mysql", NULL};

static const pl_cfg_key_t keys[] = {
    {"ServiceSettings", "ListenAddress", PL_CFG_STR, offsetof(test_cfg_t, listen), ":8065", 0, 16, NULL, false},
    {"ServiceSettings", "Port", PL_CFG_INT, offsetof(test_cfg_t, port), "8065", 1, 65535, NULL, false},
    {"ServiceSettings", "EnableTLS", PL_CFG_BOOL, offsetof(test_cfg_t, tls), "false", 0, 0, NULL, false},
    {"SqlSettings", "DriverName", PL_CFG_ENUM, offsetof(test_cfg_t, driver), "postgres", 0, 0, drivers, false},
    {"SqlSettings", "DataSource", PL_CFG_STR, offsetof(test_cfg_t, datasource), NULL, 0, 0, NULL, true},
    {"SqlSettings", "MaxOpenConns", PL_CFG_INT, offsetof(test_cfg_t, max_conns), "100", 0, 0, NULL, false},
    {"", "Name", PL_CFG_STR, offsetof(test_cfg_t, top_name), "parley", 0, 0, NULL, false},
    {"", "Count", PL_CFG_INT, offsetof(test_cfg_t, top_count), NULL, -5, 5, NULL, false},
};

static const pl_cfg_schema_t schema = {"PLT", keys, sizeof(keys) / sizeof(keys[0])};

static const char *const env_vars[] = {"PLT_SERVICESETTINGS_LISTENADDRESS",
                                       "PLT_SERVICESETTINGS_PORT",
                                       "PLT_SERVICESETTINGS_ENABLETLS",
                                       "PLT_SQLSETTINGS_DRIVERNAME",
                                       "PLT_SQLSETTINGS_DATASOURCE",
                                       "PLT_NAME",
                                       "PLT_COUNT",
                                       NULL};

typedef struct fixture {
    char path[64];
    pl_buf_t errors, warnings;
    test_cfg_t cfg;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof(*f));
    snprintf(f->path, sizeof(f->path), "/tmp/parley-test-config-XXXXXX");
    int fd = mkstemp(f->path);
    if (fd < 0)
        return -1;
    close(fd);
    pl_buf_init(&f->errors, 64 * 1024);
    pl_buf_init(&f->warnings, 64 * 1024);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    for (size_t i = 0; env_vars[i] != NULL; i++)
        unsetenv(env_vars[i]);
    unlink(f->path);
    pl_config_dispose(&schema, &f->cfg);
    pl_buf_dispose(&f->errors);
    pl_buf_dispose(&f->warnings);
    free(f);
    return 0;
}

static void write_file(fixture_t *f, const char *text)
{
    FILE *fp = fopen(f->path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Load f->path (written from text) and return the code; errors/warnings are in the fixture. */
static int load_text(fixture_t *f, const char *text)
{
    write_file(f, text);
    return pl_config_load(&schema, f->path, &f->cfg, NULL, &f->errors, &f->warnings);
}

static void assert_contains(const pl_buf_t *b, const char *needle)
{
    if (b->data == NULL || strstr(b->data, needle) == NULL)
        fail_msg("\"%s\" not found in:\n%s", needle, b->data != NULL ? b->data : "(empty)");
}

static int count_lines(const pl_buf_t *b)
{
    int n = 0;
    for (size_t i = 0; i < b->len; i++)
        n += b->data[i] == '\n';
    return n;
}

static void test_defaults_only(void **state)
{
    fixture_t *f = *state;
    json_t *root = NULL;
    assert_int_equal(pl_config_load(&schema, NULL, &f->cfg, &root, &f->errors, &f->warnings), PL_OK);
    assert_int_equal(f->errors.len, 0);
    assert_string_equal(f->cfg.listen, ":8065");
    assert_int_equal(f->cfg.port, 8065);
    assert_false(f->cfg.tls);
    assert_string_equal(f->cfg.driver, "postgres");
    assert_string_equal(f->cfg.datasource, "");
    assert_int_equal(f->cfg.max_conns, 100);
    assert_string_equal(f->cfg.top_name, "parley");
    assert_int_equal(f->cfg.top_count, 0);
    assert_true(json_is_object(root));
    assert_int_equal(json_object_size(root), 0);
    json_decref(root);
}

static void test_file_values(void **state)
{
    fixture_t *f = *state;
    json_t *root = NULL;
    write_file(f, "{\"ServiceSettings\": {\"ListenAddress\": \"127.0.0.1:9\", \"Port\": 443, \"EnableTLS\": true},\n"
                  " \"SqlSettings\": {\"DriverName\": \"mysql\", \"DataSource\": \"postgres://u:p@h/db\","
                  " \"MaxOpenConns\": -7}, \"Name\": \"top\", \"Count\": -5, \"Extra\": {\"Deep\": [1]}}");
    assert_int_equal(pl_config_load(&schema, f->path, &f->cfg, &root, &f->errors, &f->warnings), PL_OK);
    assert_string_equal(f->cfg.listen, "127.0.0.1:9");
    assert_int_equal(f->cfg.port, 443);
    assert_true(f->cfg.tls);
    assert_string_equal(f->cfg.driver, "mysql");
    assert_string_equal(f->cfg.datasource, "postgres://u:p@h/db");
    assert_int_equal(f->cfg.max_conns, -7); /* unbounded */
    assert_string_equal(f->cfg.top_name, "top");
    assert_int_equal(f->cfg.top_count, -5);
    /* the caller can read structured sections itself */
    assert_true(json_is_array(json_object_get(json_object_get(root, "Extra"), "Deep")));
    json_decref(root);
}

static void test_env_overrides(void **state)
{
    fixture_t *f = *state;
    setenv("PLT_SERVICESETTINGS_PORT", "9000", 1);
    setenv("PLT_SERVICESETTINGS_ENABLETLS", "TRUE", 1);
    setenv("PLT_SQLSETTINGS_DATASOURCE", "from-env", 1);
    setenv("PLT_NAME", "env-name", 1);
    assert_int_equal(load_text(f, "{\"ServiceSettings\": {\"Port\": 443, \"EnableTLS\": false}}"), PL_OK);
    assert_int_equal(f->cfg.port, 9000);
    assert_true(f->cfg.tls);
    assert_string_equal(f->cfg.datasource, "from-env");
    assert_string_equal(f->cfg.top_name, "env-name");
    pl_config_dispose(&schema, &f->cfg);
    setenv("PLT_SERVICESETTINGS_ENABLETLS", "0", 1);
    assert_int_equal(pl_config_load(&schema, NULL, &f->cfg, NULL, &f->errors, NULL), PL_OK);
    assert_false(f->cfg.tls);
}

static void test_env_errors_name_the_variable(void **state)
{
    fixture_t *f = *state;
    setenv("PLT_SERVICESETTINGS_PORT", "80x", 1);
    setenv("PLT_SERVICESETTINGS_ENABLETLS", "yes", 1);
    setenv("PLT_SQLSETTINGS_DRIVERNAME", "oracle", 1);
    setenv("PLT_COUNT", "6", 1);
    assert_int_equal(pl_config_load(&schema, NULL, &f->cfg, NULL, &f->errors, NULL), PL_EINVAL);
    assert_contains(&f->errors, "ServiceSettings.Port: must be an integer (got \"80x\") (from env PLT_SERVICESETTINGS_PORT)");
    assert_contains(&f->errors, "ServiceSettings.EnableTLS: must be true or false (got \"yes\") (from env "
                                "PLT_SERVICESETTINGS_ENABLETLS)");
    assert_contains(&f->errors, "SqlSettings.DriverName: must be one of \"postgres\", \"mysql\" (got \"oracle\")");
    assert_contains(&f->errors, "Count: must be between -5 and 5 (got 6) (from env PLT_COUNT)");
    assert_int_equal(count_lines(&f->errors), 4);
    assert_null(f->cfg.listen); /* disposed on error */
}

static void test_every_error_at_once(void **state)
{
    fixture_t *f = *state;
    json_t *root = (json_t *)1;
    write_file(f, "{\"ServiceSettings\": {\"ListenAddress\": 8065, \"Port\": 70000, \"EnableTLS\": \"true\"},"
                  " \"SqlSettings\": {\"DriverName\": \"sqlite\", \"MaxOpenConns\": 1.5, \"DataSource\": null},"
                  " \"Name\": \"01234567890123456789\", \"Count\": \"3\"}");
    assert_int_equal(pl_config_load(&schema, f->path, &f->cfg, &root, &f->errors, &f->warnings), PL_EINVAL);
    assert_null(root);
    assert_contains(&f->errors, "ServiceSettings.ListenAddress: must be a string (got an integer)\n");
    assert_contains(&f->errors, "ServiceSettings.Port: must be between 1 and 65535 (got 70000)\n");
    assert_contains(&f->errors, "ServiceSettings.EnableTLS: must be a boolean (got a string)\n");
    assert_contains(&f->errors, "SqlSettings.DriverName: must be one of \"postgres\", \"mysql\" (got \"sqlite\")\n");
    assert_contains(&f->errors, "SqlSettings.MaxOpenConns: must be an integer (got a number)\n");
    assert_contains(&f->errors, "SqlSettings.DataSource: must be a string (got null)\n");
    assert_contains(&f->errors, "Count: must be an integer (got a string)\n");
    assert_int_equal(count_lines(&f->errors), 7);
}

static void test_string_length(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(load_text(f, "{\"ServiceSettings\": {\"ListenAddress\": \"0123456789abcdefg\"}}"), PL_EINVAL);
    assert_contains(&f->errors, "ServiceSettings.ListenAddress: must be at most 16 characters (got 17)\n");
    pl_buf_reset(&f->errors);
    assert_int_equal(load_text(f, "{\"ServiceSettings\": {\"ListenAddress\": \"0123456789abcdef\"}}"), PL_OK);
    assert_string_equal(f->cfg.listen, "0123456789abcdef");
    pl_config_dispose(&schema, &f->cfg);
    /* default max is 4096 */
    size_t n = 4097;
    char *text = malloc(n + 32);
    memcpy(text, "{\"Name\": \"", 10);
    memset(text + 10, 'x', n);
    memcpy(text + 10 + n, "\"}", 3);
    assert_int_equal(load_text(f, text), PL_EINVAL);
    free(text);
    assert_contains(&f->errors, "Name: must be at most 4096 characters (got 4097)\n");
    pl_buf_reset(&f->errors);
    assert_int_equal(load_text(f, "{\"Name\": \"a\\u0000b\"}"), PL_EINVAL);
    assert_contains(&f->errors, "invalid JSON at line 1, column 19"); /* jansson refuses NUL */
}

static void test_unknown_keys_warn(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(load_text(f, "{\"ServiceSettings\": {\"Port\": 1, \"SiteURL\": \"x\"}, \"TeamSettings\": {},"
                                  " \"Bogus\": 1}"),
                     PL_OK);
    assert_int_equal(f->errors.len, 0);
    assert_contains(&f->warnings, "ServiceSettings.SiteURL: unknown setting, ignored\n");
    assert_contains(&f->warnings, "TeamSettings: unknown setting, ignored\n");
    assert_contains(&f->warnings, "Bogus: unknown setting, ignored\n");
    assert_int_equal(count_lines(&f->warnings), 3);
}

static void test_section_not_object(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(load_text(f, "{\"ServiceSettings\": [1, 2], \"SqlSettings\": {\"DriverName\": \"mysql\"}}"), PL_EINVAL);
    assert_contains(&f->errors, "ServiceSettings: must be an object (got an array)\n");
    assert_int_equal(count_lines(&f->errors), 1);
    assert_int_equal(f->warnings.len, 0);
}

static void test_bad_json_reports_position(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(load_text(f, "{\n  \"ServiceSettings\": {\n    \"Port\": 80,,\n  }\n}\n"), PL_EINVAL);
    assert_contains(&f->errors, f->path);
    assert_contains(&f->errors, "invalid JSON at line 3, column");
    pl_buf_reset(&f->errors);
    assert_int_equal(load_text(f, "{\"Name\": \"a\", \"Name\": \"b\"}"), PL_EINVAL);
    assert_contains(&f->errors, "invalid JSON at line 1");
    pl_buf_reset(&f->errors);
    assert_int_equal(load_text(f, "[1]"), PL_EINVAL);
    assert_contains(&f->errors, "must contain a JSON object (got an array)");
    pl_buf_reset(&f->errors);
    assert_int_equal(load_text(f, ""), PL_EINVAL);
    assert_contains(&f->errors, "invalid JSON");
}

static void test_missing_file(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(pl_config_load(&schema, "/nonexistent/parley.json", &f->cfg, NULL, &f->errors, NULL), PL_EINVAL);
    assert_contains(&f->errors, "/nonexistent/parley.json: cannot open config file: No such file or directory\n");
}

static void test_string_list(void **state)
{
    fixture_t *f = *state;
    /* Mattermost's []string settings: a list of strings is kept as its items joined by spaces */
    assert_int_equal(load_text(f, "{\"Name\": [\"a\", \"bc\"]}"), PL_OK);
    assert_string_equal(f->cfg.top_name, "a bc");
    pl_config_dispose(&schema, &f->cfg);
    assert_int_equal(load_text(f, "{\"Name\": []}"), PL_OK);
    assert_string_equal(f->cfg.top_name, "");
    pl_config_dispose(&schema, &f->cfg);
    assert_int_equal(load_text(f, "{\"Name\": [\"a\", 1]}"), PL_EINVAL);
    assert_contains(&f->errors, "Name: must be a string (got an array)");
    assert_int_equal(load_text(f, "{\"ServiceSettings\": {\"Port\": [1]}}"), PL_EINVAL);
}

static void test_print_redacts_secrets(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(load_text(f, "{\"SqlSettings\": {\"DataSource\": \"postgres://u:hunter2@h/db\"}}"), PL_OK);
    pl_buf_t out;
    pl_buf_init(&out, 64 * 1024);
    assert_int_equal(pl_config_print(&schema, &f->cfg, &out), PL_OK);
    assert_null(strstr(out.data, "hunter2"));
    json_error_t err;
    json_t *j = json_loads(out.data, 0, &err);
    assert_non_null(j);
    json_t *sql = json_object_get(j, "SqlSettings");
    assert_string_equal(json_string_value(json_object_get(sql, "DataSource")), "********");
    assert_string_equal(json_string_value(json_object_get(sql, "DriverName")), "postgres");
    json_t *svc = json_object_get(j, "ServiceSettings");
    assert_int_equal(json_integer_value(json_object_get(svc, "Port")), 8065);
    assert_true(json_is_false(json_object_get(svc, "EnableTLS")));
    assert_string_equal(json_string_value(json_object_get(j, "Name")), "parley");
    json_decref(j);
    pl_buf_dispose(&out);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_defaults_only),
        T(test_file_values),
        T(test_env_overrides),
        T(test_env_errors_name_the_variable),
        T(test_every_error_at_once),
        T(test_string_length),
        T(test_unknown_keys_warn),
        T(test_section_not_object),
        T(test_bad_json_reports_position),
        T(test_missing_file),
        T(test_print_redacts_secrets),
        T(test_string_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
