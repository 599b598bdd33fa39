/* The view cache (app/view_cache.c) and its change stamps (app/change_stamps.c): hits, dependencies
 * on users, teams and channels, a fill that raced with a change, the byte bound, and off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/view_cache.h"

#define U "uuuuuuuuuuuuuuuuuuuuuuuuuu"
#define T "tttttttttttttttttttttttttt"
#define C1 "c1c1c1c1c1c1c1c1c1c1c1c1c1"
#define C2 "c2c2c2c2c2c2c2c2c2c2c2c2c2"

static char *dup_n(void *ctx, const char *p, size_t n)
{
    (void)ctx;
    char *s = malloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

/* The body of (kind, U, scope) or NULL (caller frees). */
static char *get(app_view_kind_t kind, const char *scope, char *etag)
{
    const char *body = NULL;
    size_t len = 0;
    return app_view_cache_get(kind, U, scope, dup_n, NULL, &body, &len, etag) ? (char *)body : NULL;
}

static void put(app_view_kind_t kind, const char *scope, uint64_t built, const char *body, const char *const *channels, size_t n)
{
    app_view_deps_t d = {0};
    app_view_deps_add(&d, APP_STAMP_MEMBER, U);
    app_view_deps_add(&d, APP_STAMP_TEAM, T);
    for (size_t i = 0; i < n; i++)
        app_view_deps_add(&d, APP_STAMP_CHANNEL, channels[i]);
    app_view_cache_put(kind, U, scope, built, &d, body, strlen(body), "etag-1");
    app_view_deps_dispose(&d);
}

static int setup(void **state)
{
    (void)state;
    app_view_cache_configure((size_t)64 << 20);
    app_view_cache_dispose();
    return 0;
}

static void assert_body(app_view_kind_t kind, const char *scope, const char *want)
{
    char etag[APP_VIEW_CACHE_ETAG_MAX];
    char *got = get(kind, scope, etag);
    if (want == NULL) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_string_equal(etag, "etag-1");
    free(got);
}

static void test_hit_until_a_dependency_changes(void **state)
{
    (void)state;
    const char *chans[] = {C1};
    put(APP_VIEW_MY_CHANNELS, T, app_view_cache_stamp(), "[1]", chans, 1);
    assert_body(APP_VIEW_MY_CHANNELS, T, "[1]");
    assert_body(APP_VIEW_MY_CHANNELS, T, "[1]");
    app_change_stamps_bump(APP_STAMP_CHANNEL, C2); /* not listed */
    assert_body(APP_VIEW_MY_CHANNELS, T, "[1]");
    app_change_stamps_bump(APP_STAMP_MEMBER_COUNTS, U); /* not a dependency of this entry */
    assert_body(APP_VIEW_MY_CHANNELS, T, "[1]");
    app_change_stamps_bump(APP_STAMP_CHANNEL, C1);
    assert_body(APP_VIEW_MY_CHANNELS, T, NULL);
    assert_body(APP_VIEW_MY_CHANNELS, T, NULL); /* dropped, not revived */

    put(APP_VIEW_MY_CATEGORIES, T, app_view_cache_stamp(), "{}", NULL, 0);
    app_change_stamps_bump(APP_STAMP_MEMBER, U);
    assert_body(APP_VIEW_MY_CATEGORIES, T, NULL);
    put(APP_VIEW_MY_CATEGORIES, T, app_view_cache_stamp(), "{}", NULL, 0);
    app_change_stamps_bump(APP_STAMP_TEAM, T);
    assert_body(APP_VIEW_MY_CATEGORIES, T, NULL);
    put(APP_VIEW_MY_CATEGORIES, T, app_view_cache_stamp(), "{}", NULL, 0);
    app_change_stamps_bump_all();
    assert_body(APP_VIEW_MY_CATEGORIES, T, NULL);
}

/* A fill that read the database before a change was reported keeps the older stamp: never served. */
static void test_fill_that_raced_with_a_change_is_not_kept(void **state)
{
    (void)state;
    uint64_t built = app_view_cache_stamp();
    app_change_stamps_bump(APP_STAMP_MEMBER, U); /* committed while the fill was reading */
    put(APP_VIEW_MY_MEMBERS, T, built, "[2]", NULL, 0);
    assert_body(APP_VIEW_MY_MEMBERS, T, NULL);
    put(APP_VIEW_MY_MEMBERS, T, app_view_cache_stamp(), "[3]", NULL, 0);
    assert_body(APP_VIEW_MY_MEMBERS, T, "[3]");
    put(APP_VIEW_MY_MEMBERS, T, app_view_cache_stamp(), "[4]", NULL, 0); /* a newer fill replaces */
    assert_body(APP_VIEW_MY_MEMBERS, T, "[4]");
    assert_body(APP_VIEW_MY_CHANNELS, T, NULL); /* kinds are separate */
}

static void test_bounded_by_bytes_and_off(void **state)
{
    (void)state;
    char big[16 * 1024], scope[27];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    app_view_cache_configure((size_t)2 << 20); /* 128 KiB per shard */
    for (int i = 0; i < 400; i++) {
        snprintf(scope, sizeof(scope), "s%025d", i);
        put(APP_VIEW_MY_CHANNELS, scope, app_view_cache_stamp(), big, NULL, 0);
    }
    app_view_cache_stats_t st;
    app_view_cache_stats(&st);
    assert_true(st.bytes <= (size_t)2 << 20);
    assert_true(st.evictions > 0);
    assert_true(st.entries < 400);
    snprintf(scope, sizeof(scope), "s%025d", 399);
    char *last = get(APP_VIEW_MY_CHANNELS, scope, NULL);
    assert_non_null(last); /* the most recent one stays */
    free(last);
    app_view_cache_configure(0);
    assert_null(get(APP_VIEW_MY_CHANNELS, scope, NULL));
    put(APP_VIEW_MY_CHANNELS, scope, app_view_cache_stamp(), "[]", NULL, 0);
    app_view_cache_configure((size_t)64 << 20);
    assert_null(get(APP_VIEW_MY_CHANNELS, scope, NULL)); /* nothing was kept while off */
}

static void test_deps_are_bounded(void **state)
{
    (void)state;
    app_view_deps_t d = {0};
    for (int i = 0; i <= APP_VIEW_CACHE_MAX_DEPS; i++)
        app_view_deps_add(&d, APP_STAMP_CHANNEL, C1);
    assert_true(d.too_many);
    app_view_cache_put(APP_VIEW_MY_CHANNELS, U, T, app_view_cache_stamp(), &d, "[]", 2, NULL);
    app_view_deps_dispose(&d);
    assert_null(get(APP_VIEW_MY_CHANNELS, T, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_hit_until_a_dependency_changes, setup),
        cmocka_unit_test_setup(test_fill_that_raced_with_a_change_is_not_kept, setup),
        cmocka_unit_test_setup(test_bounded_by_bytes_and_off, setup),
        cmocka_unit_test_setup(test_deps_are_bounded, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
