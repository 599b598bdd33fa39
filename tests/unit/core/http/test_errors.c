#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http/errors.h"
#include "parley/err.h"

static json_t *render(int status, const char *id, const char *message, const char *detail, const char *rid)
{
    pl_buf_t b;
    pl_buf_init(&b, 4096);
    assert_int_equal(http_errors_render(&b, status, id, message, detail, rid), PL_OK);
    json_error_t err;
    json_t *j = json_loadb(b.data, b.len, 0, &err);
    assert_non_null(j);
    pl_buf_dispose(&b);
    return j;
}

static void test_errors__render_has_all_fields(void **state)
{
    (void)state;
    json_t *j = render(404, "api.context.404.app_error", "Sorry", "", "abcdefghijklmnopqrstuvwxyz");
    assert_int_equal(json_object_size(j), 5);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "api.context.404.app_error");
    assert_string_equal(json_string_value(json_object_get(j, "message")), "Sorry");
    assert_string_equal(json_string_value(json_object_get(j, "detailed_error")), "");
    assert_string_equal(json_string_value(json_object_get(j, "request_id")), "abcdefghijklmnopqrstuvwxyz");
    assert_true(json_is_integer(json_object_get(j, "status_code")));
    assert_int_equal(json_integer_value(json_object_get(j, "status_code")), 404);
    json_decref(j);
}

static void test_errors__render_escapes(void **state)
{
    (void)state;
    json_t *j = render(400, "x", "say \"hi\"\n", "back\\slash \x01", "r");
    assert_string_equal(json_string_value(json_object_get(j, "message")), "say \"hi\"\n");
    assert_string_equal(json_string_value(json_object_get(j, "detailed_error")), "back\\slash \x01");
    json_decref(j);
}

static void test_errors__null_detail_is_empty_string(void **state)
{
    (void)state;
    json_t *j = render(500, "x", "m", NULL, "r");
    assert_string_equal(json_string_value(json_object_get(j, "detailed_error")), "");
    json_decref(j);
}

static void test_errors__render_respects_cap(void **state)
{
    (void)state;
    pl_buf_t b;
    char big[300];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    pl_buf_init(&b, 128);
    assert_int_equal(http_errors_render(&b, 400, "x", big, "", "r"), PL_ETOOBIG);
    pl_buf_dispose(&b);
}

static void test_errors__catalog_sorted_and_well_formed(void **state)
{
    (void)state;
    assert_true(http_errors_catalog_len > 100);
    for (size_t i = 0; i < http_errors_catalog_len; i++) {
        const http_error_entry_t *e = &http_errors_catalog[i];
        if (i > 0)
            assert_true(strcmp(http_errors_catalog[i - 1].id, e->id) < 0); /* bsearch needs it */
        assert_true(e->message[0] != '\0');
        assert_true(e->status == 0 || (e->status >= 400 && e->status <= 599));
        if (e->detail_param) {
            char ph[64];
            snprintf(ph, sizeof(ph), "{{.%s}}", e->detail_param);
            assert_non_null(strstr(e->message, ph));
        }
        assert_ptr_equal(http_errors_lookup(e->id), e);
    }
}

static void test_errors__lookup_exact_texts(void **state)
{
    (void)state;
    /* Verbatim from Mattermost's server/i18n/en.json (double spaces included). */
    assert_string_equal(http_errors_message("api.context.session_expired.app_error"),
                        "Invalid or expired session, please login again.");
    assert_string_equal(http_errors_message("api.user.login.inactive.app_error"),
                        "Login failed because your account has been deactivated.  Please contact an administrator.");
    assert_string_equal(http_errors_message("api.context.request_body_too_large.app_error"),
                        "Unable to process request. Request body too large.");
    const http_error_entry_t *e = http_errors_lookup("api.context.invalid_body_param.app_error");
    assert_non_null(e);
    assert_string_equal(e->message, "Invalid or missing {{.Name}} in request body.");
    assert_string_equal(e->detail_param, "Name");
    assert_int_equal(e->status, 400);
    assert_null(http_errors_lookup("api.test.thing.app_error"));
    assert_null(http_errors_lookup(NULL));
    assert_string_equal(http_errors_message("api.test.thing.app_error"), "api.test.thing.app_error");
}

static char *format(const char *tmpl, const http_error_param_t *p, size_t n)
{
    pl_buf_t b;
    pl_buf_init(&b, 4096);
    assert_int_equal(http_errors_format(&b, tmpl, p, n), PL_OK);
    char *s = strdup(b.data ? b.data : "");
    pl_buf_dispose(&b);
    return s;
}

#define ASSERT_FORMAT(want, tmpl, p, n)                                                                                            \
    do {                                                                                                                           \
        char *got_ = format(tmpl, p, n);                                                                                           \
        assert_string_equal(got_, want);                                                                                           \
        free(got_);                                                                                                                \
    } while (0)

static void test_errors__format_fills_placeholders(void **state)
{
    (void)state;
    const http_error_param_t p[] = {{"Name", "user_id"}, {"Min", "10"}, {"Length", "3"}};
    ASSERT_FORMAT("Invalid or missing user_id in request body.", "Invalid or missing {{.Name}} in request body.", p, 3);
    ASSERT_FORMAT("at least 10 chars, 10 again", "at least {{.Min}} chars, {{.Min}} again", p, 3);
    ASSERT_FORMAT("is 3 long", "is {{ .Length }} long", p, 3);
    ASSERT_FORMAT("user_id10", "{{.Name}}{{.Min}}", p, 3);
    ASSERT_FORMAT("no params", "no params", NULL, 0);
    ASSERT_FORMAT("", "", p, 3);
}

static void test_errors__format_missing_and_malformed(void **state)
{
    (void)state;
    const http_error_param_t p[] = {{"Name", "x"}, {"Null", NULL}};
    /* Go's text/template renders a missing key as "<no value>". */
    ASSERT_FORMAT("Url: <no value>", "Url: {{.BlockedOrigin}}", p, 2);
    ASSERT_FORMAT("[<no value>]", "[{{.Null}}]", p, 2);
    ASSERT_FORMAT("Invalid <no value> parameter.", "Invalid {{.Name}} parameter.", NULL, 0);
    /* Not a plain placeholder: copied as is. */
    ASSERT_FORMAT("{{if .x}}y{{end}}", "{{if .x}}y{{end}}", p, 2);
    ASSERT_FORMAT("a {{.Name b", "a {{.Name b", p, 2);
    ASSERT_FORMAT("{{.}} {{", "{{.}} {{", p, 2);
    ASSERT_FORMAT("{{x", "{{{{.Name}}", p, 2);
}

static void test_errors__format_respects_cap(void **state)
{
    (void)state;
    char big[200];
    memset(big, 'v', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    const http_error_param_t p[] = {{"Name", big}};
    pl_buf_t b;
    pl_buf_init(&b, 64);
    assert_int_equal(http_errors_format(&b, "Invalid {{.Name}} parameter.", p, 1), PL_ETOOBIG);
    pl_buf_dispose(&b);
}

static json_t *render_app(int status, const char *id, const http_error_param_t *p, size_t n, const char *detail)
{
    pl_buf_t b;
    pl_buf_init(&b, 8192);
    assert_int_equal(http_errors_render_app_error(&b, status, id, p, n, detail, "r"), PL_OK);
    json_t *j = json_loadb(b.data, b.len, 0, NULL);
    assert_non_null(j);
    pl_buf_dispose(&b);
    return j;
}

#define MSG(j) json_string_value(json_object_get(j, "message"))
#define DETAIL(j) json_string_value(json_object_get(j, "detailed_error"))

static void test_errors__render_app_error_detail_fills_name(void **state)
{
    (void)state;
    /* NewInvalidUrlParamError("user_id"): the name goes into the message, detailed_error stays empty. */
    json_t *j = render_app(400, "api.context.invalid_url_param.app_error", NULL, 0, "user_id");
    assert_string_equal(MSG(j), "Invalid or missing user_id parameter in request URL.");
    assert_string_equal(DETAIL(j), "");
    assert_string_equal(json_string_value(json_object_get(j, "id")), "api.context.invalid_url_param.app_error");
    json_decref(j);
    /* Explicit params win; the detail then stays the detail (SetInvalidParamWithErr). */
    const http_error_param_t p[] = {{"Name", "JSON"}};
    j = render_app(400, "api.context.invalid_body_param.app_error", p, 1, "line 1: unexpected token");
    assert_string_equal(MSG(j), "Invalid or missing JSON in request body.");
    assert_string_equal(DETAIL(j), "line 1: unexpected token");
    json_decref(j);
    /* An id without a detail parameter keeps its detail. */
    j = render_app(404, "api.context.404.app_error", NULL, 0, "/api/v4/nope");
    assert_string_equal(MSG(j), "Sorry, we could not find the page.");
    assert_string_equal(DETAIL(j), "/api/v4/nope");
    json_decref(j);
    /* Unknown id: the id is the message. */
    j = render_app(500, "api.test.thing.app_error", NULL, 0, "");
    assert_string_equal(MSG(j), "api.test.thing.app_error");
    json_decref(j);
}

static void test_errors__render_app_error_params(void **state)
{
    (void)state;
    const http_error_param_t min[] = {{"Min", "10"}};
    json_t *j = render_app(400, "model.user.is_valid.pwd_min_length.app_error", min, 1, "");
    assert_string_equal(MSG(j), "Your password must contain at least 10 characters.");
    json_decref(j);
    j = render_app(400, "model.user.is_valid.pwd_lowercase_uppercase.app_error", min, 1, "");
    assert_string_equal(MSG(j), "Your password must contain at least 10 characters made up of at least one lowercase letter and "
                                "at least one uppercase letter.");
    json_decref(j);
    const http_error_param_t limit[] = {{"Limit", "256"}};
    j = render_app(400, "model.user.is_valid.roles_limit.app_error", limit, 1, "");
    assert_string_equal(MSG(j), "Invalid user roles longer than 256 characters.");
    json_decref(j);
}

/* With every parameter the catalog's templates name given, no message keeps a raw {{.Param}}. */
static void test_errors__no_raw_template_left(void **state)
{
    (void)state;
    const http_error_param_t p[] = {{"Name", "v"},
                                    {"Min", "v"},
                                    {"Limit", "v"},
                                    {"BlockedOrigin", "v"},
                                    {"Channel", "v"},
                                    {"channel_id", "v"},
                                    {"MaxChannelsPerTeam", "v"},
                                    {"Domain", "v"},
                                    {"MaxLength", "v"},
                                    {"timeLimit", "v"}};
    for (size_t i = 0; i < http_errors_catalog_len; i++) {
        json_t *j = render_app(400, http_errors_catalog[i].id, p, sizeof(p) / sizeof(p[0]), "d");
        if (strstr(MSG(j), "{{") != NULL || strstr(MSG(j), "<no value>") != NULL)
            fail_msg("%s renders \"%s\"", http_errors_catalog[i].id, MSG(j));
        json_decref(j);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors__render_has_all_fields),
        cmocka_unit_test(test_errors__render_escapes),
        cmocka_unit_test(test_errors__null_detail_is_empty_string),
        cmocka_unit_test(test_errors__render_respects_cap),
        cmocka_unit_test(test_errors__catalog_sorted_and_well_formed),
        cmocka_unit_test(test_errors__lookup_exact_texts),
        cmocka_unit_test(test_errors__format_fills_placeholders),
        cmocka_unit_test(test_errors__format_missing_and_malformed),
        cmocka_unit_test(test_errors__format_respects_cap),
        cmocka_unit_test(test_errors__render_app_error_detail_fills_name),
        cmocka_unit_test(test_errors__render_app_error_params),
        cmocka_unit_test(test_errors__no_raw_template_left),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
