#ifndef PARLEY_CORE_STORE_USERS_COUNT_H
#define PARLEY_CORE_STORE_USERS_COUNT_H

/* Counting users with team / channel / role filters (owner: accounts; Mattermost's UserStore.Count). */

#include <stdint.h>
#include <libpq-fe.h>

#include "model/user.h"

/** COUNT(DISTINCT users) matching f. @return STORE_OK or a STORE_E* code. */
int store_users_count_filtered(PGconn *db, const model_user_count_filter_t *f, int64_t *out);

#endif
