#ifndef PARLEY_CORE_STORE_SAMPLEDATA_H
#define PARLEY_CORE_STORE_SAMPLEDATA_H

/*
 * Bulk loading for the sample-data command (owner: sampledata): COPY ... FROM STDIN through libpq,
 * one table at a time (a connection carries one COPY at a time). The caller wraps the whole load in
 * store_db_begin / store_db_commit so a failure leaves the database as it was.
 * Each table takes its fields in the order listed below (text; NULL -> SQL NULL):
 *   users:                  id, create_at, update_at, username, password, email, email_verified, nickname,
 *                           first_name, last_name, position, roles, notify_props, last_password_update, locale
 *   teams:                  id, create_at, update_at, display_name, name, description, email, type,
 *                           allowed_domains, invite_id, allow_open_invite
 *   team_members:           team_id, user_id, roles, scheme_user, scheme_admin, create_at
 *   channels:               id, create_at, update_at, team_id, type, display_name, name, header, purpose,
 *                           creator_id, last_post_at, total_msg_count, total_msg_count_root, last_root_post_at
 *   channel_members:        channel_id, user_id, last_viewed_at, last_update_at, scheme_user, scheme_admin
 *   channel_member_history: channel_id, user_id, join_time
 *   sidebar_categories:     id, user_id, team_id, sort_order, sorting, type, display_name
 *   sidebar_channels:       channel_id, user_id, category_id, sort_order
 */

#include <stdint.h>
#include <libpq-fe.h>

typedef enum store_sampledata_table {
    STORE_SAMPLEDATA_USERS,
    STORE_SAMPLEDATA_TEAMS,
    STORE_SAMPLEDATA_TEAM_MEMBERS,
    STORE_SAMPLEDATA_CHANNELS,
    STORE_SAMPLEDATA_CHANNEL_MEMBERS,
    STORE_SAMPLEDATA_CHANNEL_MEMBER_HISTORY,
    STORE_SAMPLEDATA_SIDEBAR_CATEGORIES,
    STORE_SAMPLEDATA_SIDEBAR_CHANNELS,
    STORE_SAMPLEDATA_POSTS,
    STORE_SAMPLEDATA_NTABLES
} store_sampledata_table_t;

/** @return the table's name ("users") and its number of fields. */
const char *store_sampledata_table_name(store_sampledata_table_t t);
int store_sampledata_ncols(store_sampledata_table_t t);

typedef struct store_sampledata_copy store_sampledata_copy_t;

/** Start COPY <table> (<columns>) FROM STDIN. @return STORE_OK (*out set) or a STORE_E* code. */
int store_sampledata_copy_open(PGconn *db, store_sampledata_table_t t, store_sampledata_copy_t **out);
/** Append one row (ncols fields, escaped here). Buffered: data goes out in large chunks. */
int store_sampledata_copy_row(store_sampledata_copy_t *c, const char *const *fields);
/** End the COPY (aborts it when fail != 0) and free c. @return STORE_OK or the error the server reported. */
int store_sampledata_copy_close(store_sampledata_copy_t *c, int fail);

/** After the posts: each channel's last_post_at and totals from its posts, and every member has read them
 *  (msg_count, last_viewed_at). @return STORE_OK or a STORE_E* code. */
int store_sampledata_post_counts(PGconn *db);
/** Bulk-load practice (PostgreSQL's "Populating a Database"): inside the load's transaction, drop the secondary
 *  indexes and foreign keys of the membership tables (channel_members, channel_member_history,
 *  sidebar_channels), remembering their definitions; store_sampledata_defer_end re-creates them after the
 *  COPYs (one sort per index, one join per foreign key). For an empty database only. */
typedef struct store_sampledata_deferred store_sampledata_deferred_t;
int store_sampledata_defer_begin(PGconn *db, store_sampledata_deferred_t **out);
/** Re-create what defer_begin dropped (fail != 0: only free d; the rollback restores them). */
int store_sampledata_defer_end(PGconn *db, store_sampledata_deferred_t *d, int fail);

/** @return STORE_OK with *n the number of users (bots included). */
int store_sampledata_count_users(PGconn *db, int64_t *n);
/** SET LOCAL synchronous_commit off, statement_timeout 0 and maintenance_work_mem 256MB, inside the load's transaction. */
int store_sampledata_tune(PGconn *db);
/** ANALYZE the loaded tables (after the commit: fresh statistics for the planner). */
int store_sampledata_analyze(PGconn *db);

#endif
