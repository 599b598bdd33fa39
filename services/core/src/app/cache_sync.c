#include "app/cache_sync.h"

#include "app/roles_cache.h"
#include "app/session_cache.h"
#include "cluster/cluster.h"
#include "model/config.h"
#include "store/invalidate.h"

static void session_changed(const char *session_id)
{
    app_session_cache_remove_session(session_id);
    cluster_send_invalidate(CLUSTER_INVALIDATE_SESSION, session_id);
}

static void user_changed(const char *user_id)
{
    app_session_cache_remove_user(user_id);
    cluster_send_invalidate(CLUSTER_INVALIDATE_USER, user_id);
}

static void role_changed(const char *role_id)
{
    app_roles_cache_invalidate();
    cluster_send_invalidate(CLUSTER_INVALIDATE_ROLE, role_id);
}

/* From another node: drop locally, never relay. */
static void remote_changed(cluster_invalidate_kind_t kind, const char *id)
{
    if (kind == CLUSTER_INVALIDATE_SESSION)
        app_session_cache_remove_session(id);
    else if (kind == CLUSTER_INVALIDATE_ROLE)
        app_roles_cache_invalidate();
    else
        app_session_cache_remove_user(id);
}

void app_cache_sync_install(void)
{
    const model_config_t *cfg = model_config_get();
    app_session_cache_configure((size_t)cfg->parley.session_cache_size, cfg->service.session_cache_in_minutes * 60 * 1000);
    app_roles_cache_configure((size_t)cfg->parley.roles_cache_size);
    store_invalidate_ops_t ops = {session_changed, user_changed, role_changed};
    store_invalidate_set(&ops);
    cluster_set_invalidate_handler(remote_changed);
}

void app_cache_sync_dispose(void)
{
    app_session_cache_dispose();
    app_roles_cache_dispose();
}
