#ifndef PARLEY_CORE_MODEL_LIST_H
#define PARLEY_CORE_MODEL_LIST_H

/*
 * Request bodies that are JSON arrays of strings (POST /users/ids, /users/usernames,
 * /users/status/ids, /roles/names): 1..MODEL_LIST_MAX items, each checked, borrowed from the JSON.
 * Decoders for api/route.h rows: NULL or the 400 AppError id, *detail the field.
 */

#include <stddef.h>
#include <jansson.h>

#define MODEL_LIST_MAX 1000

typedef struct model_list {
    size_t n;
    const char *v[MODEL_LIST_MAX];
} model_list_t;

/** User ids (26-character ids); detail "user_ids". */
const char *model_list_user_ids_from_json(void *out, const json_t *a, const char **detail);
/** Usernames (model_user_username_valid); detail "usernames". */
const char *model_list_usernames_from_json(void *out, const json_t *a, const char **detail);
/** Role names (model_role_name_valid), at most MODEL_LIST_ROLE_NAMES_MAX; detail "rolenames" / "rolename". */
#define MODEL_LIST_ROLE_NAMES_MAX 100
const char *model_list_role_names_from_json(void *out, const json_t *a, const char **detail);

#endif
