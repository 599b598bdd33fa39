#include "app/users_context.h"

#include <stdio.h>
#include <string.h>

#include "app/permissions.h"
#include "model/channel.h"
#include "parley/id.h"
#include "store/channels.h"
#include "store/db.h"
#include "store/users_count.h"

static int team_perm(PGconn *db, const app_session_t *s, const char *team_id, app_error_t *e)
{
    return app_permissions_require(db, s, "view_team", team_id, NULL, e);
}

int app_users_context_channel_perm(PGconn *db, const app_session_t *s, const char *channel_id, const char *perm, app_error_t *e)
{
    model_channel_t ch;
    memset(&ch, 0, sizeof(ch));
    int rc = pl_id_valid(channel_id, strlen(channel_id)) ? store_channels_get(db, channel_id, &ch) : STORE_ENOTFOUND;
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 403, "api.context.permissions.app_error", perm);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.channel.get.find.app_error", 0);
    rc = app_permissions_require(db, s, perm, ch.team_id[0] ? ch.team_id : NULL, channel_id, e);
    model_channel_dispose(&ch);
    return rc;
}

int app_users_context_check_list(PGconn *db, const app_session_t *s, const model_user_filter_t *f, app_error_t *e)
{
    if (f->not_in_channel && !f->in_team)
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "team_id");
    if (f->without_team)
        return app_permissions_require(db, s, "list_users_without_team", NULL, NULL, e);
    if (f->not_in_channel)
        return app_users_context_channel_perm(db, s, f->not_in_channel, "read_channel", e);
    if (f->not_in_team)
        return team_perm(db, s, f->not_in_team, e);
    if (f->in_team)
        return team_perm(db, s, f->in_team, e);
    if (f->in_channel)
        return app_users_context_channel_perm(db, s, f->in_channel, "read_channel", e);
    return 0;
}

int app_users_context_check_search(PGconn *db, const app_session_t *s, const model_user_filter_t *f, app_error_t *e)
{
    if (f->not_in_channel && !f->in_team)
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "team_id");
    if (f->in_channel && app_users_context_channel_perm(db, s, f->in_channel, "read_channel", e) < 0)
        return -1;
    if (f->not_in_channel && app_users_context_channel_perm(db, s, f->not_in_channel, "read_channel", e) < 0)
        return -1;
    if (f->in_team && team_perm(db, s, f->in_team, e) < 0)
        return -1;
    if (f->not_in_team && team_perm(db, s, f->not_in_team, e) < 0)
        return -1;
    return 0;
}

int app_users_context_check_autocomplete(PGconn *db, const app_session_t *s, const char *in_team, const char *in_channel,
                                         app_error_t *e)
{
    if (in_channel && app_users_context_channel_perm(db, s, in_channel, "read_channel", e) < 0)
        return -1;
    if (in_team && team_perm(db, s, in_team, e) < 0)
        return -1;
    if (in_channel && !in_team)
        return app_error_set(e, 500, "api.user.autocomplete_users.missing_team_id.app_error", "channelId");
    return 0;
}

/* model.IsValidRoleName: 1..64 of [a-z0-9_]. */
static bool role_name_valid(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* CleanRoleNames over a comma-separated list: blank names skipped, any other invalid one fails. */
static bool clean_roles(const char *csv, char (*out)[65], size_t *n)
{
    *n = 0;
    for (const char *p = csv; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (!blank(p, len)) {
            if (!role_name_valid(p, len) || *n == MODEL_USER_COUNT_ROLES_MAX)
                return false;
            snprintf(out[(*n)++], 65, "%.*s", (int)len, p);
        }
        p = end ? end + 1 : p + len;
    }
    return true;
}

int app_users_context_stats(PGconn *db, const app_session_t *s, model_user_count_filter_t *f, const char *roles,
                            const char *team_roles, const char *channel_roles, int64_t *count, app_error_t *e)
{
    if (!clean_roles(roles, f->roles, &f->nroles))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "roles");
    if (f->channel_id && !clean_roles(channel_roles, f->channel_roles, &f->nchannel_roles))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "channelRoles");
    if (f->team_id && !clean_roles(team_roles, f->team_roles, &f->nteam_roles))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "teamRoles");
    if (app_permissions_require(db, s, "sysconsole_read_user_management_users", NULL, NULL, e) < 0)
        return -1;
    int rc = store_users_count_filtered(db, f, count);
    return rc == STORE_OK ? 0 : app_error_from_store(e, rc, "app.user.get_total_users_count.app_error", 0);
}

int app_users_context_group_channels(PGconn *db, const app_session_t *s, const char *const *ids, size_t n, model_user_list_t *users,
                                     store_users_groups_id_t **channels, app_error_t *e)
{
    if (n == 0)
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "channel_ids");
    int rc = store_users_groups_get(db, s->user_id, ids, n, users, channels);
    return rc == STORE_OK ? 0 : app_error_from_store(e, rc, "app.user.get_profile_by_group_channel_ids_for_user.app_error", 0);
}
