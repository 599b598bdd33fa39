#include "app/channel_members_view.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/permissions.h"
#include "app/view_cache.h"
#include "model/config.h"
#include "store/channel_members_view.h"
#include "store/db.h"
#include "ws/publish.h"

/* multiple_channels_viewed is sent when ServiceSettings.EnableChannelViewedMessages is on (default). */
static void announce(const char *user_id, json_t *times)
{
    if (json_object_size(times) == 0 || !model_config_get()->service.enable_channel_viewed_messages)
        return;
    ws_broadcast_t me = {.user_id = user_id};
    ws_publish(APP_CHANNEL_MEMBERS_EVENT_CHANNELS_VIEWED, json_pack("{s:O}", "channel_times", times), &me);
}

/* Fully read as of built, until the channel or the user's memberships change. */
static void remember(const char *user_id, const store_channel_viewed_t *v, uint64_t built)
{
    char body[24];
    app_view_deps_t deps = {0};
    app_view_deps_add(&deps, APP_STAMP_CHANNEL, v->channel_id);
    app_view_deps_add(&deps, APP_STAMP_MEMBER, user_id);
    int n = snprintf(body, sizeof(body), "%" PRId64, v->last_viewed_at);
    app_view_cache_put(APP_VIEW_READ_STATE, user_id, v->channel_id, built, &deps, body, (size_t)n, NULL);
    app_view_deps_dispose(&deps);
}

int app_channel_members_view(PGconn *db, const app_session_t *s, const char *user_id, const char *const *ids, size_t n,
                             json_t **times, app_error_t *e)
{
    *times = NULL;
    if (app_permissions_can_edit_user(db, s, user_id, e) < 0)
        return -1;
    *times = json_object();
    if (n == 0)
        return 0;
    store_channel_viewed_t *v = NULL;
    size_t nv = 0;
    uint64_t built = app_view_cache_stamp();
    int rc = store_channel_members_view(db, user_id, ids, n, &v, &nv);
    if (rc != STORE_OK) {
        json_decref(*times);
        *times = NULL;
        return app_error_from_store(e, rc, "app.channel.update_last_viewed_at.app_error", 0);
    }
    for (size_t i = 0; i < nv; i++) {
        json_object_set_new(*times, v[i].channel_id, json_integer(v[i].last_viewed_at));
        remember(user_id, &v[i], built);
    }
    free(v);
    announce(user_id, *times);
    return 0;
}

static char *copy_out(void *ctx, const char *p, size_t n)
{
    char *dst = ctx;
    snprintf(dst, 24, "%.*s", (int)(n < 23 ? n : 23), p);
    return dst;
}

bool app_channel_members_view_cached(const char *user_id, const char *const *ids, size_t n, json_t **times)
{
    char at[2][24];
    const char *body;
    size_t len;
    if (n == 0 || n > 2)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!app_view_cache_get(APP_VIEW_READ_STATE, user_id, ids[i], copy_out, at[i], &body, &len, NULL))
            return false;
    *times = json_object();
    for (size_t i = 0; i < n; i++)
        json_object_set_new(*times, ids[i], json_integer(strtoll(at[i], NULL, 10)));
    announce(user_id, *times);
    return true;
}
