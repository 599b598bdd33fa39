#ifndef PARLEY_CORE_STORE_INVALIDATE_H
#define PARLEY_CORE_STORE_INVALIDATE_H

/*
 * Invalidation hooks: every store function that changes or deletes a row that a cache above store/
 * keeps reports it here, so those caches (app/session_cache.h, app/roles_cache.h, app/view_cache.h)
 * never serve a row that was written. store/ knows no caches: app/ installs the functions once,
 * before the server starts (read-only afterwards).
 *
 * Sessions, users and roles are reported after their statement ran (whatever the outcome). Channels,
 * teams and memberships are reported after the transaction they ran in ended (store_db_commit or
 * store_db_rollback), or at once outside a transaction: a reader that starts after the report reads
 * the committed rows (app/change_stamps.h explains why that order matters).
 */

typedef struct store_invalidate_ops {
    /** The sessions row session_id changed or was deleted. */
    void (*session)(const char *session_id);
    /** The users row user_id changed (roles, password, profile, deactivation...) or all its sessions went. */
    void (*user)(const char *user_id);
    /** The roles row role_id changed (its permissions): the roles cache (app/roles_cache.h) drops. */
    void (*role)(const char *role_id);
    /** A channels row changed (any column: counts, names, delete_at, type). */
    void (*channel)(const char *channel_id);
    /** A teams row changed, or a channel of the team was archived, restored, converted or moved. */
    void (*team)(const char *team_id);
    /** The user's team or channel memberships (rows, roles, notify_props) or sidebar categories changed. */
    void (*member)(const char *user_id);
    /** Only the read state (msg_count, mention counts, last_viewed_at) of the user's channel members changed. */
    void (*member_counts)(const char *user_id);
    /** More changes in one transaction than are tracked: every cached channel/membership view is stale. */
    void (*all)(void);
} store_invalidate_ops_t;

/** Install the hooks (ops is copied; NULL members are skipped). */
void store_invalidate_set(const store_invalidate_ops_t *ops);
/** Report a changed/deleted session (used by store/ files). */
void store_invalidate_session(const char *session_id);
/** Report a changed user (used by store/ files). */
void store_invalidate_user(const char *user_id);
/** Report a changed role (used by store/roles.c). */
void store_invalidate_role(const char *role_id);
/** Report a changed channel, team, membership or read state (deferred to the end of a transaction). */
void store_invalidate_channel(const char *channel_id);
void store_invalidate_team(const char *team_id);
void store_invalidate_member(const char *user_id);
void store_invalidate_member_counts(const char *user_id);
/** Report that more changed than can be named (a permanent delete with its cascades). */
void store_invalidate_all(void);

/** store/db.c: a transaction began on this thread / ended (reports deferred since are delivered). */
void store_invalidate_txn_begin(void);
void store_invalidate_txn_end(void);

#endif
