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

static void emit(const char *user_id, const model_preference_list_t *prefs, int del)
{
    ws_broadcast_t me = {.user_id = user_id};
    json_t *arr = model_preference_list_to_json(prefs);
    char *txt = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    if (!txt)
        return;
    ws_publish(del ? WS_EVENT_PREFERENCES_DELETED : WS_EVENT_PREFERENCES_CHANGED, json_pack("{s:s}", "preferences", txt), &me);
    free(txt);
}

int app_preferences_update(PGconn *db, const char *user_id, const model_preference_list_t *prefs, int del, app_error_t *e)
{
    for (size_t i = 0; i < prefs->n; i++)
        if (strcmp(prefs->items[i].user_id, user_id) != 0)
            return app_error_set(e, 403, "api.context.permissions.app_error", "preference user_id");
    int rc = del ? store_preferences_delete(db, prefs->items, prefs->n) : store_preferences_save(db, prefs->items, prefs->n);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, del ? "app.preference.delete.app_error" : "app.preference.save.app_error", 0);
    emit(user_id, prefs, del);
    return 0;
}
