#ifndef PARLEY_CORE_APP_ROLES_CACHE_H
#define PARLEY_CORE_APP_ROLES_CACHE_H

/*
 * The roles cache (owner: tc-base): every permission check evaluates role rows (app/permissions.c);
 * this keeps the whole roles table in memory so that a check costs no database round trip for
 * roles. Loaded on first use (after app_roles_seed_ensure), dropped whenever a role row is written:
 * store/roles.c reports it (store_invalidate_role), app/cache_sync.c drops the snapshot here and
 * tells the other nodes over the cluster bus (CLUSTER_INVALIDATE_ROLE), which drop theirs. Bounded:
 * a table of more than ParleySettings.RolesCacheSize rows (default APP_ROLES_CACHE_MAX; 0: off) is
 * not cached (the checks then query the roles they need). Thread-safe (a read-write lock;
 * evaluation runs under the read lock).
 */

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/role.h"

#define APP_ROLES_CACHE_MAX 1024
/** app_roles_cache_eval: the table is too big to cache (ask the store for the roles needed). */
#define APP_ROLES_CACHE_UNCACHED 2

/** Evaluates something over every role row (roles[0..n)); its result is passed through (>= 0). */
typedef int (*app_roles_cache_fn)(const model_role_t *roles, size_t n, void *arg);

/**
 * Run fn over the cached roles (loading them when needed).
 * @return fn's result (0 or 1), APP_ROLES_CACHE_UNCACHED, or a negative STORE_* code (load failed).
 */
int app_roles_cache_eval(PGconn *db, app_roles_cache_fn fn, void *arg);
/** The most rows cached (ParleySettings.RolesCacheSize; 0 disables). Drops the snapshot. */
void app_roles_cache_configure(size_t max_rows);
/** Drop the snapshot (a role row changed here or on another node). Any thread. */
void app_roles_cache_invalidate(void);
/** Loads from the store since start (tests and metrics: a check served from memory adds none). */
uint64_t app_roles_cache_loads(void);
/** Release the snapshot (at shutdown). */
void app_roles_cache_dispose(void);

#endif
