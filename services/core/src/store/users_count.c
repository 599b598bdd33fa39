#include "store/users_count.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "store/db.h"

/* applyMultiRoleFilters: one OR over the system, team and channel roles asked for (names are checked by
 * the caller; only the known ones add a condition, so nothing of the request reaches the SQL text). */
static void or_term(pl_buf_t *b, int *n, const char *cond)
{
    pl_buf_puts(b, (*n)++ ? " OR " : " AND (");
    pl_buf_puts(b, cond);
}

static void system_roles(pl_buf_t *b, int *n, const model_user_count_filter_t *f)
{
    static const char *const wild[] = {"system_guest", "system_admin", "system_user_manager", "system_read_only_admin",
                                       "system_manager"};
    for (size_t i = 0; i < f->nroles; i++) {
        if (strcmp(f->roles[i], "system_user") == 0)
            or_term(b, n, "u.roles = 'system_user'");
        for (size_t k = 0; k < sizeof(wild) / sizeof(wild[0]); k++)
            if (strcmp(f->roles[i], wild[k]) == 0)
                pl_buf_appendf(b, "%su.roles ILIKE '%%%s%%'", (*n)++ ? " OR " : " AND (", wild[k]);
    }
}

static void scope_roles(pl_buf_t *b, int *n, const char (*roles)[65], size_t nroles, const char *scope, const char *alias)
{
    char admin[32], user[32], guest[32];
    snprintf(admin, sizeof(admin), "%s_admin", scope);
    snprintf(user, sizeof(user), "%s_user", scope);
    snprintf(guest, sizeof(guest), "%s_guest", scope);
    for (size_t i = 0; i < nroles; i++) {
        if (strcmp(roles[i], admin) == 0)
            pl_buf_appendf(b, "%s(%s.scheme_admin AND u.roles NOT ILIKE '%%system_admin%%')", (*n)++ ? " OR " : " AND (", alias);
        else if (strcmp(roles[i], user) == 0)
            pl_buf_appendf(b, "%s(%s.scheme_user AND NOT %s.scheme_admin AND u.roles NOT ILIKE '%%system_admin%%')",
                           (*n)++ ? " OR " : " AND (", alias, alias);
        else if (strcmp(roles[i], guest) == 0)
            pl_buf_appendf(b, "%s%s.scheme_guest", (*n)++ ? " OR " : " AND (", alias);
    }
}

int store_users_count_filtered(PGconn *db, const model_user_count_filter_t *f, int64_t *out)
{
    pl_buf_t b;
    const char *p[2];
    int np = 0, n = 0;
    pl_buf_init(&b, 8192);
    pl_buf_puts(&b, "SELECT count(DISTINCT u.id) FROM users u");
    if (f->team_id)
        pl_buf_puts(&b, " JOIN team_members tm ON tm.user_id = u.id");
    if (f->channel_id)
        pl_buf_puts(&b, " JOIN channel_members cm ON cm.user_id = u.id");
    pl_buf_puts(&b, " WHERE true");
    if (!f->include_deleted)
        pl_buf_puts(&b, " AND u.delete_at = 0");
    if (!f->include_bots)
        pl_buf_puts(&b, " AND NOT u.is_bot");
    if (f->team_id) {
        p[np++] = f->team_id;
        pl_buf_appendf(&b, " AND tm.team_id = $%d AND tm.delete_at = 0", np);
    }
    if (f->channel_id) {
        p[np++] = f->channel_id;
        pl_buf_appendf(&b, " AND cm.channel_id = $%d", np);
    }
    system_roles(&b, &n, f);
    if (f->team_id)
        scope_roles(&b, &n, f->team_roles, f->nteam_roles, "team", "tm");
    if (f->channel_id)
        scope_roles(&b, &n, f->channel_roles, f->nchannel_roles, "channel", "cm");
    if (n)
        pl_buf_puts(&b, ")");
    PGresult *res = NULL;
    int rc = store_db_exec(db, b.data, np, p, &res);
    if (rc == STORE_OK)
        *out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    pl_buf_dispose(&b);
    return rc;
}
