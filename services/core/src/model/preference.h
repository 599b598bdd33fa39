#ifndef PARLEY_CORE_MODEL_PREFERENCE_H
#define PARLEY_CORE_MODEL_PREFERENCE_H

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

/** A Preferences body ([Preference], PUT /users/{id}/preferences and POST .../preferences/delete). */
typedef struct model_preference_list {
    size_t n;
    model_preference_t items[MODEL_PREF_BATCH_MAX];
} model_preference_list_t;
/**
 * Decoders (api/route.h): 1..MODEL_PREF_BATCH_MAX preferences, each as model_preference_from_json
 * (with a value for saves, without for deletes). @return NULL or the AppError id (detail "preferences").
 */
const char *model_preference_list_from_json(void *out, const json_t *a, const char **detail);
const char *model_preference_list_delete_from_json(void *out, const json_t *a, const char **detail);
/** @return the list as a JSON array of Preference (the preferences_changed / _deleted payload). */
json_t *model_preference_list_to_json(const model_preference_list_t *l);

#endif
