#ifndef PARLEY_CORE_STORE_MEMBERSHIPS_H
#define PARLEY_CORE_STORE_MEMBERSHIPS_H

/*
 * A user's channel and team memberships, for the realtime layer's indexes (the channel_members and
 * team_members tables of migration 0011; team memberships that were left, delete_at <> 0, do not count).
 */

#include <stddef.h>
#include <libpq-fe.h>
#include "parley/id.h"

typedef char store_membership_id_t[PL_ID_LEN + 1];

typedef struct store_memberships {
    store_membership_id_t *channels; /* malloc'ed (store_memberships_dispose) */
    size_t nchannels;
    store_membership_id_t *teams;
    size_t nteams;
} store_memberships_t;

/** @return STORE_OK (out filled, possibly empty) or a STORE_E* code (out empty). */
int store_memberships_get(PGconn *db, const char *user_id, store_memberships_t *out);
void store_memberships_dispose(store_memberships_t *m);

#endif
