#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "parley/err.h"
#include "relay/mime.h"

static void test_base64_lines(void **state)
{
    (void)state;
    pl_buf_t b;
    pl_buf_init(&b, 4096);
    assert_int_equal(relay_mime_base64((const unsigned char *)"hello", 5, &b), PL_OK);
    assert_string_equal(b.data, "aGVsbG8=\r\n");
    pl_buf_reset(&b);
    unsigned char big[120];
    memset(big, 'a', sizeof(big));
    relay_mime_base64(big, sizeof(big), &b);
    assert_int_equal(strcspn(b.data, "\r"), 76);
    pl_buf_dispose(&b);
}

static void test_phrase(void **state)
{
    (void)state;
    pl_buf_t b;
    pl_buf_init(&b, 4096);
    relay_mime_phrase("Plain Name", &b);
    assert_string_equal(b.data, "Plain Name");
    pl_buf_reset(&b);
    relay_mime_phrase("Zo\xc3\xab", &b);
    assert_string_equal(b.data, "=?UTF-8?B?Wm/Dqw==?=");
    pl_buf_reset(&b);
    relay_mime_phrase("a\"b<c>", &b); /* specials are never emitted raw */
    assert_null(strchr(b.data, '"'));
    assert_null(strchr(b.data, '<'));
    pl_buf_reset(&b);
    /* long non-ASCII text: folded words of at most 75 characters, never splitting a UTF-8 sequence */
    char longname[400] = "";
    for (int i = 0; i < 60; i++)
        memcpy(longname + 2 * i, "\xc3\xa9", 2);
    relay_mime_phrase(longname, &b);
    for (char *line = b.data; line != NULL;) {
        char *next = strstr(line, "\r\n ");
        size_t len = next != NULL ? (size_t)(next - line) : strlen(line);
        assert_true(len <= 75);
        line = next != NULL ? next + 3 : NULL;
    }
    pl_buf_dispose(&b);
}

static void test_build_headers(void **state)
{
    (void)state;
    relay_mime_t m = {"Bot",  "bot@x.test",  "Ann", "ann@x.test", "re@x.test", "Hi", "id1@x.test", "https://x.test/u",
                      "text", "<p>html</p>", 0};
    pl_buf_t b;
    pl_buf_init(&b, 1 << 16);
    assert_int_equal(relay_mime_build(&m, &b), PL_OK);
    assert_non_null(strstr(b.data, "From: Bot <bot@x.test>\r\n"));
    assert_non_null(strstr(b.data, "To: Ann <ann@x.test>\r\n"));
    assert_non_null(strstr(b.data, "Reply-To: <re@x.test>\r\n"));
    assert_non_null(strstr(b.data, "Date: Thu, 1 Jan 1970 00:00:00 +0000\r\n"));
    assert_non_null(strstr(b.data, "Message-ID: <id1@x.test>\r\n"));
    assert_non_null(strstr(b.data, "List-Unsubscribe: <https://x.test/u>\r\n"));
    assert_non_null(strstr(b.data, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
    assert_non_null(strstr(b.data, "multipart/alternative"));
    assert_non_null(strstr(b.data, "--=_parley_id1_x.test--\r\n"));
    for (char *p = b.data; *p; p++)
        if (*p == '\n')
            assert_true(p > b.data && p[-1] == '\r');
    pl_buf_dispose(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_base64_lines), cmocka_unit_test(test_phrase),
                                       cmocka_unit_test(test_build_headers)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
