#ifndef PARLEY_CORE_APP_PASSWORD_GATE_H
#define PARLEY_CORE_APP_PASSWORD_GATE_H

/*
 * Where password hashes are computed (owner: accounts). A PBKDF2-600k hash costs a core for about
 * half a second; a login storm must not take the workers or the cores from the other endpoints.
 * Hashes run on ParleySettings.PasswordHashConcurrency dedicated threads (0: cores - 1, at least 1)
 * in the SCHED_IDLE CPU class (nice +10 where that is refused), so every other request preempts
 * them: logins use the CPU the rest of the server leaves over. The calling worker sleeps until its
 * hash is done. At most as many hashes again may wait; beyond that the request is
 * refused at once (the caller answers 503 api.context.server_busy.app_error).
 */

/** app_password_hash on a hashing thread. @return as app_password_hash, or PL_EAGAIN when busy. */
int app_password_gate_hash(const char *password, int iterations, char *out, unsigned long n);
/** app_password_verify on a hashing thread. @return 1 match, 0 mismatch, -1 busy. */
int app_password_gate_verify(const char *password, const char *stored);
/** @return the number of hashing threads. */
int app_password_gate_slots(void);

#endif
