/* The session cache (app/session_cache.c): hits, LRU eviction, expiry, invalidation and the
 * generation guard against caching what an invalidation raced with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "app/session_cache.h"
#include "parley/err.h"

#define TTL (60 * 1000)
#define NOW 1000000

static void make(app_session_t *s, model_user_t *u, int i, const char *user_id)
{
    memset(s, 0, sizeof(*s));
    snprintf(s->id, sizeof(s->id), "sess%022d", i);
    snprintf(s->user_id, sizeof(s->user_id), "%s", user_id);
    model_user_init(u);
    snprintf(u->id, sizeof(u->id), "%s", user_id);
    snprintf(u->nickname, sizeof(u->nickname), "nick%d", i);
    u->props = json_pack("{s:s}", "k", "v");
}

static void put(int i, const char *user_id)
{
    app_session_t s;
    model_user_t u;
    char token[27];
    make(&s, &u, i, user_id);
    snprintf(token, sizeof(token), "tok%023d", i);
    app_session_cache_put(token, app_session_cache_generation(), &s, &u);
    model_user_dispose(&u);
}

static int get(int i, model_user_t *u)
{
    app_session_t s;
    char token[27];
    snprintf(token, sizeof(token), "tok%023d", i);
    return app_session_cache_get(token, NOW, &s, u);
}

static int setup(void **state)
{
    (void)state;
    app_session_cache_configure(3, TTL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    app_session_cache_dispose();
    return 0;
}

static void test_hit_copies_the_user(void **state)
{
    (void)state;
    model_user_t u;
    model_user_init(&u);
    put(1, "useraaaaaaaaaaaaaaaaaaaaaa");
    assert_int_equal(get(1, &u), PL_OK);
    assert_string_equal(u.nickname, "nick1");
    assert_string_equal(json_string_value(json_object_get(u.props, "k")), "v");
    model_user_dispose(&u);
    assert_int_equal(get(2, NULL), PL_ENOTFOUND);
}

static void test_least_recently_used_goes_first(void **state)
{
    (void)state;
    put(1, "useraaaaaaaaaaaaaaaaaaaaaa");
    put(2, "useraaaaaaaaaaaaaaaaaaaaaa");
    put(3, "userbbbbbbbbbbbbbbbbbbbbbb");
    assert_int_equal(get(1, NULL), PL_OK); /* 2 is now the least recently used */
    put(4, "userbbbbbbbbbbbbbbbbbbbbbb");
    assert_int_equal(app_session_cache_count(), 3);
    assert_int_equal(get(2, NULL), PL_ENOTFOUND);
    assert_int_equal(get(1, NULL), PL_OK);
    assert_int_equal(get(4, NULL), PL_OK);
}

static void test_invalidation_by_session_and_user(void **state)
{
    (void)state;
    put(1, "useraaaaaaaaaaaaaaaaaaaaaa");
    put(2, "useraaaaaaaaaaaaaaaaaaaaaa");
    put(3, "userbbbbbbbbbbbbbbbbbbbbbb");
    app_session_cache_remove_session("sess0000000000000000000003");
    assert_int_equal(get(3, NULL), PL_ENOTFOUND);
    assert_int_equal(get(1, NULL), PL_OK);
    app_session_cache_remove_user("useraaaaaaaaaaaaaaaaaaaaaa");
    assert_int_equal(get(1, NULL), PL_ENOTFOUND);
    assert_int_equal(get(2, NULL), PL_ENOTFOUND);
    assert_int_equal(app_session_cache_count(), 0);
}

static void test_put_after_an_invalidation_is_refused(void **state)
{
    (void)state;
    app_session_t s;
    model_user_t u;
    make(&s, &u, 5, "useraaaaaaaaaaaaaaaaaaaaaa");
    uint64_t before = app_session_cache_generation();            /* read before the store lookup */
    app_session_cache_remove_user("userzzzzzzzzzzzzzzzzzzzzzz"); /* some write meanwhile */
    app_session_cache_put("tok00000000000000000000005", before, &s, &u);
    model_user_dispose(&u);
    assert_int_equal(get(5, NULL), PL_ENOTFOUND);
}

static void test_expired_session_and_disabled_cache(void **state)
{
    (void)state;
    app_session_t s;
    model_user_t u;
    make(&s, &u, 6, "useraaaaaaaaaaaaaaaaaaaaaa");
    s.expires_at = NOW; /* expires now */
    app_session_cache_put("tok00000000000000000000006", app_session_cache_generation(), &s, &u);
    assert_int_equal(get(6, NULL), PL_ENOTFOUND);
    app_session_cache_configure(3, 0); /* SessionCacheInMinutes 0 */
    app_session_cache_put("tok00000000000000000000006", app_session_cache_generation(), &s, &u);
    model_user_dispose(&u);
    assert_int_equal(get(6, NULL), PL_ENOTFOUND);
    assert_int_equal(app_session_cache_count(), 0);
}

static void test_touched_updates_the_copy(void **state)
{
    (void)state;
    app_session_t s;
    put(7, "useraaaaaaaaaaaaaaaaaaaaaa");
    app_session_cache_touched("sess0000000000000000000007", 4242, 9999999);
    assert_int_equal(app_session_cache_get("tok00000000000000000000007", NOW, &s, NULL), PL_OK);
    assert_int_equal(s.last_activity_at, 4242);
    assert_int_equal(s.expires_at, 9999999);
}

static char *copy(void *ctx, const char *p, size_t n)
{
    char *buf = ctx;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

static void test_self_body_serialized_once(void **state)
{
    (void)state;
    app_session_t s;
    char buf[8192];
    const char *json = NULL;
    size_t len = 0;
    put(8, "useraaaaaaaaaaaaaaaaaaaaaa");
    assert_int_equal(app_session_cache_get_self("tok00000000000000000000008", NOW, &s, copy, buf, &json, &len), PL_OK);
    assert_ptr_equal(json, buf);
    assert_int_equal(len, strlen(buf));
    json_t *j = json_loads(json, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "nickname")), "nick8");
    assert_null(json_object_get(j, "password"));
    json_decref(j);
    assert_string_equal(s.id, "sess0000000000000000000008");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hit_copies_the_user, setup, teardown),
        cmocka_unit_test_setup_teardown(test_least_recently_used_goes_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalidation_by_session_and_user, setup, teardown),
        cmocka_unit_test_setup_teardown(test_put_after_an_invalidation_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expired_session_and_disabled_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_touched_updates_the_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_self_body_serialized_once, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
