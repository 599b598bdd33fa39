#ifndef PARLEY_CORE_MODEL_USER_H
#define PARLEY_CORE_MODEL_USER_H

/*
 * The User wire object (server/public/model/user.go) and its validation (owner: accounts).
 * Strings are fixed buffers sized for the column limits in UTF-8 (4 bytes a rune); props,
 * notify_props and timezone are owned jansson objects (model_user_dispose releases them).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#define MODEL_USER_NAME_MAX 64 /* username, runes == bytes (ASCII only) */
#define MODEL_USER_EMAIL_MAX 128
#define MODEL_USER_TEXT_MAX 64      /* nickname, first_name, last_name: runes */
#define MODEL_USER_POSITION_MAX 128 /* runes */
#define MODEL_USER_ROLES_MAX 256
#define MODEL_USER_LOCALE_MAX 5
#define MODEL_USER_HASH_MAX 128

typedef struct model_user {
    char id[27];
    int64_t create_at, update_at, delete_at;
    char username[MODEL_USER_NAME_MAX + 1];
    char password[MODEL_USER_HASH_MAX + 1]; /* the stored hash; never serialized */
    char auth_service[33];
    char email[MODEL_USER_EMAIL_MAX * 4 + 1];
    bool email_verified;
    char nickname[MODEL_USER_TEXT_MAX * 4 + 1];
    char first_name[MODEL_USER_TEXT_MAX * 4 + 1];
    char last_name[MODEL_USER_TEXT_MAX * 4 + 1];
    char position[MODEL_USER_POSITION_MAX * 4 + 1];
    char roles[MODEL_USER_ROLES_MAX + 1];
    bool allow_marketing;
    json_t *props;        /* object of strings */
    json_t *notify_props; /* object of strings */
    json_t *timezone;     /* object of strings */
    int64_t last_password_update, last_picture_update;
    int failed_attempts;
    char locale[MODEL_USER_LOCALE_MAX + 1];
    bool mfa_active;
    int64_t last_activity_at, last_login;
    bool is_bot;
    char bot_description[1024 * 4 + 1];
    bool disable_welcome_email;
} model_user_t;

/* Flags for model_user_to_json. */
enum {
    MODEL_USER_SANITIZE_OTHER = 1u << 0, /* seen by another user: drop notify_props & private fields */
    MODEL_USER_HIDE_EMAIL = 1u << 1,     /* PrivacySettings.ShowEmailAddress false (non-admin viewer) */
    MODEL_USER_HIDE_FULLNAME = 1u << 2,  /* PrivacySettings.ShowFullName false (non-admin viewer) */
};

/** Zero the struct (all strings empty, JSON members NULL). */
void model_user_init(model_user_t *u);
void model_user_dispose(model_user_t *u);
/** Fill defaults for a new user: notify_props, timezone, locale "en", roles "system_user". */
void model_user_set_defaults(model_user_t *u);

/** Serialize (never password or mfa_secret). @return a new JSON object (caller decrefs). */
json_t *model_user_to_json(const model_user_t *u, unsigned flags);

/**
 * Read the fields a client may set on create/update from obj into u (present keys only).
 * Wrong types are errors. @return PL_OK or PL_EINVAL with *bad_field set to the JSON key.
 * The plain password, when present, is copied to password_out (size n; may be NULL to ignore).
 */
int model_user_from_json(model_user_t *u, const json_t *obj, char *password_out, size_t n, const char **bad_field);

/**
 * Apply a UserPatch (username, nickname, first_name, last_name, position, email, props,
 * notify_props, locale, timezone; password is ignored here). Same returns as model_user_from_json.
 */
int model_user_patch(model_user_t *u, const json_t *patch, const char **bad_field);

/**
 * Validate a user before saving. @return NULL, or the AppError id
 * (model.user.is_valid.<field>.app_error, status 400).
 */
const char *model_user_validate(const model_user_t *u);

/** Lower-case s in place (ASCII) and trim it. */
void model_user_normalize(model_user_t *u);
/** @return 1 when name is a valid username (^[a-z0-9.\-_]+$, 1..64, not reserved). */
int model_user_username_valid(const char *name);
/** @return 1 when roles is a space-separated list of known system roles. */
int model_user_roles_valid(const char *roles);
/** @return 1 when the space-separated list roles contains role. */
int model_roles_contains(const char *roles, const char *role);
/** @return number of UTF-8 code points in s (invalid bytes count as one each). */
size_t model_utf8_len(const char *s);

/* ---- request bodies (decoders for api/route.h: NULL or the 400 AppError id, *detail the field) ---- */

/** POST /users: a User with its plain password. */
typedef struct model_user_new {
    model_user_t user; /* model_user_init'ed by the decoder; model_user_new_dispose releases it */
    char password[256];
} model_user_new_t;
const char *model_user_new_from_json(void *out, const json_t *o, const char **detail);
void model_user_new_dispose(void *p);

/** A UserPatch (PUT /users/{id}/patch): present members only, borrowed from the JSON (NULL: absent). */
typedef struct model_user_patch {
    const char *username, *email, *nickname, *first_name, *last_name, *position, *locale;
    const json_t *props, *notify_props, *timezone; /* objects of strings */
} model_user_patch_t;
const char *model_user_patch_from_json(void *out, const json_t *o, const char **detail);
/** Copy the present members of p into u (the decoder checked they fit). */
void model_user_patch_apply(model_user_t *u, const model_user_patch_t *p);

/** PUT /users/{id}/password {current_password?, new_password?} (borrowed strings, NULL: absent). */
typedef struct model_user_password_update {
    const char *current_password, *new_password;
} model_user_password_update_t;
const char *model_user_password_update_from_json(void *out, const json_t *o, const char **detail);

/** PUT /users/{id}/active {active} (a boolean). */
typedef struct model_user_active {
    bool active;
} model_user_active_t;
const char *model_user_active_from_json(void *out, const json_t *o, const char **detail);

/** PUT /users/{id}/roles {roles}: a space-separated list of known system roles (borrowed). */
typedef struct model_user_roles_update {
    const char *roles;
} model_user_roles_update_t;
const char *model_user_roles_update_from_json(void *out, const json_t *o, const char **detail);

#define MODEL_USER_SEARCH_TERM_MAX 64
/** A UserSearch (POST /users/search); ids borrowed, NULL when absent or empty. */
typedef struct model_user_search {
    const char *term, *team_id, *not_in_team_id, *in_channel_id, *not_in_channel_id;
    int64_t limit; /* 0: absent */
    bool has_limit, allow_inactive, without_team;
} model_user_search_t;
const char *model_user_search_from_json(void *out, const json_t *o, const char **detail);

/** A list of users (heap); model_user_list_dispose frees it. */
typedef struct model_user_list {
    model_user_t *items;
    size_t n;
} model_user_list_t;

void model_user_list_dispose(model_user_list_t *l);

typedef struct model_user_filter {
    const char *in_team, *not_in_team, *in_channel, *not_in_channel; /* ids or NULL */
    bool without_team;
    int active;       /* 1 active only, 0 inactive only, -1 both */
    const char *role; /* system role filter or NULL */
    const char *term; /* prefix search over username/names/nickname(/email when allowed) or NULL */
    bool search_email;
    const char *sort; /* "", "create_at", "last_activity_at" */
    bool exclude_bots;
    int64_t offset, limit;
} model_user_filter_t;

/** GET /users/stats/filtered (Mattermost's UserCountOptions). Role lists as CleanRoleNames leaves them. */
#define MODEL_USER_COUNT_ROLES_MAX 8
typedef struct model_user_count_filter {
    const char *team_id, *channel_id; /* NULL: any */
    bool include_deleted, include_bots;
    char roles[MODEL_USER_COUNT_ROLES_MAX][65], team_roles[MODEL_USER_COUNT_ROLES_MAX][65],
        channel_roles[MODEL_USER_COUNT_ROLES_MAX][65];
    size_t nroles, nteam_roles, nchannel_roles;
} model_user_count_filter_t;

#endif
