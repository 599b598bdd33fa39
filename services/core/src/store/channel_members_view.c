#include "store/channel_members_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/id.h"
#include "store/db.h"
#include "store/invalidate.h"

static char *id_array(const char *const *ids, size_t n)
{
    char *s = malloc(3 + n * (PL_ID_LEN + 1));
    if (s == NULL)
        abort();
    size_t at = 0;
    s[at++] = '{';
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            s[at++] = ',';
        size_t l = strnlen(ids[i], PL_ID_LEN);
        memcpy(s + at, ids[i], l);
        at += l;
    }
    s[at++] = '}';
    s[at] = '\0';
    return s;
}

int store_channel_members_view(PGconn *db, const char *user_id, const char *const *channel_ids, size_t n,
                               store_channel_viewed_t **out, size_t *nout)
{
    char *arr = id_array(channel_ids, n);
    const char *p[] = {user_id, arr};
    PGresult *res = NULL;
    *out = NULL;
    *nout = 0;
    /* Only rows with something to change are written (a repeated view writes nothing); every membership
     * among the ids is answered with its channel's last_post_at. */
    int rc = store_db_exec_prepared(
        db, "channel_members_view_changed",
        "WITH m AS (SELECT cm.channel_id, c.last_post_at, c.total_msg_count, c.total_msg_count_root FROM channel_members cm "
        "JOIN channels c ON c.id = cm.channel_id WHERE cm.user_id = $1 AND cm.channel_id = ANY($2::text[])), "
        "u AS (UPDATE channel_members cm SET mention_count = 0, mention_count_root = 0, urgent_mention_count = 0, "
        "msg_count = greatest(cm.msg_count, m.total_msg_count), msg_count_root = greatest(cm.msg_count_root, "
        "m.total_msg_count_root), "
        "last_viewed_at = greatest(cm.last_viewed_at, m.last_post_at), last_update_at = greatest(cm.last_viewed_at, "
        "m.last_post_at) "
        "FROM m WHERE cm.user_id = $1 AND cm.channel_id = m.channel_id AND (cm.mention_count <> 0 OR cm.mention_count_root <> 0 "
        "OR cm.urgent_mention_count <> 0 OR cm.msg_count < m.total_msg_count OR cm.msg_count_root < m.total_msg_count_root "
        "OR cm.last_viewed_at < m.last_post_at OR cm.last_update_at <> greatest(cm.last_viewed_at, m.last_post_at)) "
        "RETURNING cm.channel_id) "
        "SELECT m.channel_id, m.last_post_at, (SELECT count(*) FROM u) FROM m",
        2, p, &res);
    free(arr);
    int rows = rc == STORE_OK ? PQntuples(res) : 0;
    if (rows > 0 && strcmp(PQgetvalue(res, 0, 2), "0") != 0)
        store_invalidate_member_counts(user_id);
    if (rows > 0) {
        *out = calloc((size_t)rows, sizeof(**out));
        if (*out == NULL)
            abort();
    }
    for (int i = 0; i < rows; i++) {
        store_channel_viewed_t *v = &(*out)[(*nout)++];
        snprintf(v->channel_id, sizeof(v->channel_id), "%s", PQgetvalue(res, i, 0));
        v->last_viewed_at = strtoll(PQgetvalue(res, i, 1), NULL, 10);
    }
    PQclear(res);
    return rc;
}
