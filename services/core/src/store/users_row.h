#ifndef PARLEY_CORE_STORE_USERS_ROW_H
#define PARLEY_CORE_STORE_USERS_ROW_H

/* Row mapping and query building for store/users.c (owner: accounts; internal to store/). */

#include <libpq-fe.h>

#include "parley/buf.h"
#include "store/users.h"

#define STORE_USERS_COLUMNS                                                                                                        \
    "id, create_at, update_at, delete_at, username, password, auth_service, email, email_verified, nickname, "                     \
    "first_name, last_name, position, roles, allow_marketing, props::text, notify_props::text, "                                   \
    "last_password_update, last_picture_update, failed_attempts, locale, timezone::text, mfa_active, "                             \
    "last_activity_at, last_login, is_bot, bot_description, disable_welcome_email"

/* The same columns of a users table aliased "u" (for joins). */
#define STORE_USERS_COLUMNS_U                                                                                                      \
    "u.id, u.create_at, u.update_at, u.delete_at, u.username, u.password, u.auth_service, u.email, "                               \
    "u.email_verified, u.nickname, u.first_name, u.last_name, u.position, u.roles, u.allow_marketing, "                            \
    "u.props::text, u.notify_props::text, u.last_password_update, u.last_picture_update, u.failed_attempts, "                      \
    "u.locale, u.timezone::text, u.mfa_active, u.last_activity_at, u.last_login, u.is_bot, u.bot_description, "                    \
    "u.disable_welcome_email"
#define STORE_USERS_NCOLUMNS 28

/** Fill u (model_user_init'ed) from row i of a result selected with STORE_USERS_COLUMNS. */
void store_users_row_read(const PGresult *res, int i, model_user_t *u);
/** The same, with the user columns starting at column off. */
void store_users_row_read_at(const PGresult *res, int i, int off, model_user_t *u);
int store_users_row_insert(PGconn *db, const model_user_t *u);
int store_users_row_update_profile(PGconn *db, const model_user_t *u);

#define STORE_USERS_MAX_PARAMS 12

typedef struct store_users_query {
    pl_buf_t sql;
    char *params[STORE_USERS_MAX_PARAMS];
    size_t nparams;
    int error;
} store_users_query_t;

/** The list query of f (membership filters read team_members / channel_members, migration 0011). */
void store_users_query_build(store_users_query_t *q, const model_user_filter_t *f);
void store_users_query_dispose(store_users_query_t *q);

#endif
