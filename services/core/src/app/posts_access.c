/* Loading what a post endpoint acts on and who may (app/posts_access.h). */
#include "app/posts_access.h"

#include <stdio.h>
#include <string.h>

#include "app/permissions.h"
#include "parley/id.h"
#include "store/channels.h"
#include "store/db.h"
#include "store/posts.h"

int app_posts_access_id(const char *id, const char *param, app_error_t *e)
{
    if (id == NULL || !pl_id_valid(id, strlen(id)))
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", param);
    return 0;
}

int app_posts_access_channel(PGconn *db, const char *id, model_channel_t *c, app_error_t *e)
{
    if (app_posts_access_id(id, "channel_id", e) < 0)
        return -1;
    int rc = store_channels_get(db, id, c);
    if (rc == STORE_ENOTFOUND) {
        app_error_set(e, 404, "app.channel.get.existing.app_error", NULL);
        return app_error_param(e, "channel_id", id);
    }
    return app_error_check_store(e, rc, "app.channel.get.find.app_error");
}

int app_posts_access_post(PGconn *db, const char *id, bool include_deleted, model_post_t *p, app_error_t *e)
{
    if (app_posts_access_id(id, "post_id", e) < 0)
        return -1;
    int rc = store_posts_get(db, id, include_deleted, p);
    if (rc == STORE_OK)
        return 0;
    model_post_dispose(p);
    return app_error_check_store(e, rc, "app.post.get.app_error");
}

int app_posts_access_has(PGconn *db, const app_session_t *s, const model_channel_t *c, const char *perm, app_error_t *e)
{
    return app_permissions_has(db, s, perm, c->team_id[0] ? c->team_id : NULL, c->id, e);
}

int app_posts_access_require(PGconn *db, const app_session_t *s, const model_channel_t *c, const char *perm, app_error_t *e)
{
    return app_permissions_require(db, s, perm, c->team_id[0] ? c->team_id : NULL, c->id, e);
}

int app_posts_access_read(PGconn *db, const app_session_t *s, const model_channel_t *c, app_error_t *e)
{
    if (c->type == MODEL_CHANNEL_OPEN) {
        int ok = app_permissions_has(db, s, "read_public_channel", c->team_id, NULL, e);
        if (ok != 0)
            return ok > 0 ? 0 : -1;
    }
    return app_posts_access_require(db, s, c, "read_channel_content", e);
}

/* SessionHasPermissionToChannelByPost: perm in the post's channel (its team, the system); a post that is not
 * there leaves the system roles only. 403 api.context.permissions.app_error when not granted. */
int app_posts_access_require_by_post(PGconn *db, const app_session_t *s, const char *post_id, const char *perm, app_error_t *e)
{
    model_post_t p;
    model_channel_t c;
    int rc = store_posts_get(db, post_id, true, &p);
    char channel_id[PL_ID_LEN + 1];
    snprintf(channel_id, sizeof(channel_id), "%s", p.channel_id);
    model_post_dispose(&p);
    if (rc == STORE_ENOTFOUND)
        return app_permissions_require(db, s, perm, NULL, NULL, e);
    if (app_error_check_store(e, rc, "app.post.get.app_error") < 0 || app_posts_access_channel(db, channel_id, &c, e) < 0)
        return -1;
    rc = app_posts_access_require(db, s, &c, perm, e);
    model_channel_dispose(&c);
    return rc;
}
