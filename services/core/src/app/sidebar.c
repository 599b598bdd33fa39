/* Sidebar categories (T10): the defaults, placement after membership changes, reads. */
#include "app/sidebar.h"

#include <stdlib.h>
#include <string.h>

#include "app/permissions.h"
#include "model/sidebar.h"
#include "store/db.h"
#include "store/sidebar.h"

#define SIDEBAR_ERR "app.channel.sidebar_categories.app_error"
#define INITIAL_ERR "app.channel.create_initial_sidebar_categories.internal_error"

int app_sidebar_team_joined(PGconn *db, const char *user_id, const char *team_id, app_error_t *e)
{
    int rc = store_sidebar_create_defaults(db, user_id, team_id);
    return rc == STORE_OK ? 0 : app_error_from_store(e, rc == STORE_ENOTFOUND ? STORE_EINTERNAL : rc, INITIAL_ERR, 0);
}

int app_sidebar_channel_added(PGconn *db, const char *user_id, const model_channel_t *c, app_error_t *e)
{
    /* Mattermost stores no row for a new channel: every read lists the user's channels that no category
     * holds first in channels (O/P of the team) or direct_messages (D/G, every team). Only make sure the
     * team's categories exist. */
    if (c->type == MODEL_CHANNEL_DIRECT || c->type == MODEL_CHANNEL_GROUP || c->team_id[0] == '\0')
        return 0;
    bool member = false;
    int rc = store_sidebar_team_member(db, user_id, c->team_id, &member);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, SIDEBAR_ERR, 0);
    return member ? app_sidebar_team_joined(db, user_id, c->team_id, e) : 0;
}

int app_sidebar_channel_removed(PGconn *db, const char *user_id, const char *channel_id, app_error_t *e)
{
    int rc = store_sidebar_remove_channel(db, user_id, channel_id);
    return rc == STORE_OK ? 0 : app_error_from_store(e, rc, SIDEBAR_ERR, 0);
}

int app_sidebar_team_left(PGconn *db, const char *user_id, const char *team_id, app_error_t *e)
{
    int rc = store_sidebar_clear_team(db, user_id, team_id);
    return rc == STORE_OK ? 0 : app_error_from_store(e, rc, SIDEBAR_ERR, 0);
}

static int store_fail(app_error_t *e, int rc)
{
    return app_error_from_store(e, rc == STORE_ENOTFOUND ? STORE_EINTERNAL : rc, SIDEBAR_ERR, 0);
}

int app_sidebar_get_team(PGconn *db, const char *user_id, const char *team_id, json_t **out, app_error_t *e)
{
    model_sidebar_category_list_t l = {0};
    bool member = false;
    int rc = store_sidebar_team_member(db, user_id, team_id, &member);
    if (rc == STORE_OK && member)
        rc = store_sidebar_get_team(db, user_id, team_id, &l);
    if (rc == STORE_OK && member && l.n == 0) {
        /* "A user must always have categories": create them, as Mattermost does on this read. */
        model_sidebar_category_list_dispose(&l);
        if (app_sidebar_team_joined(db, user_id, team_id, e) < 0)
            return -1;
        rc = store_sidebar_get_team(db, user_id, team_id, &l);
    }
    if (rc != STORE_OK)
        return store_fail(e, rc);
    *out = model_sidebar_ordered_to_json(&l);
    model_sidebar_category_list_dispose(&l);
    return 0;
}

int app_sidebar_get_order(PGconn *db, const char *user_id, const char *team_id, json_t **out, app_error_t *e)
{
    store_sidebar_id_t *ids = NULL;
    size_t n = 0;
    int rc = store_sidebar_get_order(db, user_id, team_id, &ids, &n);
    if (rc == STORE_OK) {
        *out = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(*out, json_string(ids[i]));
    }
    free(ids);
    return rc == STORE_OK ? 0 : store_fail(e, rc);
}

int app_sidebar_get(PGconn *db, const char *category_id, json_t **out, app_error_t *e)
{
    model_sidebar_category_t c;
    int rc = store_sidebar_get(db, category_id, &c);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, SIDEBAR_ERR, 0);
    *out = model_sidebar_category_to_json(&c);
    model_sidebar_category_dispose(&c);
    return 0;
}

int app_sidebar_may_edit(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *category_id,
                         app_error_t *e)
{
    int has = app_permissions_has(db, s, "edit_other_users", NULL, NULL, e);
    if (has != 0)
        return has < 0 ? -1 : 1;
    model_sidebar_category_t c;
    int rc = store_sidebar_get(db, category_id, &c);
    if (rc == STORE_ENOTFOUND)
        return 0;
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, SIDEBAR_ERR, 0);
    int ok = strcmp(c.user_id, s->user_id) == 0 && strcmp(c.user_id, user_id) == 0 && strcmp(c.team_id, team_id) == 0;
    model_sidebar_category_dispose(&c);
    return ok;
}
