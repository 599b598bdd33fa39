#ifndef PARLEY_ID_H
#define PARLEY_ID_H

#include <stddef.h>

#define PL_ID_LEN 26

/**
 * Fill out with a new Mattermost id: 16 random bytes (OpenSSL RAND_bytes) base32-encoded with the
 * alphabet "ybndrfg8ejkmcpqxot1uwisza345h769", no padding, 26 characters, NUL-terminated.
 */
void pl_id_new(char out[PL_ID_LEN + 1]);
/** @return 1 when s[0..len) is a valid id: exactly 26 ASCII letters or digits. */
int pl_id_valid(const char *s, size_t len);
/** Fill buf with n cryptographically random bytes; aborts if the RNG fails. */
void pl_random_bytes(void *buf, size_t n);

#endif
