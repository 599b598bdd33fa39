#include "store/preferences.h"

#include "store/db.h"

int store_preferences_get(PGconn *db, const char *user_id, const char *category, const char *name, json_t **out)
{
    const char *p[] = {user_id, category, name};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "SELECT user_id, category, name, value FROM preferences WHERE user_id = $1 AND ($2::text "
                           "IS NULL OR category = $2) AND ($3::text IS NULL OR name = $3) ORDER BY category, name",
                           3, p, &res);
    if (rc == STORE_OK) {
        *out = json_array();
        for (int i = 0; i < PQntuples(res); i++)
            json_array_append_new(*out, model_preference_to_json(PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
                                                                 PQgetvalue(res, i, 2), PQgetvalue(res, i, 3)));
    }
    PQclear(res);
    return rc;
}

static int run_batch(PGconn *db, const char *sql, int nparams, const model_preference_t *prefs, size_t n)
{
    int rc = store_db_begin(db);
    for (size_t i = 0; rc == STORE_OK && i < n; i++) {
        const char *p[] = {prefs[i].user_id, prefs[i].category, prefs[i].name, prefs[i].value};
        rc = store_db_exec(db, sql, nparams, p, NULL);
    }
    if (rc == STORE_OK)
        return store_db_commit(db);
    store_db_rollback(db);
    return rc;
}

int store_preferences_save(PGconn *db, const model_preference_t *prefs, size_t n)
{
    return run_batch(db,
                     "INSERT INTO preferences (user_id, category, name, value) VALUES ($1, $2, $3, $4) ON CONFLICT "
                     "(user_id, category, name) DO UPDATE SET value = EXCLUDED.value",
                     4, prefs, n);
}

int store_preferences_delete(PGconn *db, const model_preference_t *prefs, size_t n)
{
    return run_batch(db, "DELETE FROM preferences WHERE user_id = $1 AND category = $2 AND name = $3", 3, prefs, n);
}
