#include "app/sessions.h"

#include <stdio.h>
#include <string.h>

#include "app/permissions.h"
#include "app/session_cache.h"
#include "model/config.h"
#include "model/session.h"
#include "model/user.h"
#include "parley/err.h"
#include "parley/id.h"
#include "parley/time.h"
#include "store/db.h"
#include "store/sessions.h"
#include "store/tokens.h"
#include "ws/publish.h"

#define HOUR_MS (3600LL * 1000LL)
/* LastActivityAt is written at most this often (Mattermost model.SessionActivityTimeout). */
#define TOUCH_INTERVAL_MS (5LL * 60LL * 1000LL)

static int64_t length_ms(bool mobile)
{
    const model_config_t *cfg = model_config_get();
    return (mobile ? cfg->service.session_length_mobile_in_hours : cfg->service.session_length_web_in_hours) * HOUR_MS;
}

static void to_app(const model_session_t *m, app_session_t *out)
{
    memset(out, 0, sizeof(*out));
    snprintf(out->id, sizeof(out->id), "%s", m->id);
    snprintf(out->user_id, sizeof(out->user_id), "%s", m->user_id);
    const char *csrf = json_string_value(json_object_get(m->props, "csrf"));
    snprintf(out->csrf, sizeof(out->csrf), "%s", csrf ? csrf : "");
    snprintf(out->roles, sizeof(out->roles), "%s", m->roles);
    snprintf(out->username, sizeof(out->username), "%s", m->username);
    snprintf(out->device_id, sizeof(out->device_id), "%s", m->device_id);
    snprintf(out->token_id, sizeof(out->token_id), "%s", m->token_id);
    out->create_at = m->create_at;
    out->expires_at = m->expires_at;
    out->last_activity_at = m->last_activity_at;
    out->kind = m->kind == 1 ? APP_SESSION_PAT : APP_SESSION_LOGIN;
    out->is_bot = m->user_is_bot;
    out->is_guest = model_roles_contains(m->roles, "system_guest");
    out->is_mobile = m->is_mobile;
}

/* First use of a personal access token: make its session row (kind 1, never expires). */
static int pat_session_create(PGconn *db, const char *token)
{
    model_token_t t;
    model_session_t s;
    int rc = store_tokens_get_by_secret(db, token, &t);
    if (rc != STORE_OK)
        return rc;
    model_session_init(&s);
    pl_id_new(s.id);
    snprintf(s.token, sizeof(s.token), "%s", token);
    snprintf(s.user_id, sizeof(s.user_id), "%s", t.user_id);
    snprintf(s.token_id, sizeof(s.token_id), "%s", t.id);
    s.create_at = pl_time_ms();
    s.kind = 1;
    s.props = json_pack("{s:s,s:s}", "type", "UserAccessToken", "user_access_token_id", t.id);
    rc = store_sessions_insert(db, &s);
    model_session_dispose(&s);
    return rc == STORE_EUNIQUE ? STORE_OK : rc; /* a concurrent request made it first */
}

/* Personal access tokens of non-bots work only while EnableUserAccessTokens is on. */
static int allowed(const app_session_t *s)
{
    if (s->kind == APP_SESSION_PAT && !s->is_bot && !model_config_get()->service.enable_user_access_tokens)
        return PL_ENOTFOUND;
    return PL_OK;
}

int app_sessions_cached(const char *token, app_session_t *out, model_user_t *user)
{
    if (!token || !pl_id_valid(token, strlen(token)))
        return PL_EINVAL;
    if (app_session_cache_get(token, pl_time_ms(), out, user) != PL_OK)
        return PL_ENOTFOUND;
    return allowed(out);
}

int app_sessions_cached_self(const char *token, app_session_t *out, app_session_cache_copy_fn copy, void *ctx, const char **json,
                             size_t *len)
{
    if (!token || !pl_id_valid(token, strlen(token)))
        return PL_EINVAL;
    if (app_session_cache_get_self(token, pl_time_ms(), out, copy, ctx, json, len) != PL_OK)
        return PL_ENOTFOUND;
    return allowed(out);
}

int app_sessions_lookup_user(PGconn *db, const char *token, app_session_t *out, model_user_t *user)
{
    model_session_t m;
    if (!token || !pl_id_valid(token, strlen(token)))
        return PL_ENOTFOUND;
    int64_t now = pl_time_ms();
    if (app_session_cache_get(token, now, out, user) == PL_OK)
        return allowed(out);
    uint64_t generation = app_session_cache_generation();
    int rc = store_sessions_lookup_with_user(db, token, now, &m, user);
    if (rc == STORE_ENOTFOUND && (rc = pat_session_create(db, token)) == STORE_OK)
        rc = store_sessions_lookup_with_user(db, token, now, &m, user);
    if (rc != STORE_OK)
        return rc == STORE_ENOTFOUND ? PL_ENOTFOUND : PL_EAGAIN; /* unreachable, timed out, failed: not "no session" */
    to_app(&m, out);
    model_session_dispose(&m);
    app_session_cache_put(token, generation, out, user);
    return allowed(out);
}

int app_sessions_lookup(PGconn *db, const char *token, app_session_t *out)
{
    model_user_t u;
    model_user_init(&u);
    int rc = app_sessions_lookup_user(db, token, out, &u);
    model_user_dispose(&u);
    return rc;
}

int app_sessions_has_role(const app_session_t *s, const char *role)
{
    return s && model_roles_contains(s->roles, role);
}

bool app_sessions_touch_due(const app_session_t *s)
{
    return pl_time_ms() - s->last_activity_at >= TOUCH_INTERVAL_MS;
}

int app_sessions_touch(PGconn *db, app_session_t *s)
{
    int64_t now = pl_time_ms(), expires = 0;
    if (!app_sessions_touch_due(s))
        return PL_OK;
    if (s->kind == APP_SESSION_LOGIN && model_config_get()->service.extend_session_length_with_activity)
        expires = now + length_ms(s->is_mobile || s->device_id[0]);
    if (store_sessions_touch(db, s->id, now, expires) != STORE_OK)
        return PL_EIO;
    s->last_activity_at = now;
    if (expires)
        s->expires_at = expires;
    app_session_cache_touched(s->id, now, expires);
    return PL_OK;
}

void app_sessions_closed(const char *session_id)
{
    ws_close_session(session_id);
}

int app_sessions_revoke(PGconn *db, const char *session_id)
{
    int rc = store_sessions_delete(db, session_id, NULL);
    return app_error_code_from_store(rc);
}

static json_t *login_props(const char *csrf, bool mobile, bool is_guest, const char *user_agent)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "csrf", csrf, "isMobile", mobile ? "true" : "false", "is_guest",
                     is_guest ? "true" : "false", "isOAuthUser", "false", "isSaml", "false", "browser",
                     user_agent ? user_agent : "");
}

int app_sessions_create_login(PGconn *db, const char *user_id, const char *device_id, bool mobile, bool is_guest,
                              const char *user_agent, char token_out[APP_SESSION_ID_LEN + 1], app_session_t *out, app_error_t *e)
{
    model_session_t s;
    char csrf[PL_ID_LEN + 1];
    model_session_init(&s);
    pl_id_new(s.id);
    pl_id_new(s.token);
    pl_id_new(csrf);
    snprintf(s.user_id, sizeof(s.user_id), "%s", user_id);
    snprintf(s.device_id, sizeof(s.device_id), "%s", device_id ? device_id : "");
    s.is_mobile = mobile || s.device_id[0];
    s.create_at = pl_time_ms();
    s.expires_at = s.create_at + length_ms(s.is_mobile);
    s.props = login_props(csrf, s.is_mobile, is_guest, user_agent);
    int rc = s.device_id[0] ? store_sessions_delete_by_device(db, s.device_id, s.id, app_sessions_closed) : STORE_OK;
    if (rc == STORE_OK)
        rc = store_sessions_insert(db, &s);
    if (rc == STORE_OK) {
        to_app(&s, out);
        memcpy(token_out, s.token, sizeof(s.token));
    }
    model_session_dispose(&s);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.session.save.app_error", 0);
    return 0;
}

int app_sessions_list(PGconn *db, const app_session_t *viewer, const char *user_id, json_t **out, app_error_t *e)
{
    store_session_list_t l = {0};
    if (app_permissions_can_edit_user(db, viewer, user_id, e) < 0)
        return -1;
    int rc = store_sessions_list(db, user_id, pl_time_ms(), &l);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.session.get_sessions.app_error", 0);
    *out = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(*out, model_session_to_json(&l.items[i]));
    store_sessions_list_dispose(&l);
    return 0;
}

int app_sessions_revoke_for_user(PGconn *db, const app_session_t *viewer, const char *user_id, const char *session_id,
                                 app_error_t *e)
{
    if (app_permissions_can_edit_user(db, viewer, user_id, e) < 0)
        return -1;
    if (!session_id || !pl_id_valid(session_id, strlen(session_id)))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "session_id");
    int rc = store_sessions_delete(db, session_id, user_id);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 400, "api.user.revoke_session.app_error", NULL);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.session.remove.app_error", 0);
    ws_close_session(session_id);
    return 0;
}

int app_sessions_revoke_all(PGconn *db, const app_session_t *viewer, const char *user_id, app_error_t *e)
{
    if (app_permissions_can_edit_user(db, viewer, user_id, e) < 0)
        return -1;
    int rc = store_sessions_delete_by_user(db, user_id);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.session.remove_all.app_error", 0);
    ws_close_user(user_id);
    return 0;
}

int app_sessions_attach_device(PGconn *db, app_session_t *s, const char *device_id, app_error_t *e)
{
    if (!device_id || !device_id[0] || strlen(device_id) > APP_SESSION_DEVICE_MAX)
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "device_id");
    int64_t expires = pl_time_ms() + length_ms(true);
    int rc = store_sessions_delete_by_device(db, device_id, s->id, app_sessions_closed);
    if (rc == STORE_OK)
        rc = store_sessions_set_device(db, s->id, device_id, expires);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.session.update_device_id.app_error", 0);
    snprintf(s->device_id, sizeof(s->device_id), "%s", device_id);
    s->expires_at = expires;
    return 0;
}
