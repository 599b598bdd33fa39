/* The WebSocket events of posts (app/posts_events.h). */
#include "app/posts_events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/log.h"
#include "store/channels_stats.h"
#include "store/db.h"
#include "ws/publish.h"

static void publish_post(const char *event, const model_post_t *p, json_t *data)
{
    char *txt = model_post_to_text(p);
    if (txt == NULL) {
        json_decref(data);
        return;
    }
    json_object_set_new(data, "post", json_string(txt));
    free(txt);
    ws_broadcast_t bc = {.channel_id = p->channel_id};
    ws_publish(event, data, &bc);
}

void app_posts_events_edited(const model_post_t *p)
{
    publish_post(APP_POSTS_EVENT_EDITED, p, json_object());
}

void app_posts_events_deleted(const model_post_t *p, const char *by)
{
    json_t *d = json_object();
    if (by != NULL && by[0])
        json_object_set_new(d, "delete_by", json_string(by));
    publish_post(APP_POSTS_EVENT_DELETED, p, d);
}

static json_t *posted_data(const model_post_t *p, const model_channel_t *c, const char *sender_username, bool set_online)
{
    char type[2] = {c->type, '\0'}, sender[80];
    const char *override = json_string_value(json_object_get(p->props, "override_username"));
    bool webhook = json_is_string(json_object_get(p->props, "from_webhook"));
    if (webhook && override && override[0])
        snprintf(sender, sizeof(sender), "%s", override);
    else
        snprintf(sender, sizeof(sender), "@%s", sender_username);
    char *txt = model_post_to_text(p);
    json_t *d = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s}", "channel_type", type, "channel_display_name",
                          c->type == MODEL_CHANNEL_DIRECT ? sender : c->display_name, "channel_name", c->name, "sender_name",
                          sender, "team_id", c->team_id, "set_online", set_online, "post", txt ? txt : "{}");
    free(txt);
    return d;
}

/* One user's copy: user_id narrows it, channel_id keeps the hub's channel check. mentions / followers are the
 * user's own id when they are among them (AddMentionsBroadcastHook / AddFollowersBroadcastHook). */
static void publish_to_user(json_t *base, const char *channel_id, const char *user_id, bool mentioned, bool follower)
{
    json_t *d = json_copy(base);
    char me[PL_ID_LEN + 8];
    snprintf(me, sizeof(me), "[\"%s\"]", user_id);
    if (mentioned)
        json_object_set_new(d, "mentions", json_string(me));
    if (follower)
        json_object_set_new(d, "followers", json_string(me));
    ws_broadcast_t bc = {.user_id = user_id, .channel_id = channel_id};
    ws_publish(APP_POSTS_EVENT_POSTED, d, &bc);
}

static bool follows(const store_threads_followers_t *f, const char *user_id)
{
    for (size_t i = 0; f && i < f->n; i++)
        if (strcmp(f->items[i].user_id, user_id) == 0)
            return true;
    return false;
}

/* More special users than a broadcast can omit: every member gets their own copy. */
static void publish_each(PGconn *db, json_t *base, const model_post_t *p, const app_posts_mentions_t *m,
                         const store_threads_followers_t *f)
{
    char(*ids)[PL_ID_LEN + 1] = NULL;
    size_t n = 0;
    if (store_channels_stats_member_ids(db, p->channel_id, &ids, &n) != STORE_OK) {
        PL_LOG_WARN("posted: channel members not read", "channel_id", p->channel_id);
        return;
    }
    for (size_t i = 0; i < n; i++)
        publish_to_user(base, p->channel_id, ids[i], app_posts_mentions_has(m, ids[i]), follows(f, ids[i]));
    free(ids);
}

/* The users who get their own copy of posted (the rest get the channel's): false when there are too many. */
static bool omit_add(const char **omit, size_t *n, const char *id)
{
    if (*n == WS_BROADCAST_MAX_OMIT)
        return false;
    omit[(*n)++] = id;
    return true;
}

void app_posts_events_posted(PGconn *db, const model_post_t *p, const model_channel_t *c, const char *sender_username,
                             bool set_online, const app_posts_mentions_t *m, const store_threads_followers_t *f)
{
    json_t *base = posted_data(p, c, sender_username, set_online);
    if (base == NULL)
        return;
    const char *omit[WS_BROADCAST_MAX_OMIT];
    size_t n = 0;
    bool fits = true;
    for (size_t i = 0; i < m->n && fits; i++)
        fits = omit_add(omit, &n, m->ids[i]);
    for (size_t i = 0; f && i < f->n && fits; i++)
        if (!app_posts_mentions_has(m, f->items[i].user_id))
            fits = omit_add(omit, &n, f->items[i].user_id);
    if (!fits) {
        publish_each(db, base, p, m, f);
        json_decref(base);
        return;
    }
    for (size_t i = 0; i < n; i++)
        publish_to_user(base, p->channel_id, omit[i], app_posts_mentions_has(m, omit[i]), follows(f, omit[i]));
    ws_broadcast_t bc = {.channel_id = p->channel_id, .omit_users = omit, .omit_users_count = n};
    ws_publish(APP_POSTS_EVENT_POSTED, base, &bc);
}
