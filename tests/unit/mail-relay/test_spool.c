#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parley/err.h"
#include "relay/spool.h"

#define ID1 "aaaaaaaaaaaaaaaaaaaaaaaaa1"
#define ID2 "aaaaaaaaaaaaaaaaaaaaaaaaa2"

static int count_cb(const char *id, void *arg)
{
    (void)id;
    (*(int *)arg)++;
    return 0;
}

static void test_stage_commit_finish(void **state)
{
    (void)state;
    char dir[] = "/tmp/mailspoolXXXXXX";
    assert_non_null(mkdtemp(dir));
    char root[128];
    snprintf(root, sizeof(root), "%s/spool", dir);
    relay_spool_t sp;
    assert_int_equal(relay_spool_open(&sp, root, 0, 1), PL_OK);
    relay_staged_t st[2];
    assert_int_equal(relay_spool_stage(&sp, ID1, "{\"a\":1}", 7, &st[0]), PL_OK);
    assert_int_equal(relay_spool_stage(&sp, ID2, "{\"a\":2}", 7, &st[1]), PL_OK);
    assert_false(relay_spool_known(&sp, ID1)); /* staged is not accepted */
    assert_int_equal(relay_spool_commit(&sp, st, 2), PL_OK);
    assert_true(st[0].ok && st[1].ok);
    assert_true(relay_spool_known(&sp, ID1));
    pl_buf_t b;
    pl_buf_init(&b, 1024);
    assert_int_equal(relay_spool_read(&sp, RELAY_DIR_JOBS, ID2, &b), PL_OK);
    assert_string_equal(b.data, "{\"a\":2}");
    int n = 0;
    assert_int_equal(relay_spool_each(&sp, RELAY_DIR_JOBS, count_cb, &n), 2);
    assert_int_equal(relay_spool_finish(&sp, ID1, 1), PL_OK);
    assert_true(relay_spool_known(&sp, ID1)); /* done/ still answers duplicates */
    assert_int_equal(relay_spool_move(&sp, RELAY_DIR_JOBS, RELAY_DIR_DEAD, ID2), PL_OK);
    assert_int_equal(relay_spool_move(&sp, RELAY_DIR_JOBS, RELAY_DIR_DEAD, ID2), PL_ENOTFOUND);
    assert_int_equal(relay_spool_prune_done(&sp, -10), 1);
    assert_false(relay_spool_known(&sp, ID1));
    assert_int_equal(relay_spool_has_room(&sp), PL_OK);
    sp.min_free_bytes = INT64_MAX;
    assert_int_equal(relay_spool_has_room(&sp), PL_EAGAIN);
    pl_buf_dispose(&b);
    relay_spool_close(&sp);
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_stage_commit_finish)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
