#ifndef PARLEY_CORE_STORE_CHANNEL_MEMBERS_LIST_H
#define PARLEY_CORE_STORE_CHANNEL_MEMBERS_LIST_H

/*
 * Lists of channel_members rows (owner: members): a channel's members (paged, by ids), a user's
 * memberships (one team with the DMs/GMs, or every team), member counts. Every function: STORE_OK
 * or a STORE_E* code (store/db.h); lists are filled even when empty (model_channel_member_list_dispose).
 */

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/channel.h"

/** The members of channel_id ordered by user_id, offset/limit. */
int store_channel_members_list_page(PGconn *db, const char *channel_id, int64_t offset, int64_t limit,
                                    model_channel_member_list_t *out);
/** The members of channel_id among user_ids (n >= 1). */
int store_channel_members_list_by_ids(PGconn *db, const char *channel_id, const char *const *user_ids, size_t n,
                                      model_channel_member_list_t *out);
/** user_id's memberships in the channels of team_id and in their DMs/GMs (team_id ''). */
int store_channel_members_list_for_team(PGconn *db, const char *user_id, const char *team_id, model_channel_member_list_t *out);
/** The team of a membership (ChannelMemberWithTeamData); "" / 0 for DMs and GMs. */
typedef struct store_channel_member_team {
    char display_name[257];
    char name[65];
    int64_t update_at;
} store_channel_member_team_t;
/** user_id's memberships in every team, ordered by channel_id, offset/limit; *teams (malloc'd) parallel to out. */
int store_channel_members_list_for_user(PGconn *db, const char *user_id, int64_t offset, int64_t limit,
                                        model_channel_member_list_t *out, store_channel_member_team_t **teams);
/** The ids of the channels of team_id (any type) user_id is a member of; *ids malloc'd (PL_ID_LEN+1 each). */
int store_channel_members_list_team_channels(PGconn *db, const char *user_id, const char *team_id, char (**ids)[27], size_t *n);

#endif
