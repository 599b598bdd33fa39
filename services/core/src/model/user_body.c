/* Decoders of the /users request bodies (model/user.h), for api/route.h rows (owner: accounts). */
#include "model/user.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const char *const INVALID = "api.context.invalid_body_param.app_error";

const char *model_user_new_from_json(void *out, const json_t *o, const char **detail)
{
    model_user_new_t *n = out;
    model_user_init(&n->user);
    if (model_user_from_json(&n->user, o, n->password, sizeof(n->password), detail) != 0)
        return INVALID;
    return NULL;
}

void model_user_new_dispose(void *p)
{
    model_user_new_t *n = p;
    model_user_dispose(&n->user);
    memset(n->password, 0, sizeof(n->password));
}

/* The UserPatch members: where they go in the patch and how big they may be in the user. */
typedef struct patch_field {
    const char *key;
    size_t patch_off, user_off, user_size;
} patch_field_t;

#define FIELD(k)                                                                                                                   \
    {                                                                                                                              \
#k, offsetof(model_user_patch_t, k), offsetof(model_user_t, k), sizeof(((model_user_t *)0)->k)                             \
    }
static const patch_field_t FIELDS[] = {FIELD(username),  FIELD(email),    FIELD(nickname), FIELD(first_name),
                                       FIELD(last_name), FIELD(position), FIELD(locale)};
#undef FIELD

/* A string member that fits n bytes (no embedded NUL); absent or null: *dst stays NULL. */
static int ref_str(const json_t *o, const char *key, size_t n, const char **dst)
{
    const json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v) || json_string_length(v) >= n || strlen(json_string_value(v)) != json_string_length(v))
        return -1;
    *dst = json_string_value(v);
    return 0;
}

/* An object member whose values are all strings; absent or null: *dst stays NULL. */
static int ref_str_map(const json_t *o, const char *key, const json_t **dst)
{
    const json_t *v = json_object_get(o, key), *val;
    const char *k;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return -1;
    json_object_foreach((json_t *)v, k, val)
    {
        if (!json_is_string(val))
            return -1;
    }
    *dst = v;
    return 0;
}

const char *model_user_patch_from_json(void *out, const json_t *o, const char **detail)
{
    model_user_patch_t *p = out;
    *detail = "user";
    if (!json_is_object(o))
        return INVALID;
    for (size_t i = 0; i < sizeof(FIELDS) / sizeof(FIELDS[0]); i++) {
        *detail = FIELDS[i].key;
        if (ref_str(o, FIELDS[i].key, FIELDS[i].user_size, (const char **)(void *)((char *)p + FIELDS[i].patch_off)) < 0)
            return INVALID;
    }
    *detail = "props";
    if (ref_str_map(o, "props", &p->props) < 0)
        return INVALID;
    *detail = "notify_props";
    if (ref_str_map(o, "notify_props", &p->notify_props) < 0)
        return INVALID;
    *detail = "timezone";
    if (ref_str_map(o, "timezone", &p->timezone) < 0)
        return INVALID;
    *detail = NULL;
    return NULL;
}

static void replace_map(json_t **dst, const json_t *src)
{
    if (!src)
        return;
    json_decref(*dst);
    *dst = json_deep_copy(src);
}

void model_user_patch_apply(model_user_t *u, const model_user_patch_t *p)
{
    for (size_t i = 0; i < sizeof(FIELDS) / sizeof(FIELDS[0]); i++) {
        const char *v = *(const char *const *)(const void *)((const char *)p + FIELDS[i].patch_off);
        if (v)
            snprintf((char *)u + FIELDS[i].user_off, FIELDS[i].user_size, "%s", v);
    }
    replace_map(&u->props, p->props);
    replace_map(&u->notify_props, p->notify_props);
    replace_map(&u->timezone, p->timezone);
}

/* A string member or absent (NULL); anything else is an error. */
static int opt_str(const json_t *o, const char *key, const char **dst)
{
    const json_t *v = json_object_get(o, key);
    if (v && !json_is_string(v))
        return -1;
    *dst = v ? json_string_value(v) : NULL;
    return 0;
}

const char *model_user_password_update_from_json(void *out, const json_t *o, const char **detail)
{
    model_user_password_update_t *p = out;
    *detail = "password";
    if (!json_is_object(o))
        return INVALID;
    *detail = "current_password";
    if (opt_str(o, "current_password", &p->current_password) < 0)
        return INVALID;
    *detail = "new_password";
    if (opt_str(o, "new_password", &p->new_password) < 0)
        return INVALID;
    *detail = NULL;
    return NULL;
}

const char *model_user_active_from_json(void *out, const json_t *o, const char **detail)
{
    model_user_active_t *a = out;
    const json_t *v = json_object_get(o, "active");
    *detail = "active";
    if (!json_is_object(o) || !json_is_boolean(v))
        return INVALID;
    a->active = json_is_true(v);
    *detail = NULL;
    return NULL;
}

const char *model_user_roles_update_from_json(void *out, const json_t *o, const char **detail)
{
    model_user_roles_update_t *r = out;
    const char *roles = json_string_value(json_object_get(o, "roles"));
    *detail = "roles";
    if (!roles || !model_user_roles_valid(roles))
        return INVALID;
    r->roles = roles;
    *detail = NULL;
    return NULL;
}

/* A non-empty string member, or absent/null/"" (NULL); anything else is an error. */
static int opt_nonempty(const json_t *o, const char *key, const char **dst)
{
    const json_t *v = json_object_get(o, key);
    *dst = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return -1;
    *dst = json_string_value(v)[0] ? json_string_value(v) : NULL;
    return 0;
}

const char *model_user_search_from_json(void *out, const json_t *o, const char **detail)
{
    model_user_search_t *s = out;
    const json_t *lim = json_object_get(o, "limit"), *inactive = json_object_get(o, "allow_inactive");
    const json_t *without = json_object_get(o, "without_team"), *term = json_object_get(o, "term");
    *detail = "user_search";
    if (!json_is_object(o) || (term && !json_is_null(term) && !json_is_string(term)) || opt_nonempty(o, "team_id", &s->team_id) ||
        opt_nonempty(o, "not_in_team_id", &s->not_in_team_id) || opt_nonempty(o, "in_channel_id", &s->in_channel_id) ||
        opt_nonempty(o, "not_in_channel_id", &s->not_in_channel_id) || (lim && !json_is_integer(lim)) ||
        (inactive && !json_is_boolean(inactive)) || (without && !json_is_boolean(without)))
        return INVALID;
    s->term = json_string_value(term);
    *detail = "term";
    if (!s->term || !s->term[0] || strlen(s->term) > MODEL_USER_SEARCH_TERM_MAX)
        return INVALID;
    s->has_limit = lim != NULL;
    s->limit = lim ? json_integer_value(lim) : 0;
    s->allow_inactive = json_is_true(inactive);
    s->without_team = json_is_true(without);
    *detail = NULL;
    return NULL;
}
