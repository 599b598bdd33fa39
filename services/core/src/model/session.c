#include "model/session.h"

#include <string.h>

void model_session_init(model_session_t *s)
{
    memset(s, 0, sizeof(*s));
}

void model_session_dispose(model_session_t *s)
{
    json_decref(s->props);
    s->props = NULL;
}

json_t *model_session_to_json(const model_session_t *s)
{
    return json_pack("{s:s,s:s,s:I,s:I,s:I,s:s,s:s,s:s,s:b,s:b,s:o,s:[],s:b}", "id", s->id, "token", "", "create_at",
                     (json_int_t)s->create_at, "expires_at", (json_int_t)s->expires_at, "last_activity_at",
                     (json_int_t)s->last_activity_at, "user_id", s->user_id, "device_id", s->device_id, "roles", s->roles,
                     "is_oauth", 0, "expired_notify", 0, "props", s->props ? json_incref(s->props) : json_object(), "team_members",
                     "local", 0);
}

const char *model_session_revoke_from_json(void *out, const json_t *o, const char **detail)
{
    model_session_revoke_t *r = out;
    *detail = NULL;
    r->session_id = json_string_value(json_object_get(o, "session_id"));
    return NULL;
}

const char *model_session_device_from_json(void *out, const json_t *o, const char **detail)
{
    model_session_device_t *d = out;
    const json_t *v = json_object_get(o, "device_id");
    *detail = "device_id";
    if (v && !json_is_string(v))
        return "api.context.invalid_body_param.app_error";
    d->device_id = json_string_value(v);
    *detail = NULL;
    return NULL;
}
