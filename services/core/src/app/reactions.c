/* Reactions (app/reactions.h). */
#include "app/reactions.h"

#include <stdio.h>
#include <string.h>

#include "app/permissions.h"
#include "app/posts_access.h"
#include "model/config.h"
#include "parley/id.h"
#include "parley/time.h"
#include "store/channels.h"
#include "store/db.h"
#include "store/posts.h"
#include "store/reactions.h"
#include "ws/publish.h"

/* The live post and its channel, which must not be archived (403 archived_id). */
static int post_in_open_channel(PGconn *db, const char *post_id, const char *archived_id, model_reaction_t *r, app_error_t *e)
{
    model_post_t p;
    model_channel_t c;
    if (app_posts_access_post(db, post_id, false, &p, e) < 0)
        return -1;
    int rc = app_posts_access_channel(db, p.channel_id, &c, e);
    model_post_dispose(&p);
    if (rc < 0)
        return -1;
    snprintf(r->channel_id, sizeof(r->channel_id), "%s", c.id);
    if (c.delete_at != 0)
        rc = app_error_set(e, 403, archived_id, NULL);
    model_channel_dispose(&c);
    return rc;
}

static void publish(const char *event, const model_reaction_t *r)
{
    json_t *j = model_reaction_to_json(r);
    char *txt = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (txt == NULL)
        return;
    ws_broadcast_t bc = {.channel_id = r->channel_id};
    ws_publish(event, json_pack("{s:s}", "reaction", txt), &bc);
    free(txt);
}

static bool reaction_valid(const model_reaction_t *r)
{
    return pl_id_valid(r->user_id, strlen(r->user_id)) && pl_id_valid(r->post_id, strlen(r->post_id)) &&
           model_emoji_name_valid(r->emoji_name);
}

int app_reactions_save(PGconn *db, const app_session_t *s, model_reaction_t *r, app_error_t *e)
{
    if (!reaction_valid(r))
        return app_error_set(e, 400, "api.reaction.save_reaction.invalid.app_error", NULL);
    if (strcmp(r->user_id, s->user_id) != 0)
        return app_error_set(e, 403, "api.reaction.save_reaction.user_id.app_error", NULL);
    if (app_posts_access_require_by_post(db, s, r->post_id, "add_reaction", e) < 0 ||
        post_in_open_channel(db, r->post_id, "api.reaction.save.archived_channel.app_error", r, e) < 0)
        return -1;
    if (!model_emoji_is_system(r->emoji_name))
        return app_error_set(e, 400, "model.reaction.is_valid.emoji_name.app_error", NULL);
    r->update_at = pl_time_ms();
    if (r->create_at <= 0)
        r->create_at = r->update_at;
    r->delete_at = 0;
    int rc = store_reactions_save(db, r, model_config_get()->service.unique_emoji_reaction_limit_per_post);
    if (rc == STORE_ECONFLICT)
        return app_error_set(e, 400, "app.reaction.save.save.too_many_reactions", NULL);
    if (app_error_check_store(e, rc, "app.reaction.save.save.app_error") < 0)
        return -1;
    publish(APP_REACTIONS_EVENT_ADDED, r);
    return 0;
}

int app_reactions_delete(PGconn *db, const app_session_t *s, const char *user_id, const char *post_id, const char *emoji_name,
                         app_error_t *e)
{
    model_reaction_t r;
    memset(&r, 0, sizeof(r));
    if (app_posts_access_id(user_id, "user_id", e) < 0 || app_posts_access_id(post_id, "post_id", e) < 0)
        return -1;
    if (!model_emoji_name_valid(emoji_name))
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "emoji_name");
    if (app_posts_access_require_by_post(db, s, post_id, "remove_reaction", e) < 0)
        return -1;
    if (strcmp(user_id, s->user_id) != 0 && app_permissions_require(db, s, "remove_others_reactions", NULL, NULL, e) < 0)
        return -1;
    if (post_in_open_channel(db, post_id, "api.reaction.delete.archived_channel.app_error", &r, e) < 0)
        return -1;
    snprintf(r.user_id, sizeof(r.user_id), "%s", user_id);
    snprintf(r.post_id, sizeof(r.post_id), "%s", post_id);
    snprintf(r.emoji_name, sizeof(r.emoji_name), "%s", emoji_name);
    int removed = 0;
    int64_t at = pl_time_ms();
    int rc = store_reactions_delete(db, &r, at, &removed);
    if (app_error_check_store(e, rc, "app.reaction.delete_all_with_emoji_name.get_reactions.app_error") < 0)
        return -1;
    r.create_at = r.update_at = r.delete_at = at;
    if (removed)
        publish(APP_REACTIONS_EVENT_REMOVED, &r);
    return 0;
}

int app_reactions_list(PGconn *db, const app_session_t *s, const char *post_id, json_t **out, app_error_t *e)
{
    store_reactions_list_t l;
    if (app_posts_access_id(post_id, "post_id", e) < 0 ||
        app_posts_access_require_by_post(db, s, post_id, "read_channel_content", e) < 0)
        return -1;
    const char *ids[] = {post_id};
    if (app_error_check_store(e, store_reactions_for_posts(db, ids, 1, &l), "app.reaction.get_for_post.app_error") < 0)
        return -1;
    *out = model_reactions_to_json(l.items, l.n);
    store_reactions_list_dispose(&l);
    return 0;
}

int app_reactions_bulk(PGconn *db, const app_session_t *s, const model_post_ids_t *ids, json_t **out, app_error_t *e)
{
    store_reactions_list_t l;
    for (size_t i = 0; i < ids->n; i++)
        if (app_posts_access_require_by_post(db, s, ids->v[i], "read_channel_content", e) < 0)
            return -1;
    if (app_error_check_store(e, store_reactions_for_posts(db, ids->v, ids->n, &l), "app.reaction.get_for_post.app_error") < 0)
        return -1;
    *out = json_object();
    for (size_t i = 0; i < ids->n; i++)
        json_object_set_new(*out, ids->v[i], json_array());
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(json_object_get(*out, l.items[i].post_id), model_reaction_to_json(&l.items[i]));
    store_reactions_list_dispose(&l);
    return 0;
}
