#ifndef PARLEY_CORE_APP_CHANNELS_H
#define PARLEY_CORE_APP_CHANNELS_H

/*
 * Channels (owner: channels). App order: sidebar < channel_members < channels < teams: this file may
 * call app/channel_members.h and app/sidebar.h, never teams. The calls the teams work needs:
 */

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/channel.h"
#include "model/team.h"

/** A new team's default channels: town-square ("Town Square") and off-topic ("Off-Topic"), public, no members. */
int app_channels_create_defaults(PGconn *db, const model_team_t *t, const char *creator_id, app_error_t *e);
/** user_id joined team t: add them to town-square, off-topic and TeamSettings.ExperimentalDefaultChannels
 *  that exist in the team (as Mattermost's JoinDefaultChannels). */
int app_channels_join_defaults(PGconn *db, const model_team_t *t, const char *user_id, app_error_t *e);

/* Event names (server/public/model/websocket_message.go). */
#define APP_CHANNELS_EVENT_CREATED "channel_created"
#define APP_CHANNELS_EVENT_UPDATED "channel_updated"
#define APP_CHANNELS_EVENT_DELETED "channel_deleted"
#define APP_CHANNELS_EVENT_RESTORED "channel_restored"
#define APP_CHANNELS_EVENT_CONVERTED "channel_converted"
#define APP_CHANNELS_EVENT_DIRECT_ADDED "direct_added"
#define APP_CHANNELS_EVENT_GROUP_ADDED "group_added"

/* The endpoints (api/channels*.c). Each checks the caller's permission as Mattermost does and
 * returns 0, or -1 with e set; a filled *out is the caller's to dispose. */

/** POST /channels: O or P in in->team_id; the caller becomes its admin member; channel_created to them. */
int app_channels_create(PGconn *db, const app_session_t *s, const model_channel_patch_t *in, model_channel_t *out, app_error_t *e);
/** GET /channels/{id}. */
int app_channels_get(PGconn *db, const app_session_t *s, const char *id, model_channel_t *out, app_error_t *e);
/** GET /teams/{team_id}/channels/name/{name} (team_id set) or /teams/name/{team_name}/channels/name/{name}. */
int app_channels_get_by_name(PGconn *db, const app_session_t *s, const char *team_id, const char *team_name, const char *name,
                             bool include_deleted, model_channel_t *out, app_error_t *e);
/** PUT /channels/{id}/patch (full false) or PUT /channels/{id} (full true: a whole Channel, id must match). */
int app_channels_patch(PGconn *db, const app_session_t *s, const char *id, const model_channel_patch_t *p, bool full,
                       model_channel_t *out, app_error_t *e);
/** DELETE /channels/{id}: archive, or remove for good (permanent, ServiceSettings.EnableAPIChannelDeletion). */
int app_channels_delete(PGconn *db, const app_session_t *s, const char *id, bool permanent, app_error_t *e);
/** POST /channels/{id}/restore. */
int app_channels_restore(PGconn *db, const app_session_t *s, const char *id, model_channel_t *out, app_error_t *e);
/** PUT /channels/{id}/privacy: privacy "O" or "P". */
int app_channels_set_privacy(PGconn *db, const app_session_t *s, const char *id, const char *privacy, model_channel_t *out,
                             app_error_t *e);
/** POST /channels/direct (ids: 1 (self) or 2 user ids) and POST /channels/group (the caller is added). An existing
 *  channel of the same users is returned as it is (201 either way, as Mattermost). */
int app_channels_direct(PGconn *db, const app_session_t *s, const char *const *ids, size_t n, model_channel_t *out, app_error_t *e);
int app_channels_group(PGconn *db, const app_session_t *s, const char *const *ids, size_t n, model_channel_t *out, app_error_t *e);

typedef enum app_channels_list_kind {
    APP_CHANNELS_LIST_PUBLIC,
    APP_CHANNELS_LIST_DELETED,
    APP_CHANNELS_LIST_PRIVATE,
} app_channels_list_kind_t;
/** GET /teams/{team_id}/channels, .../deleted, .../private. */
int app_channels_list_team(PGconn *db, const app_session_t *s, const char *team_id, app_channels_list_kind_t kind, int64_t offset,
                           int64_t limit, model_channel_list_t *out, app_error_t *e);
/** POST /teams/{team_id}/channels/search. */
int app_channels_search(PGconn *db, const app_session_t *s, const char *team_id, const char *term, model_channel_list_t *out,
                        app_error_t *e);
/** GET /teams/{team_id}/channels/autocomplete (for_search false) and .../search_autocomplete (true). */
int app_channels_autocomplete(PGconn *db, const app_session_t *s, const char *team_id, const char *name, bool for_search,
                              model_channel_list_t *out, app_error_t *e);
/** GET /users/{user_id}/teams/{team_id}/channels (team_id set; etag: ChannelList.Etag, >= 128 bytes) and
 *  GET /users/{user_id}/channels (team_id NULL, etag NULL). */
int app_channels_mine(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, bool include_deleted,
                      int64_t last_delete_at, model_channel_list_t *out, char *etag, size_t etag_n, app_error_t *e);

/** GET /channels (sysconsole_read_user_management_channels, ..._write_user_management_groups or
 *  ..._read_compliance_data_retention_policy): every O/P channel with its team ((*teams)[i],
 *  malloc'd); *sanitize: the caller may see
 *  id, team_id, type and display_name only. total NULL: not counted. */
typedef struct app_channels_team {
    char display_name[1025];
    char name[65];
    int64_t update_at;
} app_channels_team_t;
int app_channels_list_all(PGconn *db, const app_session_t *s, bool include_deleted, int64_t offset, int64_t limit,
                          model_channel_list_t *out, app_channels_team_t **teams, int64_t *total, bool *sanitize, app_error_t *e);

typedef struct app_channels_stats {
    int64_t member_count, guest_count, pinnedpost_count, files_count;
} app_channels_stats_t;
/** GET /channels/{id}/stats (files_count -1 with exclude_files_count). */
int app_channels_stats(PGconn *db, const app_session_t *s, const char *id, bool exclude_files, app_channels_stats_t *out,
                       app_error_t *e);
/** GET /channels/{id}/timezones: a new JSON array of the members' distinct preferred timezones. */
int app_channels_timezones(PGconn *db, const app_session_t *s, const char *id, json_t **out, app_error_t *e);

#endif
