/* ThreadResponse as it leaves the server (app/threads_view.h). */
#include "app/threads_view.h"

#include <stdlib.h>
#include <string.h>

#include "app/posts_metadata.h"
#include "model/user.h"
#include "store/db.h"
#include "store/users.h"

/* The participants' User objects, in the order of the thread's ids (users that are gone are left out). */
static json_t *participant_users(PGconn *db, const json_t *ids)
{
    size_t n = json_array_size(ids);
    const char **v = malloc((n ? n : 1) * sizeof(*v));
    model_user_list_t l = {0};
    if (v == NULL)
        abort();
    for (size_t i = 0; i < n; i++)
        v[i] = json_string_value(json_array_get(ids, i)) ?: "";
    int rc = n ? store_users_get_many(db, v, n, false, 0, &l) : STORE_OK;
    json_t *a = rc == STORE_OK ? json_array() : NULL;
    for (size_t i = 0; a && i < n; i++)
        for (size_t k = 0; k < l.n; k++)
            if (strcmp(l.items[k].id, v[i]) == 0)
                json_array_append_new(a, model_user_to_json(&l.items[k], MODEL_USER_SANITIZE_OTHER));
    free(v);
    model_user_list_dispose(&l);
    return a;
}

json_t *app_threads_view_json(PGconn *db, model_thread_t *t, bool extended)
{
    app_error_t e = {0};
    if (app_posts_metadata_fill(db, &t->post, 1, &e) < 0)
        return NULL;
    json_t *users = NULL;
    if (extended && (users = participant_users(db, t->participants)) == NULL)
        return NULL;
    return model_thread_to_json(t, users);
}
