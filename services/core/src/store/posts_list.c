/* The channel and thread lists of posts (store/posts.h). */
#include "store/posts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/posts_row.h"

#define FROM " FROM posts p " STORE_POSTS_THREAD_JOIN " WHERE p.original_id = '' "
#define ROOTS " AND (NOT $2::boolean OR p.root_id = '') "
#define NEWEST " ORDER BY p.create_at DESC, p.id DESC "

/* The list read with one row more than limit: *more says whether that row came, and it is dropped. */
static void trim(model_post_list_t *out, int64_t limit, bool *more)
{
    *more = (int64_t)out->n > limit;
    while ((int64_t)out->n > limit)
        model_post_dispose(&out->items[--out->n]);
    out->n_order = out->n;
}

/* Rows read oldest first, turned newest first. */
static void reverse(model_post_list_t *out)
{
    for (size_t i = 0, j = out->n; i + 1 < j; i++, j--) {
        model_post_t t = out->items[i];
        out->items[i] = out->items[j - 1];
        out->items[j - 1] = t;
    }
}

int store_posts_list_page(PGconn *db, const char *channel_id, int64_t offset, int64_t limit, bool roots_only, bool include_deleted,
                          model_post_list_t *out, bool *more)
{
    char off[24], lim[24];
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit + 1);
    const char *p[] = {channel_id, roots_only ? "t" : "f", off, lim, include_deleted ? "t" : "f"};
    memset(out, 0, sizeof(*out));
    int rc = store_posts_row_list(db, "posts_list_page",
                                  "SELECT " STORE_POSTS_COLS FROM
                                  "AND p.channel_id = $1 AND ($5::boolean OR p.delete_at = 0)" ROOTS NEWEST
                                  "OFFSET $3::bigint LIMIT $4::bigint",
                                  5, p, out);
    trim(out, limit, more);
    return rc;
}

int store_posts_list_since(PGconn *db, const char *channel_id, int64_t since, bool roots_only, int64_t limit,
                           model_post_list_t *out)
{
    char t[24], lim[24];
    bool more;
    snprintf(t, sizeof(t), "%lld", (long long)since);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {channel_id, roots_only ? "t" : "f", t, lim};
    memset(out, 0, sizeof(*out));
    int rc = store_posts_row_list(db, "posts_list_since",
                                  "SELECT " STORE_POSTS_COLS FROM "AND p.channel_id = $1 AND p.update_at > $3::bigint" ROOTS NEWEST
                                  "LIMIT $4::bigint",
                                  4, p, out);
    trim(out, limit, &more);
    return rc;
}

int store_posts_list_around(PGconn *db, const char *channel_id, const model_post_t *anchor, store_posts_dir_t dir, int64_t offset,
                            int64_t limit, bool roots_only, model_post_list_t *out, bool *more)
{
    char t[24], off[24], lim[24];
    snprintf(t, sizeof(t), "%lld", (long long)anchor->create_at);
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit + 1);
    const char *p[] = {channel_id, roots_only ? "t" : "f", t, off, lim};
    memset(out, 0, sizeof(*out));
    int rc = dir == STORE_POSTS_BEFORE
                 ? store_posts_row_list(db, "posts_list_before",
                                        "SELECT " STORE_POSTS_COLS FROM
                                        "AND p.channel_id = $1 AND p.delete_at = 0 AND p.create_at < $3::bigint" ROOTS NEWEST
                                        "OFFSET $4::bigint LIMIT $5::bigint",
                                        5, p, out)
                 : store_posts_row_list(db, "posts_list_after",
                                        "SELECT " STORE_POSTS_COLS FROM
                                        "AND p.channel_id = $1 AND p.delete_at = 0 AND p.create_at > $3::bigint" ROOTS
                                        "ORDER BY p.create_at, p.id OFFSET $4::bigint LIMIT $5::bigint",
                                        5, p, out);
    trim(out, limit, more);
    if (dir == STORE_POSTS_AFTER)
        reverse(out);
    return rc;
}

int store_posts_list_from_time(PGconn *db, const char *channel_id, int64_t at, store_posts_dir_t dir, int64_t limit,
                               bool roots_only, model_post_list_t *out, bool *more)
{
    model_post_t anchor;
    memset(&anchor, 0, sizeof(anchor));
    /* before: at and older (create_at < at + 1); after: newer than at */
    anchor.create_at = dir == STORE_POSTS_BEFORE ? at + 1 : at;
    return store_posts_list_around(db, channel_id, &anchor, dir, 0, limit, roots_only, out, more);
}

#define THREAD "AND (p.id = $1 OR p.root_id = $1) AND p.delete_at = 0 "

int store_posts_list_thread(PGconn *db, const char *root_id, const store_posts_thread_page_t *pg, model_post_list_t *out,
                            bool *more)
{
    char at[24], lim[24];
    snprintf(at, sizeof(at), "%lld", (long long)pg->from_create_at);
    snprintf(lim, sizeof(lim), "%lld", (long long)pg->limit + 1);
    const char *p[] = {root_id, at, pg->from_post ? pg->from_post : "", pg->limit > 0 ? lim : NULL};
    size_t start = out->n;
    int rc = pg->oldest_first
                 ? store_posts_row_list(db, "posts_list_thread_down",
                                        "SELECT " STORE_POSTS_COLS FROM THREAD "AND ($2::bigint = 0 OR p.create_at > $2::bigint OR "
                                        "($3 <> '' AND p.create_at = $2::bigint AND p.id > $3)) "
                                        "ORDER BY p.create_at, p.id LIMIT $4::bigint",
                                        4, p, out)
                 : store_posts_row_list(db, "posts_list_thread_up",
                                        "SELECT " STORE_POSTS_COLS FROM THREAD "AND ($2::bigint = 0 OR p.create_at < $2::bigint OR "
                                        "($3 <> '' AND p.create_at = $2::bigint AND p.id < $3))" NEWEST "LIMIT $4::bigint",
                                        4, p, out);
    *more = pg->limit > 0 && (int64_t)(out->n - start) > pg->limit;
    if (*more)
        model_post_dispose(&out->items[--out->n]);
    out->n_order = out->n;
    return rc;
}

int store_posts_list_pinned(PGconn *db, const char *channel_id, model_post_list_t *out)
{
    const char *p[] = {channel_id};
    memset(out, 0, sizeof(*out));
    int rc = store_posts_row_list(
        db, "posts_list_pinned", "SELECT " STORE_POSTS_COLS FROM "AND p.channel_id = $1 AND p.is_pinned AND p.delete_at = 0" NEWEST,
        1, p, out);
    out->n_order = out->n;
    return rc;
}

int store_posts_list_flagged(PGconn *db, const char *user_id, const char *team_id, const char *channel_id, int64_t offset,
                             int64_t limit, model_post_list_t *out)
{
    char off[24], lim[24];
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {user_id, team_id, channel_id, off, lim};
    memset(out, 0, sizeof(*out));
    int rc = store_posts_row_list(db, "posts_list_flagged",
                                  "SELECT " STORE_POSTS_COLS FROM
                                  "AND p.id IN (SELECT name FROM preferences WHERE user_id = $1 AND category = 'flagged_post') "
                                  "AND p.delete_at = 0 AND ($3 = '' OR p.channel_id = $3) AND ($2 = '' OR p.channel_id IN "
                                  "(SELECT id FROM channels WHERE team_id = $2 OR team_id = '')) " NEWEST
                                  "OFFSET $4::bigint LIMIT $5::bigint",
                                  5, p, out);
    out->n_order = out->n;
    return rc;
}
