#include "store/systems.h"

#include <stdio.h>
#include "store/db.h"

int store_systems_get(PGconn *db, const char *name, char *out, size_t n)
{
    const char *params[] = {name};
    PGresult *res = NULL;
    int rc = store_db_exec(db, "SELECT value FROM systems WHERE name = $1", 1, params, &res);
    if (rc != STORE_OK)
        return rc;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return STORE_ENOTFOUND;
    }
    snprintf(out, n, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return STORE_OK;
}

int store_systems_set(PGconn *db, const char *name, const char *value)
{
    const char *params[] = {name, value};
    return store_db_exec(db,
                         "INSERT INTO systems (name, value) VALUES ($1, $2) "
                         "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
                         2, params, NULL);
}

int store_systems_delete(PGconn *db, const char *name)
{
    const char *params[] = {name};
    return store_db_exec(db, "DELETE FROM systems WHERE name = $1", 1, params, NULL);
}
