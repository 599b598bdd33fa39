#ifndef PARLEY_CORE_WS_STATUSES_H
#define PARLEY_CORE_WS_STATUSES_H

/*
 * Internal to ws/: the process-wide map of users' statuses other than offline, kept from the
 * status_change events this node publishes or receives from its peers. get_statuses answers from
 * it (Mattermost answers from its status cache) instead of scanning the status table. Locked: any
 * thread may publish.
 */

#include <stddef.h>
#include <jansson.h>

/** user_id's status is now status ("offline" removes it). */
void ws_statuses_set(const char *user_id, const char *status);
/** A status_change event's data ({"status","user_id"}) was published: remember it. */
void ws_statuses_observe(const char *event, const json_t *data);
/** The same for a serialized event (text starts {"event":"...","data":{...}), from a peer. */
void ws_statuses_observe_text(const char *text, size_t len);
/** @return {"<user_id>":"<status>"} of every user not offline (new reference). */
json_t *ws_statuses_json(void);

#endif
