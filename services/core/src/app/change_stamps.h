#ifndef PARLEY_CORE_APP_CHANGE_STAMPS_H
#define PARLEY_CORE_APP_CHANGE_STAMPS_H

/*
 * Change stamps (owner: channels): what changed since when, for the caches of app/view_cache.h.
 *
 * One clock counts changes. A change of a channel, a team, a user's memberships or a user's read state
 * (store/invalidate.h reports them, after their transaction ended; other nodes' arrive over the
 * cluster bus) moves the clock and writes its new value into the slot the id hashes to: 65,536 slots,
 * so memory is fixed; two ids sharing a slot only cost a needless rebuild, never a stale answer.
 *
 * A cache fill takes the clock (app_change_stamps_now) BEFORE it reads the database and keeps that
 * value with what it read; the entry is valid while every slot it depends on is not newer and the
 * floor (moved by app_change_stamps_bump_all) is not newer. A change committed after the fill began
 * is reported after it committed, so its slot is newer than the fill's stamp: the entry is dropped.
 * Lock-free; any thread.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum app_stamp_kind {
    APP_STAMP_CHANNEL,       /* a channels row */
    APP_STAMP_TEAM,          /* a teams row, or a channel of the team archived/restored/converted */
    APP_STAMP_MEMBER,        /* a user's memberships, roles in them, notify_props, sidebar categories */
    APP_STAMP_MEMBER_COUNTS, /* a user's read state (msg_count, mention counts, last_viewed_at) */
} app_stamp_kind_t;

#define APP_CHANGE_STAMPS_SLOTS 65536u

/** The clock now (take it before reading what will be cached). */
uint64_t app_change_stamps_now(void);
/** The slot of (kind, id): what a cache entry keeps to check later. */
uint32_t app_change_stamps_slot(app_stamp_kind_t kind, const char *id);
/** (kind, id) changed. */
void app_change_stamps_bump(app_stamp_kind_t kind, const char *id);
/** Everything changed (roles edited, more changes than a transaction tracks). */
void app_change_stamps_bump_all(void);
/** @return true when nothing in slots[0..n) changed after built (and no bump_all since). */
bool app_change_stamps_unchanged(const uint32_t *slots, size_t n, uint64_t built);

#endif
