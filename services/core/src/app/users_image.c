/*
 * Default profile images (owner: accounts): a 5x5 mirrored "identicon" in a colour derived from the
 * user id, 128x128 pixels, written as a palette PNG with stored (uncompressed) deflate blocks, so
 * no image library is needed. GET /users/{id}/image always answers with an image.
 */
#include "app/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>
#include <pthread.h>

#include "store/db.h"

#define SIDE 128
#define CELL 20
#define MARGIN 14
#define ROW_BYTES (1 + SIDE) /* filter byte + one palette index per pixel */

static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Append one chunk (length, type, data, crc) at *o. */
static unsigned char *chunk(unsigned char *o, const char *type, const unsigned char *data, size_t n)
{
    put32(o, (uint32_t)n);
    memcpy(o + 4, type, 4);
    if (n)
        memcpy(o + 8, data, n);
    put32(o + 8 + n, crc32_of(o + 4, n + 4));
    return o + 12 + n;
}

static void draw(const unsigned char hash[32], unsigned char *raw)
{
    for (int y = 0; y < SIDE; y++) {
        unsigned char *row = raw + (size_t)y * ROW_BYTES;
        row[0] = 0; /* filter: none */
        for (int x = 0; x < SIDE; x++) {
            int cx = (x - MARGIN) / CELL, cy = (y - MARGIN) / CELL, on = 0;
            if (x >= MARGIN && y >= MARGIN && cx < 5 && cy < 5) {
                int col = cx < 3 ? cx : 4 - cx; /* mirrored */
                on = (hash[cy * 3 + col] & 1) != 0;
            }
            row[1 + x] = (unsigned char)on;
        }
    }
}

/* zlib stream of raw with stored blocks (max 65535 bytes each), then Adler-32. */
static size_t zlib_stored(const unsigned char *raw, size_t n, unsigned char *out)
{
    size_t o = 0;
    uint32_t a = 1, b = 0;
    out[o++] = 0x78, out[o++] = 0x01;
    for (size_t off = 0; off < n;) {
        size_t len = n - off > 65535 ? 65535 : n - off;
        out[o++] = off + len == n ? 1 : 0;
        out[o++] = (unsigned char)len, out[o++] = (unsigned char)(len >> 8);
        out[o++] = (unsigned char)~len, out[o++] = (unsigned char)(~len >> 8);
        memcpy(out + o, raw + off, len);
        o += len, off += len;
    }
    for (size_t i = 0; i < n; i++)
        a = (a + raw[i]) % 65521, b = (b + a) % 65521;
    put32(out + o, (b << 16) | a);
    return o + 4;
}

int app_users_avatar_png(const char *user_id, unsigned char **png, size_t *len)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char hash[32], ihdr[13] = {0}, plte[6];
    size_t raw_n = (size_t)SIDE * ROW_BYTES, z_cap = raw_n + raw_n / 65535 * 5 + 16;
    unsigned char *raw = malloc(raw_n), *z = malloc(z_cap), *out = malloc(z_cap + 128);
    int ret = -1;
    if (!raw || !z || !out)
        goto Exit;
    pthread_once(&crc_once, crc_init);
    SHA256((const unsigned char *)user_id, strlen(user_id), hash);
    draw(hash, raw);
    put32(ihdr, SIDE), put32(ihdr + 4, SIDE);
    ihdr[8] = 8, ihdr[9] = 3; /* 8-bit palette */
    plte[0] = 0xF0, plte[1] = 0xF0, plte[2] = 0xF0;
    plte[3] = (unsigned char)(hash[29] | 0x30), plte[4] = (unsigned char)(hash[30] & 0xC0);
    plte[5] = (unsigned char)(hash[31] | 0x40);
    size_t zn = zlib_stored(raw, raw_n, z);
    unsigned char *o = out;
    memcpy(o, sig, 8), o += 8;
    o = chunk(o, "IHDR", ihdr, sizeof(ihdr));
    o = chunk(o, "PLTE", plte, sizeof(plte));
    o = chunk(o, "IDAT", z, zn);
    o = chunk(o, "IEND", NULL, 0);
    *len = (size_t)(o - out), *png = out, out = NULL;
    ret = 0;
Exit:
    free(raw), free(z), free(out);
    return ret;
}

int app_users_image(PGconn *db, const char *user_id, unsigned char **png, size_t *len, char etag[64], app_error_t *e)
{
    model_user_t u;
    model_user_init(&u);
    int rc = app_users_load(db, user_id, &u, e);
    if (rc == 0) {
        snprintf(etag, 64, "%lld", (long long)u.last_picture_update);
        if (app_users_avatar_png(u.id, png, len) < 0)
            rc = app_error_set(e, 500, "api.user.get_profile_image.app_error", NULL);
    }
    model_user_dispose(&u);
    return rc;
}
