/* Deterministic randomness for the sample data: xoshiro256** seeded through splitmix64 from
 * (seed, stream, index), so every entity has its own stream and can be recomputed alone. */
#include <stdlib.h>
#include <string.h>

#include "app/sampledata_internal.h"

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void app_sampledata_rand_seed(sd_rng_t *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    uint64_t x = seed * 0xd1342543de82ef95ULL + 1;
    x ^= splitmix(&x) + stream * 0x632be59bd9b4e019ULL;
    x ^= splitmix(&x) + index * 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t app_sampledata_rand_next(sd_rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

uint32_t app_sampledata_rand_below(sd_rng_t *r, uint32_t n)
{
    return (uint32_t)(((app_sampledata_rand_next(r) >> 32) * (uint64_t)n) >> 32);
}

double app_sampledata_rand_unit(sd_rng_t *r)
{
    return (double)(app_sampledata_rand_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

void app_sampledata_rand_id(sd_rng_t *r, char out[PL_ID_LEN + 1])
{
    static const char alphabet[] = "ybndrfg8ejkmcpqxot1uwisza345h769";
    unsigned char b[16];
    uint64_t a = app_sampledata_rand_next(r), c = app_sampledata_rand_next(r);
    memcpy(b, &a, 8);
    memcpy(b + 8, &c, 8);
    /* base32 of 16 bytes, big-endian bit order, no padding: 25 full characters and one of 3 bits */
    unsigned bits = 0, acc = 0;
    int n = 0;
    for (int i = 0; i < 16; i++) {
        acc = (acc << 8) | b[i];
        bits += 8;
        while (bits >= 5) {
            out[n++] = alphabet[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    out[n++] = alphabet[(acc << (5 - bits)) & 31];
    out[n] = '\0';
}

void app_sampledata_rand_entity_id(uint64_t seed, uint64_t stream, uint64_t index, char out[PL_ID_LEN + 1])
{
    sd_rng_t r;
    app_sampledata_rand_seed(&r, seed, stream + 0x1000, index);
    app_sampledata_rand_id(&r, out);
}

void app_sampledata_rand_zipf_init(sd_zipf_t *z, size_t n)
{
    z->n = n;
    z->cdf = malloc((n ? n : 1) * sizeof(*z->cdf));
    if (z->cdf == NULL)
        abort();
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += 1.0 / (double)(i + 1);
        z->cdf[i] = sum;
    }
    for (size_t i = 0; i < n; i++)
        z->cdf[i] /= sum;
}

size_t app_sampledata_rand_zipf_draw(const sd_zipf_t *z, sd_rng_t *r)
{
    if (z->n == 0)
        return 0;
    double u = app_sampledata_rand_unit(r);
    size_t lo = 0, hi = z->n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (z->cdf[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

void app_sampledata_rand_zipf_dispose(sd_zipf_t *z)
{
    free(z->cdf);
    z->cdf = NULL;
    z->n = 0;
}
