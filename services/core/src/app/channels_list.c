/* Lists, search, autocomplete, my channels, stats and timezones (app/channels.h). */
#include "app/channels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/channels_internal.h"
#include "app/permissions.h"
#include "model/config.h"
#include "store/channels.h"
#include "store/channels_list.h"
#include "store/channels_stats.h"
#include "store/db.h"
#include "store/teams.h"

/* model.CurrentVersion, the first part of every ETag (model.Etag). */
#define ETAG_VERSION "11.9.0"
#define SEARCH_LIMIT 100
#define AUTOCOMPLETE_LIMIT 50

static int listed(app_error_t *e, int rc, const char *id)
{
    return app_error_check_store(e, rc, id);
}

int app_channels_list_team(PGconn *db, const app_session_t *s, const char *team_id, app_channels_list_kind_t kind, int64_t offset,
                           int64_t limit, model_channel_list_t *out, app_error_t *e)
{
    if (app_channels_access_id(team_id, "team_id", e) < 0)
        return -1;
    if (kind == APP_CHANNELS_LIST_PRIVATE) {
        if (app_permissions_require(db, s, "manage_system", NULL, NULL, e) < 0)
            return -1;
        return listed(e, store_channels_list_team(db, team_id, STORE_CHANNELS_PRIVATE, NULL, offset, limit, out),
                      "app.channel.get_private_channels.get.app_error");
    }
    if (app_channels_access_team(db, s, team_id, "list_team_channels", e) < 0)
        return -1;
    if (kind == APP_CHANNELS_LIST_PUBLIC)
        return listed(e, store_channels_list_team(db, team_id, STORE_CHANNELS_PUBLIC, NULL, offset, limit, out),
                      "app.channel.get_public_channels.get.app_error");
    int admin = app_permissions_has(db, s, "manage_system", NULL, NULL, e);
    if (admin < 0)
        return -1;
    return listed(e, store_channels_list_team(db, team_id, STORE_CHANNELS_DELETED, admin ? NULL : s->user_id, offset, limit, out),
                  "app.channel.get_deleted.existing.app_error");
}

int app_channels_search(PGconn *db, const app_session_t *s, const char *team_id, const char *term, model_channel_list_t *out,
                        app_error_t *e)
{
    if (app_channels_access_id(team_id, "team_id", e) < 0)
        return -1;
    store_channels_match_t m = {.team_id = team_id, .term = term, .with_purpose = true, .limit = SEARCH_LIMIT};
    int ok = app_permissions_has(db, s, "list_team_channels", team_id, NULL, e);
    if (ok < 0)
        return -1;
    if (ok == 0) { /* not a team member: 404, else the member's own channels */
        model_team_member_t tm;
        if (app_error_check_store(e, store_team_members_get(db, team_id, s->user_id, false, &tm),
                                  "app.team.get_member.missing.app_error") < 0)
            return -1;
        m.member_id = s->user_id;
    } else {
        m.include_deleted = model_config_get()->team.experimental_view_archived_channels;
    }
    return listed(e, store_channels_list_match(db, &m, out), "app.channel.search.app_error");
}

int app_channels_autocomplete(PGconn *db, const app_session_t *s, const char *team_id, const char *name, bool for_search,
                              model_channel_list_t *out, app_error_t *e)
{
    if (app_channels_access_id(team_id, "team_id", e) < 0)
        return -1;
    if (!for_search && app_channels_access_team(db, s, team_id, "list_team_channels", e) < 0)
        return -1;
    store_channels_match_t m = {.team_id = team_id,
                                .term = name ? name : "",
                                .member_id = s->user_id,
                                .public_too = !for_search,
                                .include_deleted = !for_search && model_config_get()->team.experimental_view_archived_channels,
                                .limit = AUTOCOMPLETE_LIMIT};
    return listed(e, store_channels_list_match(db, &m, out), "app.channel.search.app_error");
}

/* ChannelList.Etag: the channel with the latest last_post_at / update_at, that time, 0 and the count. */
static void list_etag(const model_channel_list_t *l, char *out, size_t n)
{
    const char *id = "0";
    int64_t t = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->items[i].last_post_at > t) {
            t = l->items[i].last_post_at;
            id = l->items[i].id;
        }
        if (l->items[i].update_at > t) {
            t = l->items[i].update_at;
            id = l->items[i].id;
        }
    }
    snprintf(out, n, "%s.%s.%lld.0.%zu", ETAG_VERSION, id, (long long)t, l->n);
}

int app_channels_mine(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, bool include_deleted,
                      int64_t last_delete_at, model_channel_list_t *out, char *etag, size_t etag_n, app_error_t *e)
{
    if (app_permissions_can_edit_user(db, s, user_id, e) < 0)
        return -1;
    if (team_id != NULL &&
        (app_channels_access_id(team_id, "team_id", e) < 0 || app_channels_access_team(db, s, team_id, "view_team", e) < 0))
        return -1;
    if (last_delete_at < 0)
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "last_delete_at");
    if (listed(e, store_channels_list_user(db, user_id, team_id, include_deleted, last_delete_at, out),
               "app.channel.get_channels.get.app_error") < 0)
        return -1;
    if (team_id != NULL && out->n == 0) {
        model_channel_list_dispose(out);
        return app_error_set(e, 404, "app.channel.get_channels.not_found.app_error", NULL);
    }
    if (etag != NULL)
        list_etag(out, etag, etag_n);
    return 0;
}

/* read_channel on channel id; an unknown id is denied to everyone, system admins included (Mattermost's
 * SessionHasPermissionToChannel returns false when GetChannel answers 404). @return 1 found, -1 (e set). */
static int readable(PGconn *db, const app_session_t *s, const char *id, app_error_t *e)
{
    model_channel_t c;
    if (app_channels_access_id(id, "channel_id", e) < 0)
        return -1;
    int rc = store_channels_get(db, id, &c);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 403, "api.context.permissions.app_error", "read_channel");
    if (app_error_check_store(e, rc, "app.channel.get.find.app_error") < 0)
        return -1;
    rc = app_channels_access_require(db, s, &c, "read_channel", e);
    model_channel_dispose(&c);
    return rc < 0 ? -1 : 1;
}

int app_channels_stats(PGconn *db, const app_session_t *s, const char *id, bool exclude_files, app_channels_stats_t *out,
                       app_error_t *e)
{
    memset(out, 0, sizeof(*out));
    int found = readable(db, s, id, e);
    if (found < 0)
        return -1;
    out->files_count = exclude_files ? -1 : 0;
    return app_error_check_store(e,
                                 store_channels_stats_counts(db, id, &out->member_count, &out->guest_count, &out->pinnedpost_count),
                                 "app.channel.get_member_count.app_error");
}

/* model.GetPreferredTimezone: automaticTimezone when useAutomaticTimezone is "true", else manualTimezone. */
static const char *preferred(json_t *tz)
{
    const char *use = json_string_value(json_object_get(tz, "useAutomaticTimezone"));
    const char *key = use && strcmp(use, "true") == 0 ? "automaticTimezone" : "manualTimezone";
    const char *v = json_string_value(json_object_get(tz, key));
    return v ? v : "";
}

static bool has_string(const json_t *arr, const char *v)
{
    size_t i;
    json_t *item;
    json_array_foreach(arr, i, item) if (strcmp(json_string_value(item), v) == 0) return true;
    return false;
}

int app_channels_timezones(PGconn *db, const app_session_t *s, const char *id, json_t **out, app_error_t *e)
{
    json_t *all = NULL;
    size_t i;
    json_t *tz;
    int found = readable(db, s, id, e);
    if (found < 0)
        return -1;
    *out = json_array();
    if (app_error_check_store(e, store_channels_stats_timezones(db, id, &all), "app.channel.get_members.app_error") < 0) {
        json_decref(*out);
        return -1;
    }
    json_array_foreach(all, i, tz)
    {
        const char *a = json_string_value(json_object_get(tz, "automaticTimezone"));
        const char *m = json_string_value(json_object_get(tz, "manualTimezone"));
        if ((a == NULL || a[0] == '\0') && (m == NULL || m[0] == '\0'))
            continue;
        if (!has_string(*out, preferred(tz)))
            json_array_append_new(*out, json_string(preferred(tz)));
    }
    json_decref(all);
    return 0;
}

int app_channels_list_all(PGconn *db, const app_session_t *s, bool include_deleted, int64_t offset, int64_t limit,
                          model_channel_list_t *out, app_channels_team_t **teams, int64_t *total, bool *sanitize, app_error_t *e)
{
    store_channels_team_t *rows = NULL;
    int read = app_permissions_has(db, s, "sysconsole_read_user_management_channels", NULL, NULL, e);
    int policy = read > 0 ? 0 : app_permissions_has(db, s, "sysconsole_read_compliance_data_retention_policy", NULL, NULL, e);
    int groups = read > 0 || policy > 0 ? 0 : app_permissions_has(db, s, "sysconsole_write_user_management_groups", NULL, NULL, e);
    if (read < 0 || policy < 0 || groups < 0)
        return -1;
    if (read == 0 && policy == 0 && groups == 0)
        return app_error_set(e, 403, "api.context.permissions.app_error", "sysconsole_read_user_management_channels");
    *sanitize = read == 0 && policy == 0;
    if (listed(e, store_channels_list_all(db, include_deleted, offset, limit, out, &rows, total),
               "app.channel.get_all_channels.app_error") < 0)
        return -1;
    *teams = calloc(out->n + 1, sizeof(**teams));
    for (size_t i = 0; *teams && i < out->n; i++) {
        snprintf((*teams)[i].display_name, sizeof((*teams)[i].display_name), "%s", rows[i].display_name);
        snprintf((*teams)[i].name, sizeof((*teams)[i].name), "%s", rows[i].name);
        (*teams)[i].update_at = rows[i].update_at;
    }
    free(rows);
    if (*teams == NULL) {
        model_channel_list_dispose(out);
        return app_error_set(e, 500, "app.channel.get_all_channels.app_error", "out of memory");
    }
    return 0;
}
