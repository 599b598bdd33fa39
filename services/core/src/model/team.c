#include "model/team.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/user.h"

/* Mattermost's reservedName (model/utils.go): a team name may not start with one of these. */
static const char *const RESERVED[] = {"admin", "api",   "channel", "claim",   "error", "files",  "help",   "landing",   "login",
                                       "mfa",   "oauth", "plug",    "plugins", "post",  "signup", "boards", "playbooks", NULL};

static json_t *str_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

static json_t *tristate(int v)
{
    return v < 0 ? json_null() : json_boolean(v);
}

json_t *model_team_to_json(const model_team_t *t, bool sanitize)
{
    char type[2] = {t->type ? t->type : MODEL_TEAM_OPEN, '\0'};
    json_t *o = json_pack("{s:s,s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "id", t->id, "create_at",
                          (json_int_t)t->create_at, "update_at", (json_int_t)t->update_at, "delete_at", (json_int_t)t->delete_at,
                          "display_name", t->display_name, "name", t->name, "description", t->description, "email",
                          sanitize ? "" : t->email, "type", type, "company_name", t->company_name, "allowed_domains",
                          t->allowed_domains, "invite_id", sanitize ? "" : t->invite_id, "allow_open_invite", t->allow_open_invite);
    if (!o)
        abort();
    if (t->last_team_icon_update)
        json_object_set_new(o, "last_team_icon_update", json_integer(t->last_team_icon_update));
    json_object_set_new(o, "scheme_id", str_or_null(t->scheme_id));
    json_object_set_new(o, "group_constrained", tristate(t->group_constrained));
    json_object_set_new(o, "policy_id", json_null());
    json_object_set_new(o, "cloud_limits_archived", json_boolean(t->cloud_limits_archived));
    return o;
}

/* isValidAlphaNum: ^[a-z0-9]+([a-z\-0-9]+|(__)?)[a-z0-9]+$ */
static int alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int team_name_chars_valid(const char *s)
{
    size_t len = strlen(s);
    if (len < 2 || !alnum(s[0]) || !alnum(s[len - 1]))
        return 0;
    const char *us = strstr(s, "__");
    if (us) /* exactly alnum+ "__" alnum+ */
        for (size_t i = 0; i < len; i++)
            if (!alnum(s[i]) && !((s + i == us || s + i == us + 1)))
                return 0;
    if (!us)
        for (size_t i = 0; i < len; i++)
            if (!alnum(s[i]) && s[i] != '-')
                return 0;
    return 1;
}

static int team_name_reserved(const char *s)
{
    for (size_t i = 0; RESERVED[i]; i++)
        if (strncasecmp(s, RESERVED[i], strlen(RESERVED[i])) == 0)
            return 1;
    return 0;
}

const char *model_team_name_check(const char *name)
{
    if (strlen(name) > MODEL_TEAM_NAME_MAX)
        return "model.team.is_valid.url.app_error";
    if (team_name_reserved(name))
        return "model.team.is_valid.reserved.app_error";
    if (!team_name_chars_valid(name))
        return "model.team.is_valid.characters.app_error";
    return NULL;
}

/* IsValidEmail, loosely: lower case, one '@' with text on both sides, no spaces or brackets. */
static int email_valid(const char *e)
{
    const char *at = strchr(e, '@');
    if (!at || at == e || !at[1] || strchr(at + 1, '@'))
        return 0;
    for (const char *p = e; *p; p++)
        if ((unsigned char)*p <= ' ' || strchr("<>()\"\\,;", *p) || (*p >= 'A' && *p <= 'Z'))
            return 0;
    return 1;
}

const char *model_team_is_valid(const model_team_t *t)
{
    size_t dn = model_utf8_len(t->display_name);
    if (!pl_id_valid(t->id, strlen(t->id)))
        return "model.team.is_valid.id.app_error";
    if (t->create_at == 0)
        return "model.team.is_valid.create_at.app_error";
    if (t->update_at == 0)
        return "model.team.is_valid.update_at.app_error";
    if (strlen(t->email) > 128 || (t->email[0] && !email_valid(t->email)))
        return "model.team.is_valid.email.app_error";
    if (dn == 0 || dn > MODEL_TEAM_DISPLAY_NAME_MAX)
        return "model.team.is_valid.name.app_error";
    if (strlen(t->name) > MODEL_TEAM_NAME_MAX)
        return "model.team.is_valid.url.app_error";
    if (strlen(t->description) > MODEL_TEAM_DESCRIPTION_MAX)
        return "model.team.is_valid.description.app_error";
    if (!t->invite_id[0])
        return "model.team.is_valid.invite_id.app_error";
    const char *name = model_team_name_check(t->name);
    if (name)
        return name;
    if (t->type != MODEL_TEAM_OPEN && t->type != MODEL_TEAM_INVITE)
        return "model.team.is_valid.type.app_error";
    if (strlen(t->company_name) > MODEL_TEAM_COMPANY_NAME_MAX)
        return "model.team.is_valid.company.app_error";
    if (strlen(t->allowed_domains) > MODEL_TEAM_ALLOWED_DOMAINS_VALID_MAX)
        return "model.team.is_valid.domains.app_error";
    return NULL;
}

/* A string member that fits n bytes; absent or null: *dst stays NULL. -1: wrong type, -2: too long. */
static int ref(const json_t *o, const char *k, size_t n, const char **dst)
{
    const json_t *v = json_object_get(o, k);
    *dst = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return -1;
    if (json_string_length(v) >= n)
        return -2;
    *dst = json_string_value(v);
    return 0;
}

static int flag(const json_t *o, const char *k, int *dst)
{
    const json_t *v = json_object_get(o, k);
    *dst = -1;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return -1;
    *dst = json_is_true(v);
    return 0;
}

typedef struct str_field {
    const char *key;
    size_t off, cap;
    const char *too_long; /* AppError id when the value does not fit the buffer */
} str_field_t;

#define TF(k, cap, err)                                                                                                            \
    {                                                                                                                              \
#k, offsetof(model_team_patch_t, k), cap, err                                                                              \
    }
static const str_field_t TEAM_FIELDS[] = {
    TF(id, PL_ID_LEN + 1, "model.team.is_valid.id.app_error"),
    TF(name, 4096, "model.team.is_valid.url.app_error"),
    TF(display_name, sizeof(((model_team_t *)0)->display_name), "model.team.is_valid.name.app_error"),
    TF(description, sizeof(((model_team_t *)0)->description), "model.team.is_valid.description.app_error"),
    TF(email, sizeof(((model_team_t *)0)->email), "model.team.is_valid.email.app_error"),
    TF(type, 2, "model.team.is_valid.type.app_error"),
    TF(company_name, sizeof(((model_team_t *)0)->company_name), "model.team.is_valid.company.app_error"),
    TF(allowed_domains, sizeof(((model_team_t *)0)->allowed_domains), "model.team.is_valid.domains.app_error"),
    TF(invite_id, 4096, "model.team.is_valid.invite_id.app_error"),
};

const char *model_team_patch_from_json(void *out, const json_t *o, const char **detail)
{
    model_team_patch_t *p = out;
    memset(p, 0, sizeof(*p));
    p->allow_open_invite = p->group_constrained = -1;
    *detail = "team";
    if (!json_is_object(o))
        return "api.context.invalid_body_param.app_error";
    for (size_t i = 0; i < sizeof(TEAM_FIELDS) / sizeof(TEAM_FIELDS[0]); i++) {
        const str_field_t *f = &TEAM_FIELDS[i];
        int rc = ref(o, f->key, f->cap, (const char **)((char *)p + f->off));
        if (rc == -1)
            return "api.context.invalid_body_param.app_error";
        if (rc == -2)
            return *detail = NULL, f->too_long;
    }
    if (flag(o, "allow_open_invite", &p->allow_open_invite) < 0 || flag(o, "group_constrained", &p->group_constrained) < 0)
        return "api.context.invalid_body_param.app_error";
    *detail = NULL;
    return NULL;
}

/* Team.syncTypeAndAllowOpenInvite: invite-only wins. */
static void sync_type(model_team_t *t)
{
    if (t->type == MODEL_TEAM_INVITE)
        t->allow_open_invite = false;
    t->type = t->allow_open_invite ? MODEL_TEAM_OPEN : MODEL_TEAM_INVITE;
}

static void copy(char *dst, size_t n, const char *src)
{
    if (src)
        snprintf(dst, n, "%s", src);
}

const char *model_team_patch_apply(model_team_t *t, const model_team_patch_t *p)
{
    if (p->name && strlen(p->name) > MODEL_TEAM_NAME_MAX)
        return "model.team.is_valid.url.app_error";
    copy(t->name, sizeof(t->name), p->name);
    copy(t->display_name, sizeof(t->display_name), p->display_name);
    copy(t->description, sizeof(t->description), p->description);
    copy(t->email, sizeof(t->email), p->email);
    copy(t->company_name, sizeof(t->company_name), p->company_name);
    copy(t->allowed_domains, sizeof(t->allowed_domains), p->allowed_domains);
    if (p->type)
        t->type = p->type[0] && !p->type[1] ? p->type[0] : '?';
    if (p->type && p->allow_open_invite < 0)
        t->allow_open_invite = t->type == MODEL_TEAM_OPEN;
    if (p->allow_open_invite >= 0) {
        t->allow_open_invite = p->allow_open_invite;
        if (!p->type)
            t->type = p->allow_open_invite ? MODEL_TEAM_OPEN : MODEL_TEAM_INVITE;
    }
    if (p->group_constrained >= 0)
        t->group_constrained = p->group_constrained;
    if (t->type != MODEL_TEAM_OPEN && t->type != MODEL_TEAM_INVITE)
        return "model.team.is_valid.type.app_error";
    sync_type(t);
    return model_team_is_valid(t);
}

void model_team_list_dispose(model_team_list_t *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

json_t *model_team_list_to_json(const model_team_list_t *l, bool sanitize)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, model_team_to_json(&l->items[i], sanitize));
    return a;
}
