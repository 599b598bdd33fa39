#ifndef PARLEY_CORE_STORE_CHANNELS_STATS_H
#define PARLEY_CORE_STORE_CHANNELS_STATS_H

/*
 * Channel statistics and member lookups (owner: channels): member and guest counts (active users), pinned posts,
 * the members' timezones, the member ids, whether two users share a team. STORE_OK or STORE_E*.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "parley/id.h"

/** Active members, guests among them, pinned posts (not deleted). */
int store_channels_stats_counts(PGconn *db, const char *channel_id, int64_t *members, int64_t *guests, int64_t *pinned);
/** The timezone objects of the channel's active members: a new JSON array (caller decrefs). */
int store_channels_stats_timezones(PGconn *db, const char *channel_id, json_t **out);
/** The member ids of channel_id: *ids malloc'd (caller frees), *n of them. */
int store_channels_stats_member_ids(PGconn *db, const char *channel_id, char (**ids)[PL_ID_LEN + 1], size_t *n);
/** *shared: a and b are both active members of some team. */
int store_channels_stats_common_team(PGconn *db, const char *a, const char *b, bool *shared);

#endif
