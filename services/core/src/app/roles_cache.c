#include "app/roles_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include "app/roles_seed.h"
#include "store/db.h"
#include "store/roles.h"

static pthread_rwlock_t g_lock = PTHREAD_RWLOCK_INITIALIZER;
static store_role_list_t g_roles; /* under g_lock */
static bool g_loaded, g_too_big;  /* under g_lock */
static _Atomic uint64_t g_generation, g_loads;
static _Atomic size_t g_max = APP_ROLES_CACHE_MAX;

/* Read the table and install it, unless an invalidation happened meanwhile (then it is only dropped).
 * @return STORE_OK, a STORE_* failure, or APP_ROLES_CACHE_UNCACHED when the seeding has not succeeded. */
static int load(PGconn *db)
{
    store_role_list_t l;
    uint64_t gen = atomic_load(&g_generation);
    if (atomic_load(&g_max) == 0) { /* off: remember it without reading the table */
        pthread_rwlock_wrlock(&g_lock);
        g_loaded = g_too_big = true;
        pthread_rwlock_unlock(&g_lock);
        return STORE_OK;
    }
    app_roles_seed_ensure(db);
    if (!app_roles_seed_done())
        return APP_ROLES_CACHE_UNCACHED; /* the built-in roles may be missing: cache nothing yet */
    int rc = store_roles_get_all(db, &l);
    if (rc != STORE_OK)
        return rc;
    atomic_fetch_add(&g_loads, 1);
    pthread_rwlock_wrlock(&g_lock);
    if (!g_loaded && atomic_load(&g_generation) == gen) {
        g_too_big = l.n > atomic_load(&g_max);
        if (!g_too_big)
            g_roles = l, l.n = 0, l.items = NULL, l.perm_bufs = NULL;
        g_loaded = true;
    }
    pthread_rwlock_unlock(&g_lock);
    store_role_list_dispose(&l);
    return STORE_OK;
}

/* fn over the snapshot under the read lock; -1 when there is none. */
static int eval_loaded(app_roles_cache_fn fn, void *arg)
{
    int rc = -1;
    pthread_rwlock_rdlock(&g_lock);
    if (g_loaded)
        rc = g_too_big ? APP_ROLES_CACHE_UNCACHED : fn(g_roles.items, g_roles.n, arg);
    pthread_rwlock_unlock(&g_lock);
    return rc;
}

int app_roles_cache_eval(PGconn *db, app_roles_cache_fn fn, void *arg)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        int rc = eval_loaded(fn, arg);
        if (rc >= 0)
            return rc;
        if ((rc = load(db)) != STORE_OK)
            return rc; /* a STORE_* failure, or APP_ROLES_CACHE_UNCACHED (not seeded yet) */
    }
    return APP_ROLES_CACHE_UNCACHED; /* invalidated under our feet each time: let the caller query */
}

void app_roles_cache_configure(size_t max_rows)
{
    atomic_store(&g_max, max_rows);
    app_roles_cache_invalidate();
}

void app_roles_cache_invalidate(void)
{
    pthread_rwlock_wrlock(&g_lock);
    atomic_fetch_add(&g_generation, 1);
    store_role_list_dispose(&g_roles);
    g_loaded = g_too_big = false;
    pthread_rwlock_unlock(&g_lock);
}

uint64_t app_roles_cache_loads(void)
{
    return atomic_load(&g_loads);
}

void app_roles_cache_dispose(void)
{
    app_roles_cache_invalidate();
}
