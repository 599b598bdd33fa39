#include "app/sidebar_update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/sidebar.h"
#include "store/sidebar_mute.h"
#include "ws/publish.h"

#define SIDEBAR_ERR "app.channel.sidebar_categories.app_error"

static void publish(const char *event, json_t *data, const char *user_id, const char *team_id)
{
    ws_broadcast_t bc = {.user_id = user_id, .team_id = team_id};
    ws_publish(event, data, &bc);
}

/* Drop the channel ids that are not the user's (validateSidebarCategoryChannels). */
static int validate(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_t *c, app_error_t *e)
{
    if (c->nchannels == 0)
        return 0;
    bool *keep = calloc(c->nchannels, sizeof(*keep));
    if (keep == NULL)
        abort();
    int rc = store_sidebar_user_channels(db, user_id, team_id, c->channels, c->nchannels, keep);
    size_t n = 0;
    for (size_t i = 0; rc == STORE_OK && i < c->nchannels; i++)
        if (keep[i])
            memmove(c->channels[n++], c->channels[i], sizeof(c->channels[0]));
    free(keep);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc == STORE_ENOTFOUND ? STORE_EINTERNAL : rc, SIDEBAR_ERR, 0);
    c->nchannels = n;
    return 0;
}

int app_sidebar_update_create(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_t *c, json_t **out,
                              app_error_t *e)
{
    if (strcmp(c->user_id, user_id) != 0 || strcmp(c->team_id, team_id) != 0)
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "category");
    if (validate(db, user_id, team_id, c, e) < 0)
        return -1;
    int rc = store_sidebar_create(db, user_id, team_id, c);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc == STORE_ENOTFOUND ? rc : (rc == STORE_EUNAVAIL ? rc : STORE_EINTERNAL), SIDEBAR_ERR, 0);
    publish(APP_SIDEBAR_EVENT_CREATED, json_pack("{s:s}", "category_id", c->id), user_id, team_id);
    *out = model_sidebar_category_to_json(c);
    return 0;
}

static const model_sidebar_category_t *category_of(const model_sidebar_category_list_t *l, const char *channel_id)
{
    const model_sidebar_category_t *found = NULL;
    for (size_t i = 0; i < l->n; i++)
        if (model_sidebar_category_has(&l->items[i], channel_id))
            found = &l->items[i];
    return found;
}

static const model_sidebar_category_t *by_id(const model_sidebar_category_list_t *l, const char *id)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].id, id) == 0)
            return &l->items[i];
    return NULL;
}

static void add_all(model_sidebar_category_t *bag, const model_sidebar_category_t *c)
{
    for (size_t i = 0; i < c->nchannels; i++)
        model_sidebar_category_add_channel(bag, c->channels[i]);
}

/* muteChannelsForUpdatedCategories: which channels to mute and unmute. */
static void mute_sets(const model_sidebar_category_list_t *up, const model_sidebar_category_list_t *orig,
                      model_sidebar_category_t *mute, model_sidebar_category_t *unmute)
{
    for (size_t i = 0; i < up->n && i < orig->n; i++) {
        if (up->items[i].muted && !orig->items[i].muted)
            add_all(mute, &up->items[i]);
        else if (!up->items[i].muted && orig->items[i].muted)
            add_all(unmute, &up->items[i]);
    }
    for (size_t i = 0; i < orig->n; i++) {
        for (size_t k = 0; k < orig->items[i].nchannels; k++) {
            const char *ch = orig->items[i].channels[k];
            const model_sidebar_category_t *from = category_of(orig, ch), *to = category_of(up, ch);
            if (from != &orig->items[i] || to == NULL || strcmp(from->id, to->id) == 0)
                continue;
            const model_sidebar_category_t *from_up = by_id(orig, from->id), *to_up = by_id(up, to->id);
            if (to_up->muted && !from_up->muted)
                model_sidebar_category_add_channel(mute, ch);
            else if (!to_up->muted && from_up->muted)
                model_sidebar_category_add_channel(unmute, ch);
        }
    }
}

static void set_muted(PGconn *db, const char *user_id, const model_sidebar_category_t *bag, bool muted)
{
    model_channel_member_list_t members = {0};
    if (bag->nchannels == 0 || store_sidebar_mute_set(db, user_id, bag->channels, bag->nchannels, muted, &members) != STORE_OK)
        return;
    for (size_t i = 0; i < members.n; i++) {
        json_t *m = model_channel_member_to_json(&members.items[i]);
        char *txt = json_dumps(m, JSON_COMPACT);
        json_decref(m);
        if (txt)
            publish(APP_SIDEBAR_EVENT_MEMBER_UPDATED, json_pack("{s:s}", "channelMember", txt), user_id, NULL);
        free(txt);
    }
    model_channel_member_list_dispose(&members);
}

static void mute_channels(PGconn *db, const char *user_id, const model_sidebar_category_list_t *up,
                          const model_sidebar_category_list_t *orig)
{
    model_sidebar_category_t mute = {0}, unmute = {0};
    mute_sets(up, orig, &mute, &unmute);
    set_muted(db, user_id, &mute, true);
    set_muted(db, user_id, &unmute, false);
    model_sidebar_category_dispose(&mute);
    model_sidebar_category_dispose(&unmute);
}

int app_sidebar_update_categories(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_list_t *req,
                                  bool single, json_t **out, app_error_t *e)
{
    model_sidebar_category_list_t up, orig;
    for (size_t i = 0; i < req->n; i++)
        if (validate(db, user_id, team_id, &req->items[i], e) < 0)
            return -1;
    int rc = store_sidebar_update(db, user_id, team_id, req, &up, &orig);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc == STORE_EUNAVAIL ? rc : STORE_EINTERNAL, SIDEBAR_ERR, 0);
    json_t *arr = model_sidebar_category_list_to_json(&up);
    char *txt = json_dumps(arr, JSON_COMPACT);
    if (txt)
        publish(APP_SIDEBAR_EVENT_UPDATED, json_pack("{s:s}", "updatedCategories", txt), user_id, team_id);
    free(txt);
    mute_channels(db, user_id, &up, &orig);
    if (single) {
        *out = json_incref(json_array_get(arr, 0));
        json_decref(arr);
    } else {
        *out = arr;
    }
    model_sidebar_category_list_dispose(&up);
    model_sidebar_category_list_dispose(&orig);
    return 0;
}

int app_sidebar_update_order(PGconn *db, const char *user_id, const char *team_id, const json_t *ids, json_t **out, app_error_t *e)
{
    size_t n = json_array_size(ids), i;
    const json_t *v;
    store_sidebar_id_t *order = calloc(n + 1, sizeof(*order));
    if (order == NULL)
        abort();
    json_array_foreach(ids, i, v) snprintf(order[i], sizeof(order[i]), "%s", json_string_value(v));
    bool size_mismatch = false;
    int rc = store_sidebar_set_order(db, user_id, team_id, order, n, &size_mismatch);
    free(order);
    if (rc == STORE_EINVAL && size_mismatch)
        return app_error_set(e, 500, SIDEBAR_ERR,
                             "cannot update category order, passed list of categories different size than in DB");
    if (rc != STORE_OK)
        return app_error_from_store(e, rc == STORE_ENOTFOUND ? STORE_EINTERNAL : rc, SIDEBAR_ERR, 0);
    publish(APP_SIDEBAR_EVENT_ORDER_UPDATED, json_pack("{s:O}", "order", ids), user_id, team_id);
    *out = json_deep_copy(ids);
    return 0;
}

int app_sidebar_update_delete(PGconn *db, const char *user_id, const char *team_id, const char *category_id, app_error_t *e)
{
    int rc = store_sidebar_delete(db, category_id);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, SIDEBAR_ERR, 0);
    publish(APP_SIDEBAR_EVENT_DELETED, json_pack("{s:s}", "category_id", category_id), user_id, team_id);
    return 0;
}
