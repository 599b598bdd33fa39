/* The channel members a new post may mention (store/posts_mentions.h). */
#include "store/posts_mentions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "store/db.h"

static const char SQL[] =
    "SELECT u.id, u.username, u.first_name, coalesce(u.notify_props->>'mention_keys', ''), "
    "coalesce(u.notify_props->>'first_name', '') = 'true', coalesce(u.notify_props->>'channel', 'true') <> 'false', "
    "coalesce(cm.notify_props->>'ignore_channel_mentions', 'default') = 'on' OR "
    "(coalesce(cm.notify_props->>'ignore_channel_mentions', 'default') = 'default' AND "
    "coalesce(u.notify_props->>'channel', 'true') = 'false'), coalesce(s.status, 'offline') = 'online' "
    "FROM channel_members cm JOIN users u ON u.id = cm.user_id LEFT JOIN status s ON s.user_id = u.id "
    "WHERE cm.channel_id = $1 AND u.delete_at = 0 AND ($2::boolean OR u.username = ANY($3::text[]) "
    "OR coalesce(u.notify_props->>'mention_keys', '') <> '' OR u.notify_props->>'first_name' = 'true')";

static void cp(char *dst, size_t n, const PGresult *res, int row, int col)
{
    snprintf(dst, n, "%s", PQgetvalue(res, row, col));
}

static void read_member(const PGresult *res, int i, void *item)
{
    store_posts_mention_member_t *m = item;
    cp(m->user_id, sizeof(m->user_id), res, i, 0);
    cp(m->username, sizeof(m->username), res, i, 1);
    cp(m->first_name, sizeof(m->first_name), res, i, 2);
    cp(m->mention_keys, sizeof(m->mention_keys), res, i, 3);
    m->first_name_on = PQgetvalue(res, i, 4)[0] == 't';
    m->channel_on = PQgetvalue(res, i, 5)[0] == 't';
    m->ignore_channel = PQgetvalue(res, i, 6)[0] == 't';
    m->online = PQgetvalue(res, i, 7)[0] == 't';
}

/* A text[] literal of usernames ([a-z0-9._-]: nothing to quote, anything else dropped). */
static char *names_array(const char *const *names, size_t n)
{
    pl_buf_t b;
    pl_buf_init(&b, 1 << 20);
    pl_buf_puts(&b, "{");
    for (size_t i = 0; i < n; i++) {
        if (i)
            pl_buf_puts(&b, ",");
        pl_buf_puts(&b, "\"");
        for (const char *c = names[i]; *c; c++)
            if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-')
                pl_buf_append(&b, c, 1);
        pl_buf_puts(&b, "\"");
    }
    pl_buf_puts(&b, "}");
    char *txt = pl_buf_steal(&b, NULL);
    return txt;
}

int store_posts_mention_members(PGconn *db, const char *channel_id, bool all, const char *const *usernames, size_t n,
                                store_posts_mention_member_t **out, size_t *nout)
{
    char *arr = names_array(usernames, n);
    if (arr == NULL)
        return STORE_EINTERNAL;
    const char *p[] = {channel_id, all ? "t" : "f", arr};
    PGresult *res = NULL;
    int rc = store_db_exec_prepared(db, "posts_mention_members", SQL, 3, p, &res);
    free(arr);
    if (rc != STORE_OK)
        return rc;
    rc = store_db_rows_read(res, sizeof(**out), read_member, (void **)out, nout);
    PQclear(res);
    return rc;
}
