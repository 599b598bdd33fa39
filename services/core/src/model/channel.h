#ifndef PARLEY_CORE_MODEL_CHANNEL_H
#define PARLEY_CORE_MODEL_CHANNEL_H

/*
 * Channel, ChannelMember, ChannelUnread wire objects (server/public/model/channel.go,
 * channel_member.go) (owner: channels). Shapes: ../shared/reference/mattermost-api.md §3.3-3.4.
 * Implemented in model/channel.c (Channel, names), model/channel_member.c (ChannelMember, unread).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "parley/id.h"

#define MODEL_CHANNEL_NAME_MAX 64
#define MODEL_CHANNEL_DISPLAY_NAME_MAX 64 /* runes */
#define MODEL_CHANNEL_HEADER_MAX 1024     /* runes */
#define MODEL_CHANNEL_PURPOSE_MAX 250     /* runes */
#define MODEL_CHANNEL_GROUP_MIN 3
#define MODEL_CHANNEL_GROUP_MAX 8
#define MODEL_CHANNEL_OPEN 'O'
#define MODEL_CHANNEL_PRIVATE 'P'
#define MODEL_CHANNEL_DIRECT 'D'
#define MODEL_CHANNEL_GROUP 'G'

typedef struct model_channel {
    char id[PL_ID_LEN + 1];
    int64_t create_at, update_at, delete_at;
    char team_id[PL_ID_LEN + 1]; /* "" for D and G */
    char type;
    /* GM display names are the member usernames joined by ", " (up to 8 x 64 + separators). */
    char display_name[8 * 66 + 1];
    char name[MODEL_CHANNEL_NAME_MAX + 1];
    char header[MODEL_CHANNEL_HEADER_MAX * 4 + 1];
    char purpose[MODEL_CHANNEL_PURPOSE_MAX * 4 + 1];
    int64_t last_post_at, total_msg_count, extra_update_at;
    char creator_id[PL_ID_LEN + 1];
    char scheme_id[PL_ID_LEN + 1]; /* "" -> null */
    json_t *props;                 /* owned; NULL -> null */
    int group_constrained;         /* -1 null, 0 false, 1 true */
    int shared;                    /* -1 null, 0 false, 1 true */
    int64_t total_msg_count_root, last_root_post_at;
} model_channel_t;

/** Release what c owns (props); the struct itself is the caller's. */
void model_channel_dispose(model_channel_t *c);
json_t *model_channel_to_json(const model_channel_t *c);

/** Channel name rules (model.IsValidChannelIdentifier; DM names "<id>__<id>" allowed for type D).
 *  @return NULL or model.channel.is_valid.name.app_error (or the Mattermost id for the case). */
const char *model_channel_name_check(const char *name, char type);
/** The DM name: the two ids sorted ascending joined by "__" (GetDMNameFromIds). out >= 54 bytes. */
void model_channel_dm_name(const char *a, const char *b, char *out, size_t n);
/** The GM name: sha1 hex of the sorted ids concatenated (GetGroupNameFromUserIds). out >= 41 bytes. */
void model_channel_gm_name(const char *const *ids, size_t n, char *out, size_t outn);

/** A Channel (POST /channels, PUT /channels/{id}) or ChannelPatch body: present members only, borrowed. */
typedef struct model_channel_patch {
    const char *id, *team_id, *type, *name, *display_name, *header, *purpose;
    int group_constrained; /* -1 absent */
} model_channel_patch_t;
const char *model_channel_patch_from_json(void *out, const json_t *o, const char **detail);
/**
 * Apply p onto c and validate (Channel.IsValid). id is NOT applied (the caller sets c->id, create_at,
 * update_at first); team_id and type are applied when present (create); display_name is trimmed as
 * Channel.Patch does. A name longer than 64 is model.channel.is_valid.1_or_more.app_error.
 * @return NULL or model.channel.is_valid.<field>.app_error.
 */
const char *model_channel_patch_apply(model_channel_t *c, const model_channel_patch_t *p);
/** Channel.IsValid on c as it is. @return NULL or model.channel.is_valid.<field>.app_error. */
const char *model_channel_is_valid(const model_channel_t *c);

typedef struct model_channel_list {
    model_channel_t *items;
    size_t n;
    int64_t total; /* -1 unknown */
} model_channel_list_t;
void model_channel_list_dispose(model_channel_list_t *l);
json_t *model_channel_list_to_json(const model_channel_list_t *l);

typedef struct model_channel_member {
    char channel_id[PL_ID_LEN + 1];
    char user_id[PL_ID_LEN + 1];
    char explicit_roles[257];
    int64_t last_viewed_at, msg_count, mention_count, mention_count_root, urgent_mention_count, msg_count_root, last_update_at;
    json_t *notify_props; /* owned */
    bool scheme_guest, scheme_user, scheme_admin;
} model_channel_member_t;

void model_channel_member_dispose(model_channel_member_t *m);
/** "roles": explicit roles + channel_guest / channel_user / channel_admin from the scheme flags. */
void model_channel_member_roles(const model_channel_member_t *m, char *out, size_t n);
json_t *model_channel_member_to_json(const model_channel_member_t *m);
/** The default notify_props of a new member (desktop/email/push/ignore_channel_mentions "default",
 *  mark_unread "all", channel_auto_follow_threads "off"). New reference. */
json_t *model_channel_member_default_notify_props(void);

typedef struct model_channel_member_list {
    model_channel_member_t *items;
    size_t n;
} model_channel_member_list_t;
void model_channel_member_list_dispose(model_channel_member_list_t *l);
json_t *model_channel_member_list_to_json(const model_channel_member_list_t *l);

/** ChannelUnread ({team_id, channel_id, msg_count, mention_count, mention_count_root,
 *  urgent_mention_count, msg_count_root}): member counts subtracted from the channel's totals. */
json_t *model_channel_unread_to_json(const model_channel_t *c, const model_channel_member_t *m);

#endif
