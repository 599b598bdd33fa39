#include "store/session_expiry.h"

#include <stdlib.h>
#include "store/db.h"

int store_session_expiry_get(PGconn *db, const char *session_id, int64_t *expires_at)
{
    PGresult *res = NULL;
    int rc = store_db_exec(db, "SELECT expires_at FROM sessions WHERE id = $1", 1, &session_id, &res);
    if (rc == STORE_OK && PQntuples(res) != 1)
        rc = STORE_ENOTFOUND;
    if (rc == STORE_OK)
        *expires_at = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return rc;
}
