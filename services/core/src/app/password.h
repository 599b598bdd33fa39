#ifndef PARLEY_CORE_APP_PASSWORD_H
#define PARLEY_CORE_APP_PASSWORD_H

/*
 * Password hashing (owner: accounts). New hashes are PBKDF2-HMAC-SHA256 (OpenSSL) in the PHC string
 * format current Mattermost writes, so hashes move between the two servers unchanged:
 *
 *     $pbkdf2$f=SHA256,w=<iterations>,l=32$<salt: 16 bytes, base64 without padding>$<key: base64 without padding>
 *
 * The iteration count lives in the string, so hashes made with any count verify.
 * Verification also accepts bcrypt ($2a$, $2b$, $2y$; libxcrypt), the format of older Mattermost data.
 * Both are CPU-heavy (~150 ms at 600k iterations): call only from worker threads.
 */

#include <stdbool.h>
#include <stddef.h>

#define APP_PASSWORD_DEFAULT_ITERATIONS 600000
#define APP_PASSWORD_MIN_ITERATIONS 1000
#define APP_PASSWORD_MAX_ITERATIONS 10000000
#define APP_PASSWORD_MAX_LEN 72   /* bytes, as Mattermost's PasswordMaximumLength */
#define APP_PASSWORD_HASH_MAX 128 /* longest string app_password_hash writes, with the NUL */

typedef struct app_password_rules {
    int min_length; /* PasswordSettings.MinimumLength */
    bool lowercase, uppercase, number, symbol;
} app_password_rules_t;

/**
 * Hash password with a fresh random salt into out (size n >= APP_PASSWORD_HASH_MAX).
 * @return PL_OK; PL_EINVAL (password longer than APP_PASSWORD_MAX_LEN, iterations out of
 *         bounds); PL_ETOOBIG (out too small); PL_ERR (OpenSSL failed).
 */
int app_password_hash(const char *password, int iterations, char *out, size_t n);

/**
 * Compare password with a stored hash (PBKDF2 PHC or bcrypt), in constant time.
 * @return 1 on match, 0 on mismatch (also for an empty, unknown or malformed stored hash).
 */
int app_password_verify(const char *password, const char *stored);

/** The KDF itself: PBKDF2-HMAC-SHA256, 32-byte output (exposed for tests and the benchmark). */
int app_password_pbkdf2_sha256(const char *password, const unsigned char *salt, size_t salt_len, int iterations,
                               unsigned char out[32]);

/** @return 1 when stored should be replaced by a new hash (bcrypt, or another iteration count). */
int app_password_needs_rehash(const char *stored, int iterations);

/**
 * Check password against the rules. @return NULL when it passes, else the AppError id (static):
 * model.user.is_valid.pwd_min_length.app_error, ..._max_length..., or
 * model.user.is_valid.pwd[_lowercase][_uppercase][_number][_symbol].app_error naming the missing
 * classes (Mattermost's ids, status 400).
 */
const char *app_password_check_rules(const app_password_rules_t *rules, const char *password);

#endif
