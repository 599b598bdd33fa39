/* A new post and every count it changes, in one statement (store/posts.h). */
#include "store/posts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/invalidate.h"
#include "store/posts_row.h"

/*
 * p: the new row (nothing when (user_id, pending_post_id) exists already: every other part then
 * changes nothing either). c: the channel's last post times and totals (Mattermost's SaveMultiple:
 * join/leave messages move last_post_at but not the totals). m: the mention counts of the mentioned
 * members. v: the poster has read the channel up to this post (MarkChannelsAsViewed of CreatePost).
 * t: the thread of a reply (reply_count, last_reply_at, participants in order of first reply).
 */
static const char SAVE_SQL[] =
    "WITH p AS (INSERT INTO posts (id, create_at, update_at, user_id, channel_id, root_id, message, type, props, hashtags, "
    "file_ids, pending_post_id, priority, requested_ack, persistent_notifications, is_pinned) VALUES ($1, $2::bigint, "
    "$3::bigint, $4, $5, $6, $7, $8, $9::jsonb, $10, $11::jsonb, $12, $13, $14::boolean, $15::boolean, $21::boolean) "
    "ON CONFLICT (user_id, pending_post_id) WHERE pending_post_id <> '' DO NOTHING RETURNING id), "
    "c AS (UPDATE channels SET last_post_at = greatest(last_post_at, $2::bigint), "
    "last_root_post_at = CASE WHEN $6 = '' THEN greatest(last_root_post_at, $2::bigint) ELSE last_root_post_at END, "
    "total_msg_count = total_msg_count + CASE WHEN $16::boolean THEN 1 ELSE 0 END, "
    "total_msg_count_root = total_msg_count_root + CASE WHEN $16::boolean AND $6 = '' THEN 1 ELSE 0 END "
    "WHERE id = $5 AND EXISTS (SELECT 1 FROM p) RETURNING last_post_at, total_msg_count, total_msg_count_root), "
    "m AS (UPDATE channel_members SET mention_count = mention_count + 1, "
    "mention_count_root = mention_count_root + CASE WHEN $6 = '' THEN 1 ELSE 0 END, "
    "urgent_mention_count = urgent_mention_count + CASE WHEN $19::boolean THEN 1 ELSE 0 END, last_update_at = $2::bigint "
    "WHERE channel_id = $5 AND user_id = ANY($18::text[]) AND user_id <> $4 AND EXISTS (SELECT 1 FROM p) RETURNING user_id), "
    "v AS (UPDATE channel_members cm SET last_viewed_at = greatest(cm.last_viewed_at, c.last_post_at), "
    "msg_count = c.total_msg_count, msg_count_root = c.total_msg_count_root, mention_count = 0, mention_count_root = 0, "
    "urgent_mention_count = 0, last_update_at = $2::bigint FROM c WHERE cm.channel_id = $5 AND cm.user_id = $4 "
    "AND $17::boolean RETURNING cm.user_id), "
    "t AS (INSERT INTO threads AS th (post_id, channel_id, team_id, reply_count, last_reply_at, participants) "
    "SELECT $6, $5, $20, 1, $2::bigint, jsonb_build_array($4::text) WHERE $6 <> '' AND EXISTS (SELECT 1 FROM p) "
    "ON CONFLICT (post_id) DO UPDATE SET reply_count = th.reply_count + 1, "
    "last_reply_at = greatest(th.last_reply_at, excluded.last_reply_at), participants = CASE WHEN th.participants @> "
    "excluded.participants THEN th.participants ELSE th.participants || excluded.participants END RETURNING reply_count) "
    "SELECT (SELECT count(*) FROM p), coalesce((SELECT reply_count FROM t), 0), (SELECT count(*) FROM m), "
    "(SELECT count(*) FROM v)";

typedef struct save_params {
    char create_at[24], update_at[24];
    char *props, *files, *mentions;
    const char *v[21];
} save_params_t;

static const char *tri(int v)
{
    return v < 0 ? NULL : v ? "t" : "f";
}

static void params_build(save_params_t *s, const model_post_t *p, const store_posts_save_t *o)
{
    snprintf(s->create_at, sizeof(s->create_at), "%lld", (long long)p->create_at);
    snprintf(s->update_at, sizeof(s->update_at), "%lld", (long long)p->update_at);
    s->props = json_dumps(p->props, JSON_COMPACT);
    s->files = json_dumps(p->file_ids, JSON_COMPACT);
    s->mentions = store_posts_row_id_array(o->mentions, o->nmentions);
    const char *v[21] = {p->id,
                         s->create_at,
                         s->update_at,
                         p->user_id,
                         p->channel_id,
                         p->root_id,
                         p->message,
                         p->type,
                         s->props,
                         p->hashtags,
                         s->files,
                         p->pending_post_id,
                         p->priority[0] || p->requested_ack >= 0 || p->persistent_notifications >= 0 ? p->priority : NULL,
                         tri(p->requested_ack),
                         tri(p->persistent_notifications),
                         o->counted ? "t" : "f",
                         o->mark_viewed ? "t" : "f",
                         s->mentions,
                         o->urgent ? "t" : "f",
                         o->team_id ? o->team_id : "",
                         p->is_pinned ? "t" : "f"};
    memcpy(s->v, v, sizeof(v));
}

static void params_free(save_params_t *s)
{
    free(s->props);
    free(s->files);
    free(s->mentions);
}

/* The caches of what changed: the channel (last_post_at, totals), the read state of the poster and the mentioned. */
static void report(const model_post_t *p, const store_posts_save_t *o)
{
    store_invalidate_channel(p->channel_id);
    store_invalidate_member_counts(p->user_id);
    for (size_t i = 0; i < o->nmentions; i++)
        store_invalidate_member_counts(o->mentions[i]);
}

int store_posts_save(PGconn *db, const model_post_t *p, const store_posts_save_t *opt, store_posts_saved_t *out)
{
    save_params_t s;
    PGresult *res = NULL;
    memset(out, 0, sizeof(*out));
    params_build(&s, p, opt);
    int rc = s.props && s.files ? store_db_exec_prepared(db, "posts_save", SAVE_SQL, 21, s.v, &res) : STORE_EINTERNAL;
    params_free(&s);
    if (rc != STORE_OK)
        return rc;
    out->duplicate = strcmp(PQgetvalue(res, 0, 0), "0") == 0;
    out->reply_count = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    PQclear(res);
    if (!out->duplicate)
        report(p, opt);
    return STORE_OK;
}
