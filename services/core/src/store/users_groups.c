#include "store/users_groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "store/db.h"
#include "store/users_row.h"

int store_users_groups_get(PGconn *db, const char *user_id, const char *const *ids, size_t n, model_user_list_t *users,
                           store_users_groups_id_t **channels)
{
    pl_buf_t b;
    pl_buf_init(&b, (size_t)1 << 20);
    pl_buf_puts(&b, "{");
    for (size_t i = 0; i < n; i++)
        if (pl_id_valid(ids[i], strlen(ids[i])))
            pl_buf_appendf(&b, "%s\"%s\"", b.len > 1 ? "," : "", ids[i]);
    pl_buf_puts(&b, "}");
    const char *p[] = {user_id, b.data};
    PGresult *res = NULL;
    int rc =
        store_db_exec(db,
                      "SELECT " STORE_USERS_COLUMNS_U ", cm.channel_id FROM users u JOIN channel_members cm ON cm.user_id = u.id "
                      "JOIN channels c ON c.id = cm.channel_id WHERE c.type = 'G' AND cm.channel_id = ANY($2::text[]) "
                      "AND u.id <> $1 AND EXISTS (SELECT 1 FROM channel_members me WHERE me.channel_id = cm.channel_id AND "
                      "me.user_id = $1) ORDER BY u.username",
                      2, p, &res);
    pl_buf_dispose(&b);
    memset(users, 0, sizeof(*users));
    *channels = NULL;
    int rows = rc == STORE_OK ? PQntuples(res) : 0;
    users->items = calloc((size_t)rows + 1, sizeof(*users->items));
    *channels = calloc((size_t)rows + 1, sizeof(**channels));
    if (users->items == NULL || *channels == NULL)
        abort();
    for (int i = 0; i < rows; i++) {
        model_user_init(&users->items[i]);
        store_users_row_read_at(res, i, 0, &users->items[i]);
        snprintf((*channels)[i], sizeof((*channels)[i]), "%s", PQgetvalue(res, i, STORE_USERS_NCOLUMNS));
        users->n = (size_t)i + 1;
    }
    PQclear(res);
    return rc;
}
