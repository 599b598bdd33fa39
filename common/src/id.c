#include "parley/id.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>

static const char id_alphabet[] = "ybndrfg8ejkmcpqxot1uwisza345h769";

void pl_random_bytes(void *buf, size_t n)
{
    if (n > 0 && RAND_bytes(buf, (int)n) != 1) {
        fputs("parley: RAND_bytes failed\n", stderr);
        abort();
    }
}

/* Base32 of 16 bytes, 5 bits at a time from the most significant end: 26 characters. */
void pl_id_new(char out[PL_ID_LEN + 1])
{
    unsigned char raw[16];
    pl_random_bytes(raw, sizeof(raw));
    unsigned acc = 0, bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < sizeof(raw); i++) {
        acc = (acc << 8) | raw[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out[o++] = id_alphabet[(acc >> bits) & 31];
        }
    }
    if (bits > 0)
        out[o++] = id_alphabet[(acc << (5 - bits)) & 31];
    out[o] = '\0';
}

int pl_id_valid(const char *s, size_t len)
{
    if (s == NULL || len != PL_ID_LEN)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!ok)
            return 0;
    }
    return 1;
}
