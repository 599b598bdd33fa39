#ifndef CORE_APP_PASSWORD_GATE_H
#define CORE_APP_PASSWORD_GATE_H

/*
 * Admission control for password hashing (owner: accounts). A PBKDF2-600k hash costs a core for
 * ~150 ms; a login storm must not take every worker (and core) from the other endpoints. At most
 * ParleySettings.PasswordHashConcurrency hashes run at once (0: cores - 1, at least 1); as many
 * requests again may wait for a slot (up to APP_PASSWORD_GATE_WAIT_MS); beyond that the request
 * is refused at once with 503 api.context.server_busy.app_error, so workers stay free.
 */

#define APP_PASSWORD_GATE_WAIT_MS 5000

/** Take a hashing slot. @return 0, or -1 when busy (the caller answers 503). */
int app_password_gate_enter(void);
void app_password_gate_leave(void);
/** app_password_hash through the gate. @return as app_password_hash, or PL_EAGAIN when busy. */
int app_password_gate_hash(const char *password, int iterations, char *out, unsigned long n);
/** app_password_verify through the gate. @return 1 match, 0 mismatch, -1 busy. */
int app_password_gate_verify(const char *password, const char *stored);
/** @return the number of slots (for tests and benchmarks). */
int app_password_gate_slots(void);

#endif
