#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "parley/err.h"

static void test_append_and_terminate(void **state)
{
    (void)state;
    pl_buf_t b;
    pl_buf_init(&b, 1024);
    assert_null(b.data);
    assert_int_equal(pl_buf_append(&b, "abc", 3), PL_OK);
    assert_int_equal(pl_buf_puts(&b, "def"), PL_OK);
    assert_int_equal(pl_buf_appendf(&b, "-%d-%s", 42, "x"), PL_OK);
    assert_int_equal(b.len, 11);
    assert_string_equal(b.data, "abcdef-42-x");
    assert_int_equal(pl_buf_append(&b, "", 0), PL_OK);
    assert_int_equal(b.len, 11);
    pl_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    pl_buf_dispose(&b);
    assert_null(b.data);
}

static void test_grows_past_initial_capacity(void **state)
{
    (void)state;
    pl_buf_t b;
    pl_buf_init(&b, 100000);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(pl_buf_append(&b, "0123456789", 10), PL_OK);
    assert_int_equal(b.len, 100000);
    assert_int_equal(b.data[b.len], '\0');
    assert_int_equal(pl_buf_append(&b, "x", 1), PL_ETOOBIG);
    pl_buf_dispose(&b);
}

static void test_cap_leaves_buffer_unchanged(void **state)
{
    (void)state;
    pl_buf_t b;
    pl_buf_init(&b, 8);
    assert_int_equal(pl_buf_puts(&b, "12345"), PL_OK);
    assert_int_equal(pl_buf_puts(&b, "6789"), PL_ETOOBIG);
    assert_string_equal(b.data, "12345");
    assert_int_equal(pl_buf_appendf(&b, "%s", "abcd"), PL_ETOOBIG);
    assert_string_equal(b.data, "12345");
    assert_int_equal(pl_buf_append_json_escaped(&b, "\n\n", 2), PL_ETOOBIG);
    assert_int_equal(b.len, 5);
    assert_int_equal(pl_buf_puts(&b, "678"), PL_OK);
    assert_string_equal(b.data, "12345678");
    assert_int_equal(pl_buf_append(&b, "9", 1), PL_ETOOBIG);
    assert_int_equal(pl_buf_append(&b, "", (size_t)-1), PL_ETOOBIG);
    assert_int_equal(b.len, 8);
    pl_buf_dispose(&b);
}

static void test_zero_cap(void **state)
{
    (void)state;
    pl_buf_t b;
    pl_buf_init(&b, 0);
    assert_int_equal(pl_buf_puts(&b, "a"), PL_ETOOBIG);
    assert_int_equal(pl_buf_puts(&b, ""), PL_OK);
    assert_string_equal(b.data, "");
    pl_buf_dispose(&b);
}

static void assert_escaped(const char *in, size_t n, const char *want)
{
    pl_buf_t b;
    pl_buf_init(&b, 4096);
    assert_int_equal(pl_buf_append_json_escaped(&b, in, n), PL_OK);
    assert_string_equal(b.data, want);
    assert_int_equal(b.len, strlen(want));
    pl_buf_dispose(&b);
}

static void test_json_escaping(void **state)
{
    (void)state;
    assert_escaped("plain", 5, "plain");
    assert_escaped("a\"b\\c", 5, "a\\\"b\\\\c");
    assert_escaped("\n\r\t\b\f", 5, "\\n\\r\\t\\b\\f");
    assert_escaped("\x01\x1f\x7f", 3, "\\u0001\\u001f\x7f");
    assert_escaped("a\0b", 3, "a\\u0000b");
    assert_escaped("/", 1, "/");
}

static void test_json_escaping_utf8(void **state)
{
    (void)state;
    assert_escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    /* a lone continuation byte, a truncated sequence, an overlong form and a surrogate */
    assert_escaped("a\x80z", 3, "a\\ufffdz");
    assert_escaped("\xe2\x82", 2, "\\ufffd\\ufffd");
    assert_escaped("\xc0\xaf", 2, "\\ufffd\\ufffd");
    assert_escaped("\xed\xa0\x80", 3, "\\ufffd\\ufffd\\ufffd");
    assert_escaped("\xf5\x80\x80\x80", 4, "\\ufffd\\ufffd\\ufffd\\ufffd");
}

static void test_steal(void **state)
{
    (void)state;
    pl_buf_t b;
    size_t len = 99;
    pl_buf_init(&b, 64);
    char *empty = pl_buf_steal(&b, &len);
    assert_non_null(empty);
    assert_int_equal(len, 0);
    assert_string_equal(empty, "");
    free(empty);
    pl_buf_puts(&b, "hello");
    char *p = pl_buf_steal(&b, &len);
    assert_string_equal(p, "hello");
    assert_int_equal(len, 5);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    free(p);
    assert_int_equal(pl_buf_puts(&b, "again"), PL_OK);
    assert_string_equal(b.data, "again");
    pl_buf_dispose(&b);
}

static void test_err_name(void **state)
{
    (void)state;
    assert_string_equal(pl_err_name(PL_OK), "OK");
    assert_string_equal(pl_err_name(PL_EINVAL), "EINVAL");
    assert_string_equal(pl_err_name(PL_ETOOBIG), "ETOOBIG");
    assert_string_equal(pl_err_name(PL_EIO), "EIO");
    assert_string_equal(pl_err_name(-1000), "EUNKNOWN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_and_terminate),
        cmocka_unit_test(test_grows_past_initial_capacity),
        cmocka_unit_test(test_cap_leaves_buffer_unchanged),
        cmocka_unit_test(test_zero_cap),
        cmocka_unit_test(test_json_escaping),
        cmocka_unit_test(test_json_escaping_utf8),
        cmocka_unit_test(test_steal),
        cmocka_unit_test(test_err_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
