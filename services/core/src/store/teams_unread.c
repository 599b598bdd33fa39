/* Team unreads (store/teams_unread.h) (owner: teams). */
#include "store/teams_unread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

#define SUMS                                                                                                                       \
    "SELECT c.team_id, "                                                                                                           \
    "coalesce(sum(CASE WHEN cm.notify_props->>'mark_unread' = 'mention' THEN 0 ELSE c.total_msg_count - cm.msg_count END), 0), "   \
    "coalesce(sum(cm.mention_count), 0), coalesce(sum(cm.mention_count_root), 0), "                                                \
    "coalesce(sum(CASE WHEN cm.notify_props->>'mark_unread' = 'mention' THEN 0 ELSE c.total_msg_count_root - cm.msg_count_root "   \
    "END), 0), coalesce(max(th.n), 0), coalesce(max(th.m), 0), coalesce(max(th.u), 0) "                                            \
    "FROM channel_members cm JOIN channels c ON c.id = cm.channel_id LEFT JOIN (SELECT t.team_id, "                                \
    "count(*) FILTER (WHERE t.last_reply_at > m.last_viewed) AS n, sum(m.unread_mentions) AS m, "                                  \
    "sum(m.unread_mentions) FILTER (WHERE p.priority = 'urgent') AS u FROM thread_memberships m JOIN threads t ON "                \
    "t.post_id = m.post_id JOIN posts p ON p.id = t.post_id WHERE m.user_id = $1 AND m.following AND t.thread_delete_at = 0 "      \
    "GROUP BY t.team_id) th ON th.team_id = c.team_id WHERE cm.user_id = $1 AND c.delete_at = 0 "

static void read_row(const PGresult *res, int i, void *item)
{
    model_team_unread_t *u = item;
    snprintf(u->team_id, sizeof(u->team_id), "%s", PQgetvalue(res, i, 0));
    u->msg_count = strtoll(PQgetvalue(res, i, 1), NULL, 10);
    u->mention_count = strtoll(PQgetvalue(res, i, 2), NULL, 10);
    u->mention_count_root = strtoll(PQgetvalue(res, i, 3), NULL, 10);
    u->msg_count_root = strtoll(PQgetvalue(res, i, 4), NULL, 10);
    u->thread_count = strtoll(PQgetvalue(res, i, 5), NULL, 10);
    u->thread_mention_count = strtoll(PQgetvalue(res, i, 6), NULL, 10);
    u->thread_urgent_mention_count = strtoll(PQgetvalue(res, i, 7), NULL, 10);
}

int store_teams_unread_all(PGconn *db, const char *user_id, const char *exclude_team_id, store_teams_unread_list_t *out)
{
    const char *p[] = {user_id, exclude_team_id};
    return store_db_get_list(db, SUMS "AND c.team_id <> $2 GROUP BY c.team_id ORDER BY c.team_id", 2, p,
                             sizeof(model_team_unread_t), read_row, (void **)&out->items, &out->n);
}

int store_teams_unread_one(PGconn *db, const char *user_id, const char *team_id, model_team_unread_t *out)
{
    const char *p[] = {user_id, team_id};
    memset(out, 0, sizeof(*out));
    int rc = store_db_get_one(db, SUMS "AND c.team_id = $2 GROUP BY c.team_id", 2, p, read_row, out);
    if (rc == STORE_ENOTFOUND) {
        snprintf(out->team_id, sizeof(out->team_id), "%s", team_id);
        rc = STORE_OK;
    }
    return rc;
}
