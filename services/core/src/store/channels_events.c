/* channel_system_events rows (store/channels_events.h). */
#include "store/channels_events.h"

#include <stdio.h>

#include "store/db.h"

int store_channels_events_insert(PGconn *db, const char *id, const char *channel_id, const char *user_id, const char *type,
                                 const char *message, const char *props, int64_t create_at)
{
    char at[24];
    snprintf(at, sizeof(at), "%lld", (long long)create_at);
    const char *p[] = {id, channel_id, user_id, type, message, props, at};
    return store_db_exec(db,
                         "INSERT INTO channel_system_events (id, channel_id, user_id, type, message, props, create_at) VALUES "
                         "($1, $2, $3, $4, $5, $6::jsonb, $7::bigint)",
                         7, p, NULL);
}
