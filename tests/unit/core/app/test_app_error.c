#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "app/app_error.h"
#include "parley/err.h"
#include "store/db.h"

static void test_app_error__set_drops_params(void **state)
{
    (void)state;
    app_error_t e = {0};
    assert_int_equal(app_error_set(&e, 400, "model.user.is_valid.pwd_min_length.app_error", NULL), -1);
    assert_int_equal(app_error_param_int(&e, "Min", 10), -1);
    assert_int_equal(e.nparams, 1);
    assert_string_equal(e.params[0].name, "Min");
    assert_string_equal(e.params[0].value, "10");
    app_error_set(&e, 500, "app.user.get.app_error", "x");
    assert_int_equal(e.nparams, 0);
    assert_int_equal(e.status, 500);
    assert_string_equal(e.detail, "x");
}

static void test_app_error__params_capped(void **state)
{
    (void)state;
    app_error_t e = {0};
    char big[APP_ERROR_VALUE_MAX * 2];
    memset(big, 'v', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    app_error_set(&e, 400, "api.context.invalid_body_param.app_error", NULL);
    app_error_param(&e, "Name", big);
    assert_int_equal(strlen(e.params[0].value), APP_ERROR_VALUE_MAX - 1);
    for (int i = 0; i < APP_ERROR_PARAMS_MAX + 3; i++)
        app_error_param(&e, "Other", NULL);
    assert_int_equal(e.nparams, APP_ERROR_PARAMS_MAX);
    assert_string_equal(e.params[1].value, "");
    app_error_param_int(&e, "Min", -9223372036854775807LL - 1);
    assert_int_equal(e.nparams, APP_ERROR_PARAMS_MAX);
}

/* The one STORE_E* -> AppError mapping. */
static void test_app_error__from_store(void **state)
{
    (void)state;
    static const struct {
        int rc, conflict, status;
        const char *id;
    } cases[] = {
        {STORE_ENOTFOUND, 0, 404, "app.user.get.app_error"},
        {STORE_EUNIQUE, 0, 409, "app.user.get.app_error"},
        {STORE_EUNIQUE, 400, 400, "app.user.get.app_error"},
        {STORE_ECONFLICT, 0, 409, "app.user.get.app_error"},
        {STORE_EINVAL, 0, 400, "app.user.get.app_error"},
        {STORE_ETIMEOUT, 0, 504, "app.user.get.app_error"},
        {STORE_EUNAVAIL, 0, 503, "api.context.server_busy.app_error"},
        {STORE_EINTERNAL, 0, 500, "app.user.get.app_error"},
        {-1, 0, 500, "app.user.get.app_error"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        app_error_t e = {0};
        app_error_param(&e, "Stale", "x");
        assert_int_equal(app_error_from_store(&e, cases[i].rc, "app.user.get.app_error", cases[i].conflict), -1);
        assert_int_equal(e.status, cases[i].status);
        assert_string_equal(e.id, cases[i].id);
        assert_int_equal(e.nparams, 0);
    }
}

static void test_app_error__code_from_store(void **state)
{
    (void)state;
    assert_int_equal(app_error_code_from_store(STORE_OK), PL_OK);
    assert_int_equal(app_error_code_from_store(STORE_ENOTFOUND), PL_ENOTFOUND);
    assert_int_equal(app_error_code_from_store(STORE_EUNAVAIL), PL_EIO);
    assert_int_equal(app_error_code_from_store(STORE_EINTERNAL), PL_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_app_error__set_drops_params),
        cmocka_unit_test(test_app_error__params_capped),
        cmocka_unit_test(test_app_error__from_store),
        cmocka_unit_test(test_app_error__code_from_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
