/* SHA256_Init/Update/Final: deprecated in OpenSSL 3 but the fastest way to reuse HMAC states. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "app/password.h"

#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "parley/err.h"
#include "parley/id.h"

#define SALT_LEN 16
#define KEY_LEN 32
#define B64_MAX 64 /* base64 of at most 45 bytes */

static const char PHC_PREFIX[] = "$pbkdf2$f=SHA256,w=";
static const char SYMBOLS[] = " !\"\\#$%&'()*+,-./:;<=>?@[]^_`|~";

/* Base64 (standard alphabet) without '=' padding, as Go's RawStdEncoding. */
static int b64_encode_raw(const unsigned char *in, size_t n, char *out, size_t out_n)
{
    if (4 * ((n + 2) / 3) + 1 > out_n)
        return PL_ETOOBIG;
    int len = EVP_EncodeBlock((unsigned char *)out, in, (int)n);
    while (len > 0 && out[len - 1] == '=')
        out[--len] = '\0';
    return len;
}

/* Decode raw (unpadded) base64 of exactly want bytes. @return PL_OK or PL_EINVAL. */
static int b64_decode_raw(const char *in, size_t n, unsigned char *out, size_t want)
{
    char padded[B64_MAX + 4];
    unsigned char tmp[B64_MAX];
    if (n == 0 || n > B64_MAX || n % 4 == 1)
        return PL_EINVAL;
    memcpy(padded, in, n);
    size_t pn = n;
    while (pn % 4)
        padded[pn++] = '=';
    int len = EVP_DecodeBlock(tmp, (const unsigned char *)padded, (int)pn);
    if (len < 0)
        return PL_EINVAL;
    len -= (int)(pn - n); /* EVP_DecodeBlock counts the padding as zero bytes */
    if ((size_t)len != want)
        return PL_EINVAL;
    memcpy(out, tmp, want);
    return PL_OK;
}

/*
 * PBKDF2-HMAC-SHA256 with one 32-byte block (l=32), on OpenSSL's SHA-256. The HMAC inner and outer
 * states after the key block are computed once and copied for each of the 2 x iterations
 * compressions: OpenSSL 3's PKCS5_PBKDF2_HMAC re-initialises its MAC per iteration and costs about
 * half as much again (the unit test checks both give the same bytes).
 */
int app_password_pbkdf2_sha256(const char *password, const unsigned char *salt, size_t salt_len, int iterations,
                               unsigned char out[32])
{
    SHA256_CTX inner, outer, c;
    unsigned char key[64] = {0}, pad[64], u[32];
    static const unsigned char block_index[4] = {0, 0, 0, 1};
    size_t plen = strlen(password);
    if (iterations < 1)
        return PL_EINVAL;
    if (plen > sizeof(key))
        SHA256((const unsigned char *)password, plen, key);
    else
        memcpy(key, password, plen);
    for (int i = 0; i < 64; i++)
        pad[i] = key[i] ^ 0x36;
    SHA256_Init(&inner), SHA256_Update(&inner, pad, 64);
    for (int i = 0; i < 64; i++)
        pad[i] = key[i] ^ 0x5c;
    SHA256_Init(&outer), SHA256_Update(&outer, pad, 64);
    c = inner, SHA256_Update(&c, salt, salt_len), SHA256_Update(&c, block_index, 4), SHA256_Final(u, &c);
    c = outer, SHA256_Update(&c, u, 32), SHA256_Final(u, &c);
    memcpy(out, u, 32);
    for (int n = 1; n < iterations; n++) {
        c = inner, SHA256_Update(&c, u, 32), SHA256_Final(u, &c);
        c = outer, SHA256_Update(&c, u, 32), SHA256_Final(u, &c);
        for (int i = 0; i < 32; i++)
            out[i] ^= u[i];
    }
    OPENSSL_cleanse(key, sizeof(key)), OPENSSL_cleanse(pad, sizeof(pad)), OPENSSL_cleanse(u, sizeof(u));
    OPENSSL_cleanse(&inner, sizeof(inner)), OPENSSL_cleanse(&outer, sizeof(outer)), OPENSSL_cleanse(&c, sizeof(c));
    return PL_OK;
}

static int derive(const char *password, const unsigned char *salt, int iterations, unsigned char key[KEY_LEN])
{
    return app_password_pbkdf2_sha256(password, salt, SALT_LEN, iterations, key);
}

int app_password_hash(const char *password, int iterations, char *out, size_t n)
{
    unsigned char salt[SALT_LEN], key[KEY_LEN];
    char salt64[B64_MAX], key64[B64_MAX];
    int rc = PL_EINVAL;
    if (!password || strlen(password) > APP_PASSWORD_MAX_LEN || iterations < APP_PASSWORD_MIN_ITERATIONS ||
        iterations > APP_PASSWORD_MAX_ITERATIONS)
        goto Exit;
    pl_random_bytes(salt, sizeof(salt));
    if ((rc = derive(password, salt, iterations, key)) != PL_OK)
        goto Exit;
    b64_encode_raw(salt, SALT_LEN, salt64, sizeof(salt64));
    b64_encode_raw(key, KEY_LEN, key64, sizeof(key64));
    int len = snprintf(out, n, "%s%d,l=%d$%s$%s", PHC_PREFIX, iterations, KEY_LEN, salt64, key64);
    rc = (len < 0 || (size_t)len >= n) ? PL_ETOOBIG : PL_OK;
Exit:
    OPENSSL_cleanse(key, sizeof(key));
    return rc;
}

typedef struct phc {
    int iterations;
    unsigned char salt[SALT_LEN];
    unsigned char key[KEY_LEN];
} phc_t;

/* Parse "$pbkdf2$f=SHA256,w=<W>,l=32$<salt>$<key>" strictly. */
static int phc_parse(const char *s, phc_t *out)
{
    if (strncmp(s, PHC_PREFIX, sizeof(PHC_PREFIX) - 1) != 0)
        return PL_EINVAL;
    s += sizeof(PHC_PREFIX) - 1;
    char *end = NULL;
    long w = strtol(s, &end, 10);
    if (end == s || w < 1 || w > APP_PASSWORD_MAX_ITERATIONS || strncmp(end, ",l=32$", 6) != 0)
        return PL_EINVAL;
    out->iterations = (int)w;
    const char *salt = end + 6;
    const char *dollar = strchr(salt, '$');
    if (!dollar)
        return PL_EINVAL;
    if (b64_decode_raw(salt, (size_t)(dollar - salt), out->salt, SALT_LEN) != PL_OK)
        return PL_EINVAL;
    return b64_decode_raw(dollar + 1, strlen(dollar + 1), out->key, KEY_LEN);
}

static int verify_pbkdf2(const char *password, const char *stored)
{
    phc_t phc;
    unsigned char key[KEY_LEN];
    if (phc_parse(stored, &phc) != PL_OK || derive(password, phc.salt, phc.iterations, key) != PL_OK)
        return 0;
    int match = CRYPTO_memcmp(key, phc.key, KEY_LEN) == 0;
    OPENSSL_cleanse(key, sizeof(key));
    return match;
}

static int is_bcrypt(const char *stored)
{
    return strncmp(stored, "$2a$", 4) == 0 || strncmp(stored, "$2b$", 4) == 0 || strncmp(stored, "$2y$", 4) == 0;
}

static int verify_bcrypt(const char *password, const char *stored)
{
    struct crypt_data *cd = calloc(1, sizeof(*cd));
    if (!cd)
        return 0;
    int match = 0;
    const char *got = crypt_r(password, stored, cd);
    size_t n = strlen(stored);
    if (got && got[0] != '*' && strlen(got) == n)
        match = CRYPTO_memcmp(got, stored, n) == 0;
    OPENSSL_cleanse(cd, sizeof(*cd));
    free(cd);
    return match;
}

int app_password_verify(const char *password, const char *stored)
{
    if (!password || !stored || !stored[0] || strlen(password) > APP_PASSWORD_MAX_LEN)
        return 0;
    if (strncmp(stored, "$pbkdf2$", 8) == 0)
        return verify_pbkdf2(password, stored);
    if (is_bcrypt(stored))
        return verify_bcrypt(password, stored);
    return 0;
}

int app_password_needs_rehash(const char *stored, int iterations)
{
    phc_t phc;
    if (!stored || phc_parse(stored, &phc) != PL_OK)
        return 1;
    return phc.iterations != iterations;
}

/* Mattermost's ids name the missing character classes in this order; index = bitmask of them. */
static const char *const CLASS_IDS[16] = {
    NULL,
    "model.user.is_valid.pwd_lowercase.app_error",
    "model.user.is_valid.pwd_uppercase.app_error",
    "model.user.is_valid.pwd_lowercase_uppercase.app_error",
    "model.user.is_valid.pwd_number.app_error",
    "model.user.is_valid.pwd_lowercase_number.app_error",
    "model.user.is_valid.pwd_uppercase_number.app_error",
    "model.user.is_valid.pwd_lowercase_uppercase_number.app_error",
    "model.user.is_valid.pwd_symbol.app_error",
    "model.user.is_valid.pwd_lowercase_symbol.app_error",
    "model.user.is_valid.pwd_uppercase_symbol.app_error",
    "model.user.is_valid.pwd_lowercase_uppercase_symbol.app_error",
    "model.user.is_valid.pwd_number_symbol.app_error",
    "model.user.is_valid.pwd_lowercase_number_symbol.app_error",
    "model.user.is_valid.pwd_uppercase_number_symbol.app_error",
    "model.user.is_valid.pwd_lowercase_uppercase_number_symbol.app_error",
};

static int has_any(const char *s, const char *set)
{
    return strpbrk(s, set) != NULL;
}

const char *app_password_check_rules(const app_password_rules_t *rules, const char *password)
{
    size_t len = strlen(password);
    unsigned missing = 0;
    if (len > APP_PASSWORD_MAX_LEN)
        return "model.user.is_valid.pwd_max_length.app_error";
    if (len < (size_t)rules->min_length)
        return "model.user.is_valid.pwd_min_length.app_error";
    if (rules->lowercase && !has_any(password, "abcdefghijklmnopqrstuvwxyz"))
        missing |= 1;
    if (rules->uppercase && !has_any(password, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        missing |= 2;
    if (rules->number && !has_any(password, "0123456789"))
        missing |= 4;
    if (rules->symbol && !has_any(password, SYMBOLS))
        missing |= 8;
    return CLASS_IDS[missing];
}
