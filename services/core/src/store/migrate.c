#include "store/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include "parley/err.h"
#include "parley/log.h"
#include "store/db.h"

/* Written by the build (cmake/embed_migrations.cmake), sorted by file name. */
extern const store_migration_t store_migrations_embedded[];
extern const size_t store_migrations_embedded_count;

/* Any constant shared by every core node: "parley" in ASCII. */
#define MIGRATION_LOCK_KEY "7061726c6579"

const store_migration_t *store_migrate_list(size_t *n)
{
    *n = store_migrations_embedded_count;
    return store_migrations_embedded;
}

static int exec_simple(PGconn *db, const char *sql)
{
    PGresult *res = PQexec(db, sql);
    ExecStatusType st = PQresultStatus(res);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        PL_LOG_ERROR("migration statement failed", "error", PQresultErrorMessage(res));
    PQclear(res);
    return ok ? PL_OK : PL_ERR;
}

static int is_applied(PGconn *db, int version, int *applied)
{
    char v[16];
    snprintf(v, sizeof(v), "%d", version);
    const char *params[] = {v};
    PGresult *res = NULL;
    if (store_db_exec(db, "SELECT 1 FROM schema_migrations WHERE version = $1", 1, params, &res) != STORE_OK)
        return PL_ERR;
    *applied = PQntuples(res) > 0;
    PQclear(res);
    return PL_OK;
}

/* One migration and its bookkeeping row in one transaction. */
static int apply_one(PGconn *db, const store_migration_t *m)
{
    char v[16];
    snprintf(v, sizeof(v), "%d", m->version);
    const char *params[] = {v, m->name};
    if (exec_simple(db, "BEGIN") != PL_OK)
        return PL_ERR;
    if (exec_simple(db, m->sql) != PL_OK ||
        store_db_exec(db,
                      "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, "
                      "(extract(epoch from clock_timestamp()) * 1000)::bigint)",
                      2, params, NULL) != STORE_OK) {
        exec_simple(db, "ROLLBACK");
        PL_LOG_ERROR("migration failed", "migration", m->name);
        return PL_ERR;
    }
    if (exec_simple(db, "COMMIT") != PL_OK)
        return PL_ERR;
    PL_LOG_INFO("migration applied", "migration", m->name);
    return PL_OK;
}

int store_migrate_apply(PGconn *db)
{
    int rc = PL_ERR;
    size_t n = 0;
    const store_migration_t *list = store_migrate_list(&n);
    for (size_t i = 1; i < n; i++) {
        if (list[i].version <= list[i - 1].version) {
            PL_LOG_ERROR("two migrations share a number", "migration", list[i].name, "other", list[i - 1].name);
            return PL_EINVAL;
        }
    }
    /* Migrations may legitimately run long (index builds): no statement timeout here. */
    if (exec_simple(db, "SET statement_timeout = 0") != PL_OK)
        return PL_ERR;
    if (exec_simple(db, "SELECT pg_advisory_lock(x'" MIGRATION_LOCK_KEY "'::bigint)") != PL_OK)
        return PL_ERR;
    if (exec_simple(db, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                        "name text NOT NULL, applied_at bigint NOT NULL)") != PL_OK)
        goto Exit;
    for (size_t i = 0; i < n; i++) {
        int applied = 0;
        if (is_applied(db, list[i].version, &applied) != PL_OK)
            goto Exit;
        if (!applied && apply_one(db, &list[i]) != PL_OK)
            goto Exit;
    }
    rc = PL_OK;
Exit:
    exec_simple(db, "SELECT pg_advisory_unlock(x'" MIGRATION_LOCK_KEY "'::bigint)");
    return rc;
}
