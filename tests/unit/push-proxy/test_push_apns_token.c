#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <openssl/evp.h>

#include "apns.h"

static void test_token_reused_then_renewed_in_window(void **state)
{
    (void)state;
    push_target_t t = {.auth_key_id = "KID1234567", .team_id = "TEAM123456"};
    apns_pool_t p;
    memset(&p, 0, sizeof(p));
    p.t = &t;
    p.key = EVP_EC_gen("P-256");
    char first[512];
    strcpy(first, apns_bearer(&p));
    assert_memory_equal(first, "bearer ", 7);
    assert_false(apns_token_renewable(&p)); /* just made: APNs would answer TooManyProviderTokenUpdates */
    p.jwt_iat -= 19 * 60;
    assert_string_equal(apns_bearer(&p), first);
    assert_false(apns_token_renewable(&p));
    p.jwt_iat -= 2 * 60; /* 21 minutes old: may be renewed after ExpiredProviderToken, still reused */
    assert_true(apns_token_renewable(&p));
    assert_string_equal(apns_bearer(&p), first);
    p.jwt_iat -= 30 * 60; /* 51 minutes old: renewed before the 60-minute limit */
    assert_string_not_equal(apns_bearer(&p), first);
    assert_true(time(NULL) - p.jwt_iat < 5);
    EVP_PKEY_free(p.key);
}

static void test_certificate_auth_has_no_bearer(void **state)
{
    (void)state;
    push_target_t t = {0};
    apns_pool_t p;
    memset(&p, 0, sizeof(p));
    p.t = &t;
    assert_null(apns_bearer(&p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_token_reused_then_renewed_in_window),
                                       cmocka_unit_test(test_certificate_auth_has_no_bearer)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
