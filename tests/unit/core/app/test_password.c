/* Password hashing and verification (app/password.c): PBKDF2 PHC strings and bcrypt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "app/password.h"
#include "parley/err.h"

/* Computed independently (Python hashlib.pbkdf2_hmac, salt 00..0f, 1000 iterations). */
static const char PY_PBKDF2[] = "$pbkdf2$f=SHA256,w=1000,l=32$AAECAwQFBgcICQoLDA0ODw$JeuGrMduQwGPGLmo+Qwv7UYtHHmeg9SK49fGkEamC2c";
/* Classic bcrypt vector ("U*U", cost 5) and a $2b$ hash made by libxcrypt through Python crypt. */
static const char BCRYPT_2A[] = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
static const char BCRYPT_2B[] = "$2b$04$IxfjwaD4OnEDSdse4ihCGu1/sZlyqMShKGXIcFnSCRgs7v/EWa8h2";

static void test_hash_format_and_verify(void **state)
{
    (void)state;
    char h[APP_PASSWORD_HASH_MAX];
    assert_int_equal(app_password_hash("correct horse", 1000, h, sizeof(h)), PL_OK);
    assert_memory_equal(h, "$pbkdf2$f=SHA256,w=1000,l=32$", 29);
    assert_null(strchr(h + 29, '='));
    assert_true(app_password_verify("correct horse", h));
    assert_false(app_password_verify("correct horsf", h));
    assert_false(app_password_verify("", h));
}

static void test_salt_is_random(void **state)
{
    (void)state;
    char a[APP_PASSWORD_HASH_MAX], b[APP_PASSWORD_HASH_MAX];
    assert_int_equal(app_password_hash("same", 1000, a, sizeof(a)), PL_OK);
    assert_int_equal(app_password_hash("same", 1000, b, sizeof(b)), PL_OK);
    assert_string_not_equal(a, b);
}

static void test_verify_foreign_pbkdf2(void **state)
{
    (void)state;
    assert_true(app_password_verify("password", PY_PBKDF2));
    assert_false(app_password_verify("Password", PY_PBKDF2));
}

static void test_iteration_count_is_read_from_hash(void **state)
{
    (void)state;
    char h[APP_PASSWORD_HASH_MAX];
    assert_int_equal(app_password_hash("pw-2000", 2000, h, sizeof(h)), PL_OK);
    assert_non_null(strstr(h, "w=2000,"));
    assert_true(app_password_verify("pw-2000", h));
    assert_false(app_password_needs_rehash(h, 2000));
    assert_true(app_password_needs_rehash(h, 600000));
}

static void test_verify_bcrypt(void **state)
{
    (void)state;
    assert_true(app_password_verify("U*U", BCRYPT_2A));
    assert_false(app_password_verify("U*V", BCRYPT_2A));
    assert_true(app_password_verify("Passw0rd!long", BCRYPT_2B));
    assert_false(app_password_verify("Passw0rd!lonG", BCRYPT_2B));
    assert_true(app_password_needs_rehash(BCRYPT_2B, 600000));
}

static void test_malformed_hashes_never_match(void **state)
{
    (void)state;
    const char *bad[] = {"",
                         "plain",
                         "$pbkdf2$f=SHA256,w=abc,l=32$AAECAwQFBgcICQoLDA0ODw$JeuGrMduQwGPGLmo",
                         "$pbkdf2$f=SHA1,w=1000,l=32$AAECAwQFBgcICQoLDA0ODw$JeuGrMduQwGPGLmo+Qwv7UYtHHmeg9SK49fGkEamC2c",
                         "$pbkdf2$f=SHA256,w=1000,l=32$AAECAwQFBgcICQoLDA0ODw",
                         "$pbkdf2$f=SHA256,w=1000,l=32$!!!$JeuGrMduQwGPGLmo+Qwv7UYtHHmeg9SK49fGkEamC2c",
                         "$pbkdf2$f=SHA256,w=0,l=32$AAECAwQFBgcICQoLDA0ODw$JeuGrMduQwGPGLmo+Qwv7UYtHHmeg9SK49fGkEamC2c",
                         "$2a$05$short",
                         "$1$md5$notaccepted",
                         NULL};
    for (int i = 0; bad[i]; i++)
        assert_false(app_password_verify("password", bad[i]));
    assert_false(app_password_verify("password", NULL));
}

static void test_limits(void **state)
{
    (void)state;
    char h[APP_PASSWORD_HASH_MAX], small[40], longpw[80];
    memset(longpw, 'a', 73);
    longpw[73] = '\0';
    assert_int_equal(app_password_hash(longpw, 1000, h, sizeof(h)), PL_EINVAL);
    assert_int_equal(app_password_hash("x", 999, h, sizeof(h)), PL_EINVAL);
    assert_int_equal(app_password_hash("x", 1000, small, sizeof(small)), PL_ETOOBIG);
    longpw[72] = '\0';
    assert_int_equal(app_password_hash(longpw, 1000, h, sizeof(h)), PL_OK);
    assert_true(app_password_verify(longpw, h));
}

static void test_kdf_matches_openssl_pkcs5(void **state)
{
    (void)state;
    const char *pws[] = {"",
                         "p",
                         "password",
                         "0123456789012345678901234567890123456789012345678901234567890123",
                         "012345678901234567890123456789012345678901234567890123456789012345678901",
                         NULL};
    const unsigned char salt[16] = "saltsaltsaltsalt";
    for (int i = 0; pws[i]; i++) {
        unsigned char ours[32], ref[32];
        for (int iters = 1; iters <= 1001; iters += 500) {
            assert_int_equal(app_password_pbkdf2_sha256(pws[i], salt, sizeof(salt), iters, ours), PL_OK);
            assert_int_equal(PKCS5_PBKDF2_HMAC(pws[i], (int)strlen(pws[i]), salt, sizeof(salt), iters, EVP_sha256(), 32, ref), 1);
            assert_memory_equal(ours, ref, 32);
        }
    }
}

static void test_rules(void **state)
{
    (void)state;
    app_password_rules_t r = {8, false, false, false, false};
    assert_null(app_password_check_rules(&r, "12345678"));
    assert_string_equal(app_password_check_rules(&r, "1234567"), "model.user.is_valid.pwd_min_length.app_error");
    char longpw[80];
    memset(longpw, 'a', 73);
    longpw[73] = '\0';
    assert_string_equal(app_password_check_rules(&r, longpw), "model.user.is_valid.pwd_max_length.app_error");
    r = (app_password_rules_t){5, true, true, true, true};
    assert_string_equal(app_password_check_rules(&r, "abcdef"), "model.user.is_valid.pwd_uppercase_number_symbol.app_error");
    assert_string_equal(app_password_check_rules(&r, "ABCDEF1!"), "model.user.is_valid.pwd_lowercase.app_error");
    assert_string_equal(app_password_check_rules(&r, "        "), "model.user.is_valid.pwd_lowercase_uppercase_number.app_error");
    assert_null(app_password_check_rules(&r, "aB3!xyz"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_format_and_verify),
        cmocka_unit_test(test_salt_is_random),
        cmocka_unit_test(test_verify_foreign_pbkdf2),
        cmocka_unit_test(test_iteration_count_is_read_from_hash),
        cmocka_unit_test(test_verify_bcrypt),
        cmocka_unit_test(test_malformed_hashes_never_match),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_kdf_matches_openssl_pkcs5),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
