#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "parley/time.h"

static void test_format_known_instants(void **state)
{
    (void)state;
    char out[32];
    pl_time_format_rfc3339(0, out, sizeof(out));
    assert_string_equal(out, "1970-01-01T00:00:00.000Z");
    pl_time_format_rfc3339(1795804647123LL, out, sizeof(out));
    assert_string_equal(out, "2026-11-27T18:37:27.123Z");
    pl_time_format_rfc3339(951782400001LL, out, sizeof(out)); /* leap day 2000 */
    assert_string_equal(out, "2000-02-29T00:00:00.001Z");
    pl_time_format_rfc3339(-1, out, sizeof(out));
    assert_string_equal(out, "1969-12-31T23:59:59.999Z");
}

static void test_format_small_output(void **state)
{
    (void)state;
    char out[8];
    pl_time_format_rfc3339(0, out, sizeof(out));
    assert_string_equal(out, "1970-01");
    pl_time_format_rfc3339(0, out, 0); /* must not write */
}

static void test_clocks(void **state)
{
    (void)state;
    int64_t now = pl_time_ms();
    int64_t sys = (int64_t)time(NULL) * 1000;
    assert_true(now >= sys - 2000 && now <= sys + 2000);
    int64_t a = pl_time_mono_ms();
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
    int64_t b = pl_time_mono_ms();
    assert_true(b - a >= 19);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_known_instants),
        cmocka_unit_test(test_format_small_output),
        cmocka_unit_test(test_clocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
