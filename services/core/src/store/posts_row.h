#ifndef PARLEY_CORE_STORE_POSTS_ROW_H
#define PARLEY_CORE_STORE_POSTS_ROW_H

/* Row mapping shared by the store/posts*.c files (owner: posts; internal to store/). */

#include <stddef.h>
#include <libpq-fe.h>

#include "model/post.h"

/* The post columns of posts aliased "p" joined to its thread "t" (STORE_POSTS_THREAD_JOIN). */
#define STORE_POSTS_COLS                                                                                                           \
    "p.id, p.create_at, p.update_at, p.edit_at, p.delete_at, p.is_pinned, p.user_id, p.channel_id, p.root_id, "                    \
    "p.original_id, p.message, p.type, p.props::text, p.hashtags, p.file_ids::text, p.has_reactions, "                             \
    "coalesce(p.remote_id, ''), p.pending_post_id, coalesce(t.reply_count, 0), coalesce(t.last_reply_at, 0), "                     \
    "coalesce(p.priority, ''), CASE WHEN p.requested_ack IS NULL THEN -1 WHEN p.requested_ack THEN 1 ELSE 0 END, "                 \
    "CASE WHEN p.persistent_notifications IS NULL THEN -1 WHEN p.persistent_notifications THEN 1 ELSE 0 END"
/* The thread of a post: its own for a root, its root's for a reply. */
#define STORE_POSTS_THREAD_JOIN "LEFT JOIN threads t ON t.post_id = CASE WHEN p.root_id = '' THEN p.id ELSE p.root_id END"

/** store_db_row_read_fn: row i into item (a model_post_t, zeroed or not: it is initialised here). */
void store_posts_row_read(const PGresult *res, int i, void *item);
/** Run sql (the prepared statement `name`: static, one per sql) and append every row to out->items (out->n grows;
 *  n_order untouched). */
int store_posts_row_list(PGconn *db, const char *name, const char *sql, int nparams, const char *const *params,
                         model_post_list_t *out);
/** A Postgres text[] literal of ids (malloc). */
char *store_posts_row_id_array(const char *const *ids, size_t n);

#endif
