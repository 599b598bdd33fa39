#ifndef PARLEY_CORE_STORE_USERS_H
#define PARLEY_CORE_STORE_USERS_H

/* The users table (owner: accounts). Functions return STORE_OK or STORE_E* (store/db.h). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/user.h"

/**
 * Insert u. When first_admin is set and the table is empty (checked under a transaction-scoped
 * advisory lock), u->roles becomes "system_admin system_user".
 * @return STORE_OK, STORE_EUNIQUE (*dup_field = "username" or "email"), or another STORE_E*.
 */
int store_users_insert(PGconn *db, model_user_t *u, const char **dup_field);

typedef enum { STORE_USER_BY_ID, STORE_USER_BY_USERNAME, STORE_USER_BY_EMAIL } store_user_key_t;
/** Fetch one user (deactivated ones too). u must be model_user_init'ed. */
int store_users_get(PGconn *db, store_user_key_t key, const char *value, model_user_t *u);
/** Fetch users whose id (or username, by_username) is in values; since > 0: only update_at > since. */
int store_users_get_many(PGconn *db, const char *const *values, size_t n, bool by_username, int64_t since, model_user_list_t *out);

/** List/search users with filters and paging (ordered by username unless sort says otherwise). */
int store_users_list(PGconn *db, const model_user_filter_t *f, model_user_list_t *out);

/** Save the profile fields of u (username, email, names, position, props, notify_props, locale, timezone). */
int store_users_update_profile(PGconn *db, model_user_t *u, const char **dup_field);
int store_users_update_password(PGconn *db, const char *id, const char *hash);
int store_users_update_roles(PGconn *db, const char *id, const char *roles);
/** delete_at = 0 (active) or now. */
int store_users_set_delete_at(PGconn *db, const char *id, int64_t delete_at);
/* Login attempts (failed_attempts, last_login): store/users_login.h. */
/** The number of users: active ones, or every row (include_inactive: "is this the first user?"). */
int store_users_count(PGconn *db, bool include_inactive, int64_t *out);

/*
 * The in_team / not_in_team / without_team / in_channel / not_in_channel filters read the
 * membership tables of the teams and channels modules: team_members(team_id, user_id, delete_at)
 * and channel_members(channel_id, user_id) (see STORE_USERS_TEAM_MEMBERS / _CHANNEL_MEMBERS).
 */
#define STORE_USERS_TEAM_MEMBERS "SELECT tm.user_id FROM team_members tm WHERE tm.delete_at = 0"
#define STORE_USERS_CHANNEL_MEMBERS "SELECT cm.user_id FROM channel_members cm WHERE true"

#endif
