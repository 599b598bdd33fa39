/* Marking a channel unread from a post (store/posts_unread.h). */
#include "store/posts_unread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "parley/time.h"
#include "store/invalidate.h"

static const char SQL[] =
    "WITH n AS (SELECT count(*) AS unread, count(*) FILTER (WHERE root_id = '') AS unread_root FROM posts "
    "WHERE channel_id = $1 AND create_at > $3::bigint AND delete_at = 0 AND original_id = '' AND type NOT IN "
    "('system_join_leave', 'system_add_remove', 'system_join_channel', 'system_leave_channel', 'system_join_team', "
    "'system_leave_team', 'system_add_to_channel', 'system_remove_from_channel', 'system_add_to_team', "
    "'system_remove_from_team')) "
    "UPDATE channel_members cm SET mention_count = $4::bigint, mention_count_root = $5::bigint, "
    "urgent_mention_count = $6::bigint, msg_count = greatest(c.total_msg_count - n.unread, 0), "
    "msg_count_root = greatest(c.total_msg_count_root - CASE WHEN $7::boolean THEN n.unread_root ELSE 0 END, 0), "
    "last_viewed_at = $3::bigint, last_update_at = $8::bigint FROM channels c, n WHERE c.id = $1 AND cm.channel_id = $1 "
    "AND cm.user_id = $2 RETURNING c.team_id, cm.msg_count, cm.mention_count, cm.mention_count_root, "
    "cm.urgent_mention_count, cm.msg_count_root, cm.last_viewed_at";

static void read_row(const PGresult *res, int i, void *item)
{
    store_posts_unread_at_t *u = item;
    snprintf(u->team_id, sizeof(u->team_id), "%s", PQgetvalue(res, i, 0));
    int64_t *v[] = {&u->msg_count,      &u->mention_count, &u->mention_count_root, &u->urgent_mention_count,
                    &u->msg_count_root, &u->last_viewed_at};
    for (int k = 0; k < 6; k++)
        *v[k] = strtoll(PQgetvalue(res, i, k + 1), NULL, 10);
}

int store_posts_unread_set(PGconn *db, const model_post_t *p, const char *user_id, int64_t mentions, int64_t mentions_root,
                           int64_t urgent, bool set_root, store_posts_unread_at_t *out)
{
    char at[24], m[24], mr[24], u[24], now[24];
    snprintf(at, sizeof(at), "%lld", (long long)(p->create_at - 1));
    snprintf(m, sizeof(m), "%lld", (long long)mentions);
    snprintf(mr, sizeof(mr), "%lld", (long long)mentions_root);
    snprintf(u, sizeof(u), "%lld", (long long)urgent);
    snprintf(now, sizeof(now), "%lld", (long long)pl_time_ms());
    const char *v[] = {p->channel_id, user_id, at, m, mr, u, set_root ? "t" : "f", now};
    memset(out, 0, sizeof(*out));
    int rc = store_db_get_one(db, SQL, 8, v, read_row, out);
    store_invalidate_member_counts(user_id);
    return rc;
}
