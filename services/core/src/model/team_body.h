#ifndef PARLEY_CORE_MODEL_TEAM_BODY_H
#define PARLEY_CORE_MODEL_TEAM_BODY_H

/*
 * Decoders of the team request bodies that are not a Team (owner: teams): TeamMember {team_id, user_id}
 * (POST /teams/{id}/members and the batch array), TeamSearch, {"roles"} and SchemeRoles. Decoders for
 * api/route.h rows: NULL or the 400 AppError id, *detail the field. Strings are borrowed from the JSON.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#define MODEL_TEAM_BODY_BATCH_MAX 256 /* MaxAddMembersBatch */

typedef struct model_team_body_member {
    const char *team_id, *user_id; /* "" when absent */
} model_team_body_member_t;
/** One TeamMember (api.team.add_team_member.invalid_body.app_error on a wrong type). */
const char *model_team_body_member_from_json(void *out, const json_t *o, const char **detail);

typedef struct model_team_body_members {
    size_t n;
    model_team_body_member_t v[MODEL_TEAM_BODY_BATCH_MAX];
} model_team_body_members_t;
/** [TeamMember], 1..MODEL_TEAM_BODY_BATCH_MAX (api.context.invalid_body_param.app_error otherwise). */
const char *model_team_body_members_from_json(void *out, const json_t *a, const char **detail);

typedef struct model_team_body_search {
    const char *term;       /* "" when absent */
    int64_t page, per_page; /* -1 when absent */
    int allow_open_invite;  /* -1 absent */
} model_team_body_search_t;
const char *model_team_body_search_from_json(void *out, const json_t *o, const char **detail);

typedef struct model_team_body_roles {
    const char *roles;
} model_team_body_roles_t;
/** {"roles": "team_user team_admin"}; detail "team_member_roles" when invalid. */
const char *model_team_body_roles_from_json(void *out, const json_t *o, const char **detail);

typedef struct model_team_body_scheme_roles {
    bool scheme_guest, scheme_user, scheme_admin;
} model_team_body_scheme_roles_t;
const char *model_team_body_scheme_roles_from_json(void *out, const json_t *o, const char **detail);

#endif
