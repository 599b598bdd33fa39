#include "store/sidebar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "parley/id.h"
#include "store/db.h"
#include "store/invalidate.h"

#define CAT_COLS "k.id, k.user_id, k.team_id, k.sort_order, k.sorting, k.type, k.display_name, k.muted, k.collapsed"

static void copy_col(const PGresult *res, int row, int col, char *dst, size_t n)
{
    snprintf(dst, n, "%s", PQgetvalue(res, row, col));
}

static void read_category(const PGresult *res, int row, void *item)
{
    model_sidebar_category_t *c = item;
    memset(c, 0, sizeof(*c));
    copy_col(res, row, 0, c->id, sizeof(c->id));
    copy_col(res, row, 1, c->user_id, sizeof(c->user_id));
    copy_col(res, row, 2, c->team_id, sizeof(c->team_id));
    c->sort_order = strtoll(PQgetvalue(res, row, 3), NULL, 10);
    copy_col(res, row, 4, c->sorting, sizeof(c->sorting));
    copy_col(res, row, 5, c->type, sizeof(c->type));
    copy_col(res, row, 6, c->display_name, sizeof(c->display_name));
    c->muted = PQgetvalue(res, row, 7)[0] == 't';
    c->collapsed = PQgetvalue(res, row, 8)[0] == 't';
}

/* "{a,b,...}" of n strings at base + i * stride (ids: no quoting needed). Caller frees. */
static char *text_array(const char *base, size_t stride, size_t n)
{
    pl_buf_t b;
    pl_buf_init(&b, (size_t)1 << 24);
    pl_buf_puts(&b, "{");
    for (size_t i = 0; i < n; i++) {
        if (i)
            pl_buf_puts(&b, ",");
        pl_buf_appendf(&b, "\"%s\"", base + i * stride);
    }
    pl_buf_puts(&b, "}");
    char *s = pl_buf_steal(&b, NULL);
    if (s == NULL)
        abort();
    return s;
}

static model_sidebar_category_t *find(model_sidebar_category_list_t *l, const char *id)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].id, id) == 0)
            return &l->items[i];
    return NULL;
}

/* sidebar_channels rows of the listed categories, in their manual order. */
static int fill_channels(PGconn *db, const char *where, const char *const *p, int np, model_sidebar_category_list_t *l)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT sc.category_id, sc.channel_id FROM sidebar_channels sc JOIN sidebar_categories k ON k.id = sc.category_id "
             "WHERE %s ORDER BY sc.category_id, sc.sort_order, sc.channel_id",
             where);
    PGresult *res = NULL;
    int rc = store_db_exec(db, sql, np, p, &res);
    for (int i = 0; rc == STORE_OK && i < PQntuples(res); i++) {
        model_sidebar_category_t *c = find(l, PQgetvalue(res, i, 0));
        if (c && model_sidebar_category_add_channel(c, PQgetvalue(res, i, 1)) < 0)
            rc = STORE_EINTERNAL;
    }
    PQclear(res);
    return rc;
}

/* The user's channels no category of the team holds go first into channels (O/P) and direct_messages (D/G). */
static int populate(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_list_t *l)
{
    const char *p[] = {user_id, team_id};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "SELECT ch.id, ch.type IN ('D', 'G') FROM channel_members m JOIN channels ch ON ch.id = m.channel_id "
                           "WHERE m.user_id = $1 AND ch.delete_at = 0 AND (ch.type IN ('D', 'G') OR ch.team_id = $2) "
                           "AND NOT EXISTS (SELECT 1 FROM sidebar_channels sc JOIN sidebar_categories k ON k.id = sc.category_id "
                           "WHERE sc.channel_id = m.channel_id AND k.user_id = $1 AND k.team_id = $2) "
                           "ORDER BY ch.display_name, ch.id",
                           2, p, &res);
    int rows = rc == STORE_OK ? PQntuples(res) : 0;
    model_sidebar_channel_id_t *ids = calloc((size_t)rows + 1, sizeof(*ids));
    if (ids == NULL)
        abort();
    for (int pass = 0; rc == STORE_OK && pass < 2; pass++) {
        size_t n = 0;
        for (int i = 0; i < rows; i++)
            if ((PQgetvalue(res, i, 1)[0] == 't') == (pass == 1))
                snprintf(ids[n++], sizeof(ids[0]), "%s", PQgetvalue(res, i, 0));
        const char *type = pass == 1 ? MODEL_SIDEBAR_DIRECT_MESSAGES : MODEL_SIDEBAR_CHANNELS;
        for (size_t k = 0; k < l->n; k++)
            if (strcmp(l->items[k].type, type) == 0 && model_sidebar_category_prepend(&l->items[k], ids, n) < 0)
                rc = STORE_EINTERNAL;
    }
    free(ids);
    PQclear(res);
    return rc;
}

int store_sidebar_team_member(PGconn *db, const char *user_id, const char *team_id, bool *member)
{
    const char *p[] = {user_id, team_id};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "SELECT 1 FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE tm.user_id = $1 AND "
                           "tm.team_id = $2 AND tm.delete_at = 0 AND t.delete_at = 0",
                           2, p, &res);
    *member = rc == STORE_OK && PQntuples(res) > 0;
    PQclear(res);
    return rc;
}

static int get_list(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_list_t *out)
{
    const char *p[] = {user_id, team_id};
    int rc = store_db_get_list(db,
                               "SELECT " CAT_COLS " FROM sidebar_categories k JOIN teams t ON t.id = k.team_id AND t.delete_at = 0 "
                               "JOIN team_members tm ON tm.team_id = k.team_id AND tm.user_id = $1 AND tm.delete_at = 0 "
                               "WHERE k.user_id = $1 AND k.team_id = $2 ORDER BY k.sort_order, k.id",
                               2, p, sizeof(*out->items), read_category, (void **)&out->items, &out->n);
    if (rc == STORE_OK)
        rc = fill_channels(db, "k.user_id = $1 AND k.team_id = $2", p, 2, out);
    if (rc == STORE_OK)
        rc = populate(db, user_id, team_id, out);
    if (rc != STORE_OK)
        model_sidebar_category_list_dispose(out);
    return rc;
}

int store_sidebar_get_team(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_list_t *out)
{
    memset(out, 0, sizeof(*out));
    return get_list(db, user_id, team_id, out);
}

int store_sidebar_get(PGconn *db, const char *category_id, model_sidebar_category_t *out)
{
    model_sidebar_category_list_t l = {.items = out, .n = 1};
    const char *p[] = {category_id};
    memset(out, 0, sizeof(*out));
    int rc = store_db_get_one(db, "SELECT " CAT_COLS " FROM sidebar_categories k WHERE k.id = $1", 1, p, read_category, out);
    if (rc == STORE_OK)
        rc = fill_channels(db, "k.id = $1", p, 1, &l);
    if (rc == STORE_OK)
        rc = populate(db, out->user_id, out->team_id, &l);
    if (rc != STORE_OK)
        model_sidebar_category_dispose(out);
    return rc;
}

int store_sidebar_get_order(PGconn *db, const char *user_id, const char *team_id, store_sidebar_id_t **ids, size_t *n)
{
    const char *p[] = {user_id, team_id};
    PGresult *res = NULL;
    int rc = store_db_exec(db, "SELECT id FROM sidebar_categories WHERE user_id = $1 AND team_id = $2 ORDER BY sort_order, id", 2,
                           p, &res);
    int rows = rc == STORE_OK ? PQntuples(res) : 0;
    *ids = calloc((size_t)rows + 1, sizeof(**ids));
    if (*ids == NULL)
        abort();
    for (int i = 0; i < rows; i++)
        snprintf((*ids)[i], sizeof((*ids)[i]), "%s", PQgetvalue(res, i, 0));
    *n = (size_t)rows;
    PQclear(res);
    return rc;
}

static int finish(PGconn *db, int rc)
{
    if (rc == STORE_OK)
        return store_db_commit(db);
    store_db_rollback(db);
    return rc;
}

int store_sidebar_create_defaults(PGconn *db, const char *user_id, const char *team_id)
{
    char fav[MODEL_SIDEBAR_ID_MAX + 1], chan[MODEL_SIDEBAR_ID_MAX + 1], dm[MODEL_SIDEBAR_ID_MAX + 1];
    model_sidebar_default_id(MODEL_SIDEBAR_FAVORITES, user_id, team_id, fav, sizeof(fav));
    model_sidebar_default_id(MODEL_SIDEBAR_CHANNELS, user_id, team_id, chan, sizeof(chan));
    model_sidebar_default_id(MODEL_SIDEBAR_DIRECT_MESSAGES, user_id, team_id, dm, sizeof(dm));
    const char *pf[] = {user_id, team_id, fav}, *pc[] = {user_id, team_id, chan, dm};
    int rc = store_db_begin(db);
    store_invalidate_member(user_id);
    if (rc == STORE_OK)
        rc = store_db_exec(
            db,
            "WITH ins AS (INSERT INTO sidebar_categories (id, user_id, team_id, sort_order, sorting, type, display_name) "
            "VALUES ($3, $1, $2, 0, '', 'favorites', 'Favorites') ON CONFLICT (id) DO NOTHING RETURNING id) "
            "INSERT INTO sidebar_channels (channel_id, user_id, category_id, sort_order) "
            "SELECT ch.id, $1, ins.id, (row_number() OVER (ORDER BY ch.display_name, ch.name) - 1) * 10 "
            "FROM ins, preferences p JOIN channels ch ON ch.id = p.name "
            "JOIN channel_members m ON m.channel_id = ch.id AND m.user_id = p.user_id "
            "WHERE p.user_id = $1 AND p.category = 'favorite_channel' AND p.value = 'true' AND (ch.team_id = $2 OR ch.team_id = "
            "'') "
            "ON CONFLICT DO NOTHING",
            3, pf, NULL);
    if (rc == STORE_OK)
        rc = store_db_exec(db,
                           "INSERT INTO sidebar_categories (id, user_id, team_id, sort_order, sorting, type, display_name) VALUES "
                           "($3, $1, $2, 10, '', 'channels', 'Channels'), ($4, $1, $2, 20, 'recent', 'direct_messages', "
                           "'Direct Messages') ON CONFLICT (id) DO NOTHING",
                           4, pc, NULL);
    return finish(db, rc);
}

/* Category sort orders 0, 10, 20, ... in the order of the ids array literal. */
static int renumber(PGconn *db, const char *ids_array)
{
    const char *p[] = {ids_array};
    return store_db_exec(db,
                         "UPDATE sidebar_categories k SET sort_order = (u.o - 1) * 10 FROM unnest($1::text[]) WITH ORDINALITY "
                         "AS u(x, o) WHERE k.id = u.x",
                         1, p, NULL);
}

/* Channels (ids array literal) into category_id with sort orders 0, 10, ... */
static int insert_channels(PGconn *db, const char *user_id, const char *category_id, const char *ids_array)
{
    const char *p[] = {user_id, category_id, ids_array};
    return store_db_exec(db,
                         "INSERT INTO sidebar_channels (channel_id, user_id, category_id, sort_order) SELECT u.x, $1, $2, "
                         "(u.o - 1) * 10 FROM unnest($3::text[]) WITH ORDINALITY AS u(x, o) ON CONFLICT (channel_id, user_id, "
                         "category_id) DO UPDATE SET sort_order = excluded.sort_order",
                         3, p, NULL);
}

static int create_in_tx(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_t *c)
{
    model_sidebar_category_list_t l = {0};
    int rc = get_list(db, user_id, team_id, &l);
    if (rc == STORE_OK && l.n == 0) {
        model_sidebar_category_list_dispose(&l);
        rc = STORE_ENOTFOUND;
    }
    if (rc != STORE_OK)
        return rc;
    bool after_favorites = strcmp(l.items[0].type, MODEL_SIDEBAR_FAVORITES) == 0;
    store_sidebar_id_t *order = calloc(l.n + 1, sizeof(*order));
    if (order == NULL)
        abort();
    pl_id_new(c->id);
    for (size_t i = 0, j = 0; i <= l.n; i++) {
        if (i == (after_favorites ? 1u : 0u))
            snprintf(order[i], sizeof(order[i]), "%s", c->id);
        else
            snprintf(order[i], sizeof(order[i]), "%s", l.items[j++].id);
    }
    char end[24], muted[2] = {c->muted ? 't' : 'f', 0};
    snprintf(end, sizeof(end), "%zu", (l.n + 1) * MODEL_SIDEBAR_SORT_DISTANCE);
    const char *p[] = {c->id, user_id, team_id, end, c->sorting, c->display_name, muted};
    rc = store_db_exec(db,
                       "INSERT INTO sidebar_categories (id, user_id, team_id, sort_order, sorting, type, display_name, muted, "
                       "collapsed) VALUES ($1, $2, $3, $4::bigint, $5, 'custom', $6, $7::boolean, false)",
                       7, p, NULL);
    char *chans = text_array(c->channels ? c->channels[0] : "", sizeof(*c->channels), c->nchannels);
    const char *pd[] = {user_id, chans, team_id};
    if (rc == STORE_OK && c->nchannels)
        rc = store_db_exec(db,
                           "DELETE FROM sidebar_channels sc USING sidebar_categories k WHERE sc.category_id = k.id AND "
                           "sc.user_id = $1 AND sc.channel_id = ANY($2::text[]) AND k.team_id = $3",
                           3, pd, NULL);
    if (rc == STORE_OK && c->nchannels)
        rc = insert_channels(db, user_id, c->id, chans);
    char *ord = text_array(order[0], sizeof(*order), l.n + 1);
    if (rc == STORE_OK)
        rc = renumber(db, ord);
    free(ord);
    free(chans);
    free(order);
    snprintf(c->user_id, sizeof(c->user_id), "%s", user_id);
    snprintf(c->team_id, sizeof(c->team_id), "%s", team_id);
    snprintf(c->type, sizeof(c->type), "%s", MODEL_SIDEBAR_CUSTOM);
    c->collapsed = false;
    c->sort_order = after_favorites ? MODEL_SIDEBAR_SORT_DISTANCE : 0;
    model_sidebar_category_list_dispose(&l);
    return rc;
}

int store_sidebar_create(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_t *c)
{
    int rc = store_db_begin(db);
    store_invalidate_member(user_id);
    if (rc == STORE_OK)
        rc = create_in_tx(db, user_id, team_id, c);
    return finish(db, rc);
}

/* The category as Mattermost writes it: read-only fields from src, display name only for custom ones,
 * channels and muted only for categories other than direct_messages. */
static int dest_of(const model_sidebar_category_t *req, const model_sidebar_category_t *src, model_sidebar_category_t *d)
{
    *d = *req;
    d->channels = NULL;
    d->nchannels = 0;
    snprintf(d->user_id, sizeof(d->user_id), "%s", src->user_id);
    snprintf(d->team_id, sizeof(d->team_id), "%s", src->team_id);
    snprintf(d->type, sizeof(d->type), "%s", src->type);
    d->sort_order = src->sort_order;
    d->muted = src->muted;
    if (strcmp(src->type, MODEL_SIDEBAR_CUSTOM) != 0)
        snprintf(d->display_name, sizeof(d->display_name), "%s", src->display_name);
    if (strcmp(src->type, MODEL_SIDEBAR_DIRECT_MESSAGES) == 0)
        return 0;
    d->muted = req->muted;
    return req->nchannels ? model_sidebar_category_prepend(d, req->channels, req->nchannels) : 0;
}

static int write_category(PGconn *db, const model_sidebar_category_t *d)
{
    const char *p[] = {d->id, d->display_name, d->sorting, d->muted ? "t" : "f", d->collapsed ? "t" : "f"};
    return store_db_exec(db,
                         "UPDATE sidebar_categories SET display_name = $2, sorting = $3, muted = $4::boolean, collapsed = "
                         "$5::boolean WHERE id = $1",
                         5, p, NULL);
}

/* Keep the favorite_channel preferences in step with the favorites category (as Mattermost does). */
static int sync_favorites(PGconn *db, const char *user_id, const model_sidebar_category_t *d, const model_sidebar_category_t *src)
{
    bool fav = strcmp(d->type, MODEL_SIDEBAR_FAVORITES) == 0;
    const model_sidebar_category_t *gone = fav ? src : d;
    char *a = text_array(gone->channels ? gone->channels[0] : "", sizeof(*gone->channels), gone->nchannels);
    const char *p[] = {user_id, a};
    int rc = store_db_exec(
        db, "DELETE FROM preferences WHERE user_id = $1 AND category = 'favorite_channel' AND name = ANY($2::text[])", 2, p, NULL);
    free(a);
    if (rc != STORE_OK || !fav || d->nchannels == 0)
        return rc;
    a = text_array(d->channels[0], sizeof(*d->channels), d->nchannels);
    p[1] = a;
    rc = store_db_exec(db,
                       "INSERT INTO preferences (user_id, category, name, value) SELECT $1, 'favorite_channel', x, 'true' FROM "
                       "unnest($2::text[]) AS x ON CONFLICT (user_id, category, name) DO UPDATE SET value = 'true'",
                       2, p, NULL);
    free(a);
    return rc;
}

static int update_in_tx(PGconn *db, const char *user_id, const char *team_id, const model_sidebar_category_list_t *req,
                        model_sidebar_category_list_t *up, model_sidebar_category_list_t *orig)
{
    int rc = STORE_OK;
    for (size_t i = 0; rc == STORE_OK && i < req->n; i++) {
        rc = store_sidebar_get(db, req->items[i].id, &orig->items[i]);
        if (rc == STORE_OK)
            orig->n = up->n = i + 1;
        if (rc == STORE_OK)
            rc = dest_of(&req->items[i], &orig->items[i], &up->items[i]) < 0 ? STORE_EINTERNAL : STORE_OK;
    }
    if (rc == STORE_ENOTFOUND)
        rc = STORE_EINTERNAL; /* Mattermost: "failed to find SidebarCategories", a 500 */
    for (size_t i = 0; rc == STORE_OK && i < up->n; i++)
        rc = write_category(db, &up->items[i]);
    char *ids = rc == STORE_OK ? text_array(up->items[0].id, sizeof(up->items[0]), up->n) : NULL;
    const char *p[] = {ids};
    if (rc == STORE_OK)
        rc = store_db_exec(db, "DELETE FROM sidebar_channels WHERE category_id = ANY($1::text[])", 1, p, NULL);
    free(ids);
    for (size_t i = 0; rc == STORE_OK && i < up->n; i++) {
        const model_sidebar_category_t *d = &up->items[i];
        if (strcmp(d->type, MODEL_SIDEBAR_DIRECT_MESSAGES) == 0 || d->nchannels == 0)
            continue;
        char *a = text_array(d->channels[0], sizeof(*d->channels), d->nchannels);
        rc = insert_channels(db, user_id, d->id, a);
        free(a);
    }
    for (size_t i = 0; rc == STORE_OK && i < up->n; i++)
        rc = sync_favorites(db, user_id, &up->items[i], &orig->items[i]);
    if (rc == STORE_OK)
        rc = populate(db, user_id, team_id, up);
    return rc;
}

int store_sidebar_update(PGconn *db, const char *user_id, const char *team_id, const model_sidebar_category_list_t *req,
                         model_sidebar_category_list_t *updated, model_sidebar_category_list_t *original)
{
    memset(updated, 0, sizeof(*updated));
    memset(original, 0, sizeof(*original));
    if (req->n == 0)
        return STORE_OK;
    updated->items = calloc(req->n, sizeof(*updated->items));
    original->items = calloc(req->n, sizeof(*original->items));
    if (updated->items == NULL || original->items == NULL)
        abort();
    int rc = store_db_begin(db);
    store_invalidate_member(user_id);
    if (rc == STORE_OK)
        rc = finish(db, update_in_tx(db, user_id, team_id, req, updated, original));
    if (rc != STORE_OK) {
        model_sidebar_category_list_dispose(updated);
        model_sidebar_category_list_dispose(original);
    }
    return rc;
}

static int set_order_in_tx(PGconn *db, const char *user_id, const char *team_id, const store_sidebar_id_t *ids, size_t n,
                           bool *size_mismatch)
{
    store_sidebar_id_t *have = NULL;
    size_t nhave = 0;
    int rc = store_sidebar_get_order(db, user_id, team_id, &have, &nhave);
    if (rc == STORE_OK && nhave != n) {
        *size_mismatch = true;
        rc = STORE_EINVAL;
    }
    for (size_t i = 0; rc == STORE_OK && i < nhave; i++) {
        bool found = false;
        for (size_t j = 0; j < n && !found; j++)
            found = strcmp(have[i], ids[j]) == 0;
        if (!found)
            rc = STORE_EINVAL;
    }
    free(have);
    if (rc != STORE_OK || n == 0)
        return rc;
    char *a = text_array(ids[0], sizeof(*ids), n);
    rc = renumber(db, a);
    free(a);
    return rc;
}

int store_sidebar_set_order(PGconn *db, const char *user_id, const char *team_id, const store_sidebar_id_t *ids, size_t n,
                            bool *size_mismatch)
{
    *size_mismatch = false;
    int rc = store_db_begin(db);
    store_invalidate_member(user_id);
    if (rc == STORE_OK)
        rc = finish(db, set_order_in_tx(db, user_id, team_id, ids, n, size_mismatch));
    return rc;
}

int store_sidebar_delete(PGconn *db, const char *category_id)
{
    const char *p[] = {category_id};
    PGresult *res = NULL;
    int rc = store_db_begin(db);
    if (rc == STORE_OK)
        rc = store_db_exec(db, "SELECT type, user_id FROM sidebar_categories WHERE id = $1 FOR UPDATE", 1, p, &res);
    if (rc == STORE_OK && PQntuples(res) == 0)
        rc = STORE_ENOTFOUND;
    else if (rc == STORE_OK && strcmp(PQgetvalue(res, 0, 0), MODEL_SIDEBAR_CUSTOM) != 0)
        rc = STORE_EINVAL;
    if (rc == STORE_OK)
        store_invalidate_member(PQgetvalue(res, 0, 1));
    PQclear(res);
    if (rc == STORE_OK)
        rc = store_db_exec(db, "DELETE FROM sidebar_categories WHERE id = $1", 1, p, NULL);
    if (rc == STORE_OK)
        rc = store_db_exec(db, "DELETE FROM sidebar_channels WHERE category_id = $1", 1, p, NULL);
    return finish(db, rc);
}

int store_sidebar_remove_channel(PGconn *db, const char *user_id, const char *channel_id)
{
    const char *p[] = {user_id, channel_id};
    int rc = store_db_exec(db, "DELETE FROM sidebar_channels WHERE user_id = $1 AND channel_id = $2", 2, p, NULL);
    store_invalidate_member(user_id);
    return rc;
}

int store_sidebar_clear_team(PGconn *db, const char *user_id, const char *team_id)
{
    const char *p[] = {user_id, team_id};
    int rc = store_db_exec(db, "DELETE FROM sidebar_categories WHERE user_id = $1 AND team_id = $2", 2, p, NULL);
    store_invalidate_member(user_id);
    return rc;
}

int store_sidebar_user_channels(PGconn *db, const char *user_id, const char *team_id, const model_sidebar_channel_id_t *ids,
                                size_t n, bool *keep)
{
    memset(keep, 0, n * sizeof(*keep));
    if (n == 0)
        return STORE_OK;
    char *a = text_array(ids[0], sizeof(*ids), n);
    const char *p[] = {user_id, team_id, a};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "SELECT ch.id FROM channels ch JOIN channel_members m ON m.channel_id = ch.id AND m.user_id = $1 "
                           "WHERE ch.id = ANY($3::text[]) AND (ch.team_id = $2 OR ch.team_id = '')",
                           3, p, &res);
    for (int r = 0; rc == STORE_OK && r < PQntuples(res); r++)
        for (size_t i = 0; i < n; i++)
            if (strcmp(ids[i], PQgetvalue(res, r, 0)) == 0)
                keep[i] = true;
    PQclear(res);
    free(a);
    return rc;
}
