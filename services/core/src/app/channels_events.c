/* Channel events and the system messages channel changes record (app/channels_internal.h). */
#include "app/channels_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/channels.h"
#include "app/posts_system.h"
#include "app/users.h"
#include "model/user.h"
#include "parley/id.h"
#include "parley/log.h"
#include "parley/time.h"
#include "store/db.h"
#include "ws/publish.h"

void app_channels_events_publish(const char *event, json_t *data, const char *user_id, const char *channel_id, const char *team_id)
{
    ws_broadcast_t bc = {.user_id = user_id, .channel_id = channel_id, .team_id = team_id};
    ws_publish(event, data, &bc);
}

void app_channels_events_updated(const model_channel_t *c)
{
    json_t *j = model_channel_to_json(c);
    char *txt = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (txt == NULL)
        return;
    app_channels_events_publish(APP_CHANNELS_EVENT_UPDATED, json_pack("{s:s}", "channel", txt), NULL, c->id, NULL);
    free(txt);
}

void app_channels_events_username(PGconn *db, const char *user_id, char *out, size_t n)
{
    model_user_t u;
    app_error_t e = {0};
    model_user_init(&u);
    out[0] = '\0';
    if (user_id && user_id[0] && app_users_load(db, user_id, &u, &e) == 0)
        snprintf(out, n, "%s", u.username);
    model_user_dispose(&u);
}

void app_channels_events_record(PGconn *db, const char *channel_id, const char *actor_id, const char *type, const char *message,
                                json_t *props)
{
    char username[MODEL_USER_NAME_MAX + 1];
    app_channels_events_username(db, actor_id, username, sizeof(username));
    if (props == NULL)
        props = json_object();
    json_object_set_new(props, "username", json_string(username));
    app_posts_system_post(db, channel_id, actor_id, type, message, props);
}

/* "<username> <verb>..." as Mattermost's en.json texts (…_message_and_forget.updated_from / updated_to / removed). */
static void change(PGconn *db, const char *actor_id, const char *channel_id, const char *what, const char *type,
                   const char *old_key, const char *new_key, const char *old, const char *now)
{
    char username[MODEL_USER_NAME_MAX + 1];
    app_channels_events_username(db, actor_id, username, sizeof(username));
    size_t n = strlen(old) + strlen(now) + strlen(username) + 128;
    char *msg = malloc(n);
    if (msg == NULL)
        return;
    if (old[0] == '\0')
        snprintf(msg, n, "%s updated the channel %s to: %s", username, what, now);
    else if (now[0] == '\0')
        snprintf(msg, n, "%s removed the channel %s (was: %s)", username, what, old);
    else
        snprintf(msg, n, "%s updated the channel %s from: %s to: %s", username, what, old, now);
    app_channels_events_record(db, channel_id, actor_id, type, msg, json_pack("{s:s,s:s}", old_key, old, new_key, now));
    free(msg);
}

void app_channels_events_changes(PGconn *db, const char *actor_id, const model_channel_t *old, const model_channel_t *now)
{
    if (strcmp(old->display_name, now->display_name) != 0) {
        char username[MODEL_USER_NAME_MAX + 1];
        app_channels_events_username(db, actor_id, username, sizeof(username));
        size_t n = strlen(old->display_name) + strlen(now->display_name) + strlen(username) + 64;
        char *msg = malloc(n);
        if (msg) {
            snprintf(msg, n, "%s updated the channel display name from: %s to: %s", username, old->display_name, now->display_name);
            app_channels_events_record(
                db, now->id, actor_id, "system_displayname_change", msg,
                json_pack("{s:s,s:s}", "old_displayname", old->display_name, "new_displayname", now->display_name));
            free(msg);
        }
    }
    if (strcmp(old->header, now->header) != 0)
        change(db, actor_id, now->id, "header", "system_header_change", "old_header", "new_header", old->header, now->header);
    if (strcmp(old->purpose, now->purpose) != 0)
        change(db, actor_id, now->id, "purpose", "system_purpose_change", "old_purpose", "new_purpose", old->purpose, now->purpose);
}
