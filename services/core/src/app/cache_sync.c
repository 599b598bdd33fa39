#include "app/cache_sync.h"

#include "app/change_stamps.h"
#include "app/roles_cache.h"
#include "app/session_cache.h"
#include "app/view_cache.h"
#include "cluster/cluster.h"
#include "model/config.h"
#include "store/invalidate.h"

static void session_changed(const char *session_id)
{
    app_session_cache_remove_session(session_id);
    cluster_send_invalidate(CLUSTER_INVALIDATE_SESSION, session_id);
}

/* A user row (roles, deactivation) also decides what their cached views may show. */
static void user_drop(const char *user_id)
{
    app_session_cache_remove_user(user_id);
    app_change_stamps_bump(APP_STAMP_MEMBER, user_id);
}

static void user_changed(const char *user_id)
{
    user_drop(user_id);
    cluster_send_invalidate(CLUSTER_INVALIDATE_USER, user_id);
}

/* Permissions changed: every cached view was allowed under the old ones. */
static void role_drop(void)
{
    app_roles_cache_invalidate();
    app_change_stamps_bump_all();
}

static void role_changed(const char *role_id)
{
    role_drop();
    cluster_send_invalidate(CLUSTER_INVALIDATE_ROLE, role_id);
}

static void channel_changed(const char *channel_id)
{
    app_change_stamps_bump(APP_STAMP_CHANNEL, channel_id);
    cluster_send_invalidate(CLUSTER_INVALIDATE_CHANNEL, channel_id);
}

static void team_changed(const char *team_id)
{
    app_change_stamps_bump(APP_STAMP_TEAM, team_id);
    cluster_send_invalidate(CLUSTER_INVALIDATE_TEAM, team_id);
}

static void member_changed(const char *user_id)
{
    app_change_stamps_bump(APP_STAMP_MEMBER, user_id);
    cluster_send_invalidate(CLUSTER_INVALIDATE_MEMBER, user_id);
}

static void member_counts_changed(const char *user_id)
{
    app_change_stamps_bump(APP_STAMP_MEMBER_COUNTS, user_id);
    cluster_send_invalidate(CLUSTER_INVALIDATE_MEMBER_COUNTS, user_id);
}

static void all_changed(void)
{
    app_change_stamps_bump_all();
    cluster_send_invalidate(CLUSTER_INVALIDATE_VIEWS_ALL, cluster_node_id());
}

/* From another node: drop locally, never relay. */
static void remote_changed(cluster_invalidate_kind_t kind, const char *id)
{
    switch (kind) {
    case CLUSTER_INVALIDATE_SESSION:
        app_session_cache_remove_session(id);
        break;
    case CLUSTER_INVALIDATE_ROLE:
        role_drop();
        break;
    case CLUSTER_INVALIDATE_CHANNEL:
        app_change_stamps_bump(APP_STAMP_CHANNEL, id);
        break;
    case CLUSTER_INVALIDATE_TEAM:
        app_change_stamps_bump(APP_STAMP_TEAM, id);
        break;
    case CLUSTER_INVALIDATE_MEMBER:
        app_change_stamps_bump(APP_STAMP_MEMBER, id);
        break;
    case CLUSTER_INVALIDATE_MEMBER_COUNTS:
        app_change_stamps_bump(APP_STAMP_MEMBER_COUNTS, id);
        break;
    case CLUSTER_INVALIDATE_VIEWS_ALL:
        app_change_stamps_bump_all();
        break;
    default:
        user_drop(id);
    }
}

void app_cache_sync_install(void)
{
    const model_config_t *cfg = model_config_get();
    app_session_cache_configure((size_t)cfg->parley.session_cache_size, cfg->service.session_cache_in_minutes * 60 * 1000);
    app_roles_cache_configure((size_t)cfg->parley.roles_cache_size);
    app_view_cache_configure((size_t)cfg->parley.view_cache_size << 20);
    store_invalidate_ops_t ops = {session_changed, user_changed,   role_changed,          channel_changed,
                                  team_changed,    member_changed, member_counts_changed, all_changed};
    store_invalidate_set(&ops);
    cluster_set_invalidate_handler(remote_changed);
}

void app_cache_sync_dispose(void)
{
    app_session_cache_dispose();
    app_roles_cache_dispose();
    app_view_cache_dispose();
}
