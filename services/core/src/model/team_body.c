/* Decoders of the team request bodies that are not a Team (model/team_body.h) (owner: teams). */
#include "model/team_body.h"

#include <string.h>

static const char *const INVALID = "api.context.invalid_body_param.app_error";
static const char *const INVALID_MEMBER = "api.team.add_team_member.invalid_body.app_error";

/* A string member (absent or null: ""); -1 on another type or an embedded NUL. */
static int str_member(const json_t *o, const char *key, const char **dst)
{
    const json_t *v = json_object_get(o, key);
    *dst = "";
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
        return -1;
    *dst = json_string_value(v);
    return 0;
}

static int member(const json_t *o, model_team_body_member_t *m)
{
    if (!json_is_object(o))
        return -1;
    return str_member(o, "team_id", &m->team_id) < 0 || str_member(o, "user_id", &m->user_id) < 0 ? -1 : 0;
}

const char *model_team_body_member_from_json(void *out, const json_t *o, const char **detail)
{
    if (member(o, out) < 0) {
        *detail = "member";
        return INVALID_MEMBER;
    }
    return NULL;
}

const char *model_team_body_members_from_json(void *out, const json_t *a, const char **detail)
{
    model_team_body_members_t *l = out;
    size_t n = json_array_size(a);
    *detail = "members";
    if (n == 0 || n > MODEL_TEAM_BODY_BATCH_MAX)
        return INVALID;
    for (size_t i = 0; i < n; i++)
        if (member(json_array_get(a, i), &l->v[i]) < 0)
            return INVALID;
    l->n = n;
    *detail = NULL;
    return NULL;
}

/* An integer member (absent or null: -1); -1 on another type. */
static int int_member(const json_t *o, const char *key, int64_t *dst)
{
    const json_t *v = json_object_get(o, key);
    *dst = -1;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return -1;
    *dst = json_integer_value(v);
    return 0;
}

const char *model_team_body_search_from_json(void *out, const json_t *o, const char **detail)
{
    model_team_body_search_t *s = out;
    const json_t *open = json_object_get(o, "allow_open_invite");
    *detail = "team_search";
    if (str_member(o, "term", &s->term) < 0 || int_member(o, "page", &s->page) < 0 || int_member(o, "per_page", &s->per_page) < 0)
        return INVALID;
    s->allow_open_invite = -1;
    if (open && !json_is_null(open)) {
        if (!json_is_boolean(open))
            return INVALID;
        s->allow_open_invite = json_is_true(open);
    }
    *detail = NULL;
    return NULL;
}

/* model.IsValidUserRoles: space-separated role names, each [a-z0-9_]+. */
static bool roles_valid(const char *s)
{
    for (; *s; s++)
        if (!(*s == ' ' || *s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

const char *model_team_body_roles_from_json(void *out, const json_t *o, const char **detail)
{
    model_team_body_roles_t *r = out;
    *detail = "team_member_roles";
    if (str_member(o, "roles", &r->roles) < 0 || !roles_valid(r->roles) || strlen(r->roles) > 256)
        return INVALID;
    *detail = NULL;
    return NULL;
}

static int bool_member(const json_t *o, const char *key, bool *dst)
{
    const json_t *v = json_object_get(o, key);
    *dst = false;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return -1;
    *dst = json_is_true(v);
    return 0;
}

const char *model_team_body_scheme_roles_from_json(void *out, const json_t *o, const char **detail)
{
    model_team_body_scheme_roles_t *r = out;
    if (bool_member(o, "scheme_guest", &r->scheme_guest) < 0 || bool_member(o, "scheme_user", &r->scheme_user) < 0 ||
        bool_member(o, "scheme_admin", &r->scheme_admin) < 0) {
        *detail = "scheme_roles";
        return INVALID;
    }
    return NULL;
}
