/* Lists, search and autocomplete of users (owner: accounts). */
#include "app/users.h"

#include <string.h>

#include "app/permissions.h"
#include "parley/id.h"
#include "store/db.h"

#define SEARCH_DEFAULT_LIMIT 100
#define SEARCH_MAX_LIMIT 100
#define TERM_MAX 64

static int valid_opt_id(const char *v)
{
    return !v || !v[0] || pl_id_valid(v, strlen(v));
}

static const char *nonempty(const char *v)
{
    return v && v[0] ? v : NULL;
}

static int run(PGconn *db, const app_session_t *viewer, store_user_filter_t *f, json_t **out, app_error_t *e)
{
    store_user_list_t l = {0};
    f->search_email = app_permissions_has(db, viewer, "manage_system", NULL, NULL, e) > 0;
    int rc = store_users_list(db, f, &l);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.get_profiles.app_error", 0);
    *out = app_users_list_to_json(db, viewer, &l);
    store_users_list_dispose(&l);
    return 0;
}

int app_users_list(PGconn *db, const app_session_t *viewer, store_user_filter_t *f, json_t **out, app_error_t *e)
{
    if (!valid_opt_id(f->in_team) || !valid_opt_id(f->not_in_team) || !valid_opt_id(f->in_channel) ||
        !valid_opt_id(f->not_in_channel))
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "team_id/channel_id");
    if (f->role && f->role[0] && !model_user_roles_valid(f->role))
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "role");
    f->in_team = nonempty(f->in_team);
    f->not_in_team = nonempty(f->not_in_team);
    f->in_channel = nonempty(f->in_channel);
    f->not_in_channel = nonempty(f->not_in_channel);
    f->role = nonempty(f->role);
    return run(db, viewer, f, out, e);
}

int app_users_autocomplete(PGconn *db, const app_session_t *viewer, const char *in_team, const char *in_channel, const char *name,
                           int64_t limit, json_t **out, app_error_t *e)
{
    store_user_filter_t f = {.active = 1, .term = name ? name : "", .limit = limit};
    json_t *users = NULL, *outside = NULL;
    if (!valid_opt_id(in_team) || !valid_opt_id(in_channel))
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "team_id/channel_id");
    if (strlen(f.term) > TERM_MAX)
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "name");
    f.in_team = nonempty(in_team);
    f.in_channel = nonempty(in_channel);
    if (run(db, viewer, &f, &users, e) < 0)
        return -1;
    *out = json_pack("{s:o}", "users", users);
    if (!f.in_channel)
        return 0;
    f.not_in_channel = f.in_channel;
    f.in_channel = NULL;
    if (run(db, viewer, &f, &outside, e) < 0) {
        json_decref(*out);
        return -1;
    }
    json_object_set_new(*out, "out_of_channel", outside);
    return 0;
}

static const char *str_field(const json_t *body, const char *k, int *bad)
{
    const json_t *v = json_object_get(body, k);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

static int read_search(const json_t *body, store_user_filter_t *f, app_error_t *e)
{
    int bad = 0;
    const json_t *lim = json_object_get(body, "limit"), *inactive = json_object_get(body, "allow_inactive");
    const json_t *without = json_object_get(body, "without_team");
    f->term = str_field(body, "term", &bad);
    f->in_team = nonempty(str_field(body, "team_id", &bad));
    f->not_in_team = nonempty(str_field(body, "not_in_team_id", &bad));
    f->in_channel = nonempty(str_field(body, "in_channel_id", &bad));
    f->not_in_channel = nonempty(str_field(body, "not_in_channel_id", &bad));
    if (bad || (lim && !json_is_integer(lim)) || (inactive && !json_is_boolean(inactive)) || (without && !json_is_boolean(without)))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "user_search");
    if (!f->term || !f->term[0] || strlen(f->term) > TERM_MAX)
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "term");
    f->limit = lim ? json_integer_value(lim) : SEARCH_DEFAULT_LIMIT;
    if (f->limit <= 0 || f->limit > SEARCH_MAX_LIMIT)
        f->limit = SEARCH_MAX_LIMIT;
    f->active = json_is_true(inactive) ? -1 : 1;
    f->without_team = json_is_true(without);
    return 0;
}

int app_users_search(PGconn *db, const app_session_t *viewer, const json_t *body, json_t **out, app_error_t *e)
{
    store_user_filter_t f = {0};
    if (!json_is_object(body))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "user_search");
    if (read_search(body, &f, e) < 0)
        return -1;
    if (!valid_opt_id(f.in_team) || !valid_opt_id(f.not_in_team) || !valid_opt_id(f.in_channel) || !valid_opt_id(f.not_in_channel))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "team_id/channel_id");
    return run(db, viewer, &f, out, e);
}

int app_users_stats(PGconn *db, json_t **out, app_error_t *e)
{
    int64_t n = 0;
    int rc = store_users_count(db, false, &n);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.get_total_users_count.app_error", 0);
    *out = json_pack("{s:I}", "total_users_count", (json_int_t)n);
    return 0;
}
