#ifndef PARLEY_CORE_STORE_TEAMS_UNREAD_H
#define PARLEY_CORE_STORE_TEAMS_UNREAD_H

/*
 * Team unreads (owner: teams): Mattermost's GetChannelUnreadsForAllTeams / GetChannelUnreadsForTeam summed
 * per team as GetTeamsUnreadForUser does: over the user's channel_members rows of live channels,
 * msg_count = sum(total_msg_count - member msg_count) (and _root) of the channels not muted
 * (notify_props.mark_unread "mention"), mention counts summed over all of them. D/G channels have
 * team_id "": the default exclude_team_id "" leaves them out, as Mattermost's TeamId != '' does.
 */

#include <libpq-fe.h>

#include "model/team.h"

typedef struct store_teams_unread_list {
    model_team_unread_t *items;
    size_t n;
} store_teams_unread_list_t;

/** Every team of the user's channels except exclude_team_id, by team_id. out->items: free() it. */
int store_teams_unread_all(PGconn *db, const char *user_id, const char *exclude_team_id, store_teams_unread_list_t *out);
/** One team (zeros when the user has no channel there). */
int store_teams_unread_one(PGconn *db, const char *user_id, const char *team_id, model_team_unread_t *out);

#endif
