#ifndef PARLEY_CORE_STORE_CHANNELS_H
#define PARLEY_CORE_STORE_CHANNELS_H

/*
 * The channels and channel_members tables (owner: channels). Basic rows only; lists, search,
 * stats, unread and view live in their own store/channels_<concern>.c / store/channel_members_<concern>.c
 * files. Every function: STORE_OK or a STORE_E* code (store/db.h); STORE_ENOTFOUND when the row does
 * not exist; STORE_EUNIQUE (*dup_field "name") for a duplicate (team_id, name).
 */

#include <stdbool.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/channel.h"

/** Insert c and, in the same transaction, the n members (may be 0; channel_member_history rows too). */
int store_channels_insert(PGconn *db, const model_channel_t *c, const model_channel_member_t *members, size_t n,
                          const char **dup_field);
int store_channels_get(PGconn *db, const char *id, model_channel_t *out);
/** team_id "" for D/G. include_deleted false: STORE_ENOTFOUND for an archived channel. */
int store_channels_get_by_name(PGconn *db, const char *team_id, const char *name, bool include_deleted, model_channel_t *out);
/** Every mutable column of c by c->id (display_name, name, header, purpose, type, delete_at, update_at,
 *  extra_update_at, group_constrained, props, scheme_id). */
int store_channels_update(PGconn *db, const model_channel_t *c, const char **dup_field);
/** Permanent delete (members, history and sidebar rows with it). */
int store_channels_delete(PGconn *db, const char *id);

/* channel_members (owner: channels) */
/** Insert one member (ON CONFLICT DO NOTHING: STORE_EUNIQUE when already a member) + a history row. */
int store_channel_members_insert(PGconn *db, const model_channel_member_t *m);
int store_channel_members_get(PGconn *db, const char *channel_id, const char *user_id, model_channel_member_t *out);
/** Delete the row and close its history row (leave_time = at). STORE_ENOTFOUND when not a member. */
int store_channel_members_delete(PGconn *db, const char *channel_id, const char *user_id, int64_t at);
/** Scheme flags and explicit roles. */
int store_channel_members_update_roles(PGconn *db, const model_channel_member_t *m);
/** notify_props replaced by m->notify_props, last_update_at = m->last_update_at. */
int store_channel_members_update_notify_props(PGconn *db, const model_channel_member_t *m);
/** app_member_roles_fn (app/permissions.h): the computed roles of user_id in channel_id ("" when not a member).
 * Not cached: one prepared-statement query per scoped permission check, so membership writers need no
 * invalidation hook (membership writes run inside callers' transactions, where a statement-time
 * invalidation would race the commit). The roles rows themselves are cached (app/roles_cache.h). */
int store_channel_members_roles(PGconn *db, const char *user_id, const char *channel_id, char *out, size_t n);

#endif
