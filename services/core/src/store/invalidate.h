#ifndef PARLEY_CORE_STORE_INVALIDATE_H
#define PARLEY_CORE_STORE_INVALIDATE_H

/*
 * Invalidation hooks (owner: accounts): every store function that changes or deletes a sessions
 * row or a users row reports it here, after its statement ran (whatever the outcome), so the
 * caches above store/ (app/session_cache.h) never serve a row that was written. store/ knows no
 * caches: app/ installs the functions once, before the server starts (read-only afterwards).
 */

typedef struct store_invalidate_ops {
    /** The sessions row session_id changed or was deleted. */
    void (*session)(const char *session_id);
    /** The users row user_id changed (roles, password, profile, deactivation...) or all its sessions went. */
    void (*user)(const char *user_id);
    /** The roles row role_id changed (its permissions): the roles cache (app/roles_cache.h) drops. */
    void (*role)(const char *role_id);
} store_invalidate_ops_t;

/** Install the hooks (ops is copied; NULL members are skipped). */
void store_invalidate_set(const store_invalidate_ops_t *ops);
/** Report a changed/deleted session (used by store/ files). */
void store_invalidate_session(const char *session_id);
/** Report a changed user (used by store/ files). */
void store_invalidate_user(const char *user_id);
/** Report a changed role (used by store/roles.c). */
void store_invalidate_role(const char *role_id);

#endif
