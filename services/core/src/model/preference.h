#ifndef CORE_MODEL_PREFERENCE_H
#define CORE_MODEL_PREFERENCE_H

/* The Preference wire object (server/public/model/preference.go) (owner: accounts). */

#include <jansson.h>

#define MODEL_PREF_CATEGORY_MAX 32
#define MODEL_PREF_NAME_MAX 32
#define MODEL_PREF_VALUE_MAX 20000
#define MODEL_PREF_BATCH_MAX 100 /* preferences per PUT/delete request */

typedef struct model_preference {
    const char *user_id, *category, *name, *value; /* borrowed from the JSON they came from */
} model_preference_t;

/**
 * Read one preference object (all four members strings; value may be absent for deletes).
 * @return NULL or the AppError id: api.context.invalid_body_param.app_error for a wrong shape,
 *         model.preference.is_valid.{id,category,name,value}.app_error for a bad field.
 */
const char *model_preference_from_json(const json_t *o, model_preference_t *p, int need_value);
json_t *model_preference_to_json(const char *user_id, const char *category, const char *name, const char *value);

#endif
