#include "push.h"

#include <openssl/bio.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <string.h>

#include "parley/err.h"

int push_b64url(const unsigned char *in, size_t n, char *out, size_t outn)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
        size_t k = n - i >= 3 ? 4 : n - i + 1;
        if (o + k + 1 > outn)
            return PL_ETOOBIG;
        for (size_t j = 0; j < k; j++)
            out[o++] = a[(v >> (18 - 6 * j)) & 63];
    }
    out[o] = '\0';
    return (int)o;
}

static int sign(EVP_PKEY *key, const char *msg, size_t n, unsigned char *sig, size_t *siglen)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md && EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
             EVP_DigestSign(md, sig, siglen, (const unsigned char *)msg, n) == 1;
    EVP_MD_CTX_free(md);
    return ok ? PL_OK : PL_ERR;
}

/* DER ECDSA signature -> JOSE r||s (32 + 32 bytes). */
static int der_to_raw(const unsigned char *der, size_t n, unsigned char raw[64])
{
    ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &der, (long)n);
    if (s == NULL)
        return PL_ERR;
    const BIGNUM *r, *ss;
    ECDSA_SIG_get0(s, &r, &ss);
    int ok = BN_bn2binpad(r, raw, 32) == 32 && BN_bn2binpad(ss, raw + 32, 32) == 32;
    ECDSA_SIG_free(s);
    return ok ? PL_OK : PL_ERR;
}

/* out = b64(header).b64(claims); then .b64(signature) appended by finish(). */
static int start(const char *header, const char *claims, char *out, size_t outn)
{
    int a = push_b64url((const unsigned char *)header, strlen(header), out, outn);
    if (a < 0 || (size_t)a + 2 >= outn)
        return PL_ETOOBIG;
    out[a] = '.';
    int b = push_b64url((const unsigned char *)claims, strlen(claims), out + a + 1, outn - (size_t)a - 1);
    return b < 0 ? PL_ETOOBIG : a + 1 + b;
}

static int finish(char *out, size_t outn, int len, const unsigned char *sig, size_t siglen)
{
    if ((size_t)len + 2 >= outn)
        return PL_ETOOBIG;
    out[len] = '.';
    int c = push_b64url(sig, siglen, out + len + 1, outn - (size_t)len - 1);
    return c < 0 ? PL_ETOOBIG : PL_OK;
}

int push_jwt_es256(void *key, const char *kid, const char *iss, int64_t iat, char *out, size_t outn)
{
    char header[128], claims[128];
    unsigned char der[128], raw[64];
    size_t derlen = sizeof(der);
    snprintf(header, sizeof(header), "{\"alg\":\"ES256\",\"kid\":\"%s\"}", kid);
    snprintf(claims, sizeof(claims), "{\"iss\":\"%s\",\"iat\":%lld}", iss, (long long)iat);
    int len = start(header, claims, out, outn);
    if (len < 0 || sign(key, out, (size_t)len, der, &derlen) != PL_OK || der_to_raw(der, derlen, raw) != PL_OK)
        return PL_ERR;
    return finish(out, outn, len, raw, 64);
}

int push_jwt_rs256(void *key, const char *kid, const char *iss, const char *scope, const char *aud, int64_t iat, char *out,
                   size_t outn)
{
    char header[256], claims[1024];
    unsigned char sig[1024];
    size_t siglen = sizeof(sig);
    snprintf(header, sizeof(header), "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"%s\"}", kid ? kid : "");
    snprintf(claims, sizeof(claims), "{\"iss\":\"%s\",\"scope\":\"%s\",\"aud\":\"%s\",\"iat\":%lld,\"exp\":%lld}", iss, scope, aud,
             (long long)iat, (long long)(iat + 3600));
    int len = start(header, claims, out, outn);
    if (len < 0 || sign(key, out, (size_t)len, sig, &siglen) != PL_OK)
        return PL_ERR;
    return finish(out, outn, len, sig, siglen);
}

void *push_jwt_load_key_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    return k;
}

void *push_jwt_load_key_pem(const char *pem)
{
    BIO *b = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    return k;
}

void push_jwt_free_key(void *key)
{
    EVP_PKEY_free(key);
}
