#include "app/channel_members_view.h"

#include <stdlib.h>

#include "app/permissions.h"
#include "model/config.h"
#include "parley/time.h"
#include "store/channel_members_view.h"
#include "store/db.h"
#include "ws/publish.h"

/* multiple_channels_viewed is sent when ServiceSettings.EnableChannelViewedMessages is on (default). */

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
    int rc = store_channel_members_view(db, user_id, ids, n, pl_time_ms(), &v, &nv);
    if (rc != STORE_OK) {
        json_decref(*times);
        *times = NULL;
        return app_error_from_store(e, rc, "app.channel.update_last_viewed_at.app_error", 0);
    }
    for (size_t i = 0; i < nv; i++)
        json_object_set_new(*times, v[i].channel_id, json_integer(v[i].last_viewed_at));
    free(v);
    if (nv > 0 && model_config_get()->service.enable_channel_viewed_messages) {
        ws_broadcast_t me = {.user_id = user_id};
        ws_publish(APP_CHANNEL_MEMBERS_EVENT_CHANNELS_VIEWED, json_pack("{s:O}", "channel_times", *times), &me);
    }
    return 0;
}
