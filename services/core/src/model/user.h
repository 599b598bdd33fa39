#ifndef CORE_MODEL_USER_H
#define CORE_MODEL_USER_H

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

#endif
