/* Ephemeral posts (app/posts.h): shown to one user, never stored (Mattermost's SendEphemeralPost). */
#include "app/posts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/permissions.h"
#include "app/posts_access.h"
#include "app/posts_events.h"
#include "parley/id.h"
#include "parley/time.h"
#include "ws/publish.h"

void app_posts_ephemeral_send(const char *user_id, model_post_t *p)
{
    if (p->id[0] == '\0')
        pl_id_new(p->id);
    p->create_at = p->create_at ? p->create_at : pl_time_ms();
    p->update_at = p->create_at;
    snprintf(p->type, sizeof(p->type), "%s", "system_ephemeral");
    char *txt = model_post_to_text(p);
    if (txt == NULL)
        return;
    ws_broadcast_t bc = {.user_id = user_id, .channel_id = p->channel_id};
    ws_publish(APP_POSTS_EVENT_EPHEMERAL, json_pack("{s:s}", "post", txt), &bc);
    free(txt);
}

int app_posts_ephemeral(PGconn *db, const app_session_t *s, const char *user_id, const model_post_body_t *in, model_post_t *out,
                        app_error_t *e)
{
    if (app_permissions_require(db, s, "create_post_ephemeral", NULL, NULL, e) < 0)
        return -1;
    if (user_id == NULL || !pl_id_valid(user_id, strlen(user_id)))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "user_id");
    if (in->channel_id == NULL || !pl_id_valid(in->channel_id, strlen(in->channel_id)))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "channel_id");
    if (in->message == NULL || in->message[0] == '\0')
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "message");
    model_post_init(out);
    snprintf(out->user_id, sizeof(out->user_id), "%s", s->user_id);
    snprintf(out->channel_id, sizeof(out->channel_id), "%s", in->channel_id);
    snprintf(out->root_id, sizeof(out->root_id), "%s", in->root_id ? in->root_id : "");
    model_post_set_message(out, in->message);
    if (in->props) {
        json_decref(out->props);
        out->props = json_deep_copy(in->props);
    }
    app_posts_ephemeral_send(user_id, out);
    return 0;
}
