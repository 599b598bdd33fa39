#ifndef PARLEY_CORE_MODEL_TEAM_H
#define PARLEY_CORE_MODEL_TEAM_H

/*
 * Team, TeamMember, TeamUnread wire objects (server/public/model/team.go, team_member.go)
 * (owner: teams). Shapes: ../shared/reference/mattermost-api.md §3.2. Implemented in model/team.c
 * (Team), model/team_member.c (TeamMember, TeamUnread).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "parley/id.h"

#define MODEL_TEAM_NAME_MIN 2
#define MODEL_TEAM_NAME_MAX 64
#define MODEL_TEAM_DISPLAY_NAME_MAX 64 /* runes */
#define MODEL_TEAM_DESCRIPTION_MAX 255 /* runes */
#define MODEL_TEAM_COMPANY_NAME_MAX 64
#define MODEL_TEAM_ALLOWED_DOMAINS_MAX 1000      /* the buffer (the column) */
#define MODEL_TEAM_ALLOWED_DOMAINS_VALID_MAX 500 /* TeamAllowedDomainsMaxLength (IsValid) */
#define MODEL_TEAM_OPEN 'O'
#define MODEL_TEAM_INVITE 'I'

typedef struct model_team {
    char id[PL_ID_LEN + 1];
    int64_t create_at, update_at, delete_at;
    char display_name[MODEL_TEAM_DISPLAY_NAME_MAX * 4 + 1];
    char name[MODEL_TEAM_NAME_MAX + 1];
    char description[MODEL_TEAM_DESCRIPTION_MAX * 4 + 1];
    char email[129];
    char type; /* 'O' or 'I' (kept in step with allow_open_invite) */
    char company_name[MODEL_TEAM_COMPANY_NAME_MAX * 4 + 1];
    char allowed_domains[MODEL_TEAM_ALLOWED_DOMAINS_MAX + 1];
    char invite_id[PL_ID_LEN + 1];
    bool allow_open_invite;
    int64_t last_team_icon_update;
    char scheme_id[PL_ID_LEN + 1]; /* "" -> null on the wire */
    int group_constrained;         /* -1 null, 0 false, 1 true */
    bool cloud_limits_archived;
} model_team_t;

/** The Team JSON. sanitize: email and invite_id blanked (non-admin viewers, as Mattermost's Sanitize). */
json_t *model_team_to_json(const model_team_t *t, bool sanitize);

/** Team name rules (model.IsValidTeamName + reserved names). @return NULL or the AppError id
 *  (model.team.is_valid.name.app_error / api.team.is_team_creation_allowed... as Mattermost). */
const char *model_team_name_check(const char *name);

/** A Team (POST /teams, PUT /teams/{id}) or TeamPatch body: present members only, borrowed (NULL: absent). */
typedef struct model_team_patch {
    const char *id, *name, *display_name, *description, *email, *type, *company_name, *allowed_domains, *invite_id;
    int allow_open_invite; /* -1 absent */
    int group_constrained; /* -1 absent */
} model_team_patch_t;
/** Decoder (api/route.h). @return NULL or an AppError id (wrong types: api.context.invalid_body_param.app_error). */
const char *model_team_patch_from_json(void *out, const json_t *o, const char **detail);
/**
 * Apply p onto t and validate the result (Team.IsValid). id and invite_id are NOT applied (the caller
 * mints them: set t->id, create_at, update_at, invite_id before calling; Mattermost also mints a new
 * invite_id when a patch sets allow_open_invite false). type and allow_open_invite: a present type alone
 * sets allow_open_invite = (type == 'O'), a present allow_open_invite alone sets type; both present:
 * Team.syncTypeAndAllowOpenInvite ('I' wins). @return NULL or model.team.is_valid.<field>.app_error.
 */
const char *model_team_patch_apply(model_team_t *t, const model_team_patch_t *p);
/** Team.IsValid on t as it is. @return NULL or model.team.is_valid.<field>.app_error. */
const char *model_team_is_valid(const model_team_t *t);

typedef struct model_team_list {
    model_team_t *items;
    size_t n;
    int64_t total; /* include_total_count; -1 unknown */
} model_team_list_t;
void model_team_list_dispose(model_team_list_t *l);
json_t *model_team_list_to_json(const model_team_list_t *l, bool sanitize);

typedef struct model_team_member {
    char team_id[PL_ID_LEN + 1];
    char user_id[PL_ID_LEN + 1];
    char explicit_roles[257]; /* the stored roles column */
    int64_t delete_at, create_at;
    bool scheme_guest, scheme_user, scheme_admin;
} model_team_member_t;

/** "roles" as Mattermost computes it: explicit roles + team_guest / team_user / team_admin from the scheme flags. */
void model_team_member_roles(const model_team_member_t *m, char *out, size_t n);
json_t *model_team_member_to_json(const model_team_member_t *m);

typedef struct model_team_member_list {
    model_team_member_t *items;
    size_t n;
} model_team_member_list_t;
void model_team_member_list_dispose(model_team_member_list_t *l);
json_t *model_team_member_list_to_json(const model_team_member_list_t *l);

typedef struct model_team_unread {
    char team_id[PL_ID_LEN + 1];
    int64_t msg_count, mention_count, mention_count_root, msg_count_root, thread_count, thread_mention_count,
        thread_urgent_mention_count;
} model_team_unread_t;
json_t *model_team_unread_to_json(const model_team_unread_t *u);

#endif
