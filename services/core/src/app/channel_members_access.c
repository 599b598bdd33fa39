#include "app/channel_members_access.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "app/channel_members.h"
#include "app/permissions.h"
#include "app/users.h"
#include "store/channels.h"
#include "store/db.h"

static const char *team_of(const model_channel_t *c)
{
    return c->team_id[0] ? c->team_id : NULL;
}

static int load(PGconn *db, const char *channel_id, model_channel_t *c, app_error_t *e)
{
    memset(c, 0, sizeof(*c));
    int rc = store_channels_get(db, channel_id, c);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 404, "app.channel.get.existing.app_error", NULL);
    return app_error_check_store(e, rc, "app.channel.get.find.app_error");
}

int app_channel_members_access_channel(PGconn *db, const app_session_t *s, const char *channel_id, const char *perm,
                                       model_channel_t *c, app_error_t *e)
{
    if (load(db, channel_id, c, e) < 0) {
        if (e->status == 404)
            app_error_set(e, 403, "api.context.permissions.app_error", perm);
        return -1;
    }
    return app_permissions_require(db, s, perm, team_of(c), c->id, e);
}

/* Which of the ids the session may add (Mattermost's canAddSelf / canAddOthers); the rest set *last. */
static int allowed(PGconn *db, const app_session_t *s, const model_channel_t *c, const char *uid, app_error_t *last, app_error_t *e)
{
    bool self = strcmp(uid, s->user_id) == 0;
    const char *perm = c->type == MODEL_CHANNEL_PRIVATE ? "manage_private_channel_members"
                       : self                           ? "join_public_channels"
                                                        : "manage_public_channel_members";
    const char *channel = self && c->type == MODEL_CHANNEL_OPEN ? NULL : c->id;
    int ok = app_permissions_has(db, s, perm, team_of(c), channel, e);
    if (ok < 0)
        return -1;
    if (ok == 0 && self && c->type == MODEL_CHANNEL_OPEN) {
        model_channel_member_t m;
        memset(&m, 0, sizeof(m));
        if (store_channel_members_get(db, c->id, uid, &m) == STORE_OK) { /* already in: always fine */
            model_channel_member_dispose(&m);
            return 1;
        }
    }
    if (ok == 0) {
        app_error_set(last, 403, "api.context.permissions.app_error", perm);
        if (c->type == MODEL_CHANNEL_PRIVATE)
            return -2;
    }
    return ok;
}

static int add_allowed(PGconn *db, const app_session_t *s, const model_channel_t *c, const char *const *user_ids, size_t n,
                       model_channel_member_list_t *out, app_error_t *e)
{
    const char **ok = calloc(n ? n : 1, sizeof(*ok));
    if (ok == NULL)
        abort();
    size_t nok = 0;
    app_error_t last = {0};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        int a = allowed(db, s, c, user_ids[i], &last, e);
        if (a == -2)
            *e = last;
        if (a < 0)
            rc = -1;
        else if (a > 0)
            ok[nok++] = user_ids[i];
    }
    if (rc == 0 && nok == 0) {
        *e = last;
        rc = -1;
    }
    if (rc == 0)
        rc = app_channel_members_add(db, s->user_id, c, ok, nok, 0, out, e);
    free(ok);
    return rc;
}

int app_channel_members_access_add(PGconn *db, const app_session_t *s, const char *channel_id, const char *const *user_ids,
                                   size_t n, model_channel_member_list_t *out, app_error_t *e)
{
    model_channel_t c;
    memset(out, 0, sizeof(*out));
    int rc = load(db, channel_id, &c, e);
    if (rc == 0 && (c.type == MODEL_CHANNEL_DIRECT || c.type == MODEL_CHANNEL_GROUP))
        rc = app_error_set(e, 400, "api.channel.add_user_to_channel.type.app_error", NULL);
    if (rc == 0)
        rc = add_allowed(db, s, &c, user_ids, n, out, e);
    model_channel_dispose(&c);
    return rc;
}

int app_channel_members_access_remove(PGconn *db, const app_session_t *s, const char *channel_id, const char *user_id,
                                      app_error_t *e)
{
    model_channel_t c;
    int rc = load(db, channel_id, &c, e);
    model_user_t u;
    model_user_init(&u);
    if (rc == 0)
        rc = app_users_load(db, user_id, &u, e);
    if (rc == 0 && c.type != MODEL_CHANNEL_OPEN && c.type != MODEL_CHANNEL_PRIVATE)
        rc = app_error_set(e, 400, "api.channel.remove_channel_member.type.app_error", NULL);
    if (rc == 0 && strcmp(user_id, s->user_id) != 0) {
        const char *perm = c.type == MODEL_CHANNEL_OPEN ? "manage_public_channel_members" : "manage_private_channel_members";
        rc = app_permissions_require(db, s, perm, team_of(&c), c.id, e);
    }
    if (rc == 0)
        rc = app_channel_members_remove(db, s->user_id, &c, user_id, 0, e);
    model_user_dispose(&u);
    model_channel_dispose(&c);
    return rc < 0 ? -1 : 0;
}
