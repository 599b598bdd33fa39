#ifndef PARLEY_CORE_STORE_PREFERENCES_H
#define PARLEY_CORE_STORE_PREFERENCES_H

/* The preferences table (owner: accounts). */

#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "model/preference.h"

/**
 * Preferences of user_id as a JSON array of Preference objects (*out, caller decrefs);
 * category / name NULL = any. @return STORE_OK or STORE_E*.
 */
int store_preferences_get(PGconn *db, const char *user_id, const char *category, const char *name, json_t **out);
/** Upsert (save) or delete n preferences in one transaction. */
int store_preferences_save(PGconn *db, const model_preference_t *prefs, size_t n);
int store_preferences_delete(PGconn *db, const model_preference_t *prefs, size_t n);

#endif
