#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/ecdsa.h>

#include "parley/err.h"
#include "push.h"

static int b64url_decode(const char *in, size_t n, unsigned char *out)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned v = 0;
    int bits = 0, o = 0;
    for (size_t i = 0; i < n; i++) {
        v = v << 6 | (unsigned)(strchr(a, in[i]) - a);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(v >> bits);
        }
    }
    return o;
}

static void test_b64url(void **state)
{
    (void)state;
    char out[16];
    assert_int_equal(push_b64url((const unsigned char *)"\xfb\xff", 2, out, sizeof(out)), 3);
    assert_string_equal(out, "-_8");
    assert_int_equal(push_b64url((const unsigned char *)"abc", 3, out, sizeof(out)), 4);
    assert_string_equal(out, "YWJj");
    assert_true(push_b64url((const unsigned char *)"abcdef", 6, out, 4) < 0);
}

static void test_es256_verifies(void **state)
{
    (void)state;
    EVP_PKEY *key = EVP_EC_gen("P-256");
    char jwt[512];
    assert_int_equal(push_jwt_es256(key, "KID1234567", "TEAM123456", 1700000000, jwt, sizeof(jwt)), PL_OK);
    char *dot1 = strchr(jwt, '.'), *dot2 = strrchr(jwt, '.');
    unsigned char hdr[128], raw[64];
    int hl = b64url_decode(jwt, (size_t)(dot1 - jwt), hdr);
    assert_memory_equal(hdr, "{\"alg\":\"ES256\",\"kid\":\"KID1234567\"}", (size_t)hl);
    assert_int_equal(b64url_decode(dot2 + 1, strlen(dot2 + 1), raw), 64);
    ECDSA_SIG *sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(raw, 32, NULL), BN_bin2bn(raw + 32, 32, NULL));
    unsigned char *der = NULL;
    int derlen = i2d_ECDSA_SIG(sig, &der);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    assert_int_equal(EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key), 1);
    assert_int_equal(EVP_DigestVerify(md, der, (size_t)derlen, (unsigned char *)jwt, (size_t)(dot2 - jwt)), 1);
    EVP_MD_CTX_free(md);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    EVP_PKEY_free(key);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_b64url), cmocka_unit_test(test_es256_verifies)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
