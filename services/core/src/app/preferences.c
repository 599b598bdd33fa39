#include "app/preferences.h"

#include <stdlib.h>
#include <string.h>

#include "app/permissions.h"
#include "model/preference.h"
#include "parley/id.h"
#include "store/db.h"
#include "store/preferences.h"
#include "ws/publish.h"

int app_preferences_get(PGconn *db, const app_session_t *viewer, const char *user_id, const char *category, const char *name,
                        int single, json_t **out, app_error_t *e)
{
    json_t *arr = NULL;
    if (app_permissions_can_edit_user(db, viewer, user_id, e) < 0)
        return -1;
    int rc = store_preferences_get(db, user_id, category, name, &arr);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.preference.get_all.app_error", 0);
    if (!single) {
        *out = arr;
        return 0;
    }
    if (json_array_size(arr) == 0) {
        json_decref(arr);
        return app_error_set(e, 404, "app.preference.get.app_error", NULL);
    }
    *out = json_incref(json_array_get(arr, 0));
    json_decref(arr);
    return 0;
}

static int read_batch(const json_t *body, const char *user_id, int del, model_preference_t *prefs, size_t *n, app_error_t *e)
{
    size_t i;
    json_t *item;
    if (!json_is_array(body) || json_array_size(body) == 0 || json_array_size(body) > MODEL_PREF_BATCH_MAX)
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "preferences");
    json_array_foreach(body, i, item)
    {
        const char *bad = model_preference_from_json(item, &prefs[i], !del);
        if (bad)
            return app_error_set(e, 400, bad, "preferences");
        if (strcmp(prefs[i].user_id, user_id) != 0)
            return app_error_set(e, 403, "api.context.permissions.app_error", "preference user_id");
    }
    *n = json_array_size(body);
    return 0;
}

static void emit(const char *user_id, const json_t *body, int del)
{
    ws_broadcast_t me = {.user_id = user_id};
    char *txt = json_dumps(body, JSON_COMPACT);
    if (!txt)
        return;
    ws_publish(del ? WS_EVENT_PREFERENCES_DELETED : WS_EVENT_PREFERENCES_CHANGED, json_pack("{s:s}", "preferences", txt), &me);
    free(txt);
}

int app_preferences_update(PGconn *db, const app_session_t *viewer, const char *user_id, const json_t *body, int del,
                           app_error_t *e)
{
    model_preference_t prefs[MODEL_PREF_BATCH_MAX];
    size_t n = 0;
    if (app_permissions_can_edit_user(db, viewer, user_id, e) < 0 || read_batch(body, user_id, del, prefs, &n, e) < 0)
        return -1;
    int rc = del ? store_preferences_delete(db, prefs, n) : store_preferences_save(db, prefs, n);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, del ? "app.preference.delete.app_error" : "app.preference.save.app_error", 0);
    emit(user_id, body, del);
    return 0;
}
