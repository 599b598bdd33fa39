/* Session management calls (owner: accounts); app/sessions checks who may see or revoke them. */
#include "api/users_sessions.h"

#include "model/session.h"

const api_body_t api_users_sessions_revoke_body = {JSON_OBJECT, sizeof(model_session_revoke_t), model_session_revoke_from_json,
                                                   NULL};
const api_body_t api_users_sessions_device_body = {JSON_OBJECT, sizeof(model_session_device_t), model_session_device_from_json,
                                                   NULL};

int api_users_sessions_get(api_call_t *c)
{
    return app_sessions_list(c->db, c->session, c->user_id, &c->out, &c->err);
}

int api_users_sessions_revoke(api_call_t *c)
{
    const model_session_revoke_t *b = c->body;
    return app_sessions_revoke_for_user(c->db, c->session, c->user_id, b->session_id, &c->err);
}

int api_users_sessions_revoke_all(api_call_t *c)
{
    return app_sessions_revoke_all(c->db, c->session, c->user_id, &c->err);
}

int api_users_sessions_device(api_call_t *c)
{
    const model_session_device_t *b = c->body;
    return app_sessions_attach_device(c->db, c->session, b->device_id, &c->err);
}
