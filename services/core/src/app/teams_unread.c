/* Team unreads (app/teams_unread.h) (owner: teams). */
#include "app/teams_unread.h"

#include <string.h>

#include "app/permissions.h"
#include "app/teams_util.h"
#include "store/db.h"

int app_teams_unread_all(PGconn *db, const app_session_t *s, const char *user_id, const char *exclude_team_id, bool threads,
                         store_teams_unread_list_t *out, app_error_t *e)
{
    if (strcmp(user_id, s->user_id) != 0 && !app_teams_util_has(db, s, "manage_system", NULL))
        return app_error_set(e, 403, "api.context.permissions.app_error", "manage_system");
    if (app_error_check_store(e, store_teams_unread_all(db, user_id, exclude_team_id ? exclude_team_id : "", out),
                              "app.team.get_unread.app_error") < 0)
        return -1;
    for (size_t i = 0; !threads && i < out->n; i++)
        out->items[i].thread_count = out->items[i].thread_mention_count = out->items[i].thread_urgent_mention_count = 0;
    return 0;
}

int app_teams_unread_one(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, model_team_unread_t *out,
                         app_error_t *e)
{
    if (app_teams_util_check_id(team_id, e) < 0)
        return -1;
    if (strcmp(user_id, s->user_id) != 0 && !app_teams_util_has(db, s, "edit_other_users", NULL))
        return app_error_set(e, 403, "api.context.permissions.app_error", "edit_other_users");
    if (!app_teams_util_has(db, s, "view_team", team_id))
        return app_error_set(e, 403, "api.context.permissions.app_error", "view_team");
    return app_error_check_store(e, store_teams_unread_one(db, user_id, team_id, out), "app.team.get_unread.app_error");
}
