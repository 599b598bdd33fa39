#ifndef PARLEY_CORE_STORE_MIGRATE_H
#define PARLEY_CORE_STORE_MIGRATE_H

#include <libpq-fe.h>

/*
 * Numbered SQL migrations, embedded in the binary at build time from
 * services/core/migrations/NNNN_name.sql. store_migrate_apply takes pg_advisory_lock, creates
 * schema_migrations if needed, then applies every migration whose version is not recorded, in
 * order, each in its own transaction together with its schema_migrations row. Several cores
 * starting at once serialize on the lock; the first one migrates.
 */

typedef struct store_migration {
    int version;      /* NNNN */
    const char *name; /* "0001_base.sql" */
    const char *sql;
} store_migration_t;

/** @return the embedded migrations sorted by version, and their count in *n. */
const store_migration_t *store_migrate_list(size_t *n);
/** @return PL_OK, or PL_ERR (logged with the failing migration). */
int store_migrate_apply(PGconn *db);

#endif
