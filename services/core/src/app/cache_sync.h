#ifndef PARLEY_CORE_APP_CACHE_SYNC_H
#define PARLEY_CORE_APP_CACHE_SYNC_H

/*
 * Keeping the caches right (owner: accounts): store/ reports every write of a sessions, users or
 * roles row (store/invalidate.h); this drops the entries concerned from the local session cache
 * (or the roles cache, app/roles_cache.h) and tells the other nodes over the cluster bus
 * (cluster_send_invalidate), whose caches drop them too when the message arrives.
 */

/** Install the store hooks and the cluster receiver, and size the session cache from the config
 *  (ServiceSettings.SessionCacheInMinutes, ParleySettings.SessionCacheSize) and the roles
 *  cache (ParleySettings.RolesCacheSize). Before the server starts. */
void app_cache_sync_install(void);
/** Release the cache (at shutdown). */
void app_cache_sync_dispose(void);

#endif
