/* Direct (D) and group (G) channels: get or create (app/channels.h). */
#include "app/channels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/channel_members.h"
#include "app/channels_internal.h"
#include "app/permissions.h"
#include "app/users.h"
#include "model/config.h"
#include "model/user.h"
#include "parley/id.h"
#include "parley/time.h"
#include "store/channels.h"
#include "store/channels_stats.h"
#include "store/db.h"

#define MAX_IDS (MODEL_CHANNEL_GROUP_MAX + 1)

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Copy the distinct valid ids of in into out (at most max): -1 (400) for a malformed id or too many. */
static int distinct_ids(const char *const *in, size_t n, const char **out, size_t max, size_t *m, app_error_t *e)
{
    *m = 0;
    for (size_t i = 0; i < n; i++) {
        if (app_channels_access_id(in[i], "user_id", e) < 0) {
            e->id = "api.context.invalid_body_param.app_error";
            return -1;
        }
        bool seen = false;
        for (size_t j = 0; j < *m && !seen; j++)
            seen = strcmp(out[j], in[i]) == 0;
        if (seen)
            continue;
        if (*m == max)
            return app_error_set(e, 400, "api.channel.create_group.bad_size.app_error", NULL);
        out[(*m)++] = in[i];
    }
    return 0;
}

static int username_of(PGconn *db, const char *id, char *out, size_t n, const char *bad_id, app_error_t *e)
{
    model_user_t u;
    model_user_init(&u);
    int rc = app_users_load(db, id, &u, e);
    if (rc == 0)
        snprintf(out, n, "%s", u.username);
    else if (e->status == 404)
        app_error_set(e, 400, bad_id, NULL);
    model_user_dispose(&u);
    return rc < 0 ? -1 : 0;
}

/* The existing channel named name, or a new one (c filled by the caller) with its members. *created tells which. */
static int get_or_insert(PGconn *db, model_channel_t *c, const char *actor, const char *const *ids, size_t n, bool *created,
                         app_error_t *e)
{
    const char *dup = NULL;
    model_channel_t old;
    *created = false;
    int rc = store_channels_get_by_name(db, "", c->name, true, &old);
    if (rc == STORE_ENOTFOUND)
        rc = store_channels_insert(db, c, NULL, 0, &dup);
    else if (rc == STORE_OK) {
        model_channel_dispose(c);
        *c = old;
        return 0;
    }
    if (rc == STORE_EUNIQUE && (rc = store_channels_get_by_name(db, "", c->name, true, &old)) == STORE_OK) {
        model_channel_dispose(c);
        *c = old;
        return 0;
    }
    if (app_error_check_store(e, rc, "app.channel.create_direct_channel.internal_error") < 0)
        return -1;
    *created = true;
    return app_channel_members_add(db, actor, c, ids, n, APP_CHANNEL_MEMBERS_SILENT, NULL, e);
}

static void new_channel(model_channel_t *c, char type, const char *creator)
{
    memset(c, 0, sizeof(*c));
    pl_id_new(c->id);
    c->create_at = c->update_at = pl_time_ms();
    c->type = type;
    c->group_constrained = -1;
    c->shared = 0;
    snprintf(c->creator_id, sizeof(c->creator_id), "%s", creator);
}

static int may_direct(PGconn *db, const app_session_t *s, const char *a, const char *b, app_error_t *e)
{
    if (app_permissions_require(db, s, "create_direct_channel", NULL, NULL, e) < 0)
        return -1;
    bool mine = strcmp(a, s->user_id) == 0 || strcmp(b, s->user_id) == 0;
    if (!mine && app_permissions_require(db, s, "manage_system", NULL, NULL, e) < 0)
        return -1;
    char name[MODEL_USER_NAME_MAX + 1];
    const char *bad = "api.channel.create_direct_channel.invalid_user.app_error";
    if (username_of(db, a, name, sizeof(name), bad, e) < 0 || username_of(db, b, name, sizeof(name), bad, e) < 0)
        return -1;
    return 0;
}

/* TeamSettings.RestrictDirectMessage "team": a new DM needs a common team (system admins excepted). */
static int may_create_direct(PGconn *db, const app_session_t *s, const char *a, const char *b, app_error_t *e)
{
    bool shared = true;
    if (strcmp(model_config_get()->team.restrict_direct_message, "team") != 0 || strcmp(a, b) == 0)
        return 0;
    int ok = app_permissions_has(db, s, "manage_system", NULL, NULL, e);
    if (ok != 0)
        return ok > 0 ? 0 : -1;
    if (app_error_check_store(e, store_channels_stats_common_team(db, a, b, &shared), "app.team.get_members.app_error") < 0)
        return -1;
    return shared ? 0 : app_error_set(e, 403, "api.channel.create_channel.direct_channel.team_restricted_error", NULL);
}

int app_channels_direct(PGconn *db, const app_session_t *s, const char *const *ids, size_t n, model_channel_t *out, app_error_t *e)
{
    const char *v[2];
    size_t m = 0;
    bool created = false;
    if (n > 2 || distinct_ids(ids, n, v, 2, &m, e) < 0 || (m == 1 && strcmp(v[0], s->user_id) != 0) || m == 0)
        return e->status ? -1 : app_error_set(e, 400, "api.context.invalid_body_param.app_error", "user_ids");
    if (m == 1)
        v[1] = v[0];
    if (may_direct(db, s, v[0], v[1], e) < 0)
        return -1;
    new_channel(out, MODEL_CHANNEL_DIRECT, v[0]);
    model_channel_dm_name(v[0], v[1], out->name, sizeof(out->name));
    model_channel_t probe;
    int rc = store_channels_get_by_name(db, "", out->name, true, &probe);
    if (rc == STORE_OK) {
        *out = probe;
        return 0;
    }
    if (may_create_direct(db, s, v[0], v[1], e) < 0 || get_or_insert(db, out, v[0], v, strcmp(v[0], v[1]) ? 2 : 1, &created, e) < 0)
        return -1;
    if (created)
        app_channels_events_publish(APP_CHANNELS_EVENT_DIRECT_ADDED,
                                    json_pack("{s:s,s:s}", "creator_id", v[0], "teammate_id", v[1]), NULL, out->id, NULL);
    return 0;
}

/* GetGroupDisplayNameFromUsers(users, true): the usernames sorted, joined by ", ", cut at 64 bytes. */
static int group_display_name(PGconn *db, const char *const *ids, size_t n, char *out, size_t outn, app_error_t *e)
{
    char names[MAX_IDS][MODEL_USER_NAME_MAX + 1];
    const char *sorted[MAX_IDS];
    for (size_t i = 0; i < n; i++) {
        if (username_of(db, ids[i], names[i], sizeof(names[i]), "api.channel.create_group.bad_user.app_error", e) < 0)
            return -1;
        sorted[i] = names[i];
    }
    qsort(sorted, n, sizeof(sorted[0]), cmp_str);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < outn; i++)
        len += (size_t)snprintf(out + len, outn - len, "%s%s", i ? ", " : "", sorted[i]);
    if (strlen(out) > MODEL_CHANNEL_NAME_MAX)
        out[MODEL_CHANNEL_NAME_MAX] = '\0';
    return 0;
}

static void publish_group_added(const model_channel_t *c, const char *const *ids, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(ids[i]));
    char *txt = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    if (txt) /* CreateGroupChannel: one event to the new channel (its members: the participants) */
        app_channels_events_publish(APP_CHANNELS_EVENT_GROUP_ADDED, json_pack("{s:s}", "teammate_ids", txt), NULL, c->id, NULL);
    free(txt);
}

int app_channels_group(PGconn *db, const app_session_t *s, const char *const *ids, size_t n, model_channel_t *out, app_error_t *e)
{
    const char *v[MAX_IDS];
    size_t m = 0;
    bool created = false, found = false;
    if (n == 0)
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "user_ids");
    if (distinct_ids(ids, n, v, MAX_IDS, &m, e) < 0)
        return -1;
    qsort(v, m, sizeof(v[0]), cmp_str);
    for (size_t i = 0; i < m; i++)
        found = found || strcmp(v[i], s->user_id) == 0;
    if (!found && m < MAX_IDS)
        v[m++] = s->user_id;
    if (app_permissions_require(db, s, "create_group_channel", NULL, NULL, e) < 0)
        return -1;
    if (m < MODEL_CHANNEL_GROUP_MIN || m > MODEL_CHANNEL_GROUP_MAX)
        return app_error_set(e, 400, "api.channel.create_group.bad_size.app_error", NULL);
    new_channel(out, MODEL_CHANNEL_GROUP, s->user_id);
    model_channel_gm_name(v, m, out->name, sizeof(out->name));
    if (group_display_name(db, v, m, out->display_name, sizeof(out->display_name), e) < 0 ||
        get_or_insert(db, out, s->user_id, v, m, &created, e) < 0)
        return -1;
    if (created)
        publish_group_added(out, v, m);
    return 0;
}
