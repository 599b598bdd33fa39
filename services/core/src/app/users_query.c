/* Lists, search and autocomplete of users (owner: accounts). */
#include "app/users.h"

#include <string.h>

#include "app/permissions.h"
#include "app/users_context.h"
#include "parley/id.h"
#include "store/db.h"

#define SEARCH_DEFAULT_LIMIT 100
#define SEARCH_MAX_LIMIT 100

static int valid_opt_id(const char *v)
{
    return !v || !v[0] || pl_id_valid(v, strlen(v));
}

static const char *nonempty(const char *v)
{
    return v && v[0] ? v : NULL;
}

static int run(PGconn *db, const app_session_t *viewer, model_user_filter_t *f, model_user_list_t *out, app_error_t *e)
{
    f->search_email = app_permissions_has(db, viewer, "manage_system", NULL, NULL, e) > 0;
    int rc = store_users_list(db, f, out);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.get_profiles.app_error", 0);
    return 0;
}

int app_users_list(PGconn *db, const app_session_t *viewer, model_user_filter_t *f, model_user_list_t *out, app_error_t *e)
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
    if (app_users_context_check_list(db, viewer, f, e) < 0)
        return -1;
    return run(db, viewer, f, out, e);
}

int app_users_autocomplete(PGconn *db, const app_session_t *viewer, const char *in_team, const char *in_channel, const char *name,
                           int64_t limit, model_user_list_t *users, model_user_list_t *out_of_channel, app_error_t *e)
{
    model_user_filter_t f = {.active = 1, .term = name ? name : "", .limit = limit};
    if (!valid_opt_id(in_team) || !valid_opt_id(in_channel))
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "team_id/channel_id");
    if (strlen(f.term) > MODEL_USER_SEARCH_TERM_MAX)
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "name");
    f.in_team = nonempty(in_team);
    f.in_channel = nonempty(in_channel);
    if (app_users_context_check_autocomplete(db, viewer, f.in_team, f.in_channel, e) < 0)
        return -1;
    if (run(db, viewer, &f, users, e) < 0)
        return -1;
    if (!f.in_channel)
        return 0;
    f.not_in_channel = f.in_channel;
    f.in_channel = NULL;
    return run(db, viewer, &f, out_of_channel, e);
}

int app_users_search(PGconn *db, const app_session_t *viewer, const model_user_search_t *s, model_user_list_t *out, app_error_t *e)
{
    model_user_filter_t f = {.term = s->term,
                             .in_team = s->team_id,
                             .not_in_team = s->not_in_team_id,
                             .in_channel = s->in_channel_id,
                             .not_in_channel = s->not_in_channel_id,
                             .limit = s->has_limit ? s->limit : SEARCH_DEFAULT_LIMIT,
                             .active = s->allow_inactive ? -1 : 1,
                             .without_team = s->without_team};
    if (f.limit <= 0 || f.limit > SEARCH_MAX_LIMIT)
        f.limit = SEARCH_MAX_LIMIT;
    if (!valid_opt_id(f.in_team) || !valid_opt_id(f.not_in_team) || !valid_opt_id(f.in_channel) || !valid_opt_id(f.not_in_channel))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "team_id/channel_id");
    f.in_team = nonempty(f.in_team);
    f.not_in_team = nonempty(f.not_in_team);
    f.in_channel = nonempty(f.in_channel);
    f.not_in_channel = nonempty(f.not_in_channel);
    if (app_users_context_check_search(db, viewer, &f, e) < 0)
        return -1;
    return run(db, viewer, &f, out, e);
}

int app_users_stats(PGconn *db, int64_t *total_users, app_error_t *e)
{
    int rc = store_users_count(db, false, total_users);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.get_total_users_count.app_error", 0);
    return 0;
}
