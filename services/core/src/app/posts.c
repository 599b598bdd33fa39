/* Creating, reading, editing and deleting posts (app/posts.h). */
#include "app/posts.h"

#include <stdio.h>
#include <string.h>

#include "app/permissions.h"
#include "app/posts_access.h"
#include "app/posts_events.h"
#include "app/posts_save.h"
#include "app/status.h"
#include "app/users.h"
#include "model/config.h"
#include "model/user.h"
#include "parley/id.h"
#include "parley/time.h"
#include "store/channels.h"
#include "store/db.h"
#include "store/posts.h"

/* createPost: create_post in the channel, or create_post_public in the team of an open channel. */
static int may_create(PGconn *db, const app_session_t *s, const model_channel_t *c, const app_permissions_scope_t *sc,
                      app_error_t *e)
{
    int ok = app_permissions_scope_has(db, sc, "create_post", e);
    if (ok == 0 && c->type == MODEL_CHANNEL_OPEN)
        ok = app_permissions_has(db, s, "create_post_public", c->team_id, NULL, e);
    if (ok < 0)
        return -1;
    return ok ? 0 : app_error_set(e, 403, "api.context.permissions.app_error", "create_post");
}

/* The thread a reply joins: its root exists, is not deleted, is in the same channel and is not a reply. */
static int check_root(PGconn *db, const model_post_t *p, app_error_t *e)
{
    model_post_t root;
    if (!pl_id_valid(p->root_id, strlen(p->root_id)))
        return app_error_set(e, 400, "api.post.create_post.root_id.app_error", NULL);
    int rc = store_posts_get(db, p->root_id, false, &root);
    if (rc != STORE_OK) {
        model_post_dispose(&root);
        return rc == STORE_ENOTFOUND ? app_error_set(e, 400, "api.post.create_post.root_id.app_error", NULL)
                                     : app_error_from_store(e, rc, "api.post.create_post.root_id.app_error", 0);
    }
    rc = strcmp(root.channel_id, p->channel_id) != 0 ? app_error_set(e, 400, "api.post.create_post.channel_root_id.app_error", NULL)
         : root.root_id[0]                           ? app_error_set(e, 400, "api.post.create_post.root_id.app_error", NULL)
                                                     : 0;
    model_post_dispose(&root);
    return rc;
}

static void priority_from(model_post_t *p, const json_t *pr)
{
    if (pr == NULL)
        return;
    const char *v = json_string_value(json_object_get(pr, "priority"));
    snprintf(p->priority, sizeof(p->priority), "%s", v ? v : "");
    json_t *ack = json_object_get(pr, "requested_ack"), *pers = json_object_get(pr, "persistent_notifications");
    p->requested_ack = json_is_boolean(ack) ? json_is_true(ack) : -1;
    p->persistent_notifications = json_is_boolean(pers) ? json_is_true(pers) : -1;
}

/* The new post from the body: the server's fields set, SanitizeInput's props dropped. */
static void build(model_post_t *p, const app_session_t *s, const model_post_body_t *in)
{
    model_post_init(p);
    pl_id_new(p->id);
    p->create_at = p->update_at = pl_time_ms();
    snprintf(p->user_id, sizeof(p->user_id), "%s", s->user_id);
    snprintf(p->channel_id, sizeof(p->channel_id), "%s", in->channel_id ? in->channel_id : "");
    snprintf(p->root_id, sizeof(p->root_id), "%s", in->root_id ? in->root_id : "");
    snprintf(p->type, sizeof(p->type), "%s", in->type ? in->type : "");
    snprintf(p->pending_post_id, sizeof(p->pending_post_id), "%s", in->pending_post_id ? in->pending_post_id : "");
    model_post_set_message(p, in->message ? in->message : "");
    if (in->props) {
        json_decref(p->props);
        p->props = json_deep_copy(in->props);
        json_object_del(p->props, "add_channel_member");
        json_object_del(p->props, "from_bot");
        json_object_del(p->props, "from_oauth_app");
        json_object_del(p->props, "from_plugin");
    }
    if (in->file_ids) {
        json_decref(p->file_ids);
        p->file_ids = json_deep_copy(in->file_ids);
    }
    if (s->is_bot)
        json_object_set_new(p->props, "from_bot", json_string("true"));
    priority_from(p, in->priority);
}

/* postPriorityCheck: metadata.priority needs ServiceSettings.PostPriority, a root post, and for acknowledgements or
 * persistent notifications a Professional license (Parley is unlicensed). */
static int check_priority(const model_post_body_t *in, app_error_t *e)
{
    if (in->priority == NULL)
        return 0;
    if (!model_config_get()->service.post_priority)
        return app_error_set(e, 403, "api.post.post_priority.priority_post_not_allowed_for_user.request_error", NULL);
    if (in->root_id && in->root_id[0])
        return app_error_set(e, 400, "api.post.post_priority.priority_post_only_allowed_for_root_post.request_error", NULL);
    if (json_is_true(json_object_get(in->priority, "requested_ack")) ||
        json_is_true(json_object_get(in->priority, "persistent_notifications")))
        return app_error_set(e, 501, "api.license_error", "license is neither professional nor enterprise");
    return 0;
}

static int check_create(PGconn *db, const app_session_t *s, const model_post_body_t *in, model_channel_t *c,
                        app_permissions_scope_t *sc, app_error_t *e)
{
    if (in->channel_id == NULL || !pl_id_valid(in->channel_id, strlen(in->channel_id)))
        return app_error_set(e, 403, "api.context.permissions.app_error", "create_post");
    int rc = store_channels_get(db, in->channel_id, c);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 403, "api.context.permissions.app_error", "create_post");
    if (app_error_check_store(e, rc, "app.channel.get.find.app_error") < 0)
        return -1;
    if (app_permissions_scope_load(db, s, c->team_id[0] ? c->team_id : NULL, c->id, sc, e) < 0 || may_create(db, s, c, sc, e) < 0 ||
        check_priority(in, e) < 0)
        return -1;
    if (in->type && strncmp(in->type, "system_", 7) == 0) {
        app_error_set(e, 400, "api.context.invalid_param.app_error", NULL);
        return app_error_param(e, "Name", "post.type");
    }
    if (c->delete_at != 0)
        return app_error_set(e, 400, "api.post.create_post.can_not_post_to_deleted.error", NULL);
    return 0;
}

int app_posts_create(PGconn *db, const app_session_t *s, const model_post_body_t *in, bool set_online, model_post_t *out,
                     app_error_t *e)
{
    model_channel_t c;
    app_permissions_scope_t sc;
    memset(&c, 0, sizeof(c));
    if (check_create(db, s, in, &c, &sc, e) < 0) {
        model_channel_dispose(&c);
        return -1;
    }
    build(out, s, in);
    model_user_t u;
    model_user_init(&u);
    int rc = out->root_id[0] ? check_root(db, out, e) : 0;
    if (rc == 0 && s->username[0]) /* read with the session (its cache drops it when the user changes) */
        snprintf(u.username, sizeof(u.username), "%s", s->username);
    else if (rc == 0)
        rc = app_users_load(db, s->user_id, &u, e);
    int mentions = rc == 0 ? app_permissions_scope_has(db, &sc, "use_channel_mentions", e) : -1;
    bool dup = false;
    if (mentions >= 0) {
        app_posts_save_opts_t o = {
            .sender_username = u.username, .set_online = set_online, .allow_channel_mentions = mentions > 0, .as_user = true};
        rc = app_posts_save(db, out, &c, &o, &dup, e);
    } else {
        rc = -1;
    }
    if (rc == 0 && set_online && !dup)
        app_status_set_online(db, s->user_id, NULL);
    model_user_dispose(&u);
    model_channel_dispose(&c);
    if (rc < 0)
        model_post_dispose(out);
    return rc;
}

int app_posts_get(PGconn *db, const app_session_t *s, const char *id, bool include_deleted, model_post_t *out, app_error_t *e)
{
    model_channel_t c;
    if (include_deleted && app_permissions_require(db, s, "read_deleted_posts", NULL, NULL, e) < 0)
        return -1;
    if (app_posts_access_post(db, id, include_deleted, out, e) < 0)
        return -1;
    int rc = app_posts_access_channel(db, out->channel_id, &c, e);
    if (rc == 0) {
        rc = app_posts_access_read(db, s, &c, e);
        model_channel_dispose(&c);
    }
    if (rc < 0)
        model_post_dispose(out);
    return rc;
}

/* 1 when the caller reads channel_id, 0 when not (or it is gone), -1 on a failure (e set). */
static int readable(PGconn *db, const app_session_t *s, const char *channel_id, app_error_t *e)
{
    model_channel_t c;
    int rc = app_posts_access_channel(db, channel_id, &c, e);
    if (rc < 0)
        return e->status == 404 ? 0 : -1;
    app_error_t denied = {0};
    rc = app_posts_access_read(db, s, &c, &denied);
    model_channel_dispose(&c);
    if (rc < 0 && denied.status != 403) {
        *e = denied;
        return -1;
    }
    return rc == 0;
}

int app_posts_get_many(PGconn *db, const app_session_t *s, const model_post_ids_t *ids, model_post_list_t *out, app_error_t *e)
{
    if (app_error_check_store(e, store_posts_get_many(db, ids->v, ids->n, out), "app.post.get.app_error") < 0)
        return -1;
    size_t kept = 0;
    char last[PL_ID_LEN + 1] = "";
    int ok = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (strcmp(last, out->items[i].channel_id) != 0) { /* newest first: a channel's posts are often together */
            ok = readable(db, s, out->items[i].channel_id, e);
            snprintf(last, sizeof(last), "%s", out->items[i].channel_id);
        }
        if (ok < 0) {
            for (size_t j = i; j < out->n; j++)
                model_post_dispose(&out->items[j]);
            out->n = kept;
            model_post_list_dispose(out);
            return -1;
        }
        if (ok)
            out->items[kept++] = out->items[i];
        else
            model_post_dispose(&out->items[i]);
    }
    out->n = out->n_order = kept;
    return 0;
}
