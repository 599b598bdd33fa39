/* Session management routes (owner: accounts). */
#include "api/users_common.h"

int api_users_sessions_get(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    const char *uid = api_accounts_user_id(r);
    if (!uid)
        return HTTP_DONE;
    int rc = app_sessions_list(r->db, api_accounts_session(r), uid, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

int api_users_sessions_revoke(http_request_t *r)
{
    app_error_t e = {0};
    const char *uid = api_accounts_user_id(r);
    json_t *body = uid ? http_request_json(r, JSON_OBJECT) : NULL;
    if (!body)
        return HTTP_DONE;
    const char *sid = json_string_value(json_object_get(body, "session_id"));
    int rc = app_sessions_revoke_for_user(r->db, api_accounts_session(r), uid, sid, &e);
    api_accounts_answer_ok(r, rc, &e);
    json_decref(body);
    return HTTP_DONE;
}

int api_users_sessions_revoke_all(http_request_t *r)
{
    app_error_t e = {0};
    const char *uid = api_accounts_user_id(r);
    if (!uid)
        return HTTP_DONE;
    int rc = app_sessions_revoke_all(r->db, api_accounts_session(r), uid, &e);
    return api_accounts_answer_ok(r, rc, &e);
}

int api_users_sessions_device(http_request_t *r)
{
    app_error_t e = {0};
    json_t *body = http_request_json(r, JSON_OBJECT);
    if (!body)
        return HTTP_DONE;
    const json_t *dev = json_object_get(body, "device_id");
    int rc = dev && !json_is_string(dev) ? app_error_set(&e, 400, "api.context.invalid_body_param.app_error", "device_id")
                                         : app_sessions_attach_device(r->db, api_accounts_session(r), json_string_value(dev), &e);
    api_accounts_answer_ok(r, rc, &e);
    json_decref(body);
    return HTTP_DONE;
}
