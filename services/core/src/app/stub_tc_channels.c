/*
 * deleted at merge: the real ones are in tc-members / tc-sidebar.
 * A minimal app_channel_members_add (app/channel_members.h) so that the channels branch links and its
 * tests run alone: the member rows and the hub's channel index, nothing else (no events, no sidebar,
 * no system messages, no rules).
 */
#include "app/channel_members.h"

#include <stdio.h>
#include <string.h>

#include "parley/time.h"
#include "store/channels.h"
#include "store/db.h"
#include "ws/publish.h"

int app_channel_members_add(PGconn *db, const char *actor_id, const model_channel_t *c, const char *const *user_ids, size_t n,
                            int flags, model_channel_member_list_t *out, app_error_t *e)
{
    (void)actor_id;
    (void)flags;
    for (size_t i = 0; i < n; i++) {
        model_channel_member_t m;
        memset(&m, 0, sizeof(m));
        snprintf(m.channel_id, sizeof(m.channel_id), "%s", c->id);
        snprintf(m.user_id, sizeof(m.user_id), "%s", user_ids[i]);
        m.scheme_user = true;
        m.last_update_at = pl_time_ms();
        m.notify_props = model_channel_member_default_notify_props();
        int rc = store_channel_members_insert(db, &m);
        model_channel_member_dispose(&m);
        if (rc != STORE_OK && rc != STORE_EUNIQUE)
            return app_error_from_store(e, rc, "api.channel.add_user.to.channel.failed.app_error", 0);
        ws_member_channel_add(user_ids[i], c->id);
    }
    if (out != NULL)
        memset(out, 0, sizeof(*out));
    return 0;
}
