#include "store/users_login.h"

#include <stdio.h>

#include "parley/time.h"
#include "store/db.h"

int store_users_login_begin(PGconn *db, const char *id, int64_t max, bool *locked)
{
    char bound[24];
    snprintf(bound, sizeof(bound), "%lld", (long long)max);
    const char *p[] = {id, bound};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "UPDATE users SET failed_attempts = failed_attempts + 1 "
                           "WHERE id = $1 AND ($2::bigint <= 0 OR failed_attempts < $2::bigint) RETURNING failed_attempts",
                           2, p, &res);
    if (rc == STORE_OK)
        *locked = PQntuples(res) == 0;
    PQclear(res);
    return rc;
}

static const char *const SETTLE[] = {
    [STORE_LOGIN_SUCCEEDED] = "UPDATE users SET failed_attempts = 0, last_login = $2::bigint WHERE id = $1",
    [STORE_LOGIN_FAILED] = "UPDATE users SET last_failed_login_at = $2::bigint WHERE id = $1",
    [STORE_LOGIN_ABANDONED] = "UPDATE users SET failed_attempts = greatest(failed_attempts - 1, 0) WHERE id = $1",
};

int store_users_login_record(PGconn *db, const char *id, store_login_outcome_t outcome)
{
    char now[24];
    snprintf(now, sizeof(now), "%lld", (long long)pl_time_ms());
    const char *p[] = {id, now};
    if ((unsigned)outcome >= sizeof(SETTLE) / sizeof(SETTLE[0]))
        return STORE_EINVAL;
    return store_db_exec(db, SETTLE[outcome], outcome == STORE_LOGIN_ABANDONED ? 1 : 2, p, NULL);
}
