/* WebSocket events about users (owner: accounts), through the realtime layer's ws/publish.h. */
#include "app/users.h"

#include "model/config.h"
#include "ws/publish.h"

void app_users_emit_new_user(const char *user_id)
{
    ws_broadcast_t everyone = {0};
    ws_publish(WS_EVENT_NEW_USER, json_pack("{s:s}", "user_id", user_id), &everyone);
}

/* user_updated goes to everyone with the copy a non-admin other user may see (object, not a string). */
void app_users_emit_updated(const model_user_t *u)
{
    const model_config_t *cfg = model_config_get();
    unsigned flags = MODEL_USER_SANITIZE_OTHER;
    ws_broadcast_t everyone = {0};
    if (!cfg->privacy.show_email_address)
        flags |= MODEL_USER_HIDE_EMAIL;
    if (!cfg->privacy.show_full_name)
        flags |= MODEL_USER_HIDE_FULLNAME;
    ws_publish(WS_EVENT_USER_UPDATED, json_pack("{s:o}", "user", model_user_to_json(u, flags)), &everyone);
}
