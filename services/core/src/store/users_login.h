#ifndef PARLEY_CORE_STORE_USERS_LOGIN_H
#define PARLEY_CORE_STORE_USERS_LOGIN_H

/*
 * Password login attempts of a user (owner: accounts): users.failed_attempts, the counter behind
 * ServiceSettings.MaximumLoginAttempts. Each attempt is counted as failed before its password is
 * checked, in one UPDATE that also checks the bound, so parallel attempts cannot get past it: at
 * most `max` passwords are checked between two successful logins. store_users_login_record then
 * settles the attempt. Functions return STORE_OK or STORE_E* (store/db.h).
 */

#include <stdbool.h>
#include <stdint.h>
#include <libpq-fe.h>

typedef enum {
    STORE_LOGIN_SUCCEEDED, /* failed_attempts = 0, last_login = now */
    STORE_LOGIN_FAILED,    /* the attempt stays counted; last_failed_login_at = now */
    STORE_LOGIN_ABANDONED, /* the password was not checked (server busy): the attempt is given back */
} store_login_outcome_t;

/**
 * Take one attempt for user id: failed_attempts + 1 unless it has reached max (max <= 0: no bound).
 * @return STORE_OK with *locked false (the attempt is counted) or true (the account is locked or
 *         gone; nothing changed), or another STORE_E*.
 */
int store_users_login_begin(PGconn *db, const char *id, int64_t max, bool *locked);
/** Settle an attempt that store_users_login_begin counted. */
int store_users_login_record(PGconn *db, const char *id, store_login_outcome_t outcome);

#endif
