#ifndef PARLEY_CORE_STORE_CHANNELS_LIST_H
#define PARLEY_CORE_STORE_CHANNELS_LIST_H

/*
 * Lists of channels (owner: channels): a team's public / private / archived channels, a user's
 * channels (per team with their DMs/GMs, or every team), search and autocomplete. Every list is ordered by display_name, then id.
 * Returns STORE_OK or a STORE_E* code.
 */

#include <stdbool.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/channel.h"

typedef enum store_channels_kind {
    STORE_CHANNELS_PUBLIC,  /* type O, not archived */
    STORE_CHANNELS_PRIVATE, /* type P, not archived */
    STORE_CHANNELS_DELETED, /* archived O, and archived P the member_id belongs to (every P when member_id is NULL) */
} store_channels_kind_t;

int store_channels_list_team(PGconn *db, const char *team_id, store_channels_kind_t kind, const char *member_id, int64_t offset,
                             int64_t limit, model_channel_list_t *out);
/** The channels user_id is a member of: of team_id plus the DMs/GMs (team_id NULL: every team).
 *  Archived ones: with last_delete_at > 0 those archived after it (per team; across teams only without
 *  include_deleted, as Mattermost's GetChannels / GetChannelsByUser), else all of them with include_deleted. */
int store_channels_list_user(PGconn *db, const char *user_id, const char *team_id, bool include_deleted, int64_t last_delete_at,
                             model_channel_list_t *out);
/** Channels of team_id whose name, display name (or purpose when with_purpose) contain a word starting with
 *  term. member_id NULL: public channels; else the O and P channels member_id belongs to. public_too: with
 *  member_id, the public channels too (autocomplete). */
typedef struct store_channels_match {
    const char *team_id, *term, *member_id;
    bool public_too, with_purpose, include_deleted;
    int64_t limit;
} store_channels_match_t;
int store_channels_list_match(PGconn *db, const store_channels_match_t *m, model_channel_list_t *out);
/** Every O and P channel in a team (GET /channels), with its team's display name, name and update_at in
 *  (*teams)[i] (malloc'd, caller frees). total: the count without paging, or NULL. */
typedef struct store_channels_team {
    char display_name[1025];
    char name[65];
    int64_t update_at;
} store_channels_team_t;
int store_channels_list_all(PGconn *db, bool include_deleted, int64_t offset, int64_t limit, model_channel_list_t *out,
                            store_channels_team_t **teams, int64_t *total);
/** Channels of team_id (archived too), for TeamSettings.MaxChannelsPerTeam. */
int store_channels_list_count_team(PGconn *db, const char *team_id, int64_t *n);

#endif
