#ifndef PARLEY_CORE_STORE_USERS_GROUPS_H
#define PARLEY_CORE_STORE_USERS_GROUPS_H

/* The other members of a user's group messages (owner: accounts; Mattermost's
 * UserStore.GetProfileByGroupChannelIdsForUser). */

#include <stddef.h>
#include <libpq-fe.h>

#include "model/user.h"
#include "parley/id.h"

typedef char store_users_groups_id_t[PL_ID_LEN + 1];

/** The members other than user_id of the G channels among ids that user_id belongs to, by username;
 *  (*channels)[i] is the channel of users->items[i] (malloc'ed). @return STORE_OK or a STORE_E* code. */
int store_users_groups_get(PGconn *db, const char *user_id, const char *const *ids, size_t n, model_user_list_t *users,
                           store_users_groups_id_t **channels);

#endif
