#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include "store/db.h"

/* Pure helpers of store/db.c (no database): DSN cleaning and error classification. */

static void check_conninfo(const char *in, const char *want)
{
    char *out = store_db_conninfo(in);
    assert_non_null(out);
    assert_string_equal(out, want);
    free(out);
}

static void test_store_db__conninfo_drops_go_driver_options(void **state)
{
    (void)state;
    check_conninfo("postgres://u:p@h/db?sslmode=disable&connect_timeout=10&binary_parameters=yes",
                   "postgres://u:p@h/db?sslmode=disable&connect_timeout=10");
    check_conninfo("postgres://u@h/db?binary_parameters=yes&sslmode=disable", "postgres://u@h/db?sslmode=disable");
    check_conninfo("postgres://u@h/db?binary_parameters=yes", "postgres://u@h/db");
    check_conninfo("postgresql://u@/db?host=/tmp&port=5432", "postgresql://u@/db?host=/tmp&port=5432");
    check_conninfo("host=/tmp port=5 dbname=x", "host=/tmp port=5 dbname=x");
    check_conninfo("postgres://h/db", "postgres://h/db");
}

static void test_store_db__unavailable_without_connection(void **state)
{
    (void)state;
    PGresult *res = (PGresult *)0x1;
    assert_int_equal(store_db_exec(NULL, "SELECT 1", 0, NULL, &res), STORE_EUNAVAIL);
    assert_null(res);
    assert_int_equal(store_db_classify(NULL, NULL), STORE_EUNAVAIL);
    assert_string_equal(store_error_name(STORE_EUNIQUE), "EUNIQUE");
    assert_string_equal(store_error_name(12345), "EINTERNAL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_db__conninfo_drops_go_driver_options),
        cmocka_unit_test(test_store_db__unavailable_without_connection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
