/* Editing, pinning and deleting posts (app/posts.h). */
#include "app/posts.h"

#include <stdio.h>
#include <string.h>

#include "app/permissions.h"
#include "app/posts_access.h"
#include "app/posts_events.h"
#include "app/posts_metadata.h"
#include "model/config.h"
#include "parley/time.h"
#include "store/db.h"
#include "store/posts.h"

/* What a change of a post acts on: the post (not deleted) and its channel. A post that cannot be
 * loaded is a permission error (403 of perm), as Mattermost's patchPost / deletePost answer. */
typedef struct target {
    model_post_t post;
    model_channel_t channel;
} target_t;

static void target_dispose(target_t *t)
{
    model_post_dispose(&t->post);
    model_channel_dispose(&t->channel);
}

static int target_load(PGconn *db, const char *id, const char *perm, target_t *t, app_error_t *e)
{
    memset(t, 0, sizeof(*t));
    if (app_posts_access_post(db, id, false, &t->post, e) < 0) {
        model_post_init(&t->post);
        if (e->status == 404)
            app_error_set(e, 403, "api.context.permissions.app_error", perm);
        return -1;
    }
    return app_posts_access_channel(db, t->post.channel_id, &t->channel, e);
}

/* own_perm for the caller's own post, others_perm for another user's (in the post's channel). */
static int may_change(PGconn *db, const app_session_t *s, const target_t *t, const char *own_perm, const char *others_perm,
                      app_error_t *e)
{
    const char *perm = strcmp(t->post.user_id, s->user_id) == 0 ? own_perm : others_perm;
    return app_posts_access_require(db, s, &t->channel, perm, e);
}

/* UpdatePost's rules for a change of the message: no system message, no archived channel, PostEditTimeLimit. */
static int may_edit(const target_t *t, bool message_changes, app_error_t *e)
{
    if (model_post_is_system(&t->post))
        return app_error_set(e, 400, "api.post.update_post.system_message.app_error", NULL);
    if (t->channel.delete_at != 0)
        return app_error_set(e, 400, "api.post.update_post.can_not_update_post_in_deleted.error", NULL);
    int64_t limit = model_config_get()->service.post_edit_time_limit;
    if (message_changes && limit >= 0 && t->post.create_at + limit * 1000 < pl_time_ms()) {
        app_error_set(e, 400, "api.post.update_post.permissions_time_limit.app_error", NULL);
        return app_error_param_int(e, "timeLimit", limit);
    }
    return 0;
}

/* Store the changed post (the old one kept as edit history when its message changed), then post_edited. */
static int save_edit(PGconn *db, const model_post_t *old, model_post_t *now, app_error_t *e)
{
    const char *bad;
    now->update_at = pl_time_ms();
    if (strcmp(old->message, now->message) != 0) {
        now->edit_at = now->update_at;
        model_post_hashtags_parse(now);
    }
    if ((bad = model_post_is_valid(now)) != NULL)
        return app_error_set(e, 400, bad, NULL);
    int rc = store_db_begin(db);
    if (rc == STORE_OK && now->edit_at != old->edit_at)
        rc = store_posts_history_insert(db, old, now->update_at);
    if (rc == STORE_OK)
        rc = store_posts_update(db, now);
    if (rc == STORE_OK)
        rc = store_db_commit(db);
    else
        store_db_rollback(db);
    if (app_error_check_store(e, rc, "app.post.update.app_error") < 0 || app_posts_metadata_fill(db, now, 1, e) < 0)
        return -1;
    app_posts_events_edited(now);
    return 0;
}

static void replace_json(json_t **dst, const json_t *src)
{
    if (src == NULL)
        return;
    json_decref(*dst);
    *dst = json_deep_copy(src);
}

static int edit(PGconn *db, const app_session_t *s, const char *id, const char *message, const json_t *props,
                const json_t *file_ids, int is_pinned, int has_reactions, model_post_t *out, app_error_t *e)
{
    target_t t;
    int rc = target_load(db, id, "edit_post", &t, e);
    if (rc == 0)
        rc = may_change(db, s, &t, "edit_post", "edit_others_posts", e);
    if (rc == 0)
        rc = may_edit(&t, message && strcmp(message, t.post.message) != 0, e);
    if (rc == 0) {
        model_post_copy(out, &t.post);
        if (message)
            model_post_set_message(out, message);
        replace_json(&out->props, props);
        replace_json(&out->file_ids, file_ids);
        if (is_pinned >= 0)
            out->is_pinned = is_pinned;
        if (has_reactions >= 0)
            out->has_reactions = has_reactions;
        if ((rc = save_edit(db, &t.post, out, e)) < 0)
            model_post_dispose(out);
    }
    target_dispose(&t);
    return rc;
}

int app_posts_patch(PGconn *db, const app_session_t *s, const char *id, const model_post_patch_t *p, model_post_t *out,
                    app_error_t *e)
{
    return edit(db, s, id, p->message, p->props, p->file_ids, p->is_pinned, p->has_reactions, out, e);
}

int app_posts_update(PGconn *db, const app_session_t *s, const char *id, const model_post_body_t *in, model_post_t *out,
                     app_error_t *e)
{
    if (in->id == NULL || strcmp(in->id, id) != 0)
        return app_error_set(e, 400, "api.context.invalid_param.app_error", "id");
    return edit(db, s, id, in->message ? in->message : "", in->props, in->file_ids, in->has_is_pinned ? in->is_pinned : -1, -1, out,
                e);
}

/* saveIsPinnedPost: read_channel_content in the channel, then a patch of is_pinned (no edit_at). */
int app_posts_pin(PGconn *db, const app_session_t *s, const char *id, bool pin, app_error_t *e)
{
    target_t t;
    model_post_t now;
    int rc = target_load(db, id, "read_channel_content", &t, e);
    if (rc == 0)
        rc = app_posts_access_require(db, s, &t.channel, "read_channel_content", e);
    if (rc == 0 && t.channel.delete_at != 0)
        rc = app_error_set(e, 400, "api.post.update_post.can_not_update_post_in_deleted.error", NULL);
    if (rc == 0) {
        model_post_copy(&now, &t.post);
        now.is_pinned = pin;
        rc = save_edit(db, &t.post, &now, e);
        model_post_dispose(&now);
    }
    target_dispose(&t);
    return rc;
}

int app_posts_delete(PGconn *db, const app_session_t *s, const char *id, bool permanent, app_error_t *e)
{
    target_t t;
    int rc = target_load(db, id, "delete_post", &t, e);
    if (rc == 0 && permanent)
        rc = app_permissions_require(db, s, "manage_system", NULL, NULL, e);
    if (rc == 0)
        rc = may_change(db, s, &t, "delete_post", "delete_others_posts", e);
    if (rc == 0 && !permanent && t.channel.delete_at != 0)
        rc = app_error_set(e, 400, "api.post.delete_post.can_not_delete_post_in_deleted.error", NULL);
    if (rc == 0) {
        int64_t now = pl_time_ms();
        rc = app_error_check_store(
            e, permanent ? store_posts_delete_permanent(db, &t.post) : store_posts_delete(db, &t.post, s->user_id, now),
            "app.post.delete.app_error");
        t.post.delete_at = t.post.update_at = now;
    }
    if (rc == 0)
        app_posts_events_deleted(&t.post, NULL);
    target_dispose(&t);
    return rc;
}
