#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "parley/id.h"

static const char alphabet[] = "ybndrfg8ejkmcpqxot1uwisza345h769";

static void test_new_id_shape(void **state)
{
    (void)state;
    char id[PL_ID_LEN + 1];
    for (int i = 0; i < 1000; i++) {
        memset(id, 'Z', sizeof(id));
        pl_id_new(id);
        assert_int_equal(strlen(id), PL_ID_LEN);
        assert_int_equal(strspn(id, alphabet), PL_ID_LEN);
        assert_true(pl_id_valid(id, strlen(id)));
        /* 128 bits in 26 chars: the last char carries 3 bits, so it is one of the first 8 letters
         * shifted by 2 bits, i.e. alphabet[4*k] */
        const char *pos = strchr(alphabet, id[25]);
        assert_non_null(pos);
        assert_int_equal((pos - alphabet) % 4, 0);
    }
}

static void test_new_ids_differ(void **state)
{
    (void)state;
    char a[PL_ID_LEN + 1], b[PL_ID_LEN + 1];
    pl_id_new(a);
    pl_id_new(b);
    assert_string_not_equal(a, b);
}

static void test_valid(void **state)
{
    (void)state;
    assert_true(pl_id_valid("ybndrfg8ejkmcpqxot1uwisza3", 26));
    assert_true(pl_id_valid("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 26));
    assert_false(pl_id_valid("ybndrfg8ejkmcpqxot1uwisza", 25));
    assert_false(pl_id_valid("ybndrfg8ejkmcpqxot1uwisza34", 27));
    assert_false(pl_id_valid("ybndrfg8ejkmcpqxot1uwisz-3", 26));
    assert_false(pl_id_valid("ybndrfg8ejkmcpqxot1uwisz\0"
                             "3",
                             26));
    assert_false(pl_id_valid("ybndrfg8ejkmcpqxot1uwisz\xc3\xa9", 26));
    assert_false(pl_id_valid(NULL, 26));
    assert_false(pl_id_valid("", 0));
}

static void test_random_bytes(void **state)
{
    (void)state;
    unsigned char a[32] = {0}, b[32] = {0}, zero[32] = {0};
    pl_random_bytes(a, sizeof(a));
    pl_random_bytes(b, sizeof(b));
    assert_memory_not_equal(a, b, sizeof(a));
    assert_memory_not_equal(a, zero, sizeof(a));
    pl_random_bytes(a, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_id_shape),
        cmocka_unit_test(test_new_ids_differ),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
