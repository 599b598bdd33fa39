/* deleted at merge: the real ones are in tc-sidebar. Minimal app/sidebar.h so that the members branch links alone. */
#include "app/sidebar.h"

int app_sidebar_team_joined(PGconn *db, const char *user_id, const char *team_id, app_error_t *e)
{
    (void)db, (void)user_id, (void)team_id, (void)e;
    return 0;
}

int app_sidebar_channel_added(PGconn *db, const char *user_id, const model_channel_t *c, app_error_t *e)
{
    (void)db, (void)user_id, (void)c, (void)e;
    return 0;
}

int app_sidebar_channel_removed(PGconn *db, const char *user_id, const char *channel_id, app_error_t *e)
{
    (void)db, (void)user_id, (void)channel_id, (void)e;
    return 0;
}
