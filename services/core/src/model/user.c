#include "model/user.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "parley/err.h"
#include "parley/id.h"

static const char *const RESERVED_NAMES[] = {"all", "channel", "matterbot", "system", "here", NULL};
static const char *const SYSTEM_ROLES[] = {"system_user",
                                           "system_admin",
                                           "system_guest",
                                           "system_post_all",
                                           "system_post_all_public",
                                           "system_user_access_token",
                                           "system_user_manager",
                                           "system_manager",
                                           "system_read_only_admin",
                                           "system_custom_group_admin",
                                           NULL};

void model_user_init(model_user_t *u)
{
    memset(u, 0, sizeof(*u));
}

void model_user_dispose(model_user_t *u)
{
    json_decref(u->props);
    json_decref(u->notify_props);
    json_decref(u->timezone);
    u->props = u->notify_props = u->timezone = NULL;
}

static json_t *default_notify_props(void)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "channel", "true", "comments", "never", "desktop",
                     "mention", "desktop_sound", "true", "desktop_threads", "all", "email", "true", "email_threads", "all",
                     "first_name", "false", "mention_keys", "", "push", "mention", "push_status", "away", "push_threads", "all");
}

void model_user_set_defaults(model_user_t *u)
{
    if (!u->notify_props)
        u->notify_props = default_notify_props();
    if (!u->timezone)
        u->timezone = json_pack("{s:s,s:s,s:s}", "automaticTimezone", "", "manualTimezone", "", "useAutomaticTimezone", "true");
    if (!u->props)
        u->props = json_object();
    if (!u->locale[0])
        snprintf(u->locale, sizeof(u->locale), "en");
    if (!u->roles[0])
        snprintf(u->roles, sizeof(u->roles), "system_user");
}

static void set_int_oe(json_t *o, const char *k, int64_t v)
{
    if (v)
        json_object_set_new(o, k, json_integer(v));
}

static json_t *obj_or_empty(const json_t *v)
{
    return v ? json_deep_copy(v) : json_object();
}

static void add_private(json_t *o, const model_user_t *u)
{
    if (u->email_verified)
        json_object_set_new(o, "email_verified", json_true());
    if (u->allow_marketing)
        json_object_set_new(o, "allow_marketing", json_true());
    json_object_set_new(o, "notify_props", obj_or_empty(u->notify_props));
    set_int_oe(o, "last_password_update", u->last_password_update);
    set_int_oe(o, "failed_attempts", u->failed_attempts);
}

json_t *model_user_to_json(const model_user_t *u, unsigned flags)
{
    bool hide_name = flags & MODEL_USER_HIDE_FULLNAME;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(u->id));
    set_int_oe(o, "create_at", u->create_at);
    set_int_oe(o, "update_at", u->update_at);
    json_object_set_new(o, "delete_at", json_integer(u->delete_at));
    json_object_set_new(o, "username", json_string(u->username));
    json_object_set_new(o, "auth_data", json_string(""));
    json_object_set_new(o, "auth_service", json_string(u->auth_service));
    json_object_set_new(o, "email", json_string((flags & MODEL_USER_HIDE_EMAIL) ? "" : u->email));
    json_object_set_new(o, "nickname", json_string(u->nickname));
    json_object_set_new(o, "first_name", json_string(hide_name ? "" : u->first_name));
    json_object_set_new(o, "last_name", json_string(hide_name ? "" : u->last_name));
    json_object_set_new(o, "position", json_string(u->position));
    json_object_set_new(o, "roles", json_string(u->roles));
    json_object_set_new(o, "props", obj_or_empty(u->props));
    if (flags & MODEL_USER_SANITIZE_OTHER)
        json_object_set_new(o, "notify_props", json_object());
    else
        add_private(o, u);
    set_int_oe(o, "last_picture_update", u->last_picture_update);
    json_object_set_new(o, "locale", json_string(u->locale));
    json_object_set_new(o, "timezone", obj_or_empty(u->timezone));
    if (u->mfa_active)
        json_object_set_new(o, "mfa_active", json_true());
    set_int_oe(o, "last_activity_at", u->last_activity_at);
    if (u->is_bot) {
        json_object_set_new(o, "is_bot", json_true());
        json_object_set_new(o, "bot_description", json_string(u->bot_description));
    }
    json_object_set_new(o, "disable_welcome_email", json_boolean(u->disable_welcome_email));
    return o;
}

/* Copy a JSON string member into dst. Absent: untouched. Wrong type or too long: error. */
static int take_str(const json_t *obj, const char *key, char *dst, size_t n, const char **bad)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return PL_OK;
    if (!json_is_string(v) || json_string_length(v) >= n || strlen(json_string_value(v)) != json_string_length(v)) {
        *bad = key;
        return PL_EINVAL;
    }
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return PL_OK;
}

/* Replace *dst by a copy of an object member whose values are all strings. */
static int take_str_map(const json_t *obj, const char *key, json_t **dst, const char **bad)
{
    const json_t *v = json_object_get(obj, key);
    const char *k;
    json_t *val;
    if (!v || json_is_null(v))
        return PL_OK;
    if (!json_is_object(v))
        goto Bad;
    json_object_foreach((json_t *)v, k, val)
    {
        if (!json_is_string(val))
            goto Bad;
    }
    json_decref(*dst);
    *dst = json_deep_copy(v);
    return PL_OK;
Bad:
    *bad = key;
    return PL_EINVAL;
}

static int take_common(model_user_t *u, const json_t *obj, const char **bad)
{
    if (take_str(obj, "username", u->username, sizeof(u->username), bad) ||
        take_str(obj, "email", u->email, sizeof(u->email), bad) ||
        take_str(obj, "nickname", u->nickname, sizeof(u->nickname), bad) ||
        take_str(obj, "first_name", u->first_name, sizeof(u->first_name), bad) ||
        take_str(obj, "last_name", u->last_name, sizeof(u->last_name), bad) ||
        take_str(obj, "position", u->position, sizeof(u->position), bad) ||
        take_str(obj, "locale", u->locale, sizeof(u->locale), bad) || take_str_map(obj, "props", &u->props, bad) ||
        take_str_map(obj, "notify_props", &u->notify_props, bad) || take_str_map(obj, "timezone", &u->timezone, bad))
        return PL_EINVAL;
    return PL_OK;
}

int model_user_from_json(model_user_t *u, const json_t *obj, char *password_out, size_t n, const char **bad_field)
{
    char pw[256] = "";
    if (!json_is_object(obj)) {
        *bad_field = "user";
        return PL_EINVAL;
    }
    if (take_common(u, obj, bad_field) || take_str(obj, "password", pw, sizeof(pw), bad_field))
        return PL_EINVAL;
    if (password_out)
        snprintf(password_out, n, "%s", pw);
    return PL_OK;
}

int model_user_patch(model_user_t *u, const json_t *patch, const char **bad_field)
{
    if (!json_is_object(patch)) {
        *bad_field = "user";
        return PL_EINVAL;
    }
    return take_common(u, patch, bad_field);
}

size_t model_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

int model_user_username_valid(const char *name)
{
    size_t len = strlen(name);
    if (len < 1 || len > MODEL_USER_NAME_MAX || !isalpha((unsigned char)name[0]))
        return 0;
    for (const char *p = name; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr(".-_", *p)))
            return 0;
    for (int i = 0; RESERVED_NAMES[i]; i++)
        if (strcmp(name, RESERVED_NAMES[i]) == 0)
            return 0;
    return 1;
}

int model_roles_contains(const char *roles, const char *role)
{
    size_t rl = strlen(role);
    for (const char *p = roles; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n == rl && n > 0 && strncmp(p, role, n) == 0)
            return 1;
        p += n;
    }
    return 0;
}

static int is_system_role(const char *p, size_t n)
{
    for (int i = 0; SYSTEM_ROLES[i]; i++)
        if (strlen(SYSTEM_ROLES[i]) == n && strncmp(SYSTEM_ROLES[i], p, n) == 0)
            return 1;
    return 0;
}

int model_user_roles_valid(const char *roles)
{
    int count = 0;
    if (strlen(roles) > MODEL_USER_ROLES_MAX)
        return 0;
    for (const char *p = roles; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n > 0 && !is_system_role(p, n))
            return 0;
        count += n > 0;
        p += n;
    }
    return count > 0;
}

static int email_valid(const char *e)
{
    const char *at = strchr(e, '@');
    size_t len = strlen(e);
    if (len < 3 || len > MODEL_USER_EMAIL_MAX || !at || at == e || !at[1] || strchr(at + 1, '@'))
        return 0;
    for (const char *p = e; *p; p++)
        if ((unsigned char)*p <= ' ' || strchr("<>()\"\\,;", *p))
            return 0;
    return 1;
}

static void lower_trim(char *s)
{
    size_t len = strlen(s), start = 0;
    while (start < len && isspace((unsigned char)s[start]))
        start++;
    while (len > start && isspace((unsigned char)s[len - 1]))
        len--;
    memmove(s, s + start, len - start);
    s[len - start] = '\0';
    for (char *p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
}

void model_user_normalize(model_user_t *u)
{
    lower_trim(u->username);
    lower_trim(u->email);
}

const char *model_user_validate(const model_user_t *u)
{
    if (!pl_id_valid(u->id, strlen(u->id)))
        return "model.user.is_valid.id.app_error";
    if (!model_user_username_valid(u->username))
        return "model.user.is_valid.username.app_error";
    if (!email_valid(u->email))
        return "model.user.is_valid.email.app_error";
    if (model_utf8_len(u->nickname) > MODEL_USER_TEXT_MAX)
        return "model.user.is_valid.nickname.app_error";
    if (model_utf8_len(u->position) > MODEL_USER_POSITION_MAX)
        return "model.user.is_valid.position.app_error";
    if (model_utf8_len(u->first_name) > MODEL_USER_TEXT_MAX)
        return "model.user.is_valid.first_name.app_error";
    if (model_utf8_len(u->last_name) > MODEL_USER_TEXT_MAX)
        return "model.user.is_valid.last_name.app_error";
    if (!u->locale[0])
        return "model.user.is_valid.locale.app_error";
    if (!model_user_roles_valid(u->roles))
        return "model.user.is_valid.roles_limit.app_error";
    return NULL;
}

void model_user_list_dispose(model_user_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        model_user_dispose(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
