#include "app/channel_members_query.h"

#include <stdlib.h>
#include <string.h>

#include "app/channel_members_access.h"
#include "app/permissions.h"
#include "store/channel_members_list.h"
#include "store/channels.h"
#include "store/db.h"

static int readable(PGconn *db, const app_session_t *s, const char *channel_id, app_error_t *e)
{
    model_channel_t c;
    int rc = app_channel_members_access_channel(db, s, channel_id, "read_channel", &c, e);
    model_channel_dispose(&c);
    return rc;
}

int app_channel_members_query_page(PGconn *db, const app_session_t *s, const char *channel_id, int64_t offset, int64_t limit,
                                   model_channel_member_list_t *out, app_error_t *e)
{
    memset(out, 0, sizeof(*out));
    if (readable(db, s, channel_id, e) < 0)
        return -1;
    return app_error_check_store(e, store_channel_members_list_page(db, channel_id, offset, limit, out),
                                 "app.channel.get_members.app_error");
}

int app_channel_members_query_one(PGconn *db, const app_session_t *s, const char *channel_id, const char *user_id,
                                  model_channel_member_t *out, app_error_t *e)
{
    memset(out, 0, sizeof(*out));
    if (readable(db, s, channel_id, e) < 0)
        return -1;
    int rc = store_channel_members_get(db, channel_id, user_id, out);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 404, "app.channel.get_member.missing.app_error", NULL);
    return app_error_check_store(e, rc, "app.channel.get_member.app_error");
}

int app_channel_members_query_by_ids(PGconn *db, const app_session_t *s, const char *channel_id, const char *const *user_ids,
                                     size_t n, model_channel_member_list_t *out, app_error_t *e)
{
    memset(out, 0, sizeof(*out));
    if (readable(db, s, channel_id, e) < 0)
        return -1;
    return app_error_check_store(e, store_channel_members_list_by_ids(db, channel_id, user_ids, n, out),
                                 "app.channel.get_members_by_ids.app_error");
}

int app_channel_members_query_for_team(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id,
                                       model_channel_member_list_t *out, app_error_t *e)
{
    memset(out, 0, sizeof(*out));
    if (app_permissions_require(db, s, "view_team", team_id, NULL, e) < 0)
        return -1;
    if (strcmp(s->user_id, user_id) != 0 && app_permissions_require(db, s, "manage_system", team_id, NULL, e) < 0)
        return -1;
    return app_error_check_store(e, store_channel_members_list_for_team(db, user_id, team_id, out),
                                 "app.channel.get_members.app_error");
}

int app_channel_members_query_for_user(PGconn *db, const app_session_t *s, const char *user_id, int64_t offset, int64_t limit,
                                       json_t **out, app_error_t *e)
{
    *out = NULL;
    if (app_permissions_can_edit_user(db, s, user_id, e) < 0)
        return -1;
    model_channel_member_list_t l;
    store_channel_member_team_t *teams = NULL;
    int rc = store_channel_members_list_for_user(db, user_id, offset, limit, &l, &teams);
    if (rc == STORE_OK) {
        *out = json_array();
        for (size_t i = 0; i < l.n; i++) {
            json_t *m = model_channel_member_to_json(&l.items[i]);
            if (strcmp(user_id, s->user_id) != 0) { /* SanitizeForCurrentUser */
                json_object_del(m, "last_viewed_at");
                json_object_del(m, "last_update_at");
            }
            json_object_set_new(m, "team_display_name", json_string(teams[i].display_name));
            json_object_set_new(m, "team_name", json_string(teams[i].name));
            json_object_set_new(m, "team_update_at", json_integer(teams[i].update_at));
            json_array_append_new(*out, m);
        }
    }
    free(teams);
    model_channel_member_list_dispose(&l);
    return app_error_check_store(e, rc, "app.channel.get_members.app_error");
}

int app_channel_members_query_unread(PGconn *db, const app_session_t *s, const char *user_id, const char *channel_id, json_t **out,
                                     app_error_t *e)
{
    *out = NULL;
    if (app_permissions_can_edit_user(db, s, user_id, e) < 0)
        return -1;
    model_channel_t c;
    if (app_channel_members_access_channel(db, s, channel_id, "read_channel", &c, e) < 0) {
        model_channel_dispose(&c);
        return -1;
    }
    model_channel_member_t m;
    memset(&m, 0, sizeof(m));
    int rc = store_channel_members_get(db, channel_id, user_id, &m);
    if (rc == STORE_OK)
        *out = model_channel_unread_to_json(&c, &m);
    model_channel_member_dispose(&m);
    model_channel_dispose(&c);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 404, "app.channel.get_member.missing.app_error", NULL);
    return app_error_check_store(e, rc, "app.channel.get_unread.app_error");
}
