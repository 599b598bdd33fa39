#include "store/sidebar_mute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "parley/time.h"
#include "store/db.h"
#include "store/invalidate.h"

static void read_member(const PGresult *res, int row, void *item)
{
    model_channel_member_t *m = item;
    memset(m, 0, sizeof(*m));
    snprintf(m->channel_id, sizeof(m->channel_id), "%s", PQgetvalue(res, row, 0));
    snprintf(m->user_id, sizeof(m->user_id), "%s", PQgetvalue(res, row, 1));
    snprintf(m->explicit_roles, sizeof(m->explicit_roles), "%s", PQgetvalue(res, row, 2));
    int64_t *nums[] = {&m->last_viewed_at,       &m->msg_count,      &m->mention_count, &m->mention_count_root,
                       &m->urgent_mention_count, &m->msg_count_root, &m->last_update_at};
    for (int i = 0; i < 7; i++)
        *nums[i] = strtoll(PQgetvalue(res, row, 3 + i), NULL, 10);
    m->notify_props = json_loads(PQgetvalue(res, row, 10), 0, NULL);
    m->scheme_user = PQgetvalue(res, row, 11)[0] == 't';
    m->scheme_admin = PQgetvalue(res, row, 12)[0] == 't';
    m->scheme_guest = PQgetvalue(res, row, 13)[0] == 't';
}

int store_sidebar_mute_set(PGconn *db, const char *user_id, const model_sidebar_channel_id_t *ids, size_t n, bool muted,
                           model_channel_member_list_t *out)
{
    memset(out, 0, sizeof(*out));
    if (n == 0)
        return STORE_OK;
    pl_buf_t b;
    pl_buf_init(&b, (size_t)1 << 24);
    pl_buf_puts(&b, "{");
    for (size_t i = 0; i < n; i++)
        pl_buf_appendf(&b, "%s\"%s\"", i ? "," : "", ids[i]);
    pl_buf_puts(&b, "}");
    char now[24];
    snprintf(now, sizeof(now), "%lld", (long long)pl_time_ms());
    const char *p[] = {user_id, b.data ? b.data : "{}", muted ? "mention" : "all", now};
    int rc = store_db_get_list(
        db,
        "UPDATE channel_members SET notify_props = jsonb_set(notify_props, '{mark_unread}', to_jsonb($3::text)), "
        "last_update_at = $4::bigint WHERE user_id = $1 AND channel_id = ANY($2::text[]) AND "
        "(coalesce(notify_props->>'mark_unread', '') = 'mention') <> ($3 = 'mention') RETURNING channel_id, user_id, roles, "
        "last_viewed_at, msg_count, mention_count, mention_count_root, urgent_mention_count, msg_count_root, last_update_at, "
        "notify_props::text, scheme_user, scheme_admin, scheme_guest",
        4, p, sizeof(*out->items), read_member, (void **)&out->items, &out->n);
    pl_buf_dispose(&b);
    store_invalidate_member(user_id);
    return rc;
}
