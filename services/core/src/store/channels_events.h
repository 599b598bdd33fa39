#ifndef PARLEY_CORE_STORE_CHANNELS_EVENTS_H
#define PARLEY_CORE_STORE_CHANNELS_EVENTS_H

/*
 * channel_system_events (owner: channels): the system messages a channel change records until the
 * posts issue posts them (header / purpose / display name changes, archive, restore, privacy, the
 * creator's join). STORE_OK or STORE_E*.
 */

#include <stdint.h>
#include <libpq-fe.h>

/** Insert one event; props: a JSON object as text. */
int store_channels_events_insert(PGconn *db, const char *id, const char *channel_id, const char *user_id, const char *type,
                                 const char *message, const char *props, int64_t create_at);

#endif
